package docx

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/document"
)

// story walks one WordprocessingML story (the body, or the footnotes) and
// collects its paragraphs as blocks in reading order.
type story struct {
	x      *xmlReader
	styles *styles
	num    *numbering // nil: list labels are not generated (footnotes)
	notes  *noteTable // nil: footnote references are not read (footnotes)
	fields []bool     // open complex fields; true once past "separate"
	open   []*para    // open paragraphs; text boxes nest them
	tables []*table   // open tables, innermost last; nil when not tracked
	blocks []document.Block

	inText   bool // inside a w:t
	preserve bool // its xml:space="preserve"
	text     []byte
}

// para is a paragraph being read.
type para struct {
	style           string
	numID, ilvl     int
	hasNum, hasIlvl bool
	run             runState
	lines           []*line          // split at w:br / w:cr
	nested          []document.Block // text-box paragraphs, emitted after this one
}

type runState struct {
	hidden      bool // w:vanish
	markFollows bool // a custom footnote mark follows: drop that text
}

type line struct {
	text  strings.Builder
	notes []document.Footnote
}

// readBody reads the main document story.
func readBody(p *pkg, name string, st *styles, num *numbering, notes *noteTable) ([]document.Block, error) {
	var blocks []document.Block
	_, err := p.parse(name, func(x *xmlReader) error {
		s := &story{x: x, styles: st, num: num, notes: notes}
		err := s.walk(nil)
		blocks = s.blocks
		return err
	})
	return blocks, err
}

// walk reads tokens to the end. hook, if set, sees every token first and
// may consume it.
func (s *story) walk(hook func(xml.Token) (done bool, err error)) error {
	for {
		tok, err := s.x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if hook != nil {
			done, err := hook(tok)
			if err != nil {
				return err
			}
			if done {
				continue
			}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			err = s.start(t)
		case xml.EndElement:
			s.end(t)
		case xml.CharData:
			if s.inText {
				s.text = append(s.text, t...)
			}
		}
		if err != nil {
			return err
		}
	}
}

func (s *story) para() *para {
	if len(s.open) == 0 {
		return nil
	}
	return s.open[len(s.open)-1]
}

func (s *story) start(t xml.StartElement) error {
	if t.Name.Space == nsMC && t.Name.Local == "Fallback" {
		return s.x.skip() // mc:Choice holds the same content (text boxes twice otherwise)
	}
	if !isW(t.Name) {
		return nil
	}
	name := t.Name.Local
	switch name {
	case "del", "moveFrom", "pPrChange", "rPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange":
		// Tracked deletions and the formatting before a tracked change.
		return s.x.skip()
	case "p":
		s.open = append(s.open, &para{lines: []*line{{}}})
		return nil
	case "tbl", "tr", "tc", "gridSpan":
		s.tableStart(name, len(s.x.stack), func() (int, bool) { return attrInt(t, "val") })
		return nil
	case "fldChar":
		switch attr(t, "fldCharType") {
		case "begin":
			s.fields = append(s.fields, false)
		case "separate":
			if len(s.fields) > 0 {
				s.fields[len(s.fields)-1] = true
			}
		case "end":
			if len(s.fields) > 0 {
				s.fields = s.fields[:len(s.fields)-1]
			}
		}
		return nil
	}
	p := s.para()
	if p == nil {
		return nil
	}
	switch {
	case name == "r":
		p.run = runState{}
	case s.x.in("p", "pPr", "pStyle"):
		p.style = attr(t, "val")
	case s.x.in("p", "pPr", "numPr", "numId"):
		p.numID, p.hasNum = attrInt(t, "val")
	case s.x.in("p", "pPr", "numPr", "ilvl"):
		p.ilvl, p.hasIlvl = attrInt(t, "val")
	case s.x.in("r", "rPr", "vanish"):
		p.run.hidden = isOn(attr(t, "val"), true)
	case !s.x.in("r", name):
		// The rest are run content; w:tab also defines tab stops in w:pPr.
	case name == "t":
		s.inText, s.preserve, s.text = true, attr(t, "space") == "preserve", s.text[:0]
	case name == "tab", name == "ptab":
		s.write("\t")
	case name == "noBreakHyphen":
		s.write("-")
	case name == "sym":
		s.write(symbol(attr(t, "char")))
	case name == "br", name == "cr":
		if s.visible() {
			p.lines = append(p.lines, &line{})
		}
	case name == "footnoteReference":
		if s.notes == nil || !s.visible() {
			break
		}
		custom := isOn(attr(t, "customMarkFollows"), false)
		if fn, ok := s.notes.ref(attr(t, "id"), custom); ok {
			l := p.lines[len(p.lines)-1]
			l.notes = append(l.notes, fn)
		}
		p.run.markFollows = custom
	}
	return nil
}

