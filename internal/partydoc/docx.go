package partydoc

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

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
	// The signer's block never stands alone on the last page: the last
	// paragraph, or the last row of the last table, goes there with it.
	var closing *docx.Table
	if hasClosing(d.Recipients, d.Signer) {
		closing = dw.closingTable(d.Recipients, d.Signer)
	}
	for i, b := range d.Blocks {
		if i < len(d.Blocks)-1 || closing == nil {
			dw.block(b, nil)
			continue
		}
		dw.block(b, closing)
		if b.Kind == KindTable && b.Table != nil {
			closing = nil // the table holds it
		}
	}
	if closing != nil {
		dw.place(closing)
	}
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
	dw.place(t)
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

// borderlessTable makes a table on the grid widths, in twips, with no
// border; the caller places it.
func (dw *docxWriter) borderlessTable(widths ...int) *docx.Table {
	t := docx.NewTable(dw.rd)
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

// place puts a table at the end of the body.
func (dw *docxWriter) place(t *docx.Table) {
	dw.rd.Document.Body.Children = append(dw.rd.Document.Body.Children, docx.DocumentChild{Table: t})
}

// block writes one block. closing is the signer's block when b is the
// last block: a paragraph keeps with it, whole, and a table takes it in
// (table).
func (dw *docxWriter) block(b Block, closing *docx.Table) {
	keepNext := closing != nil
	switch b.Kind {
	case KindTable:
		if b.Table != nil {
			dw.table(*b.Table, closing)
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
