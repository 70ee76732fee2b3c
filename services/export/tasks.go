package export

import (
	"context"
	"io"
	"strings"

	"github.com/theodoi/theodoi/internal/sheet"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// taskColumns are the columns of a task list, in order.
func taskColumns(lang string) []sheet.Column {
	return []sheet.Column{
		{Title: title(lang, "number"), Kind: sheet.Int, Width: 6},
		{Title: title(lang, "month"), Kind: sheet.Text, Width: 9},
		{Title: title(lang, "area"), Kind: sheet.Text, Width: 24},
		{Title: title(lang, "text"), Kind: sheet.Text, Width: 70},
		{Title: title(lang, "lead"), Kind: sheet.Text, Width: 28},
		{Title: title(lang, "coordinating"), Kind: sheet.Text, Width: 36},
		{Title: title(lang, "follow_up"), Kind: sheet.Text, Width: 24},
		{Title: title(lang, "deadline"), Kind: sheet.Date, Width: 12},
		{Title: title(lang, "state"), Kind: sheet.Text, Width: 20},
		{Title: title(lang, "percent"), Kind: sheet.Int, Width: 11},
		{Title: title(lang, "timeliness"), Kind: sheet.Text, Width: 22},
		{Title: title(lang, "carried"), Kind: sheet.Int, Width: 11},
	}
}

// Tasks writes the tasks the listing request q matches for actor, in the
// listing's order, as a file in format f; lang is the headers' language.
// Nothing is written when the request is refused.
func (s *ExportService) Tasks(ctx context.Context, actor models.Actor, q task.TaskQuery, f Format, lang string, w io.Writer) error {
	// Check the request and the permission before the first byte.
	q.Page, q.PerPage = 1, 1
	if _, err := s.tasks.List(ctx, actor, q); err != nil {
		return err
	}
	n, err := s.namesOf(ctx, actor.CommitteeID)
	if err != nil {
		return err
	}
	t, finish, err := table(w, f, web.T(lang, "export.sheet.tasks"), taskColumns(lang))
	if err != nil {
		return err
	}
	row := 0
	err = s.tasks.Each(ctx, actor, q, func(v task.TaskView) error {
		row++
		return t.Row(taskRow(lang, n, row, v)...)
	})
	if err != nil {
		_ = finish() // releases the workbook's temporary files; the download is cut anyway
		return err
	}
	return finish()
}

// taskRow is one task's cells, in taskColumns' order.
func taskRow(lang string, n names, number int, v task.TaskView) []any {
	coord := make([]string, 0, len(v.CoordinatingUnitIDs))
	for _, id := range v.CoordinatingUnitIDs {
		coord = append(coord, n.units[id])
	}
	var deadline any
	if v.Deadline != "" {
		deadline = string(v.Deadline)
	}
	timely := ""
	if v.Timeliness != "" {
		timely = web.T(lang, "timely."+string(v.Timeliness))
	}
	return []any{
		number, web.MonthLabel(string(v.Period)), n.areas[v.AreaID], v.Text,
		n.units[v.LeadUnitID], strings.Join(coord, "; "), n.units[v.FollowUpUnitID], deadline,
		web.T(lang, "state."+string(v.State)), v.Percent, timely, v.CarryCount,
	}
}
