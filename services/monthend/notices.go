package monthend

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/figure"
	"github.com/theodoi/theodoi/services/internal/words"
	"github.com/theodoi/theodoi/web"
)

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
	cm, _, err := s.Committees.Get(ctx, committee)
	if err != nil {
		return 0, err
	}
	units, err := s.Store.Units().List(ctx, committee)
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
	users, err := s.Store.Users().List(ctx, committee)
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
	if e, err := s.Store.Ledger().Get(ctx, committee, figure.CarryOverFiguresJob, string(month)); err == nil {
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
		it := noticeItem{Text: words.Shorten(c.Text, words.ShortTextRunes), Deadline: web.T(lang, "mail.no_deadline"), Carry: web.T(lang, "carrymail.carry_count", c.CarryCount)}
		if c.Deadline != "" {
			it.Deadline = words.VNDay(c.Deadline)
		}
		switch w := words.WaitingIn(lang, c.State); {
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
