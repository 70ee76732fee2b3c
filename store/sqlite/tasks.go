package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

type tasks struct{ s *Store }

const taskCols = `t.id, t.committee_id, t.period, t.area_id, t.text,
    t.has_source, t.source_resolution, t.source_section, t.source_area_index, t.source_item_index,
    t.lead_unit_id, t.coordinating_unit_ids, t.follow_up_unit_id, t.deadline, t.state, t.percent,
    t.accepted_at, t.accepted_by, t.carried_from_id, t.carry_count, t.version,
    t.created_by, t.created_at, t.updated_by, t.updated_at, t.search_key, t.area_position, t.accepted_late,
    t.condition, t.footnotes`

const insertTask = `INSERT INTO tasks (id, committee_id, period, area_id, text,
    has_source, source_resolution, source_section, source_area_index, source_item_index,
    lead_unit_id, coordinating_unit_ids, follow_up_unit_id, deadline, state, percent,
    accepted_at, accepted_by, carried_from_id, carry_count, version,
    created_by, created_at, updated_by, updated_at, search_key, area_position, accepted_late, deadline_sort,
    condition, footnotes)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// updateTask sets every column but the key; its arguments are taskArgs
// without id and committee, then id, committee and the expected version.
const updateTask = `UPDATE tasks SET period = ?, area_id = ?, text = ?,
    has_source = ?, source_resolution = ?, source_section = ?, source_area_index = ?, source_item_index = ?,
    lead_unit_id = ?, coordinating_unit_ids = ?, follow_up_unit_id = ?, deadline = ?, state = ?, percent = ?,
    accepted_at = ?, accepted_by = ?, carried_from_id = ?, carry_count = ?, version = ?,
    created_by = ?, created_at = ?, updated_by = ?, updated_at = ?, search_key = ?, area_position = ?, accepted_late = ?, deadline_sort = ?,
    condition = ?, footnotes = ?
