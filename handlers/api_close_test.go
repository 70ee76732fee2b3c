package handlers_test

import (
	"context"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/services/task"
)

type closeAnswer struct {
	Month       models.Month
	AlreadyDone bool
	Carried     int
	Done        int
	Cancelled   int
	Skipped     int
	Notices     int
	NextPeriod  *models.Period
	Code        string
	Fields      map[string]string
}

// "Kết thúc tháng" before the month ends, with a choice per task.
func TestCloseMonth(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	notStarted := e.task(models.StateNotStarted)
	awaiting := e.task(models.StateAwaiting)
	done := e.task(models.StateDone)
	toCancel := e.task(models.StateNotStarted)
	toAccept := e.task(models.StateNotStarted)
	nov, err := e.svc.Tasks.Create(ctx, e.actors["leader"], task.TaskInput{Period: "2021-11", AreaID: e.areaID, Text: "Việc tháng sau", LeadUnitID: e.units["lead"]})
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/periods/2021-10/close"

	for _, tc := range []struct {
		name, role, path string
		body             any
		status           int
	}{
		{"unit officer", "unitLead", path, nil, 403},
		{"office", "office", path, nil, 403},
		{"admin", "admin", path, nil, 403},
		{"anonymous", "", path, nil, 401},
		{"bad month", "leader", "/api/v1/periods/2021-13/close", nil, 422},
		{"month not begun", "leader", "/api/v1/periods/2021-12/close", nil, 422},
		{"month without a period", "leader", "/api/v1/periods/2021-08/close", nil, 404},
		{"unknown task", "leader", path, map[string]any{"choices": map[string]string{string(models.NewID(time.Now())): "done"}}, 422},
		{"task of another month", "leader", path, map[string]any{"choices": map[string]string{string(nov.ID): "carry"}}, 422},
		{"unknown choice", "leader", path, map[string]any{"choices": map[string]string{string(notStarted.ID): "later"}}, 422},
		{"unknown field", "leader", path, map[string]any{"choice": map[string]string{}}, 400},
		{"another committee's leader", "leaderB", path, nil, 404},
	} {
		var out closeAnswer
		if st := e.do(tc.role, "POST", tc.path, tc.body, &out); st != tc.status {
			t.Errorf("%s: %d %+v, want %d", tc.name, st, out, tc.status)
		}
	}
	var periods struct{ Items []models.Period }
	e.do("leader", "GET", "/api/v1/periods", nil, &periods)
	for _, p := range periods.Items {
		if p.Month == "2021-10" && p.Status != models.PeriodOpen {
			t.Fatal("a refused close changed the month")
		}
	}

	var out closeAnswer

	st := e.do("leader", "POST", path, map[string]any{"choices": map[string]string{
		string(toCancel.ID): "cancel", string(toAccept.ID): "done", string(notStarted.ID): "carry",
	}}, &out)
	if st != 200 {
		t.Fatalf("close: %d %+v", st, out)
	}
	if out.Month != "2021-10" || out.AlreadyDone || out.Carried != 2 || out.Done != 1 || out.Cancelled != 1 || out.Skipped != 1 ||
		out.NextPeriod == nil || out.NextPeriod.Month != "2021-11" || out.NextPeriod.Status != models.PeriodOpen {
		t.Errorf("close: %+v", out)
	}
	// The lead unit has no address here, so only leadership is told.
	if out.Notices != 1 {
		t.Errorf("notices %d", out.Notices)
	}
	var copy struct {
		ID            models.ID
		Period        models.Month
		State         models.WorkState
		CarriedFromID models.ID
		CarryCount    int
		Deadline      models.Date
	}
	id := monthend.CarriedTaskID(awaiting.ID, "2021-11")
	if st := e.do("leader", "GET", "/api/v1/tasks/"+string(id), nil, &copy); st != 200 ||
		copy.Period != "2021-11" || copy.State != models.StateAwaiting || copy.CarriedFromID != awaiting.ID || copy.CarryCount != 1 || copy.Deadline != "2021-11-30" {
		t.Errorf("copy: %d %+v", st, copy)
	}
	var old struct{ State models.WorkState }
	e.do("leader", "GET", "/api/v1/tasks/"+string(notStarted.ID), nil, &old)
	if old.State != models.StateCarried {
		t.Errorf("old task %s", old.State)
	}
	e.do("leader", "GET", "/api/v1/tasks/"+string(toAccept.ID), nil, &old)
	if old.State != models.StateDone {
		t.Errorf("accepted task %s", old.State)
	}
	e.do("leader", "GET", "/api/v1/tasks/"+string(done.ID), nil, &old)
	if old.State != models.StateDone {
		t.Errorf("done task %s", old.State)
	}
	// The unit sees its carried task in November.
	var list struct{ Items []struct{ ID models.ID } }
	if st := e.do("unitLead", "GET", "/api/v1/tasks?period=2021-11", nil, &list); st != 200 || len(list.Items) != 3 {
		t.Errorf("unit's November: %d %+v", st, list)
	}

	// Closing again is harmless and says so.
	var again closeAnswer
	if st := e.do("leader", "POST", path, map[string]any{"choices": map[string]string{string(toCancel.ID): "cancel"}}, &again); st != 200 ||
		!again.AlreadyDone || again.Carried != 0 || again.NextPeriod == nil {
		t.Errorf("again: %d %+v", st, again)
	}
	page, err := e.svc.Tasks.List(ctx, e.actors["leader"], task.TaskQuery{Period: "2021-11"})
	if err != nil || page.Total != 3 {
		t.Errorf("November after closing twice: %d tasks, %v", page.Total, err)
	}
	// A closed month takes no new tasks.
	if st := e.do("leader", "POST", "/api/v1/tasks", map[string]any{"period": "2021-10", "areaId": e.areaID, "text": "Muộn", "leadUnitId": e.units["lead"]}, nil); st != 422 {
		t.Errorf("task in a closed month: %d", st)
	}
}

// An empty body closes with every unfinished task carried.
func TestCloseMonthWithoutBody(t *testing.T) {
	e := newTestEnv(t)
	e.task(models.StateNotStarted)
	e.task(models.StateAwaiting)
	var out closeAnswer
	if st := e.do("leader", "POST", "/api/v1/periods/2021-10/close", nil, &out); st != 200 || out.Carried != 2 {
		t.Fatalf("close: %d %+v", st, out)
	}
}
