package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
)

// TestAccountProfile: every role has a profile page; name, language and
// mail choices are saved; bad input changes nothing.
func TestAccountProfile(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	for _, role := range []string{"admin", "leader", "office", "viewer", "unitLead"} {
		if p := e.as(role).get("/profile"); p.status != 200 || !strings.Contains(p.body, strings.ToLower(role)+"@thu.example") || !strings.Contains(p.body, `<label for="pf-name">`) {
			t.Errorf("%s: profile %d", role, p.status)
		}
	}
	if p := e.browser().get("/profile"); p.path != "/login?next=%2Fprofile" {
		t.Errorf("anonymous profile ended at %s", p.path)
	}

	b := e.as("unitLead")
	a := e.actors["unitLead"]
	p := b.get("/profile")
	if !strings.Contains(p.body, "<dd>Hội LHPN phường</dd>") || !strings.Contains(p.body, `<input id="ml-digest-weekly" type="radio" name="digest" value="weekly" checked>`) ||
		!strings.Contains(p.body, `name="reminders" value="true" checked>`) {
		t.Fatalf("profile page: %s", p.body)
	}

	// An empty name: refused, nothing saved.
	if r := b.post("/profile", url.Values{"name": {"  "}, "language": {"vi"}}); r.status != 422 || !strings.Contains(r.body, `id="pf-name-error"`) || !strings.Contains(r.body, "Không được để trống") {
		t.Errorf("empty name: %d", r.status)
	}
	if r := b.post("/profile", url.Values{"name": {"Trần Văn Nam"}, "language": {"fr"}}); r.status != 422 || !strings.Contains(r.body, `value="Trần Văn Nam"`) {
		t.Errorf("unknown language: %d", r.status)
	}
	if u, _ := e.svc.Auth.CurrentUser(ctx, a); u.Name != "Người dùng unitLead" || u.Version != 1 {
		t.Errorf("refused profile saved: %+v", u)
	}

	// Mail choices.
	if r := b.post("/profile/mail", url.Values{"digest": {"monthly"}}); r.status != 422 || !strings.Contains(r.body, `id="ml-digest-error"`) {
		t.Errorf("unknown digest: %d", r.status)
	}
	if prefs, _ := e.svc.MailPrefs.Get(ctx, a); prefs.Digest != models.DigestWeekly || !prefs.Reminders {
		t.Errorf("refused choice saved: %+v", prefs)
	}
	if r := b.post("/profile/mail", url.Values{"digest": {"daily"}}); r.status != 200 || !strings.Contains(r.body, "Đã lưu lựa chọn nhận thư") ||
		!strings.Contains(r.body, `value="daily" checked>`) || strings.Contains(r.body, `name="reminders" value="true" checked>`) {
		t.Errorf("mail choices: %d at %s", r.status, r.path)
	}
	if prefs, _ := e.svc.MailPrefs.Get(ctx, a); prefs.Digest != models.DigestDaily || prefs.Reminders {
		t.Errorf("saved choice: %+v", prefs)
	}

	// Name and language: the next page speaks English.
	b.lang = "en"
	if r := b.post("/profile", url.Values{"name": {"Trần Văn Nam"}, "language": {"en"}}); r.status != 200 || !strings.Contains(r.body, "Your details are saved.") ||
		!strings.Contains(r.body, `value="Trần Văn Nam"`) {
		t.Errorf("profile: %d at %s: %s", r.status, r.path, r.body)
	}
}

