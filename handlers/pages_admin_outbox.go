package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/web"
)

// messageStates are the outbox filter's choices, in a message's order of life.
var messageStates = []models.MessageState{models.MessagePending, models.MessageSending, models.MessageSent, models.MessageFailed}

type messageRow struct {
	ID, To, Subject, State, StateCode string
	Attempts                          int
	CreatedAt, NextAt, SentAt         string
	LastError                         string
	Failed                            bool
}

// mailMode says where delivered mail goes, from Deps.MailTo.
type mailMode struct {
	Files bool   // no SMTP server: messages are written as .eml files
	Where string // the directory, or the SMTP server
}

type outboxView struct {
	web.Layout
	State    string
	States   []choice
	Messages []messageRow
	Mail     mailMode
	// Older continues with the next page; Newest goes back to the first.
	Older, Newest string
}

func (ad *adminPages) outbox(c *gin.Context) {
	if !ad.require(c, mailAction) {
		return
	}
	state := models.MessageState(c.Query("state"))
	if state != "" && !validState(state) {
		ad.renderOutbox(c, http.StatusUnprocessableEntity, "", ad.t(c, "admin.outbox.bad_state"))
		return
	}
	ad.renderOutbox(c, http.StatusOK, state, "")
}

func validState(s models.MessageState) bool {
	for _, v := range messageStates {
		if s == v {
			return true
		}
	}
	return false
}

func (ad *adminPages) renderOutbox(c *gin.Context, status int, state models.MessageState, alert string) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	after := c.Query("after")
	page, err := ad.svc.Mail.Outbox(ctx, a, outbox.OutboxQuery{State: state, After: after})
	if errors.Is(err, models.ErrInvalid) && after != "" {
		// A mangled or stale link: show the newest messages instead.
		after, alert = "", ad.t(c, "admin.outbox.bad_after")
		page, err = ad.svc.Mail.Outbox(ctx, a, outbox.OutboxQuery{State: state})
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	cm, err := ad.svc.Committees.Get(ctx, a)
	if err != nil {
		ad.fail(c, err)
		return
	}
	loc := cm.Location()
	v := outboxView{Layout: ad.adminLayout(c, "admin.outbox.title"), State: string(state), Mail: ad.mailMode()}
	v.Alert = alert
	link := func(after string) string {
		q := url.Values{}
		if state != "" {
			q.Set("state", string(state))
		}
		if after != "" {
			q.Set("after", after)
		}
		if len(q) == 0 {
			return "/admin/outbox"
		}
		return "/admin/outbox?" + q.Encode()
	}
	if page.Next != "" {
		v.Older = link(page.Next)
	}
	if after != "" {
		v.Newest = link("")
	}
	v.States = append(v.States, choice{Value: "", Label: web.T(lang, "admin.outbox.state.all"), Selected: state == ""})
	for _, s := range messageStates {
		v.States = append(v.States, choice{Value: string(s), Label: web.T(lang, "admin.outbox.state."+string(s)), Selected: s == state})
	}
	for _, m := range page.Messages {
		row := messageRow{
			ID: string(m.ID), To: strings.Join(m.To, ", "), Subject: m.Subject,
			State: web.T(lang, "admin.outbox.state."+string(m.State)), StateCode: string(m.State),
			Attempts: m.Attempts, CreatedAt: localTime(m.CreatedAt, loc), LastError: m.LastError,
			Failed: m.State == models.MessageFailed,
		}
		if m.State == models.MessagePending {
			row.NextAt = localTime(m.NextAt, loc)
		}
		if m.SentAt != nil {
			row.SentAt = localTime(*m.SentAt, loc)
		}
		v.Messages = append(v.Messages, row)
	}
	ad.render(c, status, "admin_outbox", v)
}

func (ad *adminPages) mailMode() mailMode {
	switch {
	case ad.mailTo == "":
		return mailMode{}
	case strings.HasPrefix(ad.mailTo, "smtp://"):
		return mailMode{Where: strings.TrimPrefix(ad.mailTo, "smtp://")}
	}
	return mailMode{Files: true, Where: ad.mailTo}
}

// localTime writes t in the committee's zone as Vietnamese forms do.
func localTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("15:04 02/01/2006")
}

// resend queues a failed message again and comes back to the same filter.
// Only failed messages may be resent: the others are on their way or gone.
func (ad *adminPages) resend(c *gin.Context) {
	if !ad.require(c, mailAction) || !ad.parseForm(c) {
		return
	}
	state := models.MessageState(c.PostForm("state"))
	if !validState(state) {
		state = ""
	}
	err := ad.svc.Mail.Resend(c.Request.Context(), actor(c), pathID(c))
	if errors.Is(err, models.ErrConflict) {
		ad.renderOutbox(c, http.StatusConflict, state, ad.t(c, "admin.outbox.resend_refused"))
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	q := url.Values{"notice": {"resent"}}
	if state != "" {
		q.Set("state", string(state))
	}
	c.Redirect(http.StatusSeeOther, "/admin/outbox?"+q.Encode())
}
