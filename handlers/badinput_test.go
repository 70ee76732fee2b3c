package handlers_test

import (
	"net/url"
	"strings"
	"testing"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

// TestBadInputChangesNothing sends malformed, hostile and oversized input to
// every writing route and checks for a 4xx and an unchanged store.
func TestBadInputChangesNothing(t *testing.T) {
	e := newTestEnv(t)
	v := e.task("chua_thuc_hien")
	taskPath := "/api/v1/tasks/" + string(v.ID)
	okTask := func(field string, value any) map[string]any {
		m := map[string]any{"period": "2021-10", "areaId": e.areaID, "text": "Nhiệm vụ", "leadUnitId": e.units["lead"], "deadline": "2021-10-31"}
		m[field] = value
		return m
	}
	big := `{"text":"` + strings.Repeat("a", 1<<20+10) + `"}`
	cases := []struct {
		name, role, method, path string
		body                     any
	}{
		{"malformed json", "leader", "POST", "/api/v1/tasks", `{"period": "2021-10",`},
		{"not an object", "leader", "POST", "/api/v1/tasks", `[1,2,3]`},
		{"trailing data", "leader", "POST", "/api/v1/tasks", `{"text":"a"} {"text":"b"}`},
		{"empty body", "leader", "POST", "/api/v1/tasks", ""},
		{"unknown field", "leader", "POST", "/api/v1/tasks", okTask("priority", 1)},
		{"wrong type percent", "unitLead", "POST", taskPath + "/progress", map[string]any{"percent": "sáu mươi"}},
		{"wrong type coordinating", "leader", "POST", "/api/v1/tasks", okTask("coordinatingUnitIds", "abc")},
		{"$ne in text", "leader", "POST", "/api/v1/tasks", okTask("text", map[string]any{"$ne": ""})},
		{"$gt in area", "leader", "POST", "/api/v1/tasks", okTask("areaId", map[string]any{"$gt": ""})},
		{"$ne in lead", "leader", "POST", "/api/v1/tasks", okTask("leadUnitId", map[string]any{"$ne": ""})},
		{"$ne in deadline", "leader", "POST", "/api/v1/tasks", okTask("deadline", map[string]any{"$ne": ""})},
		{"$ne in login", "", "POST", "/api/v1/auth/login", map[string]any{"email": map[string]any{"$ne": ""}, "password": map[string]any{"$ne": ""}}},
		{"$gt in version", "leader", "PATCH", taskPath, map[string]any{"version": map[string]any{"$gt": 0}, "text": "x"}},
		{"$ne in state", "unitLead", "POST", taskPath + "/progress", map[string]any{"state": map[string]any{"$ne": ""}}},
		{"string that looks like an operator", "leader", "POST", "/api/v1/tasks", okTask("leadUnitId", "$ne")},
		{"body over 1 MB", "leader", "POST", "/api/v1/tasks", big},
		{"impossible date", "leader", "POST", "/api/v1/tasks", okTask("deadline", "2021-02-30")},
		{"bad date shape", "leader", "POST", "/api/v1/tasks", okTask("deadline", "31/10/2021")},
		{"bad month", "leader", "POST", "/api/v1/tasks", okTask("period", "2021-13")},
		{"unknown area", "leader", "POST", "/api/v1/tasks", okTask("areaId", "0000000000aaaaaaaaaa")},
		{"unknown lead unit", "leader", "POST", "/api/v1/tasks", okTask("leadUnitId", "0000000000aaaaaaaaaa")},
		{"malformed lead unit", "leader", "POST", "/api/v1/tasks", okTask("leadUnitId", "../../etc")},
		{"lead also coordinating", "leader", "POST", "/api/v1/tasks", okTask("coordinatingUnitIds", []any{e.units["lead"]})},
		{"no text", "leader", "POST", "/api/v1/tasks", okTask("text", "   ")},
		{"percent over 100", "unitLead", "POST", taskPath + "/progress", map[string]any{"percent": 101}},
		{"negative percent", "unitLead", "POST", taskPath + "/progress", map[string]any{"percent": -1}},
		{"unit sets done state", "unitLead", "POST", taskPath + "/progress", map[string]any{"state": "hoan_thanh"}},
		{"progress on another version", "unitLead", "POST", taskPath + "/progress", map[string]any{"percent": 50, "version": v.Version + 3}},
		{"patch without version", "leader", "PATCH", taskPath, map[string]any{"text": "x"}},
		{"patch bad date", "leader", "PATCH", taskPath, map[string]any{"version": v.Version, "deadline": "2021-02-29"}},
		{"unknown task id", "leader", "PATCH", "/api/v1/tasks/0000000000aaaaaaaaaa", map[string]any{"version": 1, "text": "x"}},
		{"malformed task id", "leader", "PATCH", "/api/v1/tasks/%24ne", map[string]any{"version": 1, "text": "x"}},
		{"malformed id on accept", "leader", "POST", "/api/v1/tasks/%27%20OR%201%3D1%20--/accept", nil},
		{"unit with bad kind", "admin", "POST", "/api/v1/units", map[string]any{"kind": "club", "name": "CLB"}},
		{"unit with bad email", "admin", "POST", "/api/v1/units", map[string]any{"kind": "other", "name": "CLB", "emails": []string{"not-an-email"}}},
		{"user with bad role", "admin", "POST", "/api/v1/users", map[string]any{"name": "A", "email": "a@thu.example", "role": "root"}},
		{"user duplicate email", "admin", "POST", "/api/v1/users", map[string]any{"name": "A", "email": "leader@thu.example", "role": "viewer"}},
		{"text content type", "leader", "POST", "/api/v1/tasks", nil},
	}
	countTasks := func() int {
		var page struct{ Total int }
		e.do("leader", "GET", "/api/v1/tasks", nil, &page)
		return page.Total
	}
	countAudit := func() int {
		var a struct{ Items []any }
		e.do("admin", "GET", "/api/v1/audit?perPage=200", nil, &a)
		return len(a.Items)
	}
	tasksBefore, auditBefore := countTasks(), countAudit()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out map[string]any
			var st int
			if tc.name == "text content type" {
				st = e.doRaw(tc.role, tc.method, tc.path, "text/plain", `{"text":"x"}`, &out)
			} else {
				st = e.do(tc.role, tc.method, tc.path, tc.body, &out)
			}
			if st < 400 || st > 499 {
				t.Fatalf("status %d, want 4xx (%v)", st, out)
			}
			if out["code"] == nil || out["error"] == "" {
				t.Fatalf("error body without code or message: %v", out)
			}
		})
	}
	if n := countTasks(); n != tasksBefore {
		t.Errorf("tasks: %d before, %d after", tasksBefore, n)
	}
	if n := countAudit(); n != auditBefore {
		t.Errorf("audit entries: %d before, %d after", auditBefore, n)
	}
	var now taskJSON
	e.do("leader", "GET", taskPath, nil, &now)
	if now.Version != v.Version || now.Percent != 0 || now.Text != v.Text {
		t.Errorf("task changed: %+v", now)
	}
}
