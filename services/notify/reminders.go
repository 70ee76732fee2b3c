package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/internal/words"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/web"
)

// ReminderService e-mails units about tasks that are due soon or overdue
// (nhắc việc), once a day per committee, from a local time of day on.
//
// A reminder goes to the LEAD unit only (đơn vị chủ trì): it answers for
// the task and reports its progress. Coordinating units see the tasks they
// help with in the weekly digest instead, so that one task does not wake
// up half the ward every morning.
type ReminderService struct {
	core.Base
	mail    *outbox.MailService
	baseURL string
	opts    ReminderOptions // zero: the defaults
}

// ReminderJob names the reminders in the ledger; the key is the
// committee-local day ("2021-10-05").
const ReminderJob = "reminders"

// ReminderOptions tune the reminders; zero values take the defaults.
type ReminderOptions struct {
	// At is the local time of day (in the committee's time zone), counted
	// from midnight, from which the day's reminders go out. Default 07:30.
	At time.Duration
	// DueInDays lists how many days before its deadline a task is
	// mentioned: exactly on those days. Default [3, 1]; 0 means on the
	// deadline day itself.
	DueInDays []int
	// OverdueEvery spaces the reminders about an overdue task: on its first
	// overdue day and then every OverdueEvery days (see RemindOverdue).
	// Default 3; 1 means daily.
	OverdueEvery int
	// States are the task states worth a reminder. Default: chưa thực hiện
	// and đang thực hiện. A task reported done (chờ xác nhận) waits for
	// leadership, not for the unit, and a paused one (tạm dừng / chờ điều
	// kiện) for its condition; both still appear in the digests.
	States []models.WorkState
	// Lease bounds how long one replica holds a committee's day before
	// another may take it over (default 10m).
	Lease time.Duration
}

// DefaultReminderAt is 07:30, local time.
const DefaultReminderAt = 7*time.Hour + 30*time.Minute

func (o ReminderOptions) withDefaults() ReminderOptions {
	if o.At == 0 {
		o.At = DefaultReminderAt
	}
	if len(o.DueInDays) == 0 {
		o.DueInDays = []int{3, 1}
	}
	o.DueInDays = slices.Compact(slices.Sorted(slices.Values(o.DueInDays)))
	if o.OverdueEvery == 0 {
		o.OverdueEvery = 3
	}
	if len(o.States) == 0 {
		o.States = []models.WorkState{models.StateNotStarted, models.StateInProgress}
	}
	if o.Lease == 0 {
		o.Lease = 10 * time.Minute
	}
	return o
}

// Validate refuses options that could not mean anything.
func (o ReminderOptions) Validate() error {
	p := models.Problems{}
	if o.At < 0 || o.At >= 24*time.Hour || o.At%time.Minute != 0 {
		p.Add("at", "a time of day in whole minutes, 00:00 to 23:59")
	}
	for _, d := range o.DueInDays {
		if d < 0 || d > 60 {
			p.Add("dueInDays", "days between 0 and 60")
		}
	}
	if o.OverdueEvery < 0 || o.OverdueEvery > 60 {
		p.Add("overdueEvery", "days between 1 and 60")
	}
	for _, s := range o.States {
		if !s.Open() {
			p.Add("states", "only open states: "+string(s))
		}
	}
	if o.Lease < 0 {
		p.Add("lease", "must be positive")
	}
	return p.Err()
}

// RemindDueIn reports whether a task daysLeft days before its deadline is
// mentioned.
func (o ReminderOptions) RemindDueIn(daysLeft int) bool {
	return o.withDefaults().remindDueIn(daysLeft)
}

func (o ReminderOptions) remindDueIn(daysLeft int) bool {
	return slices.Contains(o.DueInDays, daysLeft)
}

