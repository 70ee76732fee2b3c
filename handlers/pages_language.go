package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/web"
)

// The frame around every page: the main navigation for the user's role and
// the language switch in the footer.

// langCookie holds the language chosen with the switch; it wins over the
// user's stored language and the browser's.
const langCookie = "lang"

// cookieLanguage is the language the switch set, if any.
func cookieLanguage(c *gin.Context) string {
	v, err := c.Cookie(langCookie)
	if err != nil {
		return ""
	}
	for _, l := range web.Languages {
		if v == l {
			return v
		}
	}
	return ""
}

// setLanguage stores the chosen language in a cookie and goes back to the
// page the switch was on (a local path only, never another site).
func (p *pages) setLanguage(c *gin.Context) {
	lang := c.PostForm("lang")
	known := false
	for _, l := range web.Languages {
		known = known || lang == l
	}
	if !known {
		p.fail(c, &badRequest{detail: "lang must be vi or en"})
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: langCookie, Value: lang, Path: "/", HttpOnly: true, Secure: p.opts.CookieSecure,
		SameSite: http.SameSiteLaxMode, MaxAge: int((365 * 24 * time.Hour).Seconds()),
	})
	c.Redirect(http.StatusSeeOther, localPath(c.PostForm("return")))
}

// localPath keeps a return address only when it is a path on this site:
// "/tasks?page=2" stays, "//evil.example", "/\evil", "https://…" become "/".
func localPath(s string) string {
	if p, ok := sitePath(s); ok {
		return p
	}
	return "/"
}

// sitePath reports whether s is a path on this site (one "/" first, not
// "//" nor "/\", no scheme or host, no control characters) and returns it
// as a request URI; a browser cannot read it as another site's address.
func sitePath(s string) (string, bool) {
	if s == "" || len(s) > 2000 || s[0] != '/' || strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || hasControl(s) || hasControl(u.Path) {
		return "", false
	}
	if p := u.RequestURI(); !strings.HasPrefix(p, "//") {
		return p, true
	}
	return "", false
}

// hasControl reports whether s holds a control character (a percent-
// encoded one counts once decoded, as in a path).
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// frame fills in what the layout shows around every page.
func (p *pages) frame(c *gin.Context, l web.Layout) web.Layout {
	l.Here = herePath(c)
	a, ok := actorFrom(c)
	if !ok {
		return l
	}
	l.Menu = menuFor(a.Role)
	if cm, err := p.svc.Committees.Get(c.Request.Context(), a); err == nil {
		l.Committee = cm.Name
	}
	// A count that cannot be read is left out: the menu is no place for an error.
	if n, err := p.svc.Notices.Unread(c.Request.Context(), a); err == nil {
		l.Unread = n
	}
	return l
}

// herePath is where the language switch returns: this page, or for a form
// post (whose URL may not take a GET) the page the form was on.
func herePath(c *gin.Context) string {
	if c.Request.Method == http.MethodGet {
		return localPath(c.Request.URL.RequestURI())
	}
	if ref, err := url.Parse(c.GetHeader("Referer")); err == nil && ref.Host == c.Request.Host {
		return localPath(ref.RequestURI())
	}
	return "/"
}

// menuFor is the main navigation of a role. Links only save a click: every
// page checks permissions through the services, whatever the menu shows.
func menuFor(role models.Role) []web.MenuItem {
	// A unit officer's home is the unit view, so it takes the first place.
	m := []web.MenuItem{{Href: "/", Key: "nav.dashboard", Section: "dashboard"}}
	if role == models.RoleUnit {
		m = []web.MenuItem{{Href: "/unit", Key: "nav.unit", Section: "unit"}}
	}
	m = append(m, web.MenuItem{Href: "/tasks", Key: "nav.tasks", Section: "tasks"})
	if models.Can(role, models.ActReadAllTasks) {
		m = append(m, web.MenuItem{Href: "/periods", Key: "nav.periods", Section: "periods"})
	}
	if models.Can(role, models.ActWriteTasks) {
		m = append(m, web.MenuItem{Href: "/imports", Key: "nav.imports", Section: "imports"})
	}
	if mayAdminister(role) { // the same rule as the /admin gate
		m = append(m, web.MenuItem{Href: "/admin", Key: "nav.admin", Section: "admin"})
	}
	return append(m, web.MenuItem{Href: "/profile", Key: "nav.profile", Section: "profile"})
}
