// Package task holds the task use cases and the one task-change path
// (Writer) that every other writer of tasks goes through.
package task

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/store"
)

// TaskService assigns, follows and accepts tasks.
type TaskService struct {
	core.Base
	dueSoonDays int
	writer      *Writer
	periods     *directory.PeriodService
}

// TaskView is a task with its derived timeliness at the time of reading.
type TaskView struct {
	models.Task
	Timeliness models.Timeliness
}

func (s *TaskService) view(t models.Task, loc *time.Location) TaskView {
	return TaskView{Task: t, Timeliness: s.clockIn(loc).Of(t.State, t.Deadline, t.AcceptedAt)}
}

func (s *TaskService) clockIn(loc *time.Location) models.TimelinessClock {
	return models.NewTimelinessClock(s.Now(), loc, s.dueSoonDays)
}

func (s *TaskService) location(ctx context.Context, committee models.ID) (*time.Location, error) {
	_, loc, err := s.Committees.Get(ctx, committee)
	return loc, err
}

// TaskInput is a new task, as a leader writes it.
type TaskInput struct {
	Period              string
	AreaID              models.ID
	Text                string
	Source              *models.SourceRef
	LeadUnitID          models.ID
	CoordinatingUnitIDs []models.ID
	FollowUpUnitID      models.ID
	Deadline            string // "" = thường xuyên
}

// Create assigns a new task in an open month.
func (s *TaskService) Create(ctx context.Context, actor models.Actor, in TaskInput) (TaskView, error) {
	if err := core.Require(actor, models.ActWriteTasks); err != nil {
		return TaskView{}, err
	}
	now := s.Now()
	t := models.Task{
		ID: models.NewID(now), CommitteeID: actor.CommitteeID, Period: models.Month(in.Period),
		AreaID: in.AreaID, Text: core.Text(in.Text), Source: in.Source,
		LeadUnitID: in.LeadUnitID, CoordinatingUnitIDs: in.CoordinatingUnitIDs, FollowUpUnitID: in.FollowUpUnitID,
		Deadline: models.Date(in.Deadline), State: models.StateNotStarted,
		Version: 1, CreatedBy: actor.UserID, CreatedAt: now, UpdatedBy: actor.UserID, UpdatedAt: now,
	}
	if err := t.Validate(); err != nil {
		return TaskView{}, err
	}
	area, err := s.checkRefs(ctx, t, nil)
	if err != nil {
		return TaskView{}, err
	}
	if _, err := s.periods.EnsureOpen(ctx, actor, t.Period); err != nil {
		return TaskView{}, err
	}
	loc, err := s.location(ctx, actor.CommitteeID)
	if err != nil {
		return TaskView{}, err
	}
	t.Derive(loc, area.Position)
	audit := s.Audit(actor, models.EntityTask, t.ID, notify.ActionCreate, nil, t)
	if err := s.writer.Create(ctx, actor, notify.ActionCreate, []models.Task{t}, []models.AuditEntry{audit}, false); err != nil {
		return TaskView{}, err
	}
	return s.view(t, loc), nil
}

// checkRefs makes sure the area and units exist in the task's committee and
// that newly named units are active; old names on an edited task may stay.
func (s *TaskService) checkRefs(ctx context.Context, t models.Task, old *models.Task) (models.Area, error) {
	p := models.Problems{}
	area, err := s.Store.Areas().Get(ctx, t.CommitteeID, t.AreaID)
	if errors.Is(err, models.ErrNotFound) {
		p.Add("areaId", "no such area")
	} else if err != nil {
		return models.Area{}, err
	}
	check := func(field string, id models.ID, wasThere bool) error {
		u, err := s.Store.Units().Get(ctx, t.CommitteeID, id)
		switch {
		case errors.Is(err, models.ErrNotFound):
			p.Add(field, "no such unit")
		case err != nil:
			return err
		case !u.Active && !wasThere:
			p.Add(field, "the unit is disabled")
		}
		return nil
	}
	if err := check("leadUnitId", t.LeadUnitID, old != nil && old.LeadUnitID == t.LeadUnitID); err != nil {
		return models.Area{}, err
	}
	for _, id := range t.CoordinatingUnitIDs {
		if err := check("coordinatingUnitIds", id, old != nil && old.Involves(id)); err != nil {
			return models.Area{}, err
		}
	}
	if t.FollowUpUnitID != "" {
		if err := check("followUpUnitId", t.FollowUpUnitID, old != nil && old.FollowUpUnitID == t.FollowUpUnitID); err != nil {
			return models.Area{}, err
		}
	}
	return area, p.Err()
}

