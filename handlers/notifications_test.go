package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
)

// noticeList is the answer of GET /api/v1/notifications.
type noticeList struct {
	Items []struct {
		ID, Kind, TaskID, Text, At string
		Read                       bool
	}
	Unread int
}

func (e *testEnv) notices(role, query string) noticeList {
	e.t.Helper()
	var out noticeList
	if st := e.do(role, "GET", "/api/v1/notifications"+query, nil, &out); st != 200 {
		e.t.Fatalf("notifications of %s: %d", role, st)
	}
	return out
}

// TestNotificationsAPI: a leader assigns a task to a unit; its officer has
// one unread notice naming the task; someone else's ids mark nothing;
// marking it read (by id, then all) brings the count to 0.
func TestNotificationsAPI(t *testing.T) {
	e := newTestEnv(t)
	text := "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở các khu dân cư"
	var task struct{ ID string }
	if st := e.do("leader", "POST", "/api/v1/tasks", map[string]any{"period": "2021-10", "areaId": e.areaID, "text": text,
		"leadUnitId": e.units["lead"], "deadline": "2021-10-25"}, &task); st != 201 {
		t.Fatalf("create: %d", st)
	}

	got := e.notices("unitLead", "")
	if got.Unread != 1 || len(got.Items) != 1 {
		t.Fatalf("unit officer: %+v", got)
	}
	n := got.Items[0]
	if n.Kind != string(models.NoticeAssigned) || n.TaskID != task.ID || n.Read || !strings.Contains(n.Text, text) || n.At == "" || !models.ID(n.ID).Valid() {
		t.Errorf("notice: %+v", n)
	}
	if other := e.notices("unitOther", ""); other.Unread != 0 || len(other.Items) != 0 {
		t.Errorf("another unit's officer: %+v", other)
	}
	if mine := e.notices("leader", ""); mine.Unread != 0 {
		t.Errorf("the leader hears of their own change: %+v", mine)
	}

	// Another person's ids are ignored, not refused.
	var marked struct{ Marked, Unread int }
	if st := e.do("unitOther", "POST", "/api/v1/notifications/read", map[string]any{"ids": []string{n.ID}}, &marked); st != 200 || marked.Marked != 0 {
		t.Errorf("another's ids: %d %+v", st, marked)
	}
	if got := e.notices("unitLead", "?unread=true"); got.Unread != 1 || len(got.Items) != 1 {
		t.Errorf("after another's try: %+v", got)
	}

	for name, body := range map[string]any{
		"neither ids nor all": map[string]any{},
		"both":                map[string]any{"ids": []string{n.ID}, "all": true},
		"malformed id":        map[string]any{"ids": []string{"không-phải-id"}},
		"too many ids":        map[string]any{"ids": manyIDs(201)},
	} {
		var out struct{ Code string }
		if st := e.do("unitLead", "POST", "/api/v1/notifications/read", body, &out); st != 422 || out.Code != "invalid" {
			t.Errorf("%s: %d %q", name, st, out.Code)
		}
	}
	for name, body := range map[string]string{"malformed JSON": `{"all":`, "ids not a list": `{"ids":"x"}`, "unknown field": `{"every":true}`} {
		var out struct{ Code string }
		if st := e.doRaw("unitLead", "POST", "/api/v1/notifications/read", "application/json", body, &out); st != 400 || out.Code != "bad_request" {
			t.Errorf("%s: %d %q", name, st, out.Code)
		}
	}
	for _, q := range []string{"?unread=maybe", "?limit=viel"} {
		if st := e.do("unitLead", "GET", "/api/v1/notifications"+q, nil, nil); st != 422 {
			t.Errorf("GET %s: %d", q, st)
		}
	}

	if st := e.do("unitLead", "POST", "/api/v1/notifications/read", map[string]any{"ids": []string{n.ID}}, &marked); st != 200 || marked.Marked != 1 || marked.Unread != 0 {
		t.Fatalf("mark read: %d %+v", st, marked)
	}
	if got := e.notices("unitLead", ""); got.Unread != 0 || len(got.Items) != 1 || !got.Items[0].Read {
		t.Errorf("after marking: %+v", got)
	}
	if got := e.notices("unitLead", "?unread=true&limit=5"); len(got.Items) != 0 {
		t.Errorf("unread only, after marking: %+v", got)
	}

	// Two more tasks, a minute apart (notices of one moment have no
	// order of their own), then all at once.
	e.clock.Set(e.clock.Now().Add(time.Minute))
	e.taskIn("Rà soát hộ nghèo, cận nghèo", e.units["lead"], "2021-10-31")
	e.clock.Set(e.clock.Now().Add(time.Minute))
	e.taskIn("Tổng vệ sinh môi trường", e.units["lead"], "2021-10-31")
	if got := e.notices("unitLead", "?limit=1"); got.Unread != 2 || len(got.Items) != 1 || got.Items[0].Text == n.Text {
		t.Errorf("newest first, one: %+v", got)
	}
	if st := e.do("unitLead", "POST", "/api/v1/notifications/read", map[string]any{"all": true}, &marked); st != 200 || marked.Marked != 2 || marked.Unread != 0 {
		t.Errorf("all: %d %+v", st, marked)
	}
}

func manyIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("0000000000%010d", i)
	}
	return out
}

