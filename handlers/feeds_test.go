package handlers_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/services"
)

// TestCalendarFeedRoute: the profile page and GET /api/v1/me/calendar give
// a person the address of their deadline calendar; the address works
// without signing in (a calendar app has no session) and serves
// text/calendar; a wrong or truncated address is a plain 404.
func TestCalendarFeedRoute(t *testing.T) {
	const site = "https://theodoi.phuong.example"
	e := newTestEnvWith(t, services.Options{LoginRatePerMinute: 1000, BaseURL: site})
	e.task("chua_thuc_hien")

	var links struct{ URL, Webcal string }
	if st := e.do("unitLead", "GET", "/api/v1/me/calendar", nil, &links); st != 200 ||
		!strings.HasPrefix(links.URL, site+"/calendar/") || links.Webcal != "webcal://"+strings.TrimPrefix(links.URL, "https://") {
		t.Fatalf("me/calendar: %d %+v", st, links)
	}
	p := e.as("unitLead").get("/profile")
	if !strings.Contains(p.body, `value="`+links.URL+`"`) || !strings.Contains(p.body, `href="`+links.Webcal+`"`) {
		t.Errorf("the profile page does not show the calendar address")
	}
	checkHTML(t, "/profile with a calendar", p.body, "vi")

	path := strings.TrimPrefix(links.URL, site)
	get := func(path string) (int, string, string) {
		res, err := http.Get(e.srv.URL + path) // no cookie, no token
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), string(b)
	}
	st, ct, body := get(path)
	if st != 200 || ct != "text/calendar; charset=utf-8" || !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") ||
		!strings.Contains(strings.ReplaceAll(body, "\r\n ", ""), "SUMMARY:Hạn: Tổ chức ra mắt câu lạc bộ “An toàn cho trẻ em”") { // unfolded
		t.Fatalf("feed: %d %s\n%s", st, ct, body)
	}
	if res, err := http.Head(e.srv.URL + path); err != nil || res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Errorf("HEAD: %v %v", res, err)
	}
	for _, bad := range []string{strings.TrimSuffix(path, ".ics"), strings.TrimSuffix(path, ".ics") + "x.ics", "/calendar/x.ics", "/calendar/..%2f..%2fetc.ics"} {
		if st, _, _ := get(bad); st != 404 {
			t.Errorf("%s: %d, want 404", bad, st)
		}
	}
}
