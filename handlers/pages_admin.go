package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/web"
)

// The administration pages: the committee's document header, units,
// users, areas, the outbox and the background jobs. The services decide
// who may change what; these handlers decide what each role is shown
// (read-only or with forms), turn forms into service calls and service
// problems into messages next to the fields.

// adminPages are the pages under /admin.
type adminPages struct {
	*pages
	jobSource func(ctx context.Context) []models.JobState
	mailTo    string
}

func newAdminPages(p *pages, d Deps) *adminPages {
	return &adminPages{pages: p, jobSource: d.JobStates, mailTo: d.MailTo}
}

// adminActions are the rows of the permission matrix that belong to the
// administration pages; whoever holds none of them (unit officers,
// viewers) is kept out of /admin altogether.
var adminActions = []models.Action{
	models.ActManageCommittee, models.ActManageUnits, models.ActManageUsers, models.ActListUsers, models.ActManageAreas,
}

func mayAdminister(role models.Role) bool {
	for _, act := range adminActions {
		if models.Can(role, act) {
			return true
		}
	}
	return false
}

// gate refuses the whole /admin tree to roles without an admin action.
func (ad *adminPages) gate() gin.HandlerFunc {
	return func(c *gin.Context) {
		if !mayAdminister(actor(c).Role) {
			ad.forbidden(c)
			return
		}
		c.Next()
	}
}

// forbidden answers with the error page and a hint that fits these pages
// (the shared one speaks of importing resolutions).
func (ad *adminPages) forbidden(c *gin.Context) {
	lang := language(c)
	v := errorView{
		Layout:  ad.layout(c, "error.forbidden.title", "admin"),
		Heading: web.T(lang, "error.forbidden.title"),
		Message: message(lang, "forbidden"),
		Hint:    web.T(lang, "admin.forbidden.hint"),
	}
	ad.render(c, http.StatusForbidden, "error", v)
	c.Abort()
}

// fail is pages.fail with the administration's own forbidden page.
func (ad *adminPages) fail(c *gin.Context, err error) {
	if errors.Is(err, models.ErrForbidden) {
		ad.forbidden(c)
		return
	}
	ad.pages.fail(c, err)
}

// require lets the request on when the actor may act, else shows the
// forbidden page.
func (ad *adminPages) require(c *gin.Context, act models.Action) bool {
	if models.Can(actor(c).Role, act) {
		return true
	}
	ad.forbidden(c)
	return false
}

// adminNotices are the confirmations a redirect may ask for.
var adminNotices = map[string]string{
	"committee_saved": "admin.notice.committee_saved",
	"unit_created":    "admin.notice.unit_created",
	"unit_saved":      "admin.notice.unit_saved",
	"user_saved":      "admin.notice.user_saved",
	"area_created":    "admin.notice.area_created",
	"area_saved":      "admin.notice.area_saved",
	"resent":          "admin.notice.resent",
	"invited":         "admin.notice.invited",
}

// adminLayout is the frame of an admin page with the notice the URL names.
func (ad *adminPages) adminLayout(c *gin.Context, titleKey string) web.Layout {
	l := ad.layout(c, titleKey, "admin")
	if key, ok := adminNotices[c.Query("notice")]; ok {
		l.Notice = ad.t(c, key)
	}
	return l
}

// fieldErrors are the problems of a form, by field, in the page's language.
type fieldErrors map[string]string

// problemsOf turns a service's validation error into field messages; ok
// is false for any other error.
func problemsOf(lang string, err error) (fieldErrors, bool) {
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		return nil, false
	}
	out := fieldErrors{}
	for f, msg := range ve.Fields {
		out[f] = problemText(lang, msg)
	}
	return out, true
}

// problemTexts are the services' validation messages we have words for,
// matched by prefix, most specific first.
var problemTexts = []struct{ prefix, key string }{
	{"required for a unit user", "admin.problem.unit_required"},
	{"required", "admin.problem.required"},
	{"too long", "admin.problem.too_long"},
	{"not valid UTF-8", "admin.problem.text"},
	{"contains control characters", "admin.problem.text"},
	{"not an e-mail address", "admin.problem.email"},
	{"at most 20", "admin.problem.at_most_20"},
	{"no such unit", "admin.problem.no_unit"},
	{"malformed id", "admin.problem.no_unit"},
	{"the unit is disabled", "admin.problem.unit_disabled"},
	{"already in use", "admin.problem.email_taken"},
	{"you cannot disable or demote yourself", "admin.problem.self"},
	{"unknown time zone", "admin.problem.time_zone"},
	{"must be between 0 and 1000", "admin.problem.position"},
	{"must be one of", "admin.problem.choice"},
	{"must be vi or en", "admin.problem.choice"},
	{"off, weekly or daily", "admin.problem.choice"},
}

// problemText says msg in lang; a message we have no words for is shown
// as the service wrote it.
func problemText(lang, msg string) string {
	for _, p := range problemTexts {
		if !strings.HasPrefix(msg, p.prefix) {
			continue
		}
		if p.key == "admin.problem.email" {
			if addr, ok := strings.CutPrefix(msg, "not an e-mail address: "); ok {
				return web.T(lang, "admin.problem.email_named", addr)
			}
		}
		return web.T(lang, p.key)
	}
	return web.T(lang, "admin.problem.other", msg)
}

// splitList reads a textarea of aliases or addresses: one per line, or
// separated by commas or semicolons; blanks are dropped.
func splitList(s string) []string {
	out := []string{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// bindForm reads a posted form into dst (a struct with form tags).
func (ad *adminPages) bindForm(c *gin.Context, dst any) bool { return bindPageForm(ad.pages, c, dst) }

// bindPageForm reads a posted form into dst; a body over the size limit
// or a field of the wrong type ends the request with the error page.
func bindPageForm(p *pages, c *gin.Context, dst any) bool {
	if !p.parseForm(c) {
		return false
	}
	if err := c.ShouldBindWith(dst, binding.Form); err != nil {
		p.fail(c, &badRequest{detail: "malformed form"})
		return false
	}
	return true
}

// version is the edit form's hidden version, which every edit must carry.
func (ad *adminPages) version(c *gin.Context, v int64) bool {
	if v < 1 {
		ad.pages.fail(c, &badRequest{detail: "version"})
		return false
	}
	return true
}

// adminSection is a card on the administration index.
type adminSection struct {
	URL, Title, Text string
	ReadOnly         bool
}

type adminIndexView struct {
	web.Layout
	Sections []adminSection
}

// index lists the sections the actor may open, saying which are read-only.
func (ad *adminPages) index(c *gin.Context) {
	role := actor(c).Role
	v := adminIndexView{Layout: ad.adminLayout(c, "admin.title")}
	add := func(url, key string, edit models.Action) {
		v.Sections = append(v.Sections, adminSection{
			URL: url, Title: ad.t(c, key+".title"), Text: ad.t(c, key+".intro"), ReadOnly: !models.Can(role, edit),
		})
	}
	add("/admin/committee", "admin.committee", models.ActManageCommittee)
	add("/admin/units", "admin.units", models.ActManageUnits)
	if models.Can(role, models.ActListUsers) {
		add("/admin/users", "admin.users", models.ActManageUsers)
	}
	add("/admin/areas", "admin.areas", models.ActManageAreas)
	if models.Can(role, mailAction) {
		add("/admin/outbox", "admin.outbox", mailAction)
		add("/admin/jobs", "admin.jobs", mailAction)
	}
	ad.render(c, http.StatusOK, "admin_index", v)
}

// mailAction guards the outbox and the jobs, as the services and the
// JSON API do.
const mailAction = models.ActManageUsers
