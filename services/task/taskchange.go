package task

import (
	"context"
	"errors"
	"hash/fnv"
	"slices"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/store"
)

// Writer is the one way a task is created or changed. Every writer
// (people's actions, bulk actions, import, month close, carry-over)
// describes its change as an edit; the writer checks the version, applies
// the edit, derives the stored fields, writes the audit and history
// entries, retries on conflict when no version was pinned, and records
// the follow-up events the change causes.
type Writer struct {
	core.Base
	events *notify.Fanout
	// turns queue this replica's changes of one task, so people saving the
	// same task at once wait their turn instead of losing races to each
	// other; other replicas' races are still retried.
	turns turns
}

// turns are 64 one-place queues; a task's changes use the one its id
// hashes to.
type turns [64]chan struct{}

// turnWait bounds the wait for a turn: a change takes milliseconds, so a
// longer wait means a stuck holder, and the change goes ahead on its own
// (it is still checked by version, and retried on a lost race).
const turnWait = time.Second

// take waits for the task's turn; the returned func gives it back, and
// does nothing when the wait ran out.
func (q *turns) take(ctx context.Context, id models.ID) func() {
	h := fnv.New32a()
	h.Write([]byte(id))
	ch := q[h.Sum32()%uint32(len(q))]
	t := time.NewTimer(turnWait)
	defer t.Stop()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }
	case <-t.C:
	case <-ctx.Done():
	}
	return func() {}
}

func newTurns() turns {
	var q turns
	for i := range q {
		q[i] = make(chan struct{}, 1)
	}
	return q
}

// Edit is one change of one task.
type Edit struct {
	Actor models.Actor
	// Action names the change in the audit log and decides its follow-up
	// events (see notify.followUpEvents).
	Action string
	// Kind is the history entry's kind; "" adds an entry only when the
	// state changed or a note was given (a leader's edit).
	Kind models.ProgressKind
	Note string
	// Version is the version the person saw; 0 retries on a fresh copy
	// when someone else changed the task meanwhile.
	Version int64
	// Quiet changes tell nobody (the carry-over's own corrections).
	Quiet bool
	// Apply changes the task; ErrUnchanged means it no longer applies.
	Apply func(t *models.Task) error
	// Percent is the history entry's percent when it is not the task's
	// (a coordinating unit's report).
	Percent *int
}

// ErrUnchanged: the edit no longer applies to the task as it now is.
var ErrUnchanged = errors.New("the change no longer applies")

// BatchSize bounds the tasks of one store call, so that one write stays
// well within the store's operation timeout.
const BatchSize = 500

// maxChangeAttempts bounds retries on conflict.
const maxChangeAttempts = 8

// change applies e to t (as read by the caller) and returns the task as
// stored and whether this call changed it.
func (w *Writer) Change(ctx context.Context, t models.Task, e Edit) (models.Task, bool, error) {
	_, loc, err := w.Committees.Get(ctx, t.CommitteeID)
	if err != nil {
		return t, false, err
	}
	defer w.turns.take(ctx, t.ID)()
	for attempt := 1; ; attempt++ {
		if e.Version != 0 && e.Version != t.Version {
			return t, false, stale(t, e)
		}
		ch, notices, err := w.prepare(ctx, t, e, loc, w.Now())
		if errors.Is(err, ErrUnchanged) {
			return t, false, nil
		}
		if err != nil {
			return t, false, err
		}
		err = w.Store.Tasks().Update(ctx, ch)
		if err == nil {
			w.events.Record(ctx, notices)
			return ch.Task, true, nil
		}
		if !core.IsConflict(err) || e.Version != 0 || attempt >= maxChangeAttempts || ctx.Err() != nil {
			return t, false, err
		}
		// A short, growing pause lets the other writer's commit land.
		core.Backoff(attempt)
		if t, err = w.Store.Tasks().Get(ctx, t.CommitteeID, t.ID); err != nil {
			return t, false, err
		}
	}
}

