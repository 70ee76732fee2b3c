package partydoc

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// Page geometry in twentieths of a point (twips): A4 with the margins of
// Hướng dẫn 36-HD/VPTW (top and bottom 20 mm, left 30 mm, right 15 mm).
const (
	pageWidthTw   = 11906
	pageHeightTw  = 16838
	marginTopTw   = 1134
	marginBotTw   = 1134
	marginLeftTw  = 1701
	marginRightTw = 850
	textWidthTw   = pageWidthTw - marginLeftTw - marginRightTw
	indentTw      = 567 // 10 mm first-line indent of body paragraphs
	// Table cells: 1.5 mm left and right of the text (cellPadXPt), 0.5 mm above and below.
	cellPadXTw = 85
	cellPadYTw = 28
	// The heading block is 10 mm wider than the text, on the left.
	headerOutdentTw = 567
	headerColTw     = (textWidthTw + headerOutdentTw) / 2
)

// Font sizes in points (DOMAIN §5).
const (
	sizeBody      = 14
	sizeNation    = 15
	sizeKind      = 15
	sizeTable     = 12
	sizeRecipient = 12
)

// bodyFont is what the guidance prescribes; LibreOffice maps it to the
// metric-compatible Liberation Serif.
const bodyFont = "Times New Roman"

// WriteDOCX writes d as a Word document. The body is built with godocx;
// footnotes, which godocx cannot write, are added to the package after.
func WriteDOCX(w io.Writer, d Document) error {
	d.Normalize()
	rd, err := godocx.NewDocument()
	if err != nil {
		return fmt.Errorf("docx template: %w", err)
	}
	setDefaults(rd)
	dw := docxWriter{rd: rd, m: newMetrics()}
	dw.document(d)
	if err := dw.m.err(); err != nil {
		return fmt.Errorf("docx fonts: %w", err)
	}

	var raw bytes.Buffer
	if _, err := rd.WriteTo(&raw); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return finishPackage(w, raw.Bytes(), d.Title, d.Notes())
}

// setDefaults makes Times New Roman 14, Vietnamese, the document's default
// (so text a user adds later looks the same) and sets the A4 page.
func setDefaults(rd *docx.RootDoc) {
	if rd.DocStyles.DocDefaults == nil {
		rd.DocStyles.DocDefaults = &ctypes.DocDefault{}
	}
	dd := rd.DocStyles.DocDefaults
	vi := "vi-VN"
	dd.RunProp = &ctypes.RunPropDefault{RunProp: &ctypes.RunProperty{
		Fonts:  &ctypes.RunFonts{Ascii: bodyFont, HAnsi: bodyFont, EastAsia: bodyFont, CS: bodyFont},
		Size:   ctypes.NewFontSize(2 * sizeBody),
		SizeCs: ctypes.NewFontSizeCS(2 * sizeBody),
		Lang:   &ctypes.Lang{Val: &vi, EastAsia: &vi},
	}}
	line := 264 // 1.1 lines
	rule := stypes.LineSpacingRuleAuto
	after := uint64(120) // 6 pt
	before := uint64(0)
	dd.ParaProp = &ctypes.ParaPropDefault{ParaProp: &ctypes.ParagraphProp{
		Spacing: &ctypes.Spacing{Before: &before, After: &after, Line: &line, LineRule: &rule},
	}}
	rd.Document.Body.SectPr = &ctypes.SectionProp{
		PageSize: &ctypes.PageSize{Width: uint64Ptr(pageWidthTw), Height: uint64Ptr(pageHeightTw)},
		PageMargin: &ctypes.PageMargin{
			Top: intPtr(marginTopTw), Bottom: intPtr(marginBotTw), Left: intPtr(marginLeftTw), Right: intPtr(marginRightTw),
			Header: intPtr(567), Footer: intPtr(567), Gutter: intPtr(0),
		},
		// The first page has its own, empty, header: page numbers start
		// on the second (the package step adds the headers).
		TitlePg: ctypes.NewGenSingleStrVal(stypes.OnOffTrue),
	}
}

type docxWriter struct {
	rd   *docx.RootDoc
	m    *metrics
	note int // footnotes written so far
}

