package handlers

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// The unit view (/unit, "Nhiệm vụ của đơn vị"): what a unit officer sees
// first. Its unfinished tasks, as lead or coordinating unit, in every
// month, overdue first, each with a report form. Leaders and the office
// may look at any unit's view with ?unit=.

// unitSectionSize is how many cards a section shows before linking on.
const unitSectionSize = 30

type unitPageView struct {
	web.Layout
	UnitID, UnitName string
	Sections         []unitSection
	Choose           []option // units to pick from, for people of no unit
	Open             int
	// Chases are the chase notes (đôn đốc) the officer was sent lately:
	// what the office asks of the unit, where the unit works.
	Chases []inboxItem
	// ReportHref is the unit's own month report (pages_unit_report.go).
	ReportHref string
	// ExportHref is every task of the unit, all months, as .xlsx.
	ExportHref string
}

// unitChases bounds the chase notes the unit view shows.
const unitChases = 5

type unitSection struct {
	Key, Title string
	Cards      []unitCard
	Total      int
	MoreHref   string
}

// unitCard is one task with its report form, as far as Can allows it.
type unitCard struct {
	taskRow
	Report        reportInput
	Can           models.TaskPermits
	Return        string
	Notice, Alert string
}

// unitSections are the open tasks split by timeliness, most urgent first;
// together they are every unfinished task.
var unitSections = []models.Timeliness{models.TimelyOverdue, models.TimelyDueSoon, models.TimelyWithinTerm, models.TimelyNoDeadline}

func (p *pages) unitPage(c *gin.Context) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	v := unitPageView{Layout: p.layout(c, "unit.title", "unit")}
	v.Notice = p.taskNotice(c)
	d, err := p.directory(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	unit := a.UnitID
	if a.Role != models.RoleUnit {
		unit = models.ID(c.Query("unit"))
		v.Choose = unitOptions(d.units, []models.ID{unit}, web.T(lang, "unit.choose"))
		if unit == "" {
			p.render(c, http.StatusOK, "unit", v)
			return
		}
		if _, ok := d.unitName[unit]; !ok {
			p.fail(c, models.NotFound("unit", unit))
			return
		}
	}
	v.UnitID, v.UnitName = string(unit), d.unit(unit)
	v.ReportHref = unitReportHref("/unit/report", a, unit, "")
	v.ExportHref = taskFilter{Unit: string(unit), AllMonths: true}.exportHref("xlsx")
	if a.Role == models.RoleUnit {
		if v.Chases, err = p.recentChases(c, a); err != nil {
			p.fail(c, err)
			return
		}
	}
	v.Title = p.t(c, "unit.title") + " — " + v.UnitName
	for _, tl := range unitSections {
		q := task.TaskQuery{UnitID: unit, Timeliness: string(tl), PerPage: unitSectionSize}
		page, err := p.svc.Tasks.List(ctx, a, q)
		if err != nil {
			p.fail(c, err)
			return
		}
		if page.Total == 0 {
			continue
		}
		s := unitSection{Key: string(tl), Title: web.T(lang, "unit.section."+string(tl)), Total: page.Total}
		if page.Total > len(page.Tasks) {
			s.MoreHref = "/tasks?" + url.Values{"month": {""}, "unit": {string(unit)}, "timeliness": {string(tl)}}.Encode()
		}
		for _, t := range page.Tasks {
			s.Cards = append(s.Cards, unitCard{
				taskRow: d.row(lang, t, a), Can: a.Permits(t.Task), Return: "/unit",
				Report: reportInput{Version: t.Version, Err: map[string]string{}},
			})
		}
		v.Open += page.Total
		v.Sections = append(v.Sections, s)
	}
	p.render(c, http.StatusOK, "unit", v)
}

// recentChases are the officer's chase notes of the last 30 days.
func (p *pages) recentChases(c *gin.Context, a models.Actor) ([]inboxItem, error) {
	ctx := c.Request.Context()
	list, err := p.svc.Notices.RecentChases(ctx, a, unitChases)
	if err != nil {
		return nil, err
	}
	cm, err := p.svc.Committees.Get(ctx, a)
	if err != nil {
		return nil, err
	}
	out := make([]inboxItem, 0, len(list))
	for _, n := range list {
		out = append(out, newInboxItem(n, cm.Location()))
	}
	return out, nil
}
