package monthend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/figure"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
)

// carry does the work of one committee's month under its lease.
func (s *CarryOverService) carry(ctx context.Context, actor models.Actor, month models.Month, choices map[models.ID]Choice, now time.Time) (CarryOverResult, error) {
	res := CarryOverResult{Month: month}
	committee := actor.CommitteeID
	opts := s.opts.withDefaults()
	lease := fmt.Sprintf("carryover:%s:%s", committee, month)
	owner := s.Instance + "/" + string(models.NewID(s.Now()))
	if _, err := s.Store.Leases().Acquire(ctx, lease, owner, s.Now(), opts.Lease); err != nil {
		if errors.Is(err, models.ErrConflict) {
			return res, errBusy
		}
		return res, err
	}
	defer func() {
		if err := s.Store.Leases().Release(context.WithoutCancel(ctx), lease, owner); err != nil {
			s.Log.Warn("lease not released", "job", CarryOverJob, "lease", lease, "error", err.Error())
		}
	}()

	done, err := s.Store.Ledger().Has(ctx, committee, CarryOverJob, string(month))
	if err != nil {
		return res, err
	}
	next := month.Next()
	if done {
		res.AlreadyDone = true
		res.NextPeriod, err = s.Store.Periods().Get(ctx, committee, next)
		if errors.Is(err, models.ErrNotFound) {
			err = nil
		}
		return res, err
	}
	_, loc, err := s.Committees.Get(ctx, committee)
	if err != nil {
		return res, err
	}
	period, err := s.Store.Periods().Get(ctx, committee, month)
	if err != nil {
		return res, err
	}
	tasks, err := s.monthTasks(ctx, committee, month)
	if err != nil {
		return res, err
	}
	if err := s.checkChoices(ctx, committee, month, tasks, choices); err != nil {
		return res, err
	}
	if res.NextPeriod, err = s.nextPeriod(ctx, actor, next); err != nil {
		return res, err
	}
	if err := s.applyChoices(ctx, actor, loc, tasks, choices, &res); err != nil {
		return res, err
	}
	// The frozen figures also mark the carry-over as started, so that a
	// run stopped after closing the month is finished by the scheduler.
	if err := s.freezeFigures(ctx, committee, month, tasks, now, loc); err != nil {
		return res, err
	}
	if period.Status == models.PeriodOpen {
		if err := s.closePeriod(ctx, actor, period); err != nil {
			return res, err
		}
		// Listed again now that no task can join the month any more.
		if tasks, err = s.monthTasks(ctx, committee, month); err != nil {
			return res, err
		}
	}
	carried, err := s.moveTasks(ctx, actor, loc, tasks, next, &res)
	if err != nil {
		return res, err
	}
	res.Carried = len(carried)
	res.Skipped -= res.Done + res.Cancelled // finished by this call's choices, counted there
	if res.Notices, err = s.queueNotices(ctx, committee, month, carried); err != nil {
		return res, err
	}
	detail, _ := json.Marshal(map[string]any{"carried": res.Carried, "done": res.Done, "cancelled": res.Cancelled, "skipped": res.Skipped})
	err = s.Store.Ledger().Record(ctx, models.LedgerEntry{CommitteeID: committee, Job: CarryOverJob, Key: string(month), DoneAt: s.Now(), Detail: string(detail)})
	if err != nil && !errors.Is(err, models.ErrDuplicate) {
		return res, err
	}
	return res, nil
}

// checkChoices refuses choices for tasks that are not the month's, and for
// finished tasks unless they already are what was chosen (a repeated close).
func (s *CarryOverService) checkChoices(ctx context.Context, committee models.ID, month models.Month, tasks []models.Task, choices map[models.ID]Choice) error {
	byID := make(map[models.ID]models.Task, len(tasks))
	for _, t := range tasks {
		byID[t.ID] = t
	}
	p := models.Problems{}
	for id, c := range choices {
		field := "choices." + string(id)
		t, ok := byID[id]
		if !ok {
			other, err := s.Store.Tasks().Get(ctx, committee, id)
			switch {
			case errors.Is(err, models.ErrNotFound):
				p.Add(field, "no such task")
			case err != nil:
				return err
			default:
				p.Add(field, fmt.Sprintf("the task belongs to %s, not %s", other.Period, month))
			}
			continue
		}
		if t.State.Open() {
			continue
		}
		already := map[Choice]models.WorkState{ChoiceCarry: models.StateCarried, ChoiceDone: models.StateDone, ChoiceCancel: models.StateCancelled}[c]
		if t.State != already {
			p.Add(field, fmt.Sprintf("the task is %s already", t.State))
		}
	}
	return p.Err()
}

