package handlers_test

import (
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
)

type taskJSON struct {
	ID                  string   `json:"id"`
	Version             int64    `json:"version"`
	State               string   `json:"state"`
	Timeliness          string   `json:"timeliness"`
	Percent             int      `json:"percent"`
	LeadUnitID          string   `json:"leadUnitId"`
	CoordinatingUnitIDs []string `json:"coordinatingUnitIds"`
	Deadline            string   `json:"deadline"`
	Text                string   `json:"text"`
}

// TestAssignReportAccept is the core flow: a leader assigns, the lead unit
// reports 60% then done, the coordinating unit sees it, an unrelated unit
// does not, the leader accepts, and the audit shows each step.
func TestAssignReportAccept(t *testing.T) {
	for _, tc := range []struct {
		name       string
		acceptAt   time.Time
		timeliness string
	}{
		{"on time", time.Date(2021, 10, 31, 16, 59, 0, 0, time.UTC), "hoan_thanh_dung_han"}, // 23:59 in Hà Nội
		{"late", time.Date(2021, 10, 31, 17, 0, 0, 0, time.UTC), "hoan_thanh_qua_han"},      // 00:00 next day
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t)
			var task taskJSON
			st := e.do("leader", "POST", "/api/v1/tasks", map[string]any{
				"period": "2021-10", "areaId": e.areaID, "text": "Hội LHPN phường tổ chức ra mắt câu lạc bộ “An toàn cho trẻ em”",
				"leadUnitId": e.units["lead"], "coordinatingUnitIds": []models.ID{e.units["coord"]},
				"followUpUnitId": e.units["office"], "deadline": "2021-10-31",
			}, &task)
			if st != 201 || task.ID == "" || task.Version != 1 || task.State != "chua_thuc_hien" || task.Timeliness != "trong_han" || task.Percent != 0 {
				t.Fatalf("create: %d %+v", st, task)
			}
			path := "/api/v1/tasks/" + task.ID

			if st := e.do("unitLead", "POST", path+"/progress", map[string]any{"percent": 60, "note": "Đã xây dựng kế hoạch"}, &task); st != 200 || task.Percent != 60 || task.State != "dang_thuc_hien" {
				t.Fatalf("report 60%%: %d %+v", st, task)
			}
			if st := e.do("unitLead", "POST", path+"/progress", map[string]any{"state": "cho_xac_nhan", "note": "Đã ra mắt câu lạc bộ"}, &task); st != 200 || task.State != "cho_xac_nhan" || task.Percent != 100 {
				t.Fatalf("report done: %d %+v", st, task)
			}
			if st := e.do("unitLead", "POST", path+"/accept", nil, nil); st != 403 {
				t.Fatalf("unit accepting its own work: %d, want 403", st)
			}
			if st := e.do("unitLead", "PATCH", path, map[string]any{"version": task.Version, "deadline": "2021-12-31"}, nil); st != 403 {
				t.Fatalf("unit changing the deadline: %d, want 403", st)
			}
			var seen taskJSON
			if st := e.do("unitCoord", "GET", path, nil, &seen); st != 200 || seen.ID != task.ID {
				t.Fatalf("coordinating unit: %d", st)
			}
			if st := e.do("unitOther", "GET", path, nil, nil); st != 404 {
				t.Fatalf("unrelated unit: %d, want 404", st)
			}

			e.clock.Set(tc.acceptAt)
			e.tokens["leader"] = e.login("leader@thu.example") // weeks later: the old session has gone idle
			if st := e.do("leader", "POST", path+"/accept", map[string]any{"note": "Đạt yêu cầu"}, &task); st != 200 || task.State != "hoan_thanh" || task.Timeliness != tc.timeliness {
				t.Fatalf("accept: %d %+v", st, task)
			}
			e.clock.Set(tc.acceptAt.Add(30 * 24 * time.Hour)) // timeliness is stable after acceptance
			e.tokens["viewer"] = e.login("viewer@thu.example")
			e.tokens["office"] = e.login("office@thu.example")
			e.tokens["unitCoord"] = e.login("unitCoord@thu.example")
			if e.do("viewer", "GET", path, nil, &task); task.Timeliness != tc.timeliness {
				t.Fatalf("later: %s", task.Timeliness)
			}

			var audit struct {
				Items []struct {
					Action  string `json:"action"`
					ActorID string `json:"actorId"`
				}
			}
			if st := e.do("office", "GET", "/api/v1/audit?entity=task&id="+task.ID, nil, &audit); st != 200 {
				t.Fatalf("audit: %d", st)
			}
			var actions []string
			for i := len(audit.Items) - 1; i >= 0; i-- {
				actions = append(actions, audit.Items[i].Action)
			}
			want := []string{"create", "report", "report", "accept"}
			if len(actions) != len(want) {
				t.Fatalf("audit actions %v, want %v", actions, want)
			}
			for i := range want {
				if actions[i] != want[i] {
					t.Fatalf("audit actions %v, want %v", actions, want)
				}
			}
			var progress struct {
				Items []struct {
					Kind    string `json:"kind"`
					Percent int    `json:"percent"`
					Note    string `json:"note"`
				}
			}
			e.do("unitCoord", "GET", path+"/progress", nil, &progress)
			if len(progress.Items) != 3 || progress.Items[0].Percent != 60 || progress.Items[2].Kind != "accept" {
				t.Fatalf("progress: %+v", progress.Items)
			}
		})
	}
}

// TestStaleVersionIsAConflict: two leaders edit the same version; the second gets 409.
func TestStaleVersionIsAConflict(t *testing.T) {
	e := newTestEnv(t)
	v := e.task(models.StateNotStarted)
	path := "/api/v1/tasks/" + string(v.ID)
	var first taskJSON
	if st := e.do("leader", "PATCH", path, map[string]any{"version": v.Version, "text": "Bản sửa thứ nhất"}, &first); st != 200 || first.Version != v.Version+1 {
		t.Fatalf("first edit: %d %+v", st, first)
	}
	var errBody map[string]any
	if st := e.do("leader", "PATCH", path, map[string]any{"version": v.Version, "text": "Bản sửa thứ hai"}, &errBody); st != 409 || errBody["code"] != "conflict" {
		t.Fatalf("stale edit: %d %v", st, errBody)
	}
	var now taskJSON
	e.do("leader", "GET", path, nil, &now)
	if now.Text != "Bản sửa thứ nhất" {
		t.Fatalf("text after conflict: %q", now.Text)
	}
}

// TestSearchIgnoresDiacritics: "tien do" finds "tiến độ"; "uy ban" finds both spellings.
func TestSearchIgnoresDiacritics(t *testing.T) {
	e := newTestEnv(t)
	for _, text := range []string{"Đẩy nhanh tiến độ thi công", "Phối hợp Ủy ban Kiểm tra", "Báo cáo Uỷ ban nhân dân", "Tuần tra khép kín địa bàn"} {
		if st := e.do("leader", "POST", "/api/v1/tasks", map[string]any{"period": "2021-10", "areaId": e.areaID, "text": text, "leadUnitId": e.units["lead"]}, nil); st != 201 {
			t.Fatalf("create: %d", st)
		}
	}
	for q, want := range map[string]int{"tien do": 1, "uy ban": 2, "UỶ BAN": 2, "khép": 1, "%": 0, "$ne": 0, ".*": 0} {
		var page struct{ Total int }
		if st := e.do("viewer", "GET", "/api/v1/tasks?q="+urlQuery(q), nil, &page); st != 200 || page.Total != want {
			t.Errorf("q=%q: %d total %d, want %d", q, st, page.Total, want)
		}
	}
}
