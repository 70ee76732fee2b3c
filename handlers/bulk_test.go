package handlers_test

import (
	"context"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
)

// bulkAnswer is the answer of POST /api/v1/tasks/bulk.
type bulkAnswer struct {
	Done, Failed int
	Items        []struct {
		ID   string
		OK   bool
		Task *struct {
			ID, Deadline, State, LeadUnitID string
			Version                         int64
			CoordinatingUnitIDs             []string
		}
		Error *struct{ Code, Message string }
	}
	Code string
}

func bulkTasks(vs ...task.TaskView) []map[string]any {
	var out []map[string]any
	for _, v := range vs {
		out = append(out, map[string]any{"id": v.ID, "version": v.Version})
	}
	return out
}

// TestBulkAPI: one request changes each task at the version given; a
// task changed meanwhile fails alone and says why; roles that may not
// are refused whole; a request too large or incomplete is refused whole.
func TestBulkAPI(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	a := e.taskIn("Việc A", e.units["lead"], "2021-10-31")
	b := e.taskIn("Việc B", e.units["lead"], "2021-10-31")
	c := e.task(models.StateNotStarted) // led by "lead", coordinated by "coord"
	// B changes after the leader read it: the stale version fails alone.
	dl := "2021-10-15"
	if _, err := e.svc.Tasks.Update(ctx, e.actors["leader"], b.ID, task.TaskPatch{Version: b.Version, Deadline: &dl}); err != nil {
		t.Fatal(err)
	}

	var out bulkAnswer
	st := e.do("leader", "POST", "/api/v1/tasks/bulk", map[string]any{"action": "deadline", "deadline": "2021-10-20", "tasks": bulkTasks(a, b, c)}, &out)
	if st != 200 || out.Done != 2 || out.Failed != 1 || len(out.Items) != 3 {
		t.Fatalf("deadline: %d %+v", st, out)
	}
	for i, want := range []task.TaskView{a, b, c} {
		if out.Items[i].ID != string(want.ID) {
			t.Errorf("item %d is %s, want %s: the order given is kept", i, out.Items[i].ID, want.ID)
		}
	}
	if it := out.Items[0]; !it.OK || it.Error != nil || it.Task == nil || it.Task.Deadline != "2021-10-20" || it.Task.Version != a.Version+1 {
		t.Errorf("A: %+v", it)
	}
	if it := out.Items[1]; it.OK || it.Error == nil || it.Error.Code != "conflict" || it.Error.Message == "" || it.Task == nil || it.Task.Version != b.Version+1 || it.Task.Deadline != dl {
		t.Errorf("B (stale): %+v %+v", it, it.Error)
	}
	if got := e.current(b.ID); got.Deadline != models.Date(dl) {
		t.Errorf("the stale change overwrote B: %s", got.Deadline)
	}
	if got := e.current(c.ID); got.Deadline != "2021-10-20" {
		t.Errorf("C: %s", got.Deadline)
	}

	// Assign: the new lead stops coordinating; an unknown task fails alone.
	c = e.current(c.ID)
	out = bulkAnswer{}
	st = e.do("leader", "POST", "/api/v1/tasks/bulk", map[string]any{"action": "assign", "leadUnitId": e.units["coord"],
		"tasks": append(bulkTasks(c), map[string]any{"id": "0000000000aaaaaaaaaa", "version": 1})}, &out)
	if st != 200 || out.Done != 1 || out.Failed != 1 {
		t.Fatalf("assign: %d %+v", st, out)
	}
	if it := out.Items[0]; !it.OK || it.Task.LeadUnitID != string(e.units["coord"]) || len(it.Task.CoordinatingUnitIDs) != 0 {
		t.Errorf("assigned: %+v", it.Task)
	}
	if it := out.Items[1]; it.OK || it.Error.Code != "not_found" || it.Task != nil {
		t.Errorf("unknown task: %+v", it)
	}

	// Accept: only what awaits acceptance.
	waiting := e.task(models.StateAwaiting)
	open := e.current(a.ID)
	out = bulkAnswer{}
	if st := e.do("leader", "POST", "/api/v1/tasks/bulk", map[string]any{"action": "accept", "tasks": bulkTasks(waiting, open)}, &out); st != 200 || out.Done != 1 || out.Failed != 1 {
		t.Fatalf("accept: %d %+v", st, out)
	}
	if it := out.Items[0]; !it.OK || it.Task.State != string(models.StateDone) {
		t.Errorf("accepted: %+v", it.Task)
	}
	if it := out.Items[1]; it.OK || it.Error.Code != "invalid_transition" {
		t.Errorf("open task accepted: %+v", it)
	}

	// Another committee's leader finds nothing here.
	out = bulkAnswer{}
	if st := e.do("leaderB", "POST", "/api/v1/tasks/bulk", map[string]any{"action": "deadline", "deadline": "2021-10-20", "tasks": bulkTasks(e.current(a.ID))}, &out); st != 200 || out.Failed != 1 || out.Items[0].Error.Code != "not_found" || out.Items[0].Task != nil {
		t.Errorf("leader of B: %d %+v", st, out)
	}
	if got := e.current(a.ID); got.Deadline != "2021-10-20" {
		t.Errorf("B's leader changed A's task: %s", got.Deadline)
	}

	// Refused whole.
	valid := map[string]any{"action": "deadline", "deadline": "2021-10-22", "tasks": bulkTasks(e.current(a.ID))}
	for _, role := range []string{"viewer", "office", "admin", "unitLead"} {
		if st := e.do(role, "POST", "/api/v1/tasks/bulk", valid, &out); st != 403 || out.Code != "forbidden" {
			t.Errorf("%s: %d %q", role, st, out.Code)
		}
	}
	many := make([]map[string]any, task.MaxBulkTasks+1)
	for i := range many {
		many[i] = map[string]any{"id": a.ID, "version": 1}
	}
	for name, body := range map[string]any{
		"more than 200 tasks": map[string]any{"action": "deadline", "deadline": "2021-10-22", "tasks": many},
		"no tasks":            map[string]any{"action": "deadline", "deadline": "2021-10-22", "tasks": []any{}},
		"unknown action":      map[string]any{"action": "delete", "tasks": bulkTasks(a)},
		"assign without lead": map[string]any{"action": "assign", "tasks": bulkTasks(a)},
		"bad deadline":        map[string]any{"action": "deadline", "deadline": "2021-02-30", "tasks": bulkTasks(a)},
		"no version":          map[string]any{"action": "accept", "tasks": []any{map[string]any{"id": a.ID}}},
	} {
		out = bulkAnswer{}
		if st := e.do("leader", "POST", "/api/v1/tasks/bulk", body, &out); st != 422 || out.Code != "invalid" {
			t.Errorf("%s: %d %q", name, st, out.Code)
		}
	}
	if st := e.doRaw("leader", "POST", "/api/v1/tasks/bulk", "application/json", `{"action":"accept","tasks":[{"id":1}]}`, &out); st != 400 {
		t.Errorf("malformed: %d", st)
	}
	if got := e.current(a.ID); got.Deadline != "2021-10-20" {
		t.Errorf("a refused request changed A: %s", got.Deadline)
	}
}
