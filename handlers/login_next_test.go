package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
)

// loginRedirect posts the sign-in form with next and returns where the
// answer sends the browser, without following it.
func (b *browser) loginRedirect(email, next string) string {
	b.t.Helper()
	form := url.Values{"email": {email}, "password": {testPassword}}
	if next != "" {
		form.Set("next", next)
	}
	req, _ := http.NewRequest("POST", b.e.srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	once := &http.Client{Jar: b.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := once.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("login %s with next %q: %d", email, next, res.StatusCode)
	}
	return res.Header.Get("Location")
}

// TestLoginNext: the link in a mail (/tasks/…) opened without a session
// leads through the sign-in back to that page, the query kept.
func TestLoginNext(t *testing.T) {
	e := newTestEnv(t)
	v := e.taskIn("Ra mắt mô hình “Dân vận khéo” ở khu dân cư số 3", e.units["lead"], "2021-10-25")
	link := "/tasks/" + string(v.ID)

	b := e.browser()
	p := b.get(link)
	if p.path != "/login?next="+url.QueryEscape(link) || !strings.Contains(p.body, `<input type="hidden" name="next" value="`+link+`">`) {
		t.Fatalf("signed out, the link ends at %s: %s", p.path, p.body)
	}
	form := formValues(t, p.body, "/login")
	form.Set("email", "unitLead@thu.example")
	form.Set("password", testPassword)
	p = b.post("/login", form)
	if p.status != 200 || p.path != link || !strings.Contains(p.body, "Dân vận khéo") {
		t.Fatalf("after sign-in: %d at %s", p.status, p.path)
	}

	// A wrong password keeps next in the form for the next try.
	b = e.browser()
	p = b.post("/login", url.Values{"email": {"unitLead@thu.example"}, "password": {"sai"}, "next": {link}})
	if p.status != 401 || !strings.Contains(p.body, `name="next" value="`+link+`"`) {
		t.Errorf("wrong password: %d", p.status)
	}

	// The query comes along; signed in already, /login goes straight on.
	list := "/tasks?month=2021-10&q=d%C3%A2n+v%E1%BA%ADn"
	if got := e.browser().loginRedirect("leader@thu.example", list); got != list {
		t.Errorf("list with a query: %s", got)
	}
	leader := e.signIn("leader")
	if p := leader.get("/login?next=" + url.QueryEscape(link)); p.path != link {
		t.Errorf("signed in, /login?next: %s", p.path)
	}
	if p := leader.get("/login?next=" + url.QueryEscape("//evil.example")); p.path != "/" {
		t.Errorf("signed in, /login?next=//evil.example: %s", p.path)
	}
	// A form post cannot be asked for again: no next.
	if p := e.browser().post(link+"/notes", url.Values{"note": {"x"}}); p.path != "/login" {
		t.Errorf("a post without a session: %s", p.path)
	}
}

// TestLoginNextRefusesOtherSites: a next that would lead off the site
// (open redirect), or that hides control characters, is dropped: the
// person lands on the home page.
func TestLoginNextRefusesOtherSites(t *testing.T) {
	e := newTestEnv(t)
	for _, bad := range []string{
		"//evil.example", "//evil.example/tasks", "/\\evil.example", "\\\\evil.example", "https://evil.example",
		"http:evil.example", "%2F%2Fevil.example", "/%0d%0aSet-Cookie:x", "/tasks\r\nLocation: //evil.example",
		"javascript:alert(1)", "JavaScript:alert(1)", "evil.example", " /tasks", "/\t/evil.example", "",
	} {
		if got := e.browser().loginRedirect("leader@thu.example", bad); got != "/" {
			t.Errorf("next %q: sent to %q", bad, got)
		}
		// Nor does the sign-in page carry it.
		p := e.browser().get("/login?next=" + url.QueryEscape(bad))
		if p.status != 200 || strings.Contains(p.body, `name="next"`) {
			t.Errorf("the sign-in page carries next %q", bad)
		}
	}
	// An encoded slash stays a path on this site.
	if got := e.browser().loginRedirect("leader@thu.example", "/%2F%2Fevil.example"); strings.HasPrefix(got, "//") || !strings.HasPrefix(got, "/") {
		t.Errorf("encoded slashes: %q", got)
	}
}

// TestLoginNextThroughFirstPassword: someone with a handed-out password
// opens a task link, signs in, chooses their own password and lands on
// the task.
func TestLoginNextThroughFirstPassword(t *testing.T) {
	e := newTestEnv(t)
	if _, _, err := e.svc.Users.Create(context.Background(), e.actors["admin"], directory.UserInput{
		Name: "Lê Thị Mới", Email: "moi@thu.example", Role: models.RoleUnit, UnitID: e.units["lead"], Password: testPassword,
	}); err != nil {
		t.Fatal(err)
	}
	v := e.taskIn("Vận động hội viên tham gia bảo hiểm y tế", e.units["lead"], "2021-10-30")
	link := "/tasks/" + string(v.ID)

	b := e.browser()
	form := formValues(t, b.get(link).body, "/login")
	form.Set("email", "moi@thu.example")
	form.Set("password", testPassword)
	p := b.post("/login", form)
	if p.path != "/password/change?next="+url.QueryEscape(link) || !strings.Contains(p.body, `name="next" value="`+link+`"`) {
		t.Fatalf("after sign-in: %s", p.path)
	}
	form = formValues(t, p.body, "/password/change")
	form.Set("currentPassword", testPassword)
	form.Set("password", "moi-chon-rieng-123")
	form.Set("passwordRepeat", "khac-hoan-toan-123")
	if p := b.post("/password/change", form); p.status != 422 || !strings.Contains(p.body, `name="next" value="`+link+`"`) {
		t.Errorf("a refused change loses next: %d", p.status)
	}
	form.Set("passwordRepeat", "moi-chon-rieng-123")
	if p := b.post("/password/change", form); p.status != 200 || p.path != link || !strings.Contains(p.body, "bảo hiểm y tế") {
		t.Errorf("after the change: %d at %s", p.status, p.path)
	}
}
