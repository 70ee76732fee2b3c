package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
)

func TestAPIMailPreferences(t *testing.T) {
	e := newTestEnv(t)
	var p struct {
		Address   string `json:"address"`
		Digest    string `json:"digest"`
		Reminders bool   `json:"reminders"`
	}
	if st := e.do("office", "GET", "/api/v1/me/mail", nil, &p); st != 200 || p.Digest != "weekly" || !p.Reminders || p.Address != "office@thu.example" {
		t.Fatalf("defaults: %d %+v", st, p)
	}
	for body, want := range map[string]int{
		`{"digest":"hourly","reminders":true}`:       422,
		`{"digest":"daily"}`:                         422,
		`{"digest":"daily","reminders":"yes"}`:       400,
		`{"digest":"daily","reminders":true,"x":1}`:  400,
		`{"digest":{"$ne":""},"reminders":true}`:     400,
		`{"digest":"daily","reminders":false}`:       200,
		`{"digest":"daily","reminders":false} trail`: 400,
	} {
		if st := e.do("office", "PUT", "/api/v1/me/mail", body, nil); st != want {
			t.Errorf("PUT %s: %d, want %d", body, st, want)
		}
	}
	if st := e.do("office", "GET", "/api/v1/me/mail", nil, &p); st != 200 || p.Digest != "daily" || p.Reminders {
		t.Errorf("after PUT: %d %+v", st, p)
	}
	if st := e.do("", "GET", "/api/v1/me/mail", nil, nil); st != 401 {
		t.Errorf("anonymous: %d", st)
	}
	var u models.User
	if st := e.do("unitLead", "PATCH", "/api/v1/me", `{"language":"en","name":"Chị Lan"}`, &u); st != 200 || u.Language != "en" || u.Name != "Chị Lan" || u.Role != models.RoleUnit {
		t.Errorf("PATCH /me: %d %+v", st, u)
	}
	if st := e.do("unitLead", "PATCH", "/api/v1/me", `{"role":"admin"}`, nil); st != 400 {
		t.Errorf("PATCH /me with a role: %d, want 400", st)
	}
}

func TestAPIChangePasswordAndReset(t *testing.T) {
	e := newTestEnv(t)
	const next = "mật khẩu mới của văn phòng"
	if st := e.do("office", "POST", "/api/v1/me/password", map[string]string{"currentPassword": "sai", "newPassword": next}, nil); st != 422 {
		t.Errorf("wrong current password: %d", st)
	}
	if st := e.do("office", "POST", "/api/v1/me/password", map[string]string{"currentPassword": testPassword, "newPassword": next}, nil); st != 204 {
		t.Fatalf("change: %d", st)
	}
	if st := e.do("office", "GET", "/api/v1/me", nil, nil); st != 401 {
		t.Errorf("old session after the change: %d", st)
	}

	for _, email := range []string{"nobody@thu.example", "leader@thu.example"} {
		if st := e.do("", "POST", "/api/v1/auth/password/forgot", map[string]string{"email": email}, nil); st != 202 {
			t.Errorf("forgot %s: %d", email, st)
		}
	}
	msgs, err := outboxPage(t.Context(), e, "")
	if err != nil || len(msgs) != 1 || msgs[0].To[0] != "leader@thu.example" {
		t.Fatalf("outbox %v %v", msgs, err)
	}
	i := strings.Index(msgs[0].Text, "/password/reset?token=")
	token := strings.Fields(msgs[0].Text[i+len("/password/reset?token="):])[0]
	if st := e.do("", "POST", "/api/v1/auth/password/reset", map[string]string{"token": token + "x", "password": "mật khẩu đặt lại"}, nil); st != 404 {
		t.Errorf("wrong token: %d", st)
	}
	if st := e.do("", "POST", "/api/v1/auth/password/reset", map[string]string{"token": token, "password": "mật khẩu đặt lại"}, nil); st != 204 {
		t.Fatalf("reset: %d", st)
	}
	if st := e.do("", "POST", "/api/v1/auth/password/reset", map[string]string{"token": token, "password": "mật khẩu đặt lại 2"}, nil); st != 404 {
		t.Errorf("reset twice: %d", st)
	}
	if st := e.do("", "POST", "/api/v1/auth/login", map[string]string{"email": "leader@thu.example", "password": "mật khẩu đặt lại"}, nil); st != 200 {
		t.Errorf("login with the new password: %d", st)
	}
}

func TestUnsubscribePage(t *testing.T) {
	e := newTestEnv(t)
	prefs, err := e.svc.MailPrefs.Get(t.Context(), e.actors["leader"])
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	page := "/unsubscribe?token=" + url.QueryEscape(prefs.Token)
	if r := b.get(page); r.status != 200 || !strings.Contains(r.body, "leader@thu.example") || !strings.Contains(r.body, `value="weekly" checked`) {
		t.Fatalf("page: %d %s", r.status, r.body)
	}
	if r := b.get("/unsubscribe?token=" + url.QueryEscape(prefs.Token+"x")); r.status != 404 || !strings.Contains(r.body, "Liên kết không đúng") {
		t.Errorf("bad token: %d", r.status)
	}
	// A bad choice changes nothing.
	if r := b.post(page, url.Values{"action": {"choose"}, "digest": {"hourly"}, "reminders": {"on"}}); r.status != 422 || !strings.Contains(r.body, "Vui lòng chọn") {
		t.Errorf("bad digest: %d", r.status)
	}
	if r := b.post(page, url.Values{"action": {"choose"}, "digest": {"daily"}}); r.status != 200 || !strings.Contains(r.body, "Đã lưu") || !strings.Contains(r.body, `value="daily" checked`) {
		t.Errorf("choose daily: %d %s", r.status, r.path)
	}
	// One-click, as a mail client sends it: no browser headers, no page.
	req, _ := http.NewRequest("POST", e.srv.URL+page, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("one-click: %d", res.StatusCode)
	}
	got, err := e.svc.MailPrefs.Get(t.Context(), e.actors["leader"])
	if err != nil || got.Digest != models.DigestOff || got.Reminders {
		t.Errorf("after one-click: %+v %v", got, err)
	}
	// Another site cannot make a visitor's browser change the choices.
	req, _ = http.NewRequest("POST", e.srv.URL+page, strings.NewReader("action=choose&digest=weekly&reminders=on"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("cross-site post: %d", res.StatusCode)
	}
}