WHERE id = ? AND committee_id = ? AND version = ?
RETURNING rid`

const insertTaskUnit = `INSERT OR IGNORE INTO task_units (committee_id, task_rid, unit_id, task_id, role,
    period, area_id, area_position, deadline_sort, state, accepted_late, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const insertProgress = `INSERT INTO progress (id, committee_id, task_id, kind, unit_id, user_id, at, percent, from_state, to_state, note)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func progressArgs(p models.Progress) []any {
	return []any{string(p.ID), string(p.CommitteeID), string(p.TaskID), string(p.Kind), string(p.UnitID), string(p.UserID), timeArg(p.At),
		p.Percent, string(p.FromState), string(p.ToState), p.Note}
}

// Writes of many rows use statements that take a group of rows each
// (multi-row VALUES lists): one statement per group rather than per row.
// A list is cut into groups of the sizes in rowGroups, largest first, so
// that each statement is prepared for a few sizes only.
var rowGroups = []int{64, 16, 4, 1}

// multiRow is a statement for each group size; width is the number of
// arguments of one row.
type multiRow struct {
	width  int
	bySize map[int]string
}

// newMultiRow makes the statements from sql, whose %s is where the VALUES
// rows go.
func newMultiRow(width int, sql string) multiRow {
	one := "(" + placeholders(width) + ")"
	m := multiRow{width: width, bySize: map[int]string{}}
	for _, n := range rowGroups {
		m.bySize[n] = fmt.Sprintf(sql, strings.TrimSuffix(strings.Repeat(one+", ", n), ", "))
	}
	return m
}

// valuesOf turns a single-row INSERT into the format of newMultiRow.
func valuesOf(insert string) string {
	head, _, _ := strings.Cut(insert, "VALUES")
	return head + "VALUES %s"
}

// columns is "v.column<from>, …, v.column<to>", the columns of a VALUES list.
func columns(from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		if i > from {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "v.column%d", i)
	}
	return b.String()
}

var (
	insertTaskUnits    = newMultiRow(12, valuesOf(insertTaskUnit))
	insertProgressMany = newMultiRow(11, valuesOf(insertProgress))
	insertAuditMany    = newMultiRow(9, valuesOf(insertAudit))
	// insertNewTasks inserts the tasks whose id is free and returns them.
	insertNewTasks = newMultiRow(31, valuesOf(insertTask)+` ON CONFLICT (id) DO NOTHING RETURNING rid, id`)
	// updateTasks is updateTask for a group: each row is updateTask's
	// arguments. It returns the tasks it changed.
	updateTasks = newMultiRow(32, `UPDATE tasks SET (period, area_id, text,
    has_source, source_resolution, source_section, source_area_index, source_item_index,
    lead_unit_id, coordinating_unit_ids, follow_up_unit_id, deadline, state, percent,
    accepted_at, accepted_by, carried_from_id, carry_count, version,
    created_by, created_at, updated_by, updated_at, search_key, area_position, accepted_late, deadline_sort,
    condition, footnotes) = (`+columns(1, 29)+`)
FROM (VALUES %s) AS v
WHERE tasks.id = v.column30 AND tasks.committee_id = v.column31 AND tasks.version = v.column32
RETURNING tasks.rid, tasks.committee_id, tasks.id`)
	// updateTaskUnitsMany is updateTaskUnits for a group: each row is the
	// committee, the task's rowid, then updateTaskUnits' SET values.
	updateTaskUnitsMany = newMultiRow(9, `UPDATE task_units SET (period, area_id, area_position, deadline_sort, state, accepted_late, version) = (`+columns(3, 9)+`)
FROM (VALUES %s) AS v
WHERE task_units.committee_id = v.column1 AND task_units.task_rid = v.column2
RETURNING task_units.task_rid, task_units.unit_id, task_units.role`)
)

// inGroups runs a multi-row statement over args, which hold rows of
// m.width arguments one after another; scan, when not nil, reads the rows
// the statement returns.
func (tx *tx) inGroups(m multiRow, args []any, scan func(*sql.Rows) error) error {
	n := len(args) / m.width
	for i := 0; i < n; {
		size := 1
		for _, g := range rowGroups {
			if g <= n-i {
				size = g
				break
			}
		}
		group := args[i*m.width : (i+size)*m.width]
		i += size
		if scan == nil {
			if _, err := tx.exec(m.bySize[size], group...); err != nil {
				return err
			}
			continue
		}
		rows, err := tx.query(m.bySize[size], group...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// audits stores the entries of a write; zero entries are skipped.
func (tx *tx) audits(es []models.AuditEntry) error {
	args := make([]any, 0, len(es)*insertAuditMany.width)
	for _, a := range es {
		if a.ID != "" {
			args = append(args, auditArgs(a)...)
		}
	}
	return mapErr(tx.inGroups(insertAuditMany, args, nil), fmt.Sprintf("audit entries of %d tasks", len(es)))
}

// noDeadline sorts after every date.
const noDeadline = "~"

func deadlineSort(d models.Date) string {
	if d == "" {
		return noDeadline
	}
	return string(d)
}

// taskArgs are the values of insertTask, in its column order.
func taskArgs(t models.Task) []any {
	src := t.Source
	if src == nil {
		src = &models.SourceRef{}
	}
	return []any{
		string(t.ID), string(t.CommitteeID), string(t.Period), string(t.AreaID), t.Text,
		boolArg(t.Source != nil), src.Resolution, src.Section, src.AreaIndex, src.ItemIndex,
		string(t.LeadUnitID), joinIDs(t.CoordinatingUnitIDs), string(t.FollowUpUnitID), string(t.Deadline), string(t.State), t.Percent,
		timePtrArg(t.AcceptedAt), string(t.AcceptedBy), string(t.CarriedFromID), t.CarryCount, t.Version,
		string(t.CreatedBy), timeArg(t.CreatedAt), string(t.UpdatedBy), timeArg(t.UpdatedAt), t.SearchKey, t.AreaPosition,
		boolArg(t.AcceptedLate), deadlineSort(t.Deadline),
		t.Condition, footnotesArg(t.Footnotes),
	}
}

// footnotesArg stores a task's footnotes as a JSON list, ” for none.
func footnotesArg(notes []string) string {
	if len(notes) == 0 {
		return ""
	}
	b, _ := json.Marshal(notes) // a []string always marshals
	return string(b)
}

// footnotesOf reads footnotesArg's column; a damaged value reads as none.
func footnotesOf(s string) []string {
	var notes []string
	if s != "" && json.Unmarshal([]byte(s), &notes) != nil {
		return nil
	}
	return notes
}

func joinIDs(ids []models.ID) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(id))
	}
	return b.String()
}

func splitIDs(s string) []models.ID {
	ids := []models.ID{}
	for f := range strings.FieldsSeq(s) {
		ids = append(ids, models.ID(f))
	}
	return ids
}

// taskScanner reads task rows into reused destinations: plain strings and
// anys take database/sql's fast paths.
type taskScanner struct {
	id, committee, period, area, text, srcRes, srcSec, lead, coord, follow, deadline, state string
	acceptedBy, carriedFrom, createdBy, updatedBy, searchKey, condition, footnotes          string
	hasSource, srcArea, srcItem, percent, acceptedAt, carryCount, version, createdAt        any
	updatedAt, areaPos, acceptedLate                                                        any
	dest                                                                                    []any
}

func newTaskScanner() *taskScanner {
	s := &taskScanner{}
	s.dest = []any{&s.id, &s.committee, &s.period, &s.area, &s.text,
		&s.hasSource, &s.srcRes, &s.srcSec, &s.srcArea, &s.srcItem,
		&s.lead, &s.coord, &s.follow, &s.deadline, &s.state, &s.percent,
		&s.acceptedAt, &s.acceptedBy, &s.carriedFrom, &s.carryCount, &s.version,
		&s.createdBy, &s.createdAt, &s.updatedBy, &s.updatedAt, &s.searchKey, &s.areaPos, &s.acceptedLate,
		&s.condition, &s.footnotes}
	return s
}

func (s *taskScanner) scan(rows *sql.Rows) (models.Task, error) {
	if err := rows.Scan(s.dest...); err != nil {
		return models.Task{}, err
	}
	t := models.Task{
		ID: models.ID(s.id), CommitteeID: models.ID(s.committee), Period: models.Month(s.period), AreaID: models.ID(s.area),
		Text: s.text, LeadUnitID: models.ID(s.lead), CoordinatingUnitIDs: splitIDs(s.coord), FollowUpUnitID: models.ID(s.follow),
		Deadline: models.Date(s.deadline), State: models.WorkState(s.state), Percent: int(intOf(s.percent)),
		AcceptedAt: timePtrOf(s.acceptedAt), AcceptedBy: models.ID(s.acceptedBy), CarriedFromID: models.ID(s.carriedFrom),
		CarryCount: int(intOf(s.carryCount)), Version: intOf(s.version),
		CreatedBy: models.ID(s.createdBy), CreatedAt: timeOf(s.createdAt), UpdatedBy: models.ID(s.updatedBy), UpdatedAt: timeOf(s.updatedAt),
		SearchKey: s.searchKey, AreaPosition: int(intOf(s.areaPos)), AcceptedLate: intOf(s.acceptedLate) != 0,
		Condition: s.condition, Footnotes: footnotesOf(s.footnotes),
	}
	if intOf(s.hasSource) != 0 {
		t.Source = &models.SourceRef{Resolution: s.srcRes, Section: s.srcSec, AreaIndex: int(intOf(s.srcArea)), ItemIndex: int(intOf(s.srcItem))}
	}
	return t, nil
}

func (r tasks) Create(ctx context.Context, t models.Task, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error { return tx.createTask(t, audit) })
}

// CreateMany is one write: every new task with its task_units rows and its
// audit entry, or, when any of them fails, none. A task whose id the
// committee already has is skipped with its audit entry (an earlier call
// stored it); an id taken in another committee is ErrDuplicate, since ids
// are unique across committees.
func (r tasks) CreateMany(ctx context.Context, ts []models.Task, audits []models.AuditEntry) error {
	if len(ts) != len(audits) {
		return fmt.Errorf("create tasks: %d tasks but %d audit entries: %w", len(ts), len(audits), models.ErrInvalid)
	}
	if len(ts) == 0 {
		return nil
	}
	return r.s.inTx(ctx, func(tx *tx) error { return tx.createTasks(ts, audits) })
}

// createTasks inserts the tasks whose id is free, then the task_units rows
// and audit entries of those, a group of rows per statement. A task whose
// id is taken must be the committee's.
func (tx *tx) createTasks(ts []models.Task, audits []models.AuditEntry) error {
	args := make([]any, 0, len(ts)*insertNewTasks.width)
	for _, t := range ts {
		args = append(args, taskArgs(t)...)
	}
	rids := make(map[models.ID]int64, len(ts))
	err := tx.inGroups(insertNewTasks, args, func(rows *sql.Rows) error {
		var rid int64
		var id models.ID
		err := rows.Scan(&rid, &id)
		rids[id] = rid
		return err
	})
	if err != nil {
		return mapErr(err, fmt.Sprintf("%d tasks", len(ts)))
	}
	var unitArgs []any
	var made []models.AuditEntry
	for i, t := range ts {
		rid, ok := rids[t.ID]
		if !ok {
			var committee string
			err := tx.queryRow(`SELECT committee_id FROM tasks WHERE id = ?`, string(t.ID)).Scan(&committee)
			switch {
			case err != nil:
				return fmt.Errorf("task %s: %w", t.ID, err)
			case committee != string(t.CommitteeID):
				return fmt.Errorf("task %s: id taken in another committee: %w", t.ID, models.ErrDuplicate)
			}
			continue
		}
		delete(rids, t.ID) // the same id again in ts is skipped
		unitArgs = appendTaskUnitArgs(unitArgs, t, rid)
		made = append(made, audits[i])
	}
	if err := tx.inGroups(insertTaskUnits, unitArgs, nil); err != nil {
		return mapErr(err, fmt.Sprintf("units of %d tasks", len(made)))
	}
	return tx.audits(made)
}

// createTask inserts a task, its task_units rows and its audit entry.
func (tx *tx) createTask(t models.Task, audit models.AuditEntry) error {
	res, err := tx.exec(insertTask, taskArgs(t)...)
	if err != nil {
		return mapErr(err, "task "+string(t.ID))
	}
	rid, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if err := tx.setTaskUnits(t, rid); err != nil {
		return err
	}
	return tx.audit(audit)
}

// taskUnit is one task_units row's unit and role.
type taskUnit struct {
	unit models.ID
	role store.UnitRole
}

// unitsOf are the task's task_units rows; the lead wins if a unit is
// listed twice.
func unitsOf(t models.Task) []taskUnit {
	us := make([]taskUnit, 0, 1+len(t.CoordinatingUnitIDs))
	us = append(us, taskUnit{t.LeadUnitID, store.UnitRoleLead})
	for _, u := range t.CoordinatingUnitIDs {
		if !slices.ContainsFunc(us, func(x taskUnit) bool { return x.unit == u }) {
			us = append(us, taskUnit{u, store.UnitRoleCoordinating})
		}
	}
	return us
}

// setTaskUnits writes the task_units rows of a task.
func (tx *tx) setTaskUnits(t models.Task, rid int64) error {
	err := tx.inGroups(insertTaskUnits, appendTaskUnitArgs(nil, t, rid), nil)
	return mapErr(err, "units of task "+string(t.ID))
}

// appendTaskUnitArgs appends the insertTaskUnit arguments of the task's rows.
func appendTaskUnitArgs(args []any, t models.Task, rid int64) []any {
	for _, u := range unitsOf(t) {
		args = append(args, string(t.CommitteeID), rid, string(u.unit), string(t.ID), string(u.role),
			string(t.Period), string(t.AreaID), t.AreaPosition, deadlineSort(t.Deadline), string(t.State), boolArg(t.AcceptedLate), t.Version)
	}
	return args
}

// updateTaskUnits copies a task's filtered columns into its task_units
// rows in place and returns the rows' units and roles, which it leaves.
const updateTaskUnits = `UPDATE task_units SET period = ?, area_id = ?, area_position = ?, deadline_sort = ?,
    state = ?, accepted_late = ?, version = ?
WHERE committee_id = ? AND task_rid = ?
RETURNING unit_id, role`

// sameUnits reports whether two sets of task_units rows have the same
// units in the same roles.
func sameUnits(a, b []taskUnit) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(u taskUnit) bool { return !slices.Contains(b, u) })
}

// refreshTaskUnits brings an updated task's task_units rows up to date:
// in place when its units and roles are the same (most changes are of
// state and progress), and otherwise by writing them again.
func (tx *tx) refreshTaskUnits(t models.Task, rid int64) error {
	rows, err := tx.query(updateTaskUnits, string(t.Period), string(t.AreaID), t.AreaPosition, deadlineSort(t.Deadline),
		string(t.State), boolArg(t.AcceptedLate), t.Version, string(t.CommitteeID), rid)
	if err != nil {
		return mapErr(err, "units of task "+string(t.ID))
	}
	var had []taskUnit
	for rows.Next() {
		var u taskUnit
		if err := rows.Scan(&u.unit, &u.role); err != nil {
			rows.Close()
			return err
		}
		had = append(had, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mapErr(err, "units of task "+string(t.ID))
	}
	if sameUnits(had, unitsOf(t)) {
		return nil
	}
	if _, err := tx.exec(`DELETE FROM task_units WHERE committee_id = ? AND task_rid = ?`, string(t.CommitteeID), rid); err != nil {
		return err
	}
	return tx.setTaskUnits(t, rid)
}

func (r tasks) Get(ctx context.Context, committee, id models.ID) (models.Task, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+taskCols+` FROM tasks t WHERE t.id = ? AND t.committee_id = ?`, string(id), string(committee))
	if err != nil {
		return models.Task{}, err
	}
	list, err := collectTasks(rows, 1)
	switch {
	case err != nil:
		return models.Task{}, err
	case len(list) == 0:
		return models.Task{}, models.NotFound("task", id)
	}
	return list[0], nil
}

func (r tasks) Update(ctx context.Context, ch store.TaskChange) error {
	if err := checkVersion(ch); err != nil {
		return err
	}
	return r.s.inTx(ctx, func(tx *tx) error {
		ok, err := tx.updateTask(ch)
		if err != nil || ok {
			return err
		}
		t := ch.Task
		return tx.versionMiss("task", t.ID, `SELECT 1 FROM tasks WHERE id = ? AND committee_id = ?`, string(t.ID), string(t.CommitteeID))
	})
}

// UpdateMany applies the changes in one write, a group of tasks per
// statement; a change whose task is not at its expected version is
// skipped. A change stored by an earlier call (the task is at its new
// version and its audit entry exists) counts as stored, as the other
// adapters recognise a retry.
func (r tasks) UpdateMany(ctx context.Context, chs []store.TaskChange) ([]bool, error) {
	seen := make(map[models.ID]bool, len(chs))
	for _, ch := range chs {
		if err := checkVersion(ch); err != nil {
			return nil, err
		}
		if seen[ch.Task.ID] {
			return nil, fmt.Errorf("task %s: changed twice in one call: %w", ch.Task.ID, models.ErrInvalid)
		}
		seen[ch.Task.ID] = true
	}
	if len(chs) == 0 {
		return nil, nil
	}
	var stored []bool
	err := r.s.inTx(ctx, func(tx *tx) (err error) {
		stored, err = tx.updateTasks(chs)
		return err
	})
	if err != nil {
		return nil, err
	}
	return stored, nil
}

// updateTasks is UpdateMany inside its transaction.
func (tx *tx) updateTasks(chs []store.TaskChange) ([]bool, error) {
	type key struct{ committee, id models.ID }
	args := make([]any, 0, len(chs)*updateTasks.width)
	for _, ch := range chs {
		t := ch.Task
		args = append(append(args, taskArgs(t)[2:]...), string(t.ID), string(t.CommitteeID), ch.Expected)
	}
	rids := make(map[key]int64, len(chs))
	err := tx.inGroups(updateTasks, args, func(rows *sql.Rows) error {
		var k key
		var rid int64
		err := rows.Scan(&rid, &k.committee, &k.id)
		rids[k] = rid
		return err
	})
	if err != nil {
		return nil, mapErr(err, fmt.Sprintf("%d tasks", len(chs)))
	}

	stored := make([]bool, len(chs))
	var done []store.TaskChange
	unitArgs := make([]any, 0, len(chs)*updateTaskUnitsMany.width)
	for i, ch := range chs {
		t := ch.Task
		rid, ok := rids[key{t.CommitteeID, t.ID}]
		if !ok {
			if ch.Audit.ID != "" {
				stored[i], err = tx.exists(`SELECT 1 FROM tasks WHERE id = ? AND committee_id = ? AND version = ?
    AND EXISTS (SELECT 1 FROM audit WHERE id = ? AND entity_id = ?)`,
					string(t.ID), string(t.CommitteeID), t.Version, string(ch.Audit.ID), string(t.ID))
				if err != nil {
					return nil, err
				}
			}
			continue
		}
		stored[i] = true
		done = append(done, ch)
		unitArgs = append(unitArgs, string(t.CommitteeID), rid, string(t.Period), string(t.AreaID), t.AreaPosition, deadlineSort(t.Deadline),
			string(t.State), boolArg(t.AcceptedLate), t.Version)
	}

	// task_units rows are updated in place, and written again for the
	// tasks whose units or roles changed.
	had := make(map[int64][]taskUnit, len(done))
	err = tx.inGroups(updateTaskUnitsMany, unitArgs, func(rows *sql.Rows) error {
		var rid int64
		var u taskUnit
		err := rows.Scan(&rid, &u.unit, &u.role)
		had[rid] = append(had[rid], u)
		return err
	})
	if err != nil {
		return nil, mapErr(err, fmt.Sprintf("units of %d tasks", len(done)))
	}
	var progress []any
	var audits []models.AuditEntry
	for _, ch := range done {
		t := ch.Task
		rid := rids[key{t.CommitteeID, t.ID}]
		if !sameUnits(had[rid], unitsOf(t)) {
			if _, err := tx.exec(`DELETE FROM task_units WHERE committee_id = ? AND task_rid = ?`, string(t.CommitteeID), rid); err != nil {
				return nil, err
			}
			if err := tx.setTaskUnits(t, rid); err != nil {
				return nil, err
			}
		}
		if p := ch.Progress; p != nil {
			progress = append(progress, progressArgs(*p)...)
		}
		audits = append(audits, ch.Audit)
	}
	if err := tx.inGroups(insertProgressMany, progress, nil); err != nil {
		return nil, mapErr(err, fmt.Sprintf("progress of %d tasks", len(done)))
	}
	return stored, tx.audits(audits)
}

// checkVersion refuses a change that does not move the version by one:
// cached rows are checked by version.
func checkVersion(ch store.TaskChange) error {
	if t := ch.Task; t.Version != ch.Expected+1 {
		return fmt.Errorf("task %s: new version %d after %d: %w", t.ID, t.Version, ch.Expected, models.ErrInvalid)
	}
	return nil
}

// updateTask stores the change with its progress and audit entries if the
// task is at the expected version; ok false means it is not (or missing).
func (tx *tx) updateTask(ch store.TaskChange) (ok bool, err error) {
	t := ch.Task
	args := append(taskArgs(t)[2:], string(t.ID), string(t.CommitteeID), ch.Expected)
	var rid int64
	err = tx.queryRow(updateTask, args...).Scan(&rid)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, mapErr(err, "task "+string(t.ID))
	}
	if err := tx.refreshTaskUnits(t, rid); err != nil {
		return false, err
	}
	if p := ch.Progress; p != nil {
		_, err := tx.exec(insertProgress, progressArgs(*p)...)
		if err != nil {
			return false, mapErr(err, "progress of task "+string(t.ID))
		}
	}
	return true, tx.audit(ch.Audit)
}

func (r tasks) Progress(ctx context.Context, committee, task models.ID) ([]models.Progress, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT id, committee_id, task_id, kind, unit_id, user_id, at, percent, from_state, to_state, note
FROM progress WHERE committee_id = ? AND task_id = ? ORDER BY at, id`, committee, task)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(sc func(...any) error) (models.Progress, error) {
		var p models.Progress
		var at, percent any
		err := sc(&p.ID, &p.CommitteeID, &p.TaskID, &p.Kind, &p.UnitID, &p.UserID, &at, &percent, &p.FromState, &p.ToState, &p.Note)
		p.At, p.Percent = timeOf(at), int(intOf(percent))
		return p, err
	})
}

