package handlers_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/store"
)

// TestHandedOutPasswordMustBeChanged: a password an administrator typed
// for someone else opens only the "choose your own password" page, on the
// web and over the API, until it is changed; then everything works.
func TestHandedOutPasswordMustBeChanged(t *testing.T) {
	e := newTestEnv(t)
	if _, _, err := e.svc.Users.Create(context.Background(), e.actors["admin"], directory.UserInput{
		Name: "Đào Văn Mới", Email: "moi@thu.example", Role: models.RoleLeader, Password: testPassword,
	}); err != nil {
		t.Fatal(err)
	}

	// API: signed in, but only /me and the password change answer.
	var login struct {
		Token string
		User  struct{ MustChangePassword bool }
	}
	if st := e.do("", "POST", "/api/v1/auth/login", map[string]string{"email": "moi@thu.example", "password": testPassword}, &login); st != 200 || !login.User.MustChangePassword {
		t.Fatalf("login: %d, must change %v", st, login.User.MustChangePassword)
	}
	e.tokens["moi"] = login.Token
	for _, path := range []string{"/api/v1/tasks", "/api/v1/units", "/api/v1/committee", "/api/v1/me/calendar"} {
		var body struct{ Code string }
		if st := e.do("moi", "GET", path, nil, &body); st != 403 || body.Code != "password_change_required" {
			t.Errorf("GET %s before the change: %d %q", path, st, body.Code)
		}
	}
	if st := e.do("moi", "GET", "/api/v1/me", nil, nil); st != 200 {
		t.Errorf("GET /me before the change: %d", st)
	}

	// Web: every page leads to the change page; the change signs in anew.
	b := e.browser()
	p := b.post("/login", url.Values{"email": {"moi@thu.example"}, "password": {testPassword}})
	if p.path != "/password/change" || !strings.Contains(p.body, "Chọn mật khẩu riêng") {
		t.Fatalf("after login: %d at %s", p.status, p.path)
	}
	// The page asked for comes along, to be opened after the change.
	for path, want := range map[string]string{"/": "/password/change", "/tasks": "/password/change?next=%2Ftasks",
		"/profile": "/password/change?next=%2Fprofile", "/periods": "/password/change?next=%2Fperiods"} {
		if p := b.get(path); p.path != want {
			t.Errorf("%s while the password must change: at %s", path, p.path)
		}
	}
	p = b.post("/password/change", url.Values{"currentPassword": {testPassword}, "password": {"moi-chon-rieng-123"}, "passwordRepeat": {"khac-hoan-toan-123"}})
	if p.status != 422 {
		t.Errorf("mismatched repeat: %d", p.status)
	}
	p = b.post("/password/change", url.Values{"currentPassword": {testPassword}, "password": {testPassword}, "passwordRepeat": {testPassword}})
	if p.status != 422 {
		t.Errorf("same password again: %d", p.status)
	}
	p = b.post("/password/change", url.Values{"currentPassword": {testPassword}, "password": {"moi-chon-rieng-123"}, "passwordRepeat": {"moi-chon-rieng-123"}})
	if p.status != 200 || p.path != "/" {
		t.Fatalf("after the change: %d at %s", p.status, p.path)
	}
	if p := b.get("/tasks"); p.path != "/tasks" || p.status != 200 {
		t.Errorf("tasks after the change: %d at %s", p.status, p.path)
	}
	if st := e.do("moi", "GET", "/api/v1/tasks", nil, nil); st != 401 {
		t.Errorf("the old session survived the change: %d", st)
	}
}

// TestInvitationPage: a new account's invitation link sets a password
// once and signs the person in; an administrator can send a new one,
// which replaces the old.
func TestInvitationPage(t *testing.T) {
	e := newTestEnv(t)
	var created struct{ User struct{ ID string } }
	if st := e.do("admin", "POST", "/api/v1/users", map[string]any{"name": "Hà Thị Mời", "email": "moi@thu.example", "role": "office"}, &created); st != 201 {
		t.Fatalf("create: %d", st)
	}
	first := e.invitationToken(t, "moi@thu.example")
	if st := e.do("admin", "POST", "/api/v1/users/"+created.User.ID+"/invite", nil, nil); st != 202 {
		t.Fatalf("invite again: %d", st)
	}
	second := e.invitationToken(t, "moi@thu.example")
	if first == second {
		t.Fatal("the new invitation has the old link")
	}
	b := e.browser()
	if p := b.get("/invite?token=" + first); p.status != 404 {
		t.Errorf("replaced link: %d", p.status)
	}
	p := b.get("/invite?token=" + second)
	if p.status != 200 || !strings.Contains(p.body, "Hà Thị Mời") {
		t.Fatalf("invitation page: %d", p.status)
	}
	p = b.post("/invite", url.Values{"token": {second}, "password": {"ngan"}, "passwordRepeat": {"ngan"}})
	if p.status != 422 {
		t.Errorf("short password: %d", p.status)
	}
	p = b.post("/invite", url.Values{"token": {second}, "password": {"mat-khau-tu-chon"}, "passwordRepeat": {"mat-khau-tu-chon"}})
	if p.status != 200 || p.path != "/" {
		t.Fatalf("after accepting: %d at %s", p.status, p.path)
	}
	if p := b.get("/tasks"); p.status != 200 || p.path != "/tasks" {
		t.Errorf("signed in after accepting: %d at %s", p.status, p.path)
	}
	if p := e.browser().get("/invite?token=" + second); p.status != 404 {
		t.Errorf("used link: %d", p.status)
	}
	if st := e.do("unitLead", "POST", "/api/v1/users/"+created.User.ID+"/invite", nil, nil); st != 403 {
		t.Errorf("a unit officer sent an invitation: %d", st)
	}

	// The administrator's page says where the person stands and sends a
	// new invitation.
	var again struct{ User struct{ ID string } }
	if st := e.do("admin", "POST", "/api/v1/users", map[string]any{"name": "Vũ Văn Chờ", "email": "cho@thu.example", "role": "viewer"}, &again); st != 201 {
		t.Fatalf("create: %d", st)
	}
	old := e.invitationToken(t, "cho@thu.example")
	admin := e.browser()
	admin.login("admin@thu.example")
	if p := admin.get("/admin/users/" + again.User.ID); !strings.Contains(p.body, "Đang dùng mật khẩu tạm thời") {
		t.Errorf("user page does not say the password is temporary: %s", p.body)
	}
	p = admin.post("/admin/users/"+again.User.ID+"/invite", url.Values{})
	if p.status != 200 || !strings.Contains(p.body, "Đã gửi thư mời mới") {
		t.Errorf("send a new invitation: %d %s", p.status, p.path)
	}
	if now := e.invitationToken(t, "cho@thu.example"); now == old {
		t.Error("the page did not send a new invitation")
	}
}

// invitationToken is the token of the newest invitation to addr.
func (e *testEnv) invitationToken(t *testing.T, addr string) string {
	t.Helper()
	msgs, err := e.store.Outbox().List(context.Background(), store.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs { // newest first
		if strings.HasPrefix(m.Key, "invitation:") && m.To[0] == addr {
			full, err := e.store.Outbox().Get(context.Background(), m.CommitteeID, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if m := regexp.MustCompile(`/invite\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(full.Text); m != nil {
				return m[1]
			}
		}
	}
	t.Fatalf("no invitation to %s", addr)
	return ""
}
