package sheet_test

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/sheet"
)

// badRows are rows for taskCols that both writers must reject, with a
// fragment the error must contain (the column's title where there is one).
var badRows = []struct {
	name   string
	values []any
	want   string
}{
	{"too few", []any{"a", "2025-01-01", 1, 1.0}, "4 values for 5 columns"},
	{"too many", []any{"a", "2025-01-01", 1, 1.0, "b", "c"}, "6 values for 5 columns"},
	{"none", nil, "0 values for 5 columns"},
	{"int as string", []any{"a", "", "42", 1.0, ""}, `"Số lần"`},
	{"int64 for int", []any{"a", "", int64(42), 1.0, ""}, `"Số lần"`},
	{"int for number", []any{"a", "", 1, 87, ""}, `"Tỷ lệ (%)"`},
	{"NaN", []any{"a", "", 1, math.NaN(), ""}, `"Tỷ lệ (%)"`},
	{"infinity", []any{"a", "", 1, math.Inf(1), ""}, `"Tỷ lệ (%)"`},
	{"number for text", []any{5, "", 1, 1.0, ""}, `"Nội dung"`},
	{"time for date", []any{"a", time.Now(), 1, 1.0, ""}, `"Hạn"`},
	{"day-first date", []any{"a", "15/03/2025", 1, 1.0, ""}, `"Hạn"`},
	{"impossible date", []any{"a", "2025-02-30", 1, 1.0, ""}, `"Hạn"`},
}

func TestBadRows(t *testing.T) {
	for _, tt := range badRows {
		t.Run(tt.name, func(t *testing.T) {
			x := sheet.NewXLSX(io.Discard)
			table, err := x.Sheet("A", taskCols)
			if err != nil {
				t.Fatal(err)
			}
			checkBadRow(t, "xlsx", table.Row(tt.values...), tt.want)
			_ = x.Close()

			c, err := sheet.NewCSV(io.Discard, taskCols)
			if err != nil {
				t.Fatal(err)
			}
			checkBadRow(t, "csv", c.Row(tt.values...), tt.want)
		})
	}
}

func checkBadRow(t *testing.T, format string, err error, want string) {
	t.Helper()
	if !errors.Is(err, sheet.ErrBadRow) {
		t.Fatalf("%s: err = %v, want ErrBadRow", format, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("%s: err = %q, want it to mention %s", format, err, want)
	}
}

// A rejected row writes nothing, so the next good row takes its place.
func TestBadRowWritesNothing(t *testing.T) {
	var xbuf, cbuf bytes.Buffer
	x := sheet.NewXLSX(&xbuf)
	table, err := x.Sheet("A", taskCols)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sheet.NewCSV(&cbuf, taskCols)
	if err != nil {
		t.Fatal(err)
	}
	for _, tbl := range []sheet.Table{table, c} {
		if err := tbl.Row("bad", "2025-01-01", "not an int", 1.0, ""); err == nil {
			t.Fatal("bad row accepted")
		}
		if err := tbl.Row(taskRows[0]...); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := openWorkbook(t, xbuf.Bytes()).GetRows("A")
	if err != nil || len(rows) != 2 || rows[1][0] != taskRows[0][0] {
		t.Errorf("xlsx rows = %q, %v; want the header and the good row", rows, err)
	}
	if n := strings.Count(cbuf.String(), "\r\n"); n != 2 || strings.Contains(cbuf.String(), "bad") {
		t.Errorf("csv = %q, want the header and the good row", cbuf.String())
	}
}

func TestBadColumns(t *testing.T) {
	for name, cols := range map[string][]sheet.Column{
		"no columns":   nil,
		"unknown kind": {{Title: "X", Kind: sheet.Kind(9)}},
		"too wide":     {{Title: "X", Width: 300}},
	} {
		t.Run(name, func(t *testing.T) {
			x := sheet.NewXLSX(io.Discard)
			if _, err := x.Sheet("A", cols); !errors.Is(err, sheet.ErrBadRow) {
				t.Errorf("xlsx: err = %v, want ErrBadRow", err)
			}
			_ = x.Close()
			if _, err := sheet.NewCSV(io.Discard, cols); !errors.Is(err, sheet.ErrBadRow) {
				t.Errorf("csv: err = %v, want ErrBadRow", err)
			}
		})
	}
}

func TestWriteAfterClose(t *testing.T) {
	x := sheet.NewXLSX(io.Discard)
	first, err := x.Sheet("A", figureCols)
	if err != nil {
		t.Fatal(err)
	}
	second, err := x.Sheet("B", figureCols)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Row(figureRows[0]...); !errors.Is(err, sheet.ErrClosed) {
		t.Errorf("row to a finished sheet: err = %v, want ErrClosed", err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := second.Row(figureRows[0]...); !errors.Is(err, sheet.ErrClosed) {
		t.Errorf("row after Close: err = %v, want ErrClosed", err)
	}
	if _, err := x.Sheet("C", figureCols); !errors.Is(err, sheet.ErrClosed) {
		t.Errorf("Sheet after Close: err = %v, want ErrClosed", err)
	}
	if err := x.Close(); !errors.Is(err, sheet.ErrClosed) {
		t.Errorf("second Close: err = %v, want ErrClosed", err)
	}

	c, err := sheet.NewCSV(io.Discard, figureCols)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Row(figureRows[0]...); !errors.Is(err, sheet.ErrClosed) {
		t.Errorf("csv row after Close: err = %v, want ErrClosed", err)
	}
	if err := c.Close(); !errors.Is(err, sheet.ErrClosed) {
		t.Errorf("csv second Close: err = %v, want ErrClosed", err)
	}
}
