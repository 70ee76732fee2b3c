package handlers

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
)

// A unit's progress report, from the task page or from a card of the unit
// view. From a card with htmx, the answer is the card alone; without
// JavaScript the browser posts the form and comes back to the page.
//
// Reports are added to the history, never overwrite one another; but the
// lead unit's report sets the task's percent and state, so a report made
// on a task that changed since the form was opened comes back with the
// task as it now is and the officer's input, to be sent again knowingly.

// fragmentRequest: htmx asked for a part of a page (not a boosted
// navigation, which wants the whole page).
func fragmentRequest(c *gin.Context) bool {
	return c.GetHeader("HX-Request") == "true" && c.GetHeader("HX-Boosted") != "true"
}

// reportProgress binds the form and makes one call: the service decides
// what the report may move (the lead unit's percent and state, or only
// the history for a coordinating unit) and pins it to the form's version.
func (p *pages) reportProgress(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	ctx, a, id := c.Request.Context(), actor(c), pathID(c)
	version, ok := p.formVersion(c)
	if !ok {
		return
	}
	in := reportInput{Percent: strings.TrimSpace(c.PostForm("percent")), Note: strings.TrimSpace(c.PostForm("note")), Err: map[string]string{}}
	card := c.PostForm("view") == "card"
	pi := task.ProgressInput{Note: in.Note, Version: version, Done: c.PostForm("report") == "done"}
	// "Done" means 100%: a percent left in the form goes with it unread.
	if in.Percent != "" && !pi.Done {
		n, err := strconv.Atoi(in.Percent)
		if err != nil {
			in.Err["percent"] = p.t(c, "field.percent")
			p.reportRefused(c, id, in, card, http.StatusUnprocessableEntity, func(task.TaskView) string { return p.t(c, "task.report.problem") })
			return
		}
		pi.Percent = &n
	}
	tv, err := p.svc.Tasks.ReportProgress(ctx, a, id, pi)
	var ve *models.ValidationError
	switch {
	case err == nil:
	case errors.As(err, &ve):
		for f, msg := range ve.Fields {
			in.Err[f] = fieldMessage(language(c), f, msg)
		}
		p.reportRefused(c, id, in, card, http.StatusUnprocessableEntity, func(task.TaskView) string { return p.t(c, "task.report.problem") })
		return
	case errors.Is(err, models.ErrConflict):
		p.reportRefused(c, id, in, card, http.StatusConflict, func(cur task.TaskView) string {
			return p.t(c, "task.report.conflict", cur.Version)
		})
		return
	case errors.Is(err, models.ErrTransition):
		p.reportRefused(c, id, in, card, http.StatusUnprocessableEntity, func(cur task.TaskView) string {
			return p.t(c, "task.report.closed", p.t(c, "state."+string(cur.State)))
		})
		return
	default:
		p.fail(c, err)
		return
	}
	if card && fragmentRequest(c) {
		p.renderCard(c, http.StatusOK, tv, reportInput{Version: tv.Version, Err: map[string]string{}}, p.t(c, "notice.task.reported"), "")
		return
	}
	back := "/tasks/" + string(id)
	if r := c.PostForm("return"); r != "" {
		back = localPath(r)
	}
	c.Redirect(http.StatusSeeOther, withNotice(back, "reported")+"#task-"+string(id))
}

// reportRefused reads the task as it now is and shows the report form
// again with the officer's input, at the task's current version, and the
// alert that says why.
func (p *pages) reportRefused(c *gin.Context, id models.ID, in reportInput, card bool, status int, alert func(task.TaskView) string) {
	cur, err := p.svc.Tasks.Get(c.Request.Context(), actor(c), id)
	if err != nil {
		p.fail(c, err)
		return
	}
	in.Version = cur.Version
	p.reportFailed(c, cur, in, card, status, alert(cur))
}

// reportFailed shows the report form again with the officer's input: as
// a card for htmx, else on the task page.
func (p *pages) reportFailed(c *gin.Context, cur task.TaskView, in reportInput, card bool, status int, alert string) {
	if card && fragmentRequest(c) {
		p.renderCard(c, status, cur, in, "", alert)
		return
	}
	v, ok := p.taskPageData(c, cur.ID)
	if !ok {
		return
	}
	v.Report, v.Alert = in, alert
	p.render(c, status, "task", v)
}

// renderCard writes one card of the unit view, for htmx to swap in.
func (p *pages) renderCard(c *gin.Context, status int, tv task.TaskView, in reportInput, notice, alert string) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	d, err := p.directory(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	card := unitCard{taskRow: d.row(lang, tv, a), Report: in, Notice: notice, Alert: alert, Return: "/unit", Can: a.Permits(tv.Task)}
	var buf bytes.Buffer
	if err := p.view.RenderFragment(&buf, lang, "unit", "unit-card", card); err != nil {
		c.Error(err) //nolint:errcheck // recorded for the access log
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte(message(lang, "internal")))
		return
	}
	writeCompressed(c, status, "text/html; charset=utf-8", buf.Bytes())
}