// Get returns a task the actor may see; others' tasks are "not found", so
// their existence is not revealed.
func (s *TaskService) Get(ctx context.Context, actor models.Actor, id models.ID) (TaskView, error) {
	t, loc, err := s.visible(ctx, actor, id)
	if err != nil {
		return TaskView{}, err
	}
	return s.view(t, loc), nil
}

func (s *TaskService) visible(ctx context.Context, actor models.Actor, id models.ID) (models.Task, *time.Location, error) {
	if err := core.CheckID("task", id); err != nil {
		return models.Task{}, nil, err
	}
	t, err := s.Store.Tasks().Get(ctx, actor.CommitteeID, id)
	if err != nil {
		return models.Task{}, nil, err
	}
	if !actor.CanSeeTask(t) {
		return models.Task{}, nil, models.NotFound("task", id)
	}
	loc, err := s.location(ctx, actor.CommitteeID)
	return t, loc, err
}

// TaskQuery is a listing request, as the API receives it.
type TaskQuery struct {
	Period     string
	UnitID     models.ID
	Role       string // lead | coordinating | ""
	AreaID     models.ID
	State      string
	Timeliness string
	Q          string
	Page       int
	PerPage    int
}

// TaskPage is one page of a listing.
type TaskPage struct {
	Tasks   []TaskView
	Total   int
	Page    int
	PerPage int
}

func (s *TaskService) List(ctx context.Context, actor models.Actor, q TaskQuery) (TaskPage, error) {
	p := models.Problems{}
	f, err := s.filterOf(actor, q, p)
	if err != nil {
		return TaskPage{}, err
	}
	page, perPage := core.Paging(p, q.Page, q.PerPage)
	if err := p.Err(); err != nil {
		return TaskPage{}, err
	}
	clock, err := s.today(ctx, actor, &f)
	if err != nil {
		return TaskPage{}, err
	}
	f.Offset, f.Limit = (page-1)*perPage, perPage
	tasks, total, err := s.Store.Tasks().List(ctx, f)
	if err != nil {
		return TaskPage{}, err
	}
	out := TaskPage{Tasks: make([]TaskView, 0, len(tasks)), Total: total, Page: page, PerPage: perPage}
	for _, t := range tasks {
		out.Tasks = append(out.Tasks, TaskView{Task: t, Timeliness: clock.Of(t.State, t.Deadline, t.AcceptedAt)})
	}
	return out, nil
}

// filterOf turns a listing request into the store's filter, with what the
// actor may see (an error when nothing); problems with the request go to p.
func (s *TaskService) filterOf(actor models.Actor, q TaskQuery, p models.Problems) (store.TaskFilter, error) {
	f := store.TaskFilter{Committee: actor.CommitteeID}
	switch {
	case models.Can(actor.Role, models.ActReadAllTasks):
	case actor.Role == models.RoleUnit && actor.UnitID != "":
		f.VisibleTo = actor.UnitID
	default:
		return f, core.Require(actor, models.ActReadAllTasks)
	}
	if q.Period != "" {
		if _, err := models.ParseMonth(q.Period); err != nil {
			p.Add("period", "must be YYYY-MM")
		}
		f.Period = models.Month(q.Period)
	}
	if q.UnitID != "" && !q.UnitID.Valid() {
		p.Add("unit", "malformed id")
	}
	f.UnitID = q.UnitID
	switch store.UnitRole(q.Role) {
	case store.UnitRoleAny, store.UnitRoleLead, store.UnitRoleCoordinating:
		f.UnitRole = store.UnitRole(q.Role)
	default:
		p.Add("role", "must be lead or coordinating")
	}
	if q.AreaID != "" && !q.AreaID.Valid() {
		p.Add("area", "malformed id")
	}
	f.AreaID = q.AreaID
	if q.State != "" {
		st := models.WorkState(q.State)
		if !st.Valid() {
			p.Add("state", "unknown state")
		}
		f.States = []models.WorkState{st}
	}
	if q.Timeliness != "" && !models.Timeliness(q.Timeliness).Valid() {
		p.Add("timeliness", "unknown timeliness")
	}
	f.Timeliness = models.Timeliness(q.Timeliness)
	if len(q.Q) > 200 {
		p.Add("q", "too long")
	}
	f.Query = models.Fold(core.NFC(q.Q))
	f.QueryAlternatives = models.Alternatives(f.Query, models.Synonyms)
	return f, nil
}

// today sets the filter's "today" (for overdue and due-soon filters) in
// the committee's zone and returns the clock tasks are judged by.
func (s *TaskService) today(ctx context.Context, actor models.Actor, f *store.TaskFilter) (models.TimelinessClock, error) {
	loc, err := s.location(ctx, actor.CommitteeID)
	if err != nil {
		return models.TimelinessClock{}, err
	}
	clock := s.clockIn(loc)
	f.Today, f.DueSoonUntil = clock.Today, clock.DueSoonUntil
	return clock, nil
}

