package partydoc

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/go-pdf/fpdf"
)

// Page geometry in millimetres (same as the Word document).
const (
	pageW      = 210.0
	pageH      = 297.0
	marginL    = 30.0
	marginR    = 15.0
	marginT    = 20.0
	marginB    = 20.0
	textW      = pageW - marginL - marginR
	indentMM   = 10.0
	ptToMM     = 25.4 / 72
	lineFactor = 1.25 // line height as a multiple of the font size
	cellPad    = 1.2  // table cell padding
)

// serif is the embedded font family: Liberation Serif has the metrics of
// Times New Roman and every Vietnamese letter.
const serif = "LiberationSerif"

// WritePDF writes d as a PDF with Liberation Serif embedded. Footnotes are
// numbered in the text and printed under a short rule at the foot of the
// page where they are referenced, as Word prints them.
func WritePDF(w io.Writer, d Document) error {
	d.Normalize()
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: pageW, Ht: pageH}, OrientationStr: "P"})
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(false, marginB) // pages are broken by hand, block by block
	f.AddUTF8FontFromBytes(serif, "", liberationserifregular.TTF)
	f.AddUTF8FontFromBytes(serif, "B", liberationserifbold.TTF)
	f.AddUTF8FontFromBytes(serif, "I", liberationserifitalic.TTF)
	f.AddUTF8FontFromBytes(serif, "BI", liberationserifbolditalic.TTF)
	f.SetTitle(d.Title, true)
	f.SetCreator("theodoi", true)
	f.SetLang("vi-VN")
	// Party documents number pages from the second, at the top centre.
	f.SetHeaderFunc(func() {
		if n := f.PageNo(); n > 1 {
			f.SetFont(serif, "", sizeBody)
			f.SetXY(marginL, 10)
			f.CellFormat(textW, 5, strconv.Itoa(n), "", 0, "C", false, 0, "")
		}
		f.SetXY(marginL, marginT)
	})
	f.AddPage()
	pw := pdfWriter{f: f, noteLines: map[int][]string{}}
	f.SetFont(serif, "", sizeNote)
	for _, n := range d.Notes() {
		pw.noteLines[n.Number] = f.SplitText(n.Text, textW-noteIndent)
	}
	pw.document(d)
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return f.Output(w)
}

type pdfWriter struct {
	f    *fpdf.Fpdf
	note int // the last footnote number given out
	// noteLines are the footnotes' texts, broken into lines, by number.
	noteLines map[int][]string
	// pageNotes are the footnotes referenced on this page so far, which
	// are printed at its foot when the page is done.
	pageNotes []int
}

// Footnotes: 12 pt, the number in the first 6 mm, under a 50 mm rule.
const (
	sizeNote   = sizeRecipient
	noteIndent = 6.0
	noteRule   = 3.0 // the space the rule takes above the first footnote
)

func lineH(size float64) float64 { return size * ptToMM * lineFactor }

// notesHeight is the room footnotes take at the foot of a page.
func (pw *pdfWriter) notesHeight(notes []int) float64 {
	if len(notes) == 0 {
		return 0
	}
	h := noteRule
	for _, n := range notes {
		h += float64(len(pw.noteLines[n])) * lineH(sizeNote)
	}
	return h
}

// bottom is where this page's body must end: above its footnotes.
func (pw *pdfWriter) bottom() float64 {
	return pageH - marginB - pw.notesHeight(pw.pageNotes)
}

// newPage prints this page's footnotes and starts the next page.
func (pw *pdfWriter) newPage() {
	pw.flushNotes()
	pw.f.AddPage()
}

// ensure starts a new page unless h millimetres fit on this one.
func (pw *pdfWriter) ensure(h float64) {
	if pw.f.GetY()+h > pw.bottom() {
		pw.newPage()
	}
}

// flushNotes prints the page's footnotes at its foot.
func (pw *pdfWriter) flushNotes() {
	if len(pw.pageNotes) == 0 {
		return
	}
	f := pw.f
	lh := lineH(sizeNote)
	y := pageH - marginB - pw.notesHeight(pw.pageNotes)
	f.SetLineWidth(0.2)
	f.Line(marginL, y+noteRule/2, marginL+50, y+noteRule/2)
	y += noteRule
	for _, n := range pw.pageNotes {
		for i, l := range pw.noteLines[n] {
			if i == 0 {
				f.SetFont(serif, "", sizeNote*0.7)
				f.Text(marginL, y+lh*0.55, strconv.Itoa(n))
			}
			f.SetFont(serif, "", sizeNote)
			f.SetXY(marginL+noteIndent, y)
			f.CellFormat(textW-noteIndent, lh, l, "", 0, "L", false, 0, "")
			y += lh
		}
	}
	pw.pageNotes = nil
}