func (dw *docxWriter) document(d Document) {
	if d.Draft {
		p := dw.rd.AddEmptyParagraph()
		p.Justification(stypes.JustificationRight)
		p.AddText("DỰ THẢO").Bold(true).Italic(true).Size(sizeBody)
	}
	dw.header(d.Header)
	if d.Kind != "" {
		p := dw.rd.AddEmptyParagraph()
		p.Justification(stypes.JustificationCenter)
		p.Spacing(360, 0)
		p.AddText(d.Kind).Bold(true).Size(sizeKind)
	}
	for _, s := range d.Summary {
		p := dw.rd.AddEmptyParagraph()
		p.Justification(stypes.JustificationCenter)
		p.Spacing(0, 0)
		p.AddText(s).Bold(true).Size(sizeBody)
	}
	if d.Kind != "" {
		p := dw.rd.AddEmptyParagraph()
		p.Justification(stypes.JustificationCenter)
		p.Spacing(0, 240)
		p.AddText("-----")
	}
	closes := hasClosing(d.Recipients, d.Signer)
	for i, b := range d.Blocks {
		// The last paragraph, or the last row of the last table, goes
		// to the next page with the signer rather than leave the
		// signer's block alone there.
		dw.block(b, closes && i == len(d.Blocks)-1)
	}
	dw.closing(d.Recipients, d.Signer)
}

// hasClosing says whether a document ends with "Nơi nhận" or a signer.
func hasClosing(recipients []string, s Signer) bool {
	return len(recipients) > 0 || len(s.Titles) > 0 || s.Name != ""
}

// header is the two-column heading as a borderless table, as Word users
// lay it out by hand: it reaches 10 mm into the left margin, so the
// committee's name and the Party's name each fit on one line.
func (dw *docxWriter) header(h Header) {
	left, right := headerColTw, headerColTw
	t := dw.borderlessTable(left, right)
	t.GetCT().TableProp.Indent = ctypes.NewTableWidth(-headerOutdentTw, stypes.TableWidthDxa)
	zero := func() *ctypes.TableWidth { return ctypes.NewTableWidth(0, stypes.TableWidthDxa) }
	t.CellMargin(zero(), zero(), zero(), zero())
	row := t.AddRow()
	lc := row.AddCell().Width(left, stypes.TableWidthDxa)
	rc := row.AddCell().Width(right, stypes.TableWidthDxa)
	centred := func(c *docx.Cell, text string, size uint64, bold, italic, underline bool) {
		p := c.AddEmptyPara()
		p.Justification(stypes.JustificationCenter)
		p.Spacing(0, 0)
		if text == "" {
			return
		}
		r := p.AddText(text).Size(size).Bold(bold).Italic(italic)
		if underline {
			r.Underline(stypes.UnderlineSingle)
		}
	}
	centred(lc, h.SuperiorBody, sizeBody, false, false, false)
	centred(lc, h.IssuingBody, sizeBody, true, false, false)
	centred(lc, "*", sizeBody, false, false, false)
	centred(lc, h.Number, sizeBody, false, false, false)
	centred(rc, Nation, sizeNation, true, false, true)
	centred(rc, "", sizeBody, false, false, false)
	centred(rc, h.PlaceDate, sizeBody, false, true, false)
}

func (dw *docxWriter) borderlessTable(widths ...int) *docx.Table {
	t := dw.rd.AddTable()
	t.Width(sum(widths), stypes.TableWidthDxa)
	t.Layout(stypes.TableLayoutFixed)
	grid := make([]uint64, len(widths))
	for i, w := range widths {
		grid[i] = uint64(w)
	}
	t.Grid(grid...)
	none := func() *ctypes.Border { return &ctypes.Border{Val: stypes.BorderStyleNone} }
	t.GetCT().TableProp.Borders = &ctypes.TableBorders{Top: none(), Left: none(), Bottom: none(), Right: none(), InsideH: none(), InsideV: none()}
	return t
}

// block writes one block; keepNext keeps it, whole, on the page of what
// follows.
func (dw *docxWriter) block(b Block, keepNext bool) {
	switch b.Kind {
	case KindTable:
		if b.Table != nil {
			dw.table(*b.Table, keepNext)
		}
		return
	case KindBlank:
		p := dw.bodyParagraph()
		p.AddText(BlankLine)
		keepWithNext(p, keepNext)
		return
	}
	p := dw.bodyParagraph()
	keepWithNext(p, keepNext)
	text := b.Text
	if b.Kind == KindBullet {
		text = "- " + text
	}
	r := p.AddText(text)
	switch b.Kind {
	case KindSection, KindArea:
		r.Bold(true)
		p.GetCT().Property.KeepNext = ctypes.OnOffFromBool(true)
	}
	if b.Emphasis {
		r.Italic(true)
	}
	for i := range b.Notes {
		dw.note++
		if i > 0 { // "2,3" rather than "23"
			p.AddText(",").VerticalAlign(stypes.VerticalAlignRunSuperscript)
		}
		// A marker the package step turns into a footnote reference.
		p.AddText(noteMarker(dw.note)).VerticalAlign(stypes.VerticalAlignRunSuperscript)
	}
}

