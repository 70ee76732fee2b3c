package services

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// TaskService assigns, follows and accepts tasks.
type TaskService struct {
	base
	dueSoonDays int
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
	return models.NewTimelinessClock(s.now(), loc, s.dueSoonDays)
}

func (s *TaskService) location(ctx context.Context, committee models.ID) (*time.Location, error) {
	_, loc, err := s.committees.get(ctx, committee)
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
	if err := require(actor, models.ActWriteTasks); err != nil {
		return TaskView{}, err
	}
	now := s.now()
	t := models.Task{
		ID: models.NewID(now), CommitteeID: actor.CommitteeID, Period: models.Month(in.Period),
		AreaID: in.AreaID, Text: nfc(in.Text), Source: in.Source,
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
	periods := PeriodService{base: s.base}
	if _, err := periods.ensureOpen(ctx, actor, t.Period); err != nil {
		return TaskView{}, err
	}
	loc, err := s.location(ctx, actor.CommitteeID)
	if err != nil {
		return TaskView{}, err
	}
	t.Derive(loc, area.Position)
	if err := s.store.Tasks().Create(ctx, t, s.audit(actor, models.EntityTask, t.ID, "create", nil, t)); err != nil {
		return TaskView{}, err
	}
	return s.view(t, loc), nil
}

// checkRefs makes sure the area and units exist in the task's committee and
// that newly named units are active; old names on an edited task may stay.
func (s *TaskService) checkRefs(ctx context.Context, t models.Task, old *models.Task) (models.Area, error) {
	p := models.Problems{}
	area, err := s.store.Areas().Get(ctx, t.CommitteeID, t.AreaID)
	if errors.Is(err, models.ErrNotFound) {
		p.Add("areaId", "no such area")
	} else if err != nil {
		return models.Area{}, err
	}
	check := func(field string, id models.ID, wasThere bool) error {
		u, err := s.store.Units().Get(ctx, t.CommitteeID, id)
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
	if err := checkID("task", id); err != nil {
		return models.Task{}, nil, err
	}
	t, err := s.store.Tasks().Get(ctx, actor.CommitteeID, id)
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
	f := store.TaskFilter{Committee: actor.CommitteeID}
	switch {
	case models.Can(actor.Role, models.ActReadAllTasks):
	case actor.Role == models.RoleUnit && actor.UnitID != "":
		f.VisibleTo = actor.UnitID
	default:
		return TaskPage{}, require(actor, models.ActReadAllTasks)
	}
	p := models.Problems{}
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
	f.Query = models.Fold(nfc(q.Q))
	page, perPage := paging(p, q.Page, q.PerPage)
	if err := p.Err(); err != nil {
		return TaskPage{}, err
	}
	loc, err := s.location(ctx, actor.CommitteeID)
	if err != nil {
		return TaskPage{}, err
	}
	clock := s.clockIn(loc)
	f.Today, f.DueSoonUntil = clock.Today, clock.DueSoonUntil
	f.Offset, f.Limit = (page-1)*perPage, perPage
	tasks, total, err := s.store.Tasks().List(ctx, f)
	if err != nil {
		return TaskPage{}, err
	}
	out := TaskPage{Tasks: make([]TaskView, 0, len(tasks)), Total: total, Page: page, PerPage: perPage}
	for _, t := range tasks {
		out.Tasks = append(out.Tasks, TaskView{Task: t, Timeliness: clock.Of(t.State, t.Deadline, t.AcceptedAt)})
	}
	return out, nil
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
	if err := require(actor, models.ActWriteTasks); err != nil {
		return TaskView{}, err
	}
	if p.Version != old.Version {
		return TaskView{}, staleVersion(p.Version, old.Version)
	}
	if !old.State.Open() {
		return TaskView{}, fmt.Errorf("task is %s; reopen it before editing: %w", old.State, models.ErrTransition)
	}
	t := old
	t.CoordinatingUnitIDs = append([]models.ID(nil), old.CoordinatingUnitIDs...)
	setIf(&t.AreaID, p.AreaID)
	if p.Text != nil {
		t.Text = nfc(*p.Text)
	}
	setIf(&t.LeadUnitID, p.LeadUnitID)
	setIf(&t.CoordinatingUnitIDs, p.CoordinatingUnitIDs)
	setIf(&t.FollowUpUnitID, p.FollowUpUnitID)
	if p.Deadline != nil {
		t.Deadline = models.Date(*p.Deadline)
	}
	if p.State != nil && *p.State != t.State {
		allowed := []models.WorkState{models.StateNotStarted, models.StateInProgress, models.StatePaused}
		if !contains(allowed, *p.State) || !models.CanTransition(t.State, *p.State) && !(*p.State == models.StateNotStarted && t.State == models.StatePaused) {
			return TaskView{}, fmt.Errorf("cannot set state %s from %s here (use accept, reopen or cancel): %w", *p.State, t.State, models.ErrTransition)
		}
		t.State = *p.State
	}
	if len(p.Note) > models.MaxNote {
		return TaskView{}, models.Invalid("note", "too long")
	}
	if err := t.Validate(); err != nil {
		return TaskView{}, err
	}
	area, err := s.checkRefs(ctx, t, &old)
	if err != nil {
		return TaskView{}, err
	}
	now := s.now()
	t.Version = old.Version + 1
	t.UpdatedBy, t.UpdatedAt = actor.UserID, now
	t.Derive(loc, area.Position)
	ch := store.TaskChange{Task: t, Expected: old.Version, Audit: s.audit(actor, models.EntityTask, t.ID, "update", old, t)}
	if t.State != old.State || p.Note != "" {
		ch.Progress = &models.Progress{
			ID: models.NewID(now), CommitteeID: t.CommitteeID, TaskID: t.ID, Kind: models.ProgressNote,
			UserID: actor.UserID, At: now, Percent: t.Percent, FromState: old.State, ToState: t.State, Note: nfc(p.Note),
		}
	}
	if err := s.store.Tasks().Update(ctx, ch); err != nil {
		return TaskView{}, err
	}
	return s.view(t, loc), nil
}

// ProgressInput is a unit's report. Percent and State are optional; State
// may be dang_thuc_hien or cho_xac_nhan (the unit says it is done).
type ProgressInput struct {
	Percent *int
	State   *models.WorkState
	Note    string
	// Version, when not 0, is the task's version the reporter saw: a task
	// changed since is not reported on (ErrConflict), so that a percent or
	// "done" chosen on an old page never lands on a task that was, say,
	// given a new deadline or paused meanwhile.
	Version int64
}

// ReportProgress records a unit's report. The lead unit's report moves the
// task's percent and state; a coordinating unit's report is kept in the
// history without changing them (the lead unit answers for the task).
func (s *TaskService) ReportProgress(ctx context.Context, actor models.Actor, id models.ID, in ProgressInput) (TaskView, error) {
	note := nfc(in.Note)
	p := models.Problems{}
	if in.Percent != nil && (*in.Percent < 0 || *in.Percent > 100) {
		p.Add("percent", "must be between 0 and 100")
	}
	if in.State != nil && *in.State != models.StateInProgress && *in.State != models.StateAwaiting {
		p.Add("state", "must be dang_thuc_hien or cho_xac_nhan")
	}
	if in.State != nil && *in.State == models.StateAwaiting && in.Percent != nil && *in.Percent != 100 {
		p.Add("percent", "a task reported done is 100%")
	}
	if len(note) > models.MaxNote {
		p.Add("note", "too long")
	}
	if in.Percent == nil && in.State == nil && note == "" {
		p.Add("note", "report a percent, a state or a note")
	}
	if err := p.Err(); err != nil {
		return TaskView{}, err
	}
	return s.change(ctx, actor, id, in.Version, func(t *models.Task) (models.ProgressKind, string, error) {
		if !actor.CanReportOn(*t) {
			return "", "", fmt.Errorf("only the task's units report progress: %w", models.ErrForbidden)
		}
		if !t.State.Open() {
			return "", "", fmt.Errorf("task is %s; leadership must reopen it first: %w", t.State, models.ErrTransition)
		}
		if t.LeadUnitID != actor.UnitID {
			if in.State != nil {
				return "", "", fmt.Errorf("only the lead unit reports the task's state: %w", models.ErrForbidden)
			}
			return models.ProgressReport, note, nil
		}
		next := t.State
		if in.State != nil {
			next = *in.State
		} else if t.State == models.StateNotStarted || t.State == models.StatePaused {
			next = models.StateInProgress
		}
		if next != t.State && !models.CanTransition(t.State, next) {
			return "", "", fmt.Errorf("cannot go from %s to %s: %w", t.State, next, models.ErrTransition)
		}
		t.State = next
		if in.Percent != nil {
			t.Percent = *in.Percent
		}
		if next == models.StateAwaiting {
			t.Percent = 100
		}
		return models.ProgressReport, note, nil
	}, func(pr *models.Progress) {
		if in.Percent != nil {
			pr.Percent = *in.Percent
		}
	})
}

// AddNote records a follow-up note (đôn đốc) from the office or a leader.
func (s *TaskService) AddNote(ctx context.Context, actor models.Actor, id models.ID, note string) (TaskView, error) {
	note = nfc(note)
	if note == "" || len(note) > models.MaxNote {
		return TaskView{}, models.Invalid("note", "required, at most 4000 characters")
	}
	return s.change(ctx, actor, id, 0, func(t *models.Task) (models.ProgressKind, string, error) {
		return models.ProgressNote, note, require(actor, models.ActAddNote)
	}, nil)
}

// Accept confirms a completion the lead unit reported (xác nhận hoàn thành).
// version, when not zero, must match.
func (s *TaskService) Accept(ctx context.Context, actor models.Actor, id models.ID, version int64, note string) (TaskView, error) {
	return s.leaderAction(ctx, actor, id, version, note, models.ProgressAccept, func(t *models.Task, now time.Time) error {
		if t.State != models.StateAwaiting {
			return fmt.Errorf("only a task awaiting confirmation (cho_xac_nhan) can be accepted; this one is %s: %w", t.State, models.ErrTransition)
		}
		t.State, t.Percent = models.StateDone, 100
		t.AcceptedAt, t.AcceptedBy = &now, actor.UserID
		return nil
	})
}

// Reopen sends an accepted, cancelled or reported-done task back to work.
func (s *TaskService) Reopen(ctx context.Context, actor models.Actor, id models.ID, version int64, note string) (TaskView, error) {
	return s.leaderAction(ctx, actor, id, version, note, models.ProgressReopen, func(t *models.Task, _ time.Time) error {
		switch t.State {
		case models.StateDone, models.StateAwaiting:
			t.State = models.StateInProgress
		case models.StateCancelled:
			t.State = models.StateNotStarted
			if t.Percent > 0 {
				t.State = models.StateInProgress
			}
		default:
			return fmt.Errorf("a task that is %s cannot be reopened: %w", t.State, models.ErrTransition)
		}
		if t.Percent == 100 {
			t.Percent = 90
		}
		t.AcceptedAt, t.AcceptedBy = nil, ""
		return nil
	})
}

// Cancel drops an open task (hủy).
func (s *TaskService) Cancel(ctx context.Context, actor models.Actor, id models.ID, version int64, note string) (TaskView, error) {
	return s.leaderAction(ctx, actor, id, version, note, models.ProgressCancel, func(t *models.Task, _ time.Time) error {
		if !models.CanTransition(t.State, models.StateCancelled) {
			return fmt.Errorf("a task that is %s cannot be cancelled: %w", t.State, models.ErrTransition)
		}
		t.State = models.StateCancelled
		return nil
	})
}

func (s *TaskService) leaderAction(ctx context.Context, actor models.Actor, id models.ID, version int64, note string, kind models.ProgressKind, apply func(*models.Task, time.Time) error) (TaskView, error) {
	note = nfc(note)
	if len(note) > models.MaxNote {
		return TaskView{}, models.Invalid("note", "too long")
	}
	return s.change(ctx, actor, id, version, func(t *models.Task) (models.ProgressKind, string, error) {
		if err := require(actor, models.ActAcceptTasks); err != nil {
			return "", "", err
		}
		return kind, note, apply(t, s.now())
	}, nil)
}

// change is the read-modify-write behind every action that appends to a
// task's history. With version 0 it retries when someone else changed the
// task meanwhile (the action is re-checked on the fresh task), so two
// units reporting at once both get recorded.
func (s *TaskService) change(ctx context.Context, actor models.Actor, id models.ID, version int64,
	apply func(*models.Task) (models.ProgressKind, string, error), adjust func(*models.Progress)) (TaskView, error) {
	var out TaskView
	err := retryConflicts(ctx, func() error {
		old, loc, err := s.visible(ctx, actor, id)
		if err != nil {
			return err
		}
		if version != 0 && version != old.Version {
			return errPinned{staleVersion(version, old.Version)}
		}
		t := old
		t.CoordinatingUnitIDs = append([]models.ID(nil), old.CoordinatingUnitIDs...)
		kind, note, err := apply(&t)
		if err != nil {
			return err
		}
		now := s.now()
		t.Version = old.Version + 1
		t.UpdatedBy, t.UpdatedAt = actor.UserID, now
		t.Derive(loc, old.AreaPosition)
		pr := &models.Progress{
			ID: models.NewID(now), CommitteeID: t.CommitteeID, TaskID: t.ID, Kind: kind, UnitID: actor.UnitID,
			UserID: actor.UserID, At: now, Percent: t.Percent, FromState: old.State, ToState: t.State, Note: note,
		}
		if adjust != nil {
			adjust(pr)
		}
		err = s.store.Tasks().Update(ctx, store.TaskChange{
			Task: t, Expected: old.Version, Progress: pr,
			Audit: s.audit(actor, models.EntityTask, t.ID, string(kind), old, t),
		})
		if err != nil {
			return err
		}
		out = s.view(t, loc)
		return nil
	})
	var pinned errPinned
	if errors.As(err, &pinned) {
		return TaskView{}, pinned.error
	}
	return out, err
}

// errPinned carries a conflict on a version the caller asked for, which
// must not be retried.
type errPinned struct{ error }

func (e errPinned) Unwrap() error { return nil }

// Progress returns a task's history, oldest first.
func (s *TaskService) Progress(ctx context.Context, actor models.Actor, id models.ID) ([]models.Progress, error) {
	if _, _, err := s.visible(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.store.Tasks().Progress(ctx, actor.CommitteeID, id)
}
