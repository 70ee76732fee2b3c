package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/web"
)

// A forgotten password: the person asks for a link by e-mail
// (/password/forgot), opens it (/password/reset?token=…), sets a new
// password and signs in again (/password/done). The answer to a request
// is the same whether or not the address has an account.

type forgotView struct {
	web.Layout
	Email string
	Err   fieldErrors
	Sent  bool
}

func (ac *accountPages) forgotForm(c *gin.Context) {
	v := forgotView{Layout: ac.layout(c, "account.forgot.title", ""), Sent: c.Query("notice") == "sent"}
	ac.render(c, http.StatusOK, "password_forgot", v)
}

func (ac *accountPages) forgot(c *gin.Context) {
	var f struct {
		Email string `form:"email"`
	}
	if !bindPageForm(ac.pages, c, &f) {
		return
	}
	lang := language(c)
	v := forgotView{Layout: ac.layout(c, "account.forgot.title", ""), Email: strings.TrimSpace(f.Email)}
	err := ac.svc.Auth.RequestPasswordReset(c.Request.Context(), v.Email, c.ClientIP())
	switch {
	case errors.Is(err, models.ErrRateLimited):
		v.Alert = web.T(lang, "account.forgot.rate_limited")
		ac.render(c, http.StatusTooManyRequests, "password_forgot", v)
		return
	case errors.Is(err, models.ErrInvalid):
		v.Err = fieldErrors{"email": web.T(lang, "account.forgot.bad_email")}
		ac.render(c, http.StatusUnprocessableEntity, "password_forgot", v)
		return
	case err != nil:
		ac.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/password/forgot?notice=sent")
}

type resetView struct {
	web.Layout
	Token       string
	Err         fieldErrors
	BadLink     bool
	MinPassword int
}

// resetForm asks for the new password. The token is checked when the
// form is posted: taking it is what uses it up.
func (ac *accountPages) resetForm(c *gin.Context) {
	token := c.Query("token")
	v := resetView{Layout: ac.layout(c, "account.reset.title", ""), Token: token, MinPassword: directory.MinPasswordLen}
	status := http.StatusOK
	if token == "" || len(token) > 200 {
		v.BadLink, status = true, http.StatusNotFound
	}
	ac.renderReset(c, status, v)
}

// renderReset writes the reset page, whose form carries the token: no
// compression, so its length says nothing about the token.
func (ac *accountPages) renderReset(c *gin.Context, status int, v resetView) {
	ac.renderWithToken(c, status, "password_reset", v)
}

// renderWithToken writes a page whose form carries a secret token (a
// reset, invitation or setup link): no compression and no referrer, so
// neither the page's length nor a link out can leak it.
func (p *pages) renderWithToken(c *gin.Context, status int, name string, v any) {
	withoutCompression(c)
	c.Header("Referrer-Policy", "no-referrer")
	p.render(c, status, name, v)
}

func (ac *accountPages) reset(c *gin.Context) {
	var f linkPasswordForm
	if !bindPageForm(ac.pages, c, &f) {
		return
	}
	lang := language(c)
	v := resetView{Layout: ac.layout(c, "account.reset.title", ""), Token: f.Token, MinPassword: directory.MinPasswordLen}
	if f.Password != f.Repeat {
		v.Err = fieldErrors{"passwordRepeat": web.T(lang, "account.problem.repeat")}
		v.Alert = web.T(lang, "account.not_saved")
		ac.renderReset(c, http.StatusUnprocessableEntity, v)
		return
	}
	err := ac.svc.Auth.ResetPassword(c.Request.Context(), f.Token, f.Password)
	var ve *models.ValidationError
	switch {
	case errors.As(err, &ve) && ve.Fields["token"] == "":
		v.Err = passwordProblems(lang, fieldErrors{}, err)
		v.Alert = web.T(lang, "account.not_saved")
		ac.renderReset(c, http.StatusUnprocessableEntity, v)
		return
	case errors.Is(err, models.ErrNotFound) || errors.Is(err, models.ErrInvalid):
		v.BadLink, v.Token = true, ""
		ac.renderReset(c, http.StatusNotFound, v)
		return
	case err != nil:
		ac.fail(c, err)
		return
	}
	ac.dropSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/password/done?notice=reset")
}

// linkPasswordForm is a new password chosen through an e-mailed link.
type linkPasswordForm struct {
	Token    string `form:"token"`
	Password string `form:"password"`
	Repeat   string `form:"passwordRepeat"`
}

// doneNotices are what the sign-in page says after a password change.
var doneNotices = map[string]string{
	"changed": "account.done.changed",
	"reset":   "account.done.reset",
}

// signInAgain is the sign-in page with a word on the new password.
func (ac *accountPages) signInAgain(c *gin.Context) {
	if _, ok := actorFrom(c); ok {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	v := loginView{Layout: ac.layout(c, "login.title", "")}
	if key, ok := doneNotices[c.Query("notice")]; ok {
		v.Notice = ac.t(c, key)
	}
	ac.render(c, http.StatusOK, "login", v)
}
