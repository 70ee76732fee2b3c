package resolution

import (
	"strings"

	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/models"
)

// taskTable is a section II written as a table: which column holds what,
// read from its header row.
type taskTable struct {
	number, content, lead, coord, due int // -1 when the table has none
	other                             []int
	header                            []string
}

// maxHeaderCells: a header row is short; a longer "row" is prose with tabs.
const maxHeaderCells = 12

// readTableHeader recognises a header row by its words: a content column
// and a lead or a deadline column, three columns at least.
func readTableHeader(cells []string) (*taskTable, bool) {
	if len(cells) < 3 || len(cells) > maxHeaderCells {
		return nil, false
	}
	t := &taskTable{number: -1, content: -1, lead: -1, coord: -1, due: -1, header: cells}
	for i, c := range cells {
		f := models.Fold(c)
		var slot *int
		switch {
		case f == "":
			continue
		case f == "tt" || f == "stt" || strings.HasPrefix(f, "so tt") || strings.HasPrefix(f, "so thu tu"):
			slot = &t.number
		case containsAny(f, dueWords):
			slot = &t.due
		case strings.Contains(f, "phoi hop"):
			slot = &t.coord
		case containsAny(f, leadWords):
			slot = &t.lead
		case containsAny(f, contentWords):
			slot = &t.content
		}
		if slot != nil && *slot < 0 {
			*slot = i
		} else {
			t.other = append(t.other, i)
		}
	}
	return t, t.content >= 0 && (t.lead >= 0 || t.due >= 0)
}

var (
	dueWords     = []string{"thoi gian", "thoi han", "han hoan thanh", "tien do", "moc"}
	leadWords    = []string{"chu tri", "thuc hien", "phu trach", "chiu trach nhiem", "don vi", "co quan"}
	contentWords = []string{"noi dung", "nhiem vu", "cong viec"}
)

// cellsOf splits a line into table cells: the row of a .docx table, or a
// text line whose cells are separated by "|" or by tabs. nil: no cells.
func cellsOf(l line) []string {
	if l.cells != nil {
		return l.cells
	}
	var parts []string
	switch {
	case strings.Contains(l.raw, "|"):
		s := strings.TrimSpace(l.raw)
		s = strings.TrimPrefix(strings.TrimSuffix(s, "|"), "|")
		parts = strings.Split(s, "|")
	case strings.Contains(l.raw, "\t"):
		parts = strings.Split(strings.TrimLeft(l.raw, " "), "\t")
	default:
		return nil
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// openTable starts a task table at its header row. Plain paragraphs
// before it introduced it, or are tasks of their own.
func (w *walker) openTable(l line) bool {
	if l.bullet || l.sub {
		return false
	}
	t, ok := readTableHeader(cellsOf(l))
	if !ok {
		return false
	}
	w.settlePending(false)
	w.table = t
	return true
}

// tableLine reads a line while a task table is open. It returns false
// when the line ends the table and must be read as a paragraph.
func (w *walker) tableLine(l line) bool {
	if h, ok := headingOf(l); ok && h.kind != sectionOther {
		w.closeTable()
		return false
	}
	cells := cellsOf(l)
	if l.cells != nil && len(l.cells) != len(w.table.header) {
		w.closeTable() // a .docx row of another table: its grid differs
		return false
	}
	barRow := l.cells == nil && strings.HasPrefix(l.text, "|") // "| merged row |"
	if l.bullet || l.sub || (len(cells) < 2 && !barRow) {
		if n, title, ok := areaRow(l.text); ok && !l.bullet && !l.sub {
			w.tableArea(n, title, l.notes)
			return true
		}
		w.closeTable()
		return false
	}
	if _, again := readTableHeader(cells); again {
		return true // the header repeated on a new page
	}
	w.tableRow(cells, l.notes)
	return true
}

func (w *walker) closeTable() {
	w.table = nil
	w.out.afterTable = true
}

// tableRow turns a row into a task, or into an area when it holds only a
// title: a merged row, a Roman or letter STT, or a title in capitals.
func (w *walker) tableRow(cells []string, notes []document.Footnote) {
	t := w.table
	cell := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	var filled []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			filled = append(filled, c)
		}
	}
	number, content := cell(t.number), cell(t.content)
	lead, coord, due := cell(t.lead), cell(t.coord), cell(t.due)
	noRoles := lead == "" && coord == "" && due == ""
	switch {
	case len(filled) == 0:
		w.noteOnLastItem(notes)
	case noRoles && len(filled) == 1 && content != filled[0]:
		// A row merged across the table, its text in the first column.
		if n, title, ok := areaRow(filled[0]); ok {
			w.tableArea(n, title, notes)
		} else {
			w.doc.Unplaced = append(w.doc.Unplaced, filled[0])
		}
	case noRoles && content != "" && (isRomanNumeral(number) || isLetterNumeral(number)):
		w.tableArea(romans[strings.TrimRight(number, ".")], content, notes)
	case noRoles && number == "":
		if n, title, ok := areaRow(content); ok {
			w.tableArea(n, title, notes)
			return
		}
		w.tableItem(Item{Text: w.withOtherColumns(content, cell), Footnotes: notes})
	case content == "":
		w.doc.Unplaced = append(w.doc.Unplaced, strings.Join(filled, " | "))
	default:
		w.tableItem(Item{
			Text:         w.withOtherColumns(content, cell),
			Footnotes:    notes,
			Lead:         lead,
			Coordinating: splitUnits(coord),
			DeadlineText: due,
		})
	}
}

// withOtherColumns keeps the columns the reader has no field for ("Ghi
// chú") as "Header: value" lines of the task's text.
func (w *walker) withOtherColumns(content string, cell func(int) string) string {
	var b strings.Builder
	b.WriteString(content)
	for _, i := range w.table.other {
		if v := cell(i); v != "" {
			b.WriteString("\n" + strings.TrimRight(w.table.header[i], ":") + ": " + v)
		}
	}
	return b.String()
}

// tableArea starts an area from a table row; an unnumbered one takes the
// next number.
func (w *walker) tableArea(n int, title string, notes []document.Footnote) {
	if last := w.lastAreaNumber(); n <= last {
		n = last + 1
	}
	w.addArea(Area{Number: n, Title: strings.TrimRight(strings.TrimSpace(title), ":")}, "", notes)
}

func (w *walker) tableItem(it Item) {
	if len(*w.areas) == 0 {
		*w.areas = append(*w.areas, Area{Items: []Item{}})
	}
	a := &(*w.areas)[len(*w.areas)-1]
	a.Items = append(a.Items, it)
	w.out.marked, w.out.afterTable = true, false
}

// noteOnLastItem keeps the footnotes of an empty row.
func (w *walker) noteOnLastItem(notes []document.Footnote) {
	if len(notes) == 0 || len(*w.areas) == 0 {
		return
	}
	a := &(*w.areas)[len(*w.areas)-1]
	if n := len(a.Items); n > 0 {
		a.Items[n-1].Footnotes = append(a.Items[n-1].Footnotes, notes...)
	}
}

// splitUnits splits a coordinating column into units: commas, semicolons
// and line breaks separate them.
func splitUnits(s string) []string {
	var units []string
	for _, u := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if u = strings.TrimRight(strings.TrimSpace(u), "."); u != "" {
			units = append(units, u)
		}
	}
	return units
}
