package handlers

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/web"
)

// The account pages: a person's own name, language, mail choices and
// password (/profile), and the forgotten-password pages under /password
// (pages_account_password.go). Every form here acts on the signed-in
// person only; the services take the actor and nothing else.

type accountPages struct {
	*pages
}

func newAccountPages(p *pages) *accountPages { return &accountPages{pages: p} }

// accountNotices are the confirmations a redirect may ask for.
var accountNotices = map[string]string{
	"profile_saved": "account.notice.profile_saved",
	"mail_saved":    "account.notice.mail_saved",
}

// profileForm is the name and language form.
type profileForm struct {
	Name     string `form:"name"`
	Language string `form:"language"`
}

// mailForm is the mail choices form. Notify holds the choice per kind
// of follow-up event, from the fields notify-<kind> (read by readNotify).
type mailForm struct {
	Digest    string                                  `form:"digest"`
	Reminders bool                                    `form:"reminders"`
	Notify    map[models.NoticeKind]models.NotifyMode `form:"-"`
}

// notifyField is the form field of a kind's choice.
func notifyField(k models.NoticeKind) string { return "notify-" + string(k) }

// readNotify takes the choice of each kind the form sent; kinds it did
// not send keep what is stored.
func readNotify(c *gin.Context) map[models.NoticeKind]models.NotifyMode {
	out := map[models.NoticeKind]models.NotifyMode{}
	for _, k := range models.MailedNoticeKinds {
		if v, ok := c.GetPostForm(notifyField(k)); ok {
			out[k] = models.NotifyMode(v)
		}
	}
	return out
}

// notifyModes are the ways to hear of an event, most mail first.
var notifyModes = []models.NotifyMode{models.NotifyNow, models.NotifyDigest, models.NotifyOff}

// notifyChoices are the choices of every mailed kind, as chosen, each
// with its problem (errs["notify.<kind>"]).
func notifyChoices(lang string, chosen map[models.NoticeKind]models.NotifyMode, errs map[string]string) []notifyChoice {
	var out []notifyChoice
	for _, k := range models.MailedNoticeKinds {
		nc := notifyChoice{Field: notifyField(k), Label: web.T(lang, "inbox.kind."+string(k)), Err: errs["notify."+string(k)]}
		for _, m := range notifyModes {
			nc.Modes = append(nc.Modes, choice{Value: string(m), Label: web.T(lang, "inbox.mode."+string(m)), Selected: m == chosen[k]})
		}
		out = append(out, nc)
	}
	return out
}

// notifyChoice is one kind of event and its choice (profile, unsubscribe).
type notifyChoice struct {
	Field, Label, Err string
	Modes             []choice
}

// passwordForm is the change-password form. Passwords are never written
// back into a page.
type passwordForm struct {
	Current string `form:"currentPassword"`
	Next    string `form:"password"`
	Repeat  string `form:"passwordRepeat"`
}

type profileView struct {
	web.Layout
	Email, Role, Unit string
	Profile           profileForm
	ProfileErr        fieldErrors
	Languages         []choice
	Mail              mailForm
	MailErr           fieldErrors
	Digests           []choice
	Notify            []notifyChoice
	PasswordErr       fieldErrors
	MinPassword       int
	// FeedURL and FeedWebcal are the person's calendar feed (empty when
	// the site has no public http(s) address for apps to reach). The
	// webcal address is built from the configured site address, so it is
	// marked safe for html/template, which allows only http(s) and mailto.
	FeedURL    string
	FeedWebcal template.URL
}

// digestChoices are the digest frequencies, most mail last.
var digestChoices = []models.DigestFrequency{models.DigestOff, models.DigestWeekly, models.DigestDaily}

func (ac *accountPages) profile(c *gin.Context) {
	ac.renderProfile(c, http.StatusOK, nil, nil, nil, nil)
}

// renderProfile shows the three forms; a form given (with its problems)
// shows the person's input, the others what is stored.
func (ac *accountPages) renderProfile(c *gin.Context, status int, pf *profileForm, mf *mailForm, errs fieldErrors, alert *string) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	u, err := ac.svc.Auth.CurrentUser(ctx, a)
	if err != nil {
		ac.fail(c, err)
		return
	}
	prefs, err := ac.svc.MailPrefs.Get(ctx, a)
	if err != nil {
		ac.fail(c, err)
		return
	}
	v := profileView{
		Layout: ac.layout(c, "account.title", "profile"), Email: u.Email, Role: roleLabel(lang, u.Role),
		Profile: profileForm{Name: u.Name, Language: u.Language}, Mail: mailForm{Digest: string(prefs.Digest), Reminders: prefs.Reminders, Notify: map[models.NoticeKind]models.NotifyMode{}},
		MinPassword: directory.MinPasswordLen,
	}
	if key, ok := accountNotices[c.Query("notice")]; ok {
		v.Notice = ac.t(c, key)
	}
	if token, err := ac.svc.Feeds.TokenOf(u); err == nil {
		var webcal string
		v.FeedURL, webcal = feedLinks(ac.svc.Feeds.FeedURL(token))
		v.FeedWebcal = template.URL(webcal)
	}
	if u.UnitID != "" {
		if unit, err := ac.svc.Units.Get(ctx, a, u.UnitID); err == nil {
			v.Unit = unit.Name
		}
	}
	for _, k := range models.MailedNoticeKinds {
		v.Mail.Notify[k] = prefs.NotifyMode(k)
	}
	// The alert at the top names the form and its first problem: the form
	// itself may be a screen or two further down.
	failed, order := "account.failed.password", []string{"currentPassword", "password", "passwordRepeat"}
	switch {
	case pf != nil:
		v.Profile, v.ProfileErr = *pf, errs
		failed, order = "account.failed.profile", []string{"name", "language"}
	case mf != nil:
		// A kind the form did not send shows what is stored.
		stored := v.Mail.Notify
		v.Mail, v.MailErr = *mf, errs
		if v.Mail.Notify == nil {
			v.Mail.Notify = map[models.NoticeKind]models.NotifyMode{}
		}
		for k, m := range stored {
			if _, sent := v.Mail.Notify[k]; !sent {
				v.Mail.Notify[k] = m
			}
		}
		failed, order = "account.failed.mail", []string{"digest", "reminders", "notify"}
		for _, k := range models.MailedNoticeKinds {
			order = append(order, "notify."+string(k))
		}
	default:
		v.PasswordErr = errs
	}
	if alert != nil {
		v.Alert = *alert
	} else if len(errs) > 0 {
		v.Alert = ac.t(c, failed, firstProblem(errs, order))
	}
	v.Languages = languageChoices(v.Profile.Language)
	for _, d := range digestChoices {
		v.Digests = append(v.Digests, choice{Value: string(d), Label: web.T(lang, "account.digest."+string(d)), Selected: string(d) == v.Mail.Digest})
	}
	v.Notify = notifyChoices(lang, v.Mail.Notify, v.MailErr)
	ac.render(c, status, "profile", v)
}