// stale is the answer to an edit made at an outdated version: a refusal
// when the actor may not make it at all (whoever is not allowed learns
// nothing about the task's changes), else a conflict. Apply runs on a
// copy, only to ask.
func stale(t models.Task, e Edit) error {
	probe := t
	probe.CoordinatingUnitIDs = slices.Clone(t.CoordinatingUnitIDs)
	probe.Footnotes = slices.Clone(t.Footnotes)
	if err := e.Apply(&probe); errors.Is(err, models.ErrForbidden) {
		return err
	}
	return core.StaleVersion(e.Version, t.Version)
}

// changeMany applies e to many tasks (each at the version it was read
// with) in few store calls, and reports which are stored; the others
// changed meanwhile and are for the caller to handle one by one.
func (w *Writer) ChangeMany(ctx context.Context, tasks []models.Task, e Edit) ([]bool, error) {
	out := make([]bool, 0, len(tasks))
	if len(tasks) == 0 {
		return out, nil
	}
	_, loc, err := w.Committees.Get(ctx, tasks[0].CommitteeID)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(tasks); i += BatchSize {
		chunk := tasks[i:min(i+BatchSize, len(tasks))]
		now := w.Now()
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
		stored, err := w.Store.Tasks().UpdateMany(ctx, changes)
		if err != nil {
			return nil, err
		}
		var all []models.Notice
		for j, ok := range stored {
			if ok {
				all = append(all, notices[j]...)
			}
		}
		w.events.Record(ctx, all)
		out = append(out, stored...)
	}
	return out, nil
}

// prepare is the recipe of every change: apply, version, derive, audit,
// history entry and follow-up events.
func (w *Writer) prepare(ctx context.Context, old models.Task, e Edit, loc *time.Location, now time.Time) (store.TaskChange, []models.Notice, error) {
	t := old
	t.CoordinatingUnitIDs = slices.Clone(old.CoordinatingUnitIDs)
	if err := e.Apply(&t); err != nil {
		return store.TaskChange{}, nil, err
	}
	t.Version = old.Version + 1
	t.UpdatedBy, t.UpdatedAt = e.Actor.UserID, now
	t.Derive(loc, t.AreaPosition)
	ch := store.TaskChange{Task: t, Expected: old.Version, Audit: w.Audit(e.Actor, models.EntityTask, t.ID, e.Action, old, t)}
	kind := e.Kind
	if kind == "" && (t.State != old.State || e.Note != "") {
		kind = models.ProgressNote
	}
	if kind != "" {
		pr := &models.Progress{
			ID: models.NewID(now), CommitteeID: t.CommitteeID, TaskID: t.ID, Kind: kind, UnitID: e.Actor.UnitID,
			UserID: e.Actor.UserID, At: now, Percent: t.Percent, FromState: old.State, ToState: t.State, Note: e.Note,
		}
		if e.Percent != nil {
			pr.Percent = *e.Percent
		}
		ch.Progress = pr
	}
	var notices []models.Notice
	if !e.Quiet {
		var err error
		if notices, err = w.events.Notices(ctx, e.Actor, e.Action, &old, t, e.Note, now); err != nil {
			return store.TaskChange{}, nil, err
		}
	}
	return ch, notices, nil
}

// create stores new tasks (each with its audit entry) and records their
// events unless quiet. CreateMany is idempotent, so a retried import or
// carry-over finishes the job; notices are keyed by the audit entry, so
// they are recorded once.
func (w *Writer) Create(ctx context.Context, actor models.Actor, action string, tasks []models.Task, audits []models.AuditEntry, quiet bool) error {
	for i := 0; i < len(tasks); i += BatchSize {
		j := min(i+BatchSize, len(tasks))
		var err error
		if j-i == 1 && i == 0 && len(tasks) == 1 {
			err = w.Store.Tasks().Create(ctx, tasks[0], audits[0])
		} else {
			err = w.Store.Tasks().CreateMany(ctx, tasks[i:j], audits[i:j])
		}
		if err != nil {
			return err
		}
		if quiet {
			continue
		}
		var all []models.Notice
		for k := i; k < j; k++ {
			ns, err := w.events.Notices(ctx, actor, action, nil, tasks[k], "", audits[k].At)
			if err != nil {
				return err
			}
			all = append(all, ns...)
		}
		w.events.Record(ctx, all)
	}
	return nil
}
