package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// The task list (/tasks): filters, sorting and paging over the services'
// listing, and the form for leaders' bulk actions (pages_tasks_bulk.go).

// taskFilter is the list's query string. Month absent means this month;
// present and empty means every month. Print asks for the print view
// (pages_tasks_print.go).
type taskFilter struct {
	Month, Area, Unit, Role, State, Timeliness, Q, Sort string
	Page, PerPage                                       int
	AllMonths, Print                                    bool
}

var perPageChoices = []int{20, 50, 100}

const defaultListPerPage = 20

// readTaskFilter binds the query string; what cannot be read is reported
// in problems and left out.
func readTaskFilter(c *gin.Context, thisMonth models.Month) (taskFilter, []string) {
	var problems []string
	f := taskFilter{
		Area: c.Query("area"), Unit: c.Query("unit"), Role: c.Query("role"), State: c.Query("state"),
		Timeliness: c.Query("timeliness"), Q: strings.TrimSpace(c.Query("q")), Sort: c.Query("sort"),
		Page: 1, PerPage: defaultListPerPage, Print: c.Query("print") == "1",
	}
	if m, ok := c.GetQuery("month"); ok {
		f.Month, f.AllMonths = m, m == ""
	} else {
		f.Month = string(thisMonth)
	}
	if s := c.Query("page"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 100000 {
			f.Page = n
		} else {
			problems = append(problems, "page")
		}
	}
	if s := c.Query("perPage"); s != "" {
		n, err := strconv.Atoi(s)
		ok := err == nil
		if ok {
			ok = false
			for _, x := range perPageChoices {
				ok = ok || n == x
			}
		}
		if ok {
			f.PerPage = n
		} else {
			problems = append(problems, "perPage")
		}
	}
	return f, problems
}

// query is the filter as URL values, without the page; empty fields are left out.
func (f taskFilter) query() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.AllMonths {
		q.Set("month", "")
	} else {
		set("month", f.Month)
	}
	set("area", f.Area)
	set("unit", f.Unit)
	set("role", f.Role)
	set("state", f.State)
	set("timeliness", f.Timeliness)
	set("q", f.Q)
	set("sort", f.Sort)
	if f.PerPage != defaultListPerPage {
		q.Set("perPage", strconv.Itoa(f.PerPage))
	}
	return q
}

func (f taskFilter) href(page int) string {
	q := f.query()
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return "/tasks?" + q.Encode()
}

// pageTaskQuery is the listing request of the list page's filter, for the
// page and its exports alike.
func pageTaskQuery(a models.Actor, f taskFilter) task.TaskQuery {
	q := task.TaskQuery{
		Period: f.Month, AreaID: models.ID(f.Area), UnitID: models.ID(f.Unit), Role: f.Role,
		State: f.State, Timeliness: f.Timeliness, Q: f.Q, Page: f.Page, PerPage: f.PerPage,
	}
	if f.AllMonths {
		q.Period = ""
	}
	// A unit officer's "lead"/"coordinating" is about the own unit.
	if a.Role == models.RoleUnit && q.UnitID == "" && q.Role != "" {
		q.UnitID = a.UnitID
	}
	return q
}

// printHref is the list's print view with the same filter (and page size,
// for the way back); #print asks web/static/print.js to open the print
// dialog once it has loaded.
func (f taskFilter) printHref() string {
	q := f.query()
	q.Set("print", "1")
	return "/tasks?" + q.Encode() + "#print"
}

// exportHref is the list's export in format, with the same filter.
func (f taskFilter) exportHref(format string) string {
	q := f.query()
	q.Del("sort")
	q.Del("perPage")
	q.Set("format", format)
	return "/tasks/export?" + q.Encode()
}

func (f taskFilter) filtered() bool {
	return f.Area != "" || f.Unit != "" || f.Role != "" || f.State != "" || f.Timeliness != "" || f.Q != ""
}

type taskListView struct {
	web.Layout
	F                                        taskFilter
	Months, Areas, Units, Roles              []option
	States, Timelinesses, Sorts, PerPages    []option
	Rows                                     []taskRow
	Pages                                    pageLinks
	Filtered                                 bool
	CanBulk, CanAssign, CanAccept, CanCreate bool
	BulkUnits                                []option
	Here                                     string
	ExportXLSX, ExportCSV                    string
	// Printing is the print view: every task of the filter, no controls.
	Printing            bool
	PrintHref, ListHref string // the print view, and from it back to the list
	Print               printHead
}

