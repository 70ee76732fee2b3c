package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/handlers"
	"github.com/theodoi/theodoi/jobs"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/outbox"
)

// serveWith replaces the test server by one built with extra deps (the
// mail target, job states) over the same services. Browsers must log in
// after it: cookies belong to the old server's address.
func (e *testEnv) serveWith(d handlers.Deps) {
	e.t.Helper()
	d.Services = e.svc
	d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	e.srv = httptest.NewServer(handlers.New(d))
	e.t.Cleanup(e.srv.Close)
}

// as is a browser logged in as the test user of role. It does not follow
// the login's redirect: where it leads is the home page's business.
// outboxPage is the newest page of the committee's outbox, as its admin
// lists it.
func outboxPage(ctx context.Context, e *testEnv, state models.MessageState) ([]models.Message, error) {
	e.svc.Auth.Settle() // reset links are queued after their request is answered
	page, err := e.svc.Mail.Outbox(ctx, e.actors["admin"], outbox.OutboxQuery{State: state})
	return page.Messages, err
}

func (e *testEnv) as(role string) *browser {
	e.t.Helper()
	b := e.browser()
	if res := b.signIn(role+"@thu.example", testPassword); res.StatusCode != 303 {
		e.t.Fatalf("login as %s: %d", role, res.StatusCode)
	}
	return b
}

