package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/internal/words"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/web"
)

// DigestService e-mails the weekly digests (bản tin tuần), once a week per
// committee from a local weekday and time on:
//
//   - each active unit with e-mail addresses gets its open tasks, as lead
//     (chủ trì) and as coordinating unit (phối hợp), grouped by area;
//   - leadership (every enabled user with the leader role and an address)
//     gets the open periods' figures in the Government's buckets, the tasks
//     waiting for acceptance and the overdue list.
//
// Each address chooses (MailPrefService): the weekly digest (the
// default), a daily one as well on the other days, or none. Every address
// gets its own copy with its own unsubscribe link.
type DigestService struct {
	core.Base
	mail        *outbox.MailService
	baseURL     string
	dueSoonDays int           // Options.DueSoonDays; 0 takes the default (3)
	opts        DigestOptions // zero: the defaults
}

// DigestJob names the digests in the ledger; the key is the committee-local
// ISO week ("2021-W41"). DigestDailyJob names the daily editions, keyed by
// the local date ("2021-10-05").
const (
	DigestJob      = "digests"
	DigestDailyJob = "digests-daily"
)

// digestEdition is one issue of the digests: the week's, for every address
// that takes digests, or a day's, for those that chose daily ones.
type digestEdition struct {
	key  string      // "2021-W41" or "2021-10-05": in the ledger and the outbox keys
	day  models.Date // the day of a daily edition; "" for the week's
	kind models.MailKind
}

func weeklyEdition(week string) digestEdition {
	return digestEdition{key: week, kind: models.MailWeeklyDigest}
}

func dailyEdition(day models.Date) digestEdition {
	return digestEdition{key: string(day), day: day, kind: models.MailDailyDigest}
}

// title is "tuần 11–17/10/2021" or "ngày 05/10/2021" in Vietnamese: in
// subjects and intros.
func (e digestEdition) title(lang string) string {
	if e.day != "" {
		return words.MailDate(lang, e.day)
	}
	return web.T(lang, "digestmail.week", words.WeekSpan(e.key))
}

// DigestOptions tune the digests; zero values take the defaults.
type DigestOptions struct {
	// Weekday is the local day of the week the digests go out: Monday by
	// default. Since the zero value means "the default", Sunday is written
	// 7 (time.Weekday(7)); time.Sunday (0) means Monday.
	Weekday time.Weekday
	// At is the local time of day (committee time zone), counted from
	// midnight, from which the week's digests go out. Default 07:30.
	At time.Duration
	// Lease bounds how long one replica holds a committee's week before
	// another may take it over (default 10m).
	Lease time.Duration
}

// DefaultDigestAt is 07:30, local time.
const DefaultDigestAt = 7*time.Hour + 30*time.Minute

func (o DigestOptions) withDefaults() DigestOptions {
	if o.Weekday == 0 {
		o.Weekday = time.Monday
	}
	if o.At == 0 {
		o.At = DefaultDigestAt
	}
	if o.Lease == 0 {
		o.Lease = 10 * time.Minute
	}
	return o
}

// Validate refuses options that could not mean anything.
func (o DigestOptions) Validate() error {
	p := models.Problems{}
	if o.Weekday < 0 || o.Weekday > 7 {
		p.Add("weekday", "1 (Monday) to 7 (Sunday)")
	}
	if o.At < 0 || o.At >= 24*time.Hour || o.At%time.Minute != 0 {
		p.Add("at", "a time of day in whole minutes, 00:00 to 23:59")
	}
	if o.Lease < 0 {
		p.Add("lease", "must be positive")
	}
	return p.Err()
}

// WithOptions returns a copy of the service that uses o.
func (s *DigestService) WithOptions(o DigestOptions) (*DigestService, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	c := *s
	c.opts = o
	return &c, nil
}

// DigestWeek is the ISO week of a local moment, as the ledger keys it:
// "2021-W41".
func DigestWeek(local time.Time) string {
	y, w := local.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// digestMoment is when the digests of local's ISO week are due: the
// configured weekday of that week (Monday to Sunday) at the configured time.
func digestMoment(local time.Time, o DigestOptions) time.Time {
	iso := func(d time.Weekday) int { // Monday 0 … Sunday 6
		return (int(d) + 6) % 7
	}
	day := local.AddDate(0, 0, iso(o.Weekday%7)-iso(local.Weekday()))
	h, m := int(o.At/time.Hour), int(o.At%time.Hour/time.Minute)
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, local.Location())
}

// digestRun counts one RunDue.
type digestRun struct {
	committees, units, leaders int
	calendarTally
}

func (r digestRun) String() string {
	return fmt.Sprintf("committees %d, unit digests %d, leader digests %d", r.committees, r.units, r.leaders) + r.calendarTally.String()
}

// RunDue queues the week's digests of every committee whose local time has
// reached the digest moment of its current ISO week and whose week is not
// in the ledger. Like the reminders it is meant to be called every few
// minutes by every replica: the ledger entry (committee, "digests", week)
// makes the week's work happen once (a run after downtime, even on a
// Wednesday, sends the current week's digests once and never the weeks it
// missed); a lease per committee and week keeps replicas from building the
// same messages at once; each message's key (digest:unit:<unit>:<week>,
// digest:leaders:<committee>:<week>) keeps a rerun after a failure from
// queuing anything twice.
func (s *DigestService) RunDue(ctx context.Context, now time.Time) (string, error) {
	o := s.opts.withDefaults()
	now = now.UTC()
	var run digestRun
	n, err := eachCommittee(ctx, s.Base, "digests", func(c models.Committee) error {
		return s.runCommittee(ctx, c, now, o, &run)
	})
	run.committees = n
	return run.String(), err
}