func collectTasks(rows *sql.Rows, capacity int) ([]models.Task, error) {
	defer rows.Close()
	sc := newTaskScanner()
	out := make([]models.Task, 0, capacity)
	for rows.Next() {
		t, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// fetchTasks reads the rows of a page that the task cache did not hold; its
// argument is a JSON array of rowids.
const fetchTasks = `SELECT ` + taskCols + ` FROM json_each(?) j CROSS JOIN tasks t ON t.rowid = j.value`

// pageRow is what the index says about a row of the page.
type pageRow struct {
	rid     int64
	id      string
	areaPos int
	version int64
}

// List picks the page's rows from an index, takes the rows it holds at the
// same version from the task cache, reads the others, and counts the
// matches unless the page shows the total; all in one read transaction, so
// page and total agree. A page and total remembered by the list cache skip
// the index and the count.
func (r tasks) List(ctx context.Context, f store.TaskFilter) ([]models.Task, int, error) {
	q, err := buildTaskQuery(f)
	if err != nil {
		return nil, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	limit, offset := limitArgs(f.Offset, f.Limit)
	pageArgs := append(q.args[:len(q.args):len(q.args)], limit, offset)
	// Statements are prepared before a transaction holds a connection.
	fetchStmt, err := r.s.stmt(ctx, r.s.read, fetchTasks)
	if err != nil {
		return nil, 0, err
	}
	gen := r.s.lists.generation()
	pageKey, countKey := queryKey(q.ids, pageArgs...), queryKey(q.count, q.args...)
	page, pageCached := r.s.lists.pages.get(pageKey, gen)
	total, counted := r.s.lists.counts.get(countKey, gen)
	if pageCached && counted {
		list, err := r.rows(ctx, fetchStmt, page)
		return list, total, err
	}

	idsStmt, err := r.s.stmt(ctx, r.s.read, q.ids)
	if err != nil {
		return nil, 0, err
	}
	countStmt, err := r.s.stmt(ctx, r.s.read, q.count)
	if err != nil {
		return nil, 0, err
	}
	rtx, err := r.s.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, err
	}
	defer rtx.Rollback()
	if page, err = pageRows(ctx, rtx.StmtContext(ctx, idsStmt), pageArgs); err != nil {
		return nil, 0, fmt.Errorf("list tasks: %w", err)
	}
	list, err := r.rows(ctx, rtx.StmtContext(ctx, fetchStmt), page)
	if err != nil {
		return nil, 0, err
	}
	total = offset + len(list)
	// Only a short, non-empty page (or a short first page) shows the total.
	if !((limit < 0 || len(list) < limit) && (len(list) > 0 || offset == 0)) {
		var n int64
		if err := rtx.StmtContext(ctx, countStmt).QueryRowContext(ctx, q.args...).Scan(&n); err != nil {
			return nil, 0, fmt.Errorf("count tasks: %w", err)
		}
		total = int(n)
	}
	r.s.lists.pages.put(pageKey, gen, page)
	r.s.lists.counts.put(countKey, gen, total)
	return list, total, nil
}

// rows returns the tasks of a page, from the task cache where it holds
// them at the page's version and from the table otherwise.
func (r tasks) rows(ctx context.Context, fetch *sql.Stmt, page []pageRow) ([]models.Task, error) {
	list, missing := r.s.tasks.lookup(page)
	if len(missing) == 0 {
		return list, nil
	}
	rows, err := fetch.QueryContext(ctx, ridArray(page, missing))
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	fetched, err := collectTasks(rows, len(missing))
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	if err := r.s.tasks.fill(page, missing, fetched, list); err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	return list, nil
}

func pageRows(ctx context.Context, st *sql.Stmt, args []any) ([]pageRow, error) {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var page []pageRow
	var rid, pos, version any
	for rows.Next() {
		var p pageRow
		if err := rows.Scan(&rid, &pos, &p.id, &version); err != nil {
			return nil, err
		}
		p.rid, p.areaPos, p.version = intOf(rid), int(intOf(pos)), intOf(version)
		page = append(page, p)
	}
	return page, rows.Err()
}

// ridArray is the JSON array of the rowids of the missing page rows.
func ridArray(page []pageRow, missing []int) string {
	b := make([]byte, 0, 12*len(missing)+2)
	b = append(b, '[')
	for i, m := range missing {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, page[m].rid, 10)
	}
	return string(append(b, ']'))
}

type taskQuery struct {
	ids, count string
	args       []any
}

// buildTaskQuery turns a filter into SQL from fixed fragments; values are
// always parameters. The source s is task_units when a unit is named and
// tasks otherwise; its indexes hold every filtered column but the search
// key, so the page's rows are chosen and counted from an index, and only
// the rows of the page are read from tasks.
func buildTaskQuery(f store.TaskFilter) (taskQuery, error) {
	unit, role, visible := f.UnitID, f.UnitRole, f.VisibleTo
	switch role {
	case store.UnitRoleAny, store.UnitRoleLead, store.UnitRoleCoordinating:
	default:
		return taskQuery{}, models.Invalid("unitRole", "must be lead or coordinating")
	}
	if unit == "" && visible != "" {
		unit, role, visible = visible, store.UnitRoleAny, ""
	}
	if visible == unit {
		visible = "" // leading or coordinating already involves the unit
	}

	var from, id, rid string
	var conds []string
	var args []any
	if unit != "" {
		from, id, rid = "task_units s", "s.task_id", "s.task_rid"
		conds = append(conds, "s.committee_id = ?", "s.unit_id = ?")
		args = append(args, string(f.Committee), string(unit))
		if role != store.UnitRoleAny {
			conds = append(conds, "s.role = ?")
			args = append(args, string(role))
		}
	} else {
		// Pinned to the index of the most selective equality, so a search
		// never scans other committees' rows.
		index := "tasks_order"
		switch {
		case f.AreaID != "":
			index = "tasks_area"
		case f.Period != "":
			index = "tasks_period"
		}
		from, id, rid = "tasks s INDEXED BY "+index, "s.id", "s.rowid"
		conds = append(conds, "s.committee_id = ?")
		args = append(args, string(f.Committee))
	}
	if f.Period != "" {
		conds = append(conds, "s.period = ?")
		args = append(args, string(f.Period))
	}
	if f.AreaID != "" {
		conds = append(conds, "s.area_id = ?")
		args = append(args, string(f.AreaID))
	}
	if visible != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM task_units v WHERE v.committee_id = s.committee_id AND v.task_rid = s.task_rid AND v.unit_id = ?)")
		args = append(args, string(visible))
	}
	if states := slices.Compact(slices.Sorted(slices.Values(f.States))); len(states) > 0 {
		// Distinct states only, so the statements stay few.
		if len(states) > len(models.WorkStates) {
			return taskQuery{}, models.Invalid("states", "unknown state")
		}
		conds = append(conds, "s.state IN ("+placeholders(len(states))+")")
		for _, st := range states {
			args = append(args, string(st))
		}
	}
	if f.Timeliness != "" {
		c, a, err := timelinessCond(f.Timeliness, f.Today, f.DueSoonUntil)
		if err != nil {
			return taskQuery{}, err
		}
		conds = append(conds, c)
		args = append(args, a...)
	}
	if f.Query != "" {
		key := "s.search_key"
		if unit != "" {
			from += " CROSS JOIN tasks q ON q.rowid = s.task_rid" // CROSS JOIN keeps task_units outside
			key = "q.search_key"
		}
		any := make([]string, 0, 1+len(f.QueryAlternatives))
		for _, q := range append([]string{f.Query}, f.QueryAlternatives...) {
			any = append(any, "instr("+key+", ?) > 0")
			args = append(args, q) // a literal substring, never a pattern
		}
		conds = append(conds, "("+strings.Join(any, " OR ")+")")
	}

	fromWhere := " FROM " + from + " WHERE " + strings.Join(conds, " AND ")
	return taskQuery{
		ids: "SELECT " + rid + ", s.area_position, " + id + ", s.version" + fromWhere +
			" ORDER BY s.area_position, s.deadline_sort, " + id + " LIMIT ? OFFSET ?",
		count: "SELECT COUNT(*)" + fromWhere,
		args:  args,
	}, nil
}

