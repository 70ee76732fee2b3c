package handlers_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/theodoi/theodoi/models"
)

// TestConcurrentUpdates: 8 clients make 200 edits in total to the same 25
// tasks. No edit may fail with a server error, every accepted edit must be
// kept (version and audit trail account for each), and stale versions get 409.
func TestConcurrentUpdates(t *testing.T) {
	e := newTestEnv(t)
	const clients, tasks, edits = 8, 25, 200
	ids := make([]string, tasks)
	for i := range ids {
		ids[i] = string(e.task(models.StateNotStarted).ID)
	}
	var accepted, conflicts, reports atomic.Int64
	perTask := make([]atomic.Int64, tasks)
	var wg sync.WaitGroup
	var failures sync.Map
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := c; n < edits; n += clients {
				i := n % tasks
				path := "/api/v1/tasks/" + ids[i]
				if n%5 == 0 { // a unit report in between: never lost, never a conflict for the unit
					if st := e.do("unitLead", "POST", path+"/progress", map[string]any{"percent": n % 100, "note": fmt.Sprintf("báo cáo %d", n)}, nil); st != 200 {
						failures.Store(fmt.Sprintf("report %d", n), st)
					}
					reports.Add(1)
					continue
				}
				var cur taskJSON
				if st := e.do("leader", "GET", path, nil, &cur); st != 200 {
					failures.Store(fmt.Sprintf("get %d", n), st)
					continue
				}
				st := e.do("leader", "PATCH", path, map[string]any{"version": cur.Version, "text": fmt.Sprintf("Sửa lần %d", n)}, nil)
				switch st {
				case 200:
					accepted.Add(1)
					perTask[i].Add(1)
				case 409:
					conflicts.Add(1)
				default:
					failures.Store(fmt.Sprintf("patch %d", n), st)
				}
			}
		}()
	}
	wg.Wait()
	failures.Range(func(k, v any) bool {
		t.Errorf("%v: status %v", k, v)
		return true
	})
	t.Logf("accepted %d edits, %d conflicts (409), %d reports", accepted.Load(), conflicts.Load(), reports.Load())
	if accepted.Load()+conflicts.Load()+reports.Load() != edits {
		t.Fatalf("lost requests: %d + %d + %d != %d", accepted.Load(), conflicts.Load(), reports.Load(), edits)
	}
	totalReports := 0
	for i, id := range ids {
		var cur taskJSON
		e.do("leader", "GET", "/api/v1/tasks/"+id, nil, &cur)
		var audit struct{ Items []struct{ Action string } }
		e.do("leader", "GET", "/api/v1/audit?perPage=200&entity=task&id="+id, nil, &audit)
		updates, reps := 0, 0
		for _, a := range audit.Items {
			switch a.Action {
			case "update":
				updates++
			case "report":
				reps++
			}
		}
		totalReports += reps
		if int64(updates) != perTask[i].Load() {
			t.Errorf("task %d: %d accepted edits but %d in the audit", i, perTask[i].Load(), updates)
		}
		if cur.Version != int64(1+updates+reps) {
			t.Errorf("task %d: version %d, want %d", i, cur.Version, 1+updates+reps)
		}
	}
	if int64(totalReports) != reports.Load() {
		t.Errorf("%d reports sent, %d recorded", reports.Load(), totalReports)
	}
}
