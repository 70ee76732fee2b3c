package docx

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

const maxLevels = 9 // w:ilvl 0–8

type level struct {
	defined bool
	format  string // w:numFmt: bullet, decimal, upperRoman, none, …
	text    string // w:lvlText, e.g. "%1." or "%1.%2."
	start   int
	pStyle  string // the paragraph style this level is linked to
}

type abstractNum [maxLevels]level

// numDef is a w:num: a list instance over an abstract definition.
type numDef struct {
	abstract      string
	startOverride [maxLevels]*int
}

type counter struct {
	value int
	set   bool
}

// numbering is word/numbering.xml plus the counters of the lists seen so
// far; labels are generated in document order.
type numbering struct {
	abstracts map[string]*abstractNum
	nums      map[int]*numDef
	counters  map[int]*[maxLevels]counter
}

func readNumbering(p *pkg, name string) (*numbering, error) {
	n := &numbering{abstracts: map[string]*abstractNum{}, nums: map[int]*numDef{}, counters: map[int]*[maxLevels]counter{}}
	_, err := p.parse(name, func(x *xmlReader) error {
		var abs *abstractNum
		var lvl *level
		var num *numDef
		overrideLvl := -1
		for {
			tok, err := x.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				switch {
				case x.in("numbering", "abstractNum"):
					abs = new(abstractNum)
					n.abstracts[attr(t, "abstractNumId")] = abs
				case x.in("abstractNum", "lvl") && abs != nil:
					lvl = nil
					if i, ok := attrInt(t, "ilvl"); ok && i >= 0 && i < maxLevels {
						lvl = &abs[i]
						lvl.defined = true
					}
				case lvl != nil && isW(t.Name) && t.Name.Local == "numFmt":
					// Word 2010 puts numFmt in mc:Choice ("custom") and
					// mc:Fallback (a format older readers know): prefer the latter.
					if lvl.format == "" || lvl.format == "custom" {
						lvl.format = attr(t, "val")
					}
				case lvl != nil && x.in("lvl", "lvlText"):
					lvl.text = attr(t, "val")
				case lvl != nil && x.in("lvl", "start"):
					lvl.start, _ = attrInt(t, "val")
				case lvl != nil && x.in("lvl", "pStyle"):
					lvl.pStyle = attr(t, "val")
				case x.in("numbering", "num"):
					num = &numDef{}
					if id, ok := attrInt(t, "numId"); ok {
						n.nums[id] = num
					}
				case num != nil && x.in("num", "abstractNumId"):
					num.abstract = attr(t, "val")
				case num != nil && x.in("num", "lvlOverride"):
					overrideLvl, _ = attrInt(t, "ilvl")
				case num != nil && x.in("lvlOverride", "startOverride") && overrideLvl >= 0 && overrideLvl < maxLevels:
					if v, ok := attrInt(t, "val"); ok {
						num.startOverride[overrideLvl] = &v
					}
				}
			case xml.EndElement:
				if !isW(t.Name) {
					continue
				}
				switch t.Name.Local {
				case "lvl":
					lvl = nil
				case "abstractNum":
					abs = nil
				case "num":
					num = nil
				case "lvlOverride":
					overrideLvl = -1
				}
			}
		}
	})
	return n, err
}

// levelOfStyle finds the level linked to a paragraph style (Word's numbered
// headings: the style names only the list, the level names the style).
func (n *numbering) levelOfStyle(numID int, styleID string) (int, bool) {
	if def := n.nums[numID]; def != nil && styleID != "" {
		if abs := n.abstracts[def.abstract]; abs != nil {
			for i, l := range abs {
				if l.pStyle == styleID {
					return i, true
				}
			}
		}
	}
	return 0, false
}

// next counts one paragraph of list numID at level ilvl and returns its
// label ("II.", "1.2."). bullet is true for a bullet level; known is false
// when the list or level is not defined.
//
// Best effort: counters are kept per numId with startOverride; a level
// restarts whenever a lower level is used (w:lvlRestart and w:isLgl are
// ignored), and Word's continuation across lists that share an abstract
// definition is not reproduced.
func (n *numbering) next(numID, ilvl int) (label string, bullet, known bool) {
	def := n.nums[numID]
	if def == nil || n.abstracts[def.abstract] == nil || !n.abstracts[def.abstract][ilvl].defined {
		return "", false, false
	}
	abs := n.abstracts[def.abstract]
	switch abs[ilvl].format {
	case "bullet":
		return "", true, true
	case "none":
		return "", false, true
	}
	c := n.counters[numID]
	if c == nil {
		c = new([maxLevels]counter)
		n.counters[numID] = c
	}
	if c[ilvl].set {
		c[ilvl].value++
	} else {
		c[ilvl] = counter{value: startOf(def, abs, ilvl), set: true}
	}
	for i := ilvl + 1; i < maxLevels; i++ {
		c[i].set = false
	}
	var b strings.Builder
	text := abs[ilvl].text
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+1 < len(text) && text[i+1] >= '1' && text[i+1] <= '9' {
			k := int(text[i+1] - '1')
			v := startOf(def, abs, k)
			if c[k].set {
				v = c[k].value
			}
			b.WriteString(formatNumber(v, abs[k].format))
			i++
			continue
		}
		b.WriteByte(text[i])
	}
	return b.String(), false, true
}

func startOf(def *numDef, abs *abstractNum, i int) int {
	if s := def.startOverride[i]; s != nil {
		return *s
	}
	return abs[i].start
}

// formatNumber renders a counter in a w:numFmt; formats it does not know
// (ordinals, spelled-out, non-Latin) fall back to decimal.
func formatNumber(v int, format string) string {
	switch format {
	case "upperRoman", "lowerRoman":
		if r := roman(v); r != "" {
			if format == "lowerRoman" {
				return strings.ToLower(r)
			}
			return r
		}
	case "upperLetter", "lowerLetter":
		// A…Z, then AA…ZZ, AAA…; capped so a hostile start value cannot
		// make a huge label.
		if v >= 1 && v <= 26*10 {
			l := strings.Repeat(string(rune('A'+(v-1)%26)), (v-1)/26+1)
			if format == "lowerLetter" {
				return strings.ToLower(l)
			}
			return l
		}
	case "decimalZero":
		if v >= 0 && v < 10 {
			return "0" + strconv.Itoa(v)
		}
	}
	return strconv.Itoa(v)
}

func roman(v int) string {
	if v < 1 || v > 3999 {
		return ""
	}
	var b strings.Builder
	for _, d := range []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for ; v >= d.v; v -= d.v {
			b.WriteString(d.s)
		}
	}
	return b.String()
}
