package handlers

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// Printing the task list and a task's page. The print styles (app.css,
// @media print) leave out the menu, the forms and the buttons; each page
// starts with a print head that only paper shows. The list's "print" link
// opens its print view (/tasks?…&print=1): every task of the filter, up to
// printRowsMax, on one page without the paging and bulk controls. A link
// rather than a script that fetches rows keeps it working under the CSP
// and without JavaScript; web/static/print.js only opens the print dialog.

// printRowsMax bounds the print view; a longer list is cut and its print
// head says so.
const printRowsMax = 1000

// printHead is what a printed page starts with (the "print-head" template).
type printHead struct {
	Committee, Title string
	Filter           []filterWord // the list's filter, only what is set
	Count            string       // how many tasks the printed list holds
	Printed          string       // "In ngày 05/10/2021"
}

// filterWord is one part of a filter in words: "Lĩnh vực: Xây dựng Đảng".
type filterWord struct{ Label, Value string }

// printHeadOf is a page's print head, dated the committee's today.
func printHeadOf(lang string, l web.Layout, title string, today models.Date) printHead {
	return printHead{Committee: l.Committee, Title: title, Printed: web.T(lang, "print.date", web.DateLabel(string(today)))}
}

// taskPrintHead is the task page's print head.
func (p *pages) taskPrintHead(c *gin.Context, l web.Layout) (printHead, error) {
	today, err := p.svc.Tasks.Today(c.Request.Context(), actor(c))
	if err != nil {
		return printHead{}, err
	}
	return printHeadOf(language(c), l, p.t(c, "task.print.title"), today), nil
}

// listTasks is the list's page of tasks, or in the print view its first
// printRowsMax tasks, in the given order.
func (p *pages) listTasks(ctx context.Context, a models.Actor, q task.TaskQuery, order task.TaskOrder, printing bool) (task.TaskPage, error) {
	if !printing {
		return p.svc.Tasks.ListSorted(ctx, a, q, order)
	}
	q.PerPage = task.MaxPerPage
	var out task.TaskPage
	for q.Page = 1; ; q.Page++ {
		got, err := p.svc.Tasks.ListSorted(ctx, a, q, order)
		if err != nil {
			return task.TaskPage{}, err
		}
		out.Total = got.Total
		out.Tasks = append(out.Tasks, got.Tasks...)
		if len(got.Tasks) < q.PerPage || len(out.Tasks) >= min(got.Total, printRowsMax) {
			break
		}
	}
	out.Tasks = out.Tasks[:min(len(out.Tasks), printRowsMax)]
	out.Page, out.PerPage = 1, len(out.Tasks)
	return out, nil
}

// fillTaskPrint sets the list's print link and its print head: the filter
// in words, taken from the filter's own choices, and how much is printed.
func fillTaskPrint(lang string, today models.Date, page task.TaskPage, v *taskListView) {
	f := v.F
	v.Printing, v.PrintHref, v.ListHref = f.Print, f.printHref(), f.href(1)
	v.Print = printHeadOf(lang, v.Layout, web.T(lang, "tasks.title"), today)
	word := func(labelKey, value string) {
		v.Print.Filter = append(v.Print.Filter, filterWord{Label: web.T(lang, labelKey), Value: value})
	}
	if f.AllMonths {
		word("tasks.month", web.T(lang, "tasks.all_months"))
	} else {
		word("tasks.month", web.MonthLabel(f.Month))
	}
	for _, s := range []struct {
		labelKey, value string
		options         []option
	}{
		{"task.area", f.Area, v.Areas}, {"tasks.unit", f.Unit, v.Units}, {"tasks.role", f.Role, v.Roles},
		{"task.state", f.State, v.States}, {"task.timeliness", f.Timeliness, v.Timelinesses},
	} {
		if s.value != "" {
			word(s.labelKey, selectedLabel(s.options, web.T(lang, "task.unknown")))
		}
	}
	if f.Q != "" {
		word("tasks.q", web.T(lang, "print.quoted", f.Q))
	}
	if f.Sort != "" {
		word("tasks.sort", selectedLabel(v.Sorts, web.T(lang, "task.unknown")))
	}
	switch {
	case len(page.Tasks) == 0:
	case !f.Print:
		v.Print.Count = web.T(lang, "tasks.showing", v.Pages.From, v.Pages.To, web.Number(lang, v.Pages.Total))
	case len(page.Tasks) < page.Total:
		v.Print.Count = web.T(lang, "tasks.print.cut", web.Number(lang, len(page.Tasks)), web.Number(lang, page.Total))
	default:
		v.Print.Count = web.T(lang, "tasks.print.all", web.Number(lang, page.Total))
	}
}

// selectedLabel is the label of the chosen option, or unknown when the
// chosen value is not among the options.
func selectedLabel(options []option, unknown string) string {
	for _, o := range options {
		if o.Selected && o.Value != "" {
			return o.Label
		}
	}
	return unknown
}
