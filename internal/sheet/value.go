package sheet

import (
	"fmt"
	"math"
	"time"

	"github.com/xuri/excelize/v2"
)

// maxWidth is Excel's widest column, in characters.
const maxWidth = 255

// checkColumns rejects a table that Excel could not show.
func checkColumns(cols []Column) error {
	if len(cols) == 0 {
		return fmt.Errorf("%w: a table needs at least one column", ErrBadRow)
	}
	if len(cols) > excelize.MaxColumns {
		return fmt.Errorf("%w: %d columns, at most %d", ErrBadRow, len(cols), excelize.MaxColumns)
	}
	for i, col := range cols {
		if col.Kind < Text || col.Kind > Number {
			return columnError(i, col, "unknown kind %d", int(col.Kind))
		}
		if col.Width < 0 || col.Width > maxWidth {
			return columnError(i, col, "width %g outside 0..%d", col.Width, maxWidth)
		}
	}
	return nil
}

// checkCount rejects a row whose length does not match the header; a short
// row would silently shift every later column.
func checkCount(cols []Column, values []any) error {
	if len(values) != len(cols) {
		return fmt.Errorf("%w: %d values for %d columns", ErrBadRow, len(values), len(cols))
	}
	return nil
}

// columnError names the column, 1-based as a user counts them.
func columnError(i int, col Column, format string, args ...any) error {
	return fmt.Errorf("%w: column %d %q: %s", ErrBadRow, i+1, col.Title, fmt.Sprintf(format, args...))
}

// wrongType reports a value whose Go type does not fit the column's kind.
func wrongType(i int, col Column, v any) error {
	want := "string"
	switch col.Kind {
	case Int:
		want = "int"
	case Number:
		want = "float64"
	}
	return columnError(i, col, "%s column wants %s, got %T", col.Kind, want, v)
}

// checkNumber rejects NaN and infinities: neither format has a way to write
// them as numbers, and they usually mean a division by zero upstream.
func checkNumber(i int, col Column, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return columnError(i, col, "%v is not a number Excel can show", f)
	}
	return nil
}

// parseDate reads a models-style date.
func parseDate(i int, col Column, s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, columnError(i, col, "date %q is not YYYY-MM-DD", s)
	}
	return d, nil
}

// formatDate is the day-first form Vietnamese offices read.
func formatDate(d time.Time) string {
	return d.Format("02/01/2006")
}
