package docx

import (
	"slices"
	"strings"
	"unicode"

	"github.com/theodoi/theodoi/internal/document"
)

// gridColumns: a table this wide is a grid of data (a task table: STT,
// nội dung, chủ trì, phối hợp, thời hạn) and is read row by row. Party
// documents lay out their header and signature blocks as two-column
// tables; those are read as paragraphs, cell by cell.
const gridColumns = 3

// maxSpan bounds w:gridSpan, and maxPadded the cells a row is padded
// to: a hostile file must not turn a few bytes of spans into millions of
// empty cells.
const (
	maxSpan   = 64
	maxPadded = 64
)

// table is a w:tbl being read. Depths are those of the reader's element
// stack at the start tag, so a hostile file with cells outside rows, or
// rows outside tables, cannot confuse the bookkeeping.
type table struct {
	depth     int
	rows      [][]cell
	row       []cell
	rowDepth  int // 0: no open row
	cellDepth int // 0: no open cell
	cellStart int // index in story.blocks where the open cell begins
	span      int
	// nested are the ranges of story.blocks, in the open cell, that
	// tables nested in it wrote.
	nested [][2]int
}

type cell struct {
	blocks []document.Block
	nested []bool // blocks[i] came from a table nested in the cell
	span   int
}

// current is the innermost table being tracked; nil when there is none
// or the innermost one is not tracked (a table inside a text box).
func (s *story) current() *table {
	if len(s.tables) == 0 {
		return nil
	}
	return s.tables[len(s.tables)-1]
}

// inCell: a paragraph closing now belongs to a cell of a tracked table.
func (s *story) inCell() bool {
	t := s.current()
	return t != nil && t.cellDepth > 0
}

// tableStart handles w:tbl, w:tr, w:tc and w:gridSpan start tags.
func (s *story) tableStart(name string, depth int, span func() (int, bool)) {
	if name == "tbl" {
		if len(s.open) > 0 {
			s.tables = append(s.tables, nil) // inside a text box: its paragraphs nest there
			return
		}
		s.tables = append(s.tables, &table{depth: depth})
		return
	}
	t := s.current()
	if t == nil {
		return
	}
	switch {
	case name == "tr" && t.rowDepth == 0:
		t.row, t.rowDepth = nil, depth
	case name == "tc" && t.rowDepth > 0 && t.cellDepth == 0:
		t.cellDepth, t.cellStart, t.span = depth, len(s.blocks), 1
	case name == "gridSpan" && t.cellDepth > 0 && s.x.in("tc", "tcPr", "gridSpan"):
		if n, ok := span(); ok && n > 1 {
			t.span = min(n, maxSpan)
		}
	}
}

// tableEnd handles the end tags; depth is the stack depth after the end
// tag was popped, so it equals the start depth minus one.
func (s *story) tableEnd(name string, depth int) {
	if name == "tbl" {
		if len(s.tables) == 0 {
			return
		}
		t := s.current()
		if t != nil && t.depth != depth+1 {
			return // not the end of the table we track
		}
		s.tables = s.tables[:len(s.tables)-1]
		if t == nil {
			return
		}
		start := len(s.blocks)
		s.emitTable(t)
		if outer := s.current(); outer != nil && outer.cellDepth > 0 {
			outer.nested = append(outer.nested, [2]int{start, len(s.blocks)})
		}
		return
	}
	t := s.current()
	if t == nil {
		return
	}
	switch {
	case name == "tc" && t.cellDepth == depth+1:
		start := min(t.cellStart, len(s.blocks))
		c := cell{blocks: slices.Clone(s.blocks[start:]), span: t.span}
		c.nested = make([]bool, len(c.blocks))
		for _, r := range t.nested {
			for i := max(r[0], start); i < r[1] && i-start < len(c.nested); i++ {
				c.nested[i-start] = true
			}
		}
		t.row = append(t.row, c)
		s.blocks = s.blocks[:start]
		t.cellDepth, t.nested = 0, nil
	case name == "tr" && t.rowDepth == depth+1:
		t.rows = append(t.rows, t.row)
		t.row, t.rowDepth = nil, 0
	}
}

// emitTable adds a finished table's content to the story: a grid row by
// row, a narrow table paragraph by paragraph as Word lays it out. A
// table nested in a grid's cell follows the row, as a text box follows
// its paragraph: the cell keeps its own text.
func (s *story) emitTable(t *table) {
	if t.row != nil { // a row left open by a broken file
		t.rows = append(t.rows, t.row)
	}
	if !isGrid(t.rows) {
		for _, row := range t.rows {
			for _, c := range row {
				s.blocks = append(s.blocks, c.blocks...)
			}
		}
		return
	}
	for _, row := range t.rows {
		if b, ok := rowBlock(row); ok {
			s.blocks = append(s.blocks, b)
		}
		for _, c := range row {
			for i, b := range c.blocks {
				if c.nested[i] {
					s.blocks = append(s.blocks, b)
				}
			}
		}
	}
}

func isGrid(rows [][]cell) bool {
	for _, row := range rows {
		width := 0
		for _, c := range row {
			width += c.span
		}
		if width >= gridColumns {
			return true
		}
	}
	return false
}

// rowBlock joins a row into one block; an empty row gives none.
func rowBlock(row []cell) (document.Block, bool) {
	var b document.Block
	flat := make([]string, 0, len(row))
	for _, c := range row {
		texts := make([]string, 0, len(c.blocks))
		for i, p := range c.blocks {
			if c.nested[i] {
				continue
			}
			texts = append(texts, strings.TrimSpace(p.Text))
			b.Notes = append(b.Notes, p.Notes...)
		}
		text := strings.Join(texts, "\n")
		b.Cells = append(b.Cells, text)
		flat = append(flat, strings.Join(texts, " "))
		for i := 1; i < c.span && len(b.Cells) < maxPadded; i++ {
			b.Cells = append(b.Cells, "")
			flat = append(flat, "")
		}
	}
	b.Text = strings.TrimRightFunc(strings.Join(flat, "\t"), unicode.IsSpace)
	return b, b.Text != "" || len(b.Notes) > 0
}
