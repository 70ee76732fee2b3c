package sheet

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// dateFormat is a custom number format rather than a built-in one, because
// Excel shows built-in date formats in the reader's locale (m/d/yyyy on an
// English Windows).
const dateFormat = "dd/mm/yyyy"

// XLSX is a workbook being written to w. Each sheet is written in full before
// the next starts; rows go to excelize's stream writer as they come, which
// keeps them in memory only up to 16 MB and spills the rest to a temporary
// file. Close must always be called: it writes the workbook and removes those
// files.
type XLSX struct {
	w      io.Writer
	file   *excelize.File
	styles *styles // made with the first sheet
	names  sheetNames
	cur    *xlsxTable
	sheets int
	closed bool
}

// styles are the workbook's cell style ids.
type styles struct {
	header int // bold
	date   int // dd/mm/yyyy
}

// NewXLSX starts an empty workbook that Close writes to w.
func NewXLSX(w io.Writer) *XLSX {
	return &XLSX{w: w, file: excelize.NewFile(), names: newSheetNames()}
}

// Sheet finishes the previous sheet and starts a new one with a header row.
// The name is made valid for Excel (at most 31 characters, none of []:*?/\)
// and unique in the workbook; the first call renames the default "Sheet1".
func (x *XLSX) Sheet(name string, cols []Column) (Table, error) {
	if x.closed {
		return nil, ErrClosed
	}
	if err := checkColumns(cols); err != nil {
		return nil, err
	}
	if err := x.finishSheet(); err != nil {
		return nil, err
	}
	if err := x.makeStyles(); err != nil {
		return nil, err
	}
	name = x.names.claim(name)
	if err := x.addSheet(name); err != nil {
		return nil, err
	}
	sw, err := x.file.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %w", name, err)
	}
	t := &xlsxTable{
		file:   x.file,
		sw:     sw,
		name:   name,
		cols:   slices.Clone(cols), // the caller may reuse its slice
		styles: *x.styles,
		buf:    make([]any, len(cols)),
	}
	if err := t.writeHeader(); err != nil {
		return nil, fmt.Errorf("sheet %q: %w", name, err)
	}
	x.cur = t
	return t, nil
}

// Close finishes the last sheet, writes the workbook to w and releases the
// temporary files. Writing after Close is an error.
func (x *XLSX) Close() error {
	if x.closed {
		return ErrClosed
	}
	x.closed = true
	err := x.finishSheet()
	if err == nil {
		err = x.file.Write(x.w)
	}
	return errors.Join(err, x.file.Close())
}

func (x *XLSX) finishSheet() error {
	if x.cur == nil {
		return nil
	}
	t := x.cur
	x.cur = nil
	return t.finish()
}

func (x *XLSX) makeStyles() error {
	if x.styles != nil {
		return nil
	}
	header, err := x.file.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	format := dateFormat
	date, err := x.file.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return err
	}
	x.styles = &styles{header: header, date: date}
	return nil
}

// addSheet reuses the default "Sheet1" for the first sheet, so the workbook
// has no stray empty sheet.
func (x *XLSX) addSheet(name string) error {
	x.sheets++
	if x.sheets == 1 {
		return x.file.SetSheetName("Sheet1", name)
	}
	_, err := x.file.NewSheet(name)
	return err
}

// xlsxTable is one sheet being streamed.
type xlsxTable struct {
	file   *excelize.File
	sw     *excelize.StreamWriter
	name   string
	cols   []Column
	styles styles
	buf    []any // reused for every row; the stream writer does not keep it
	rows   int   // rows written, the header included
	done   bool
}