func (p *pages) taskList(c *gin.Context) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	today, err := p.svc.Tasks.Today(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	f, bad := readTaskFilter(c, today.Month())
	d, err := p.directory(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	v := taskListView{
		Layout: p.layout(c, "tasks.title", "tasks"), F: f, Filtered: f.filtered(),
		CanAssign: models.Can(a.Role, models.ActWriteTasks), CanAccept: models.Can(a.Role, models.ActAcceptTasks),
		CanCreate: models.Can(a.Role, models.ActWriteTasks),
	}
	v.CanBulk = (v.CanAssign || v.CanAccept) && !f.Print
	v.Here = f.href(f.Page)
	v.ExportXLSX, v.ExportCSV = f.exportHref("xlsx"), f.exportHref("csv")
	v.Notice = p.taskNotice(c)
	if err := p.fillTaskChoices(c, a, d, &v); err != nil {
		p.fail(c, err)
		return
	}
	q := pageTaskQuery(a, f)
	status := http.StatusOK
	page, err := p.listTasks(ctx, a, q, task.TaskOrder(f.Sort), f.Print)
	if errors.Is(err, task.ErrTooManyToSort) {
		bad = append(bad, "sort.too_many")
		page, err = p.listTasks(ctx, a, q, task.OrderArea, f.Print)
	}
	var ve *models.ValidationError
	switch {
	case errors.As(err, &ve):
		for field := range ve.Fields {
			bad = append(bad, field)
		}
		status = http.StatusUnprocessableEntity
	case err != nil:
		p.fail(c, err)
		return
	}
	v.Alert = p.filterProblems(c, bad)
	for _, t := range page.Tasks {
		r := d.row(lang, t, a)
		r.Selectable = v.CanBulk && t.State.Open()
		v.Rows = append(v.Rows, r)
	}
	if page.PerPage > 0 && !f.Print {
		v.Pages = makePages(page.Total, page.Page, page.PerPage, f.href)
	}
	fillTaskPrint(lang, today, page, &v)
	p.render(c, status, "tasks", v)
}

// filterProblems says in one sentence which filters could not be used.
func (p *pages) filterProblems(c *gin.Context, fields []string) string {
	if len(fields) == 0 {
		return ""
	}
	var names []string
	seen := map[string]bool{}
	for _, f := range fields {
		key := "tasks.filter." + f
		if f == "sort.too_many" {
			return p.t(c, "tasks.sort.too_many")
		}
		if !web.Has(key) {
			key = "tasks.filter.other"
		}
		if !seen[key] {
			seen[key] = true
			names = append(names, p.t(c, key))
		}
	}
	return p.t(c, "tasks.filter.invalid", strings.Join(names, ", "))
}

// fillTaskChoices lists the filter and bulk choices with the current ones selected.
func (p *pages) fillTaskChoices(c *gin.Context, a models.Actor, d roster, v *taskListView) error {
	lang, f := language(c), v.F
	mp, _, err := p.pickMonth(c, a, f.Month)
	if err != nil {
		return err
	}
	v.Months = append([]option{{Value: "", Label: web.T(lang, "tasks.all_months"), Selected: f.AllMonths}}, mp.Months...)
	if f.AllMonths {
		for i := range v.Months[1:] {
			v.Months[i+1].Selected = false
		}
	}
	v.Areas = []option{{Value: "", Label: web.T(lang, "tasks.all_areas")}}
	for _, ar := range d.areas {
		v.Areas = append(v.Areas, option{Value: string(ar.ID), Label: ar.Name, Selected: string(ar.ID) == f.Area})
	}
	v.Units = []option{{Value: "", Label: web.T(lang, "tasks.all_units")}}
	for _, u := range d.units {
		v.Units = append(v.Units, option{Value: string(u.ID), Label: u.Name, Selected: string(u.ID) == f.Unit})
	}
	v.BulkUnits = unitOptions(d.units, nil, web.T(lang, "review.lead.choose"))
	v.Roles = choices(lang, f.Role, "tasks.any_role", "task.role.", "lead", "coordinating")
	var states, timely []string
	for _, s := range models.WorkStates {
		states = append(states, string(s))
	}
	for _, t := range models.Timelinesses {
		timely = append(timely, string(t))
	}
	v.States = choices(lang, f.State, "tasks.any_state", "state.", states...)
	v.Timelinesses = choices(lang, f.Timeliness, "tasks.any_timeliness", "timely.", timely...)
	for _, o := range task.TaskOrders {
		v.Sorts = append(v.Sorts, option{Value: string(o), Label: web.T(lang, "tasks.sort."+sortKey(o)), Selected: string(o) == f.Sort})
	}
	for _, n := range perPageChoices {
		v.PerPages = append(v.PerPages, option{Value: strconv.Itoa(n), Label: strconv.Itoa(n), Selected: n == f.PerPage})
	}
	return nil
}

// choices is a select's options: "any" first, then values labelled by
// prefix+value.
func choices(lang, current, anyKey, prefix string, values ...string) []option {
	out := []option{{Value: "", Label: web.T(lang, anyKey)}}
	for _, v := range values {
		out = append(out, option{Value: v, Label: web.T(lang, prefix+v), Selected: v == current})
	}
	return out
}

func sortKey(o task.TaskOrder) string {
	switch o {
	case task.OrderArea:
		return "area"
	case task.OrderDeadline:
		return "deadline"
	case task.OrderDeadlineDesc:
		return "deadline_desc"
	case task.OrderUpdated:
		return "updated"
	case task.OrderPercent:
		return "percent"
	case task.OrderPercentDesc:
		return "percent_desc"
	}
	return string(o)
}