func (pw *pdfWriter) document(d Document) {
	f := pw.f
	if d.Draft {
		f.SetFont(serif, "BI", sizeBody)
		f.SetXY(marginL, marginT-6)
		f.CellFormat(textW, 6, "DỰ THẢO", "", 0, "R", false, 0, "")
		f.SetXY(marginL, marginT)
	}
	pw.header(d.Header)
	if d.Kind != "" {
		f.SetY(f.GetY() + 6)
		pw.centred(d.Kind, "B", sizeKind)
	}
	for _, s := range d.Summary {
		pw.centred(s, "B", sizeBody)
	}
	if d.Kind != "" {
		pw.centred("-----", "", sizeBody)
		f.SetY(f.GetY() + 3)
	}
	for i, b := range d.Blocks {
		// A heading stays with the start of the table under it.
		if (b.Kind == KindSection || b.Kind == KindArea) && i+1 < len(d.Blocks) && d.Blocks[i+1].Kind == KindTable {
			pw.ensure(lineH(sizeBody) + 35)
		}
		pw.block(b)
	}
	pw.closing(d.Recipients, d.Signer)
	pw.flushNotes()
}

// header lays out the two columns line by line, as in the sample: the
// superior body beside the Party's name, "*" beside the place and date.
func (pw *pdfWriter) header(h Header) {
	f := pw.f
	// As in the Word file: 10 mm into the left margin, two equal columns.
	leftW := (textW + 10) / 2
	rightW := leftW
	xl, xr := marginL-10, marginL-10+leftW
	y := f.GetY()
	lh := lineH(sizeBody)
	pw.fitLine(xl, y, leftW, h.SuperiorBody, "", sizeBody)
	pw.fitLine(xr, y, rightW, Nation, "B", sizeNation)
	// The rule under the Party's name.
	f.SetFont(serif, "B", sizeNation)
	nw := min(f.GetStringWidth(Nation), rightW)
	f.SetLineWidth(0.3)
	f.Line(xr+(rightW-nw)/2, y+lh+0.3, xr+(rightW+nw)/2, y+lh+0.3)
	y += lh
	pw.fitLine(xl, y, leftW, h.IssuingBody, "B", sizeBody)
	y += lh
	pw.fitLine(xl, y, leftW, "*", "", sizeBody)
	pw.fitLine(xr, y, rightW, h.PlaceDate, "I", sizeBody)
	y += lh
	pw.fitLine(xl, y, leftW, h.Number, "", sizeBody)
	f.SetXY(marginL, y+lh)
}

// fitLine centres one line in a column, shrinking the font a little when
// a long name would not fit.
func (pw *pdfWriter) fitLine(x, y, w float64, text, style string, size float64) {
	if text == "" {
		return
	}
	f := pw.f
	s := size
	for ; s > 10; s -= 0.5 {
		f.SetFont(serif, style, s)
		if f.GetStringWidth(text) <= w {
			break
		}
	}
	f.SetXY(x, y)
	f.CellFormat(w, lineH(size), text, "", 0, "C", false, 0, "")
}

func (pw *pdfWriter) centred(text, style string, size float64) {
	f := pw.f
	f.SetFont(serif, style, size)
	lines := f.SplitText(text, textW)
	pw.ensure(float64(len(lines)) * lineH(size))
	f.SetFont(serif, style, size) // a new page's header sets its own
	for _, l := range lines {
		f.SetX(marginL)
		f.CellFormat(textW, lineH(size), l, "", 1, "C", false, 0, "")
	}
}

func (pw *pdfWriter) block(b Block) {
	switch b.Kind {
	case KindTable:
		if b.Table != nil {
			pw.table(*b.Table)
		}
		return
	case KindBlank:
		pw.paragraph(BlankLine, "", nil, false)
		return
	}
	style := ""
	if b.Kind == KindSection || b.Kind == KindArea {
		style = "B"
	}
	if b.Emphasis {
		style += "I"
	}
	text := b.Text
	if b.Kind == KindBullet {
		text = "- " + text
	}
	refs := make([]int, len(b.Notes))
	for i := range b.Notes {
		pw.note++
		refs[i] = pw.note
	}
	// A heading keeps with the next line: at least two lines must fit.
	if b.Kind == KindSection || b.Kind == KindArea {
		pw.ensure(3 * lineH(sizeBody))
	}
	pw.paragraph(text, style, refs, true)
}