// writeHeader sets what the stream writer needs before the first row:
// widths, the frozen header, then the bold header row.
func (t *xlsxTable) writeHeader() error {
	// Last to first: excelize puts each new width before the earlier ones,
	// and Excel wants the <col> elements in ascending order.
	for i := len(t.cols) - 1; i >= 0; i-- {
		if err := t.sw.SetColWidth(i+1, i+1, width(t.cols[i])); err != nil {
			return err
		}
	}
	err := t.sw.SetPanes(&excelize.Panes{
		Freeze:      true,
		YSplit:      1,
		TopLeftCell: "A2",
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
	if err != nil {
		return err
	}
	for i, col := range t.cols {
		t.buf[i] = excelize.Cell{StyleID: t.styles.header, Value: col.Title}
	}
	t.rows = 1
	return t.sw.SetRow("A1", t.buf)
}

// width is the column's width, or a default that fits a typical value of
// its kind.
func width(col Column) float64 {
	if col.Width > 0 {
		return col.Width
	}
	switch col.Kind {
	case Date:
		return 12
	case Int:
		return 10
	case Number:
		return 12
	}
	return 30
}

// Row writes one row, or nothing if any value is wrong.
func (t *xlsxTable) Row(values ...any) error {
	if t.done {
		return fmt.Errorf("sheet %q: %w", t.name, ErrClosed)
	}
	if err := checkCount(t.cols, values); err != nil {
		return err
	}
	for i, col := range t.cols {
		v, err := t.cell(i, col, values[i])
		if err != nil {
			return err
		}
		t.buf[i] = v
	}
	if err := t.sw.SetRow("A"+strconv.Itoa(t.rows+1), t.buf); err != nil {
		return fmt.Errorf("sheet %q: %w", t.name, err)
	}
	t.rows++
	return nil
}

// cell converts one value into what the stream writer writes: strings
// become inline string cells (never formulas), dates become serial numbers
// with the date style.
func (t *xlsxTable) cell(i int, col Column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch col.Kind {
	case Text:
		s, ok := v.(string)
		if !ok {
			return nil, wrongType(i, col, v)
		}
		if s == "" {
			return nil, nil // an empty string cell would still count as filled
		}
		return v, nil
	case Int:
		if _, ok := v.(int); !ok {
			return nil, wrongType(i, col, v)
		}
		return v, nil
	case Number:
		f, ok := v.(float64)
		if !ok {
			return nil, wrongType(i, col, v)
		}
		return v, checkNumber(i, col, f)
	}
	s, ok := v.(string)
	if !ok {
		return nil, wrongType(i, col, v)
	}
	if s == "" {
		return nil, nil
	}
	d, err := parseDate(i, col, s)
	if err != nil {
		return nil, err
	}
	serial, ok := excelSerial(d.Unix())
	if !ok {
		return formatDate(d), nil
	}
	return excelize.Cell{StyleID: t.styles.date, Value: serial}, nil
}

// excelSerial is Excel's day number for a date at midnight UTC given in Unix
// seconds (so the division is exact). Days before 1 March 1900 are reported
// as not representable: Excel's calendar wrongly has a 29 February 1900, so
// its numbers before that day are off by one, and it has none before 1900.
func excelSerial(unix int64) (int64, bool) {
	const (
		secondsPerDay = 24 * 60 * 60
		unixEpoch     = 25569 // Excel's number for 1970-01-01
		firstGood     = 61    // Excel's number for 1900-03-01
	)
	serial := unix/secondsPerDay + unixEpoch
	return serial, serial >= firstGood
}

// finish adds the auto-filter over everything written and ends the stream.
// The filter must be set before Flush: until then the file's worksheet is
// the stream's own, and Flush writes its autoFilter element.
func (t *xlsxTable) finish() error {
	t.done = true
	last, err := excelize.CoordinatesToCellName(len(t.cols), t.rows)
	if err != nil {
		return err
	}
	if err := t.file.AutoFilter(t.name, "A1:"+last, nil); err != nil {
		return fmt.Errorf("sheet %q: auto-filter: %w", t.name, err)
	}
	if err := t.sw.Flush(); err != nil {
		return fmt.Errorf("sheet %q: %w", t.name, err)
	}
	return nil
}
