package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/task"
)

var roles = []string{"admin", "leader", "office", "viewer", "unitLead", "unitCoord", "unitOther", "adminB", "leaderB", ""}

// expect builds a role→status map: def for every role, then overrides.
func expect(def int, over map[string]int) map[string]int {
	m := map[string]int{}
	for _, r := range roles {
		m[r] = def
	}
	for k, v := range over {
		m[k] = v
	}
	m[""] = 401
	return m
}

// TestPermissionMatrix walks every route as every role, including users of
// another committee, and checks the status each gets.
func TestPermissionMatrix(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	var seq atomic.Int64
	next := func() int64 { return seq.Add(1) }
	admin := e.actors["admin"]

	// Records in committee A that edits aim at; each edit reads the current version.
	spare, _, err := e.svc.Users.CreateFirst(ctx, admin.CommitteeID, directory.UserInput{Name: "Dự phòng", Email: "spare@thu.example", Role: models.RoleViewer, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	unitVersion := func() int64 { u, _ := e.svc.Units.Get(ctx, admin, e.units["other"]); return u.Version }
	userVersion := func() int64 {
		us, _ := e.svc.Users.List(ctx, admin)
		for _, u := range us {
			if u.ID == spare.ID {
				return u.Version
			}
		}
		return 0
	}
	areas, _ := e.svc.Areas.List(ctx, admin)
	lastArea := areas[len(areas)-1].ID
	areaVersion := func() int64 {
		as, _ := e.svc.Areas.List(ctx, admin)
		for _, a := range as {
			if a.ID == lastArea {
				return a.Version
			}
		}
		return 0
	}
	e.task(models.StateNotStarted) // makes period 2021-10
	periodVersion := func() int64 {
		ps, _ := e.svc.Periods.List(ctx, e.actors["leader"])
		for _, p := range ps {
			if p.Month == "2021-10" {
				return p.Version
			}
		}
		return 0
	}

	type route struct {
		name    string
		method  string
		prepare func() (path string, body any)
		want    map[string]int
	}
	static := func(path string, body any) func() (string, any) {
		return func() (string, any) { return path, body }
	}
	onTask := func(state models.WorkState, suffix string, body func(v task.TaskView) any) func() (string, any) {
		return func() (string, any) {
			v := e.task(state)
			var b any
			if body != nil {
				b = body(v)
			}
			return "/api/v1/tasks/" + string(v.ID) + suffix, b
		}
	}
	readTask := expect(200, map[string]int{"unitOther": 404, "adminB": 404, "leaderB": 404})
	leaderOnTask := expect(403, map[string]int{"leader": 200, "unitOther": 404, "adminB": 404, "leaderB": 404})

	routes := []route{
		{"me", "GET", static("/api/v1/me", nil), expect(200, nil)},
		{"patch me", "PATCH", func() (string, any) {
			return "/api/v1/me", map[string]any{"name": fmt.Sprintf("Người dùng %d", next())}
		}, expect(200, nil)},
		{"my mail", "GET", static("/api/v1/me/mail", nil), expect(200, nil)},
		{"set my mail", "PUT", static("/api/v1/me/mail", map[string]any{"digest": "daily", "reminders": true}), expect(200, nil)},
		{"set my mail per event", "PUT", static("/api/v1/me/mail", map[string]any{"digest": "daily", "reminders": true, "notify": map[string]string{"chase": "off"}}), expect(200, nil)},
		{"my notifications", "GET", static("/api/v1/notifications?unread=true", nil), expect(200, nil)},
		{"mark notifications read", "POST", static("/api/v1/notifications/read", map[string]any{"all": true}), expect(200, nil)},
		{"get committee", "GET", static("/api/v1/committee", nil), expect(200, nil)},
		{"patch committee", "PATCH", func() (string, any) {
			return "/api/v1/committee", map[string]any{"version": 1, "placeName": "Thử Nghiệm"}
		}, expect(403, map[string]int{"admin": 200, "adminB": 200})},
		{"list units", "GET", static("/api/v1/units", nil), expect(200, nil)},
		{"create unit", "POST", func() (string, any) {
			return "/api/v1/units", map[string]any{"kind": "party_cell", "name": fmt.Sprintf("Chi bộ TDP %d", next())}
		}, expect(403, map[string]int{"admin": 201, "adminB": 201})},
		{"get unit", "GET", static("/api/v1/units/"+string(e.units["lead"]), nil), expect(200, map[string]int{"adminB": 404, "leaderB": 404})},
		{"patch unit", "PATCH", func() (string, any) {
			return "/api/v1/units/" + string(e.units["other"]), map[string]any{"version": unitVersion(), "aliases": []string{"HND"}}
		}, expect(403, map[string]int{"admin": 200, "adminB": 404})},
		// A unit's own report: anyone who reads every task, and the unit's
		// officer; another unit's officer and other committees find nothing.
		{"unit report", "GET", static("/api/v1/units/"+string(e.units["lead"])+"/report/2021-10", nil),
			expect(200, map[string]int{"unitCoord": 404, "unitOther": 404, "adminB": 404, "leaderB": 404})},
		{"list users", "GET", static("/api/v1/users", nil), expect(403, map[string]int{"admin": 200, "leader": 200, "office": 200, "adminB": 200, "leaderB": 200})},
		{"create user", "POST", func() (string, any) {
			return "/api/v1/users", map[string]any{"name": "Mới", "email": fmt.Sprintf("new%d@thu.example", next()), "role": "viewer"}
		}, expect(403, map[string]int{"admin": 201, "adminB": 201})},
		{"patch user", "PATCH", func() (string, any) {
			return "/api/v1/users/" + string(spare.ID), map[string]any{"version": userVersion(), "name": fmt.Sprintf("Dự phòng %d", next())}
		}, expect(403, map[string]int{"admin": 200, "adminB": 404})},
		{"list areas", "GET", static("/api/v1/areas", nil), expect(200, nil)},
		{"create area", "POST", func() (string, any) {
			return "/api/v1/areas", map[string]any{"name": fmt.Sprintf("Lĩnh vực %d", next())}
		}, expect(403, map[string]int{"admin": 201, "leader": 201, "adminB": 201, "leaderB": 201})},
		{"patch area", "PATCH", func() (string, any) {
			return "/api/v1/areas/" + string(lastArea), map[string]any{"version": areaVersion(), "name": fmt.Sprintf("Công tác xây dựng Đảng %d", next())}
		}, expect(403, map[string]int{"admin": 200, "leader": 200, "adminB": 404, "leaderB": 404})},
		{"list periods", "GET", static("/api/v1/periods", nil), expect(200, nil)},
		{"create period", "POST", func() (string, any) {
			return "/api/v1/periods", map[string]any{"month": fmt.Sprintf("%d-01", 2030+next())}
		}, expect(403, map[string]int{"leader": 201, "leaderB": 201})},
		{"patch period", "PATCH", func() (string, any) {
			return "/api/v1/periods/2021-10", map[string]any{"version": periodVersion(), "resolutionNumber": "31-NQ/ĐU"}
		}, expect(403, map[string]int{"leader": 200, "leaderB": 404})},
		{"list tasks", "GET", static("/api/v1/tasks?period=2021-10", nil), expect(200, nil)},
		{"create task", "POST", func() (string, any) {
			return "/api/v1/tasks", map[string]any{"period": "2021-10", "areaId": e.areaID, "text": "Rà soát hội viên", "leadUnitId": e.units["lead"]}
		}, expect(403, map[string]int{"leader": 201, "leaderB": 422})},
		{"get task", "GET", onTask(models.StateNotStarted, "", nil), readTask},
		{"patch task", "PATCH", onTask(models.StateNotStarted, "", func(v task.TaskView) any {
			return map[string]any{"version": v.Version, "deadline": "2021-10-20"}
		}), leaderOnTask},
		{"task progress list", "GET", onTask(models.StateNotStarted, "/progress", nil), readTask},
		{"report progress", "POST", onTask(models.StateNotStarted, "/progress", func(task.TaskView) any {
			return map[string]any{"percent": 50, "note": "Đã triển khai"}
		}), expect(403, map[string]int{"unitLead": 200, "unitCoord": 200, "unitOther": 404, "adminB": 404, "leaderB": 404})},
		{"add note", "POST", onTask(models.StateNotStarted, "/notes", func(task.TaskView) any {
			return map[string]any{"note": "Đề nghị báo cáo tiến độ trước ngày 20"}
		}), expect(403, map[string]int{"leader": 200, "office": 200, "unitOther": 404, "adminB": 404, "leaderB": 404})},
		{"accept", "POST", onTask(models.StateAwaiting, "/accept", nil), leaderOnTask},
		{"reopen", "POST", onTask(models.StateDone, "/reopen", nil), leaderOnTask},
		{"cancel", "POST", onTask(models.StateNotStarted, "/cancel", nil), leaderOnTask},
		// Each task fails or passes on its own; leaders of another committee
		// find nothing (200, every item not found); other roles are refused.
		{"bulk", "POST", func() (string, any) {
			v := e.task(models.StateNotStarted)
			return "/api/v1/tasks/bulk", map[string]any{"action": "deadline", "deadline": "2021-10-20", "tasks": []any{map[string]any{"id": v.ID, "version": v.Version}}}
		}, expect(403, map[string]int{"leader": 200, "leaderB": 200})},
		{"bulk accept", "POST", func() (string, any) {
			v := e.task(models.StateAwaiting)
			return "/api/v1/tasks/bulk", map[string]any{"action": "accept", "tasks": []any{map[string]any{"id": v.ID, "version": v.Version}}}
		}, expect(403, map[string]int{"leader": 200, "leaderB": 200})},
		{"audit", "GET", static("/api/v1/audit?entity=task", nil), expect(403, map[string]int{"admin": 200, "leader": 200, "office": 200, "adminB": 200, "leaderB": 200})},
		{"close month", "POST", static("/api/v1/periods/2021-10/close", nil), expect(403, map[string]int{"leader": 200, "leaderB": 404})},
		{"list imports", "GET", static("/api/v1/imports", nil), expect(200, map[string]int{"unitLead": 403, "unitCoord": 403, "unitOther": 403})},
		{"get import", "GET", static("/api/v1/imports/0000000000aaaaaaaaaa", nil), expect(403, map[string]int{"leader": 404, "leaderB": 404})},
		{"jobs", "GET", static("/api/v1/jobs", nil), expect(403, map[string]int{"admin": 200, "adminB": 200})},
		{"outbox", "GET", static("/api/v1/outbox", nil), expect(403, map[string]int{"admin": 200, "adminB": 200})},
		{"resend", "POST", static("/api/v1/outbox/0000000000aaaaaaaaaa/resend", nil), expect(403, map[string]int{"admin": 404, "adminB": 404})},
	}
	for _, rt := range routes {
		for _, role := range roles {
			want := rt.want[role]
			t.Run(rt.name+"/"+roleName(role), func(t *testing.T) {
				path, body := rt.prepare()
				var out map[string]any
				if got := e.do(role, rt.method, path, body, &out); got != want {
					t.Errorf("%s %s as %s: got %d, want %d (%v)", rt.method, path, roleName(role), got, want, out)
				}
			})
		}
	}
}

// TestUnitReportPermissionMatrix walks the unit report's routes (page,
// downloads, API) as every role. The report of the lead unit is open to
// everyone who reads every task and to that unit's officer; another
// unit's officer and other committees find nothing; a visitor is sent to
// sign in (pages) or refused (API). Only statuses are compared: the
// answers are pages and files.
func TestUnitReportPermissionMatrix(t *testing.T) {
	e := newTestEnv(t)
	e.task(models.StateNotStarted)
	lead := string(e.units["lead"])
	want := expect(200, map[string]int{"unitCoord": 404, "unitOther": 404, "adminB": 404, "leaderB": 404})
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{
		"/unit/report?unit=" + lead, "/unit/report.docx?unit=" + lead, "/unit/report.pdf?unit=" + lead + "&month=2021-10",
		"/api/v1/units/" + lead + "/report/2021-10", "/api/v1/units/" + lead + "/report/2021-10?format=docx",
		"/api/v1/units/" + lead + "/report/2021-10?format=pdf",
	} {
		for _, role := range roles {
			w := want[role]
			if role == "" && !strings.HasPrefix(path, "/api/") {
				w = http.StatusSeeOther // to the sign-in page
			}
			req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
			if role != "" {
				req.Header.Set("Authorization", "Bearer "+e.tokens[role])
			}
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != w {
				t.Errorf("GET %s as %s: got %d, want %d", path, roleName(role), res.StatusCode, w)
			}
		}
	}
}

func roleName(r string) string {
	if r == "" {
		return "anonymous"
	}
	return r
}

// TestUnitUsersSeeOnlyTheirTasks checks listings, not just single reads.
func TestUnitUsersSeeOnlyTheirTasks(t *testing.T) {
	e := newTestEnv(t)
	v := e.task(models.StateNotStarted)
	counts := map[string]int{"leader": 1, "viewer": 1, "office": 1, "unitLead": 1, "unitCoord": 1, "unitOther": 0, "leaderB": 0}
	for role, want := range counts {
		var page struct {
			Items []struct{ ID string }
			Total int
		}
		if st := e.do(role, "GET", "/api/v1/tasks", nil, &page); st != 200 {
			t.Fatalf("%s: %d", role, st)
		}
		if page.Total != want || len(page.Items) != want || (want == 1 && page.Items[0].ID != string(v.ID)) {
			t.Errorf("%s sees %d tasks (%v), want %d", role, page.Total, page.Items, want)
		}
	}
}
