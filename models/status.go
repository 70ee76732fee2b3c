package models

import "time"

// WorkState is where a task stands, set by people.
type WorkState string

const (
	StateNotStarted WorkState = "chua_thuc_hien" // chưa thực hiện
	StateInProgress WorkState = "dang_thuc_hien" // đang thực hiện
	StateAwaiting   WorkState = "cho_xac_nhan"   // unit reports done; leadership has not accepted
	StateDone       WorkState = "hoan_thanh"     // accepted by leadership
	StatePaused     WorkState = "tam_dung"       // tạm dừng / chờ điều kiện
	StateCarried    WorkState = "chuyen_ky_sau"  // carried to next month
	StateCancelled  WorkState = "huy"            // hủy
)

var WorkStates = []WorkState{StateNotStarted, StateInProgress, StateAwaiting, StateDone, StatePaused, StateCarried, StateCancelled}

func (s WorkState) Valid() bool {
	for _, v := range WorkStates {
		if s == v {
			return true
		}
	}
	return false
}

// Open reports whether the task is still being worked on (its timeliness
// is measured against the clock).
func (s WorkState) Open() bool {
	switch s {
	case StateNotStarted, StateInProgress, StateAwaiting, StatePaused:
		return true
	}
	return false
}

// OpenStates are the states counted as "chưa hoàn thành".
var OpenStates = []WorkState{StateNotStarted, StateInProgress, StateAwaiting, StatePaused}

// transitions lists every allowed change of state; anything else is refused.
var transitions = map[WorkState][]WorkState{
	StateNotStarted: {StateInProgress, StateAwaiting, StatePaused, StateCancelled, StateCarried},
	StateInProgress: {StateInProgress, StateAwaiting, StatePaused, StateCancelled, StateCarried},
	StateAwaiting:   {StateInProgress, StateDone, StatePaused, StateCancelled, StateCarried},
	StatePaused:     {StateInProgress, StateAwaiting, StateCancelled, StateCarried},
	StateDone:       {StateInProgress},                  // reopen
	StateCancelled:  {StateNotStarted, StateInProgress}, // reopen
	StateCarried:    {},                                 // the next month's copy lives on
}

// CanTransition reports whether a task may move from one state to another.
func CanTransition(from, to WorkState) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Timeliness is derived from the deadline, the acceptance time and the
// committee's clock; it is never stored by hand.
type Timeliness string

const (
	TimelyWithinTerm Timeliness = "trong_han"           // trong hạn
	TimelyDueSoon    Timeliness = "sap_den_han"         // sắp đến hạn
	TimelyOverdue    Timeliness = "qua_han"             // quá hạn
	TimelyDoneOnTime Timeliness = "hoan_thanh_dung_han" // hoàn thành đúng hạn
	TimelyDoneLate   Timeliness = "hoan_thanh_qua_han"  // hoàn thành quá hạn
	TimelyNoDeadline Timeliness = "khong_thoi_han"      // không thời hạn / thường xuyên
)

var Timelinesses = []Timeliness{TimelyWithinTerm, TimelyDueSoon, TimelyOverdue, TimelyDoneOnTime, TimelyDoneLate, TimelyNoDeadline}

func (t Timeliness) Valid() bool {
	for _, v := range Timelinesses {
		if t == v {
			return true
		}
	}
	return false
}

// DefaultDueSoonDays is how many days before its deadline a task counts as
// "sắp đến hạn".
const DefaultDueSoonDays = 3

// TimelinessOf computes a task's timeliness at now. A deadline is the end
// of that day in loc. Cancelled and carried tasks have none ("").
func TimelinessOf(state WorkState, deadline Date, acceptedAt *time.Time, now time.Time, loc *time.Location, dueSoonDays int) Timeliness {
	return NewTimelinessClock(now, loc, dueSoonDays).Of(state, deadline, acceptedAt)
}

// TimelinessClock is "now" for timeliness, worked out once so that a page
// of tasks is judged against the same day without redoing the calendar.
type TimelinessClock struct {
	loc          *time.Location
	Today        Date
	DueSoonUntil Date
}

// NewTimelinessClock fixes today and the end of the due-soon window in loc.
func NewTimelinessClock(now time.Time, loc *time.Location, dueSoonDays int) TimelinessClock {
	today := DateOf(now, loc)
	return TimelinessClock{loc: loc, Today: today, DueSoonUntil: today.AddDays(dueSoonDays)}
}

// Of is the timeliness of a task in the given state.
func (c TimelinessClock) Of(state WorkState, deadline Date, acceptedAt *time.Time) Timeliness {
	switch {
	case state == StateDone:
		if deadline == "" || acceptedAt == nil || acceptedAt.Before(deadline.EndIn(c.loc)) {
			return TimelyDoneOnTime
		}
		return TimelyDoneLate
	case !state.Open():
		return ""
	case deadline == "":
		return TimelyNoDeadline
	case deadline < c.Today:
		return TimelyOverdue
	case deadline <= c.DueSoonUntil:
		return TimelyDueSoon
	default:
		return TimelyWithinTerm
	}
}

// Clock gives the current time; services take one so tests can set it.
type Clock interface{ Now() time.Time }

// SystemClock is the real clock, in UTC.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now().UTC() }
