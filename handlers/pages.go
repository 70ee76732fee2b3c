package handlers

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/web"
)

// pages serves the server-rendered HTML pages (templates in web/). They
// share the API's services, session cookie and error table; every page
// works without JavaScript, htmx only boosts links and forms. Unsafe
// requests are form posts riding on the cookie, so all of them pass the
// cross-origin check.
type pages struct {
	svc   *services.Services
	log   *slog.Logger
	opts  Options
	view  *web.Renderer
	files fs.FS
	cop   *http.CrossOriginProtection
}

func newPages(d Deps) *pages {
	return &pages{svc: d.Services, log: d.Logger, opts: d.Options, view: web.Must(), files: web.Static(), cop: http.NewCrossOriginProtection()}
}

// pageUploadRoute takes the resolution file from the imports page; it has
// the same body limit as the API's upload route.
const pageUploadRoute = "/imports"

// isPagePath tells the HTML pages from the API and health endpoints. A
// page that gets too large a body answers with a page, not JSON: see
// limitBody.
func isPagePath(p string) bool {
	return p != "/api" && !strings.HasPrefix(p, "/api/") && p != "/healthz" && p != "/readyz"
}

// csrf refuses cross-origin form posts (including a login that would plant
// a session).
func (p *pages) csrf() gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := p.cop.Check(c.Request); err != nil {
			p.fail(c, errCrossOrigin)
			return
		}
		c.Next()
	}
}

// requireLogin sends visitors without a session to the login page.
func (p *pages) requireLogin() gin.HandlerFunc {
	return func(c *gin.Context) {
		a, ok := actorFrom(c)
		if !ok {
			c.Redirect(http.StatusSeeOther, withNext("/login", askedFor(c)))
			c.Abort()
			return
		}
		if a.MustChangePassword && c.FullPath() != firstPasswordPath {
			c.Redirect(http.StatusSeeOther, withNext(firstPasswordPath, askedFor(c)))
			c.Abort()
			return
		}
		c.Next()
	}
}

// askedFor is the page a visitor sent to sign in asked for, to come back
// to afterwards: only a GET can be asked for again.
func askedFor(c *gin.Context) string {
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		return ""
	}
	return c.Request.URL.RequestURI()
}

// withNext adds ?next= to path when next is a page of this site other
// than the home page; a link in a mail (/tasks/…) survives the sign-in.
func withNext(path, next string) string {
	if n := safeNext(next); n != "" {
		return path + "?" + url.Values{"next": {n}}.Encode()
	}
	return path
}

// safeNext is next when it is a path on this site other than "/", else "":
// a next that names another site ("//evil.example", "https://…",
// "javascript:…") is dropped, so signing in never leads off the site.
func safeNext(next string) string {
	if p, ok := sitePath(next); ok && p != "/" {
		return p
	}
	return ""
}

// afterSignIn is where a person lands once signed in: next, or home.
func afterSignIn(next string) string {
	if n := safeNext(next); n != "" {
		return n
	}
	return "/"
}

// firstPasswordPath is the one page a person with a handed-out password
// may open until they choose their own.
const firstPasswordPath = "/password/change"

// home is the leadership dashboard; a unit officer's home is the unit view.
func (p *pages) home(c *gin.Context) {
	a, ok := actorFrom(c)
	switch {
	case !ok:
		c.Redirect(http.StatusSeeOther, "/login")
	case a.MustChangePassword:
		c.Redirect(http.StatusSeeOther, firstPasswordPath)
	case a.Role == models.RoleUnit:
		c.Redirect(http.StatusSeeOther, "/unit")
	default:
		p.dashboard(c)
	}
}

type loginView struct {
	web.Layout
	Email   string
	Problem string
	Failed  bool
}

func (p *pages) loginForm(c *gin.Context) {
	if _, ok := actorFrom(c); ok {
		c.Redirect(http.StatusSeeOther, afterSignIn(c.Query("next")))
		return
	}
	v := loginView{Layout: p.layout(c, "login.title", "")}
	v.NextPage = safeNext(c.Query("next"))
	v.Notice = p.notice(c, nil)
	p.render(c, http.StatusOK, "login", v)
}

func (p *pages) login(c *gin.Context) {
	email, password, next := strings.TrimSpace(c.PostForm("email")), c.PostForm("password"), safeNext(c.PostForm("next"))
	v := loginView{Layout: p.layout(c, "login.title", ""), Email: email, Failed: true}
	v.NextPage = next
	if email == "" || password == "" {
		v.Problem = p.t(c, "login.missing")
		p.render(c, http.StatusUnprocessableEntity, "login", v)
		return
	}
	token, u, err := p.svc.Auth.Login(c.Request.Context(), email, password, c.ClientIP())
	switch {
	case errors.Is(err, models.ErrRateLimited):
		v.Problem = p.t(c, "login.rate_limited")
		p.render(c, http.StatusTooManyRequests, "login", v)
		return
	case errors.Is(err, models.ErrUnauthenticated):
		v.Problem = p.t(c, "login.wrong")
		p.render(c, http.StatusUnauthorized, "login", v)
		return
	case err != nil:
		p.fail(c, err)
		return
	}
	setSessionCookie(c, p.opts, token)
	if u.MustChangePassword {
		c.Redirect(http.StatusSeeOther, withNext(firstPasswordPath, next))
		return
	}
	c.Redirect(http.StatusSeeOther, afterSignIn(next))
}

