package services

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
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
	base
	mail        *MailService
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

// title is "tuần 2021-W41" or "ngày 05/10/2021" in Vietnamese: in
// subjects and intros.
func (e digestEdition) title(lang string) string {
	if e.day != "" {
		return mailDate(lang, e.day)
	}
	return web.T(lang, "digestmail.week", e.key)
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
	n, err := s.eachCommittee(ctx, "digests", func(c models.Committee) error {
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
	outcome, err := s.onceFor(ctx, c, job, ed.key, s.mail.opts.Instance, now, o.Lease, func() (string, error) {
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
		e, err := s.store.Ledger().Get(ctx, c.ID, DigestJob, week.key)
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
	unitList, err := s.store.Units().List(ctx, c.ID)
	if err != nil {
		return 0, 0, 0, err
	}
	areaList, err := s.store.Areas().List(ctx, c.ID)
	if err != nil {
		return 0, 0, 0, err
	}
	areaNames := map[models.ID]string{}
	for _, a := range areaList {
		areaNames[a.ID] = a.Name
	}
	var open []models.Task
	err = eachTask(ctx, s.store.Tasks(), store.TaskFilter{Committee: c.ID, States: models.OpenStates}, func(t models.Task) {
		open = append(open, t)
	})
	if err != nil {
		return 0, 0, 0, err
	}
	byUnit := map[models.ID][]digestItem{}
	for _, t := range open {
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

// digestItem is one open task in a unit's digest.
type digestItem struct {
	task   models.Task
	timely models.Timeliness
	lead   bool // the unit leads it; otherwise it coordinates
}

// rank puts overdue tasks first, then those due soon, then the rest.
func (it digestItem) rank() int {
	switch it.timely {
	case models.TimelyOverdue:
		return 0
	case models.TimelyDueSoon:
		return 1
	}
	return 2
}

// sortDigestItems orders by area (area order), then overdue, due soon and
// the rest, each by deadline (thường xuyên last), then by id.
func sortDigestItems(items []digestItem) {
	slices.SortStableFunc(items, func(a, b digestItem) int {
		ta, tb := a.task, b.task
		if ta.AreaPosition != tb.AreaPosition {
			return ta.AreaPosition - tb.AreaPosition
		}
		if ta.AreaID != tb.AreaID {
			return strings.Compare(string(ta.AreaID), string(tb.AreaID))
		}
		if a.rank() != b.rank() {
			return a.rank() - b.rank()
		}
		if ta.Deadline != tb.Deadline {
			switch {
			case ta.Deadline == "":
				return 1
			case tb.Deadline == "":
				return -1
			}
			return strings.Compare(string(ta.Deadline), string(tb.Deadline))
		}
		return strings.Compare(string(ta.ID), string(tb.ID))
	})
}

// DigestUnitKey makes a unit's digest of an edition (a week or a day)
// unique in the outbox; each address's copy adds its own suffix.
func DigestUnitKey(unit models.ID, edition string) string {
	return fmt.Sprintf("digest:unit:%s:%s", unit, edition)
}

// DigestLeadersKey makes a committee's leadership digest of a week unique.
func DigestLeadersKey(committee models.ID, week string) string {
	return fmt.Sprintf("digest:leaders:%s:%s", committee, week)
}

// digestLine is a task as a digest shows it.
type digestLine struct {
	Text, Role, Deadline, Status, Carry, Link string
	Percent                                   int
	Overdue, DueSoon                          bool
}

type digestGroup struct {
	Title string
	Items []digestLine
}

func digestLineOf(lang string, it digestItem, today models.Date, baseURL string) digestLine {
	t := it.task
	l := digestLine{Text: shorten(t.Text, shortTextRunes), Deadline: web.T(lang, "mail.no_deadline"), Percent: t.Percent, Role: web.T(lang, "digestmail.role_coord")}
	if it.lead {
		l.Role = web.T(lang, "digestmail.role_lead")
	}
	if t.Deadline != "" {
		l.Deadline = mailDate(lang, t.Deadline)
	}
	var status []string
	switch it.timely {
	case models.TimelyOverdue:
		l.Overdue = true
		status = append(status, web.T(lang, "mail.days_overdue", daysBetween(t.Deadline, today)))
	case models.TimelyDueSoon:
		l.DueSoon = true
		if d := daysBetween(today, t.Deadline); d == 0 {
			status = append(status, web.T(lang, "mail.due_today"))
		} else {
			status = append(status, web.T(lang, "mail.days_left", d))
		}
	}
	if w := waitingIn(lang, t.State); w != "" {
		status = append(status, w)
	}
	l.Status = strings.Join(status, ", ")
	if t.CarryCount > 0 {
		l.Carry = web.T(lang, "digestmail.carried", t.CarryCount)
	}
	if base := strings.TrimRight(baseURL, "/"); base != "" {
		l.Link = base + "/tasks/" + string(t.ID)
	}
	return l
}

// meta is "đơn vị chủ trì — Thời hạn: ngày 08/10/2021 — đạt 40% — quá hạn 3 ngày — chuyển tiếp lần 1".
func (l digestLine) meta(lang string) string {
	parts := []string{l.Role, web.T(lang, "mail.deadline") + ": " + l.Deadline, web.T(lang, "digestmail.percent", l.Percent)}
	if l.Status != "" {
		parts = append(parts, l.Status)
	}
	if l.Carry != "" {
		parts = append(parts, l.Carry)
	}
	return strings.Join(parts, " — ")
}

// unitDigest is one unit's digest of one edition, in lang (a unit's
// mailbox reads Vietnamese).
type unitDigest struct {
	lang      string
	committee models.Committee
	unit      models.Unit
	ed        digestEdition
	today     models.Date
	items     []digestItem
	areaNames map[models.ID]string
	baseURL   string
}

func (d unitDigest) groups() []digestGroup {
	sortDigestItems(d.items)
	var gs []digestGroup
	for i, it := range d.items {
		if i == 0 || it.task.AreaID != d.items[i-1].task.AreaID {
			name := d.areaNames[it.task.AreaID]
			if name == "" {
				name = web.T(d.lang, "digestmail.other_area")
			}
			gs = append(gs, digestGroup{Title: shorten(name, 200)})
		}
		g := &gs[len(gs)-1]
		g.Items = append(g.Items, digestLineOf(d.lang, it, d.today, d.baseURL))
	}
	for i := range gs {
		gs[i].Title = web.T(d.lang, "mail.group_count", gs[i].Title, len(gs[i].Items))
	}
	return gs
}

func (d unitDigest) intro() string {
	var lead, coord, overdue, dueSoon, carried int
	for _, it := range d.items {
		if it.lead {
			lead++
		} else {
			coord++
		}
		switch it.timely {
		case models.TimelyOverdue:
			overdue++
		case models.TimelyDueSoon:
			dueSoon++
		}
		if it.task.CarryCount > 0 {
			carried++
		}
	}
	return web.T(d.lang, "digestmail.unit_intro",
		d.ed.title(d.lang), shorten(d.committee.Name, 200), mailDate(d.lang, d.today), len(d.items), lead, coord, overdue, dueSoon, carried)
}

func (d unitDigest) message() (models.Message, error) {
	lang := d.lang
	subject := web.T(lang, "digestmail.unit_subject", d.ed.title(lang), web.T(lang, "digestmail.open_count", len(d.items)), shorten(d.unit.Name, 100))
	groups := d.groups()
	intro := d.intro()
	footer := web.T(lang, "digestmail.footer")
	var t strings.Builder
	fmt.Fprintf(&t, "%s %s\n\n%s\n\n", web.T(lang, "mail.to"), shorten(d.unit.Name, 200), intro)
	for _, g := range groups {
		fmt.Fprintf(&t, "%s\n\n", strings.ToUpper(g.Title))
		for i, l := range g.Items {
			fmt.Fprintf(&t, "%d. %s\n   %s\n", i+1, l.Text, l.meta(lang))
			if l.Link != "" {
				fmt.Fprintf(&t, "   %s: %s\n", web.T(lang, "mail.update_progress"), l.Link)
			}
			t.WriteString("\n")
		}
	}
	fmt.Fprintf(&t, "-- \n%s\n", footer)
	h, err := web.MailHTML(lang, "digest_unit.html", struct {
		Subject, Greeting, Intro, Footer string
		Groups                           []digestGroup
	}{subject, shorten(d.unit.Name, 200), intro, footer, groups})
	if err != nil {
		return models.Message{Key: DigestUnitKey(d.unit.ID, d.ed.key)}, fmt.Errorf("digest for unit %s: %w", d.unit.ID, err)
	}
	return models.Message{
		CommitteeID: d.committee.ID,
		Key:         DigestUnitKey(d.unit.ID, d.ed.key),
		To:          slices.Clone(d.unit.Emails),
		Subject:     norm.NFC.String(subject),
		Text:        norm.NFC.String(t.String()),
		HTML:        norm.NFC.String(h),
	}, nil
}

// leaderSection is one open period in the leadership digest.
type leaderSection struct {
	Title, Totals string
	Units, Areas  []leaderRow
}

// leaderRow is a unit's or an area's figures.
type leaderRow struct {
	Name                                                 string
	Total, DoneOnTime, DoneLate, OpenWithinTerm, Overdue int
}

func leaderRows(gs []models.GroupFigures) []leaderRow {
	rows := make([]leaderRow, 0, len(gs))
	for _, g := range gs {
		name := g.Name
		if name == "" {
			name = string(g.ID)
		}
		rows = append(rows, leaderRow{Name: shorten(name, 200), Total: g.Total, DoneOnTime: g.DoneOnTime, DoneLate: g.DoneLate,
			OpenWithinTerm: g.OpenWithinTerm, Overdue: g.OpenOverdue})
	}
	return rows
}

func (r leaderRow) text(lang string) string {
	return web.T(lang, "digestmail.row", r.Name, r.Total, r.DoneOnTime, r.DoneLate, r.OpenWithinTerm, r.Overdue)
}

// leaderDigest is the committee's leadership digest of an edition, before
// it is written in the leaders' languages.
type leaderDigest struct {
	committee         models.Committee
	ed                digestEdition
	today             models.Date
	months            []models.MonthFigures // the open periods, oldest first
	awaiting, overdue []digestItem
	unitNames         map[models.ID]string
	baseURL           string
	to                map[string][]string // language → leaders' addresses
}

// leaderDigest gathers the committee's leadership digest; its to is empty
// when there is no one to send it to or no open period to report on.
func (s *DigestService) leaderDigest(ctx context.Context, c models.Committee, clock models.TimelinessClock, ed digestEdition, open []models.Task) (leaderDigest, error) {
	d := leaderDigest{committee: c, ed: ed, today: clock.Today, baseURL: s.baseURL, to: map[string][]string{}}
	users, err := s.store.Users().List(ctx, c.ID)
	if err != nil {
		return leaderDigest{}, err
	}
	var seen []string
	for _, u := range users {
		if u.Role == models.RoleLeader && !u.Disabled && u.Email != "" && !slices.Contains(seen, u.Email) {
			seen = append(seen, u.Email)
			lang := u.Language
			if !slices.Contains(web.Languages, lang) {
				lang = web.Languages[0]
			}
			d.to[lang] = append(d.to[lang], u.Email)
		}
	}
	if len(seen) == 0 {
		return leaderDigest{}, nil
	}
	periods, err := s.store.Periods().List(ctx, c.ID)
	if err != nil {
		return leaderDigest{}, err
	}
	var months []models.Month
	for _, p := range periods {
		if p.Status == models.PeriodOpen {
			months = append(months, p.Month)
		}
	}
	slices.Sort(months)
	if len(months) == 0 {
		return leaderDigest{}, nil
	}
	for _, m := range months {
		f, _, err := s.monthFigures(ctx, c.ID, m, nil)
		if err != nil {
			return leaderDigest{}, err
		}
		f.Month = m
		d.months = append(d.months, f)
	}
	for _, t := range open {
		if !slices.Contains(months, t.Period) {
			continue
		}
		it := digestItem{task: t, timely: clock.Of(t.State, t.Deadline, t.AcceptedAt), lead: true}
		if t.State == models.StateAwaiting {
			d.awaiting = append(d.awaiting, it)
		}
		if it.timely == models.TimelyOverdue {
			d.overdue = append(d.overdue, it)
		}
	}
	sortDigestItems(d.awaiting)
	sortDigestItems(d.overdue)
	us, err := s.store.Units().List(ctx, c.ID)
	if err != nil {
		return leaderDigest{}, err
	}
	d.unitNames = map[models.ID]string{}
	for _, u := range us {
		d.unitNames[u.ID] = u.Name
	}
	return d, nil
}

// message is the digest in lang, to the addresses to
// (web/templates/mail/digest_leaders.html).
func (d leaderDigest) message(lang string, to []string) (models.Message, error) {
	c := d.committee
	key := DigestLeadersKey(c.ID, d.ed.key)
	var sections []leaderSection
	for _, f := range d.months {
		sections = append(sections, leaderSection{
			Title:  web.T(lang, "digestmail.section", mailMonth(lang, f.Month), mailDate(lang, f.AsOf)),
			Totals: web.T(lang, "digestmail.totals", web.Number(lang, f.Totals.Total), web.FiguresSentence(lang, f.Totals)),
			Units:  leaderRows(f.Units),
			Areas:  leaderRows(f.Areas),
		})
	}
	lines := func(items []digestItem) []digestLine {
		ls := make([]digestLine, 0, len(items))
		for _, it := range items {
			l := digestLineOf(lang, it, d.today, d.baseURL)
			l.Role = web.T(lang, "digestmail.lead_by", shorten(d.unitNames[it.task.LeadUnitID], 120))
			ls = append(ls, l)
		}
		return ls
	}
	lists := []digestGroup{
		{Title: web.T(lang, "digestmail.awaiting", len(d.awaiting)), Items: lines(d.awaiting)},
		{Title: web.T(lang, "digestmail.overdue", len(d.overdue)), Items: lines(d.overdue)},
	}
	subject := web.T(lang, "digestmail.leaders_subject", d.ed.title(lang), len(d.awaiting), len(d.overdue), shorten(c.Name, 100))
	greeting := web.T(lang, "digestmail.leaders_greeting", shorten(c.Name, 200))
	intro := web.T(lang, "digestmail.leaders_intro", d.ed.title(lang), mailDate(lang, d.today))
	footer := web.T(lang, "digestmail.footer")
	var t strings.Builder
	fmt.Fprintf(&t, "%s %s\n\n%s\n", web.T(lang, "mail.to"), greeting, intro)
	for _, sec := range sections {
		fmt.Fprintf(&t, "\n%s\n%s\n\n%s:\n", strings.ToUpper(sec.Title), sec.Totals, web.T(lang, "digestmail.by_unit"))
		for _, r := range sec.Units {
			fmt.Fprintf(&t, "- %s\n", r.text(lang))
		}
		fmt.Fprintf(&t, "\n%s:\n", web.T(lang, "digestmail.by_area"))
		for _, r := range sec.Areas {
			fmt.Fprintf(&t, "- %s\n", r.text(lang))
		}
	}
	for _, g := range lists {
		fmt.Fprintf(&t, "\n%s\n", strings.ToUpper(g.Title))
		if len(g.Items) == 0 {
			fmt.Fprintf(&t, "%s\n", web.T(lang, "digestmail.none"))
		}
		for i, l := range g.Items {
			fmt.Fprintf(&t, "%d. %s\n   %s\n", i+1, l.Text, l.meta(lang))
			if l.Link != "" {
				fmt.Fprintf(&t, "   %s: %s\n", web.T(lang, "digestmail.view_task"), l.Link)
			}
		}
	}
	fmt.Fprintf(&t, "\n-- \n%s\n", footer)
	h, err := web.MailHTML(lang, "digest_leaders.html", struct {
		Subject, Greeting, Intro, Footer string
		Sections                         []leaderSection
		Lists                            []digestGroup
	}{subject, greeting, intro, footer, sections, lists})
	if err != nil {
		return models.Message{Key: key}, fmt.Errorf("leadership digest: %w", err)
	}
	return models.Message{
		CommitteeID: c.ID,
		Key:         key,
		To:          to,
		Subject:     norm.NFC.String(subject),
		Text:        norm.NFC.String(t.String()),
		HTML:        norm.NFC.String(h),
	}, nil
}
