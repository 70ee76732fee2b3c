package sqlite_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

// TestTaskListPlans checks that list queries walk an index in list order
// (no sort, no full scan) and count from an index, with and without
// planner statistics.
func TestTaskListPlans(t *testing.T) {
	for _, n := range []int{20, 600} {
		t.Run(fmt.Sprintf("%d tasks", n), func(t *testing.T) { checkPlans(t, n) })
	}
}

func checkPlans(t *testing.T, nTasks int) {
	ctx := t.Context()
	d, err := seed(ctx, t.TempDir(), nTasks, 10)
	if err != nil {
		t.Fatal(err)
	}
	s := open(t, d.path)
	defer s.Close()
	u, v, month := d.units[3], d.units[4], models.Month("2021-09")
	filters := []store.TaskFilter{
		{Committee: d.committee},
		{Committee: d.committee, Period: month},
		{Committee: d.committee, AreaID: "area", Period: month},
		{Committee: d.committee, Period: month, States: models.OpenStates, Timeliness: models.TimelyOverdue, Today: "2021-09-23"},
		{Committee: d.committee, Query: "abc"},
		{Committee: d.committee, UnitID: u},
		{Committee: d.committee, UnitID: u, UnitRole: store.UnitRoleLead, Period: month},
		{Committee: d.committee, UnitID: u, Timeliness: models.TimelyDueSoon, Today: "2021-09-23", DueSoonUntil: "2021-09-26"},
		{Committee: d.committee, VisibleTo: u, States: []models.WorkState{models.StateDone}},
		{Committee: d.committee, UnitID: u, VisibleTo: v, Query: "abc"},
	}
	for _, analyzed := range []bool{false, true} {
		if analyzed {
			if err := s.Analyze(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, f := range filters {
			ids, count, fetch, args, err := sqlite.TaskQueries(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []struct {
				sql  string
				args []any
			}{{ids, append(args, 50, 0)}, {count, args}, {fetch, []any{"[1,2,3]"}}} {
				plan, err := s.Explain(ctx, q.sql, q.args...)
				if err != nil {
					t.Fatalf("%+v: %v", f, err)
				}
				for _, bad := range []string{"TEMP B-TREE", "SCAN s", "SCAN t", "SCAN q", "AUTOMATIC"} {
					if strings.Contains(plan, bad) {
						t.Errorf("analyzed=%v, filter %+v:\n%s\nplan:\n%s", analyzed, f, q.sql, plan)
						break
					}
				}
			}
		}
	}
}
