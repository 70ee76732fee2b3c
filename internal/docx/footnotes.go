package docx

import (
	"encoding/xml"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/document"
)

// noteTable holds the footnote texts and numbers them in order of first
// reference, as Word's default numbering prints them.
type noteTable struct {
	texts   map[string]string // by w:id; separators are not here
	numbers map[string]int
	last    int
}

// ref resolves a w:footnoteReference. A custom mark ("*") does not take a
// number: Number is 0. A reference to a missing footnote is dropped.
func (t *noteTable) ref(id string, customMark bool) (document.Footnote, bool) {
	text, ok := t.texts[id]
	if !ok {
		return document.Footnote{}, false
	}
	if customMark {
		return document.Footnote{Text: text}, true
	}
	n, seen := t.numbers[id]
	if !seen {
		t.last++
		n = t.last
		t.numbers[id] = n
	}
	return document.Footnote{Number: n, Text: text}, true
}

// readFootnotes reads each footnote as its paragraphs joined by a space.
func readFootnotes(p *pkg, name string) (*noteTable, error) {
	t := &noteTable{texts: map[string]string{}, numbers: map[string]int{}}
	_, err := p.parse(name, func(x *xmlReader) error {
		s := &story{x: x, styles: &styles{}}
		var id string
		var first int // s.blocks index where the current footnote starts
		return s.walk(func(tok xml.Token) (bool, error) {
			switch tk := tok.(type) {
			case xml.StartElement:
				if !x.in("footnotes", "footnote") {
					return false, nil
				}
				switch attr(tk, "type") {
				case "separator", "continuationSeparator", "continuationNotice":
					return true, x.skip()
				}
				id, first = attr(tk, "id"), len(s.blocks)
			case xml.EndElement:
				if !isW(tk.Name) || tk.Name.Local != "footnote" || !x.in("footnotes") {
					return false, nil
				}
				texts := make([]string, 0, len(s.blocks)-first)
				for _, b := range s.blocks[first:] {
					texts = append(texts, b.Text)
				}
				t.texts[id] = norm.NFC.String(strings.TrimSpace(strings.Join(texts, " ")))
				s.blocks = s.blocks[:first]
			}
			return false, nil
		})
	})
	return t, err
}
