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

// The task form: a leader assigns a new task (/tasks/new) or edits one
// (/tasks/:id/edit). An edit carries the version it was made from; when
// someone changed the task meanwhile, the form comes back with the
// leader's input, the task as it now is, and the new version, so nothing
// is overwritten unseen and nothing typed is lost.

type taskForm struct {
	Month, Area, Text, Lead, FollowUp, Deadline, State, Note string
	Coordinating                                             []models.ID
	Version                                                  int64
	// Was is the task as the edit form showed it (hidden fields), so that
	// after a conflict only what the leader changed is kept from the input.
	Was *taskForm
}

// CoordList is Coordinating for a hidden field.
func (f taskForm) CoordList() string {
	s := make([]string, len(f.Coordinating))
	for i, id := range f.Coordinating {
		s[i] = string(id)
	}
	return strings.Join(s, ",")
}

// readTaskForm binds the posted form; bad is set for what cannot be read
// at all (a malformed version).
func readTaskForm(c *gin.Context) (f taskForm, bad bool) {
	f = taskForm{
		Month: c.PostForm("month"), Area: c.PostForm("area"), Text: strings.ReplaceAll(c.PostForm("text"), "\r\n", "\n"),
		Lead: c.PostForm("lead"), FollowUp: c.PostForm("followUp"), State: c.PostForm("state"),
		Deadline: models.DateInput(c.PostForm("deadline")), Note: strings.TrimSpace(c.PostForm("note")),
	}
	for _, u := range c.PostFormArray("coordinating") {
		// The lead is not also a coordinator: ticking it changes nothing.
		if id := models.ID(u); id != "" && string(id) != f.Lead && !slices.Contains(f.Coordinating, id) {
			f.Coordinating = append(f.Coordinating, id)
		}
	}
	if s := c.PostForm("version"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			return f, true
		}
		f.Version = n
	}
	if _, ok := c.GetPostForm("was.text"); ok {
		was := taskForm{
			Area: c.PostForm("was.area"), Text: strings.ReplaceAll(c.PostForm("was.text"), "\r\n", "\n"), Lead: c.PostForm("was.lead"),
			FollowUp: c.PostForm("was.followUp"), Deadline: c.PostForm("was.deadline"), State: c.PostForm("was.state"),
		}
		for _, u := range strings.Split(c.PostForm("was.coordinating"), ",") {
			if u != "" {
				was.Coordinating = append(was.Coordinating, models.ID(u))
			}
		}
		f.Was = &was
	}
	return f, false
}

// merge is what the edit form shows after a conflict: the task as it now
// is, with the fields the leader changed from the version they edited
// taken from their input. changed names those fields.
func (f taskForm) merge(cur models.Task) (out taskForm, changed []string) {
	out = formOf(cur)
	now := formOf(cur)
	out.Was, out.Note = &now, f.Note
	if f.Was == nil {
		return out, nil
	}
	was := *f.Was
	take := func(field string, dst *string, mine, before string) {
		if mine != before {
			*dst = mine
			changed = append(changed, field)
		}
	}
	take("text", &out.Text, strings.TrimSpace(f.Text), strings.TrimSpace(was.Text))
	take("areaId", &out.Area, f.Area, was.Area)
	take("leadUnitId", &out.Lead, f.Lead, was.Lead)
	take("followUpUnitId", &out.FollowUp, f.FollowUp, was.FollowUp)
	take("deadline", &out.Deadline, f.Deadline, was.Deadline)
	take("state", &out.State, f.State, was.State)
	if !slices.Equal(f.Coordinating, was.Coordinating) {
		out.Coordinating = f.Coordinating
		changed = append(changed, "coordinatingUnitIds")
	}
	return out, changed
}

type taskFormView struct {
	web.Layout
	Edit                      bool
	Action, Cancel            string
	ID                        string
	F                         taskForm
	Months, Areas, Leads      []option
	FollowUps, Coords, States []option
	Err                       map[string]string
	Problems                  []string
	Current                   *taskRow // the task as it now is, after a conflicting edit
	Mine                      string   // after a conflict: the fields kept from the leader's input
}

