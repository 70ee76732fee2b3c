package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/handlers"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/store/sqlite"
)

// newSetupEnv is a server over a fresh SQLite store with no committee at
// all, and the first-run setup token the server would print.
func newSetupEnv(t *testing.T) (*testEnv, string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "setup.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := &fixedClock{now: time.Date(2021, 10, 5, 3, 0, 0, 0, time.UTC)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := services.New(st, clock, log, services.Options{LoginRatePerMinute: 1000})
	e := &testEnv{t: t, svc: svc, clock: clock, tokens: map[string]string{}, actors: map[string]models.Actor{}, units: map[string]models.ID{}}
	e.srv = httptest.NewServer(handlers.New(handlers.Deps{Services: svc, Logger: log, Ready: st.Ping}))
	t.Cleanup(e.srv.Close)
	token, _, err := svc.Setup.IssueToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return e, token
}

const setupPassword = "mật khẩu quản trị đủ dài"

// setupValues is the page's form as it comes, filled in for a ward
// committee and its administrator.
func setupValues(t *testing.T, body string) url.Values {
	t.Helper()
	f := formValues(t, body, "/setup")
	f.Set("superiorBody", "Đảng bộ thành phố Huế")
	f.Set("name", "Đảng ủy phường Hương Xuân")
	f.Set("placeName", "Hương Xuân")
	f.Set("resolutionSignerName", "Nguyễn Văn An")
	f.Set("adminName", "Trần Thị Bình")
	f.Set("adminEmail", "binh@huongxuan.example")
	f.Set("adminPassword", setupPassword)
	f.Set("adminRepeat", setupPassword)
	return f
}

// setUnitName renames the template row with key in the form.
func setUnitName(t *testing.T, f url.Values, key, name string) {
	t.Helper()
	i := slices.Index(f["unitKey"], key)
	if i < 0 || len(f["unitName"]) != len(f["unitKey"]) {
		t.Fatalf("no row %q in %v", key, f["unitKey"])
	}
	f["unitName"][i] = name
}

