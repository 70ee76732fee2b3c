package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/theodoi/theodoi/store/sqlite"
)

// BenchmarkCarryOverFloor measures the least the month-end carry-over of
// BenchmarkCarryOver (services) can cost on this schema: 1,000 committees
// of 100 unfinished tasks, carried by INSERT … SELECT and UPDATE statements
// that run wholly inside SQLite, one transaction per committee, with no
// application code, no binding of values and no mail. What it reports is
// the B-tree and log work the schema asks for, the part no change to the
// Go code can remove:
//
//   - copy: each task's copy in the next month, its two task_units rows
//     and its audit entry;
//   - copy+mark: and the old task and its task_units rows set
//     chuyen_ky_sau with a new version;
//   - copy+mark+history: and the old task's audit and progress entries,
//     which is everything the carry-over writes per task.
//
// Two more measure the schema a faster month end would need: "slim" drops
// the indexes that serve lists across all months (tasks_order, tasks_area,
// task_units_unit, audit_by_entity); "slim, one audit per month" also
// writes a single audit entry for the committee's month instead of one
// per copy. Neither marks the old tasks: their carried state would be
// read from the copies.
//
// Ids are sequential, as NewID's are, so that index inserts are local.
func BenchmarkCarryOverFloor(b *testing.B) {
	for _, v := range []floorVariant{
		{name: "copy", auditEach: true},
		{name: "copy+mark", auditEach: true, mark: true},
		{name: "copy+mark+history", auditEach: true, mark: true, history: true},
		{name: "slim copy", auditEach: true, slim: true},
		{name: "slim copy, one audit per month", slim: true},
	} {
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := seedFloor(b, v.slim)
				b.StartTimer()
				for c := range floorCommittees {
					if err := carryFloor(db, floorCommittee(c), v); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(floorCommittees*floorTasks)*float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
		})
	}
}

const floorCommittees, floorTasks = 1000, 100

// floorVariant says what a carry-over writes for each task.
type floorVariant struct {
	name      string
	auditEach bool // an audit entry per copy (else one per committee)
	mark      bool // the old task and its unit rows rewritten
	history   bool // the old task's audit and progress entries
	slim      bool // without the indexes for lists across months
}

// floorCommittee is the id of the c-th committee carried: a stride through
// the committees, so that consecutive ones are not neighbours in the
// indexes (the scheduler takes committees by name, not by id).
func floorCommittee(c int) string {
	return fmt.Sprintf("c%019d", c*7919%floorCommittees)
}