// signIn posts the login form and answers the login's own response.
func (b *browser) signIn(email, password string) *http.Response {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.e.srv.URL+"/login", strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	once := &http.Client{Jar: b.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := once.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// TestAdminAccess: each page for each role, as the permission matrix says.
// Unit officers and viewers never reach /admin; leaders and the office
// see what they may list; only admins see mail and jobs and edit units,
// users and the committee.
func TestAdminAccess(t *testing.T) {
	e := newTestEnv(t)
	unit := string(e.units["lead"])
	user := string(e.actors["office"].UserID)
	pages := []string{"/admin", "/admin/committee", "/admin/units", "/admin/units/" + unit, "/admin/users",
		"/admin/users/" + user, "/admin/areas", "/admin/outbox", "/admin/jobs"}
	allowed := map[string][]string{
		"admin":    pages,
		"leader":   {"/admin", "/admin/committee", "/admin/units", "/admin/users", "/admin/areas"},
		"office":   {"/admin", "/admin/committee", "/admin/units", "/admin/users", "/admin/areas"},
		"viewer":   nil,
		"unitLead": nil,
	}
	for role, ok := range allowed {
		b := e.as(role)
		for _, path := range pages {
			p := b.get(path)
			want := 403
			for _, a := range ok {
				if a == path {
					want = 200
				}
			}
			if p.status != want || p.path != path {
				t.Errorf("%s GET %s: %d at %s, want %d", role, path, p.status, p.path, want)
			}
			if want == 403 && (!strings.Contains(p.body, "Không có quyền truy cập") || !strings.Contains(p.body, "Trang quản trị dành cho")) {
				t.Errorf("%s GET %s: forbidden page lacks its message", role, path)
			}
		}
	}

	// Read-only roles get no forms, and their posts change nothing.
	office := e.as("office")
	for _, path := range []string{"/admin/units", "/admin/users", "/admin/areas", "/admin/committee"} {
		if p := office.get(path); strings.Contains(p.body, `method="post" action="/admin`) || !strings.Contains(p.body, "Bạn chỉ có quyền xem") {
			t.Errorf("office sees a form on %s", path)
		}
	}
	leader := e.as("leader")
	if p := leader.get("/admin/areas"); !strings.Contains(p.body, `action="/admin/areas"`) {
		t.Error("a leader may manage areas but gets no form")
	}
	if p := leader.get("/admin"); strings.Contains(p.body, `href="/admin/outbox"`) || !strings.Contains(p.body, `href="/admin/areas"`) {
		t.Errorf("leader's admin index: %s", p.body)
	}
	before := len(listUnits(t, e))
	for role, b := range map[string]*browser{"office": office, "leader": leader, "unitLead": e.as("unitLead")} {
		posts := map[string]url.Values{
			"/admin/units":                      {"name": {"Chi bộ lạ"}, "kind": {"party_cell"}},
			"/admin/users":                      {"name": {"Ai đó"}, "email": {"ai@thu.example"}, "role": {"viewer"}},
			"/admin/committee":                  {"version": {"1"}, "name": {"Đổi tên"}},
			"/admin/units/" + unit:              {"version": {"1"}, "name": {"Đổi tên"}, "kind": {"mass_org"}},
			"/admin/outbox/" + unit + "/resend": {},
		}
		for path, form := range posts {
			if p := b.post(path, form); p.status != 403 {
				t.Errorf("%s POST %s: %d", role, path, p.status)
			}
		}
	}
	if n := len(listUnits(t, e)); n != before {
		t.Errorf("refused posts created units: %d → %d", before, n)
	}
	if cm, _ := e.svc.Committees.Get(context.Background(), e.actors["admin"]); cm.Name != "Đảng ủy phường Thử Nghiệm" {
		t.Errorf("refused post renamed the committee: %q", cm.Name)
	}

	// Without a session: the login page.
	if p := e.browser().get("/admin/units"); p.path != "/login?next=%2Fadmin%2Funits" {
		t.Errorf("anonymous: ended at %s", p.path)
	}
	// Unknown and malformed ids: the not-found page.
	admin := e.as("admin")
	for _, path := range []string{"/admin/units/0000000000000000000z", "/admin/units/nope", "/admin/users/0000000000000000000z"} {
		if p := admin.get(path); p.status != 404 || !strings.Contains(p.body, "Không tìm thấy") {
			t.Errorf("GET %s: %d", path, p.status)
		}
	}
}

func listUnits(t *testing.T, e *testEnv) []models.Unit {
	t.Helper()
	units, err := e.svc.Units.List(context.Background(), e.actors["admin"])
	if err != nil {
		t.Fatal(err)
	}
	return units
}

func findUnit(t *testing.T, e *testEnv, name string) (models.Unit, bool) {
	t.Helper()
	for _, u := range listUnits(t, e) {
		if u.Name == name {
			return u, true
		}
	}
	return models.Unit{}, false
}

// TestAdminUnits: create and edit a unit; empty names, bad addresses and
// stale forms are refused with the input kept and nothing changed.
func TestAdminUnits(t *testing.T) {
	e := newTestEnv(t)
	b := e.as("admin")
	p := b.get("/admin/units")
	if !strings.Contains(p.body, "Hội LHPN phường") || !strings.Contains(p.body, `<label for="nu-name">Tên đơn vị</label>`) {
		t.Fatalf("units page: %s", p.body)
	}
	n := len(listUnits(t, e))

	// Bad input: the form comes back with the problem at the field.
	bad := []struct {
		form url.Values
		want string
	}{
		{url.Values{"name": {"   "}, "kind": {"party_cell"}}, "Không được để trống"},
		{url.Values{"name": {"Chi bộ TDP Thượng Khê"}, "kind": {"party_cell"}, "emails": {"chibo@thu.example\nkhông-phải-email"}}, "Địa chỉ email không hợp lệ: không-phải-email"},
		{url.Values{"name": {"Chi bộ TDP Thượng Khê"}, "kind": {"club"}}, "Vui lòng chọn một giá trị"},
	}
	for _, c := range bad {
		r := b.post("/admin/units", c.form)
		if r.status != 422 || !strings.Contains(r.body, c.want) || !strings.Contains(r.body, "Chưa lưu được") {
			t.Errorf("create %v: %d, want %q", c.form, r.status, c.want)
		}
		if strings.Index(r.body, `id="new-unit"`) > strings.Index(r.body, `id="units-heading"`) {
			t.Errorf("create %v: the form with its problems is not above the list", c.form)
		}
		if c.form.Get("emails") != "" && !strings.Contains(r.body, "không-phải-email</textarea>") {
			t.Errorf("create %v: the input is lost", c.form)
		}
	}
	if got := len(listUnits(t, e)); got != n {
		t.Fatalf("bad input created units: %d → %d", n, got)
	}

	// Create: aliases and addresses one per line, or with commas.
	r := b.post("/admin/units", url.Values{"name": {"Chi bộ TDP Thượng Khê"}, "kind": {"party_cell"},
		"aliases": {"TDP Thượng Khê\n"}, "emails": {"ThuongKhe@thu.example, bithu.tk@thu.example"}})
	if r.status != 200 || !strings.HasPrefix(r.path, "/admin/units?notice=unit_created") || !strings.Contains(r.body, "Đã thêm đơn vị") {
		t.Fatalf("create: %d at %s", r.status, r.path)
	}
	u, ok := findUnit(t, e, "Chi bộ TDP Thượng Khê")
	if !ok || u.Kind != models.UnitPartyCell || len(u.Aliases) != 1 || len(u.Emails) != 2 || u.Emails[0] != "thuongkhe@thu.example" || !u.Active {
		t.Fatalf("created %+v", u)
	}

	// Edit: rename, add an alias, make it inactive.
	path := "/admin/units/" + string(u.ID)
	r = b.get(path)
	form := formValues(t, r.body, path)
	if form.Get("version") != "1" || form.Get("active") != "true" || form.Get("emails") != "thuongkhe@thu.example\nbithu.tk@thu.example" {
		t.Fatalf("edit form: %v", form)
	}
	stale := cloneValues(form)
	form.Set("name", "Chi bộ Tổ dân phố Thượng Khê")
	form.Set("aliases", "TDP Thượng Khê\nThượng Khê")
	form.Del("active")
	if r := b.post(path, form); r.status != 200 || !strings.Contains(r.path, "notice=unit_saved") {
		t.Fatalf("save: %d at %s: %s", r.status, r.path, r.body)
	}
	got, _ := e.svc.Units.Get(context.Background(), e.actors["admin"], u.ID)
	if got.Name != "Chi bộ Tổ dân phố Thượng Khê" || len(got.Aliases) != 2 || got.Active || got.Version != 2 {
		t.Errorf("saved %+v", got)
	}

	// A form from version 1: refused, the current values shown, the input kept.
	stale.Set("name", "Tên của người đến sau")
	r = b.post(path, stale)
	if r.status != 409 || !strings.Contains(r.body, "vừa được người khác thay đổi") ||
		!strings.Contains(r.body, "<dd>Chi bộ Tổ dân phố Thượng Khê</dd>") || !strings.Contains(r.body, `value="Tên của người đến sau"`) {
		t.Errorf("stale: %d %s", r.status, r.body)
	}
	if again, _ := e.svc.Units.Get(context.Background(), e.actors["admin"], u.ID); again.Version != 2 || again.Name != got.Name {
		t.Errorf("stale form changed the unit: %+v", again)
	}
	// Saving from the conflict page is a deliberate overwrite.
	retry := formValues(t, r.body, path)
	if retry.Get("version") != "2" || retry.Get("name") != "Tên của người đến sau" {
		t.Errorf("conflict form: %v", retry)
	}
	if r := b.post(path, retry); r.status != 200 {
		t.Errorf("overwrite: %d", r.status)
	}
	// Bad input on edit, and a missing version.
	bad2 := cloneValues(retry)
	bad2.Set("version", "3")
	bad2.Set("name", "")
	if r := b.post(path, bad2); r.status != 422 || !strings.Contains(r.body, `id="u-name-error"`) {
		t.Errorf("empty name on edit: %d", r.status)
	}
	bad2.Del("version")
	if r := b.post(path, bad2); r.status != 400 {
		t.Errorf("no version: %d", r.status)
	}
	if r := b.post("/admin/units/0000000000000000000z", retry); r.status != 404 {
		t.Errorf("unknown unit: %d", r.status)
	}
}

// TestAdminUsers: create an account (its one-time password works, once
// shown), edit and disable it; bad input is refused.
func TestAdminUsers(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	b := e.as("admin")
	if p := b.get("/admin/users"); !strings.Contains(p.body, "Người dùng leader") || !strings.Contains(p.body, "Lãnh đạo (Thường trực, Ban Thường vụ)") {
		t.Fatalf("users page: %s", p.body)
	}
	count := func() int {
		list, err := e.svc.Users.List(ctx, e.actors["admin"])
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	n := count()
	lead := string(e.units["lead"])
	bad := []struct {
		form url.Values
		want string
	}{
		{url.Values{"name": {"Nguyễn Thị Hoa"}, "email": {"hoa@thu.example"}, "role": {"unit"}, "unitId": {"0000000000000000000z"}, "language": {"vi"}}, "Đơn vị không tồn tại"},
		{url.Values{"name": {"Nguyễn Thị Hoa"}, "email": {"hoa@thu.example"}, "role": {"unit"}, "unitId": {""}, "language": {"vi"}}, "Cán bộ đơn vị phải thuộc một đơn vị"},
		{url.Values{"name": {"Nguyễn Thị Hoa"}, "email": {"hoa at thu"}, "role": {"viewer"}, "language": {"vi"}}, "Địa chỉ email không hợp lệ"},
		{url.Values{"name": {""}, "email": {"hoa@thu.example"}, "role": {"viewer"}, "language": {"vi"}}, "Không được để trống"},
		{url.Values{"name": {"Nguyễn Thị Hoa"}, "email": {"leader@thu.example"}, "role": {"viewer"}, "language": {"vi"}}, "đã được dùng cho một tài khoản khác"},
		{url.Values{"name": {"Nguyễn Thị Hoa"}, "email": {"hoa@thu.example"}, "role": {"boss"}, "language": {"vi"}}, "Vui lòng chọn một giá trị"},
	}
	for _, c := range bad {
		r := b.post("/admin/users", c.form)
		if r.status != 422 || !strings.Contains(r.body, c.want) || !strings.Contains(r.body, `value="`+c.form.Get("email")+`"`) {
			t.Errorf("create %v: %d, want %q", c.form, r.status, c.want)
		}
	}
	if got := count(); got != n {
		t.Fatalf("bad input created users: %d → %d", n, got)
	}

	r := b.post("/admin/users", url.Values{"name": {"Nguyễn Thị Hoa"}, "email": {"Hoa@Thu.example"}, "role": {"unit"}, "unitId": {lead}, "language": {"vi"}})
	m := regexp.MustCompile(`<code class="secret">([^<]+)</code>`).FindStringSubmatch(r.body)
	if r.status != 200 || m == nil || !strings.Contains(r.body, "Đã tạo tài khoản cho Nguyễn Thị Hoa") {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	if _, _, err := e.svc.Auth.Login(ctx, "hoa@thu.example", m[1], "192.0.2.1"); err != nil {
		t.Errorf("the one-time password does not log in: %v", err)
	}
	if p := b.get("/admin/users"); strings.Contains(p.body, m[1]) {
		t.Error("the one-time password is shown again")
	}

	var hoa models.User
	list, _ := e.svc.Users.List(ctx, e.actors["admin"])
	for _, u := range list {
		if u.Email == "hoa@thu.example" {
			hoa = u
		}
	}
	if hoa.Role != models.RoleUnit || hoa.UnitID != e.units["lead"] {
		t.Fatalf("created %+v", hoa)
	}

	// Edit: move to another unit, then disable.
	path := "/admin/users/" + string(hoa.ID)
	form := formValues(t, b.get(path).body, path)
	stale := cloneValues(form)
	form.Set("unitId", string(e.units["coord"]))
	form.Set("disabled", "true")
	if r := b.post(path, form); r.status != 200 || !strings.Contains(r.path, "notice=user_saved") || !strings.Contains(r.body, "Đã khóa") {
		t.Fatalf("save: %d at %s", r.status, r.path)
	}
	if _, _, err := e.svc.Auth.Login(ctx, "hoa@thu.example", m[1], "192.0.2.1"); !errors.Is(err, models.ErrUnauthenticated) {
		t.Errorf("a disabled account logs in: %v", err)
	}
	stale.Set("name", "Nguyễn Thị Hoa (sửa)")
	r = b.post(path, stale)
	if r.status != 409 || !strings.Contains(r.body, "vừa được người khác thay đổi") || !strings.Contains(r.body, `value="Nguyễn Thị Hoa (sửa)"`) ||
		!strings.Contains(r.body, "<dd>Đoàn TNCS Hồ Chí Minh</dd>") {
		t.Errorf("stale: %d %s", r.status, r.body)
	}
	badUnit := cloneValues(formValues(t, b.get(path).body, path))
	badUnit.Set("unitId", "0000000000000000000z")
	if r := b.post(path, badUnit); r.status != 422 || !strings.Contains(r.body, "Đơn vị không tồn tại") {
		t.Errorf("unknown unit on edit: %d", r.status)
	}
	after := hoa
	list, _ = e.svc.Users.List(ctx, e.actors["admin"])
	for _, u := range list {
		if u.ID == hoa.ID {
			after = u
		}
	}
	if after.Version != 2 || after.UnitID != e.units["coord"] || !after.Disabled {
		t.Errorf("after refused edits: %+v", after)
	}

	// An admin cannot lock themselves out.
	self := "/admin/users/" + string(e.actors["admin"].UserID)
	form = formValues(t, b.get(self).body, self)
	form.Set("role", "viewer")
	if r := b.post(self, form); r.status != 422 || !strings.Contains(r.body, "Bạn không thể tự khóa hoặc hạ quyền") {
		t.Errorf("self demotion: %d", r.status)
	}
}

// TestAdminCommittee: the header fields are saved; an empty name, an
// unknown time zone and a stale form are refused.
func TestAdminCommittee(t *testing.T) {
	e := newTestEnv(t)
	b := e.as("admin")
	form := formValues(t, b.get("/admin/committee").body, "/admin/committee")
	if form.Get("name") != "Đảng ủy phường Thử Nghiệm" || form.Get("issuerCode") != "ĐU" || form.Get("timeZone") != models.DefaultTimeZone {
		t.Fatalf("form: %v", form)
	}
	stale := cloneValues(form)
	for field, want := range map[string]string{"name": "Không được để trống", "timeZone": "Múi giờ không hợp lệ"} {
		bad := cloneValues(form)
		bad.Set(field, map[string]string{"name": " ", "timeZone": "Asia/Hương_Xuân"}[field])
		if r := b.post("/admin/committee", bad); r.status != 422 || !strings.Contains(r.body, want) {
			t.Errorf("bad %s: %d", field, r.status)
		}
	}
	form.Set("superiorBody", "Đảng bộ thị xã Hương Trà")
	form.Set("placeName", "Hương Xuân")
	if r := b.post("/admin/committee", form); r.status != 200 || !strings.Contains(r.body, "Đã lưu thông tin cấp ủy") {
		t.Fatalf("save: %d at %s", r.status, r.path)
	}
	stale.Set("placeName", "Hương Chữ")
	if r := b.post("/admin/committee", stale); r.status != 409 || !strings.Contains(r.body, "<dd>Hương Xuân</dd>") || !strings.Contains(r.body, `value="Hương Chữ"`) {
		t.Errorf("stale: %d", r.status)
	}
	cm, _ := e.svc.Committees.Get(context.Background(), e.actors["admin"])
	if cm.SuperiorBody != "Đảng bộ thị xã Hương Trà" || cm.PlaceName != "Hương Xuân" || cm.Version != 2 {
		t.Errorf("committee %+v", cm)
	}
}

// TestAdminAreas: add, rename and move areas; bad positions and stale
// rows are refused.
func TestAdminAreas(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	b := e.as("leader") // leaders manage areas
	areas, _ := e.svc.Areas.List(ctx, e.actors["leader"])
	n := len(areas)
	if r := b.post("/admin/areas", url.Values{"name": {""}}); r.status != 422 || !strings.Contains(r.body, `id="na-name-error"`) {
		t.Errorf("empty name: %d", r.status)
	}
	if r := b.post("/admin/areas", url.Values{"name": {"Công tác dân vận"}, "position": {"hai"}}); r.status != 422 || !strings.Contains(r.body, "Thứ tự phải là số nguyên") ||
		!strings.Contains(r.body, `value="Công tác dân vận"`) {
		t.Errorf("bad position: %d", r.status)
	}
	if got, _ := e.svc.Areas.List(ctx, e.actors["leader"]); len(got) != n {
		t.Fatalf("bad input created areas")
	}
	if r := b.post("/admin/areas", url.Values{"name": {"Công tác dân vận"}}); r.status != 200 || !strings.Contains(r.body, "Đã thêm lĩnh vực") {
		t.Fatalf("create: %d", r.status)
	}
	areas, _ = e.svc.Areas.List(ctx, e.actors["leader"])
	last := areas[len(areas)-1]
	if len(areas) != n+1 || last.Name != "Công tác dân vận" || last.Position != n+1 {
		t.Fatalf("created %+v", last)
	}

	first := areas[0]
	path := "/admin/areas/" + string(first.ID)
	form := formValues(t, b.get("/admin/areas").body, path)
	stale := cloneValues(form)
	form.Set("name", "Về kinh tế, đô thị")
	form.Set("position", "20")
	if r := b.post(path, form); r.status != 200 || !strings.Contains(r.body, "Đã lưu lĩnh vực") {
		t.Fatalf("save: %d", r.status)
	}
	stale.Set("name", "Kinh tế")
	r := b.post(path, stale)
	if r.status != 409 || !strings.Contains(r.body, "Giá trị hiện tại: thứ tự 20, “Về kinh tế, đô thị”") || !strings.Contains(r.body, `value="Kinh tế"`) {
		t.Errorf("stale: %d %s", r.status, r.body)
	}
	badPos := formValues(t, b.get("/admin/areas").body, path)
	badPos.Set("position", "5000")
	if r := b.post(path, badPos); r.status != 422 || !strings.Contains(r.body, `id="ar-`+string(first.ID)+`-position-error"`) {
		t.Errorf("position 5000: %d", r.status)
	}
	got, _ := e.svc.Areas.List(ctx, e.actors["leader"])
	if moved := got[len(got)-1]; moved.ID != first.ID || moved.Name != "Về kinh tế, đô thị" || moved.Position != 20 || moved.Version != 2 {
		t.Errorf("after edits: %+v", moved)
	}
}

// TestAdminOutboxPages: a long outbox is shown 100 messages a page, newest
// first, with links between the pages, on the page and through the API.
func TestAdminOutboxPages(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	committee := e.actors["admin"].CommitteeID
	const total = outbox.OutboxPageSize + 5
	for i := range total {
		m := models.Message{CommitteeID: committee, Key: fmt.Sprintf("test:%03d", i), To: []string{"hoilhpn@thu.example"}, Subject: fmt.Sprintf("Thư số %03d", i), Text: "…"}
		if _, err := e.svc.Mail.Queue(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	rows := func(body string) int { return strings.Count(body, `<tr id="message-`) }
	older := regexp.MustCompile(`<a href="([^"]+)">Thư cũ hơn →</a>`)

	b := e.as("admin")
	p := b.get("/admin/outbox")
	m := older.FindStringSubmatch(p.body)
	if p.status != 200 || rows(p.body) != outbox.OutboxPageSize || m == nil || strings.Contains(p.body, "Thư mới nhất") ||
		!strings.Contains(p.body, fmt.Sprintf("Thư số %03d", total-1)) {
		t.Fatalf("first page: %d, %d rows, older link %v", p.status, rows(p.body), m)
	}
	p = b.get(html.UnescapeString(m[1]))
	if p.status != 200 || rows(p.body) != total-outbox.OutboxPageSize || older.MatchString(p.body) ||
		!strings.Contains(p.body, `<a href="/admin/outbox">← Thư mới nhất</a>`) || !strings.Contains(p.body, "Thư số 000") {
		t.Errorf("second page: %d, %d rows", p.status, rows(p.body))
	}
	if p := b.get("/admin/outbox?after=not-a-place"); p.status != 200 || !strings.Contains(p.body, "Liên kết trang không hợp lệ") ||
		rows(p.body) != outbox.OutboxPageSize {
		t.Errorf("bad page link: %d, %d rows", p.status, rows(p.body))
	}

	var first, second struct {
		Items []models.Message `json:"items"`
		Next  string           `json:"next"`
	}
	if st := e.do("admin", "GET", "/api/v1/outbox", nil, &first); st != 200 || len(first.Items) != outbox.OutboxPageSize || first.Next == "" {
		t.Fatalf("API first page: %d, %d items, next %q", st, len(first.Items), first.Next)
	}
	if st := e.do("admin", "GET", "/api/v1/outbox?after="+url.QueryEscape(first.Next), nil, &second); st != 200 ||
		len(second.Items) != total-outbox.OutboxPageSize || second.Next != "" {
		t.Errorf("API second page: %d, %d items, next %q", st, len(second.Items), second.Next)
	}
	seen := map[models.ID]bool{}
	for _, m := range append(first.Items, second.Items...) {
		seen[m.ID] = true
	}
	if len(seen) != total {
		t.Errorf("the two pages hold %d different messages, want %d", len(seen), total)
	}
	if st := e.do("admin", "GET", "/api/v1/outbox?after=12.zz", nil, nil); st != 422 {
		t.Errorf("API bad after: %d, want 422", st)
	}
}

// flakyMailer delivers everything except mail to addresses starting
// with "hong".
type flakyMailer struct{}

func (flakyMailer) Send(_ context.Context, m models.Message, _ string) error {
	if strings.HasPrefix(m.To[0], "hong") {
		return errors.New("550 no such mailbox")
	}
	return nil
}

// TestAdminOutbox: the list and its filter, the .eml notice, and resending:
// a failed message goes back to the queue, a sent one is refused.
func TestAdminOutbox(t *testing.T) {
	e := newTestEnvWith(t, services.Options{LoginRatePerMinute: 1000, Mailer: flakyMailer{}, Mail: outbox.MailOptions{MaxAttempts: 1}})
	ctx := context.Background()
	e.serveWith(handlers.Deps{MailTo: "/srv/theodoi/mail"})
	b := e.as("admin")
	if p := b.get("/admin/outbox"); p.status != 200 || !strings.Contains(p.body, "Chưa có thư nào") || !strings.Contains(p.body, "tệp .eml") ||
		!strings.Contains(p.body, "/srv/theodoi/mail") {
		t.Fatalf("empty outbox: %d %s", p.status, p.body)
	}
	committee := e.actors["admin"].CommitteeID
	for key, to := range map[string]string{"a": "hoilhpn@thu.example", "b": "hong@thu.example"} {
		if _, err := e.svc.Mail.Queue(ctx, models.Message{CommitteeID: committee, Key: "test:" + key, To: []string{to}, Subject: "Nhắc việc " + key, Text: "…"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.Mail.Dispatch(ctx, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	msgs, _ := outboxPage(ctx, e, "")
	ids := map[models.MessageState]models.ID{}
	for _, m := range msgs {
		ids[m.State] = m.ID
	}
	if len(msgs) != 2 || ids[models.MessageSent] == "" || ids[models.MessageFailed] == "" {
		t.Fatalf("outbox: %+v", msgs)
	}

	p := b.get("/admin/outbox")
	if !strings.Contains(p.body, "Nhắc việc a") || !strings.Contains(p.body, "550 no such mailbox") || strings.Count(p.body, ">Gửi lại<") != 1 ||
		!strings.Contains(p.body, `action="/admin/outbox/`+string(ids[models.MessageFailed])+`/resend"`) {
		t.Errorf("outbox page: %s", p.body)
	}
	if p := b.get("/admin/outbox?state=failed"); strings.Contains(p.body, "Nhắc việc a") || !strings.Contains(p.body, "Nhắc việc b") ||
		!strings.Contains(p.body, `<option value="failed" selected>`) {
		t.Errorf("failed filter: %s", p.body)
	}
	if p := b.get("/admin/outbox?state=pending"); !strings.Contains(p.body, "Không có thư nào ở trạng thái này") {
		t.Errorf("empty filter: %s", p.body)
	}
	if p := b.get("/admin/outbox?state=lost"); p.status != 422 || !strings.Contains(p.body, "Trạng thái lọc không hợp lệ") || !strings.Contains(p.body, "Nhắc việc a") {
		t.Errorf("bad filter: %d", p.status)
	}

	// A sent message is not resent.
	r := b.post("/admin/outbox/"+string(ids[models.MessageSent])+"/resend", url.Values{"state": {"sent"}})
	if r.status != 409 || !strings.Contains(r.body, "chỉ gửi lại thư ở trạng thái “Thất bại”") {
		t.Errorf("resend sent: %d %s", r.status, r.body)
	}
	if r := b.post("/admin/outbox/0000000000000000000z/resend", nil); r.status != 404 {
		t.Errorf("resend unknown: %d", r.status)
	}
	r = b.post("/admin/outbox/"+string(ids[models.MessageFailed])+"/resend", url.Values{"state": {"failed"}})
	if r.status != 200 || r.path != "/admin/outbox?notice=resent&state=failed" || !strings.Contains(r.body, "Đã đưa thư vào hàng đợi") {
		t.Errorf("resend failed: %d at %s", r.status, r.path)
	}
	msgs, _ = outboxPage(ctx, e, models.MessagePending)
	if len(msgs) != 1 || msgs[0].ID != ids[models.MessageFailed] || msgs[0].Attempts != 0 {
		t.Errorf("after resend: %+v", msgs)
	}
	if sent, _ := outboxPage(ctx, e, models.MessageSent); len(sent) != 1 {
		t.Errorf("the sent message changed: %+v", sent)
	}

	// With an SMTP server, the page names it instead.
	e.serveWith(handlers.Deps{MailTo: "smtp://mail.thu.example"})
	if p := e.as("admin").get("/admin/outbox"); strings.Contains(p.body, "tệp .eml") || !strings.Contains(p.body, "mail.thu.example") {
		t.Errorf("smtp mode: %s", p.body)
	}
}

// TestAdminJobs: the page shows what the scheduler reports, as the JSON
// route does. The test installation holds two committees, so a
// committee's administrator reads when the jobs ran and whether they
// failed, not their installation-wide summaries and errors.
func TestAdminJobs(t *testing.T) {
	e := newTestEnv(t)
	sched := jobs.New(slog.New(slog.NewTextHandler(io.Discard, nil)), e.clock.Now)
	for _, j := range []jobs.Job{
		{Name: "dispatch", Spec: "@every 1m0s", Run: func(context.Context, time.Time) (string, error) { return "sent 3, retried 0, failed 0", nil }},
		{Name: "digests", Spec: "@every 5m", Run: func(context.Context, time.Time) (string, error) { return "", errors.New("store unavailable") }},
		{Name: "sessions", Spec: "@every 1h", Run: func(context.Context, time.Time) (string, error) { return "", nil }},
	} {
		if err := sched.Add(j); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"dispatch", "digests"} {
		_, _ = sched.RunNow(context.Background(), name, e.clock.Now())
	}
	e.serveWith(handlers.Deps{JobStates: func(context.Context) []models.JobState { return sched.States() }})
	p := e.as("admin").get("/admin/jobs")
	for _, want := range []string{"mỗi 1 phút", "mỗi 5 phút", "mỗi 1 giờ", "Gửi thư trong hàng đợi",
		"theodoi jobs list", "chưa chạy", "10:00 05/10/2021"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("jobs page lacks %q", want)
		}
	}
	if strings.Contains(p.body, "sent 3, retried 0, failed 0") || strings.Contains(p.body, "store unavailable") {
		t.Error("a committee's administrator reads the installation's job summaries")
	}
	if strings.Count(p.body, `<tr id="job-`) != 3 || !strings.Contains(p.body, `<tr id="job-digests" class="failing">`) {
		t.Errorf("jobs page rows: %s", p.body)
	}
	if p := e.as("office").get("/admin/jobs"); p.status != 403 {
		t.Errorf("office on jobs: %d", p.status)
	}

	e.serveWith(handlers.Deps{})
	if p := e.as("admin").get("/admin/jobs"); p.status != 200 || !strings.Contains(p.body, "không chạy công việc nền nào") {
		t.Errorf("no scheduler: %d", p.status)
	}
}
