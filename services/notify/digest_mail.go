package notify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/figure"
	"github.com/theodoi/theodoi/services/internal/words"
	"github.com/theodoi/theodoi/web"
)

// digestItem is one open task in a unit's digest.
type digestItem struct {
	task   *models.Task // shared by the items of its lead and coordinating units
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
	l := digestLine{Text: words.Shorten(t.Text, words.ShortTextRunes), Deadline: web.T(lang, "mail.no_deadline"), Percent: t.Percent, Role: web.T(lang, "digestmail.role_coord")}
	if it.lead {
		l.Role = web.T(lang, "digestmail.role_lead")
	}
	if t.Deadline != "" {
		l.Deadline = words.MailDate(lang, t.Deadline)
	}
	var status []string
	switch it.timely {
	case models.TimelyOverdue:
		l.Overdue = true
		status = append(status, web.T(lang, "mail.days_overdue", words.DaysBetween(t.Deadline, today)))
	case models.TimelyDueSoon:
		l.DueSoon = true
		if d := words.DaysBetween(today, t.Deadline); d == 0 {
			status = append(status, web.T(lang, "mail.due_today"))
		} else {
			status = append(status, web.T(lang, "mail.days_left", d))
		}
	}
	if w := words.WaitingIn(lang, t.State); w != "" {
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
			gs = append(gs, digestGroup{Title: words.Shorten(name, 200)})
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
		d.ed.title(d.lang), words.Shorten(d.committee.Name, 200), words.MailDate(d.lang, d.today), len(d.items), lead, coord, overdue, dueSoon, carried)
}

func (d unitDigest) message() (models.Message, error) {
	lang := d.lang
	subject := web.T(lang, "digestmail.unit_subject", d.ed.title(lang), web.T(lang, "digestmail.open_count", len(d.items)), words.Shorten(d.unit.Name, 100))
	groups := d.groups()
	intro := d.intro()
	footer := web.T(lang, "digestmail.footer")
	var t strings.Builder
	fmt.Fprintf(&t, "%s %s\n\n%s\n\n", web.T(lang, "mail.to"), words.Shorten(d.unit.Name, 200), intro)
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
	}{subject, words.Shorten(d.unit.Name, 200), intro, footer, groups})
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
		rows = append(rows, leaderRow{Name: words.Shorten(name, 200), Total: g.Total, DoneOnTime: g.DoneOnTime, DoneLate: g.DoneLate,
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
	users, err := s.Store.Users().List(ctx, c.ID)
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
	periods, err := s.Store.Periods().List(ctx, c.ID)
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
		f, _, err := figure.Month(ctx, s.Base, c.ID, m, nil)
		if err != nil {
			return leaderDigest{}, err
		}
		f.Month = m
		d.months = append(d.months, f)
	}
	for i := range open {
		t := &open[i]
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
	us, err := s.Store.Units().List(ctx, c.ID)
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
			Title:  web.T(lang, "digestmail.section", words.MailMonth(lang, f.Month), words.MailDate(lang, f.AsOf)),
			Totals: web.T(lang, "digestmail.totals", web.Number(lang, f.Totals.Total), web.FiguresSentence(lang, f.Totals)),
			Units:  leaderRows(f.Units),
			Areas:  leaderRows(f.Areas),
		})
	}
	lines := func(items []digestItem) []digestLine {
		ls := make([]digestLine, 0, len(items))
		for _, it := range items {
			l := digestLineOf(lang, it, d.today, d.baseURL)
			l.Role = web.T(lang, "digestmail.lead_by", words.Shorten(d.unitNames[it.task.LeadUnitID], 120))
			ls = append(ls, l)
		}
		return ls
	}
	lists := []digestGroup{
		{Title: web.T(lang, "digestmail.awaiting", len(d.awaiting)), Items: lines(d.awaiting)},
		{Title: web.T(lang, "digestmail.overdue", len(d.overdue)), Items: lines(d.overdue)},
	}
	subject := web.T(lang, "digestmail.leaders_subject", d.ed.title(lang), len(d.awaiting), len(d.overdue), words.Shorten(c.Name, 100))
	greeting := web.T(lang, "digestmail.leaders_greeting", words.Shorten(c.Name, 200))
	intro := web.T(lang, "digestmail.leaders_intro", d.ed.title(lang), words.MailDate(lang, d.today))
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
