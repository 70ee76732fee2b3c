package services

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/web"
)

// CarryOverService closes a month: unfinished tasks roll into the next one.
//
// A month M is carried over in steps that are each idempotent, with no
// multi-document transaction, so a run that stops halfway is finished by
// the next one without doing anything twice:
//
//  1. create M+1 if missing;
//  2. apply the leader's choices (accept as done, cancel);
//  3. freeze M's figures in the ledger (job CarryOverFiguresJob; the first
//     snapshot is kept), which also marks the carry-over as started;
//  4. close M (a closed month takes no new tasks);
//  5. copy every unfinished task into M+1 under an id derived from (task,
//     M+1), so a repeated copy finds the one made before;
//  6. mark each old task chuyen_ky_sau (already marked: skipped);
//  7. queue the notices, idempotent by key;
//  8. record (committee, CarryOverJob, M) in the ledger: from then on the
//     month is done and every later run returns at once.
//
// A lease per committee and month keeps two replicas (or two leaders)
// from carrying the same month at the same time.
type CarryOverService struct {
	base
	writer  *taskWriter
	mail    *MailService
	baseURL string
	opts    CarryOverOptions
}

// Ledger jobs of the carry-over; the key is the month ("2021-10").
const (
	CarryOverJob        = "carryover"
	CarryOverFiguresJob = "month-figures" // Detail: the month's models.MonthFigures as JSON
)

// Choice is what a leader decides for an unfinished task when closing a month.
type Choice string

const (
	ChoiceCarry  Choice = "carry"  // move it to the next month (the default)
	ChoiceDone   Choice = "done"   // accept it as done now (xác nhận hoàn thành)
	ChoiceCancel Choice = "cancel" // drop it (hủy)
)

func (c Choice) valid() bool { return c == ChoiceCarry || c == ChoiceDone || c == ChoiceCancel }

// DeadlineRule says what deadline a carried task gets in the next month.
type DeadlineRule string

const (
	// DeadlineKeepIfFuture keeps a deadline that falls in the next month
	// or later and moves an earlier one to the end of the next month.
	DeadlineKeepIfFuture DeadlineRule = "keep_if_future"
	// DeadlineEndOfMonth gives every carried task the end of the next month.
	DeadlineEndOfMonth DeadlineRule = "end_of_month"
)

// CarryOverOptions tune the carry-over; zero values take the defaults.
type CarryOverOptions struct {
	// At is how long after the start of the next month (local midnight on
	// the 1st, in the committee's time zone) the scheduler carries a month
	// over. Default 30 minutes (00:30 on the 1st).
	At time.Duration
	// Deadline is the rule for carried tasks' deadlines (default
	// DeadlineKeepIfFuture). Tasks without a deadline (thường xuyên) keep none.
	Deadline DeadlineRule
	// Lease bounds how long one replica holds a committee's month before
	// another may take it over (default 5m).
	Lease time.Duration
	// Workers is how many committees RunDue carries at once (default 4).
	Workers int
	// CatchUp is how long after its moment a month is still carried over
	// automatically (default 60 days): enough for any downtime, while a
	// month left open for longer (data from before carry-over existed) is
	// left for a leader to close, instead of walking its tasks through
	// every month since and mailing each step.
	CatchUp time.Duration
}

// DefaultCarryOverAt is 00:30 on the 1st, local time.
const DefaultCarryOverAt = 30 * time.Minute

