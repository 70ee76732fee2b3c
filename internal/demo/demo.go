// Package demo is the demo committee, as plain data: an invented ward Party
// committee with its units, users and one month of tasks. The loader (in
// cmd) turns it into models with fresh ids and the current month; nothing
// here touches a store.
//
// All text is Unicode NFC with the new tone placement (ủy, hòa), as a
// committee would type it today. E-mail addresses are under the reserved
// .example domain so that no demo mail can reach a real person.
package demo

import (
	"time"

	"github.com/theodoi/theodoi/models"
)

// Domain is the mail domain of every demo address.
const Domain = "vanxuan.example"

// Committee is the demo ward committee (ID and timestamps are the loader's).
var Committee = models.Committee{
	Name:         "Đảng ủy phường Vạn Xuân",
	SuperiorBody: "Đảng bộ thành phố Hải Phòng",
	IssuerCode:   "ĐU",
	PlaceName:    "Vạn Xuân",
	TimeZone:     models.DefaultTimeZone,
}

// Month is the committee-local month of now: the loader seeds the demo
// tasks into it, so the demo always shows the month being worked on.
func Month(now time.Time) models.Month {
	return models.DateOf(now, Committee.Location()).Month()
}

// Unit is a body tasks are assigned to; Key is how users and tasks refer to it.
type Unit struct {
	Key     string
	Kind    models.UnitKind
	Name    string
	Aliases []string
	Emails  []string
}

// User is a demo account. UnitKey is required for models.RoleUnit and
// optional otherwise (the office worker belongs to Văn phòng).
type User struct {
	Key     string
	Name    string
	Email   string
	Role    models.Role
	UnitKey string
}

// Report is one progress report on a task, oldest first. Percent and State
// are the task's after the report.
type Report struct {
	UnitKey string
	Percent int
	State   models.WorkState
	Note    string
}

// Deadline days with a special meaning.
const (
	NoDeadline = 0  // thường xuyên
	LastDay    = -1 // the last day of the month, the usual deadline
)

// Task is one bullet of section II of the month's resolution.
type Task struct {
	Area         int // index into models.DefaultAreas, 0-based
	Text         string
	Lead         string   // unit key
	Coordinating []string // unit keys
	FollowUp     string   // unit key of the follow-up owner, or ""
	DeadlineDay  int      // NoDeadline, LastDay or a day of the month
	State        models.WorkState
	Percent      int
	Reports      []Report
	// Continues marks work carried over from last month ("Tiếp tục…"); the
	// loader may create last month's copy in chuyen_ky_sau and link it.
	Continues bool
	// Accepted, for work reported done (State cho_xac_nhan), is the note
	// with which leadership accepted it; empty: still awaiting acceptance.
	Accepted string
}

// Deadline is the task's deadline in month m; a day past the end of a
// short month becomes its last day.
func (t Task) Deadline(m models.Month) models.Date {
	last := m.LastDay()
	switch {
	case t.DeadlineDay == NoDeadline:
		return ""
	case t.DeadlineDay == LastDay:
		return last
	}
	d := m.FirstDay().AddDays(t.DeadlineDay - 1)
	if d > last {
		return last
	}
	return d
}
