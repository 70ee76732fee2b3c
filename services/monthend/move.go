package monthend

import (
	"context"
	"slices"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/words"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/services/task"
)

// carriedTask is an old task and its copy in the next month.
type carriedTask struct {
	old  models.Task
	copy models.Task
}

// CarriedTaskID is the id of task's copy in month next: the same on every
// run, so a repeated carry-over finds the copy it made before.
func CarriedTaskID(task models.ID, next models.Month) models.ID {
	return models.DerivedID("carryover", string(task), string(next))
}

// moveTasks copies the unfinished tasks into next and then marks the old
// ones carried; it returns every task of the month now carried.
func (s *CarryOverService) moveTasks(ctx context.Context, actor models.Actor, loc *time.Location, tasks []models.Task, next models.Month, res *CarryOverResult) ([]carriedTask, error) {
	opts := s.opts.withDefaults()
	now := s.Now()
	var out, pending []carriedTask
	var copies []models.Task
	var audits []models.AuditEntry
	for _, t := range tasks {
		c := s.copyOf(t, actor, next, opts, now, loc)
		switch {
		case t.State == models.StateCarried:
			out = append(out, carriedTask{old: t, copy: c})
		case t.State.Open():
			pending = append(pending, carriedTask{old: t, copy: c})
			copies = append(copies, c)
			a := s.Audit(actor, models.EntityTask, c.ID, "carry-over", nil, c)
			a.ID = models.DerivedID("carryover-audit", string(t.ID), string(next)) // a retry re-inserts the same entry
			audits = append(audits, a)
		default:
			res.Skipped++
		}
	}
	if err := s.writer.Create(ctx, actor, "carry-over", copies, audits, true); err != nil {
		return nil, err
	}
	note := "Chuyển sang " + words.VNMonth(next)
	olds := make([]models.Task, len(pending))
	for i, ct := range pending {
		olds[i] = ct.old
	}
	marked, err := s.writer.ChangeMany(ctx, olds, s.markCarried(actor, note, nil))
	if err != nil {
		return nil, err
	}
	for i, ct := range pending {
		if marked[i] {
			out = append(out, ct)
			continue
		}
		// Changed since it was listed: mark the fresh task, and let the copy
		// follow what changed meanwhile (a report, a pause).
		var before models.Task
		saved, changed, err := s.writer.Change(ctx, ct.old, s.markCarried(actor, note, &before))
		if err != nil {
			return nil, err
		}
		switch {
		case changed:
			if before.State != ct.copy.State || before.Percent != ct.copy.Percent {
				if ct.copy, err = s.followOld(ctx, actor, loc, ct.copy, before); err != nil {
					return nil, err
				}
			}
			out = append(out, ct)
		case saved.State == models.StateCarried:
			out = append(out, ct)
		default:
			// Finished by someone else after the copy was made: the copy goes.
			if err := s.dropCopy(ctx, actor, loc, ct.copy, saved.State); err != nil {
				return nil, err
			}
			res.Skipped++
		}
	}
	return out, nil
}

// markCarried is the task.Edit that marks an old task chuyen_ky_sau, if it is
// still open; before, when set, keeps the task as it was just before.
func (s *CarryOverService) markCarried(actor models.Actor, note string, before *models.Task) task.Edit {
	return task.Edit{Actor: actor, Action: notify.ActionCarry, Kind: models.ProgressCarry, Note: note, Apply: func(t *models.Task) error {
		if !t.State.Open() {
			return task.ErrUnchanged
		}
		if before != nil {
			*before = *t
		}
		t.State = models.StateCarried
		return nil
	}}
}

// copyOf is task t as it continues in month next.
func (s *CarryOverService) copyOf(t models.Task, actor models.Actor, next models.Month, opts CarryOverOptions, now time.Time, loc *time.Location) models.Task {
	c := t
	c.ID = CarriedTaskID(t.ID, next)
	c.Period = next
	c.CoordinatingUnitIDs = slices.Clone(t.CoordinatingUnitIDs)
	if t.Source != nil {
		src := *t.Source
		c.Source = &src
	}
	c.Deadline = opts.CarriedDeadline(t.Deadline, next)
	c.AcceptedAt, c.AcceptedBy = nil, ""
	c.CarriedFromID = t.ID
	c.CarryCount = t.CarryCount + 1
	c.Version = 1
	c.CreatedBy, c.CreatedAt, c.UpdatedBy, c.UpdatedAt = actor.UserID, now, actor.UserID, now
	c.Derive(loc, t.AreaPosition)
	return c
}

// followOld brings a copy that nobody has touched yet to the state and
// percent its original had when it was marked carried.
func (s *CarryOverService) followOld(ctx context.Context, actor models.Actor, loc *time.Location, c models.Task, old models.Task) (models.Task, error) {
	fresh, err := s.Store.Tasks().Get(ctx, c.CommitteeID, c.ID)
	if err != nil {
		return c, err
	}
	saved, _, err := s.writer.Change(ctx, fresh, task.Edit{Actor: actor, Action: "carry-follow", Kind: models.ProgressNote, Quiet: true,
		Note: "Cập nhật theo nhiệm vụ gốc khi chuyển tháng", Apply: func(t *models.Task) error {
			if t.Version != 1 {
				return task.ErrUnchanged // worked on since: leave it to people
			}
			t.State, t.Percent = old.State, old.Percent
			return nil
		}})
	return saved, err
}

// dropCopy cancels a copy whose original was finished in its own month
// after the copy was made.
func (s *CarryOverService) dropCopy(ctx context.Context, actor models.Actor, loc *time.Location, c models.Task, oldState models.WorkState) error {
	fresh, err := s.Store.Tasks().Get(ctx, c.CommitteeID, c.ID)
	if err != nil {
		return err
	}
	what := "hoàn thành"
	if oldState == models.StateCancelled {
		what = "bị hủy"
	}
	_, _, err = s.writer.Change(ctx, fresh, task.Edit{Actor: actor, Action: "carry-drop", Kind: models.ProgressCancel, Quiet: true,
		Note: "Nhiệm vụ gốc đã " + what + " trong tháng trước", Apply: func(t *models.Task) error {
			if !t.State.Open() || t.Version != 1 {
				return task.ErrUnchanged // already dropped, or worked on since: leave it to people
			}
			t.State = models.StateCancelled
			return nil
		}})
	return err
}