func (p *pages) logout(c *gin.Context) {
	if token := c.GetString(ctxToken); token != "" {
		if err := p.svc.Auth.Logout(c.Request.Context(), token); err != nil {
			p.fail(c, err)
			return
		}
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: p.opts.CookieSecure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	c.Redirect(http.StatusSeeOther, "/login?notice=logged_out")
}

// static serves web/static. Vendored files and URLs carrying a content
// hash (as the pages write them) may be cached for a year.
// favicon answers the address browsers try on their own with the icon
// the pages link to.
func (p *pages) favicon(c *gin.Context) {
	c.Params = append(c.Params, gin.Param{Key: "filepath", Value: "/favicon.svg"})
	p.static(c)
}

func (p *pages) static(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("filepath"), "/")
	if !fs.ValidPath(name) || name == "." {
		writeError(c, errNoRoute)
		return
	}
	data, err := fs.ReadFile(p.files, name)
	if err != nil { // missing, or a directory: no listings
		writeError(c, errNoRoute)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	if strings.HasPrefix(name, "vendor/") || c.Query("v") != "" {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "public, max-age=300")
	}
	writeCompressed(c, http.StatusOK, ct, data)
}

type errorView struct {
	web.Layout
	Heading   string
	Message   string
	Hint      string
	RequestID string
	ReloadURL string
}

// fail answers with an error page, using the API's error table for the
// status; an unauthenticated visitor is sent to log in instead.
func (p *pages) fail(c *gin.Context, err error) {
	status, code := errorStatus(err)
	if status == http.StatusUnauthorized {
		c.Redirect(http.StatusSeeOther, withNext("/login", askedFor(c)))
		c.Abort()
		return
	}
	lang := language(c)
	v := errorView{Layout: p.layout(c, "error.title", ""), Heading: web.T(lang, "error.title"), Message: message(lang, code)}
	reload := c.Request.URL.Path
	if id := c.Param("id"); id != "" {
		reload = "/imports/" + id
	}
	switch code {
	case "forbidden", "cross_origin":
		v.Heading = web.T(lang, "error.forbidden.title")
		if code == "forbidden" {
			v.Hint = web.T(lang, "error.forbidden.hint")
		}
	case "not_found":
		v.Heading = web.T(lang, "error.not_found.title")
	case "conflict":
		v.Message, v.ReloadURL = web.T(lang, "review.conflict"), reload
	case "invalid_transition":
		v.Message, v.ReloadURL = web.T(lang, "review.transition"), reload
	case "internal":
		v.RequestID = c.GetString(ctxRequestID)
		c.Error(err) //nolint:errcheck // recorded for the access log
	}
	v.Title = v.Heading
	p.render(c, status, "error", v)
	c.Abort()
}

// errorStatus finds err in the error table.
func errorStatus(err error) (int, string) {
	for _, row := range statusTable {
		if errors.Is(err, row.err) {
			return row.status, row.code
		}
	}
	return http.StatusInternalServerError, "internal"
}

// render writes a page in the user's language.
func (p *pages) render(c *gin.Context, status int, page string, data any) {
	var buf bytes.Buffer
	if err := p.view.Render(&buf, language(c), page, data); err != nil {
		c.Error(err) //nolint:errcheck // recorded for the access log
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8",
			[]byte(message(language(c), "internal")+" ("+c.GetString(ctxRequestID)+")"))
		return
	}
	writeCompressed(c, status, "text/html; charset=utf-8", buf.Bytes())
}

// writeCompressed gzips what is worth it for clients that take gzip: a
// review page repeats the unit list for every item and shrinks about
// tenfold. Pages hold no secret that an attacker's input could be
// compared against (no tokens in the body), so compression is safe here.
func writeCompressed(c *gin.Context, status int, contentType string, body []byte) {
	c.Header("Vary", "Accept-Encoding")
	if len(body) < 1024 || !acceptsGzip(c.GetHeader("Accept-Encoding")) {
		c.Data(status, contentType, body)
		return
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
	_, _ = zw.Write(body)
	_ = zw.Close()
	c.Header("Content-Encoding", "gzip")
	c.Data(status, contentType, z.Bytes())
}

func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		if strings.TrimSpace(strings.ToLower(name)) != "gzip" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

func (p *pages) layout(c *gin.Context, titleKey, nav string) web.Layout {
	_, loggedIn := actorFrom(c)
	return p.frame(c, web.Layout{Title: p.t(c, titleKey), LoggedIn: loggedIn, Nav: nav})
}

func (p *pages) t(c *gin.Context, key string, args ...any) string {
	return web.T(language(c), key, args...)
}

// notices are the confirmations a redirect may ask for (?notice=…).
var notices = map[string]string{
	"existing":   "notice.existing",
	"saved":      "notice.saved",
	"split":      "notice.split",
	"discarded":  "notice.discarded",
	"replaced":   "notice.replaced",
	"logged_out": "login.logged_out",
}

// notice is the confirmation named in the query. "committed" takes its
// numbers from the stored import, never from the URL.
func (p *pages) notice(c *gin.Context, imp *models.Import) string {
	n := c.Query("notice")
	if key, ok := notices[n]; ok {
		return p.t(c, key)
	}
	if n == "committed" && imp != nil && imp.Status == models.ImportCommitted {
		return p.t(c, "notice.committed", len(imp.TaskIDs), monthLabel(imp.Month))
	}
	return ""
}