func (s *story) end(t xml.EndElement) {
	if !isW(t.Name) {
		return
	}
	switch t.Name.Local {
	case "t":
		if !s.inText {
			return
		}
		s.inText = false
		text := string(s.text)
		if !s.preserve {
			text = strings.Trim(text, " \t\r\n") // what Word does without xml:space="preserve"
		}
		if p := s.para(); p != nil && p.run.markFollows {
			p.run.markFollows = false // the custom footnote mark ("*"), not body text
			return
		}
		if strings.ContainsAny(text, "\r\n") { // only a line break splits a paragraph
			text = strings.Map(func(r rune) rune {
				if r == '\r' || r == '\n' {
					return ' '
				}
				return r
			}, text)
		}
		s.write(text)
	case "p":
		s.closePara()
	case "tbl", "tr", "tc":
		s.tableEnd(t.Name.Local, len(s.x.stack))
	}
}

func (s *story) visible() bool {
	p := s.para()
	if p == nil || p.run.hidden {
		return false
	}
	for _, inResult := range s.fields {
		if !inResult {
			return false // field instructions are not displayed
		}
	}
	return true
}

func (s *story) write(text string) {
	if s.visible() {
		s.para().lines[len(s.para().lines)-1].text.WriteString(text)
	}
}

func (s *story) closePara() {
	if len(s.open) == 0 {
		return
	}
	p := s.open[len(s.open)-1]
	s.open = s.open[:len(s.open)-1]
	label, listItem, level := s.listing(p)
	blocks := append(p.blocks(label, listItem, level, s.inCell()), p.nested...)
	if outer := s.para(); outer != nil {
		outer.nested = append(outer.nested, blocks...)
		return
	}
	s.blocks = append(s.blocks, blocks...)
}

// listing decides how Word numbering shows on p: a bullet makes it a list
// item at a level; a numbered level gives a label to prepend.
func (s *story) listing(p *para) (label string, listItem bool, level int) {
	if s.num == nil {
		return "", false, 0
	}
	styleID := p.style
	if styleID == "" {
		styleID = s.styles.defaultPara
	}
	sn := s.styles.numbering(styleID)
	numID := sn.numID
	if p.hasNum {
		numID = p.numID
	} else if !sn.hasNum {
		return "", false, 0
	}
	if numID == 0 {
		return "", false, 0 // numId 0 switches numbering off
	}
	ilvl := 0
	switch {
	case p.hasIlvl:
		ilvl = p.ilvl
	case sn.hasIlvl:
		ilvl = sn.ilvl
	default:
		ilvl, _ = s.num.levelOfStyle(numID, styleID)
	}
	ilvl = min(max(ilvl, 0), maxLevels-1)
	label, bullet, known := s.num.next(numID, ilvl)
	if !known || bullet {
		return "", true, ilvl // a list we cannot resolve is most likely bullets
	}
	return label, false, 0
}

// blocks turns the lines of p into blocks: NFC, trimmed right, empty ones
// dropped (their footnotes move to a neighbour). The label and ListItem go
// to the first block. In a table cell a paragraph holding nothing but its
// number is kept: Word's automatic numbering fills the STT column so.
func (p *para) blocks(label string, listItem bool, level int, inCell bool) []document.Block {
	var out []document.Block
	var carry []document.Footnote
	for i, l := range p.lines {
		text := strings.TrimRightFunc(norm.NFC.String(l.text.String()), unicode.IsSpace)
		if text == "" && i == 0 && inCell && label != "" {
			out = append(out, document.Block{Text: label, Notes: l.notes})
			label = ""
			continue
		}
		if text == "" {
			if len(out) > 0 {
				out[len(out)-1].Notes = append(out[len(out)-1].Notes, l.notes...)
			} else {
				carry = append(carry, l.notes...)
			}
			continue
		}
		b := document.Block{Text: text, Notes: append(carry, l.notes...)}
		carry = nil
		if len(out) == 0 {
			if label != "" {
				b.Text = label + " " + text
			}
			b.ListItem = listItem
			if listItem {
				b.ListLevel = level
			}
		}
		out = append(out, b)
	}
	return out
}

// symbolChars maps the symbol-font code points Word uses for bullets and
// dashes (w:sym w:char="F0B7") to Unicode. Best effort: others are dropped.
var symbolChars = map[uint64]string{
	0xF02D: "-", 0xF0B7: "•", 0xF0A7: "▪", 0xF0D8: "➢", 0xF0E0: "→", 0xF0FC: "✓",
}

func symbol(hex string) string {
	c, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return ""
	}
	if s, ok := symbolChars[c]; ok {
		return s
	}
	if r := rune(c); c < 0xF000 && c >= 0x20 && utf8.ValidRune(r) {
		return string(r)
	}
	return ""
}
