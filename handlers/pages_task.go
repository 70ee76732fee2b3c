package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// The task page (/tasks/:id): the task, its history, where it was carried
// from, its audit trail, and the forms each role may use on it. Unit
// officers of other units get "not found", as from the API.

type taskPageView struct {
	web.Layout
	T           taskRow
	Source      string
	SourceURL   string      // the import of the resolution, for those who may open it
	Condition   string      // what a waiting task waits for
	Footnotes   []string    // the resolution's footnotes on the task
	CarriedFrom []carryLink // the earlier months' tasks, newest first
	CarriedTo   *carryLink
	History     []historyRow
	Audit       []auditRow
	AuditShown  bool
	// Can is what the person may do to the task now: the one rule in
	// models decides which forms the page shows.
	Can        models.TaskPermits
	Report     reportInput
	LeaderNote string // a leader's note that came back with a conflict
	NoteText   string // a chase note that came back with a problem
	NoteErr    string
	Print      printHead // shown only on paper (pages_tasks_print.go)
}

type carryLink struct {
	Href, Month string
	Count       int
}

type historyRow struct {
	When, Who, Kind, KindCode, Change, Note string
	Percent                                 int
	ShowPercent                             bool
}

type auditRow struct {
	When, Who, Action string
	Changes           []string
}

// reportInput is the report form's content: empty, or what the officer
// sent when it came back.
type reportInput struct {
	Percent, Note string
	Version       int64
	Err           map[string]string
}

// maxCarryChain bounds how far back the page follows a task's carry-overs.
const maxCarryChain = 24

// taskPage shows a task and marks the person's notices of it read (the
// link in a notice or its mail leads here), before the menu counts them.
func (p *pages) taskPage(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	tv, err := p.svc.Tasks.Get(ctx, a, pathID(c))
	if err != nil {
		p.fail(c, err)
		return
	}
	if err := p.svc.Notices.ReadTask(ctx, a, tv.ID); err != nil {
		// The page is worth more than the mark; the count stays as it was.
		p.log.WarnContext(ctx, "marking task notices read", "request_id", c.GetString(ctxRequestID), "task_id", string(tv.ID), "error", err)
	}
	v, ok := p.taskPageOf(c, tv)
	if !ok {
		return
	}
	v.Notice = p.taskNotice(c)
	p.render(c, http.StatusOK, "task", v)
}

// taskPageData builds the page of task id; on failure it has answered.
func (p *pages) taskPageData(c *gin.Context, id models.ID) (taskPageView, bool) {
	tv, err := p.svc.Tasks.Get(c.Request.Context(), actor(c), id)
	if err != nil {
		p.fail(c, err)
		return taskPageView{}, false
	}
	return p.taskPageOf(c, tv)
}

