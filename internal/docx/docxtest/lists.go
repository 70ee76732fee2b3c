package docxtest

import (
	"fmt"
	"strings"
)

// ListKind is a list definition of word/numbering.xml.
type ListKind int

const (
	// BulletList is "-" at every level.
	BulletList ListKind = iota
	// OutlineList numbers the outline of a resolution: I. / 1. / 1.1.
	OutlineList
	// LetterList numbers items a) b) c), with "-" bullets below.
	LetterList
)

// firstListID is the numId of the first list NewList adds; 1 and 2 are
// the document-wide bullet and outline lists of Bullet and Numbered.
const firstListID = 3

// NewList adds a list instance that counts from its start, as Word does
// when a list is restarted, and returns its numId for ListPara.
func (b *Builder) NewList(kind ListKind) int {
	b.lists = append(b.lists, kind)
	return firstListID + len(b.lists) - 1
}

// ListPara adds a paragraph of list numID at level (0 outermost).
func (b *Builder) ListPara(numID, level int, runs ...Run) *Builder {
	return b.paragraph(numPr(numID, level), runs...)
}

// numbering is word/numbering.xml: one abstract definition per ListKind,
// the two fixed instances, then one instance per NewList, each restarting
// every level.
func (b *Builder) numbering() string {
	var w strings.Builder
	w.WriteString(`<w:numbering ` + nsW + `>` +
		`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>` + bulletLevels(0) + `</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>` +
		numberLevel(0, "upperRoman", "%1.") + numberLevel(1, "decimal", "%2.") + numberLevel(2, "decimal", "%2.%3.") +
		`</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="multilevel"/>` +
		numberLevel(0, "lowerLetter", "%1)") + bulletLevels(1) + `</w:abstractNum>` +
		`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
		`<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>`)
	for i, kind := range b.lists {
		fmt.Fprintf(&w, `<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>`, firstListID+i, int(kind))
		for lvl := range 3 {
			fmt.Fprintf(&w, `<w:lvlOverride w:ilvl="%d"><w:startOverride w:val="1"/></w:lvlOverride>`, lvl)
		}
		w.WriteString(`</w:num>`)
	}
	w.WriteString(`</w:numbering>`)
	return w.String()
}

// bulletLevels defines "-" bullets from level from to the last.
func bulletLevels(from int) string {
	var w strings.Builder
	for i := from; i < 9; i++ {
		fmt.Fprintf(&w, `<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/>`+
			`<w:pPr><w:ind w:left="%d" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:hint="default"/></w:rPr></w:lvl>`, i, 720*(i+1))
	}
	return w.String()
}

func numberLevel(i int, format, text string) string {
	return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/><w:lvlJc w:val="left"/>`+
		`<w:pPr><w:ind w:left="%d" w:hanging="360"/></w:pPr></w:lvl>`, i, format, text, 360*(i+1))
}
