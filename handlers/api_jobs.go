package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/outbox"
)

// listJobs shows this server's background jobs and their last runs (admin).
func (a *api) listJobs(c *gin.Context) {
	if !models.Can(actor(c).Role, models.ActManageUsers) {
		writeError(c, models.ErrForbidden)
		return
	}
	states := []models.JobState{}
	if a.jobStates != nil {
		states = a.jobStates(c.Request.Context())
	}
	states, err := a.svc.Jobs.ForActor(c.Request.Context(), actor(c), states)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": states})
}

// listOutbox shows the committee's queued, sent and failed mail (admin).
func (a *api) listOutbox(c *gin.Context) {
	state := models.MessageState(c.Query("state"))
	switch state {
	case "", models.MessagePending, models.MessageSending, models.MessageSent, models.MessageFailed:
	default:
		writeError(c, models.Invalid("state", "must be pending, sending, sent or failed"))
		return
	}
	page, err := a.svc.Mail.Outbox(c.Request.Context(), actor(c), outbox.OutboxQuery{State: state, After: c.Query("after")})
	if err != nil {
		writeError(c, err)
		return
	}
	items := page.Messages
	if items == nil {
		items = []models.Message{}
	}
	body := gin.H{"items": items}
	if page.Next != "" {
		body["next"] = page.Next // ?after= for the older messages
	}
	c.JSON(http.StatusOK, body)
}

// resendMessage queues a failed message again (admin).
func (a *api) resendMessage(c *gin.Context) {
	if err := a.svc.Mail.Resend(c.Request.Context(), actor(c), pathID(c)); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