// RemindOverdue reports whether a task daysOverdue days past its deadline
// is mentioned. Day 1 is the first day after the deadline day; the task is
// mentioned on days 1, 1+N, 1+2N, … (N = OverdueEvery): with the default
// 3, on days 1, 4, 7, 10 and so on. The rule depends on the day alone, so
// every replica and every rerun agrees; a day lost to downtime is not made
// up (the next mention comes N days later, and the weekly digest lists
// every overdue task anyway).
func (o ReminderOptions) RemindOverdue(daysOverdue int) bool {
	return o.withDefaults().remindOverdue(daysOverdue)
}

func (o ReminderOptions) remindOverdue(daysOverdue int) bool {
	return daysOverdue >= 1 && (daysOverdue-1)%o.OverdueEvery == 0
}

// WithOptions returns a copy of the service that uses o.
func (s *ReminderService) WithOptions(o ReminderOptions) (*ReminderService, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	c := *s
	c.opts = o
	return &c, nil
}

// reminderRun counts one RunDue.
type reminderRun struct {
	committees, queued int
	calendarTally
}

func (r reminderRun) String() string {
	return fmt.Sprintf("committees %d, reminders queued %d", r.committees, r.queued) + r.calendarTally.String()
}

// RunDue queues the day's reminders of every committee whose local time
// has reached the reminder time and whose day is not in the ledger. It is
// meant to be called every few minutes by every replica:
//
//   - the ledger entry (committee, "reminders", local day) makes the day's
//     work happen once; a run after downtime finds today's day missing and
//     does it, and never works through the days it missed;
//   - a lease per committee and day keeps two replicas from building the
//     same messages at once; a replica that dies holding it is taken over
//     when the lease ends;
//   - each message has the key reminder:unit:<unit>:<day>, so a rerun
//     after a failure half-way queues only what is missing.
//
// A committee that fails is reported in the error; the others go on.
func (s *ReminderService) RunDue(ctx context.Context, now time.Time) (string, error) {
	o := s.opts.withDefaults()
	now = now.UTC()
	var run reminderRun
	n, err := eachCommittee(ctx, s.Base, "reminders", func(c models.Committee) error {
		return s.runCommittee(ctx, c, now, o, &run)
	})
	run.committees = n
	return run.String(), err
}

func (s *ReminderService) runCommittee(ctx context.Context, c models.Committee, now time.Time, o ReminderOptions, run *reminderRun) error {
	loc := c.Location()
	local := now.In(loc)
	h, m := int(o.At/time.Hour), int(o.At%time.Hour/time.Minute)
	if local.Before(time.Date(local.Year(), local.Month(), local.Day(), h, m, 0, 0, loc)) {
		run.notYet++
		return nil
	}
	day := models.DateOf(now, loc)
	outcome, err := onceFor(ctx, s.Base, c, ReminderJob, string(day), s.Instance, now, o.Lease, func() (string, error) {
		queued, again, err := s.queueDay(ctx, c, loc, now, o)
		run.queued += queued
		run.again += again
		return fmt.Sprintf("queued %d, already queued %d", queued, again), err
	})
	outcome.count(&run.done, &run.busy)
	return err
}

// queueDay queues one message per unit that has something to be reminded
// of (one copy per address that takes reminders); it returns how many
// copies it queued and how many were queued before. A
// unit that fails does not hold up the others; the error leaves the day
// out of the ledger, so the next tick tries again (and the keys keep what
// was queued from being queued twice).
func (s *ReminderService) queueDay(ctx context.Context, c models.Committee, loc *time.Location, now time.Time, o ReminderOptions) (queued, again int, err error) {
	units, err := s.Store.Units().List(ctx, c.ID)
	if err != nil {
		return 0, 0, err
	}
	clock := models.NewTimelinessClock(now, loc, o.DueInDays[len(o.DueInDays)-1])
	var errs []error
	for _, u := range units {
		if err := ctx.Err(); err != nil {
			return queued, again, errors.Join(append(errs, err)...)
		}
		if !u.Active || len(u.Emails) == 0 {
			continue
		}
		n, was, err := s.queueUnit(ctx, c, u, clock, o)
		queued += n
		again += was // queued by an earlier run that stopped half-way
		if err != nil {
			errs = append(errs, fmt.Errorf("unit %s: %w", u.ID, err))
		}
	}
	return queued, again, errors.Join(errs...)
}

