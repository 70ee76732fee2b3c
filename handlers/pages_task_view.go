package handlers

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// What the task pages share: the committee's names for ids, and a task as
// a row of a list or a card.

// roster is the committee's units and areas, for names and choices.
type roster struct {
	units    []models.Unit
	areas    []models.Area
	unitName map[models.ID]string
	areaName map[models.ID]string
	loc      *time.Location
}

func (p *pages) directory(ctx context.Context, a models.Actor) (roster, error) {
	d := roster{unitName: map[models.ID]string{}, areaName: map[models.ID]string{}}
	var err error
	if d.units, err = p.svc.Units.List(ctx, a); err != nil {
		return d, err
	}
	if d.areas, err = p.svc.Areas.List(ctx, a); err != nil {
		return d, err
	}
	cm, err := p.svc.Committees.Get(ctx, a)
	if err != nil {
		return d, err
	}
	d.loc = cm.Location()
	for _, u := range d.units {
		d.unitName[u.ID] = u.Name
	}
	for _, ar := range d.areas {
		d.areaName[ar.ID] = ar.Name
	}
	return d, nil
}

func (d roster) unit(id models.ID) string {
	if id == "" {
		return ""
	}
	return orText(d.unitName[id], string(id))
}

// when writes an instant as the committee reads it: "05/10/2021 09:30".
func (d roster) when(t time.Time) string { return t.In(d.loc).Format("02/01/2006 15:04") }

// taskRow is a task as lists, cards and the task page show it.
type taskRow struct {
	ID, Text, Area, Month      string
	Lead, FollowUp             string
	Coordinating               []string
	Deadline                   string // dd/mm/yyyy, or "thường xuyên"
	State, StateCode           string
	Timeliness, TimelinessCode string
	Percent                    int
	Version                    int64
	Open                       bool
	Carried                    string // "chuyển từ tháng 09/2021, lần 2"
	Role                       string // for a unit: chủ trì / phối hợp
	Selectable                 bool   // a bulk action may take it
}

func (d roster) row(lang string, v task.TaskView, viewer models.Actor) taskRow {
	t := v.Task
	r := taskRow{
		ID: string(t.ID), Text: t.Text, Area: orText(d.areaName[t.AreaID], web.T(lang, "task.unknown")),
		Month: web.MonthLabel(string(t.Period)), Lead: d.unit(t.LeadUnitID), FollowUp: d.unit(t.FollowUpUnitID),
		Deadline: deadlineText(lang, t.Deadline),
		State:    web.T(lang, "state."+string(t.State)), StateCode: string(t.State),
		TimelinessCode: string(v.Timeliness), Percent: t.Percent, Version: t.Version, Open: t.State.Open(),
	}
	if v.Timeliness != "" {
		r.Timeliness = web.T(lang, "timely."+string(v.Timeliness))
	}
	for _, u := range t.CoordinatingUnitIDs {
		r.Coordinating = append(r.Coordinating, d.unit(u))
	}
	if t.CarryCount > 0 {
		r.Carried = web.T(lang, "task.carried_from", web.MonthLabel(string(t.Period.Prev())), t.CarryCount)
	}
	if viewer.Role == models.RoleUnit {
		switch {
		case t.LeadUnitID == viewer.UnitID:
			r.Role = web.T(lang, "task.role.lead")
		case t.Coordinates(viewer.UnitID):
			r.Role = web.T(lang, "task.role.coordinating")
		}
	}
	return r
}

func deadlineText(lang string, d models.Date) string {
	if d == "" {
		return web.T(lang, "task.no_deadline")
	}
	return web.DateLabel(string(d))
}

// pageLinks are the numbered links of a paged listing.
type pageLinks struct {
	Prev, Next string
	Pages      []pageLink
	From, To   int
	Total      int
}

type pageLink struct {
	Number  int
	Href    string
	Current bool
	Gap     bool // "…" between distant pages
}

// makePages links the pages of a listing of total items; href gives the
// URL of page n.
func makePages(total, page, perPage int, href func(n int) string) pageLinks {
	last := max(1, (total+perPage-1)/perPage)
	pl := pageLinks{Total: total}
	if total > 0 {
		pl.From, pl.To = (page-1)*perPage+1, min(page*perPage, total)
	}
	if page > 1 {
		pl.Prev = href(page - 1)
	}
	if page < last {
		pl.Next = href(page + 1)
	}
	if last == 1 {
		return pl
	}
	prev := 0
	for n := 1; n <= last; n++ {
		if n != 1 && n != last && (n < page-2 || n > page+2) {
			continue
		}
		if prev != 0 && n > prev+1 {
			pl.Pages = append(pl.Pages, pageLink{Gap: true})
		}
		pl.Pages = append(pl.Pages, pageLink{Number: n, Href: href(n), Current: n == page})
		prev = n
	}
	return pl
}

func itoa(n int) string { return strconv.Itoa(n) }

// taskNotices are the confirmations the task pages' redirects ask for.
var taskNotices = map[string]string{
	"created":   "notice.task.created",
	"saved":     "notice.task.saved",
	"reported":  "notice.task.reported",
	"noted":     "notice.task.noted",
	"accepted":  "notice.task.accepted",
	"reopened":  "notice.task.reopened",
	"cancelled": "notice.task.cancelled",
	"bulk":      "notice.task.bulk",
	"closed":    "notice.period.closed",
}

func (p *pages) taskNotice(c *gin.Context) string {
	if key, ok := taskNotices[c.Query("notice")]; ok {
		return p.t(c, key)
	}
	return ""
}

// withNotice adds ?notice= to a local path.
func withNotice(path, notice string) string {
	u, err := url.Parse(localPath(path))
	if err != nil {
		return "/"
	}
	q := u.Query()
	q.Set("notice", notice)
	u.RawQuery = q.Encode()
	return u.RequestURI()
}
