package handlers

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/web"
)

// A person's own first password: the invitation link of a new account
// (/invite?token=…) and, for a password someone else handed out (the
// demo's printed ones, an administrator's), the change it must get before
// anything else (/password/change). Both end signed in with the new one.

type invitationView struct {
	web.Layout
	Token       string
	Info        directory.InvitationInfo
	Err         fieldErrors
	BadLink     bool
	MinPassword int
}

func (ac *accountPages) invitationForm(c *gin.Context) {
	if v, ok := ac.invitation(c, c.Query("token")); ok {
		ac.renderWithToken(c, http.StatusOK, "invite", v)
	}
}

// invitation is the page of the invitation with token; when the link does
// not work (or the store fails) it answers and returns false.
func (ac *accountPages) invitation(c *gin.Context, token string) (invitationView, bool) {
	v := invitationView{Layout: ac.layout(c, "invite.title", ""), Token: token, MinPassword: directory.MinPasswordLen}
	info, err := ac.svc.Auth.CheckInvitation(c.Request.Context(), token)
	switch {
	case errors.Is(err, models.ErrNotFound):
		ac.badInvitation(c, v)
		return v, false
	case err != nil:
		ac.fail(c, err)
		return v, false
	}
	v.Info = info
	return v, true
}

func (ac *accountPages) badInvitation(c *gin.Context, v invitationView) {
	v.BadLink, v.Token = true, ""
	ac.renderWithToken(c, http.StatusNotFound, "invite", v)
}

func (ac *accountPages) acceptInvitation(c *gin.Context) {
	var f linkPasswordForm
	if !bindPageForm(ac.pages, c, &f) {
		return
	}
	v, ok := ac.invitation(c, f.Token)
	if !ok {
		return
	}
	lang := language(c)
	if f.Password != f.Repeat {
		v.Err = fieldErrors{"passwordRepeat": web.T(lang, "account.problem.repeat")}
		v.Alert = web.T(lang, "account.not_saved")
		ac.renderWithToken(c, http.StatusUnprocessableEntity, "invite", v)
		return
	}
	u, err := ac.svc.Auth.AcceptInvitation(c.Request.Context(), f.Token, f.Password)
	var ve *models.ValidationError
	switch {
	case errors.As(err, &ve):
		v.Err = passwordProblems(lang, fieldErrors{}, err)
		v.Alert = web.T(lang, "account.not_saved")
		ac.renderWithToken(c, http.StatusUnprocessableEntity, "invite", v)
		return
	case errors.Is(err, models.ErrNotFound):
		ac.badInvitation(c, v)
		return
	case err != nil:
		ac.fail(c, err)
		return
	}
	ac.signInWith(c, u.Email, f.Password, "")
}

// signInWith opens a session with the password just chosen and goes on to
// next (a page of this site) or home; if that fails (rate limit), the
// sign-in page says the password is set.
func (ac *accountPages) signInWith(c *gin.Context, email, password, next string) {
	token, _, err := ac.svc.Auth.Login(c.Request.Context(), email, password, c.ClientIP())
	if err != nil {
		ac.dropSessionCookie(c)
		c.Redirect(http.StatusSeeOther, "/password/done?notice=changed")
		return
	}
	setSessionCookie(c, ac.opts, token)
	c.Redirect(http.StatusSeeOther, afterSignIn(next))
}

type firstPasswordView struct {
	web.Layout
	Err         fieldErrors
	MinPassword int
}

// firstPasswordForm is where a person with a handed-out password is sent
// until they choose their own.
func (ac *accountPages) firstPasswordForm(c *gin.Context) {
	if !actor(c).MustChangePassword {
		c.Redirect(http.StatusSeeOther, afterSignIn(c.Query("next")))
		return
	}
	v := firstPasswordView{Layout: ac.layout(c, "first_password.title", ""), MinPassword: directory.MinPasswordLen}
	v.NextPage = safeNext(c.Query("next"))
	ac.render(c, http.StatusOK, "password_change", v)
}

func (ac *accountPages) firstPassword(c *gin.Context) {
	var f passwordForm
	if !bindPageForm(ac.pages, c, &f) {
		return
	}
	lang := language(c)
	v := firstPasswordView{Layout: ac.layout(c, "first_password.title", ""), Err: fieldErrors{}, MinPassword: directory.MinPasswordLen}
	v.NextPage = safeNext(c.PostForm("next"))
	if f.Current == "" {
		v.Err["currentPassword"] = web.T(lang, "account.problem.current_missing")
	}
	if f.Next != f.Repeat {
		v.Err["passwordRepeat"] = web.T(lang, "account.problem.repeat")
	}
	if len(v.Err) == 0 {
		err := ac.svc.Auth.ChangePassword(c.Request.Context(), actor(c), f.Current, f.Next)
		switch {
		case errors.Is(err, models.ErrRateLimited):
			v.Alert = web.T(lang, "account.problem.rate_limited")
			ac.render(c, http.StatusTooManyRequests, "password_change", v)
			return
		case errors.Is(err, models.ErrInvalid):
			v.Err = passwordProblems(lang, v.Err, err)
		case err != nil:
			ac.fail(c, err)
			return
		default:
			u, err := ac.svc.Auth.CurrentUser(c.Request.Context(), actor(c))
			if err != nil {
				ac.fail(c, err)
				return
			}
			ac.signInWith(c, u.Email, f.Next, v.NextPage)
			return
		}
	}
	v.Alert = web.T(lang, "account.not_saved")
	ac.render(c, http.StatusUnprocessableEntity, "password_change", v)
}

// setSessionCookie hands the browser its session token.
func setSessionCookie(c *gin.Context, opts Options, token string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: opts.CookieSecure, SameSite: http.SameSiteLaxMode, MaxAge: int(opts.SessionMaxAge.Seconds()),
	})
}