func (p *pages) newTaskForm(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	if !models.Can(a.Role, models.ActWriteTasks) {
		p.fail(c, models.ErrForbidden)
		return
	}
	today, err := p.svc.Tasks.Today(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	f := taskForm{Month: string(today.Month()), Deadline: string(today.Month().LastDay())}
	if m, err := models.ParseMonth(c.Query("month")); err == nil {
		f.Month, f.Deadline = string(m), string(m.LastDay())
	}
	f.Lead = c.Query("lead")
	p.renderTaskForm(c, http.StatusOK, "", f, nil, nil)
}

func (p *pages) createTask(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	f, _ := readTaskForm(c)
	in := task.TaskInput{
		Period: f.Month, AreaID: models.ID(f.Area), Text: f.Text, LeadUnitID: models.ID(f.Lead),
		CoordinatingUnitIDs: f.Coordinating, FollowUpUnitID: models.ID(f.FollowUp), Deadline: f.Deadline,
	}
	if in.CoordinatingUnitIDs == nil {
		in.CoordinatingUnitIDs = []models.ID{}
	}
	t, err := p.svc.Tasks.Create(c.Request.Context(), actor(c), in)
	var ve *models.ValidationError
	switch {
	case errors.As(err, &ve):
		p.renderTaskForm(c, http.StatusUnprocessableEntity, "", f, ve.Fields, nil)
		return
	case err != nil:
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/tasks/"+string(t.ID)+"?notice=created")
}

func (p *pages) editTaskForm(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	t, err := p.svc.Tasks.Get(ctx, a, pathID(c))
	if err != nil {
		p.fail(c, err)
		return
	}
	if !models.Can(a.Role, models.ActWriteTasks) {
		p.fail(c, models.ErrForbidden)
		return
	}
	p.renderTaskForm(c, http.StatusOK, string(t.ID), formOf(t.Task), nil, nil)
}

// formOf is a task as the edit form shows it.
func formOf(t models.Task) taskForm {
	f := taskForm{
		Month: string(t.Period), Area: string(t.AreaID), Text: t.Text, Lead: string(t.LeadUnitID),
		FollowUp: string(t.FollowUpUnitID), Deadline: string(t.Deadline), State: string(t.State),
		Coordinating: slices.Clone(t.CoordinatingUnitIDs), Version: t.Version,
	}
	was := f
	f.Was = &was
	return f
}

func (p *pages) editTask(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	ctx, a, id := c.Request.Context(), actor(c), pathID(c)
	f, bad := readTaskForm(c)
	if bad || f.Version == 0 {
		p.fail(c, &badRequest{detail: "version"})
		return
	}
	area, lead, follow := models.ID(f.Area), models.ID(f.Lead), models.ID(f.FollowUp)
	coords := f.Coordinating
	if coords == nil {
		coords = []models.ID{}
	}
	patch := task.TaskPatch{
		Version: f.Version, AreaID: &area, Text: &f.Text, LeadUnitID: &lead, CoordinatingUnitIDs: &coords,
		FollowUpUnitID: &follow, Deadline: &f.Deadline, Note: f.Note,
	}
	if f.State != "" {
		st := models.WorkState(f.State)
		patch.State = &st
	}
	_, err := p.svc.Tasks.Update(ctx, a, id, patch)
	var ve *models.ValidationError
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/tasks/"+string(id)+"?notice=saved")
	case errors.Is(err, models.ErrConflict):
		cur, gerr := p.svc.Tasks.Get(ctx, a, id)
		if gerr != nil {
			p.fail(c, gerr)
			return
		}
		d, derr := p.directory(ctx, a)
		if derr != nil {
			p.fail(c, derr)
			return
		}
		row := d.row(language(c), cur, a)
		// The next save is made knowing the current version.
		merged, changed := f.merge(cur.Task)
		p.renderConflictForm(c, string(id), merged, &row, changed)
	case errors.As(err, &ve):
		p.renderTaskForm(c, http.StatusUnprocessableEntity, string(id), f, ve.Fields, nil)
	case errors.Is(err, models.ErrTransition):
		p.renderTaskForm(c, http.StatusUnprocessableEntity, string(id), f, map[string]string{"state": err.Error()}, nil)
	default:
		p.fail(c, err)
	}
}

// renderConflictForm shows the edit form again after someone else saved
// the task first: the current task, the leader's changes on top, and
// which fields those are.
func (p *pages) renderConflictForm(c *gin.Context, id string, f taskForm, current *taskRow, changed []string) {
	lang := language(c)
	var names []string
	for _, field := range changed {
		names = append(names, taskFieldLabel(lang, field))
	}
	p.renderTaskFormWith(c, http.StatusConflict, id, f, nil, current, names)
}

// renderTaskForm shows the new-task form (id empty) or the edit form,
// with problems by field.
func (p *pages) renderTaskForm(c *gin.Context, status int, id string, f taskForm, problems map[string]string, current *taskRow) {
	p.renderTaskFormWith(c, status, id, f, problems, current, nil)
}

func (p *pages) renderTaskFormWith(c *gin.Context, status int, id string, f taskForm, problems map[string]string, current *taskRow, mine []string) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	d, err := p.directory(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	v := taskFormView{Edit: id != "", ID: id, F: f, Err: map[string]string{}, Current: current, Mine: strings.Join(mine, ", ")}
	if v.Edit {
		v.Layout = p.layout(c, "taskform.edit.title", "tasks")
		v.Action, v.Cancel = "/tasks/"+id+"/edit", "/tasks/"+id
	} else {
		v.Layout = p.layout(c, "taskform.new.title", "tasks")
		v.Action, v.Cancel = "/tasks", "/tasks"
	}
	if current != nil {
		v.Alert = p.t(c, "taskform.conflict", current.Version)
	}
	for field, msg := range problems {
		text := fieldMessage(lang, field, msg)
		v.Err[field] = text
		v.Problems = append(v.Problems, taskFieldLabel(lang, field)+": "+text)
	}
	slices.Sort(v.Problems)
	if len(problems) > 0 {
		v.Alert = p.t(c, "taskform.problems")
	}
	mp, _, err := p.pickMonth(c, a, f.Month)
	if err != nil {
		p.fail(c, err)
		return
	}
	v.Months = mp.Months
	v.Areas = []option{{Value: "", Label: web.T(lang, "review.area.choose"), Selected: f.Area == ""}}
	for _, ar := range d.areas {
		v.Areas = append(v.Areas, option{Value: string(ar.ID), Label: ar.Name, Selected: string(ar.ID) == f.Area})
	}
	v.Leads = unitOptions(d.units, []models.ID{models.ID(f.Lead)}, web.T(lang, "review.lead.choose"))
	v.FollowUps = unitOptions(d.units, []models.ID{models.ID(f.FollowUp)}, web.T(lang, "review.followup.none"))
	v.Coords = unitOptions(d.units, f.Coordinating, "")
	if v.Edit {
		v.States = editableStates(lang, models.WorkState(f.State))
	}
	p.render(c, status, "task_form", v)
}

// editableStates are the states the edit form may set from cur: pausing
// and resuming (accepting, reopening and cancelling have their own buttons).
func editableStates(lang string, cur models.WorkState) []option {
	out := []option{{Value: string(cur), Label: web.T(lang, "state."+string(cur)), Selected: true}}
	for _, s := range []models.WorkState{models.StateNotStarted, models.StateInProgress, models.StatePaused} {
		if s != cur && (models.CanTransition(cur, s) || s == models.StateNotStarted && cur == models.StatePaused) {
			out = append(out, option{Value: string(s), Label: web.T(lang, "state."+string(s))})
		}
	}
	return out
}

// taskFieldLabel names a task field in words, for messages.
func taskFieldLabel(lang, field string) string {
	if key := "taskform.label." + field; web.Has(key) {
		return web.T(lang, key)
	}
	return fieldLabel(lang, field)
}