func hasCommittee(t *testing.T, e *testEnv) bool {
	t.Helper()
	has, err := e.svc.Setup.HasCommittee(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return has
}

// TestSetupPageNeedsItsToken: without the current token the page is not
// there; with it, it walks through the five steps, starting from the
// standard units, and keeps the token out of referrers and compression.
func TestSetupPageNeedsItsToken(t *testing.T) {
	e, token := newSetupEnv(t)
	b := e.browser()
	for _, path := range []string{"/setup", "/setup?token=" + token + "x", "/setup?token=" + strings.Repeat("a", 300)} {
		if p := b.get(path); p.status != 404 || !strings.Contains(p.body, "Không tìm thấy") {
			t.Errorf("%s: %d", path, p.status)
		}
	}
	if p := b.post("/setup", url.Values{"token": {"sai"}, "name": {"Đảng ủy phường X"}}); p.status != 404 {
		t.Errorf("post with a wrong token: %d", p.status)
	}

	req, _ := http.NewRequest("GET", e.srv.URL+"/setup?token="+url.QueryEscape(token), nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Referrer-Policy") != "no-referrer" || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("setup page: %d, referrer policy %q, encoding %q", res.StatusCode, res.Header.Get("Referrer-Policy"), res.Header.Get("Content-Encoding"))
	}

	p := b.get("/setup?token=" + url.QueryEscape(token))
	if p.status != 200 {
		t.Fatalf("with the token: %d", p.status)
	}
	for _, want := range []string{"1. Đảng ủy", "2. Văn bản", "3. Đơn vị", "4. Lĩnh vực", "5. Quản trị viên đầu tiên",
		`value="UBND phường"`, `value="Trạm Y tế phường"`, "T/M ĐẢNG ỦY\nBÍ THƯ", "Lưu Văn phòng Đảng ủy", `value="ĐU"`,
		`<option value="Asia/Ho_Chi_Minh" selected>`, `name="token" value="` + token + `"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	f := formValues(t, p.body, "/setup")
	if len(f["unitKey"]) < 12 || len(f["unitKeep"]) != len(f["unitKey"]) || len(f["areaName"]) != 7 || len(f["areaKeep"]) != 7 {
		t.Errorf("rows: %d units (%d ticked), %d areas (%d ticked)", len(f["unitKey"]), len(f["unitKeep"]), len(f["areaName"]), len(f["areaKeep"]))
	}

	b.lang = "en"
	if r := b.post("/language", url.Values{"lang": {"en"}, "return": {"/setup?token=" + token}}); r.status != 200 || !strings.Contains(r.body, "5. First administrator") {
		t.Errorf("in English: %d", r.status)
	}
}

// TestSetupPageKeepsInputOnProblems: a form with problems comes back with
// what was typed and each problem beside its field; nothing is stored and
// the link still works.
func TestSetupPageKeepsInputOnProblems(t *testing.T) {
	e, token := newSetupEnv(t)
	b := e.browser()
	page := b.get("/setup?token=" + url.QueryEscape(token))

	// The page's own check: the passwords differ (with a bad address).
	f := setupValues(t, page.body)
	f.Set("adminEmail", "không-phải-email")
	f.Set("adminRepeat", setupPassword+"!")
	f.Set("cells", "TDP Thượng Khê\nTDP Thanh Lương 2")
	p := b.post("/setup", f)
	if p.status != 422 {
		t.Fatalf("mismatched passwords: %d", p.status)
	}
	for _, want := range []string{"Chưa thiết lập được", "Hai lần nhập mật khẩu không khớp nhau.", "Địa chỉ email không hợp lệ.",
		`value="Đảng ủy phường Hương Xuân"`, `value="không-phải-email"`, "TDP Thượng Khê\nTDP Thanh Lương 2",
		`id="su-admin-email" type="email" name="adminEmail" value="không-phải-email" maxlength="254" autocomplete="username" required aria-invalid="true" aria-describedby="su-admin-email-error"`,
		`<a href="#su-admin-repeat">`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(p.body, setupPassword) {
		t.Error("the password is sent back")
	}

	// The service's checks: a kept row without a name, a chi bộ line too
	// long, an area twice; the row and the lines carry their problems.
	f = setupValues(t, page.body)
	setUnitName(t, f, "hdnd", "")
	long := strings.Repeat("rất dài ", 30)
	f.Set("cells", "TDP Thượng Khê\n"+long)
	f.Set("areasExtra", f["areaName"][0])
	f.Set("adminEmail", "sai@")
	p = b.post("/setup", f)
	if p.status != 422 {
		t.Fatalf("service problems: %d", p.status)
	}
	for _, want := range []string{
		`id="su-unit-hdnd" name="unitName" value="" maxlength="200" aria-describedby="su-unit-hdnd-note su-unit-hdnd-error" aria-invalid="true"`,
		`<p id="su-unit-hdnd-error" class="field-error">Không được để trống.</p>`,
		`<p id="su-cells-error" class="field-error">Dòng “` + strings.TrimSpace(long) + `”: Nội dung quá dài.</p>`,
		`<p id="su-areas-extra-error" class="field-error">Dòng “` + f["areaName"][0] + `”: Tên này được nhập hai lần.</p>`,
		`<p id="su-admin-email-error" class="field-error">Địa chỉ email không hợp lệ.</p>`,
		`value="Nguyễn Văn An"`, `value="UBND phường"`,
	} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if hasCommittee(t, e) {
		t.Fatal("a committee was stored")
	}
	if err := e.svc.Setup.CheckToken(t.Context(), token); err != nil {
		t.Errorf("the link no longer works: %v", err)
	}
	if p := b.get("/setup?token=" + url.QueryEscape(token)); p.status != 200 {
		t.Errorf("setup page after the problems: %d", p.status)
	}
}

// TestSetupCreatesCommitteeAndSignsIn: the administrator drops a unit,
// renames one and adds two chi bộ; the committee is made with its units,
// areas and administrator, who lands signed in on the administration
// page; the link is dead afterwards.
func TestSetupCreatesCommitteeAndSignsIn(t *testing.T) {
	e, token := newSetupEnv(t)
	b := e.browser()
	page := b.get("/setup?token=" + url.QueryEscape(token))
	f := setupValues(t, page.body)
	f["unitKeep"] = slices.DeleteFunc(f["unitKeep"], func(k string) bool { return k == "tram-y-te" })
	setUnitName(t, f, "ubnd", "UBND phường Hương Xuân")
	f.Set("cells", "TDP Thượng Khê\n\n  chi bộ TDP Thanh Lương 2  \n")

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", e.srv.URL+"/setup", strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var session string
	for _, ck := range res.Cookies() {
		if ck.Name == handlers.SessionCookie {
			session = ck.Value
		}
	}
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin" || session == "" {
		t.Fatalf("setup: %d to %q, session %v", res.StatusCode, res.Header.Get("Location"), session != "")
	}
	ctx := t.Context()
	admin, err := e.svc.Auth.Authenticate(ctx, session)
	if err != nil || admin.Role != models.RoleAdmin {
		t.Fatalf("the session: %+v %v", admin, err)
	}

	jar, _ := cookiejar.New(nil)
	base, _ := url.Parse(e.srv.URL)
	jar.SetCookies(base, res.Cookies())
	b.c = &http.Client{Jar: jar}
	if p := b.get("/admin"); p.status != 200 || p.path != "/admin" || !strings.Contains(p.body, "<h1>Quản trị</h1>") || !strings.Contains(p.body, "Đảng ủy phường Hương Xuân") {
		t.Errorf("admin page: %d at %s", p.status, p.path)
	}

	cm, err := e.svc.Committees.Get(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	if cm.Name != "Đảng ủy phường Hương Xuân" || cm.SuperiorBody != "Đảng bộ thành phố Huế" || cm.PlaceName != "Hương Xuân" || cm.IssuerCode != "ĐU" ||
		cm.TimeZone != models.DefaultTimeZone || cm.Documents.ResolutionSigner.Name != "Nguyễn Văn An" ||
		!slices.Equal(cm.Documents.ResolutionSigner.Titles, []string{"T/M ĐẢNG ỦY", "BÍ THƯ"}) ||
		!slices.Equal(cm.Documents.ResolutionRecipients, models.DefaultDocumentSettings().ResolutionRecipients) {
		t.Errorf("committee: %+v", cm)
	}
	units, err := e.svc.Units.List(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]models.Unit{}
	for _, u := range units {
		byName[u.Name] = u
	}
	if _, ok := byName["Trạm Y tế phường"]; ok {
		t.Error("the dropped unit was made")
	}
	if _, ok := byName["UBND phường"]; ok {
		t.Error("the renamed unit kept its old name")
	}
	if u, ok := byName["UBND phường Hương Xuân"]; !ok || u.Kind != models.UnitGovernment || !slices.Contains(u.Aliases, "UBND") {
		t.Errorf("renamed unit: %+v %v", u, ok)
	}
	if u, ok := byName["Hội LHPN phường"]; !ok || !slices.Contains(u.Aliases, "Hội Liên hiệp Phụ nữ") {
		t.Errorf("kept unit: %+v %v", u, ok)
	}
	for _, name := range []string{"Chi bộ TDP Thượng Khê", "chi bộ TDP Thanh Lương 2"} {
		if u, ok := byName[name]; !ok || u.Kind != models.UnitPartyCell {
			t.Errorf("chi bộ %q: %+v %v", name, u, ok)
		}
	}
	if want := len(f["unitKey"]) - 1 + 2; len(units) != want {
		t.Errorf("%d units, want %d", len(units), want)
	}
	areas, err := e.svc.Areas.List(ctx, admin)
	if err != nil || len(areas) != 7 {
		t.Errorf("areas: %d %v", len(areas), err)
	}
	users, err := e.svc.Users.List(ctx, admin)
	if err != nil || len(users) != 1 || users[0].Email != "binh@huongxuan.example" || users[0].Name != "Trần Thị Bình" || users[0].MustChangePassword {
		t.Errorf("users: %+v %v", users, err)
	}
	page2, err := e.svc.Mail.Outbox(ctx, admin, outbox.OutboxQuery{})
	if err != nil || len(page2.Messages) != 1 || !slices.Equal(page2.Messages[0].To, []string{"binh@huongxuan.example"}) {
		t.Fatalf("outbox: %+v %v", page2.Messages, err)
	}
	if m := page2.Messages[0]; !strings.Contains(m.Text, "/invite?token=") {
		t.Errorf("the mail is no invitation: %s %q", m.Subject, m.Text)
	}

	if p := b.get("/setup?token=" + url.QueryEscape(token)); p.status != 404 {
		t.Errorf("setup page after the setup: %d", p.status)
	}
	if p := b.post("/setup", f); p.status != 404 {
		t.Errorf("second setup: %d", p.status)
	}
	if all, err := e.svc.Committees.List(ctx); err != nil || len(all) != 1 {
		t.Errorf("committees after a second post: %d %v", len(all), err)
	}
}

// TestSetupUnitNamesFollowTheLevel: names left as the page showed them
// (a ward's) follow the level the committee name says; a renamed one
// stays as typed.
func TestSetupUnitNamesFollowTheLevel(t *testing.T) {
	e, token := newSetupEnv(t)
	b := e.browser()
	f := setupValues(t, b.get("/setup?token="+url.QueryEscape(token)).body)
	f.Set("name", "Đảng ủy xã An Hòa")
	setUnitName(t, f, "cong-an", "Công an xã An Hòa")
	if p := b.post("/setup", f); p.status != 200 || p.path != "/admin" {
		t.Fatalf("setup: %d at %s", p.status, p.path)
	}
	units, err := e.svc.Units.List(t.Context(), firstAdmin(t, e))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string][]string{}
	for _, u := range units {
		names[u.Name] = u.Aliases
	}
	for _, want := range []string{"UBND xã", "Trạm Y tế xã", "Công an xã An Hòa", "Chi bộ Cơ quan"} {
		if _, ok := names[want]; !ok {
			t.Errorf("no unit %q in %v", want, names)
		}
	}
	if !slices.Contains(names["Chi bộ Cơ quan"], "Chi bộ Cơ quan xã") {
		t.Errorf("aliases of the commune's level: %v", names["Chi bộ Cơ quan"])
	}
	for name := range names {
		if strings.HasSuffix(name, " phường") {
			t.Errorf("a ward's name: %q", name)
		}
	}
}