// TaskPatch is a leader's edit; Version is the one the leader saw. Empty
// strings clear the follow-up unit and the deadline (thường xuyên).
type TaskPatch struct {
	Version             int64
	AreaID              *models.ID
	Text                *string
	LeadUnitID          *models.ID
	CoordinatingUnitIDs *[]models.ID
	FollowUpUnitID      *models.ID
	Deadline            *string
	State               *models.WorkState // only pause, resume or restart
	Note                string            // why, kept in the history
}

// Update edits an open task. A stale version is a conflict, never a silent
// overwrite.
func (s *TaskService) Update(ctx context.Context, actor models.Actor, id models.ID, p TaskPatch) (TaskView, error) {
	old, loc, err := s.visible(ctx, actor, id)
	if err != nil {
		return TaskView{}, err
	}
	if err := models.CheckNote(p.Note, false); err != nil {
		return TaskView{}, err
	}
	t, err := s.update(ctx, actor, old, p)
	if err != nil {
		return TaskView{}, err
	}
	return s.view(t, loc), nil
}

// update applies a leader's patch to old, as read.
func (s *TaskService) update(ctx context.Context, actor models.Actor, old models.Task, p TaskPatch) (models.Task, error) {
	if err := actor.May(old, models.OpEdit); err != nil {
		if errors.Is(err, models.ErrTransition) {
			return old, fmt.Errorf("task is %s; reopen it before editing: %w", old.State, models.ErrTransition)
		}
		return old, err
	}
	saved, _, err := s.writer.Change(ctx, old, Edit{Actor: actor, Action: notify.ActionUpdate, Note: core.Text(p.Note), Version: p.Version,
		Apply: func(t *models.Task) error {
			if err := actor.May(*t, models.OpEdit); err != nil {
				return err
			}
			before := *t
			core.SetIf(&t.AreaID, p.AreaID)
			if p.Text != nil {
				t.Text = core.Text(*p.Text)
			}
			core.SetIf(&t.LeadUnitID, p.LeadUnitID)
			core.SetIf(&t.CoordinatingUnitIDs, p.CoordinatingUnitIDs)
			core.SetIf(&t.FollowUpUnitID, p.FollowUpUnitID)
			if p.Deadline != nil {
				t.Deadline = models.Date(*p.Deadline)
			}
			if p.State != nil && *p.State != t.State {
				allowed := []models.WorkState{models.StateNotStarted, models.StateInProgress, models.StatePaused}
				if !core.Contains(allowed, *p.State) || !models.CanTransition(t.State, *p.State) && !(*p.State == models.StateNotStarted && t.State == models.StatePaused) {
					return fmt.Errorf("cannot set state %s from %s here (use accept, reopen or cancel): %w", *p.State, t.State, models.ErrTransition)
				}
				t.State = *p.State
			}
			if err := t.Validate(); err != nil {
				return err
			}
			area, err := s.checkRefs(ctx, *t, &before)
			if err != nil {
				return err
			}
			t.AreaPosition = area.Position
			return nil
		}})
	return saved, err
}

// ProgressInput is a unit's report. Percent and State are optional; State
// may be dang_thuc_hien or cho_xac_nhan (the unit says it is done), which
// Done also says.
type ProgressInput struct {
	Percent *int
	State   *models.WorkState
	Done    bool
	Note    string
	// Version, when not 0, is the task's version the reporter saw: a task
	// changed since is not reported on (ErrConflict), so that a percent or
	// "done" chosen on an old page never lands on a task that was, say,
	// given a new deadline or paused meanwhile. A coordinating unit's
	// report, which does not move the task, is recorded whatever the version.
	Version int64
}

