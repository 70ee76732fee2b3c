package handlers

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/web"
)

// Bulk actions on the task list: a leader ticks tasks and assigns a lead
// unit, sets a deadline or accepts them. Each task is changed on its own,
// at the version the leader saw, so one task changed meanwhile fails alone
// (never overwritten) and the others go through; the page then says, task
// by task, what happened.

const maxBulkTasks = 200

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
	tasks    []bulkTask
	back     string
}

type bulkTask struct {
	id      models.ID
	version int64
}

func (p *pages) readBulkForm(c *gin.Context) (bulkForm, string) {
	f := bulkForm{action: c.PostForm("action"), lead: models.ID(c.PostForm("lead")),
		deadline: strings.TrimSpace(c.PostForm("deadline")), back: localPath(c.PostForm("back"))}
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
	if len(picked) > maxBulkTasks {
		return f, "tasks.bulk.too_many"
	}
	for _, s := range picked {
		id, ver, ok := strings.Cut(s, ":")
		n, err := strconv.ParseInt(ver, 10, 64)
		if !ok || err != nil || n < 1 {
			return f, "tasks.bulk.malformed"
		}
		f.tasks = append(f.tasks, bulkTask{id: models.ID(id), version: n})
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
	for _, bt := range f.tasks {
		r := bulkResult{ID: string(bt.id)}
		t, err := p.bulkOne(c, a, f, bt)
		if t.ID != "" {
			r.Text = t.Text
		}
		if err == nil {
			r.OK, r.Message = true, web.T(lang, "tasks.bulk.ok."+f.action)
			v.Done++
		} else {
			if errors.Is(err, models.ErrForbidden) || errors.Is(err, models.ErrUnauthenticated) {
				p.fail(c, err)
				return
			}
			r.Message = bulkProblem(lang, err, t)
			v.Failed++
		}
		v.Results = append(v.Results, r)
	}
	if v.Failed == 0 {
		c.Redirect(http.StatusSeeOther, withNotice(f.back, "bulk"))
		return
	}
	p.render(c, http.StatusOK, "tasks_bulk", v)
}

// bulkOne applies the action to one task and returns the task as it now
// is (or as it was found, when the action failed).
func (p *pages) bulkOne(c *gin.Context, a models.Actor, f bulkForm, bt bulkTask) (models.Task, error) {
	ctx := c.Request.Context()
	cur, err := p.svc.Tasks.Get(ctx, a, bt.id)
	if err != nil {
		return models.Task{}, err
	}
	var out services.TaskView
	switch f.action {
	case "assign":
		patch := services.TaskPatch{Version: bt.version, LeadUnitID: &f.lead}
		if cur.Coordinates(f.lead) {
			// The new lead stops coordinating: one unit holds one role.
			rest := slices.DeleteFunc(slices.Clone(cur.CoordinatingUnitIDs), func(u models.ID) bool { return u == f.lead })
			patch.CoordinatingUnitIDs = &rest
		}
		out, err = p.svc.Tasks.Update(ctx, a, bt.id, patch)
	case "deadline":
		out, err = p.svc.Tasks.Update(ctx, a, bt.id, services.TaskPatch{Version: bt.version, Deadline: &f.deadline})
	case "accept":
		out, err = p.svc.Tasks.Accept(ctx, a, bt.id, bt.version, "")
	}
	if err != nil {
		return cur.Task, err
	}
	return out.Task, nil
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