// TestAccountChangePassword: the current password is required and
// checked; after a change every session ends and only the new one works.
func TestAccountChangePassword(t *testing.T) {
	e := newTestEnv(t)
	b := e.as("office")
	other := e.as("office") // a second session of the same account
	const next = "một mật khẩu mới dài hơn"
	bad := []struct {
		form url.Values
		want string
	}{
		{url.Values{"currentPassword": {"sai-mật-khẩu"}, "password": {next}, "passwordRepeat": {next}}, "Chưa đổi mật khẩu: Mật khẩu hiện tại không đúng"},
		{url.Values{"currentPassword": {""}, "password": {next}, "passwordRepeat": {next}}, "Vui lòng nhập mật khẩu hiện tại"},
		{url.Values{"currentPassword": {testPassword}, "password": {next}, "passwordRepeat": {next + "!"}}, "Hai lần nhập mật khẩu mới không khớp"},
		{url.Values{"currentPassword": {testPassword}, "password": {"ngắn"}, "passwordRepeat": {"ngắn"}}, "ít nhất 10 ký tự"},
		{url.Values{"currentPassword": {testPassword}, "password": {testPassword}, "passwordRepeat": {testPassword}}, "phải khác mật khẩu hiện tại"},
	}
	for _, c := range bad {
		r := b.post("/profile/password", c.form)
		if r.status != 422 || !strings.Contains(r.body, c.want) {
			t.Errorf("%v: %d, want %q", c.form, r.status, c.want)
		}
		if strings.Contains(r.body, c.form.Get("password")) || strings.Contains(r.body, testPassword) {
			t.Errorf("%v: a password is written back into the page", c.form)
		}
	}
	if _, _, err := e.svc.Auth.Login(context.Background(), "office@thu.example", testPassword, "192.0.2.9"); err != nil {
		t.Fatalf("refused changes changed the password: %v", err)
	}

	r := b.post("/profile/password", url.Values{"currentPassword": {testPassword}, "password": {next}, "passwordRepeat": {next}})
	if r.status != 200 || r.path != "/password/done?notice=changed" || !strings.Contains(r.body, "Đã đổi mật khẩu") || !strings.Contains(r.body, `action="/login"`) {
		t.Fatalf("change: %d at %s", r.status, r.path)
	}
	if p := other.get("/profile"); p.path != "/login?next=%2Fprofile" {
		t.Errorf("another session survived the change: %s", p.path)
	}
	if res := e.browser().signIn("office@thu.example", testPassword); res.StatusCode != 401 {
		t.Errorf("old password: %d", res.StatusCode)
	}
	if res := e.browser().signIn("office@thu.example", next); res.StatusCode != 303 {
		t.Errorf("new password: %d", res.StatusCode)
	}
}

var resetToken = regexp.MustCompile(`/password/reset\?token=([A-Za-z0-9_-]+)`)

// lastResetToken is the token of the newest reset e-mail to addr.
func lastResetToken(t *testing.T, e *testEnv, addr string) string {
	t.Helper()
	msgs, err := outboxPage(context.Background(), e, "")
	if err != nil {
		t.Fatal(err)
	}
	var newest models.Message
	for _, m := range msgs { // ids sort by creation, also within one instant of the test clock
		if strings.HasPrefix(m.Key, "password-reset:") && len(m.To) == 1 && m.To[0] == addr && m.ID > newest.ID {
			newest = m
		}
	}
	mm := resetToken.FindStringSubmatch(newest.Text)
	if mm == nil {
		t.Fatalf("no reset link to %s in %d messages", addr, len(msgs))
	}
	return mm[1]
}

func resetCount(t *testing.T, e *testEnv) int {
	t.Helper()
	msgs, _ := outboxPage(context.Background(), e, "")
	n := 0
	for _, m := range msgs {
		if strings.HasPrefix(m.Key, "password-reset:") {
			n++
		}
	}
	return n
}

