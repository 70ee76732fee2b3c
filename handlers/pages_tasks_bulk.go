package handlers

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// Bulk actions on the task list: a leader ticks tasks and assigns a lead
// unit, sets a deadline or accepts them. One call to the service changes
// each task on its own, at the version the leader saw, so one task changed
// meanwhile fails alone (never overwritten) and the others go through; the
// page then says, task by task, what happened.

type bulkView struct {
	web.Layout
	Action  string
	Back    string
	Results []bulkResult
	Done    int
	Failed  int
}

type bulkResult struct {
	ID, Text string
	OK       bool
	Message  string
}

// bulkForm is what the list's bulk form posts.
type bulkForm struct {
	action   string
	lead     models.ID
	deadline string
	tasks    []task.BulkTask
	back     string
}

func (p *pages) readBulkForm(c *gin.Context) (bulkForm, string) {
	f := bulkForm{action: c.PostForm("action"), lead: models.ID(c.PostForm("lead")),
		deadline: models.DateInput(c.PostForm("deadline")), back: localPath(c.PostForm("back"))}
	if f.back == "/" {
		f.back = "/tasks"
	}
	switch f.action {
	case "assign":
		if f.lead == "" {
			return f, "tasks.bulk.need_lead"
		}
	case "deadline":
		if _, err := models.ParseDate(f.deadline); err != nil {
			return f, "tasks.bulk.need_deadline"
		}
	case "accept":
	default:
		return f, "tasks.bulk.need_action"
	}
	picked := c.PostFormArray("task")
	if len(picked) == 0 {
		return f, "tasks.bulk.none"
	}
	if len(picked) > task.MaxBulkTasks {
		return f, "tasks.bulk.too_many"
	}
	for _, s := range picked {
		id, ver, ok := strings.Cut(s, ":")
		n, err := strconv.ParseInt(ver, 10, 64)
		if !ok || err != nil || n < 1 {
			return f, "tasks.bulk.malformed"
		}
		f.tasks = append(f.tasks, task.BulkTask{ID: models.ID(id), Version: n})
	}
	return f, ""
}

func (p *pages) bulkTasks(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	a, lang := actor(c), language(c)
	f, problem := p.readBulkForm(c)
	v := bulkView{Layout: p.layout(c, "tasks.bulk.title", "tasks"), Action: f.action, Back: f.back}
	if problem != "" {
		v.Alert = p.t(c, problem)
		p.render(c, http.StatusUnprocessableEntity, "tasks_bulk", v)
		return
	}
	res, err := p.svc.Tasks.Bulk(c.Request.Context(), a, task.BulkInput{
		Action: f.action, LeadUnitID: f.lead, Deadline: f.deadline, Tasks: f.tasks,
	})
	var ve *models.ValidationError
	switch {
	case errors.As(err, &ve):
		v.Alert = bulkProblem(lang, err, models.Task{})
		p.render(c, http.StatusUnprocessableEntity, "tasks_bulk", v)
		return
	case err != nil:
		p.fail(c, err)
		return
	}
	for _, it := range res.Items {
		r := bulkResult{ID: string(it.ID), Text: it.Task.Text}
		if it.Err == nil {
			r.OK, r.Message = true, web.T(lang, "tasks.bulk.ok."+f.action)
		} else {
			r.Message = bulkProblem(lang, it.Err, it.Task)
		}
		v.Results = append(v.Results, r)
	}
	v.Done, v.Failed = res.Done, res.Failed
	if v.Failed == 0 {
		c.Redirect(http.StatusSeeOther, withNotice(f.back, "bulk"))
		return
	}
	p.render(c, http.StatusOK, "tasks_bulk", v)
}

// bulkProblem says why one task of a bulk action was left as it was.
func bulkProblem(lang string, err error, t models.Task) string {
	_, code := errorStatus(err)
	switch code {
	case "conflict":
		return web.T(lang, "tasks.bulk.conflict", t.Version)
	case "invalid_transition":
		return web.T(lang, "tasks.bulk.transition", web.T(lang, "state."+string(t.State)))
	case "not_found":
		return web.T(lang, "tasks.bulk.not_found")
	case "invalid":
		var ve *models.ValidationError
		if errors.As(err, &ve) {
			var parts []string
			for f, msg := range ve.Fields {
				parts = append(parts, fieldMessage(lang, f, msg))
			}
			slices.Sort(parts)
			return strings.Join(parts, "; ")
		}
	}
	return message(lang, code)
}
