package partydoc

import (
	"slices"
	"strconv"
	"strings"
)

// Paragraphs in the PDF: justified, the first line indented 10 mm,
// footnote numbers raised after the last word.

// blockText is what a text block prints, and in which style.
func blockText(b Block) (text, style string) {
	if b.Kind == KindBlank {
		return BlankLine, ""
	}
	if b.Kind == KindSection || b.Kind == KindArea {
		style = "B"
	}
	if b.Emphasis {
		style += "I"
	}
	text = b.Text
	if b.Kind == KindBullet {
		text = "- " + text
	}
	return text, style
}

// block writes one block; tail is the height of what must follow its
// last lines on the same page (the signer's block after the last one).
func (pw *pdfWriter) block(b Block, tail float64) {
	if b.Kind == KindTable {
		if b.Table != nil {
			pw.table(*b.Table, tail)
		}
		return
	}
	text, style := blockText(b)
	refs := make([]int, len(b.Notes))
	for i := range b.Notes {
		pw.note++
		refs[i] = pw.note
	}
	// A heading keeps with the next line: at least two lines must fit.
	if b.Kind == KindSection || b.Kind == KindArea {
		pw.ensure(3 * lineH(sizeBody))
	}
	pw.paragraph(pw.layoutParagraph(text, style, refs), b.Kind != KindBlank, tail)
}

// word is a word of a paragraph with its width.
type word struct {
	text  string
	w     float64
	refs  string // footnote numbers raised after the word
	notes []int  // the same numbers, whose footnotes go on the word's page
}

// paraLayout is a paragraph broken into lines: the first is indented 10 mm.
type paraLayout struct {
	lines [][]word
	style string
	space float64 // the width of a space
}

func (pl paraLayout) height() float64 {
	return float64(len(pl.lines))*lineH(sizeBody) + paraAfter
}

// layoutParagraph breaks text into lines, with footnote numbers raised
// after the last word.
func (pw *pdfWriter) layoutParagraph(text, style string, refs []int) paraLayout {
	size := float64(sizeBody)
	space := pw.width(" ", style, size)
	words := pw.words(text, style, size, textW-indentMM)
	if len(refs) > 0 && len(words) > 0 {
		parts := make([]string, len(refs))
		for i, r := range refs {
			parts[i] = strconv.Itoa(r)
		}
		last := &words[len(words)-1]
		last.refs, last.notes = strings.Join(parts, ","), refs
		last.w += pw.width(last.refs, style, size*0.6) + 0.3
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
	return paraLayout{lines: lines, style: style, space: space}
}

// paragraph writes a laid-out paragraph, justified unless told otherwise.
// Its last two lines go on the page of the tail that follows them.
func (pw *pdfWriter) paragraph(pl paraLayout, justify bool, tail float64) {
	f := pw.f
	size := float64(sizeBody)
	lh := lineH(size)
	style := pl.style
	for i, line := range pl.lines {
		// A line that refers to footnotes needs room for them too, on
		// this page or else on the next.
		notes := lineNotes(line)
		need := lh
		if rest := len(pl.lines) - i; tail > 0 && rest == min(2, len(pl.lines)) {
			// The last two lines and the tail, with all their notes.
			need = float64(rest)*lh + paraAfter + tail
			for _, l := range pl.lines[i+1:] {
				notes = append(notes, lineNotes(l)...)
			}
		}
		extra := pw.notesHeight(append(slices.Clip(pw.pageNotes), notes...)) - pw.notesHeight(pw.pageNotes)
		pw.ensure(need + extra)
		notes = lineNotes(line)
		pw.pageNotes = append(pw.pageNotes, notes...)
		x := marginL
		width := textW
		if i == 0 {
			x += indentMM
			width -= indentMM
		}
		gap := pl.space
		if justify && i < len(pl.lines)-1 && len(line) > 1 {
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
				tw := pw.width(wd.text, style, size)
				f.SetFont(serif, style, size*0.6)
				f.Text(x+tw+0.3, base-size*ptToMM*0.35, wd.refs)
				f.SetFont(serif, style, size)
			}
			x += wd.w + gap
		}
		f.SetY(y + lh)
	}
	f.SetY(f.GetY() + paraAfter)
}

// lineNotes are the footnotes a line refers to.
func lineNotes(line []word) []int {
	var notes []int
	for _, wd := range line {
		notes = append(notes, wd.notes...)
	}
	return notes
}

// words splits text into words, breaking any word wider than a line
// between letters (there is no other place to break it).
func (pw *pdfWriter) words(text, style string, size, maxW float64) []word {
	var out []word
	for _, t := range strings.Fields(text) {
		for _, piece := range pw.wrap(t, style, size, maxW) {
			out = append(out, word{text: piece, w: pw.width(piece, style, size)})
		}
	}
	return out
}