func (s *DigestService) runCommittee(ctx context.Context, c models.Committee, now time.Time, o DigestOptions, run *digestRun) error {
	loc := c.Location()
	local := now.In(loc)
	ed, job, due, err := s.dueEdition(ctx, c, local, o)
	if err != nil || !due {
		if !due {
			run.notYet++
		}
		return err
	}
	outcome, err := onceFor(ctx, s.Base, c, job, ed.key, s.Instance, now, o.Lease, func() (string, error) {
		units, leaders, again, err := s.queueEdition(ctx, c, loc, now, ed)
		run.units += units
		run.leaders += leaders
		run.again += again
		return fmt.Sprintf("unit digests %d, leader digests %d, already queued %d", units, leaders, again), err
	})
	outcome.count(&run.done, &run.busy)
	return err
}

// dueEdition decides which edition a committee is due at local time: the
// week's, once its moment has passed (caught up on a later day if it was
// missed); otherwise, from the same time of day, the day's edition — but
// not on a day that had the week's, so nobody gets two in one day.
func (s *DigestService) dueEdition(ctx context.Context, c models.Committee, local time.Time, o DigestOptions) (digestEdition, string, bool, error) {
	week := weeklyEdition(DigestWeek(local))
	if !local.Before(digestMoment(local, o)) {
		e, err := s.Store.Ledger().Get(ctx, c.ID, DigestJob, week.key)
		switch {
		case errors.Is(err, models.ErrNotFound):
			return week, DigestJob, true, nil
		case err != nil:
			return digestEdition{}, "", false, err
		case models.DateOf(e.DoneAt, local.Location()) == models.DateOf(local, local.Location()):
			// The week's went out today; the ledger check in onceFor
			// reports it as done.
			return week, DigestJob, true, nil
		}
	}
	h, m := int(o.At/time.Hour), int(o.At%time.Hour/time.Minute)
	if local.Weekday() == o.Weekday%7 || local.Before(time.Date(local.Year(), local.Month(), local.Day(), h, m, 0, 0, local.Location())) {
		return digestEdition{}, "", false, nil
	}
	return dailyEdition(models.DateOf(local, local.Location())), DigestDailyJob, true, nil
}

// queueEdition builds and queues a committee's digests of one edition. The
// open tasks are read once for the whole committee and shared out to the
// units. The counts are of messages, one per address.
func (s *DigestService) queueEdition(ctx context.Context, c models.Committee, loc *time.Location, now time.Time, ed digestEdition) (units, leaders, again int, err error) {
	days := s.dueSoonDays
	if days <= 0 {
		days = models.DefaultDueSoonDays
	}
	clock := models.NewTimelinessClock(now, loc, days)
	unitList, err := s.Store.Units().List(ctx, c.ID)
	if err != nil {
		return 0, 0, 0, err
	}
	areaList, err := s.Store.Areas().List(ctx, c.ID)
	if err != nil {
		return 0, 0, 0, err
	}
	areaNames := map[models.ID]string{}
	for _, a := range areaList {
		areaNames[a.ID] = a.Name
	}
	var open []models.Task
	err = core.EachTask(ctx, s.Store.Tasks(), store.TaskFilter{Committee: c.ID, States: models.OpenStates}, func(t models.Task) {
		open = append(open, t)
	})
	if err != nil {
		return 0, 0, 0, err
	}
	byUnit := map[models.ID][]digestItem{}
	for i := range open {
		t := &open[i]
		it := digestItem{task: t, timely: clock.Of(t.State, t.Deadline, t.AcceptedAt)}
		it.lead = true
		byUnit[t.LeadUnitID] = append(byUnit[t.LeadUnitID], it)
		it.lead = false
		seen := []models.ID{t.LeadUnitID}
		for _, u := range t.CoordinatingUnitIDs {
			if !slices.Contains(seen, u) {
				seen = append(seen, u)
				byUnit[u] = append(byUnit[u], it)
			}
		}
	}
	var errs []error
	queue := func(m models.Message, lang string, err error, n *int) {
		if err == nil {
			var queued, was int
			queued, was, _, err = s.mail.QueueFor(ctx, m, lang, ed.kind, s.baseURL)
			*n += queued
			again += was
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", m.Key, err))
		}
	}
	for _, u := range unitList {
		if err := ctx.Err(); err != nil {
			return units, leaders, again, errors.Join(append(errs, err)...)
		}
		items := byUnit[u.ID]
		if !u.Active || len(u.Emails) == 0 || len(items) == 0 {
			continue
		}
		d := unitDigest{lang: web.Languages[0], committee: c, unit: u, ed: ed, today: clock.Today, items: items, areaNames: areaNames, baseURL: s.baseURL}
		m, err := d.message()
		queue(m, d.lang, err, &units)
	}
	d, err := s.leaderDigest(ctx, c, clock, ed, open)
	if err != nil {
		queue(models.Message{Key: DigestLeadersKey(c.ID, ed.key)}, "", err, &leaders)
	}
	// One message per language the leaders read; each address still gets
	// its own copy and key from QueueFor.
	for _, lang := range web.Languages {
		if to := d.to[lang]; len(to) > 0 {
			m, err := d.message(lang, to)
			queue(m, lang, err, &leaders)
		}
	}
	return units, leaders, again, errors.Join(errs...)
}
