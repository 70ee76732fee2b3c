package export

import (
	"context"
	"io"

	"github.com/theodoi/theodoi/internal/sheet"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/web"
)

// figureColumns are the count columns of a figures table after its first
// (name) column, in the order the reports print the buckets.
func figureColumns(lang string) []sheet.Column {
	return []sheet.Column{
		{Title: title(lang, "total"), Kind: sheet.Int, Width: 10},
		{Title: title(lang, "done_on_time"), Kind: sheet.Int, Width: 14},
		{Title: title(lang, "done_late"), Kind: sheet.Int, Width: 14},
		{Title: title(lang, "open_within_term"), Kind: sheet.Int, Width: 16},
		{Title: title(lang, "open_overdue"), Kind: sheet.Int, Width: 16},
		{Title: title(lang, "paused"), Kind: sheet.Int, Width: 12},
		{Title: title(lang, "cancelled"), Kind: sheet.Int, Width: 10},
		{Title: title(lang, "carried_out"), Kind: sheet.Int, Width: 14},
		{Title: title(lang, "rate"), Kind: sheet.Number, Width: 16},
	}
}

// figureCells are f's counts in figureColumns' order; the rate is empty
// when no task counts towards it (all cancelled, or none).
func figureCells(f models.Figures) []any {
	var rate any
	if f.HasRate() {
		rate = f.CompletionPercent()
	}
	return []any{f.Total, f.DoneOnTime, f.DoneLate, f.OpenWithinTerm, f.OpenOverdue, f.Paused, f.Cancelled, f.CarriedOut, rate}
}

// Figures writes a month's figures as a workbook of three sheets: the
// committee's totals, by area and by lead unit. The numbers are the
// month's figures as every other surface shows them (frozen at closing,
// else live as of today).
func (s *ExportService) Figures(ctx context.Context, actor models.Actor, month models.Month, lang string, w io.Writer) error {
	f, frozen, err := s.periods.Figures(ctx, actor, month)
	if err != nil {
		return err
	}
	x := sheet.NewXLSX(w)
	totals := append([]sheet.Column{
		{Title: title(lang, "month"), Kind: sheet.Text, Width: 10},
		{Title: title(lang, "as_of"), Kind: sheet.Date, Width: 14},
		{Title: title(lang, "frozen"), Kind: sheet.Text, Width: 12},
	}, figureColumns(lang)...)
	t, err := x.Sheet(web.T(lang, "export.sheet.totals"), totals)
	if err != nil {
		return err
	}
	closed := web.T(lang, "export.frozen.no")
	if frozen {
		closed = web.T(lang, "export.frozen.yes")
	}
	if err := t.Row(append([]any{web.MonthLabel(string(f.Month)), string(f.AsOf), closed}, figureCells(f.Totals)...)...); err != nil {
		return err
	}
	groups := []struct {
		sheet, name string
		rows        []models.GroupFigures
	}{
		{web.T(lang, "export.sheet.areas"), title(lang, "area"), f.Areas},
		{web.T(lang, "export.sheet.units"), title(lang, "lead"), f.Units},
	}
	for _, g := range groups {
		t, err := x.Sheet(g.sheet, append([]sheet.Column{{Title: g.name, Kind: sheet.Text, Width: 32}}, figureColumns(lang)...))
		if err != nil {
			return err
		}
		for _, r := range g.rows {
			if err := t.Row(append([]any{r.Name}, figureCells(r.Figures)...)...); err != nil {
				return err
			}
		}
	}
	return x.Close()
}