// keepWithNext keeps a paragraph's lines together and on the page of
// the next paragraph or table row.
func keepWithNext(p *docx.Paragraph, keep bool) {
	if keep {
		p.GetCT().Property.KeepNext = ctypes.OnOffFromBool(true)
		p.GetCT().Property.KeepLines = ctypes.OnOffFromBool(true)
	}
}

func (dw *docxWriter) bodyParagraph() *docx.Paragraph {
	p := dw.rd.AddEmptyParagraph()
	p.Justification(stypes.JustificationBoth)
	first := uint64(indentTw)
	p.Indent(&ctypes.Indent{FirstLine: &first})
	return p
}

// table writes a bordered table in 12 pt with a repeated header row. Its
// columns are sized for their content (columnWidths) and written as a
// fixed grid, so Word and LibreOffice lay them out alike.
//
// keepNext keeps the last row (and the group rows heading it) on the page
// of what follows the table. Word would keep a row with the next through
// its paragraphs' keep-with-next; LibreOffice ignores that inside a table
// but keeps a whole table with the next paragraph when all its paragraphs
// say so. So those rows are written as a table of their own, right under
// the first and on the same grid, which Word joins to it.
func (dw *docxWriter) table(tb Table, keepNext bool) {
	pts := columnWidths(tb, float64(textWidthTw)/20, dw.m)
	widths := twipWidths(pts, textWidthTw)
	t := dw.dataTable(widths)
	head := t.AddRow()
	for i, col := range tb.Columns {
		c := head.AddCell().Width(widths[i], stypes.TableWidthDxa).VerticalAlign("center")
		dw.cellText(c, col.Title, true, true, widths[i])
	}
	t.GetCT().RowContents[0].Row.Property.Header = ctypes.OnOffFromBool(true)
	kept := len(tb.Rows)
	if keepNext {
		kept = keptRows(tb.Rows)
	}
	for j, r := range tb.Rows {
		if j == kept && j > 0 {
			t = dw.dataTable(widths)
		}
		row := t.AddRow()
		row.GetCT().Property.CantSplit = ctypes.OnOffFromBool(true)
		var ps []*docx.Paragraph
		if r.Group {
			c := row.AddCell().Width(textWidthTw, stypes.TableWidthDxa).ColSpan(len(widths))
			ps = dw.cellText(c, first(r.Cells), true, false, textWidthTw)
		} else {
			for i := range widths {
				c := row.AddCell().Width(widths[i], stypes.TableWidthDxa)
				text := ""
				if i < len(r.Cells) {
					text = r.Cells[i]
				}
				ps = append(ps, dw.cellText(c, text, r.Total, tb.Columns[i].Numeric, widths[i])...)
			}
		}
		if j >= kept {
			for _, p := range ps {
				keepWithNext(p, true)
			}
		}
	}
	// Word needs a paragraph between two tables and after a table.
	gap := dw.rd.AddEmptyParagraph()
	gap.Spacing(0, 120)
	keepWithNext(gap, keepNext)
}

// dataTable starts a bordered table on the given grid, in twips, with
// 1.5 mm of room left and right of the text.
func (dw *docxWriter) dataTable(widths []int) *docx.Table {
	t := dw.rd.AddTable()
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
func (dw *docxWriter) cellText(c *docx.Cell, text string, bold, centre bool, widthTw int) []*docx.Paragraph {
	style := ""
	if bold {
		style = "B"
	}
	size := uint64(dw.m.cellFontSize(text, style, float64(widthTw-2*cellPadXTw)/20))
	var ps []*docx.Paragraph
	for _, line := range strings.Split(text, "\n") {
		p := c.AddEmptyPara()
		p.Spacing(0, 0)
		if centre {
			p.Justification(stypes.JustificationCenter)
		}
		p.AddText(line).Size(size).Bold(bold)
		ps = append(ps, p)
	}
	return ps
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

// closing is "Nơi nhận:" on the left and the signer on the right.
func (dw *docxWriter) closing(recipients []string, s Signer) {
	if !hasClosing(recipients, s) {
		return
	}
	left, right := 4700, textWidthTw-4700
	t := dw.borderlessTable(left, right)
	row := t.AddRow()
	// The block is never split between two pages.
	t.GetCT().RowContents[0].Row.Property.CantSplit = ctypes.OnOffFromBool(true)
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
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

func intPtr(v int) *int          { return &v }
func uint64Ptr(v uint64) *uint64 { return &v }

// noteMarker stands in for footnote n until the package step replaces it;
// private-use characters cannot occur in the document's own text.
func noteMarker(n int) string { return "\uE000" + strconv.Itoa(n) + "\uE001" }