// seedFloor makes the schema through the store, then writes the month's
// tasks with their units and audit entries in plain SQL.
func seedFloor(b *testing.B, slim bool) *sql.DB {
	b.Helper()
	path := filepath.Join(b.TempDir(), "floor.db")
	st, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if slim {
		for _, ix := range []string{"tasks_order", "tasks_area", "task_units_unit", "audit_by_entity"} {
			if _, err := db.Exec("DROP INDEX " + ix); err != nil {
				b.Fatal(err)
			}
		}
	}
	for c := range floorCommittees {
		cid := fmt.Sprintf("c%019d", c)
		err := inTx(db, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`INSERT INTO committees (id, name, superior_body, issuer_code, place_name, time_zone, version, created_at, updated_at)
VALUES (?, ?, '', '', '', 'Asia/Ho_Chi_Minh', 1, 1, 1)`, cid, "Đảng ủy phường "+cid); err != nil {
				return err
			}
			return execAll(tx, cid, c,
				`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < `+fmt.Sprint(floorTasks)+`)
INSERT INTO tasks (`+floorTaskColumns+`)
SELECT printf('t%09d%010d', ?2, i), ?1, '2021-10', 'a' || substr(?1, 2), 'Tiếp tục triển khai nhiệm vụ số ' || i || ' của tháng, báo cáo kết quả về Ban Thường vụ',
    0, '', '', 0, 0, 'u' || (i % 3) || substr(?1, 3), 'u' || ((i + 1) % 3) || substr(?1, 3), '', '2021-10-31', 'dang_thuc_hien', 10,
    NULL, '', '', 0, 1, '', 1, '', 1, 'tiep tuc trien khai nhiem vu so ' || i, 1, 0, '2021-10-31'
FROM n`,
				floorUnits("2021-10", "lead", "lead_unit_id"),
				floorUnits("2021-10", "coordinating", "coordinating_unit_ids"),
				`INSERT INTO audit (id, committee_id, actor_id, at, entity, entity_id, action, before, after)
SELECT printf('a%09d%010d', 0, rid), committee_id, '', 1, 'task', id, 'create', NULL, '{}' FROM tasks WHERE committee_id = ?1`)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return db
}

const floorTaskColumns = `id, committee_id, period, area_id, text,
    has_source, source_resolution, source_section, source_area_index, source_item_index,
    lead_unit_id, coordinating_unit_ids, follow_up_unit_id, deadline, state, percent,
    accepted_at, accepted_by, carried_from_id, carry_count, version,
    created_by, created_at, updated_by, updated_at, search_key, area_position, accepted_late, deadline_sort`

// floorUnits writes the task_units rows of one role for a month's tasks.
func floorUnits(month, role, column string) string {
	return `INSERT INTO task_units (committee_id, task_rid, unit_id, task_id, role, period, area_id, area_position, deadline_sort, state, accepted_late, version)
SELECT committee_id, rid, ` + column + `, id, '` + role + `', period, area_id, area_position, deadline_sort, state, accepted_late, version
FROM tasks WHERE committee_id = ?1 AND period = '` + month + `'`
}

// carryFloor carries one committee's October into November.
func carryFloor(db *sql.DB, cid string, v floorVariant) error {
	return inTx(db, func(tx *sql.Tx) error {
		stmts := []string{
			`INSERT INTO tasks (` + floorTaskColumns + `)
SELECT printf('n%09d%010d', 1, rid), committee_id, '2021-11', area_id, text,
    has_source, source_resolution, source_section, source_area_index, source_item_index,
    lead_unit_id, coordinating_unit_ids, follow_up_unit_id, '2021-11-30', state, percent,
    accepted_at, accepted_by, id, carry_count + 1, 1, created_by, 2, updated_by, 2, search_key, area_position, accepted_late, '2021-11-30'
FROM tasks WHERE committee_id = ?1 AND period = '2021-10'`,
			floorUnits("2021-11", "lead", "lead_unit_id"),
			floorUnits("2021-11", "coordinating", "coordinating_unit_ids"),
		}
		if v.auditEach {
			stmts = append(stmts, `INSERT INTO audit (id, committee_id, actor_id, at, entity, entity_id, action, before, after)
SELECT printf('a%09d%010d', 1, rid), committee_id, '', 2, 'task', id, 'carry-over', NULL, '{}' FROM tasks WHERE committee_id = ?1 AND period = '2021-11'`)
		} else {
			stmts = append(stmts, `INSERT INTO audit (id, committee_id, actor_id, at, entity, entity_id, action, before, after)
SELECT printf('m%09d%010d', 1, min(rid)), ?1, '', 2, 'period', '2021-10', 'carry-over', NULL, json_group_array(id) FROM tasks WHERE committee_id = ?1 AND period = '2021-11'`)
		}
		if v.mark {
			stmts = append(stmts,
				`UPDATE tasks SET state = 'chuyen_ky_sau', version = version + 1, updated_at = 2 WHERE committee_id = ?1 AND period = '2021-10'`,
				`UPDATE task_units SET state = 'chuyen_ky_sau', version = version + 1 WHERE committee_id = ?1 AND period = '2021-10'`)
		}
		if v.history {
			stmts = append(stmts,
				`INSERT INTO audit (id, committee_id, actor_id, at, entity, entity_id, action, before, after)
SELECT printf('a%09d%010d', 2, rid), committee_id, '', 2, 'task', id, 'carry', '{}', '{}' FROM tasks WHERE committee_id = ?1 AND period = '2021-10'`,
				`INSERT INTO progress (id, committee_id, task_id, kind, unit_id, user_id, at, percent, from_state, to_state, note)
SELECT printf('p%09d%010d', 2, rid), committee_id, id, 'carry', '', '', 2, percent, 'dang_thuc_hien', 'chuyen_ky_sau', 'Chuyển sang tháng 11/2021'
FROM tasks WHERE committee_id = ?1 AND period = '2021-10'`)
		}
		return execAll(tx, cid, 0, stmts...)
	})
}

func execAll(tx *sql.Tx, cid string, n int, stmts ...string) error {
	for _, s := range stmts {
		if _, err := tx.Exec(s, cid, n); err != nil {
			return fmt.Errorf("%.60s…: %w", s, err)
		}
	}
	return nil
}

func inTx(db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
