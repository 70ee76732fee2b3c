// Package sheet writes tables for offices that open them in Excel: the task
// lists and month figures a committee exports. A table goes out either as a
// streamed .xlsx workbook (one or more sheets) or as a CSV file that Excel
// opens with Vietnamese text intact.
//
// Both writers take rows one at a time and never hold a whole table in
// memory, so an export of a large committee costs the same memory as a small
// one. Neither is safe for concurrent use.
package sheet

import "errors"

// Kind is how a column's values are written.
type Kind int

const (
	// Text takes a string. It is always written as text, never as a formula.
	Text Kind = iota
	// Date takes a models-style "YYYY-MM-DD" string, or "" for no date. In
	// xlsx it is a real date cell shown dd/mm/yyyy; in CSV it is dd/mm/yyyy
	// text.
	Date
	// Int takes an int.
	Int
	// Number takes a float64 (a completion rate such as 87.5), written in
	// General format.
	Number
)

// String names the kind in error messages.
func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Date:
		return "date"
	case Int:
		return "int"
	case Number:
		return "number"
	}
	return "unknown kind"
}

// Column describes one column of a table.
type Column struct {
	Title string  // header text, already translated by the caller
	Kind  Kind    // how the column's values are written
	Width float64 // xlsx column width in characters; 0 picks a default by kind
}

// Table receives rows. Values must match the columns' kinds: string for Text
// and Date, int for Int, float64 for Number; a nil value is an empty cell. A
// row with the wrong count or a wrong type is rejected whole with an error
// that names the column.
type Table interface {
	Row(values ...any) error
}

var (
	// ErrClosed is returned when writing to a writer after Close, or to an
	// xlsx sheet after the next sheet started.
	ErrClosed = errors.New("sheet: writer closed")
	// ErrBadRow is wrapped by every error about a row's values or a table's
	// columns.
	ErrBadRow = errors.New("sheet: bad row")
)
