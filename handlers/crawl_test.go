package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/theodoi/theodoi/models"
)

// TestCrawlPagesAsEveryRole follows every link a signed-in person can see,
// from the home page on, as each role: no page fails (5xx), each is
// well-formed, labelled, NFC HTML (checkHTML, through the browser), and a
// link that leads to "forbidden" or "not found" is one the page should not
// have offered. Vietnamese pages hold no English text of the catalog, and
// every file a page loads is there.
func TestCrawlPagesAsEveryRole(t *testing.T) {
	e := newTestEnv(t)
	// A month with tasks in several states, closed, and the next one open.
	for _, s := range []models.WorkState{models.StateNotStarted, models.StateAwaiting, models.StateDone} {
		e.task(s)
	}
	e.clock.Set(e.clock.Now().AddDate(0, 1, 0))
	if _, err := e.svc.CarryOver.CarryOver(t.Context(), e.actors["leader"], "2021-10", nil); err != nil {
		t.Fatal(err)
	}
	english := englishPhrases(t)
	for _, run := range []string{"admin", "leader", "office", "viewer", "unitLead", "unitCoord", "admin/en", "unitLead/en"} {
		role, lang, _ := strings.Cut(run, "/")
		t.Run(run, func(t *testing.T) {
			e.t = t
			b := e.browser()
			b.t = t
			b.login(role + "@thu.example")
			if lang != "" {
				b.lang = lang
				if r := b.post("/language", url.Values{"lang": {lang}, "return": {"/"}}); r.status != 200 {
					t.Fatalf("language switch: %d", r.status)
				}
			}
			seen, assets := map[string]bool{}, map[string]bool{}
			queue := []string{"/"}
			for len(queue) > 0 && len(seen) < 400 {
				path := queue[0]
				queue = queue[1:]
				if seen[path] {
					continue
				}
				seen[path] = true
				r := b.get(path)
				if r.status >= 500 {
					t.Errorf("%s: %d", path, r.status)
					continue
				}
				if r.status == 403 || r.status == 404 {
					t.Errorf("%s (linked from a page) answers %d", path, r.status)
					continue
				}
				for _, link := range pageLinks(r.body) {
					if !seen[link] {
						queue = append(queue, link)
					}
				}
				for _, a := range pageAssets(r.body) {
					assets[a] = true
				}
				if lang == "" {
					text := visibleText(r.body)
					for _, phrase := range english {
						if strings.Contains(text, phrase) {
							t.Errorf("%s: English on a Vietnamese page: %q", path, phrase)
						}
					}
				}
			}
			for a := range assets {
				if r := b.get(a); r.status != 200 {
					t.Errorf("%s (loaded by a page) answers %d", a, r.status)
				}
			}
			if len(seen) < 5 {
				t.Errorf("only %d pages reached: %v", len(seen), seen)
			}
		})
	}
}

// pageLinks are the site's own page links (GET) in body; files, static
// files and the fragments of one page are left out.
func pageLinks(body string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if string(name) != "a" || !hasAttr {
			continue
		}
		for {
			k, v, more := z.TagAttr()
			if string(k) == "href" {
				href := string(v)
				u, err := url.Parse(href)
				if err == nil && u.Host == "" && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "/static/") &&
					!strings.HasPrefix(u.Path, "/api/") && u.Path != "/logout" {
					u.Fragment = ""
					out = append(out, u.String())
				}
			}
			if !more {
				break
			}
		}
	}
}
