package handlers

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/web"
)

// The unsubscribe page needs no login: the token in the link (the one in
// every digest and reminder) allows changing that address's mail choices
// and nothing else. Mail clients that support one-click unsubscribing
// (RFC 8058) POST "List-Unsubscribe=One-Click" to the same address.

type unsubscribeView struct {
	web.Layout
	Token, Address, Digest, Problem string
	Reminders, Done                 bool
	Notify                          []notifyChoice
}

func (p *pages) unsubscribeForm(c *gin.Context) {
	prefs, err := p.svc.MailPrefs.ByToken(c.Request.Context(), c.Query("token"))
	if err != nil {
		p.unsubscribeFailed(c, err)
		return
	}
	p.renderUnsubscribe(c, http.StatusOK, prefs, c.Query("done") == "1", "")
}

func (p *pages) unsubscribe(c *gin.Context) {
	ctx, token := c.Request.Context(), c.Query("token")
	var (
		prefs models.MailPrefs
		err   error
	)
	switch {
	case c.PostForm("List-Unsubscribe") == "One-Click" || c.PostForm("action") == "unsubscribe":
		prefs, err = p.svc.MailPrefs.Unsubscribe(ctx, token)
	case c.PostForm("action") == "choose":
		in := outbox.MailPrefsInput{Digest: models.DigestFrequency(c.PostForm("digest")), Reminders: c.PostForm("reminders") == "on", Notify: readNotify(c)}
		prefs, err = p.svc.MailPrefs.SetByToken(ctx, token, in)
		if errors.Is(err, models.ErrInvalid) {
			if cur, e := p.svc.MailPrefs.ByToken(ctx, token); e == nil {
				p.renderUnsubscribe(c, http.StatusUnprocessableEntity, cur, false, p.t(c, "unsub.bad_digest"))
				return
			}
		}
	default:
		p.fail(c, models.Invalid("action", "unsubscribe or choose"))
		return
	}
	if err != nil {
		p.unsubscribeFailed(c, err)
		return
	}
	if c.PostForm("List-Unsubscribe") == "One-Click" {
		c.Status(http.StatusOK) // a mail client, not a person: no page
		return
	}
	c.Redirect(http.StatusSeeOther, "/unsubscribe?done=1&token="+prefs.Token)
}

func (p *pages) renderUnsubscribe(c *gin.Context, status int, prefs models.MailPrefs, done bool, problem string) {
	v := unsubscribeView{Layout: p.layout(c, "unsub.title", ""), Token: prefs.Token, Address: prefs.Address,
		Digest: string(prefs.Digest), Reminders: prefs.Reminders, Done: done, Problem: problem}
	chosen := map[models.NoticeKind]models.NotifyMode{}
	for _, k := range models.MailedNoticeKinds {
		chosen[k] = prefs.NotifyMode(k)
	}
	v.Notify = notifyChoices(language(c), chosen, nil)
	p.render(c, status, "unsubscribe", v)
}

// unsubscribeFailed explains a bad link in words rather than a bare 404.
func (p *pages) unsubscribeFailed(c *gin.Context, err error) {
	if !errors.Is(err, models.ErrNotFound) {
		p.fail(c, err)
		return
	}
	lang := language(c)
	v := errorView{Layout: p.layout(c, "unsub.title", ""), Heading: web.T(lang, "unsub.title"), Message: web.T(lang, "unsub.invalid")}
	p.render(c, http.StatusNotFound, "error", v)
}
