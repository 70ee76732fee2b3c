package partydoc

import "strings"

// Tables in the PDF: 12 pt, lines broken at spaces only, 1.5 mm of room
// left and right of the text and 1.2 mm above and below it.
const (
	cellPadX = cellPadXPt * ptToMM
	cellPadY = 1.2
)

// tableLine is the line height of table text.
func tableLine() float64 { return lineH(sizeTable) * 0.92 }

// pdfCell is a cell's text broken into lines, and the size it is set in.
type pdfCell struct {
	lines []string
	size  float64
}

// pdfRow is a row laid out: a group row has one cell across the table.
type pdfRow struct {
	cells  []pdfCell
	widths []float64
	style  string
	centre []bool // centred cells: the header's and the numeric columns'
	n      int    // lines in the tallest cell
}

func (r pdfRow) height() float64 { return float64(r.n)*tableLine() + 2*cellPadY }

// tableLayout is a table laid out before it is drawn, so that its height
// is known.
type tableLayout struct {
	head pdfRow
	rows []pdfRow
}

// height is the height of the table on a page of its own.
func (tl tableLayout) height() float64 {
	h := tl.head.height() + tableAfter
	for _, r := range tl.rows {
		h += r.height()
	}
	return h
}

const tableAfter = 3.0 // space below a table

func (pw *pdfWriter) layoutTable(tb Table) tableLayout {
	widths := columnWidths(tb, textW/ptToMM, pw.m)
	for i := range widths {
		widths[i] *= ptToMM
	}
	numeric := make([]bool, len(tb.Columns))
	titles := make([]string, len(tb.Columns))
	for i, c := range tb.Columns {
		numeric[i], titles[i] = c.Numeric, c.Title
	}
	var tl tableLayout
	centred := make([]bool, len(widths))
	for i := range centred {
		centred[i] = true
	}
	tl.head = pw.layoutRow(widths, titles, "B", centred)
	tl.rows = make([]pdfRow, len(tb.Rows))
	for j, r := range tb.Rows {
		style := ""
		if r.Total || r.Group {
			style = "B"
		}
		if r.Group {
			tl.rows[j] = pw.layoutRow([]float64{textW}, []string{first(r.Cells)}, style, []bool{false})
			continue
		}
		tl.rows[j] = pw.layoutRow(widths, r.Cells, style, numeric)
	}
	return tl
}

// layoutRow breaks each cell's text into lines that fit its column; a
// word that fits no line is set smaller (cellFontSize).
func (pw *pdfWriter) layoutRow(widths []float64, texts []string, style string, centre []bool) pdfRow {
	r := pdfRow{cells: make([]pdfCell, len(widths)), widths: widths, style: style, centre: centre, n: 1}
	for i, w := range widths {
		text := ""
		if i < len(texts) {
			text = texts[i]
		}
		inner := w - 2*cellPadX
		size := pw.m.cellFontSize(text, style, inner/ptToMM)
		lines := pw.wrap(text, style, size, inner)
		r.cells[i] = pdfCell{lines: lines, size: size}
		r.n = max(r.n, len(lines))
	}
	return r
}

// table draws a bordered table, repeating its header row on each page; a
// row taller than what is left of a page continues on the next. tail is
// the height of what must follow the table on its last page: when it is
// not zero, the last row (with the group rows heading it) goes to a new
// page with it rather than leave it alone there.
func (pw *pdfWriter) table(tb Table, tail float64) {
	f := pw.f
	tl := pw.layoutTable(tb)
	headH := tl.head.height()
	drawHead := func() { pw.drawRow(tl.head, 0, tl.head.n) }
	pw.ensure(headH + tableLine() + 2*cellPadY)
	drawHead()
	usable := pageH - marginT - marginB - headH
	kept := len(tl.rows)
	if tail > 0 {
		kept = keptRows(tb.Rows)
	}
	lh := tableLine()
	for j, r := range tl.rows {
		if j == kept && kept > 0 {
			h := tableAfter + tail
			for _, k := range tl.rows[kept:] {
				h += k.height()
			}
			if f.GetY()+h > pw.bottom() && h <= usable {
				pw.newPage()
				drawHead()
			}
		}
		rowH := r.height()
		if f.GetY()+rowH > pw.bottom() && rowH <= usable {
			pw.newPage()
			drawHead()
		}
		for k := 0; k < r.n; {
			fit := int((pw.bottom() - f.GetY() - 2*cellPadY) / lh)
			if fit <= 0 {
				pw.newPage()
				drawHead()
				continue
			}
			m := min(fit, r.n-k)
			pw.drawRow(r, k, k+m)
			k += m
		}
	}
	f.SetY(f.GetY() + tableAfter)
}

// drawRow draws lines [from, to) of each cell as one band of the table.
// The text is placed by hand, padded on every side, not through fpdf's
// cells with their own margin.
func (pw *pdfWriter) drawRow(r pdfRow, from, to int) {
	f := pw.f
	lh := tableLine()
	y := f.GetY()
	h := float64(to-from)*lh + 2*cellPadY
	x := marginL
	f.SetLineWidth(0.2)
	for i, w := range r.widths {
		f.Rect(x, y, w, h, "D")
		c := r.cells[i]
		f.SetFont(serif, r.style, c.size)
		for j := from; j < to && j < len(c.lines); j++ {
			line := c.lines[j]
			if strings.TrimSpace(line) == "" {
				continue
			}
			tx := x + cellPadX
			if r.centre[i] {
				tx = x + (w-pw.width(line, r.style, c.size))/2
			}
			f.Text(tx, y+cellPadY+float64(j-from)*lh+lh*0.76, line)
		}
		x += w
	}
	f.SetXY(marginL, y+h)
}