// queueUnit queues the unit's reminder of the day, if it has anything to
// be reminded of, to each of its addresses that takes reminders; again
// counts copies an earlier run queued.
func (s *ReminderService) queueUnit(ctx context.Context, c models.Committee, u models.Unit, clock models.TimelinessClock, o ReminderOptions) (queued, again int, err error) {
	overdue, dueSoon, err := s.unitTasks(ctx, c.ID, u.ID, clock, o)
	if err != nil || len(overdue)+len(dueSoon) == 0 {
		return 0, 0, err
	}
	r := reminderMail{lang: web.Languages[0], committee: c, unit: u, day: clock.Today, overdue: overdue, dueSoon: dueSoon, baseURL: s.baseURL}
	msg, err := r.message()
	if err != nil {
		return 0, 0, err
	}
	queued, again, _, err = s.mail.QueueFor(ctx, msg, web.Languages[0], models.MailReminder, s.baseURL)
	return queued, again, err
}

// reminderItem is one task in a reminder, with its distance to the deadline.
type reminderItem struct {
	task models.Task
	days int // left before the deadline, or past it when overdue
}

// unitTasks returns the unit's led tasks to mention today: overdue ones
// on their cadence, most overdue first, and those due in exactly one of
// the configured days, soonest first.
func (s *ReminderService) unitTasks(ctx context.Context, committee, unit models.ID, clock models.TimelinessClock, o ReminderOptions) (overdue, dueSoon []reminderItem, err error) {
	f := store.TaskFilter{
		Committee: committee, UnitID: unit, UnitRole: store.UnitRoleLead, States: o.States,
		Today: clock.Today, DueSoonUntil: clock.DueSoonUntil,
	}
	f.Timeliness = models.TimelyOverdue
	err = core.EachTask(ctx, s.Store.Tasks(), f, func(t models.Task) {
		if d := words.DaysBetween(t.Deadline, clock.Today); o.remindOverdue(d) {
			overdue = append(overdue, reminderItem{task: t, days: d})
		}
	})
	if err != nil {
		return nil, nil, err
	}
	f.Timeliness = models.TimelyDueSoon
	err = core.EachTask(ctx, s.Store.Tasks(), f, func(t models.Task) {
		if d := words.DaysBetween(clock.Today, t.Deadline); o.remindDueIn(d) {
			dueSoon = append(dueSoon, reminderItem{task: t, days: d})
		}
	})
	if err != nil {
		return nil, nil, err
	}
	// The store orders by area, then deadline; a reminder reads by urgency.
	slices.SortStableFunc(overdue, func(a, b reminderItem) int { return b.days - a.days })
	slices.SortStableFunc(dueSoon, func(a, b reminderItem) int { return a.days - b.days })
	return overdue, dueSoon, nil
}

// reminderMail is one unit's reminder of one day, in lang (a unit's
// mailbox reads Vietnamese).
type reminderMail struct {
	lang      string
	committee models.Committee
	unit      models.Unit
	day       models.Date
	overdue   []reminderItem
	dueSoon   []reminderItem
	baseURL   string
}

// reminderKey makes a unit's reminder of a day unique in the outbox.
func reminderKey(unit models.ID, day models.Date) string {
	return fmt.Sprintf("reminder:unit:%s:%s", unit, day)
}

func (r reminderMail) message() (models.Message, error) {
	subject := r.subject()
	html, err := r.html(subject)
	if err != nil {
		return models.Message{}, fmt.Errorf("reminder for unit %s: %w", r.unit.ID, err)
	}
	return models.Message{
		CommitteeID: r.committee.ID,
		Key:         reminderKey(r.unit.ID, r.day),
		To:          slices.Clone(r.unit.Emails),
		Subject:     norm.NFC.String(subject),
		Text:        norm.NFC.String(r.text()),
		HTML:        norm.NFC.String(html),
	}, nil
}

