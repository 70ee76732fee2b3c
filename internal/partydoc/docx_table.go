package partydoc

import (
	"strings"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// Table cells: 1.5 mm left and right of the text (cellPadXPt), 0.5 mm
// above and below.
const (
	cellPadXTw = 85
	cellPadYTw = 28
)

// table writes a bordered table in 12 pt with a repeated header row. Its
// columns are sized for their content (columnWidths) and written as a
// fixed grid with no row split between pages, so Word and LibreOffice lay
// it out alike.
//
// closing, when the table ends the document, is the signer's block. It
// goes into the table's last row, under the table's own last rows (and
// the group rows heading them), and that row never splits: the signer's
// block is never alone on the last page, and the table's header row
// repeats above it there. (A keep-with-next on the paragraphs of a row,
// which Word would honour, LibreOffice ignores inside a table.)
func (dw *docxWriter) table(tb Table, closing *docx.Table) {
	pts := columnWidths(tb, float64(textWidthTw)/20, dw.m)
	widths := twipWidths(pts, textWidthTw)
	t := dw.dataTable(widths)
	dw.place(t)
	head := t.AddRow()
	for i, col := range tb.Columns {
		c := head.AddCell().Width(widths[i], stypes.TableWidthDxa).VerticalAlign("center")
		dw.cellText(c, col.Title, true, true, widths[i])
	}
	t.GetCT().RowContents[0].Row.Property.Header = ctypes.OnOffFromBool(true)
	kept := len(tb.Rows)
	if closing != nil {
		kept = keptRows(tb.Rows)
	}
	dw.rows(t, tb, tb.Rows[:kept], widths)
	if closing != nil {
		dw.lastRow(t, tb, tb.Rows[kept:], widths, closing)
	}
	unsplit(t)
	// Word needs a paragraph between two tables and after a table.
	gap := dw.rd.AddEmptyParagraph()
	gap.Spacing(0, 120)
	if closing != nil {
		tiny(gap)
	}
}

// rows adds rows of tb to t.
func (dw *docxWriter) rows(t *docx.Table, tb Table, rows []Row, widths []int) {
	for _, r := range rows {
		row := t.AddRow()
		if r.Group {
			c := row.AddCell().Width(textWidthTw, stypes.TableWidthDxa).ColSpan(len(widths))
			dw.cellText(c, first(r.Cells), true, false, textWidthTw)
			continue
		}
		for i := range widths {
			c := row.AddCell().Width(widths[i], stypes.TableWidthDxa)
			text := ""
			if i < len(r.Cells) {
				text = r.Cells[i]
			}
			dw.cellText(c, text, r.Total, tb.Columns[i].Numeric, widths[i])
		}
	}
}

// lastRow is one cell across the table, with no margin and no border but
// the line above it, holding the table's last rows as a table on the same
// grid (with no line of its own above them) and then the signer's block.
func (dw *docxWriter) lastRow(t *docx.Table, tb Table, rows []Row, widths []int, closing *docx.Table) {
	row := t.AddRow()
	row.AddCell().Width(textWidthTw, stypes.TableWidthDxa).ColSpan(len(widths))
	cell := lastCell(t)
	none := func() *ctypes.Border { return &ctypes.Border{Val: stypes.BorderStyleNone} }
	cell.Property.Borders = &ctypes.CellBorders{Left: none(), Bottom: none(), Right: none()}
	zero := func() *ctypes.TableWidth { return ctypes.NewTableWidth(0, stypes.TableWidthDxa) }
	cell.Property.Margins = &ctypes.CellMargins{Top: zero(), Left: zero(), Bottom: zero(), Right: zero()}

	if len(rows) > 0 {
		inner := dw.dataTable(widths)
		inner.GetCT().TableProp.Borders.Top = none()
		dw.rows(inner, tb, rows, widths)
		unsplit(inner)
		nest(cell, inner)
	}
	gap := dw.rd.AddEmptyParagraph() // made in the body, moved into the cell
	gap.Spacing(0, 120)
	cell.Contents = append(cell.Contents, ctypes.TCBlockContent{Paragraph: popParagraph(dw.rd)})
	nest(cell, closing)
	end := dw.rd.AddEmptyParagraph() // a cell ends with a paragraph
	tiny(end)
	cell.Contents = append(cell.Contents, ctypes.TCBlockContent{Paragraph: popParagraph(dw.rd)})
}

// nest puts a table into a cell of the outer table's width and with no
// margin. Word (before 2013) and LibreOffice set a table in the body its
// cells' left margin to the left of the text, but a nested table where
// the indent puts it; so the indent puts it where it would be in the body,
// measured from the cell, which starts where the outer table does.
func nest(cell *ctypes.Cell, t *docx.Table) {
	margin := 108 // Word's default left margin of a cell
	if m := t.GetCT().TableProp.CellMargin; m != nil && m.Left != nil && m.Left.Width != nil {
		margin = *m.Left.Width
	}
	t.GetCT().TableProp.Indent = ctypes.NewTableWidth(cellPadXTw-margin, stypes.TableWidthDxa)
	cell.Contents = append(cell.Contents, ctypes.TCBlockContent{Table: t.GetCT()})
}

// lastCell is the last cell of a table's last row.
func lastCell(t *docx.Table) *ctypes.Cell {
	rows := t.GetCT().RowContents
	cells := rows[len(rows)-1].Row.Contents
	return cells[len(cells)-1].Cell
}

// popParagraph takes the paragraph just added to the body back out, so
// that it can go into a cell.
func popParagraph(rd *docx.RootDoc) *ctypes.Paragraph {
	body := rd.Document.Body
	last := body.Children[len(body.Children)-1]
	body.Children = body.Children[:len(body.Children)-1]
	return last.Para.GetCT()
}

// tiny makes an empty paragraph take almost no room: Word asks for one
// after a table, whether or not there is anything to say.
func tiny(p *docx.Paragraph) {
	p.Spacing(0, 0)
	line := 20
	rule := stypes.LineSpacingRuleExact
	p.GetCT().Property.Spacing.Line = &line
	p.GetCT().Property.Spacing.LineRule = &rule
}

// unsplit keeps every row of t on one page.
func unsplit(t *docx.Table) {
	for i := range t.GetCT().RowContents {
		t.GetCT().RowContents[i].Row.Property.CantSplit = ctypes.OnOffFromBool(true)
	}
}

// keptRows is the first of the rows that go to the next page with the
// signer's block: the last row, and the group rows that head it.
func keptRows(rows []Row) int {
	k := len(rows) - 1
	for k > 0 && rows[k-1].Group {
		k--
	}
	return max(k, 0)
}

// dataTable makes a bordered table on the grid widths, in twips; the
// caller places it.
func (dw *docxWriter) dataTable(widths []int) *docx.Table {
	t := docx.NewTable(dw.rd)
	t.Style("TableGrid")
	t.Width(textWidthTw, stypes.TableWidthDxa)
	t.Layout(stypes.TableLayoutFixed)
	grid := make([]uint64, len(widths))
	for i, w := range widths {
		grid[i] = uint64(w)
	}
	t.Grid(grid...)
	padX := func() *ctypes.TableWidth { return ctypes.NewTableWidth(cellPadXTw, stypes.TableWidthDxa) }
	padY := func() *ctypes.TableWidth { return ctypes.NewTableWidth(cellPadYTw, stypes.TableWidthDxa) }
	t.CellMargin(padY(), padX(), padY(), padX())
	single := func() *ctypes.Border {
		sz := 4
		black := "000000"
		return &ctypes.Border{Val: stypes.BorderStyleSingle, Size: &sz, Color: &black}
	}
	t.GetCT().TableProp.Borders = &ctypes.TableBorders{Top: single(), Left: single(), Bottom: single(), Right: single(), InsideH: single(), InsideV: single()}
	return t
}

// cellText writes a cell's text, a paragraph a line. A word too long for
// its cell is set smaller, in whole points, rather than cut (this happens
// only when the columns cannot give it room).
func (dw *docxWriter) cellText(c *docx.Cell, text string, bold, centre bool, widthTw int) {
	style := ""
	if bold {
		style = "B"
	}
	size := uint64(dw.m.cellFontSize(text, style, float64(widthTw-2*cellPadXTw)/20))
	for _, line := range strings.Split(text, "\n") {
		p := c.AddEmptyPara()
		p.Spacing(0, 0)
		if centre {
			p.Justification(stypes.JustificationCenter)
		}
		p.AddText(line).Size(size).Bold(bold)
	}
}

// closingTable is "Nơi nhận:" on the left and the signer on the right, in
// one row that never splits; the caller places it.
func (dw *docxWriter) closingTable(recipients []string, s Signer) *docx.Table {
	left, right := 4700, textWidthTw-4700
	t := dw.borderlessTable(left, right)
	row := t.AddRow()
	lc := row.AddCell().Width(left, stypes.TableWidthDxa)
	rc := row.AddCell().Width(right, stypes.TableWidthDxa)
	p := lc.AddEmptyPara()
	p.Spacing(120, 0)
	if len(recipients) > 0 {
		p.AddText("Nơi nhận:").Size(sizeBody).Bold(true).Italic(true).Underline(stypes.UnderlineSingle)
	}
	for _, r := range recipients {
		rp := lc.AddEmptyPara()
		rp.Spacing(0, 0)
		rp.AddText("- " + r).Size(sizeRecipient)
	}
	for i, title := range s.Titles {
		tp := rc.AddEmptyPara()
		tp.Justification(stypes.JustificationCenter)
		tp.Spacing(0, 0)
		if i == 0 {
			tp.Spacing(120, 0)
		}
		tp.AddText(title).Size(sizeBody).Bold(true)
	}
	for range 4 { // room for the signature and the seal
		sp := rc.AddEmptyPara()
		sp.Spacing(0, 0)
	}
	np := rc.AddEmptyPara()
	np.Justification(stypes.JustificationCenter)
	np.Spacing(0, 0)
	if s.Name != "" {
		np.AddText(s.Name).Size(sizeBody).Bold(true)
	}
	unsplit(t)
	return t
}