// timelinessCond is the SQL of the timeliness semantics stated in store.go,
// on the source's state, deadline_sort ('~' for none) and accepted_late.
func timelinessCond(tl models.Timeliness, today, dueSoonUntil models.Date) (string, []any, error) {
	open := "s.state IN (" + placeholders(len(models.OpenStates)) + ")"
	var args []any
	for _, st := range models.OpenStates {
		args = append(args, string(st))
	}
	switch tl {
	case models.TimelyOverdue:
		return open + " AND s.deadline_sort < ?", append(args, string(today)), nil
	case models.TimelyDueSoon:
		return open + " AND s.deadline_sort >= ? AND s.deadline_sort <= ?", append(args, string(today), string(dueSoonUntil)), nil
	case models.TimelyWithinTerm:
		return open + " AND s.deadline_sort > ? AND s.deadline_sort <> '" + noDeadline + "'", append(args, string(dueSoonUntil)), nil
	case models.TimelyNoDeadline:
		return open + " AND s.deadline_sort = '" + noDeadline + "'", args, nil
	case models.TimelyDoneOnTime:
		return "s.state = ? AND s.accepted_late = 0", []any{string(models.StateDone)}, nil
	case models.TimelyDoneLate:
		return "s.state = ? AND s.accepted_late = 1", []any{string(models.StateDone)}, nil
	}
	return "", nil, models.Invalid("timeliness", "unknown value")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