// ReportProgress records a unit's report (models.Task.ApplyReport says
// what it does to the task).
func (s *TaskService) ReportProgress(ctx context.Context, actor models.Actor, id models.ID, in ProgressInput) (TaskView, error) {
	note := core.Text(in.Note)
	done := in.Done || in.State != nil && *in.State == models.StateAwaiting
	p := models.Problems{}
	if in.Percent != nil && (*in.Percent < 0 || *in.Percent > 100) {
		p.Add("percent", "must be between 0 and 100")
	}
	if in.State != nil && *in.State != models.StateInProgress && *in.State != models.StateAwaiting {
		p.Add("state", "must be dang_thuc_hien or cho_xac_nhan")
	}
	if done && in.Percent != nil && *in.Percent != 100 {
		p.Add("percent", "a task reported done is 100%")
	}
	if err := models.CheckNote(note, false); err != nil {
		p.Add("note", "too long, or only invisible characters")
	}
	if in.Percent == nil && in.State == nil && !done && note == "" {
		p.Add("note", "report a percent, a state or a note")
	}
	if err := p.Err(); err != nil {
		return TaskView{}, err
	}
	old, loc, err := s.visible(ctx, actor, id)
	if err != nil {
		return TaskView{}, err
	}
	version := in.Version
	if old.LeadUnitID != actor.UnitID {
		version = 0
	}
	var recorded int
	t, _, err := s.writer.Change(ctx, old, Edit{Actor: actor, Action: notify.ActionReport, Kind: models.ProgressReport, Note: note, Version: version, Percent: &recorded,
		Apply: func(t *models.Task) error {
			if err := actor.May(*t, models.OpReport); err != nil {
				return err
			}
			if in.State != nil {
				if err := actor.May(*t, models.OpReportState); err != nil {
					return err
				}
			}
			var err error
			recorded, err = t.ApplyReport(actor.UnitID, in.Percent, done)
			return err
		}})
	if err != nil {
		return TaskView{}, err
	}
	return s.view(t, loc), nil
}

// AddNote records a follow-up note (đôn đốc) from the office or a leader.
func (s *TaskService) AddNote(ctx context.Context, actor models.Actor, id models.ID, note string) (TaskView, error) {
	note = core.Text(note)
	if err := models.CheckNote(note, true); err != nil {
		return TaskView{}, err
	}
	return s.act(ctx, actor, id, 0, Edit{Action: notify.ActionNote, Kind: models.ProgressNote, Note: note}, models.OpNote, nil)
}

// Accept confirms a completion the lead unit reported (xác nhận hoàn thành).
// version, when not zero, must match.
func (s *TaskService) Accept(ctx context.Context, actor models.Actor, id models.ID, version int64, note string) (TaskView, error) {
	return s.act(ctx, actor, id, version, Edit{Action: notify.ActionAccept, Kind: models.ProgressAccept, Note: note}, models.OpAccept, s.accepted(actor))
}

// accepted marks a task accepted by actor now.
func (s *TaskService) accepted(actor models.Actor) func(*models.Task) {
	return func(t *models.Task) {
		now := s.Now()
		t.State, t.Percent = models.StateDone, 100
		t.AcceptedAt, t.AcceptedBy = &now, actor.UserID
	}
}

// Reopen sends an accepted, cancelled or reported-done task back to work.
func (s *TaskService) Reopen(ctx context.Context, actor models.Actor, id models.ID, version int64, note string) (TaskView, error) {
	return s.act(ctx, actor, id, version, Edit{Action: notify.ActionReopen, Kind: models.ProgressReopen, Note: note}, models.OpReopen, (*models.Task).Reopen)
}

// Cancel drops an open task (hủy).
func (s *TaskService) Cancel(ctx context.Context, actor models.Actor, id models.ID, version int64, note string) (TaskView, error) {
	return s.act(ctx, actor, id, version, Edit{Action: notify.ActionCancel, Kind: models.ProgressCancel, Note: note}, models.OpCancel, func(t *models.Task) {
		t.State = models.StateCancelled
	})
}

// act is a note or a leader's decision: the rule for op is checked on the
// task as it is at each attempt, then do changes it.
func (s *TaskService) act(ctx context.Context, actor models.Actor, id models.ID, version int64, e Edit, op models.TaskOp, do func(*models.Task)) (TaskView, error) {
	e.Note = core.Text(e.Note)
	if err := models.CheckNote(e.Note, false); err != nil {
		return TaskView{}, err
	}
	old, loc, err := s.visible(ctx, actor, id)
	if err != nil {
		return TaskView{}, err
	}
	t, err := s.actOn(ctx, actor, old, version, e, op, do)
	if err != nil {
		return TaskView{}, err
	}
	return s.view(t, loc), nil
}

func (s *TaskService) actOn(ctx context.Context, actor models.Actor, old models.Task, version int64, e Edit, op models.TaskOp, do func(*models.Task)) (models.Task, error) {
	e.Actor, e.Version = actor, version
	e.Apply = func(t *models.Task) error {
		if err := actor.May(*t, op); err != nil {
			return err
		}
		if do != nil {
			do(t)
		}
		return nil
	}
	t, _, err := s.writer.Change(ctx, old, e)
	return t, err
}

// Progress returns a task's history, oldest first.
func (s *TaskService) Progress(ctx context.Context, actor models.Actor, id models.ID) ([]models.Progress, error) {
	if _, _, err := s.visible(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.Store.Tasks().Progress(ctx, actor.CommitteeID, id)
}
