package services

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// taskWriter is the one way a task is created or changed. Every writer
// (people's actions, bulk actions, import, month close, carry-over)
// describes its change as an edit; the writer checks the version, applies
// the edit, derives the stored fields, writes the audit and history
// entries, retries on conflict when no version was pinned, and records
// the follow-up events the change causes.
type taskWriter struct {
	base
	events *eventFanout
}

// edit is one change of one task.
type edit struct {
	actor models.Actor
	// action names the change in the audit log and decides its follow-up
	// events (see followUpEvents).
	action string
	// kind is the history entry's kind; "" adds an entry only when the
	// state changed or a note was given (a leader's edit).
	kind models.ProgressKind
	note string
	// version is the version the person saw; 0 retries on a fresh copy
	// when someone else changed the task meanwhile.
	version int64
	// quiet changes tell nobody (the carry-over's own corrections).
	quiet bool
	// apply changes the task; errUnchanged means it no longer applies.
	apply func(t *models.Task) error
	// percent is the history entry's percent when it is not the task's
	// (a coordinating unit's report).
	percent *int
}

// errUnchanged: the edit no longer applies to the task as it now is.
var errUnchanged = errors.New("the change no longer applies")

// maxChangeAttempts bounds retries on conflict.
const maxChangeAttempts = 8

// change applies e to t (as read by the caller) and returns the task as
// stored and whether this call changed it.
func (w *taskWriter) change(ctx context.Context, t models.Task, e edit) (models.Task, bool, error) {
	_, loc, err := w.committees.get(ctx, t.CommitteeID)
	if err != nil {
		return t, false, err
	}
	for attempt := 1; ; attempt++ {
		if e.version != 0 && e.version != t.Version {
			return t, false, staleVersion(e.version, t.Version)
		}
		ch, notices, err := w.prepare(ctx, t, e, loc, w.now())
		if errors.Is(err, errUnchanged) {
			return t, false, nil
		}
		if err != nil {
			return t, false, err
		}
		err = w.store.Tasks().Update(ctx, ch)
		if err == nil {
			w.events.record(ctx, notices)
			return ch.Task, true, nil
		}
		if !isConflict(err) || e.version != 0 || attempt >= maxChangeAttempts || ctx.Err() != nil {
			return t, false, err
		}
		// A short, growing pause lets the other writer's commit land.
		time.Sleep(time.Duration(attempt*attempt) * time.Millisecond)
		if t, err = w.store.Tasks().Get(ctx, t.CommitteeID, t.ID); err != nil {
			return t, false, err
		}
	}
}

// changeMany applies e to many tasks (each at the version it was read
// with) in few store calls, and reports which are stored; the others
// changed meanwhile and are for the caller to handle one by one.
func (w *taskWriter) changeMany(ctx context.Context, tasks []models.Task, e edit) ([]bool, error) {
	out := make([]bool, 0, len(tasks))
	if len(tasks) == 0 {
		return out, nil
	}
	_, loc, err := w.committees.get(ctx, tasks[0].CommitteeID)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(tasks); i += carryChunk {
		chunk := tasks[i:min(i+carryChunk, len(tasks))]
		now := w.now()
		changes := make([]store.TaskChange, 0, len(chunk))
		notices := make([][]models.Notice, 0, len(chunk))
		for _, t := range chunk {
			ch, ns, err := w.prepare(ctx, t, e, loc, now)
			if err != nil {
				return nil, err // the batch's edits always apply to the tasks as read
			}
			changes = append(changes, ch)
			notices = append(notices, ns)
		}
		stored, err := w.store.Tasks().UpdateMany(ctx, changes)
		if err != nil {
			return nil, err
		}
		var all []models.Notice
		for j, ok := range stored {
			if ok {
				all = append(all, notices[j]...)
			}
		}
		w.events.record(ctx, all)
		out = append(out, stored...)
	}
	return out, nil
}

// prepare is the recipe of every change: apply, version, derive, audit,
// history entry and follow-up events.
func (w *taskWriter) prepare(ctx context.Context, old models.Task, e edit, loc *time.Location, now time.Time) (store.TaskChange, []models.Notice, error) {
	t := old
	t.CoordinatingUnitIDs = slices.Clone(old.CoordinatingUnitIDs)
	if err := e.apply(&t); err != nil {
		return store.TaskChange{}, nil, err
	}
	t.Version = old.Version + 1
	t.UpdatedBy, t.UpdatedAt = e.actor.UserID, now
	t.Derive(loc, t.AreaPosition)
	ch := store.TaskChange{Task: t, Expected: old.Version, Audit: w.audit(e.actor, models.EntityTask, t.ID, e.action, old, t)}
	kind := e.kind
	if kind == "" && (t.State != old.State || e.note != "") {
		kind = models.ProgressNote
	}
	if kind != "" {
		pr := &models.Progress{
			ID: models.NewID(now), CommitteeID: t.CommitteeID, TaskID: t.ID, Kind: kind, UnitID: e.actor.UnitID,
			UserID: e.actor.UserID, At: now, Percent: t.Percent, FromState: old.State, ToState: t.State, Note: e.note,
		}
		if e.percent != nil {
			pr.Percent = *e.percent
		}
		ch.Progress = pr
	}
	var notices []models.Notice
	if !e.quiet {
		var err error
		if notices, err = w.events.notices(ctx, e.actor, e.action, &old, t, e.note, now); err != nil {
			return store.TaskChange{}, nil, err
		}
	}
	return ch, notices, nil
}

// create stores new tasks (each with its audit entry) and records their
// events unless quiet. CreateMany is idempotent, so a retried import or
// carry-over finishes the job; notices are keyed by the audit entry, so
// they are recorded once.
func (w *taskWriter) create(ctx context.Context, actor models.Actor, action string, tasks []models.Task, audits []models.AuditEntry, quiet bool) error {
	for i := 0; i < len(tasks); i += carryChunk {
		j := min(i+carryChunk, len(tasks))
		var err error
		if j-i == 1 && i == 0 && len(tasks) == 1 {
			err = w.store.Tasks().Create(ctx, tasks[0], audits[0])
		} else {
			err = w.store.Tasks().CreateMany(ctx, tasks[i:j], audits[i:j])
		}
		if err != nil {
			return err
		}
		if quiet {
			continue
		}
		var all []models.Notice
		for k := i; k < j; k++ {
			ns, err := w.events.notices(ctx, actor, action, nil, tasks[k], "", audits[k].At)
			if err != nil {
				return err
			}
			all = append(all, ns...)
		}
		w.events.record(ctx, all)
	}
	return nil
}