// TestNotificationsPage: the menu counts the unread notices, the page
// lists them with links to their tasks, "mark all read" and opening a
// task bring the count to 0.
func TestNotificationsPage(t *testing.T) {
	e := newTestEnv(t)
	v := e.taskIn("Tuyên truyền phòng, chống dịch bệnh mùa mưa", e.units["lead"], "2021-10-20")
	unit := e.signIn("unitLead")

	p := unit.get("/unit")
	if !strings.Contains(p.body, `id="unread-count">1<`) || !strings.Contains(p.body, `aria-label="Thông báo: 1 chưa đọc"`) {
		t.Fatalf("menu count: %s", p.body)
	}
	p = unit.get("/notifications")
	if p.status != 200 || !strings.Contains(p.body, `href="/tasks/`+string(v.ID)+`"`) || !strings.Contains(p.body, "Tuyên truyền phòng, chống dịch bệnh mùa mưa") ||
		!strings.Contains(p.body, "Chưa đọc") || !strings.Contains(p.body, "Đánh dấu tất cả đã đọc") || !strings.Contains(p.body, "05/10/2021") {
		t.Fatalf("notifications page: %d %s", p.status, p.body)
	}
	if !strings.Contains(p.body, `<a href="/notifications" class="inbox-link" aria-current="page"`) {
		t.Error("the menu does not mark the page current")
	}
	if p := unit.get("/notifications?unread=1"); !strings.Contains(p.body, "Tuyên truyền phòng") || !strings.Contains(p.body, `href="/notifications?unread=1" aria-current="page"`) {
		t.Errorf("unread only: %s", p.body)
	}

	form := formValues(t, p.body, "/notifications/read")
	if form.Get("all") != "1" {
		t.Fatalf("mark-all form: %v", form)
	}
	p = unit.post("/notifications/read", form)
	if p.path != "/notifications?notice=read" || !strings.Contains(p.body, "Đã đánh dấu") || strings.Contains(p.body, `id="unread-count"`) || strings.Contains(p.body, "Đánh dấu tất cả đã đọc") {
		t.Errorf("after marking all: %s %s", p.path, p.body)
	}
	if got := e.notices("unitLead", ""); got.Unread != 0 {
		t.Errorf("API after marking all: %+v", got)
	}
	if p := unit.get("/notifications?unread=1"); !strings.Contains(p.body, "Không có thông báo chưa đọc.") {
		t.Errorf("empty unread list: %s", p.body)
	}
	if p := unit.post("/notifications/read", url.Values{}); p.status != 400 {
		t.Errorf("neither all nor ids: %d", p.status)
	}

	// Opening the task a notice names marks it read, before the menu counts.
	w := e.taskIn("Kiểm tra công tác phòng cháy, chữa cháy", e.units["lead"], "2021-10-28")
	if p := unit.get("/notifications"); !strings.Contains(p.body, `id="unread-count">1<`) {
		t.Fatal("the second task's notice is not counted")
	}
	if p := unit.get("/tasks/" + string(w.ID)); p.status != 200 || strings.Contains(p.body, `id="unread-count"`) {
		t.Errorf("task page still counts its notice: %d", p.status)
	}
	if got := e.notices("unitLead", ""); got.Unread != 0 || len(got.Items) != 2 {
		t.Errorf("API after opening the task: %+v", got)
	}

	if p := e.signIn("unitOther").get("/notifications"); p.status != 200 || !strings.Contains(p.body, "Chưa có thông báo nào.") {
		t.Errorf("no notices: %d", p.status)
	}
	if p := e.browser().get("/notifications"); p.path != "/login?next=%2Fnotifications" {
		t.Errorf("anonymous: %s", p.path)
	}
}

// TestUnitPageShowsChaseNotes: the office's chase note reaches the lead
// unit's own page, not only the task page; another unit's page does not
// show it, and it stays there once read.
func TestUnitPageShowsChaseNotes(t *testing.T) {
	e := newTestEnv(t)
	task := e.taskIn("Hoàn thành danh sách hộ nghèo khu vực 2", e.units["lead"], "2021-10-20")
	if p := e.signIn("unitLead").get("/unit"); strings.Contains(p.body, "Ý kiến đôn đốc gần đây") {
		t.Fatalf("chase panel before any chase note")
	}
	e.clock.Set(e.clock.Now().Add(time.Hour))
	if _, err := e.svc.Tasks.AddNote(context.Background(), e.actors["office"], task.ID, "Đề nghị nộp danh sách trước thứ Năm"); err != nil {
		t.Fatal(err)
	}
	unit := e.signIn("unitLead")
	p := unit.get("/unit")
	for _, want := range []string{"Ý kiến đôn đốc gần đây", "Đề nghị nộp danh sách trước thứ Năm", `href="/tasks/` + string(task.ID) + `"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("unit page lacks %q", want)
		}
	}
	if p := e.signIn("unitOther").get("/unit"); strings.Contains(p.body, "Đề nghị nộp danh sách") {
		t.Errorf("another unit sees the chase note")
	}
	unit.get("/tasks/" + string(task.ID))
	if p := unit.get("/unit"); !strings.Contains(p.body, "Đề nghị nộp danh sách trước thứ Năm") {
		t.Errorf("the chase note left the unit page once read")
	}
}
