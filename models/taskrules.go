package models

import "fmt"

// TaskOp is something a person may do to a task.
type TaskOp string

const (
	OpEdit        TaskOp = "edit"         // change text, units, deadline; pause or resume
	OpReport      TaskOp = "report"       // add a progress report (lead or coordinating unit)
	OpReportState TaskOp = "report-state" // move the task's percent and state (the lead unit)
	OpNote        TaskOp = "note"         // add a follow-up note (đôn đốc)
	OpAccept      TaskOp = "accept"       // confirm a completion the lead unit reported
	OpReopen      TaskOp = "reopen"       // send a finished, reported or cancelled task back to work
	OpCancel      TaskOp = "cancel"       // drop an open task
)

// May is the one rule of who may do what to a task in which state. It
// returns nil, or an error that wraps ErrForbidden (the person may not,
// whatever the state) or ErrTransition (not in the task's present state).
// Services check it before a change; pages ask it which buttons to show.
func (a Actor) May(t Task, op TaskOp) error {
	if !a.CanSeeTask(t) {
		return fmt.Errorf("task not visible: %w", ErrForbidden)
	}
	var act Action
	switch op {
	case OpEdit:
		act = ActWriteTasks
	case OpReport, OpReportState:
		act = ActReportProgress
	case OpNote:
		act = ActAddNote
	case OpAccept, OpReopen, OpCancel:
		act = ActAcceptTasks
	default:
		return fmt.Errorf("unknown action %q: %w", op, ErrForbidden)
	}
	if !Can(a.Role, act) {
		return fmt.Errorf("%s may not %s: %w", a.Role, op, ErrForbidden)
	}
	switch op {
	case OpReport:
		if !t.Involves(a.UnitID) {
			return fmt.Errorf("only the task's units report progress: %w", ErrForbidden)
		}
	case OpReportState:
		if t.LeadUnitID != a.UnitID {
			return fmt.Errorf("only the lead unit reports the task's state: %w", ErrForbidden)
		}
	}
	switch op {
	case OpEdit, OpReport, OpReportState:
		if !t.State.Open() {
			return fmt.Errorf("task is %s; leadership must reopen it first: %w", t.State, ErrTransition)
		}
	case OpAccept:
		if t.State != StateAwaiting {
			return fmt.Errorf("only a task awaiting confirmation (cho_xac_nhan) can be accepted; this one is %s: %w", t.State, ErrTransition)
		}
	case OpReopen:
		if t.State != StateDone && t.State != StateAwaiting && t.State != StateCancelled {
			return fmt.Errorf("a task that is %s cannot be reopened: %w", t.State, ErrTransition)
		}
	case OpCancel:
		if !CanTransition(t.State, StateCancelled) {
			return fmt.Errorf("a task that is %s cannot be cancelled: %w", t.State, ErrTransition)
		}
	}
	return nil
}

// TaskPermits is what a person may do to one task now, for a page's buttons.
type TaskPermits struct {
	Edit, Report, ReportState, Note, Accept, Reopen, Cancel bool
}

// Any reports whether a leader's panel (accept, reopen, cancel) has a button.
func (p TaskPermits) Any() bool { return p.Accept || p.Reopen || p.Cancel }

// Permits evaluates May for every operation.
func (a Actor) Permits(t Task) TaskPermits {
	ok := func(op TaskOp) bool { return a.May(t, op) == nil }
	return TaskPermits{Edit: ok(OpEdit), Report: ok(OpReport), ReportState: ok(OpReportState), Note: ok(OpNote),
		Accept: ok(OpAccept), Reopen: ok(OpReopen), Cancel: ok(OpCancel)}
}

// ApplyReport applies a unit's report to t. The lead unit's report moves
// the task: done sends it to cho_xac_nhan at 100%, a percent sets the
// percent, and any report starts a task not started or paused. A
// coordinating unit's report leaves the task as it is (the lead unit
// answers for it) and may not say done. It returns the percent the
// history entry records.
func (t *Task) ApplyReport(unit ID, percent *int, done bool) (int, error) {
	if t.LeadUnitID != unit {
		if done {
			return 0, fmt.Errorf("only the lead unit reports the task done: %w", ErrForbidden)
		}
		if percent != nil {
			return *percent, nil
		}
		return t.Percent, nil
	}
	next := t.State
	switch {
	case done:
		next = StateAwaiting
	case t.State == StateNotStarted || t.State == StatePaused:
		next = StateInProgress
	}
	if next != t.State && !CanTransition(t.State, next) {
		return 0, fmt.Errorf("cannot go from %s to %s: %w", t.State, next, ErrTransition)
	}
	t.State = next
	if percent != nil {
		t.Percent = *percent
	}
	if done {
		t.Percent = 100
	}
	return t.Percent, nil
}

// Reopen sends a finished, reported or cancelled task back to work; a
// task at 100% goes back to 90%.
func (t *Task) Reopen() {
	switch t.State {
	case StateDone, StateAwaiting:
		t.State = StateInProgress
	case StateCancelled:
		t.State = StateNotStarted
		if t.Percent > 0 {
			t.State = StateInProgress
		}
	}
	if t.Percent == 100 {
		t.Percent = 90
	}
	t.AcceptedAt, t.AcceptedBy = nil, ""
}