// TestAccountPasswordReset: the request answers the same for any
// address; a link sets a new password once, and a used, expired or
// missing token is refused.
func TestAccountPasswordReset(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	if p := b.get("/password/forgot"); p.status != 200 || !strings.Contains(p.body, `<label for="fg-email">`) {
		t.Fatalf("forgot page: %d", p.status)
	}
	if r := b.post("/password/forgot", url.Values{"email": {"không phải email"}}); r.status != 422 || !strings.Contains(r.body, "Vui lòng nhập một địa chỉ email hợp lệ") ||
		!strings.Contains(r.body, `value="không phải email"`) {
		t.Errorf("bad address: %d", r.status)
	}
	unknown := b.post("/password/forgot", url.Values{"email": {"ai-do@thu.example"}})
	if unknown.status != 200 || unknown.path != "/password/forgot?notice=sent" || !strings.Contains(unknown.body, "Nếu địa chỉ này có tài khoản") || resetCount(t, e) != 0 {
		t.Fatalf("unknown address: %d at %s, %d mails", unknown.status, unknown.path, resetCount(t, e))
	}
	known := b.post("/password/forgot", url.Values{"email": {"Viewer@thu.example"}})
	if known.path != unknown.path || known.body != unknown.body {
		t.Error("the answer tells a known address from an unknown one")
	}
	if n := resetCount(t, e); n != 1 {
		t.Fatalf("reset mails: %d", n)
	}
	token := lastResetToken(t, e, "viewer@thu.example")
	path := "/password/reset?token=" + url.QueryEscape(token)

	// The form carries the token and is never compressed.
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("reset page: %d, encoding %q, referrer %q", res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Referrer-Policy"))
	}
	form := formValues(t, b.get(path).body, "/password/reset")
	if form.Get("token") != token {
		t.Fatalf("reset form: %v", form)
	}
	const next = "mật khẩu đặt lại an toàn"
	form.Set("password", next)
	form.Set("passwordRepeat", next+"x")
	if r := b.post("/password/reset", form); r.status != 422 || !strings.Contains(r.body, "không khớp") || !strings.Contains(r.body, `name="token" value="`+token+`"`) {
		t.Errorf("mismatch: %d", r.status)
	}
	form.Set("password", "ngắn")
	form.Set("passwordRepeat", "ngắn")
	if r := b.post("/password/reset", form); r.status != 422 || !strings.Contains(r.body, "ít nhất 10 ký tự") {
		t.Errorf("short: %d", r.status)
	}
	// Refused forms did not use the link up.
	form.Set("password", next)
	form.Set("passwordRepeat", next)
	r := b.post("/password/reset", form)
	if r.status != 200 || r.path != "/password/done?notice=reset" || !strings.Contains(r.body, "Đã đặt mật khẩu mới") {
		t.Fatalf("reset: %d at %s: %s", r.status, r.path, r.body)
	}
	if res := e.browser().signIn("viewer@thu.example", next); res.StatusCode != 303 {
		t.Errorf("the new password does not log in: %d", res.StatusCode)
	}

	// Used, expired and missing links.
	form.Set("password", "lại một mật khẩu khác nữa")
	form.Set("passwordRepeat", "lại một mật khẩu khác nữa")
	if r := b.post("/password/reset", form); r.status != 404 || !strings.Contains(r.body, "đã hết hạn hoặc đã được dùng") || strings.Contains(r.body, `name="token"`) {
		t.Errorf("used link: %d", r.status)
	}
	b.post("/password/forgot", url.Values{"email": {"viewer@thu.example"}})
	expired := lastResetToken(t, e, "viewer@thu.example")
	if expired == token {
		t.Fatal("no new link")
	}
	e.clock.Set(e.clock.Now().Add(2 * time.Hour))
	form.Set("token", expired)
	if r := b.post("/password/reset", form); r.status != 404 || !strings.Contains(r.body, "đã hết hạn hoặc đã được dùng") {
		t.Errorf("expired link: %d", r.status)
	}
	if p := b.get("/password/reset"); p.status != 404 || !strings.Contains(p.body, `href="/password/forgot"`) {
		t.Errorf("no token: %d", p.status)
	}
	if res := e.browser().signIn("viewer@thu.example", next); res.StatusCode != 303 {
		t.Errorf("refused links changed the password: %d", res.StatusCode)
	}
}
