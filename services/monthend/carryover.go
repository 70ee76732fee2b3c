// Package monthend closes a committee's month: the leader's choices for
// unfinished tasks, the frozen figures, the copies into the next month
// and the notices. due.go plans which months fall due; close.go and
// move.go apply one month's close.
package monthend

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/services/task"
)

// CarryOverService closes a month: unfinished tasks roll into the next one.
//
// A month M is carried over in steps that are each idempotent, with no
// multi-document transaction, so a run that stops halfway is finished by
// the next one without doing anything twice:
//
//  1. create M+1 if missing;
//  2. apply the leader's choices (accept as done, cancel);
//  3. freeze M's figures in the ledger (job figure.CarryOverFiguresJob; the first
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
	core.Base
	writer  *task.Writer
	mail    *outbox.MailService
	periods *directory.PeriodService
	baseURL string
	opts    CarryOverOptions
}

// New wires the month end over the task-change path; mail queues the
// leaders' carry-over notices.
func New(b core.Base, writer *task.Writer, mail *outbox.MailService, periods *directory.PeriodService, baseURL string, opts CarryOverOptions) *CarryOverService {
	return &CarryOverService{Base: b, writer: writer, mail: mail, periods: periods, baseURL: baseURL, opts: opts}
}

// CarryOverJob is the carry-over's ledger job; the key is the month
// ("2021-10"). The month's frozen figures are figure.CarryOverFiguresJob.
const CarryOverJob = "carryover"

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
	if err := core.Require(actor, models.ActManagePeriods); err != nil {
		return CarryOverResult{}, err
	}
	if err := core.Require(actor, models.ActAcceptTasks); err != nil {
		return CarryOverResult{}, err
	}
	if _, err := models.ParseMonth(string(month)); err != nil {
		return CarryOverResult{}, models.Invalid("month", "must be YYYY-MM")
	}
	_, loc, err := s.Committees.Get(ctx, actor.CommitteeID)
	if err != nil {
		return CarryOverResult{}, err
	}
	if month > models.DateOf(s.Now(), loc).Month() {
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
	res, err := s.carry(ctx, actor, month, choices, s.Now())
	if errors.Is(err, errBusy) {
		return res, fmt.Errorf("%w: %w", errBusy, models.ErrConflict)
	}
	return res, err
}
