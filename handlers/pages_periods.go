package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// The months (/periods) and one month's overview for leaders
// (/periods/:month): its figures (frozen once it was carried over), its
// tasks by area and state, links to the month's reports, and "Kết thúc
// tháng": closing the month with a choice per unfinished task, through
// the carry-over service.

const periodsPerPage = 12

// closeFormLimit bounds the unfinished tasks the close form lists; the
// rest are carried over, the default.
const closeFormLimit = 300

type periodsView struct {
	web.Layout
	Rows  []periodRow
	Pages pageLinks
}

type periodRow struct {
	Month, Label, Href, Status, StatusCode, Resolution string
	ResolutionHref                                     string // the import it came from, for those who may read imports
	Tasks                                              int
}

func (p *pages) periods(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	all, err := p.svc.Periods.List(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	page := 1
	if n, err := strconv.Atoi(c.Query("page")); err == nil && n >= 1 {
		page = n
	}
	v := periodsView{Layout: p.layout(c, "period.list.title", "periods")}
	imported, err := p.importsByMonth(c)
	if err != nil {
		p.fail(c, err)
		return
	}
	from := min((page-1)*periodsPerPage, len(all))
	for _, pd := range all[from:min(from+periodsPerPage, len(all))] {
		n, err := p.svc.Tasks.Count(ctx, a, task.TaskQuery{Period: string(pd.Month)})
		if err != nil {
			p.fail(c, err)
			return
		}
		r := periodRow{Month: string(pd.Month), Label: web.MonthLabel(string(pd.Month)), Status: p.t(c, "period.status."+string(pd.Status)),
			StatusCode: string(pd.Status), Resolution: pd.ResolutionNumber, Tasks: n, Href: "/periods/" + string(pd.Month)}
		if !models.Can(a.Role, models.ActReadAllTasks) {
			r.Href = "/tasks?month=" + string(pd.Month)
		}
		if pd.ResolutionDate != "" {
			r.Resolution = strings.TrimSpace(r.Resolution + " " + p.t(c, "period.resolution_date", web.DateLabel(string(pd.ResolutionDate))))
		}
		if id, ok := imported[pd.Month]; ok {
			r.ResolutionHref = "/imports/" + string(id)
		}
		v.Rows = append(v.Rows, r)
	}
	v.Pages = makePages(len(all), page, periodsPerPage, func(n int) string { return "/periods?page=" + strconv.Itoa(n) })
	p.render(c, http.StatusOK, "periods", v)
}

// importsByMonth maps each month to the import that created its tasks,
// for people who may open imports; nil for the others.
func (p *pages) importsByMonth(c *gin.Context) (map[models.Month]models.ID, error) {
	all, err := p.openableImports(c)
	if err != nil {
		return nil, err
	}
	out := map[models.Month]models.ID{}
	for _, imp := range all { // newest first
		if _, seen := out[imp.Month]; !seen && imp.Status == models.ImportCommitted {
			out[imp.Month] = imp.ID
		}
	}
	return out, nil
}

type periodView struct {
	web.Layout
	Month, Label, Status, StatusCode string
	Resolution                       string
	Closed, Frozen                   bool
	AsOf                             string
	Totals                           models.Figures
	Completion                       string
	States                           []stateCount
	Areas                            []groupRow
	TasksHref, NextHref, NextLabel   string
	Carried                          int
	Reports                          []reportLink
	CanClose                         bool
	CloseRows                        []closeRow
	CloseMore                        int
	// Confirm, once the close form was sent, asks again with what the
	// close will do: it cannot be undone.
	Confirm *closeConfirm
	NotYet  bool // the month has not begun: it cannot be closed
}

type stateCount struct {
	Label, Code, Href string
	Count             int
}

type reportLink struct{ Href, Label string }

// closeConfirm counts what closing the month with the chosen answers does.
type closeConfirm struct {
	Carry, Done, Cancel int
}

type closeRow struct {
	taskRow
	Choice string
}

func (p *pages) period(c *gin.Context) {
	v, ok := p.periodData(c, nil)
	if !ok {
		return
	}
	v.Notice = p.taskNotice(c)
	p.render(c, http.StatusOK, "period", v)
}

// periodData builds the month's page; chosen are the close form's choices
// that came back with a problem. On failure it has answered.
func (p *pages) periodData(c *gin.Context, chosen map[models.ID]monthend.Choice) (periodView, bool) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	m, err := models.ParseMonth(c.Param("month"))
	if err != nil {
		p.fail(c, models.NotFound("period", models.ID(c.Param("month"))))
		return periodView{}, false
	}
	all, err := p.svc.Periods.List(ctx, a)
	if err != nil {
		p.fail(c, err)
		return periodView{}, false
	}
	var pd *models.Period
	for i := range all {
		if all[i].Month == m {
			pd = &all[i]
		}
	}
	if pd == nil {
		p.fail(c, models.NotFound("period", models.ID(m)))
		return periodView{}, false
	}
	ov, err := p.svc.Tasks.MonthOverview(ctx, a, m)
	if err != nil {
		p.fail(c, err)
		return periodView{}, false
	}
	today, err := p.svc.Tasks.Today(ctx, a)
	if err != nil {
		p.fail(c, err)
		return periodView{}, false
	}
	d, err := p.directory(ctx, a)
	if err != nil {
		p.fail(c, err)
		return periodView{}, false
	}
	v := periodView{
		Layout: p.layout(c, "period.title", "periods"),
		Month:  string(m), Label: web.MonthLabel(string(m)),
		Status: p.t(c, "period.status."+string(pd.Status)), StatusCode: string(pd.Status),
		Resolution: pd.ResolutionNumber, Closed: pd.Status == models.PeriodClosed, Frozen: ov.Frozen,
		AsOf: web.DateLabel(string(ov.AsOf)), Totals: ov.Totals, Completion: web.Percent(lang, ov.Totals.CompletionPercent()),
		TasksHref: "/tasks?month=" + string(m), NextHref: "/periods/" + string(m.Next()), NextLabel: web.MonthLabel(string(m.Next())),
		NotYet: m > today.Month(),
	}
	v.Title = p.t(c, "period.title") + " " + v.Label
	for _, st := range models.WorkStates {
		if n := ov.Totals.ByState[st]; n > 0 {
			v.States = append(v.States, stateCount{Label: p.t(c, "state."+string(st)), Code: string(st), Count: n,
				Href: "/tasks?" + url.Values{"month": {string(m)}, "state": {string(st)}}.Encode()})
		}
	}
	for _, g := range ov.Areas {
		v.Areas = append(v.Areas, groupRowOf(lang, g, "/tasks?"+url.Values{"month": {string(m)}, "area": {string(g.ID)}}.Encode()))
	}
	if v.Closed {
		// Frozen figures were taken before the tasks moved; count them now.
		if v.Carried, err = p.svc.Tasks.Count(ctx, a, task.TaskQuery{Period: string(m), State: string(models.StateCarried)}); err != nil {
			p.fail(c, err)
			return periodView{}, false
		}
	}
	if a.Role == models.RoleLeader || a.Role == models.RoleOffice {
		for _, r := range []string{"review", "carryover", "draft"} {
			v.Reports = append(v.Reports, reportLink{Href: "/periods/" + string(m) + "/reports/" + r, Label: p.t(c, "period.report."+r)})
		}
		v.Reports = append(v.Reports, reportLink{Href: "/unit/report?month=" + string(m), Label: p.t(c, "unitreport.link")})
	}
	v.CanClose = !v.Closed && !v.NotYet && models.Can(a.Role, models.ActManagePeriods) && models.Can(a.Role, models.ActAcceptTasks)
	if v.CanClose {
		shown := 0
		for _, st := range models.OpenStates {
			page, err := p.svc.Tasks.List(ctx, a, task.TaskQuery{Period: string(m), State: string(st), PerPage: task.MaxPerPage})
			if err != nil {
				p.fail(c, err)
				return periodView{}, false
			}
			for _, t := range page.Tasks {
				if shown >= closeFormLimit {
					break
				}
				choice := monthend.ChoiceCarry
				if ch, ok := chosen[t.ID]; ok {
					choice = ch
				}
				v.CloseRows = append(v.CloseRows, closeRow{taskRow: d.row(lang, t, a), Choice: string(choice)})
				shown++
			}
		}
		v.CloseMore = max(ov.Totals.Open-ov.Totals.ByState[models.StateCarried]-shown, 0)
	}
	return v, true
}

