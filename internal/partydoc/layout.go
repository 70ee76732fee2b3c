package partydoc

import (
	"strings"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/go-pdf/fpdf"
)

// Layout both writers share: measuring text in the font Word and
// LibreOffice set it in, breaking it into lines at spaces, and sizing a
// table's columns for what they hold.

// metrics measures text in Liberation Serif, which has the advance widths
// of Times New Roman, so a width measured here is the width Word and
// LibreOffice give the same text. It holds an Fpdf with no page, so
// choosing a font writes nothing anywhere.
type metrics struct {
	f      *fpdf.Fpdf
	loaded map[string]bool // the faces read so far, by fpdf style
	style  string
	size   float64
}

func newMetrics() *metrics {
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: 595, Ht: 842}})
	return &metrics{f: f, loaded: map[string]bool{}}
}

// face is Liberation Serif's face for an fpdf style.
func face(style string) []byte {
	switch style {
	case "B":
		return liberationserifbold.TTF
	case "I":
		return liberationserifitalic.TTF
	case "BI":
		return liberationserifbolditalic.TTF
	}
	return liberationserifregular.TTF
}

// width is the width of text in points; style is "", "B", "I" or "BI".
// A face is read the first time it is asked for: most documents need
// two of the four.
func (m *metrics) width(text, style string, size float64) float64 {
	if style != m.style || size != m.size {
		if !m.loaded[style] {
			m.f.AddUTF8FontFromBytes(serif, style, face(style))
			m.loaded[style] = true
		}
		m.f.SetFont(serif, style, size)
		m.style, m.size = style, size
	}
	return m.f.GetStringWidth(text)
}

// err is the first error reading a face.
func (m *metrics) err() error { return m.f.Error() }

// longestWord is the width of the widest word of text.
func (m *metrics) longestWord(text, style string, size float64) float64 {
	w := 0.0
	for _, wd := range strings.Fields(text) {
		w = max(w, m.width(wd, style, size))
	}
	return w
}

// Table cells: 12 pt, never smaller than 9 pt, 1.5 mm of room on either
// side of the text (the Word table's left and right cell margins).
const (
	minTableSize = 9.0
	cellPadXPt   = 1.5 / ptToMM
	// cellSlackPt is room for the rounding of widths to twips and of the
	// layout engines, so a word measured to fit does fit.
	cellSlackPt = 1.5
)

// cellFontSize is the size a cell's text is set in: the table's size, or
// smaller when one of its words is wider than the cell, so that a name
// such as "UBMTTQVN" is never cut in two (DOMAIN §2).
func (m *metrics) cellFontSize(text, style string, inner float64) float64 {
	size := float64(sizeTable)
	for size > minTableSize && m.longestWord(text, style, size) > inner {
		size -= 0.5
	}
	return size
}

// wrapWords breaks text into lines no wider than w, at spaces only; a
// "\n" starts a new line. Only a word wider than a whole line is broken,
// between letters, as there is no other place to break it.
func wrapWords(text string, w float64, width func(string) float64) []string {
	var lines []string
	space := width(" ")
	for _, para := range strings.Split(text, "\n") {
		var line strings.Builder
		lineW := 0.0
		flush := func() {
			lines = append(lines, line.String())
			line.Reset()
			lineW = 0
		}
		for _, wd := range strings.Fields(para) {
			ww := width(wd)
			for ww > w && len([]rune(wd)) > 1 {
				if line.Len() > 0 {
					flush()
				}
				head, rest := cutToWidth(wd, w, width)
				lines = append(lines, head)
				wd, ww = rest, width(rest)
			}
			switch {
			case line.Len() == 0:
				line.WriteString(wd)
				lineW = ww
			case lineW+space+ww <= w:
				line.WriteByte(' ')
				line.WriteString(wd)
				lineW += space + ww
			default:
				flush()
				line.WriteString(wd)
				lineW = ww
			}
		}
		flush()
	}
	return lines
}

// cutToWidth splits a word after as many letters as fit in w, at least one.
func cutToWidth(wd string, w float64, width func(string) float64) (head, rest string) {
	runes := []rune(wd)
	n := 1
	for n < len(runes) && width(string(runes[:n+1])) <= w {
		n++
	}
	return string(runes[:n]), string(runes[n:])
}

// columnWidths sizes a table's columns, in points, to add up to total.
// Each column is at least as wide as its longest word (the header's in
// bold), a numeric column as its longest value and three digits, so "TT"
// and "123" never wrap; what is left is shared by the relative widths.
// When even that does not fit, the columns share the table by need and
// cellFontSize shrinks the words that still do not fit.
func columnWidths(tb Table, total float64, m *metrics) []float64 {
	n := len(tb.Columns)
	need := make([]float64, n)
	var rel float64
	for i, c := range tb.Columns {
		need[i] = m.longestWord(c.Title, "B", sizeTable)
		if c.Numeric {
			need[i] = max(need[i], m.width("000", "B", sizeTable))
		}
		rel += max(c.Width, 0.1)
	}
	for _, r := range tb.Rows {
		if r.Group {
			continue
		}
		style := ""
		if r.Total {
			style = "B"
		}
		for i := range min(n, len(r.Cells)) {
			text := r.Cells[i]
			if !tb.Columns[i].Numeric {
				need[i] = max(need[i], m.longestWord(text, style, sizeTable))
				continue
			}
			// A number or a date stays on one line.
			for _, line := range strings.Split(text, "\n") {
				need[i] = max(need[i], m.width(strings.TrimSpace(line), style, sizeTable))
			}
		}
	}
	widths := make([]float64, n)
	var sumW, sumNeed, slack float64
	for i, c := range tb.Columns {
		need[i] = min(need[i]+2*cellPadXPt+cellSlackPt, total/2)
		widths[i] = max(total*max(c.Width, 0.1)/rel, need[i])
		sumW += widths[i]
		sumNeed += need[i]
		slack += widths[i] - need[i]
	}
	over := sumW - total
	switch {
	case over <= 0:
	case slack >= over: // the wide columns give up part of what they have beyond their need
		for i := range widths {
			widths[i] -= (widths[i] - need[i]) * over / slack
		}
	default:
		for i := range widths {
			widths[i] = total * need[i] / sumNeed
		}
	}
	return widths
}

// twipWidths rounds point widths to twips that add up to total.
func twipWidths(widths []float64, total int) []int {
	out := make([]int, len(widths))
	used, acc := 0, 0.0
	for i, w := range widths {
		acc += w * 20
		out[i] = int(acc+0.5) - used
		used += out[i]
	}
	if len(out) > 0 {
		out[len(out)-1] += total - used
	}
	return out
}

// ColumnShares are the columns of each table as the Word file sizes them
// on the A4 text width, in percent of it: a page shows the same tables
// with the same proportions. One measure serves all the tables.
func ColumnShares(tables ...Table) ([][]float64, error) {
	m := newMetrics()
	out := make([][]float64, len(tables))
	for t, tb := range tables {
		pts := columnWidths(tb, float64(textWidthTw)/20, m)
		var total float64
		for _, w := range pts {
			total += w
		}
		out[t] = make([]float64, len(pts))
		for i, w := range pts {
			if total > 0 {
				out[t][i] = 100 * w / total
			}
		}
	}
	return out, m.err()
}