// nextPeriod returns month next, creating it if needed; a closed next
// month cannot take the carried tasks.
func (s *CarryOverService) nextPeriod(ctx context.Context, actor models.Actor, next models.Month) (models.Period, error) {
	p, err := s.Store.Periods().Get(ctx, actor.CommitteeID, next)
	if errors.Is(err, models.ErrNotFound) {
		now := s.Now()
		p = models.Period{ID: models.NewID(now), CommitteeID: actor.CommitteeID, Month: next, Status: models.PeriodOpen, Version: 1, CreatedAt: now, UpdatedAt: now}
		err = s.Store.Periods().Create(ctx, p, s.Audit(actor, models.EntityPeriod, p.ID, "create", nil, p))
		if errors.Is(err, models.ErrDuplicate) {
			p, err = s.Store.Periods().Get(ctx, actor.CommitteeID, next)
		}
	}
	if err != nil {
		return models.Period{}, err
	}
	if p.Status != models.PeriodOpen {
		return models.Period{}, models.Invalid("month", fmt.Sprintf("the next month %s is closed; reopen it first", next))
	}
	return p, nil
}

// closePeriod closes the month unless it is closed already.
func (s *CarryOverService) closePeriod(ctx context.Context, actor models.Actor, p models.Period) error {
	return core.RetryConflicts(ctx, func() error {
		if p.Status == models.PeriodClosed {
			return nil
		}
		closed := p
		closed.Status, closed.Version, closed.UpdatedAt = models.PeriodClosed, p.Version+1, s.Now()
		err := s.Store.Periods().Update(ctx, closed, p.Version, s.Audit(actor, models.EntityPeriod, p.ID, "carry-over", p, closed))
		if core.IsConflict(err) {
			fresh, gerr := s.Store.Periods().Get(ctx, p.CommitteeID, p.Month)
			if gerr != nil {
				return gerr
			}
			p = fresh
		}
		return err
	})
}

// applyChoices accepts or cancels the tasks the leader chose, in place in tasks.
func (s *CarryOverService) applyChoices(ctx context.Context, actor models.Actor, loc *time.Location, tasks []models.Task, choices map[models.ID]Choice, res *CarryOverResult) error {
	for i, t := range tasks {
		c := choices[t.ID]
		if !t.State.Open() || (c != ChoiceDone && c != ChoiceCancel) {
			continue
		}
		kind, note := models.ProgressCancel, "Hủy khi kết thúc tháng"
		if c == ChoiceDone {
			kind, note = models.ProgressAccept, "Xác nhận hoàn thành khi kết thúc tháng"
		}
		saved, changed, err := s.writer.Change(ctx, t, task.Edit{Actor: actor, Action: string(kind), Kind: kind, Note: note, Apply: func(t *models.Task) error {
			if !t.State.Open() {
				return task.ErrUnchanged
			}
			if c == ChoiceCancel {
				t.State = models.StateCancelled
				return nil
			}
			now := s.Now()
			t.State, t.Percent, t.AcceptedAt, t.AcceptedBy = models.StateDone, 100, &now, actor.UserID
			return nil
		}})
		if err != nil {
			return err
		}
		tasks[i] = saved
		switch {
		case !changed:
		case c == ChoiceDone:
			res.Done++
		default:
			res.Cancelled++
		}
	}
	return nil
}

// freezeFigures records the month's figures once; a snapshot recorded by
// an earlier run is kept.
func (s *CarryOverService) freezeFigures(ctx context.Context, committee models.ID, month models.Month, tasks []models.Task, now time.Time, loc *time.Location) error {
	has, err := s.Store.Ledger().Has(ctx, committee, figure.CarryOverFiguresJob, string(month))
	if err != nil || has {
		return err
	}
	// Counted as the month is left: every task still open moves to the
	// next month, so the snapshot says so (carried out, none paused), as
	// the task list will.
	left := make([]models.Task, len(tasks))
	for i, t := range tasks {
		if t.State.Open() {
			t.State = models.StateCarried
		}
		left[i] = t
	}
	f, err := figure.Count(ctx, s.Base, committee, month, left, now)
	if err != nil {
		return err
	}
	detail, err := json.Marshal(f)
	if err != nil {
		return err
	}
	err = s.Store.Ledger().Record(ctx, models.LedgerEntry{CommitteeID: committee, Job: figure.CarryOverFiguresJob, Key: string(month), DoneAt: s.Now(), Detail: string(detail)})
	if errors.Is(err, models.ErrDuplicate) {
		return nil
	}
	return err
}

// MonthFigures is Periods.Figures, for the callers that know it here.
func (s *CarryOverService) MonthFigures(ctx context.Context, actor models.Actor, month models.Month) (models.MonthFigures, bool, error) {
	return s.periods.Figures(ctx, actor, month)
}

// monthTasks are all of a month's tasks.
func (s *CarryOverService) monthTasks(ctx context.Context, committee models.ID, month models.Month) ([]models.Task, error) {
	tasks, _, err := s.Store.Tasks().List(ctx, store.TaskFilter{Committee: committee, Period: month})
	return tasks, err
}
