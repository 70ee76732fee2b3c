package sheet

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
)

// bom tells Excel the file is UTF-8; without it Excel reads it in the
// system's ANSI code page and mangles Vietnamese.
const bom = "\xEF\xBB\xBF"

// CSV writes one table as CSV for Excel: UTF-8 with a byte-order mark, CRLF
// line ends, the header first.
type CSV struct {
	w      *csv.Writer
	cols   []Column
	record []string // reused for every row
	closed bool
}

// NewCSV writes the byte-order mark and the header row to w.
func NewCSV(w io.Writer, cols []Column) (*CSV, error) {
	if err := checkColumns(cols); err != nil {
		return nil, err
	}
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	c := &CSV{w: csv.NewWriter(w), cols: slices.Clone(cols), record: make([]string, len(cols))}
	c.w.UseCRLF = true
	for i, col := range cols {
		c.record[i] = guardFormula(col.Title)
	}
	if err := c.w.Write(c.record); err != nil {
		return nil, err
	}
	return c, nil
}

// Row writes one row, or nothing if any value is wrong.
func (c *CSV) Row(values ...any) error {
	if c.closed {
		return ErrClosed
	}
	if err := checkCount(c.cols, values); err != nil {
		return err
	}
	for i, col := range c.cols {
		s, err := csvField(i, col, values[i])
		if err != nil {
			return err
		}
		c.record[i] = s
	}
	return c.w.Write(c.record)
}

// Close flushes what is buffered. Writing after Close is an error.
func (c *CSV) Close() error {
	if c.closed {
		return ErrClosed
	}
	c.closed = true
	c.w.Flush()
	return c.w.Error()
}

// csvField formats one value the way Excel reads it back.
func csvField(i int, col Column, v any) (string, error) {
	if v == nil {
		return "", nil
	}
	switch col.Kind {
	case Int:
		n, ok := v.(int)
		if !ok {
			return "", wrongType(i, col, v)
		}
		return strconv.Itoa(n), nil
	case Number:
		f, ok := v.(float64)
		if !ok {
			return "", wrongType(i, col, v)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), checkNumber(i, col, f)
	}
	s, ok := v.(string)
	if !ok {
		return "", wrongType(i, col, v)
	}
	if col.Kind == Text {
		return guardFormula(s), nil
	}
	if s == "" {
		return "", nil
	}
	d, err := parseDate(i, col, s)
	if err != nil {
		return "", err
	}
	return formatDate(d), nil
}

// guardFormula stops Excel from running a cell as a formula (CSV injection):
// a leading apostrophe makes Excel take the rest as text.
func guardFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// A CSV is a Table, so code that fills a table serves both formats.
var _ Table = (*CSV)(nil)
