// Package export writes what offices open in Excel: a filtered task list
// (the same filters and permissions as the list page and the API, so a
// unit officer exports only the unit's tasks) and a month's figures by
// the one figures definition, as .xlsx or CSV. Tasks are written a page
// at a time as they are read, never all held at once.
package export

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/theodoi/theodoi/internal/sheet"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// Format is the kind of file written.
type Format string

// The formats offered.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ParseFormat reads a format asked for; empty means .xlsx.
func ParseFormat(s string) (Format, error) {
	switch Format(strings.ToLower(s)) {
	case "", XLSX:
		return XLSX, nil
	case CSV:
		return CSV, nil
	}
	return "", models.Invalid("format", "must be xlsx or csv")
}

// ContentType is the media type of a file in f.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// ExportService writes the exports.
type ExportService struct {
	core.Base
	tasks   *task.TaskService
	periods *directory.PeriodService
}

// New makes the export service over the listing and the figures.
func New(b core.Base, tasks *task.TaskService, periods *directory.PeriodService) *ExportService {
	return &ExportService{Base: b, tasks: tasks, periods: periods}
}

// names are a committee's unit and area names, for the rows.
type names struct {
	units, areas map[models.ID]string
}

func (s *ExportService) namesOf(ctx context.Context, committee models.ID) (names, error) {
	n := names{units: map[models.ID]string{}, areas: map[models.ID]string{}}
	units, err := s.Store.Units().List(ctx, committee)
	if err != nil {
		return n, err
	}
	for _, u := range units {
		n.units[u.ID] = u.Name
	}
	areas, err := s.Store.Areas().List(ctx, committee)
	if err != nil {
		return n, err
	}
	for _, a := range areas {
		n.areas[a.ID] = a.Name
	}
	return n, nil
}

// FileName is a download's name: "nhiem-vu-2021-10.xlsx".
func FileName(base string, month models.Month, f Format) string {
	if month != "" {
		base += "-" + string(month)
	}
	return fmt.Sprintf("%s.%s", base, f)
}

// table opens the one table of a file in format f; finish completes it.
func table(w io.Writer, f Format, sheetName string, cols []sheet.Column) (t sheet.Table, finish func() error, err error) {
	if f == CSV {
		c, err := sheet.NewCSV(w, cols)
		if err != nil {
			return nil, nil, err
		}
		return c, c.Close, nil
	}
	x := sheet.NewXLSX(w)
	st, err := x.Sheet(sheetName, cols)
	if err != nil {
		return nil, nil, err
	}
	return st, x.Close, nil
}

// title is a column title from the catalog.
func title(lang, key string) string { return web.T(lang, "export.col."+key) }