// taskPageOf builds the page of a task just read; on failure it has answered.
func (p *pages) taskPageOf(c *gin.Context, tv task.TaskView) (taskPageView, bool) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	t := tv.Task
	d, err := p.directory(ctx, a)
	if err != nil {
		p.fail(c, err)
		return taskPageView{}, false
	}
	v := taskPageView{Layout: p.layout(c, "task.title", "tasks"), T: d.row(lang, tv, a)}
	v.Title = p.t(c, "task.title") + " — " + shorten(t.Text, 60)
	if v.Print, err = p.taskPrintHead(c, v.Layout); err != nil {
		p.fail(c, err)
		return taskPageView{}, false
	}
	if s := t.Source; s != nil && s.Resolution != "" {
		v.Source = web.T(lang, "task.source", s.Resolution, s.Section, s.AreaIndex, s.ItemIndex)
		if id, err := p.importOf(c, s.Resolution); err != nil {
			p.fail(c, err)
			return taskPageView{}, false
		} else if id != "" {
			v.SourceURL = "/imports/" + string(id)
		}
	}
	v.Condition, v.Footnotes = t.Condition, t.Footnotes
	v.Can = a.Permits(t)
	v.Report = reportInput{Version: t.Version, Err: map[string]string{}}

	// Carry-over history: the task this one continues, and so on back.
	prev := t.CarriedFromID
	for i := 0; prev != "" && i < maxCarryChain; i++ {
		pt, err := p.svc.Tasks.Get(ctx, a, prev)
		if err != nil {
			break // gone or not visible: the chain ends here
		}
		v.CarriedFrom = append(v.CarriedFrom, carryLink{Href: "/tasks/" + string(pt.ID), Month: web.MonthLabel(string(pt.Period)), Count: pt.CarryCount})
		prev = pt.CarriedFromID
	}
	if t.State == models.StateCarried {
		next := monthend.CarriedTaskID(t.ID, t.Period.Next())
		if nt, err := p.svc.Tasks.Get(ctx, a, next); err == nil {
			v.CarriedTo = &carryLink{Href: "/tasks/" + string(nt.ID), Month: web.MonthLabel(string(nt.Period))}
		}
	}

	names := map[models.ID]string{}
	if models.Can(a.Role, models.ActListUsers) {
		users, err := p.svc.Users.List(ctx, a)
		if err != nil {
			p.fail(c, err)
			return taskPageView{}, false
		}
		for _, u := range users {
			names[u.ID] = u.Name
		}
	}
	history, err := p.svc.Tasks.Progress(ctx, a, t.ID)
	if err != nil {
		p.fail(c, err)
		return taskPageView{}, false
	}
	// Newest first: the latest report is what people look for.
	for _, pr := range slices.Backward(history) {
		who := names[pr.UserID]
		if u := d.unit(pr.UnitID); u != "" {
			who = strings.TrimPrefix(who+" — "+u, " — ")
		}
		h := historyRow{When: d.when(pr.At), Who: orText(who, web.T(lang, "task.someone")),
			Kind: web.T(lang, "progress."+string(pr.Kind)), KindCode: string(pr.Kind), Note: pr.Note,
			// A coordinating unit's report does not move the task's percent.
			Percent: pr.Percent, ShowPercent: pr.Kind == models.ProgressReport && pr.UnitID == t.LeadUnitID}
		if pr.FromState != pr.ToState && pr.ToState != "" {
			h.Change = web.T(lang, "task.state_change", web.T(lang, "state."+string(pr.FromState)), web.T(lang, "state."+string(pr.ToState)))
		}
		v.History = append(v.History, h)
	}

	if models.Can(a.Role, models.ActReadAudit) {
		v.AuditShown = true
		entries, err := p.svc.Audit.List(ctx, a, directory.AuditQuery{Entity: models.EntityTask, ID: t.ID, PerPage: 100})
		if err != nil {
			p.fail(c, err)
			return taskPageView{}, false
		}
		for _, e := range entries {
			v.Audit = append(v.Audit, auditRow{When: d.when(e.At), Who: orText(names[e.ActorID], web.T(lang, "task.system")),
				Action: orText(auditAction(lang, e.Action), e.Action), Changes: auditChanges(lang, d, e)})
		}
	}
	return v, true
}

func auditAction(lang, action string) string {
	if key := "audit." + action; web.Has(key) {
		return web.T(lang, key)
	}
	return ""
}

// auditChanges lists, in words, the fields an audit entry changed.
func auditChanges(lang string, d roster, e models.AuditEntry) []string {
	var before, after models.Task
	if len(e.Before) == 0 || json.Unmarshal(e.Before, &before) != nil || json.Unmarshal(e.After, &after) != nil {
		return nil
	}
	var out []string
	add := func(field, from, to string) {
		if from != to {
			out = append(out, web.T(lang, "audit.change", taskFieldLabel(lang, field), orText(from, "—"), orText(to, "—")))
		}
	}
	if before.Text != after.Text {
		out = append(out, web.T(lang, "audit.text_changed"))
	}
	add("areaId", d.areaName[before.AreaID], d.areaName[after.AreaID])
	add("leadUnitId", d.unit(before.LeadUnitID), d.unit(after.LeadUnitID))
	names := func(ids []models.ID) string {
		var s []string
		for _, id := range ids {
			s = append(s, d.unit(id))
		}
		return strings.Join(s, ", ")
	}
	add("coordinatingUnitIds", names(before.CoordinatingUnitIDs), names(after.CoordinatingUnitIDs))
	add("followUpUnitId", d.unit(before.FollowUpUnitID), d.unit(after.FollowUpUnitID))
	add("deadline", deadlineText(lang, before.Deadline), deadlineText(lang, after.Deadline))
	add("state", web.T(lang, "state."+string(before.State)), web.T(lang, "state."+string(after.State)))
	if before.Percent != after.Percent {
		out = append(out, web.T(lang, "audit.percent", before.Percent, after.Percent))
	}
	return out
}