func (o CarryOverOptions) withDefaults() CarryOverOptions {
	if o.At == 0 {
		o.At = DefaultCarryOverAt
	}
	if o.Deadline == "" {
		o.Deadline = DeadlineKeepIfFuture
	}
	if o.Lease <= 0 {
		o.Lease = 5 * time.Minute
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.CatchUp <= 0 {
		o.CatchUp = 60 * 24 * time.Hour
	}
	return o
}

// CarriedDeadline is the deadline a task with deadline d gets when it is
// carried into month next.
func (o CarryOverOptions) CarriedDeadline(d models.Date, next models.Month) models.Date {
	switch {
	case d == "":
		return ""
	case o.withDefaults().Deadline == DeadlineEndOfMonth:
		return next.LastDay()
	case d >= next.FirstDay():
		return d
	default:
		return next.LastDay()
	}
}

// CarryOverResult says what closing a month did.
type CarryOverResult struct {
	Month models.Month
	// AlreadyDone: the month was carried over before; nothing was done now.
	AlreadyDone bool
	// Carried counts the month's tasks now in chuyen_ky_sau, including any
	// an interrupted earlier run moved.
	Carried int
	// Done and Cancelled count the leader's choices applied by this call.
	Done, Cancelled int
	// Skipped counts tasks that were finished (hoan_thanh, huy) already.
	Skipped int
	// Notices is how many notices this call queued (0 when queued before).
	Notices int
	// NextPeriod is month M+1, where the carried tasks now are.
	NextPeriod models.Period
}

func (r CarryOverResult) String() string {
	if r.AlreadyDone {
		return fmt.Sprintf("%s already carried over", r.Month)
	}
	return fmt.Sprintf("%s: %d carried to %s, %d accepted, %d cancelled, %d finished before, %d notices",
		r.Month, r.Carried, r.Month.Next(), r.Done, r.Cancelled, r.Skipped, r.Notices)
}

// errBusy: another replica or request holds the month's lease.
var errBusy = errors.New("this month is being closed right now; try again in a moment")

// CarryOver closes month now, before or after its end ("Kết thúc tháng"),
// applying the leader's choices for unfinished tasks (carry is the
// default). Closing a month that was carried over already does nothing and
// says so (AlreadyDone). Choices naming tasks that are not the month's, or
// tasks that are finished otherwise, are refused before anything changes.
func (s *CarryOverService) CarryOver(ctx context.Context, actor models.Actor, month models.Month, choices map[models.ID]Choice) (CarryOverResult, error) {
	if err := require(actor, models.ActManagePeriods); err != nil {
		return CarryOverResult{}, err
	}
	if err := require(actor, models.ActAcceptTasks); err != nil {
		return CarryOverResult{}, err
	}
	if _, err := models.ParseMonth(string(month)); err != nil {
		return CarryOverResult{}, models.Invalid("month", "must be YYYY-MM")
	}
	_, loc, err := s.committees.get(ctx, actor.CommitteeID)
	if err != nil {
		return CarryOverResult{}, err
	}
	if month > models.DateOf(s.now(), loc).Month() {
		return CarryOverResult{}, models.Invalid("month", "a month that has not begun cannot be closed")
	}
	p := models.Problems{}
	for id, c := range choices {
		switch {
		case !id.Valid():
			p.Add("choices."+string(id), "malformed task id")
		case !c.valid():
			p.Add("choices."+string(id), "must be carry, done or cancel")
		}
	}
	if err := p.Err(); err != nil {
		return CarryOverResult{}, err
	}
	res, err := s.carry(ctx, actor, month, choices, s.now())
	if errors.Is(err, errBusy) {
		return res, fmt.Errorf("%w: %w", errBusy, models.ErrConflict)
	}
	return res, err
}

// RunDue is the scheduler's job: every committee whose month has ended
// (at the configured local moment after it) and was not carried over yet
// is carried over now. A run after downtime carries each missed month
// once, oldest first; a committee busy with another replica is left for
// the next tick.
func (s *CarryOverService) RunDue(ctx context.Context, now time.Time) (string, error) {
	committees, err := readyCommittees(ctx, s.store.Committees())
	if err != nil {
		return "", err
	}
	return s.runDue(ctx, committees, now)
}

// RunDueCommittee is RunDue for one committee (the command line's
// --committee).
func (s *CarryOverService) RunDueCommittee(ctx context.Context, committee models.ID, now time.Time) (string, error) {
	c, err := s.store.Committees().Get(ctx, committee)
	if err != nil {
		return "", err
	}
	return s.runDue(ctx, []models.Committee{c}, now)
}

type dueTally struct {
	mu                                sync.Mutex
	months, tasks, busy, errs, tooOld int
	firstErrs                         []error
}

func (s *CarryOverService) runDue(ctx context.Context, committees []models.Committee, now time.Time) (string, error) {
	opts := s.opts.withDefaults()
	var tally dueTally
	work := make(chan models.Committee)
	var wg sync.WaitGroup
	for range min(opts.Workers, max(len(committees), 1)) {
		wg.Go(func() {
			for c := range work {
				s.runDueOne(ctx, c, now, &tally)
			}
		})
	}
	for _, c := range committees {
		if ctx.Err() != nil {
			break
		}
		work <- c
	}
	close(work)
	wg.Wait()
	summary := fmt.Sprintf("carried over %d months (%d tasks); %d busy elsewhere; %d failed", tally.months, tally.tasks, tally.busy, tally.errs)
	if tally.tooOld > 0 {
		summary += fmt.Sprintf("; %d months too old to carry over automatically (a leader closes them)", tally.tooOld)
	}
	if err := ctx.Err(); err != nil {
		return summary, err
	}
	return summary, errors.Join(tally.firstErrs...)
}

func (s *CarryOverService) runDueOne(ctx context.Context, c models.Committee, now time.Time, tally *dueTally) {
	fail := func(err error) {
		s.log.Error("carry-over failed", "job", CarryOverJob, "committee_id", string(c.ID), "error", err.Error())
		tally.mu.Lock()
		defer tally.mu.Unlock()
		tally.errs++
		if len(tally.firstErrs) < 5 {
			tally.firstErrs = append(tally.firstErrs, fmt.Errorf("committee %s: %w", c.ID, err))
		}
	}
	system := models.Actor{CommitteeID: c.ID}
	// Carrying a month can create the next one, which may be due too
	// (the server slept over two month ends): look again until none is.
	for pass := 0; pass < 3; pass++ {
		months, tooOld, err := s.dueMonths(ctx, c, now)
		if err != nil {
			fail(err)
			return
		}
		if pass == 0 && tooOld > 0 {
			tally.mu.Lock()
			tally.tooOld += tooOld
			tally.mu.Unlock()
		}
		carried := false
		for _, m := range months {
			res, err := s.carry(ctx, system, m, nil, now)
			switch {
			case errors.Is(err, errBusy):
				tally.mu.Lock()
				tally.busy++
				tally.mu.Unlock()
				return // the next tick retries, oldest month first
			case err != nil:
				fail(fmt.Errorf("month %s: %w", m, err))
				return
			case !res.AlreadyDone:
				carried = true
				s.log.Info("month carried over", "job", CarryOverJob, "committee_id", string(c.ID), "month", string(m), "carried", res.Carried)
				tally.mu.Lock()
				tally.months++
				tally.tasks += res.Carried
				tally.mu.Unlock()
			}
		}
		if !carried {
			return
		}
	}
}

// dueMonths are the committee's months, oldest first, whose carry-over
// moment has passed at now and that still need it: open months (within
// the catch-up window; tooOld counts those past it), and recently closed
// months whose carry-over started (their figures are frozen) but was not
// recorded as done.
func (s *CarryOverService) dueMonths(ctx context.Context, c models.Committee, now time.Time) (due []models.Month, tooOld int, err error) {
	periods, err := s.store.Periods().List(ctx, c.ID)
	if err != nil {
		return nil, 0, err
	}
	opts := s.opts.withDefaults()
	loc := c.Location()
	recent := models.DateOf(now, loc).Month().Prev().Prev().Prev()
	for _, p := range periods {
		at := s.dueAt(p.Month, loc)
		switch {
		case now.Before(at):
			continue
		case p.Status == models.PeriodOpen && now.Sub(at) > opts.CatchUp:
			tooOld++
			continue
		case p.Status == models.PeriodClosed:
			if p.Month < recent {
				continue
			}
			ok, err := s.resumable(ctx, c.ID, p.Month)
			if err != nil {
				return nil, 0, err
			}
			if !ok {
				continue
			}
		}
		due = append(due, p.Month)
	}
	slices.Sort(due)
	return due, tooOld, nil
}

// resumable: a closed month whose carry-over started and did not finish.
func (s *CarryOverService) resumable(ctx context.Context, committee models.ID, m models.Month) (bool, error) {
	done, err := s.store.Ledger().Has(ctx, committee, CarryOverJob, string(m))
	if err != nil || done {
		return false, err
	}
	return s.store.Ledger().Has(ctx, committee, CarryOverFiguresJob, string(m))
}

// dueAt is when month m is carried over automatically in loc.
func (s *CarryOverService) dueAt(m models.Month, loc *time.Location) time.Time {
	return m.LastDay().EndIn(loc).Add(s.opts.withDefaults().At)
}

// MonthFigures is Periods.Figures, for the callers that know it here.
func (s *CarryOverService) MonthFigures(ctx context.Context, actor models.Actor, month models.Month) (models.MonthFigures, bool, error) {
	return (&PeriodService{base: s.base}).Figures(ctx, actor, month)
}

// monthTasks are all of a month's tasks.
func (s *CarryOverService) monthTasks(ctx context.Context, committee models.ID, month models.Month) ([]models.Task, error) {
	tasks, _, err := s.store.Tasks().List(ctx, store.TaskFilter{Committee: committee, Period: month})
	return tasks, err
}

// carry does the work of one committee's month under its lease.
func (s *CarryOverService) carry(ctx context.Context, actor models.Actor, month models.Month, choices map[models.ID]Choice, now time.Time) (CarryOverResult, error) {
	res := CarryOverResult{Month: month}
	committee := actor.CommitteeID
	opts := s.opts.withDefaults()
	lease := fmt.Sprintf("carryover:%s:%s", committee, month)
	owner := s.mail.opts.Instance + "/" + string(models.NewID(s.now()))
	if _, err := s.store.Leases().Acquire(ctx, lease, owner, s.now(), opts.Lease); err != nil {
		if errors.Is(err, models.ErrConflict) {
			return res, errBusy
		}
		return res, err
	}
	defer func() {
		if err := s.store.Leases().Release(context.WithoutCancel(ctx), lease, owner); err != nil {
			s.log.Warn("lease not released", "job", CarryOverJob, "lease", lease, "error", err.Error())
		}
	}()

	done, err := s.store.Ledger().Has(ctx, committee, CarryOverJob, string(month))
	if err != nil {
		return res, err
	}
	next := month.Next()
	if done {
		res.AlreadyDone = true
		res.NextPeriod, err = s.store.Periods().Get(ctx, committee, next)
		if errors.Is(err, models.ErrNotFound) {
			err = nil
		}
		return res, err
	}
	_, loc, err := s.committees.get(ctx, committee)
	if err != nil {
		return res, err
	}
	period, err := s.store.Periods().Get(ctx, committee, month)
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
	err = s.store.Ledger().Record(ctx, models.LedgerEntry{CommitteeID: committee, Job: CarryOverJob, Key: string(month), DoneAt: s.now(), Detail: string(detail)})
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
			other, err := s.store.Tasks().Get(ctx, committee, id)
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
	p, err := s.store.Periods().Get(ctx, actor.CommitteeID, next)
	if errors.Is(err, models.ErrNotFound) {
		now := s.now()
		p = models.Period{ID: models.NewID(now), CommitteeID: actor.CommitteeID, Month: next, Status: models.PeriodOpen, Version: 1, CreatedAt: now, UpdatedAt: now}
		err = s.store.Periods().Create(ctx, p, s.audit(actor, models.EntityPeriod, p.ID, "create", nil, p))
		if errors.Is(err, models.ErrDuplicate) {
			p, err = s.store.Periods().Get(ctx, actor.CommitteeID, next)
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
	return retryConflicts(ctx, func() error {
		if p.Status == models.PeriodClosed {
			return nil
		}
		closed := p
		closed.Status, closed.Version, closed.UpdatedAt = models.PeriodClosed, p.Version+1, s.now()
		err := s.store.Periods().Update(ctx, closed, p.Version, s.audit(actor, models.EntityPeriod, p.ID, "carry-over", p, closed))
		if isConflict(err) {
			fresh, gerr := s.store.Periods().Get(ctx, p.CommitteeID, p.Month)
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
		saved, changed, err := s.writer.change(ctx, t, edit{actor: actor, action: string(kind), kind: kind, note: note, apply: func(t *models.Task) error {
			if !t.State.Open() {
				return errUnchanged
			}
			if c == ChoiceCancel {
				t.State = models.StateCancelled
				return nil
			}
			now := s.now()
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
	has, err := s.store.Ledger().Has(ctx, committee, CarryOverFiguresJob, string(month))
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
	f, err := s.countFigures(ctx, committee, month, left, now)
	if err != nil {
		return err
	}
	detail, err := json.Marshal(f)
	if err != nil {
		return err
	}
	err = s.store.Ledger().Record(ctx, models.LedgerEntry{CommitteeID: committee, Job: CarryOverFiguresJob, Key: string(month), DoneAt: s.now(), Detail: string(detail)})
	if errors.Is(err, models.ErrDuplicate) {
		return nil
	}
	return err
}

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
	now := s.now()
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
			a := s.audit(actor, models.EntityTask, c.ID, "carry-over", nil, c)
			a.ID = models.DerivedID("carryover-audit", string(t.ID), string(next)) // a retry re-inserts the same entry
			audits = append(audits, a)
		default:
			res.Skipped++
		}
	}
	if err := s.writer.create(ctx, actor, "carry-over", copies, audits, true); err != nil {
		return nil, err
	}
	note := "Chuyển sang " + vnMonth(next)
	olds := make([]models.Task, len(pending))
	for i, ct := range pending {
		olds[i] = ct.old
	}
	marked, err := s.writer.changeMany(ctx, olds, s.markCarried(actor, note, nil))
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
		saved, changed, err := s.writer.change(ctx, ct.old, s.markCarried(actor, note, &before))
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

// markCarried is the edit that marks an old task chuyen_ky_sau, if it is
// still open; before, when set, keeps the task as it was just before.
func (s *CarryOverService) markCarried(actor models.Actor, note string, before *models.Task) edit {
	return edit{actor: actor, action: actionCarry, kind: models.ProgressCarry, note: note, apply: func(t *models.Task) error {
		if !t.State.Open() {
			return errUnchanged
		}
		if before != nil {
			*before = *t
		}
		t.State = models.StateCarried
		return nil
	}}
}

// carryChunk bounds the tasks of one store call, so that one write stays
// well within the store's operation timeout.
const carryChunk = 500

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
	fresh, err := s.store.Tasks().Get(ctx, c.CommitteeID, c.ID)
	if err != nil {
		return c, err
	}
	saved, _, err := s.writer.change(ctx, fresh, edit{actor: actor, action: "carry-follow", kind: models.ProgressNote, quiet: true,
		note: "Cập nhật theo nhiệm vụ gốc khi chuyển tháng", apply: func(t *models.Task) error {
			if t.Version != 1 {
				return errUnchanged // worked on since: leave it to people
			}
			t.State, t.Percent = old.State, old.Percent
			return nil
		}})
	return saved, err
}

// dropCopy cancels a copy whose original was finished in its own month
// after the copy was made.
func (s *CarryOverService) dropCopy(ctx context.Context, actor models.Actor, loc *time.Location, c models.Task, oldState models.WorkState) error {
	fresh, err := s.store.Tasks().Get(ctx, c.CommitteeID, c.ID)
	if err != nil {
		return err
	}
	what := "hoàn thành"
	if oldState == models.StateCancelled {
		what = "bị hủy"
	}
	_, _, err = s.writer.change(ctx, fresh, edit{actor: actor, action: "carry-drop", kind: models.ProgressCancel, quiet: true,
		note: "Nhiệm vụ gốc đã " + what + " trong tháng trước", apply: func(t *models.Task) error {
			if !t.State.Open() || t.Version != 1 {
				return errUnchanged // already dropped, or worked on since: leave it to people
			}
			t.State = models.StateCancelled
			return nil
		}})
	return err
}

// CarryOverNoticeKey is the outbox key of a carry-over notice to a unit
// (unit set) or to leadership (unit empty).
func CarryOverNoticeKey(unit models.ID, month models.Month) string {
	if unit == "" {
		return "carryover:leaders:" + string(month)
	}
	return "carryover:unit:" + string(unit) + ":" + string(month)
}

// queueNotices tells each lead unit with an address which of its tasks
// moved to the next month, and leadership all of them with the month's
// figures. Keys make it idempotent: a repeated run queues nothing new.
func (s *CarryOverService) queueNotices(ctx context.Context, committee models.ID, month models.Month, carried []carriedTask) (int, error) {
	if len(carried) == 0 {
		return 0, nil
	}
	cm, _, err := s.committees.get(ctx, committee)
	if err != nil {
		return 0, err
	}
	units, err := s.store.Units().List(ctx, committee)
	if err != nil {
		return 0, err
	}
	unitByID := map[models.ID]models.Unit{}
	for _, u := range units {
		unitByID[u.ID] = u
	}
	byUnit := map[models.ID][]carriedTask{}
	for _, ct := range carried {
		byUnit[ct.old.LeadUnitID] = append(byUnit[ct.old.LeadUnitID], ct)
	}
	queued := 0
	queue := func(m models.Message) error {
		ok, err := s.mail.Queue(ctx, m)
		if ok {
			queued++
		}
		return err
	}
	next := month.Next()
	lang := web.Languages[0] // units' mailboxes and leadership read Vietnamese
	from, to := web.MonthLabel(string(month)), web.MonthLabel(string(next))
	footer := web.T(lang, "carrymail.footer", cm.Name)
	for _, u := range units { // units in their listed order, for stable queuing
		list := byUnit[u.ID]
		if len(list) == 0 || len(u.Emails) == 0 {
			continue
		}
		n := notice{
			lang:     lang,
			Subject:  web.T(lang, "carrymail.unit_subject", to, u.Name),
			Greeting: u.Name,
			Intro:    web.T(lang, "carrymail.unit_intro", from, len(list), to),
			Groups:   []noticeGroup{{Items: s.noticeItems(lang, list)}},
			Footer:   footer,
		}
		if err := queue(n.message(committee, CarryOverNoticeKey(u.ID, month), u.Emails)); err != nil {
			return queued, err
		}
	}
	users, err := s.store.Users().List(ctx, committee)
	if err != nil {
		return queued, err
	}
	var leaders []string
	for _, u := range users {
		if u.Role == models.RoleLeader && !u.Disabled && u.Email != "" && !slices.Contains(leaders, u.Email) {
			leaders = append(leaders, u.Email)
		}
	}
	if len(leaders) == 0 {
		return queued, nil
	}
	n := notice{
		lang:     lang,
		Subject:  web.T(lang, "carrymail.leaders_subject", from, len(carried), to),
		Greeting: web.T(lang, "carrymail.leaders_greeting", cm.Name),
		Intro:    web.T(lang, "carrymail.leaders_intro", from, len(carried), to),
		Footer:   footer,
	}
	if e, err := s.store.Ledger().Get(ctx, committee, CarryOverFiguresJob, string(month)); err == nil {
		var f models.MonthFigures
		if json.Unmarshal([]byte(e.Detail), &f) == nil {
			n.Figures = web.T(lang, "carrymail.figures", from, web.FiguresSentence(lang, f.Totals))
		}
	}
	for _, u := range units {
		if list := byUnit[u.ID]; len(list) > 0 {
			n.Groups = append(n.Groups, noticeGroup{Title: web.T(lang, "carrymail.group", u.Name, len(list)), Items: s.noticeItems(lang, list)})
			delete(byUnit, u.ID)
		}
	}
	for id, list := range byUnit { // lead units not listed (should not happen)
		n.Groups = append(n.Groups, noticeGroup{Title: string(id), Items: s.noticeItems(lang, list)})
	}
	if err := queue(n.message(committee, CarryOverNoticeKey("", month), leaders)); err != nil {
		return queued, err
	}
	return queued, nil
}

func (s *CarryOverService) noticeItems(lang string, list []carriedTask) []noticeItem {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i].copy, list[j].copy
		if a.AreaPosition != b.AreaPosition {
			return a.AreaPosition < b.AreaPosition
		}
		return a.ID < b.ID
	})
	items := make([]noticeItem, 0, len(list))
	base := strings.TrimRight(s.baseURL, "/")
	for _, ct := range list {
		c := ct.copy
		it := noticeItem{Text: shorten(c.Text, shortTextRunes), Deadline: web.T(lang, "mail.no_deadline"), Carry: web.T(lang, "carrymail.carry_count", c.CarryCount)}
		if c.Deadline != "" {
			it.Deadline = vnDay(c.Deadline)
		}
		switch w := waitingIn(lang, c.State); {
		case w != "":
			it.Carry += ", " + w
		default:
			if c.Percent > 0 {
				it.Carry += ", " + web.T(lang, "carrymail.reached", c.Percent)
			}
		}
		if base != "" {
			it.Link = base + "/tasks/" + string(c.ID)
		}
		items = append(items, it)
	}
	return items
}

// vnMonth is "tháng 11/2021", "tháng 01/2022": two-digit months, as
// Party documents write them.
func vnMonth(m models.Month) string {
	s := string(m)
	if len(s) != 7 {
		return "tháng " + s
	}
	return "tháng " + s[5:] + "/" + s[:4]
}

// notice is a carry-over e-mail in lang, rendered as text and as HTML
// (web/templates/mail/carryover.html).
type notice struct {
	lang                                      string
	Subject, Greeting, Intro, Figures, Footer string
	Groups                                    []noticeGroup
}

type noticeGroup struct {
	Title string
	Items []noticeItem
}

type noticeItem struct {
	Text, Deadline, Carry, Link string
}

func (n notice) message(committee models.ID, key string, to []string) models.Message {
	var t strings.Builder
	fmt.Fprintf(&t, "%s %s\n\n%s\n", web.T(n.lang, "mail.to"), n.Greeting, n.Intro)
	deadline, update := web.T(n.lang, "mail.deadline"), web.T(n.lang, "mail.update_progress")
	if n.Figures != "" {
		fmt.Fprintf(&t, "\n%s\n", n.Figures)
	}
	for _, g := range n.Groups {
		if g.Title != "" {
			fmt.Fprintf(&t, "\n%s\n", g.Title)
		} else {
			t.WriteString("\n")
		}
		for i, it := range g.Items {
			fmt.Fprintf(&t, "%d. %s\n   %s: %s — %s\n", i+1, it.Text, deadline, it.Deadline, it.Carry)
			if it.Link != "" {
				fmt.Fprintf(&t, "   %s: %s\n", update, it.Link)
			}
		}
	}
	fmt.Fprintf(&t, "\n%s\n", n.Footer)
	h, err := web.MailHTML(n.lang, "carryover.html", n)
	if err != nil {
		h = "" // the text part is enough
	}
	return models.Message{CommitteeID: committee, Key: key, To: slices.Clone(to), Subject: n.Subject, Text: t.String(), HTML: h}
}