// firstProblem is the message of the first field in order that has one,
// else of any field.
func firstProblem(errs fieldErrors, order []string) string {
	for _, f := range order {
		if msg, ok := errs[f]; ok {
			return msg
		}
	}
	for _, msg := range errs {
		return msg
	}
	return ""
}

func (ac *accountPages) saveProfile(c *gin.Context) {
	var f profileForm
	if !bindPageForm(ac.pages, c, &f) {
		return
	}
	_, err := ac.svc.Users.UpdateProfile(c.Request.Context(), actor(c), directory.ProfilePatch{Name: &f.Name, Language: &f.Language})
	if errs, ok := problemsOf(language(c), err); ok {
		ac.renderProfile(c, http.StatusUnprocessableEntity, &f, nil, errs, nil)
		return
	}
	if err != nil {
		ac.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/profile?notice=profile_saved")
}

func (ac *accountPages) saveMail(c *gin.Context) {
	var f mailForm
	if !bindPageForm(ac.pages, c, &f) {
		return
	}
	f.Notify = readNotify(c)
	_, err := ac.svc.MailPrefs.Set(c.Request.Context(), actor(c), outbox.MailPrefsInput{Digest: models.DigestFrequency(f.Digest), Reminders: f.Reminders, Notify: f.Notify})
	if errs, ok := problemsOf(language(c), err); ok {
		for field := range errs {
			if field == "notify" || strings.HasPrefix(field, "notify.") {
				errs[field] = web.T(language(c), "inbox.notify.problem")
			}
		}
		ac.renderProfile(c, http.StatusUnprocessableEntity, nil, &f, errs, nil)
		return
	}
	if err != nil {
		ac.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/profile?notice=mail_saved#mail")
}

// changePassword checks the current password and sets the new one. The
// service ends every session of the account, this one included, so the
// person signs in again with the new password.
func (ac *accountPages) changePassword(c *gin.Context) {
	var f passwordForm
	if !bindPageForm(ac.pages, c, &f) {
		return
	}
	lang := language(c)
	errs := fieldErrors{}
	if f.Current == "" {
		errs["currentPassword"] = web.T(lang, "account.problem.current_missing")
	}
	if f.Next != f.Repeat {
		errs["passwordRepeat"] = web.T(lang, "account.problem.repeat")
	}
	if len(errs) > 0 {
		ac.renderProfile(c, http.StatusUnprocessableEntity, nil, nil, errs, nil)
		return
	}
	err := ac.svc.Auth.ChangePassword(c.Request.Context(), actor(c), f.Current, f.Next)
	if errors.Is(err, models.ErrRateLimited) {
		alert := web.T(lang, "account.problem.rate_limited")
		ac.renderProfile(c, http.StatusTooManyRequests, nil, nil, fieldErrors{}, &alert)
		return
	}
	if errs, ok := problemsOf(lang, err); ok {
		ac.renderProfile(c, http.StatusUnprocessableEntity, nil, nil, passwordProblems(lang, errs, err), nil)
		return
	}
	if err != nil {
		ac.fail(c, err)
		return
	}
	ac.dropSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/password/done?notice=changed")
}

// passwordProblems words the password services' refusals; others keep
// the general wording.
func passwordProblems(lang string, errs fieldErrors, err error) fieldErrors {
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		return errs
	}
	for f, msg := range ve.Fields {
		switch {
		case f == "currentPassword":
			errs[f] = web.T(lang, "account.problem.current_wrong")
		case f == "password" && msg == "the new password must differ from the current one":
			errs[f] = web.T(lang, "account.problem.same")
		case f == "password":
			errs[f] = web.T(lang, "account.problem.short", directory.MinPasswordLen)
		}
	}
	return errs
}

// dropSessionCookie clears the session cookie of a session the service
// has already ended.
func (ac *accountPages) dropSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: ac.opts.CookieSecure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}