// shorten cuts s to about n characters at a word boundary.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// leaderAction is accept, reopen or cancel, at the version the leader saw.
func (p *pages) leaderAction(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !p.parseForm(c) {
			return
		}
		ctx, a, id := c.Request.Context(), actor(c), pathID(c)
		version, ok := p.formVersion(c)
		if !ok {
			return
		}
		note := strings.TrimSpace(c.PostForm("note"))
		var err error
		switch action {
		case "accept":
			_, err = p.svc.Tasks.Accept(ctx, a, id, version, note)
		case "reopen":
			_, err = p.svc.Tasks.Reopen(ctx, a, id, version, note)
		case "cancel":
			_, err = p.svc.Tasks.Cancel(ctx, a, id, version, note)
		}
		notice := map[string]string{"accept": "accepted", "reopen": "reopened", "cancel": "cancelled"}[action]
		switch {
		case err == nil:
			back := localPath(c.PostForm("return"))
			if back == "/" && c.PostForm("return") == "" {
				back = "/tasks/" + string(id)
			}
			c.Redirect(http.StatusSeeOther, withNotice(back, notice))
		case errors.Is(err, models.ErrConflict), errors.Is(err, models.ErrTransition), errors.Is(err, models.ErrInvalid):
			// The page shows the task as it now is, with the note kept.
			v, ok := p.taskPageData(c, id)
			if !ok {
				return
			}
			_, code := errorStatus(err)
			v.Alert = p.taskProblem(c, code, v.T)
			v.LeaderNote = note
			status, _ := errorStatus(err)
			p.render(c, status, "task", v)
		default:
			p.fail(c, err)
		}
	}
}

// taskProblem says in words why an action on t was refused.
func (p *pages) taskProblem(c *gin.Context, code string, t taskRow) string {
	switch code {
	case "conflict":
		return p.t(c, "task.conflict", t.Version)
	case "invalid_transition":
		return p.t(c, "task.transition", t.State)
	}
	return message(language(c), code)
}

// addNote records a chase note (đôn đốc) from the office or a leader.
func (p *pages) addNote(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	ctx, a, id := c.Request.Context(), actor(c), pathID(c)
	note := strings.TrimSpace(c.PostForm("note"))
	_, err := p.svc.Tasks.AddNote(ctx, a, id, note)
	var ve *models.ValidationError
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/tasks/"+string(id)+"?notice=noted#history")
	case errors.As(err, &ve):
		v, ok := p.taskPageData(c, id)
		if !ok {
			return
		}
		v.NoteText, v.NoteErr = note, p.t(c, "task.note.required")
		v.Alert = v.NoteErr
		p.render(c, http.StatusUnprocessableEntity, "task", v)
	default:
		p.fail(c, err)
	}
}

// importOf is the committed import of the resolution numbered number, for
// people who may open imports; "" when there is none or they may not.
func (p *pages) importOf(c *gin.Context, number string) (models.ID, error) {
	all, err := p.openableImports(c)
	if err != nil {
		return "", err
	}
	for _, imp := range all { // newest first
		if imp.DocNumber == number && (imp.Status == models.ImportCommitted || imp.Status == models.ImportReplaced) {
			return imp.ID, nil
		}
	}
	return "", nil
}
