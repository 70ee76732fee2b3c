package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/services/task"
)

// These tests drive the dashboard, task, unit and month pages through the
// real router with a cookie-keeping client; every HTML answer is checked
// by checkHTML (labels, ids, no inline script or style).

// signIn is a browser logged in as role ("leader", "unitLead", …).
func (e *testEnv) signIn(role string) *browser {
	e.t.Helper()
	b := e.browser()
	p := b.post("/login", url.Values{"email": {role + "@thu.example"}, "password": {testPassword}})
	if p.status != 200 {
		e.t.Fatalf("login %s: %d at %s", role, p.status, p.path)
	}
	return b
}

// taskIn creates a task in October 2021 with the given text, lead and deadline.
func (e *testEnv) taskIn(text string, lead models.ID, deadline string) task.TaskView {
	e.t.Helper()
	v, err := e.svc.Tasks.Create(context.Background(), e.actors["leader"], task.TaskInput{
		Period: "2021-10", AreaID: e.areaID, Text: text, LeadUnitID: lead,
		CoordinatingUnitIDs: []models.ID{}, Deadline: deadline,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func (e *testEnv) current(id models.ID) task.TaskView {
	e.t.Helper()
	v, err := e.svc.Tasks.Get(context.Background(), e.actors["leader"], id)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

var countRe = regexp.MustCompile(`id="(count-[a-z-]+)">([0-9.]+)<`)

// counts reads the bucket figures of a dashboard or month page.
func counts(body string) map[string]string {
	out := map[string]string{}
	for _, m := range countRe.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestPageDashboard(t *testing.T) {
	e := newTestEnv(t)
	b := e.signIn("leader")
	if p := b.get("/"); p.status != 200 || !strings.Contains(p.body, "Tháng 10/2021 chưa có nhiệm vụ nào") {
		t.Fatalf("empty dashboard: %d %s", p.status, p.body)
	}
	// The clock says 5 October 2021: one task overdue, one within term,
	// one done on time, one awaiting acceptance, one cancelled.
	e.taskIn("Rà soát hộ nghèo", e.units["lead"], "2021-10-02")
	e.taskIn("Tổng vệ sinh môi trường", e.units["other"], "2021-10-31")
	e.task(models.StateDone)
	waiting := e.task(models.StateAwaiting)
	gone := e.taskIn("Việc bỏ", e.units["other"], "2021-10-31")
	if _, err := e.svc.Tasks.Cancel(context.Background(), e.actors["leader"], gone.ID, 0, ""); err != nil {
		t.Fatal(err)
	}
	p := b.get("/")
	want := map[string]string{"count-done": "1", "count-done-on-time": "1", "count-done-late": "0", "count-open": "3",
		"count-open-within": "2", "count-open-overdue": "1", "count-total": "5", "count-cancelled": "1"}
	if got := counts(p.body); !mapsEqual(got, want) {
		t.Errorf("buckets %v, want %v", got, want)
	}
	for _, s := range []string{"Rà soát hộ nghèo", "Chờ xác nhận hoàn thành", "/tasks/" + string(waiting.ID) + "/accept",
		"Tiến độ theo lĩnh vực", "Hội LHPN phường", "Đơn vị chưa báo cáo tiến độ trong 7 ngày", "Hội Nông dân phường"} {
		if !strings.Contains(p.body, s) {
			t.Errorf("dashboard lacks %q", s)
		}
	}
	// Hội Nông dân leads unfinished work and never reported; Hội LHPN reported.
	silent := p.body[strings.Index(p.body, `id="silent-heading"`):strings.Index(p.body, `id="areas-heading"`)]
	if !strings.Contains(silent, "Hội Nông dân phường") || strings.Contains(silent, "Hội LHPN phường") {
		t.Errorf("silent units: %s", silent)
	}
	// Accepting from the dashboard comes back to it with the counts moved.
	p = b.post("/tasks/"+string(waiting.ID)+"/accept", url.Values{"version": {itoa64(waiting.Version)}, "return": {"/?month=2021-10"}})
	if p.path != "/?month=2021-10&notice=accepted" || counts(p.body)["count-done"] != "2" {
		t.Errorf("accept from the dashboard: %s %v", p.path, counts(p.body))
	}
	if p := b.get("/?month=2021-13"); p.status != 200 || !strings.Contains(p.body, "Tháng không hợp lệ") {
		t.Errorf("bad month: %d", p.status)
	}
	if p := b.get("/?month=2021-09"); !strings.Contains(p.body, "Tháng 09/2021 chưa có nhiệm vụ nào") {
		t.Error("another month's dashboard")
	}
	// A unit officer's home is the unit view.
	if p := e.signIn("unitLead").get("/"); p.path != "/unit" {
		t.Errorf("unit officer's home: %s", p.path)
	}
	// Office and viewers see the dashboard but cannot accept.
	if p := e.signIn("viewer").get("/"); p.status != 200 || strings.Contains(p.body, "/accept") {
		t.Errorf("viewer dashboard: %d", p.status)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func readAll(res *http.Response) string {
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return string(data)
}

func TestPageTaskList(t *testing.T) {
	e := newTestEnv(t)
	e.taskIn("Giải phóng mặt bằng tuyến đường Vành đai", e.units["lead"], "2021-10-20")
	e.taskIn("Tiêm chủng mở rộng", e.units["other"], "2021-10-10")
	for i := 0; i < 25; i++ {
		e.taskIn("Nhiệm vụ thường kỳ số "+strconv.Itoa(i), e.units["other"], "2021-10-31")
	}
	b := e.signIn("leader")
	p := b.get("/tasks")
	if p.status != 200 || !strings.Contains(p.body, "Hiển thị 1–20 trong 27 nhiệm vụ") || !strings.Contains(p.body, `rel="next"`) {
		t.Fatalf("list: %d %s", p.status, p.body)
	}
	// Search without diacritics.
	p = b.get("/tasks?q=giai+phong+mat+bang")
	if !strings.Contains(p.body, "Hiển thị 1–1 trong 1 nhiệm vụ") || !strings.Contains(p.body, "Giải phóng mặt bằng") {
		t.Errorf("search: %s", p.body)
	}
	// Sorting by deadline puts 10 October first.
	p = b.get("/tasks?sort=deadline")
	if i, j := strings.Index(p.body, "Tiêm chủng"), strings.Index(p.body, "Giải phóng"); i < 0 || j < 0 || i > j {
		t.Errorf("sort by deadline: %d %d", i, j)
	}
	// Paging.
	if p := b.get("/tasks?page=2"); !strings.Contains(p.body, "Hiển thị 21–27 trong 27 nhiệm vụ") {
		t.Error("page 2")
	}
	// Filters by unit role and timeliness.
	if p := b.get("/tasks?unit=" + string(e.units["lead"]) + "&role=lead"); !strings.Contains(p.body, "trong 1 nhiệm vụ") {
		t.Error("unit filter")
	}
	// Bad filters: a Vietnamese message, nothing crashes.
	p = b.get("/tasks?state=xyz&perPage=7")
	if p.status != 422 || !strings.Contains(p.body, "Bộ lọc chưa hợp lệ") || !strings.Contains(p.body, "trạng thái") {
		t.Errorf("bad filter: %d %s", p.status, p.body)
	}
	// All months, and an empty result.
	if p := b.get("/tasks?month=&q=khong+co+viec+nay"); !strings.Contains(p.body, "Không có nhiệm vụ nào khớp với bộ lọc") {
		t.Error("empty filtered list")
	}
	// A unit officer sees only the unit's tasks and no bulk form.
	p = e.signIn("unitLead").get("/tasks")
	if !strings.Contains(p.body, "trong 1 nhiệm vụ") || strings.Contains(p.body, "/tasks/bulk\"") && strings.Contains(p.body, `name="action"`) {
		t.Errorf("unit officer's list: %s", p.body)
	}
}

func TestPageNewTask(t *testing.T) {
	e := newTestEnv(t)
	b := e.signIn("leader")
	p := b.get("/tasks/new")
	if p.status != 200 || !strings.Contains(p.body, "Giao nhiệm vụ mới") {
		t.Fatalf("form: %d", p.status)
	}
	form := formValues(t, p.body, "/tasks")
	// Dates are written and read day first, whatever the browser's locale.
	if form.Get("deadline") != "31/10/2021" || !strings.Contains(p.body, `placeholder="dd/mm/yyyy"`) || strings.Contains(p.body, `type="date"`) {
		t.Errorf("the deadline field: %q", form.Get("deadline"))
	}
	// Nothing chosen: the form comes back with problems and the input kept.
	form.Set("text", "Tổ chức Hội nghị sơ kết")
	p = b.post("/tasks", form)
	if p.status != 422 || !strings.Contains(p.body, "Chọn đơn vị chủ trì") && !strings.Contains(p.body, "Đơn vị không tồn tại") ||
		!strings.Contains(p.body, "Tổ chức Hội nghị sơ kết") {
		t.Errorf("invalid new task: %d %s", p.status, p.body)
	}
	form.Set("area", string(e.areaID))
	form.Set("lead", string(e.units["lead"]))
	form.Add("coordinating", string(e.units["coord"]))
	form.Set("deadline", "05/10/2021")
	p = b.post("/tasks", form)
	if p.status != 200 || !strings.HasPrefix(p.path, "/tasks/") || !strings.Contains(p.body, "Đã giao nhiệm vụ") ||
		!strings.Contains(p.body, "05/10/2021") || !strings.Contains(p.body, "Đoàn TNCS Hồ Chí Minh") {
		t.Errorf("created: %d %s %s", p.status, p.path, p.body)
	}
	id := strings.TrimPrefix(strings.SplitN(p.path, "?", 2)[0], "/tasks/")
	if got := e.current(models.ID(id)).Deadline; got != "2021-10-05" {
		t.Errorf("05/10/2021 was stored as %q", got)
	}
	// Only leaders assign.
	if p := e.signIn("office").get("/tasks/new"); p.status != 403 {
		t.Errorf("office on the new-task form: %d", p.status)
	}
	if p := e.signIn("unitLead").post("/tasks", form); p.status != 403 {
		t.Errorf("unit officer creating: %d", p.status)
	}
}

func TestPageTaskVisibility(t *testing.T) {
	e := newTestEnv(t)
	v := e.task(models.StateNotStarted) // led by "lead", coordinated by "coord"
	for role, want := range map[string]int{"leader": 200, "office": 200, "viewer": 200, "unitLead": 200, "unitCoord": 200, "unitOther": 404} {
		if p := e.signIn(role).get("/tasks/" + string(v.ID)); p.status != want {
			t.Errorf("%s on the task page: %d, want %d", role, p.status, want)
		}
	}
	if p := e.signIn("unitOther").get("/tasks/" + string(v.ID) + "/edit"); p.status != 404 {
		t.Errorf("other unit on the edit form: %d", p.status)
	}
	if p := e.signIn("leaderB").get("/tasks/" + string(v.ID)); p.status != 404 {
		t.Errorf("another committee: %d", p.status)
	}
	if p := e.signIn("leader").get("/tasks/nonsense"); p.status != 404 || !strings.Contains(p.body, "Không tìm thấy") {
		t.Errorf("unknown id: %d", p.status)
	}
	// Forms by role: the lead reports, the coordinator only writes.
	lead := e.signIn("unitLead").get("/tasks/" + string(v.ID)).body
	if !strings.Contains(lead, `name="percent"`) || !strings.Contains(lead, `value="done"`) || strings.Contains(lead, "/accept") {
		t.Error("lead unit's forms")
	}
	coord := e.signIn("unitCoord").get("/tasks/" + string(v.ID)).body
	if strings.Contains(coord, `name="percent"`) || !strings.Contains(coord, "Báo cáo của đơn vị phối hợp") {
		t.Error("coordinating unit's forms")
	}
	office := e.signIn("office").get("/tasks/" + string(v.ID)).body
	if !strings.Contains(office, "/notes") || strings.Contains(office, "/edit") || strings.Contains(office, `name="percent"`) {
		t.Error("office's forms")
	}
}

func TestPageReportAcceptFlow(t *testing.T) {
	e := newTestEnv(t)
	v := e.task(models.StateNotStarted)
	id := string(v.ID)
	unit := e.signIn("unitLead")
	page := unit.get("/tasks/" + id)
	form := formValues(t, page.body, "/tasks/"+id+"/progress")
	form.Set("percent", "60")
	form.Set("note", "Đã tổ chức 2 buổi")
	form.Set("report", "progress")
	if p := unit.post("/tasks/"+id+"/progress", form); !strings.Contains(p.body, "Đã ghi nhận báo cáo tiến độ") || e.current(v.ID).Percent != 60 {
		t.Fatalf("report 60%%: %s", p.path)
	}
	// The same (now stale) form again: no overwrite, the input comes back.
	form.Set("percent", "40")
	p := unit.post("/tasks/"+id+"/progress", form)
	if p.status != 409 || !strings.Contains(p.body, "Nhiệm vụ vừa được cập nhật") || !strings.Contains(p.body, `value="40"`) || e.current(v.ID).Percent != 60 {
		t.Errorf("stale report: %d %s", p.status, p.body)
	}
	// Bad percent: a message, nothing changes.
	form = formValues(t, unit.get("/tasks/"+id).body, "/tasks/"+id+"/progress")
	form.Set("percent", "150")
	form.Set("report", "progress")
	if p := unit.post("/tasks/"+id+"/progress", form); p.status != 422 || !strings.Contains(p.body, "Tiến độ phải là số nguyên từ 0 đến 100") {
		t.Errorf("bad percent: %d", p.status)
	}
	// Done: awaiting acceptance.
	form.Set("report", "done")
	form.Del("percent")
	unit.post("/tasks/"+id+"/progress", form)
	if cur := e.current(v.ID); cur.State != models.StateAwaiting || cur.Percent != 100 {
		t.Fatalf("reported done: %s %d", cur.State, cur.Percent)
	}
	// A coordinating unit adds a written report.
	coord := e.signIn("unitCoord")
	cf := formValues(t, coord.get("/tasks/"+id).body, "/tasks/"+id+"/progress")
	cf.Set("note", "Đoàn đã huy động 30 đoàn viên")
	cf.Set("report", "progress")
	if p := coord.post("/tasks/"+id+"/progress", cf); !strings.Contains(p.body, "Đoàn đã huy động 30 đoàn viên") {
		t.Error("coordinating report not in the history")
	}
	// The leader accepts with an old version: refused, page shows the current task.
	leader := e.signIn("leader")
	p = leader.post("/tasks/"+id+"/accept", url.Values{"version": {"1"}, "note": {"Tốt"}})
	if p.status != 409 || !strings.Contains(p.body, "Nhiệm vụ đã được người khác thay đổi") || !strings.Contains(p.body, `value="Tốt"`) {
		t.Errorf("stale accept: %d %s", p.status, p.body)
	}
	af := formValues(t, leader.get("/tasks/"+id).body, "/tasks/"+id+"/accept")
	if p := leader.post("/tasks/"+id+"/accept", af); !strings.Contains(p.body, "Đã xác nhận hoàn thành") || e.current(v.ID).State != models.StateDone {
		t.Errorf("accept: %s", p.path)
	}
	// Accepting again is an invalid transition, said in words.
	if p := leader.post("/tasks/"+id+"/accept", url.Values{"version": {itoa64(e.current(v.ID).Version)}}); p.status != 422 || !strings.Contains(p.body, "Không thực hiện được") {
		t.Errorf("accept twice: %d", p.status)
	}
	// Reopen and cancel.
	rf := formValues(t, leader.get("/tasks/"+id).body, "/tasks/"+id+"/accept")
	leader.post("/tasks/"+id+"/reopen", rf)
	if e.current(v.ID).State != models.StateInProgress {
		t.Error("reopen")
	}
	// A unit officer cannot accept, whatever the form says.
	if p := unit.post("/tasks/"+id+"/cancel", url.Values{"version": {itoa64(e.current(v.ID).Version)}}); p.status != 403 {
		t.Errorf("unit officer cancelling: %d", p.status)
	}
	// Office: a chase note; empty notes are refused.
	office := e.signIn("office")
	if p := office.post("/tasks/"+id+"/notes", url.Values{"note": {""}}); p.status != 422 {
		t.Errorf("empty note: %d", p.status)
	}
	if p := office.post("/tasks/"+id+"/notes", url.Values{"note": {"Đề nghị báo cáo trước ngày 20"}}); !strings.Contains(p.body, "Đề nghị báo cáo trước ngày 20") {
		t.Error("chase note")
	}
}

func TestPageEditConflict(t *testing.T) {
	e := newTestEnv(t)
	v := e.task(models.StateNotStarted)
	id := string(v.ID)
	leader := e.signIn("leader")
	form := formValues(t, leader.get("/tasks/"+id+"/edit").body, "/tasks/"+id+"/edit")
	// Meanwhile another leader moves the deadline.
	dl := "2021-10-20"
	if _, err := e.svc.Tasks.Update(context.Background(), e.actors["leader"], v.ID, task.TaskPatch{Version: v.Version, Deadline: &dl}); err != nil {
		t.Fatal(err)
	}
	form.Set("text", "Nội dung mới của nhiệm vụ")
	p := leader.post("/tasks/"+id+"/edit", form)
	if p.status != 409 || !strings.Contains(p.body, "Thay đổi của bạn CHƯA được lưu") || !strings.Contains(p.body, "Nội dung mới của nhiệm vụ") ||
		!strings.Contains(p.body, `value="2021-10-20"`) || !strings.Contains(p.body, "Nội dung nhiệm vụ") {
		t.Fatalf("conflict: %d %s", p.status, p.body)
	}
	if cur := e.current(v.ID); cur.Text == "Nội dung mới của nhiệm vụ" || cur.Deadline != "2021-10-20" {
		t.Fatal("the stale edit was saved")
	}
	// Saving the merged form keeps both changes.
	again := formValues(t, p.body, "/tasks/"+id+"/edit")
	leader.post("/tasks/"+id+"/edit", again)
	if cur := e.current(v.ID); cur.Text != "Nội dung mới của nhiệm vụ" || cur.Deadline != "2021-10-20" {
		t.Errorf("after the merged save: %q %s", cur.Text, cur.Deadline)
	}
	// Invalid input: a message, nothing saved.
	bad := formValues(t, leader.get("/tasks/"+id+"/edit").body, "/tasks/"+id+"/edit")
	bad.Set("deadline", "31/02/2021")
	if p := leader.post("/tasks/"+id+"/edit", bad); p.status != 422 || !strings.Contains(p.body, "Thời hạn phải là một ngày hợp lệ") {
		t.Errorf("bad deadline: %d", p.status)
	}
}

func TestPageBulk(t *testing.T) {
	e := newTestEnv(t)
	a := e.taskIn("Việc A", e.units["lead"], "2021-10-31")
	bt := e.taskIn("Việc B", e.units["lead"], "2021-10-31")
	c := e.task(models.StateNotStarted)
	leader := e.signIn("leader")
	list := leader.get("/tasks")
	// B changes after the list was read: its stale version fails alone.
	dl := "2021-10-15"
	if _, err := e.svc.Tasks.Update(context.Background(), e.actors["leader"], bt.ID, task.TaskPatch{Version: bt.Version, Deadline: &dl}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"back": {"/tasks"}, "action": {"assign"}, "lead": {string(e.units["other"])},
		"task": {string(a.ID) + ":1", string(bt.ID) + ":1", string(c.ID) + ":1"}}
	if !strings.Contains(list.body, `value="`+string(a.ID)+`:1"`) {
		t.Fatal("no checkbox for task A")
	}
	p := leader.post("/tasks/bulk", form)
	if p.status != 200 || !strings.Contains(p.body, "Thành công: 2 nhiệm vụ; không thực hiện được: 1 nhiệm vụ") ||
		!strings.Contains(p.body, "Nhiệm vụ đã được người khác thay đổi (hiện là phiên bản 2)") {
		t.Fatalf("bulk assign: %d %s", p.status, p.body)
	}
	if e.current(a.ID).LeadUnitID != e.units["other"] || e.current(bt.ID).LeadUnitID != e.units["lead"] || e.current(bt.ID).Deadline != "2021-10-15" {
		t.Error("bulk assign applied wrongly")
	}
	// Accepting tasks that are not awaiting: invalid transitions, listed.
	p = leader.post("/tasks/bulk", url.Values{"action": {"accept"}, "task": {string(a.ID) + ":2"}})
	if !strings.Contains(p.body, "Không thực hiện được với nhiệm vụ đang ở trạng thái “Chưa thực hiện”") {
		t.Errorf("bulk accept: %s", p.body)
	}
	// All good: back to the list with a notice.
	p = leader.post("/tasks/bulk", url.Values{"action": {"deadline"}, "deadline": {"2021-10-25"}, "back": {"/tasks?q=viec"},
		"task": {string(a.ID) + ":2", string(bt.ID) + ":2"}})
	if p.path != "/tasks?notice=bulk&q=viec" || !strings.Contains(p.body, "Đã cập nhật tất cả các nhiệm vụ đã chọn") {
		t.Errorf("bulk deadline: %s", p.path)
	}
	if p := leader.post("/tasks/bulk", url.Values{"action": {"accept"}}); p.status != 422 || !strings.Contains(p.body, "Chưa chọn nhiệm vụ nào") {
		t.Errorf("nothing selected: %d", p.status)
	}
	if p := e.signIn("office").post("/tasks/bulk", url.Values{"action": {"accept"}, "task": {string(a.ID) + ":3"}}); p.status != 403 {
		t.Errorf("office bulk: %d", p.status)
	}
}

func TestPageUnitView(t *testing.T) {
	e := newTestEnv(t)
	late := e.taskIn("Việc trễ hạn của hội", e.units["lead"], "2021-10-01")
	e.taskIn("Việc trong hạn của hội", e.units["lead"], "2021-10-30")
	coordinated := e.task(models.StateNotStarted)
	unit := e.signIn("unitLead")
	p := unit.get("/unit")
	i, j := strings.Index(p.body, "Việc trễ hạn"), strings.Index(p.body, "Việc trong hạn")
	if p.status != 200 || i < 0 || j < 0 || i > j || !strings.Contains(p.body, "Quá hạn — cần xử lý ngay") {
		t.Fatalf("unit view: %d %s", p.status, p.body)
	}
	// One-tap report through htmx: the answer is the card alone.
	form := formValues(t, p.body, "/tasks/"+string(late.ID)+"/progress")
	form.Set("percent", "50")
	form.Set("report", "progress")
	req, _ := http.NewRequest("POST", e.srv.URL+"/tasks/"+string(late.ID)+"/progress", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("HX-Request", "true")
	res, err := unit.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(res)
	if res.StatusCode != 200 || strings.Contains(body, "<html") || !strings.Contains(body, `id="task-`+string(late.ID)+`"`) ||
		!strings.Contains(body, "Đã ghi nhận báo cáo tiến độ") || e.current(late.ID).Percent != 50 {
		t.Errorf("htmx report: %d %s", res.StatusCode, body)
	}
	// Without JavaScript the same form posts and comes back to the page.
	form.Set("version", itoa64(e.current(late.ID).Version))
	form.Set("percent", "70")
	if p := unit.post("/tasks/"+string(late.ID)+"/progress", form); !strings.HasPrefix(p.path, "/unit?notice=reported") || e.current(late.ID).Percent != 70 {
		t.Errorf("plain report: %s", p.path)
	}
	// The coordinating unit sees the task with its role.
	if p := e.signIn("unitCoord").get("/unit"); !strings.Contains(p.body, coordinated.Text) || !strings.Contains(p.body, "Phối hợp") {
		t.Error("coordinating unit's view")
	}
	// Leaders pick a unit.
	if p := e.signIn("leader").get("/unit?unit=" + string(e.units["lead"])); !strings.Contains(p.body, "Việc trễ hạn của hội") {
		t.Error("leader's look at a unit")
	}
	if p := e.signIn("unitOther").get("/unit"); !strings.Contains(p.body, "Đơn vị không có nhiệm vụ nào đang thực hiện") {
		t.Error("empty unit view")
	}
}

func TestPagePeriodsAndClose(t *testing.T) {
	e := newTestEnv(t)
	keep := e.taskIn("Việc chuyển sang tháng sau", e.units["lead"], "2021-10-31")
	drop := e.taskIn("Việc hủy khi kết thúc tháng", e.units["lead"], "2021-10-31")
	e.task(models.StateDone)
	leader := e.signIn("leader")
	if p := leader.get("/periods"); p.status != 200 || !strings.Contains(p.body, `href="/periods/2021-10"`) {
		t.Fatalf("periods: %d", p.status)
	}
	p := leader.get("/periods/2021-10")
	for _, s := range []string{"/periods/2021-10/reports/review", "/periods/2021-10/reports/carryover", "/periods/2021-10/reports/draft", "Kết thúc tháng"} {
		if !strings.Contains(p.body, s) {
			t.Errorf("month page lacks %q", s)
		}
	}
	if v := e.signIn("viewer").get("/periods/2021-10"); strings.Contains(v.body, "/reports/") || strings.Contains(v.body, "/close") {
		t.Error("a viewer sees report links or the close form")
	}
	if p := e.signIn("unitLead").get("/periods/2021-10"); p.status != 403 {
		t.Errorf("unit officer on the month page: %d", p.status)
	}
	form := formValues(t, p.body, "/periods/2021-10/close")
	if form.Get("choice."+string(keep.ID)) != "carry" {
		t.Fatalf("default choice: %v", form)
	}
	form.Set("choice."+string(drop.ID), "cancel")
	// Closing asks once more, with what it will do; nothing is closed yet.
	p = leader.post("/periods/2021-10/close", form)
	if p.status != 200 || !strings.Contains(p.body, `id="close-confirm"`) || !strings.Contains(p.body, "1 nhiệm vụ chưa hoàn thành được chuyển sang tháng 11/2021") ||
		!strings.Contains(p.body, "1 nhiệm vụ bị hủy") || !strings.Contains(p.body, "0 nhiệm vụ được ghi là đã hoàn thành") {
		t.Fatalf("confirmation: %d %s", p.status, between(p.body, `id="close-confirm"`, "</article>"))
	}
	if e.current(drop.ID).State == models.StateCancelled || e.current(keep.ID).State == models.StateCarried {
		t.Fatal("the month closed before it was confirmed")
	}
	form = formValues(t, p.body, "/periods/2021-10/close")
	if form.Get("confirm") != "1" || form.Get("choice."+string(drop.ID)) != "cancel" {
		t.Fatalf("the confirmation lost the answers: %v", form)
	}
	p = leader.post("/periods/2021-10/close", form)
	if p.path != "/periods/2021-10?notice=closed" || !strings.Contains(p.body, "1 nhiệm vụ chưa hoàn thành đã được chuyển sang tháng 11/2021") ||
		!strings.Contains(p.body, "Số liệu đã chốt") {
		t.Fatalf("closed: %s %s", p.path, p.body)
	}
	if e.current(drop.ID).State != models.StateCancelled || e.current(keep.ID).State != models.StateCarried {
		t.Error("choices not applied")
	}
	// The carried task links back to where it came from.
	next := monthend.CarriedTaskID(keep.ID, "2021-11")
	np := leader.get("/tasks/" + string(next))
	if !strings.Contains(np.body, "chuyển từ tháng 10/2021, lần 1") || !strings.Contains(np.body, `href="/tasks/`+string(keep.ID)+`"`) {
		t.Errorf("carried task page: %s", np.body)
	}
	if p := leader.get("/tasks/" + string(keep.ID)); !strings.Contains(p.body, `href="/tasks/`+string(next)+`"`) {
		t.Error("the old task does not link to its copy")
	}
	if p := leader.get("/periods/2021-99"); p.status != 404 {
		t.Errorf("bad month: %d", p.status)
	}
	if p := e.signIn("office").post("/periods/2021-11/close", url.Values{}); p.status != 403 {
		t.Errorf("office closing: %d", p.status)
	}
}

func TestPageLanguage(t *testing.T) {
	e := newTestEnv(t)
	b := e.signIn("leader")
	b.lang = "en"
	p := b.post("/language", url.Values{"lang": {"en"}, "return": {"/tasks?q=x"}})
	if p.path != "/tasks?q=x" || !strings.Contains(p.body, "Filter tasks") {
		t.Errorf("switch to English: %s", p.path)
	}
	for _, evil := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		noFollow := &http.Client{Jar: b.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		req, _ := http.NewRequest("POST", e.srv.URL+"/language", strings.NewReader(url.Values{"lang": {"vi"}, "return": {evil}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != "/" {
			t.Errorf("return %q: %d to %q", evil, res.StatusCode, loc)
		}
	}
	b.lang = "vi"
	if p := b.get("/"); !strings.Contains(p.body, "Tình hình thực hiện nhiệm vụ") {
		t.Error("back in Vietnamese")
	}
	if p := b.post("/language", url.Values{"lang": {"fr"}}); p.status != 400 {
		t.Errorf("unknown language: %d", p.status)
	}
}