// subject: "[Nhắc việc] 3 nhiệm vụ sắp đến hạn, 1 nhiệm vụ quá hạn — Hội LHPN phường".
func (r reminderMail) subject() string {
	var parts []string
	if n := len(r.dueSoon); n > 0 {
		parts = append(parts, web.T(r.lang, "remindmail.due_soon_count", n))
	}
	if n := len(r.overdue); n > 0 {
		parts = append(parts, web.T(r.lang, "remindmail.overdue_count", n))
	}
	return web.T(r.lang, "remindmail.subject", strings.Join(parts, ", "), words.Shorten(r.unit.Name, 100))
}

func (r reminderMail) intro() string {
	return web.T(r.lang, "remindmail.intro", words.Shorten(r.committee.Name, 200), words.MailDate(r.lang, r.day), len(r.overdue)+len(r.dueSoon))
}

// reminderLine is a task as the mail shows it.
type reminderLine struct {
	Text, Deadline, Left, Link string
	Overdue                    bool
}

type reminderGroup struct {
	Title   string // "Quá hạn (2 nhiệm vụ)"
	Caps    string // "QUÁ HẠN (2 nhiệm vụ)", for the text part
	Overdue bool
	Items   []reminderLine
}

// groups puts overdue tasks first, then those due soon.
func (r reminderMail) groups() []reminderGroup {
	var gs []reminderGroup
	add := func(key string, overdue bool, items []reminderItem) {
		if len(items) == 0 {
			return
		}
		name := web.T(r.lang, key)
		g := reminderGroup{
			Title:   web.T(r.lang, "mail.group_count", name, len(items)),
			Caps:    web.T(r.lang, "mail.group_count", strings.ToUpper(name), len(items)),
			Overdue: overdue,
		}
		for _, it := range items {
			g.Items = append(g.Items, r.line(it, overdue))
		}
		gs = append(gs, g)
	}
	add("remindmail.overdue", true, r.overdue)
	add("remindmail.due_soon", false, r.dueSoon)
	return gs
}

func (r reminderMail) line(it reminderItem, overdue bool) reminderLine {
	l := reminderLine{Text: words.Shorten(it.task.Text, words.ShortTextRunes), Deadline: words.MailDate(r.lang, it.task.Deadline), Overdue: overdue}
	switch {
	case overdue:
		l.Left = web.T(r.lang, "mail.days_overdue", it.days)
	case it.days == 0:
		l.Left = web.T(r.lang, "mail.due_today")
	default:
		l.Left = web.T(r.lang, "mail.days_left", it.days)
	}
	if base := strings.TrimRight(r.baseURL, "/"); base != "" {
		l.Link = base + "/tasks/" + string(it.task.ID)
	}
	return l
}

// text is the plain-text part.
func (r reminderMail) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n\n%s\n\n", web.T(r.lang, "mail.to"), words.Shorten(r.unit.Name, 200), r.intro())
	deadline, update := web.T(r.lang, "mail.deadline"), web.T(r.lang, "mail.update_progress")
	for _, g := range r.groups() {
		fmt.Fprintf(&b, "%s\n\n", g.Caps)
		for i, l := range g.Items {
			fmt.Fprintf(&b, "%d. %s\n   %s: %s — %s\n", i+1, l.Text, deadline, l.Deadline, l.Left)
			if l.Link != "" {
				fmt.Fprintf(&b, "   %s: %s\n", update, l.Link)
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "-- \n%s\n", web.T(r.lang, "remindmail.footer"))
	return b.String()
}

// html is the HTML alternative (web/templates/mail/reminder.html).
func (r reminderMail) html(subject string) (string, error) {
	return web.MailHTML(r.lang, "reminder.html", struct {
		Subject, UnitName, Intro, Footer string
		Groups                           []reminderGroup
	}{subject, words.Shorten(r.unit.Name, 200), r.intro(), web.T(r.lang, "remindmail.footer"), r.groups()})
}
