package handlers_test

import (
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
)

// The small things a newcomer trips over: a favicon instead of a 404, the
// administration link for every role the /admin pages let in, no
// internal version number on a task's page, and a panel title that names
// only the actions the panel offers.
func TestPagesSmallThings(t *testing.T) {
	e := newTestEnv(t)
	res, body := e.get("", "/favicon.ico")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(body, "<svg") {
		t.Errorf("favicon: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for role, want := range map[string]bool{"admin": true, "leader": true, "office": true, "viewer": false, "unitLead": false} {
		b := e.signIn(role)
		home := b.get("/profile")
		if got := strings.Contains(home.body, `href="/admin"`); got != want {
			t.Errorf("%s: admin link %v, want %v", role, got, want)
		}
		if want {
			if p := b.get("/admin"); p.status != 200 {
				t.Errorf("%s: /admin %d", role, p.status)
			}
		}
		if !strings.Contains(home.body, `rel="icon"`) {
			t.Errorf("%s: no icon link", role)
		}
	}

	open := e.task(models.StateNotStarted)
	page := e.signIn("leader").get("/tasks/" + string(open.ID))
	if strings.Contains(page.body, "Phiên bản") || !strings.Contains(page.body, `name="version" value="1"`) {
		t.Error("the task page shows the version, or its forms lost it")
	}
	if !strings.Contains(page.body, `<h2 id="decide-heading">Hủy nhiệm vụ</h2>`) {
		t.Errorf("an open task's decision panel: %s", between(page.body, `id="decide-heading"`, "</h2>"))
	}
	awaiting := e.task(models.StateAwaiting)
	page = e.signIn("leader").get("/tasks/" + string(awaiting.ID))
	if !strings.Contains(page.body, `<h2 id="decide-heading">Xác nhận, mở lại hoặc hủy</h2>`) {
		t.Errorf("an awaiting task's decision panel: %s", between(page.body, `id="decide-heading"`, "</h2>"))
	}
}

// between is the text of s after from up to to, for messages.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
