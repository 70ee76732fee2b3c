package partydoc

import (
	"fmt"
	"io"
	"slices"
	"strconv"

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
	paraAfter  = 1.5  // paragraph spacing, about 6 pt with the leading
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
	for _, style := range []string{"", "B", "I", "BI"} {
		f.AddUTF8FontFromBytes(serif, style, face(style))
	}
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
	pw := pdfWriter{f: f, m: newMetrics(), noteLines: map[int][]string{}}
	for _, n := range d.Notes() {
		// fpdf's cells keep their margin free on both sides.
		pw.noteLines[n.Number] = pw.wrap(n.Text, "", sizeNote, textW-noteIndent-2*f.GetCellMargin())
	}
	pw.document(d)
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := pw.m.err(); err != nil {
		return fmt.Errorf("pdf fonts: %w", err)
	}
	return f.Output(w)
}

type pdfWriter struct {
	f *fpdf.Fpdf
	// m measures text without writing to the page.
	m    *metrics
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

// width is the width of text in millimetres.
func (pw *pdfWriter) width(text, style string, size float64) float64 {
	return pw.m.width(text, style, size) * ptToMM
}

// wrap breaks text into lines of at most w millimetres, at spaces.
func (pw *pdfWriter) wrap(text, style string, size, w float64) []string {
	return wrapWords(text, w, func(s string) float64 { return pw.width(s, style, size) })
}

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
	// The signer's block never stands alone on the last page: the end of
	// the body goes there with it (keepStart says how much of it).
	var closing closingLayout
	tail, keep := 0.0, len(d.Blocks)
	if hasClosing(d.Recipients, d.Signer) {
		closing = pw.layoutClosing(d.Recipients, d.Signer)
		tail, keep = closing.height(), keepStart(d.Blocks)
	}
	for i, b := range d.Blocks {
		if i == keep {
			pw.keepTogether(d.Blocks[keep:], tail)
		}
		// A heading stays with the start of the table under it.
		if (b.Kind == KindSection || b.Kind == KindArea) && i+1 < len(d.Blocks) && d.Blocks[i+1].Kind == KindTable {
			pw.ensure(lineH(sizeBody) + 35)
		}
		blockTail := 0.0
		if i == len(d.Blocks)-1 {
			blockTail = tail
		}
		pw.block(b, blockTail)
	}
	if hasClosing(d.Recipients, d.Signer) {
		pw.closing(closing, d.Signer)
	}
	pw.flushNotes()
}

// keepStart is the first of the last blocks that move to a new page, all
// together, with the signer's block when they do not fit with it: the
// last paragraph or a table of a single row, and the headings above it.
// A longer table keeps only its last rows with the signer (table does
// that); then keepStart is len(blocks).
func keepStart(blocks []Block) int {
	last := len(blocks) - 1
	if last < 0 {
		return 0
	}
	if b := blocks[last]; b.Kind == KindTable && b.Table != nil && keptRows(b.Table.Rows) > 0 {
		return len(blocks)
	}
	k := last
	for k > 0 && (blocks[k-1].Kind == KindSection || blocks[k-1].Kind == KindArea) {
		k--
	}
	return k
}

// keepTogether starts a new page when blocks and the tail after them do
// not fit on this one but do fit on a page of their own.
func (pw *pdfWriter) keepTogether(blocks []Block, tail float64) {
	h := tail
	var notes []int
	next := pw.note
	for _, b := range blocks {
		switch b.Kind {
		case KindTable:
			if b.Table != nil {
				h += pw.layoutTable(*b.Table).height()
			}
		default:
			refs := make([]int, len(b.Notes))
			for i := range refs {
				next++
				refs[i] = next
			}
			notes = append(notes, refs...)
			text, style := blockText(b)
			h += pw.layoutParagraph(text, style, refs).height()
		}
	}
	fits := func(y float64, pageNotes []int) bool {
		return y+h <= pageH-marginB-pw.notesHeight(append(slices.Clip(pageNotes), notes...))
	}
	if !fits(pw.f.GetY(), pw.pageNotes) && fits(marginT, nil) {
		pw.newPage()
	}
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
	nw := min(pw.width(Nation, "B", sizeNation), rightW)
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
		if pw.width(text, style, s) <= w {
			break
		}
	}
	f.SetFont(serif, style, s)
	f.SetXY(x, y)
	f.CellFormat(w, lineH(size), text, "", 0, "C", false, 0, "")
}

func (pw *pdfWriter) centred(text, style string, size float64) {
	f := pw.f
	lines := pw.wrap(text, style, size, textW)
	pw.ensure(float64(len(lines)) * lineH(size))
	f.SetFont(serif, style, size) // a new page's header sets its own
	for _, l := range lines {
		f.SetX(marginL)
		f.CellFormat(textW, lineH(size), l, "", 1, "C", false, 0, "")
	}
}

// closingLayout is "Nơi nhận:" and the signer's block, laid out.
type closingLayout struct {
	recipients    []string // the recipients' lines, "- " included
	leftH, rightH float64
}

// Closing: the recipients in the left 80 mm; 25 mm for the signature.
const (
	closingLeftW = 80.0
	signSpace    = 25.0
	closingAbove = 3.0
)

func (cl closingLayout) height() float64 { return closingAbove + max(cl.leftH, cl.rightH) }

func (pw *pdfWriter) layoutClosing(recipients []string, s Signer) closingLayout {
	var cl closingLayout
	for _, r := range recipients {
		cl.recipients = append(cl.recipients, pw.wrap("- "+r, "", sizeRecipient, closingLeftW-2*pw.f.GetCellMargin())...)
	}
	lhB := lineH(sizeBody)
	cl.leftH = lhB + float64(len(cl.recipients))*lineH(sizeRecipient)
	cl.rightH = float64(len(s.Titles))*lhB + signSpace + lhB
	return cl
}

// closing is "Nơi nhận:" on the left and the signer's block on the right,
// kept together on one page.
func (pw *pdfWriter) closing(cl closingLayout, s Signer) {
	f := pw.f
	rightX, rightW := marginL+closingLeftW, textW-closingLeftW
	lhR, lhB := lineH(sizeRecipient), lineH(sizeBody)
	pw.ensure(cl.height())
	y := f.GetY() + closingAbove
	if len(cl.recipients) > 0 {
		f.SetFont(serif, "BIU", sizeBody)
		f.SetXY(marginL, y)
		f.CellFormat(closingLeftW, lhB, "Nơi nhận:", "", 0, "L", false, 0, "")
		f.SetFont(serif, "", sizeRecipient)
		for i, l := range cl.recipients {
			f.SetXY(marginL, y+lhB+float64(i)*lhR)
			f.CellFormat(closingLeftW, lhR, l, "", 0, "L", false, 0, "")
		}
	}
	ty := y
	for _, t := range s.Titles {
		pw.fitLine(rightX, ty, rightW, t, "B", sizeBody)
		ty += lhB
	}
	if s.Name != "" {
		pw.fitLine(rightX, ty+signSpace, rightW, s.Name, "B", sizeBody)
	}
	f.SetXY(marginL, y+max(cl.leftH, cl.rightH))
}
