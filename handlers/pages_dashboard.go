package handlers

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// The leadership dashboard (/): a month in the Government's buckets, its
// progress by area and lead unit, what is overdue, what waits for
// acceptance, and which units have gone quiet.

// defaultSilentDays is how long without a report makes a unit "quiet".
const defaultSilentDays = 7

// dashboardListSize is how many overdue or awaiting tasks the dashboard
// lists before linking to the full list.
const dashboardListSize = 10

type dashboardView struct {
	web.Layout
	monthPicker
	Frozen        bool
	AsOf          string
	Totals        models.Figures
	Completion    string
	Areas, Units  []groupRow
	Overdue       []taskRow
	OverdueTotal  int
	OverdueHref   string
	Awaiting      []taskRow
	AwaitingTotal int
	AwaitingHref  string
	Silent        []silentRow
	SilentDays    int
	SilentPartial bool
	CanAccept     bool
	CanCreate     bool
}

// groupRow is one area's or lead unit's line of a progress table.
type groupRow struct {
	Name, Href                      string
	Tasks, Done, Overdue, Cancelled int
	Percent                         string  // the completion rate as written ("66,67"), "" when nothing counts
	Bar                             float64 // the same, for the progress bar
}

// groupRowOf is g as a table line, linking to href.
func groupRowOf(lang string, g task.GroupProgress, href string) groupRow {
	r := groupRow{Name: g.Name, Href: href, Tasks: g.Total, Done: g.Done, Overdue: g.OpenOverdue, Cancelled: g.Cancelled,
		Bar: g.CompletionPercent()}
	if g.HasRate() {
		r.Percent = web.Percent(lang, g.CompletionPercent())
	}
	return r
}

type silentRow struct {
	Name, Href string
	OpenTasks  int
}

// monthPicker is the month switch: the months the committee has, the one
// shown, and its neighbours.
type monthPicker struct {
	Month, MonthLabel string
	Months            []option
	Prev, Next        string // months, YYYY-MM
	Current           bool   // the month shown is this month
}

// pickMonth reads ?month= (default: this month). A malformed month is
// reported and this month shown instead.
func (p *pages) pickMonth(c *gin.Context, a models.Actor, raw string) (monthPicker, string, error) {
	ctx := c.Request.Context()
	today, err := p.svc.Tasks.Today(ctx, a)
	if err != nil {
		return monthPicker{}, "", err
	}
	this := today.Month()
	m, problem := this, ""
	if raw != "" {
		if parsed, err := models.ParseMonth(raw); err == nil {
			m = parsed
		} else {
			problem = p.t(c, "month.invalid")
		}
	}
	periods, err := p.svc.Periods.List(ctx, a)
	if err != nil {
		return monthPicker{}, "", err
	}
	mp := monthPicker{Month: string(m), MonthLabel: web.MonthLabel(string(m)), Prev: string(m.Prev()), Next: string(m.Next()), Current: m == this}
	seen := map[models.Month]bool{}
	add := func(x models.Month) {
		if !seen[x] {
			seen[x] = true
			mp.Months = append(mp.Months, option{Value: string(x), Label: web.MonthLabel(string(x)), Selected: x == m})
		}
	}
	// Newest first, as the periods come; this month and the shown one are
	// always there.
	for _, pd := range periods {
		if pd.Month < this && !seen[this] {
			add(this)
		}
		if pd.Month < m && !seen[m] {
			add(m)
		}
		add(pd.Month)
	}
	add(this)
	add(m)
	return mp, problem, nil
}

func (p *pages) dashboard(c *gin.Context) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	mp, problem, err := p.pickMonth(c, a, c.Query("month"))
	if err != nil {
		p.fail(c, err)
		return
	}
	days := defaultSilentDays
	if s := c.Query("days"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 365 {
			days = n
		} else {
			problem = p.t(c, "dash.days.invalid")
		}
	}
	month := models.Month(mp.Month)
	ov, err := p.svc.Tasks.MonthOverview(ctx, a, month)
	if err != nil {
		p.fail(c, err)
		return
	}
	d, err := p.directory(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	v := dashboardView{
		Layout: p.layout(c, "dash.title", "dashboard"), monthPicker: mp,
		Frozen: ov.Frozen, AsOf: web.DateLabel(string(ov.AsOf)), Totals: ov.Totals,
		Completion: web.Percent(lang, ov.Totals.CompletionPercent()),
		SilentDays: days,
		CanAccept:  models.Can(a.Role, models.ActAcceptTasks),
		CanCreate:  models.Can(a.Role, models.ActWriteTasks),
	}
	v.Alert = problem
	v.Notice = p.taskNotice(c)
	list := func(extra url.Values) string {
		q := url.Values{"month": {mp.Month}}
		for k, vs := range extra {
			q[k] = vs
		}
		return "/tasks?" + q.Encode()
	}
	for _, g := range ov.Areas {
		v.Areas = append(v.Areas, groupRowOf(lang, g, list(url.Values{"area": {string(g.ID)}})))
	}
	for _, g := range ov.Units {
		v.Units = append(v.Units, groupRowOf(lang, g, list(url.Values{"unit": {string(g.ID)}, "role": {"lead"}})))
	}
	if ov.Totals.Total > 0 {
		overdue, err := p.svc.Tasks.MonthOverdue(ctx, a, ov, dashboardListSize)
		if err != nil {
			p.fail(c, err)
			return
		}
		awaiting, err := p.svc.Tasks.List(ctx, a, task.TaskQuery{Period: mp.Month, State: string(models.StateAwaiting), PerPage: dashboardListSize})
		if err != nil {
			p.fail(c, err)
			return
		}
		for _, t := range overdue.Tasks {
			v.Overdue = append(v.Overdue, d.row(lang, t, a))
		}
		for _, t := range awaiting.Tasks {
			v.Awaiting = append(v.Awaiting, d.row(lang, t, a))
		}
		v.OverdueTotal, v.AwaitingTotal = overdue.Total, awaiting.Total
		v.OverdueHref = list(url.Values{"timeliness": {string(models.TimelyOverdue)}})
		if ov.Frozen { // carried out past their deadline: the carried tasks hold them
			v.OverdueHref = list(url.Values{"state": {string(models.StateCarried)}})
		}
		v.AwaitingHref = list(url.Values{"state": {string(models.StateAwaiting)}})
		silent, err := p.svc.Tasks.SilentUnits(ctx, a, ov, days)
		if err != nil {
			p.fail(c, err)
			return
		}
		v.SilentPartial = silent.Partial
		for _, s := range silent.Units {
			v.Silent = append(v.Silent, silentRow{Name: s.Unit.Name, OpenTasks: s.OpenTasks,
				Href: list(url.Values{"unit": {string(s.Unit.ID)}, "role": {"lead"}})})
		}
	}
	p.render(c, http.StatusOK, "dashboard", v)
}