// word is a word of a paragraph with its width.
type word struct {
	text  string
	w     float64
	refs  string // footnote numbers raised after the word
	notes []int  // the same numbers, whose footnotes go on the word's page
}

// paragraph writes justified text with a 10 mm first-line indent and
// footnote numbers raised after the last word.
func (pw *pdfWriter) paragraph(text, style string, refs []int, justify bool) {
	f := pw.f
	size := float64(sizeBody)
	lh := lineH(size)
	f.SetFont(serif, style, size)
	space := f.GetStringWidth(" ")
	words := pw.words(text, style, size, textW-indentMM)
	if len(refs) > 0 && len(words) > 0 {
		parts := make([]string, len(refs))
		for i, r := range refs {
			parts[i] = strconv.Itoa(r)
		}
		last := &words[len(words)-1]
		last.refs, last.notes = strings.Join(parts, ","), refs
		f.SetFont(serif, style, size*0.6)
		last.w += f.GetStringWidth(last.refs) + 0.3
		f.SetFont(serif, style, size)
	}
	var lines [][]word
	var cur []word
	curW, avail := 0.0, textW-indentMM
	for _, wd := range words {
		need := wd.w
		if len(cur) > 0 {
			need += space
		}
		if len(cur) > 0 && curW+need > avail {
			lines = append(lines, cur)
			cur, curW, avail = nil, 0, textW
			need = wd.w
		}
		cur = append(cur, wd)
		curW += need
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	if len(lines) == 0 {
		lines = [][]word{nil}
	}
	for i, line := range lines {
		// A line that refers to footnotes needs room for them too, on
		// this page or else on the next.
		var notes []int
		for _, wd := range line {
			notes = append(notes, wd.notes...)
		}
		extra := func() float64 {
			return pw.notesHeight(append(slices.Clip(pw.pageNotes), notes...)) - pw.notesHeight(pw.pageNotes)
		}
		pw.ensure(lh + extra())
		pw.pageNotes = append(pw.pageNotes, notes...)
		x := marginL
		width := textW
		if i == 0 {
			x += indentMM
			width -= indentMM
		}
		gap := space
		if justify && i < len(lines)-1 && len(line) > 1 {
			total := 0.0
			for _, wd := range line {
				total += wd.w
			}
			gap = (width - total) / float64(len(line)-1)
		}
		y := f.GetY()
		base := y + lh*0.78
		f.SetFont(serif, style, size)
		for _, wd := range line {
			f.Text(x, base, wd.text)
			if wd.refs != "" {
				tw := f.GetStringWidth(wd.text)
				f.SetFont(serif, style, size*0.6)
				f.Text(x+tw+0.3, base-size*ptToMM*0.35, wd.refs)
				f.SetFont(serif, style, size)
			}
			x += wd.w + gap
		}
		f.SetY(y + lh)
	}
	f.SetFont(serif, style, size)
	f.SetY(f.GetY() + 1.5) // paragraph spacing, about 6 pt with the leading
}

// words splits text into words, breaking any word wider than a line.
func (pw *pdfWriter) words(text, style string, size, maxW float64) []word {
	f := pw.f
	f.SetFont(serif, style, size)
	var out []word
	for _, t := range strings.Fields(text) {
		w := f.GetStringWidth(t)
		if w <= maxW {
			out = append(out, word{text: t, w: w})
			continue
		}
		for _, piece := range f.SplitText(t, maxW) {
			out = append(out, word{text: piece, w: f.GetStringWidth(piece)})
		}
	}
	return out
}

// table draws a bordered table, 12 pt, repeating its header row on each
// page; a row taller than what is left of a page continues on the next.
func (pw *pdfWriter) table(tb Table) {
	f := pw.f
	widths := make([]float64, len(tb.Columns))
	for i, tw := range scaleWidths(tb.Columns, 10000) {
		widths[i] = textW * float64(tw) / 10000
	}
	lh := lineH(sizeTable) * 0.92
	split := func(text, style string, w float64) []string {
		f.SetFont(serif, style, sizeTable)
		var lines []string
		for _, para := range strings.Split(text, "\n") {
			// SplitText keeps fpdf's own cell margin free on both sides.
			ls := f.SplitText(para, w-2*cellPad+2*f.GetCellMargin())
			if len(ls) == 0 {
				ls = []string{""}
			}
			lines = append(lines, ls...)
		}
		return lines
	}
	head := make([][]string, len(tb.Columns))
	headN := 1
	for i, c := range tb.Columns {
		head[i] = split(c.Title, "B", widths[i])
		headN = max(headN, len(head[i]))
	}
	headH := float64(headN)*lh + 2*cellPad
	drawHead := func() {
		pw.drawRow(widths, head, 0, headN, "B", true, lh, tb.Columns)
	}
	pw.ensure(headH + lh + 2*cellPad)
	drawHead()
	usable := pageH - marginT - marginB - headH
	for _, r := range tb.Rows {
		style := ""
		if r.Total || r.Group {
			style = "B"
		}
		var cells [][]string
		rowWidths := widths
		if r.Group {
			rowWidths = []float64{textW}
			cells = [][]string{split(first(r.Cells), style, textW)}
		} else {
			cells = make([][]string, len(widths))
			for i := range widths {
				text := ""
				if i < len(r.Cells) {
					text = r.Cells[i]
				}
				cells[i] = split(text, style, widths[i])
			}
		}
		n := 1
		for _, c := range cells {
			n = max(n, len(c))
		}
		rowH := float64(n)*lh + 2*cellPad
		if f.GetY()+rowH > pw.bottom() && rowH <= usable {
			pw.newPage()
			drawHead()
		}
		for k := 0; k < n; {
			fit := int((pw.bottom() - f.GetY() - 2*cellPad) / lh)
			if fit <= 0 {
				pw.newPage()
				drawHead()
				continue
			}
			m := min(fit, n-k)
			var cols []Column
			if !r.Group {
				cols = tb.Columns
			}
			pw.drawRow(rowWidths, cells, k, k+m, style, false, lh, cols)
			k += m
		}
	}
	f.SetY(f.GetY() + 3)
}

// drawRow draws lines [from, to) of each cell as one band of the table.
func (pw *pdfWriter) drawRow(widths []float64, cells [][]string, from, to int, style string, header bool, lh float64, cols []Column) {
	f := pw.f
	y := f.GetY()
	h := float64(to-from)*lh + 2*cellPad
	x := marginL
	f.SetLineWidth(0.2)
	for i, w := range widths {
		f.Rect(x, y, w, h, "D")
		align := "L"
		if header || (i < len(cols) && cols[i].Numeric) {
			align = "C"
		}
		f.SetFont(serif, style, sizeTable)
		for j := from; j < to && j < len(cells[i]); j++ {
			f.SetXY(x+cellPad, y+cellPad+float64(j-from)*lh)
			f.CellFormat(w-2*cellPad, lh, cells[i][j], "", 0, align, false, 0, "")
		}
		x += w
	}
	f.SetXY(marginL, y+h)
}

// closing is "Nơi nhận:" on the left and the signer's block on the right,
// kept together on one page.
func (pw *pdfWriter) closing(recipients []string, s Signer) {
	if len(recipients) == 0 && len(s.Titles) == 0 && s.Name == "" {
		return
	}
	f := pw.f
	leftW := 80.0
	rightX, rightW := marginL+leftW, textW-leftW
	lhR, lhB := lineH(sizeRecipient), lineH(sizeBody)
	f.SetFont(serif, "", sizeRecipient)
	var recLines []string
	for _, r := range recipients {
		recLines = append(recLines, f.SplitText("- "+r, leftW)...)
	}
	leftH := lhB + float64(len(recLines))*lhR
	rightH := float64(len(s.Titles))*lhB + 25 + lhB
	pw.ensure(max(leftH, rightH) + 3)
	y := f.GetY() + 3
	if len(recipients) > 0 {
		f.SetFont(serif, "BIU", sizeBody)
		f.SetXY(marginL, y)
		f.CellFormat(leftW, lhB, "Nơi nhận:", "", 0, "L", false, 0, "")
		f.SetFont(serif, "", sizeRecipient)
		for i, l := range recLines {
			f.SetXY(marginL, y+lhB+float64(i)*lhR)
			f.CellFormat(leftW, lhR, l, "", 0, "L", false, 0, "")
		}
	}
	ty := y
	for _, t := range s.Titles {
		pw.fitLine(rightX, ty, rightW, t, "B", sizeBody)
		ty += lhB
	}
	if s.Name != "" {
		pw.fitLine(rightX, ty+25, rightW, s.Name, "B", sizeBody)
	}
	f.SetXY(marginL, y+max(leftH, rightH))
}