// closePeriod is "Kết thúc tháng": the leader's choices go to the
// carry-over service, which closes the month and carries the rest.
func (p *pages) closePeriod(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	m, err := models.ParseMonth(c.Param("month"))
	if err != nil {
		p.fail(c, models.NotFound("period", models.ID(c.Param("month"))))
		return
	}
	choices := map[models.ID]monthend.Choice{}
	for key, vals := range c.Request.PostForm {
		id, ok := strings.CutPrefix(key, "choice.")
		if !ok || len(vals) == 0 {
			continue
		}
		choices[models.ID(id)] = monthend.Choice(vals[0])
	}
	// Carry is the default: only the other choices need saying.
	sent := map[models.ID]monthend.Choice{}
	for id, ch := range choices {
		if ch != monthend.ChoiceCarry {
			sent[id] = ch
		}
	}
	if c.PostForm("confirm") != "1" {
		p.confirmClose(c, choices, sent)
		return
	}
	_, err = p.svc.CarryOver.CarryOver(ctx, a, m, sent)
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/periods/"+string(m)+"?notice=closed")
	case errors.Is(err, models.ErrInvalid), errors.Is(err, models.ErrConflict), errors.Is(err, models.ErrTransition):
		v, ok := p.periodData(c, choices)
		if !ok {
			return
		}
		_, code := errorStatus(err)
		v.Alert = p.t(c, "period.close.failed."+code)
		status, _ := errorStatus(err)
		p.render(c, status, "period", v)
	default:
		p.fail(c, err)
	}
}

// confirmClose shows the month again with the close form's answers and
// what they will do, to be sent once more to close the month.
func (p *pages) confirmClose(c *gin.Context, choices, sent map[models.ID]monthend.Choice) {
	v, ok := p.periodData(c, choices)
	if !ok {
		return
	}
	if !v.CanClose {
		p.fail(c, models.ErrForbidden)
		return
	}
	cf := &closeConfirm{}
	for _, ch := range sent {
		switch ch {
		case monthend.ChoiceDone:
			cf.Done++
		case monthend.ChoiceCancel:
			cf.Cancel++
		}
	}
	cf.Carry = max(len(v.CloseRows)+v.CloseMore-cf.Done-cf.Cancel, 0)
	v.Confirm = cf
	p.render(c, http.StatusOK, "period", v)
}
