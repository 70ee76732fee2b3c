// Package partydoc writes Party documents (báo cáo, nghị quyết) in the
// Central Office's format (Hướng dẫn 36-HD/VPTW): A4, Times New Roman, the
// two-column header, the document type and summary centred, numbered
// sections, footnotes, the distribution list and the signer's block.
//
// A Document is neutral: it says what the text is (a section heading, an
// area heading, a bullet, a table), not how it looks. WriteDOCX and
// WritePDF lay it out; the HTML page renders the same Document through
// the web templates. Every string is normalised to NFC before it is
// written, since user text mixes composed and decomposed accents.
package partydoc

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Document is one Party document.
type Document struct {
	// Title names the file and its metadata ("Dự thảo Nghị quyết tháng 11/2021").
	Title string
	// Draft prints "DỰ THẢO" above the header.
	Draft  bool
	Header Header
	// Kind is the document type in capitals ("NGHỊ QUYẾT", "BÁO CÁO").
	Kind string
	// Summary lines under the type ("Nhiệm vụ tháng 11 năm 2021").
	Summary []string
	Blocks  []Block
	// Recipients are the lines of "Nơi nhận:", without the dashes.
	Recipients []string
	Signer     Signer
}

// Header is the two-column heading block.
type Header struct {
	SuperiorBody string // left, capitals: "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ"
	IssuingBody  string // left, capitals, bold: "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN"
	Number       string // left, under "*": "Số     -NQ/ĐU"
	PlaceDate    string // right, italic: "Hương Xuân, ngày     tháng     năm 2021"
}

// Nation is the right column's first line, the Party's name.
const Nation = "ĐẢNG CỘNG SẢN VIỆT NAM"

// Signer is the signature block on the right.
type Signer struct {
	Titles []string // "T/M ĐẢNG ỦY", "BÍ THƯ"
	Name   string   // may be empty in a draft
}

// Kind says what a block is.
type Kind string

const (
	KindSection   Kind = "section"   // "I. Tình hình thực hiện nhiệm vụ tháng 10 năm 2021"
	KindArea      Kind = "area"      // "1. Về kinh tế"
	KindParagraph Kind = "paragraph" // body text, first line indented
	KindBullet    Kind = "bullet"    // "- …", first line indented
	KindBlank     Kind = "blank"     // a dotted line left for the reader to fill in
	KindTable     Kind = "table"
)

// Block is one paragraph or table of the body.
type Block struct {
	Kind Kind
	Text string
	// Notes are footnotes referenced at the end of Text, in order. The
	// writers number them through the whole document.
	Notes []string
	// Emphasis prints the paragraph in italics (a remark, not a result).
	Emphasis bool
	Table    *Table
}

// Table is a grid of plain text cells with one header row.
type Table struct {
	Columns []Column
	Rows    []Row
}

// Column is a table column. Widths are relative: the writers first give
// each column room for its longest word (a numeric column for its longest
// value and three digits) and share the rest of the text width by Width.
type Column struct {
	Title string
	Width float64
	// Numeric columns are centred.
	Numeric bool
}

// Row is one table row. A Group row is a single cell across the whole
// table (a unit's or an area's name); a Total row is bold.
type Row struct {
	Cells []string
	Group bool
	Total bool
}

// Notes returns every footnote in document order with its number.
func (d *Document) Notes() []Note {
	var out []Note
	for _, b := range d.Blocks {
		for _, n := range b.Notes {
			out = append(out, Note{Number: len(out) + 1, Text: n})
		}
	}
	return out
}

// Note is a numbered footnote.
type Note struct {
	Number int
	Text   string
}

// Normalize puts every string of the document into NFC and trims it.
func (d *Document) Normalize() {
	n := func(s *string) { *s = nfc(*s) }
	n(&d.Title)
	n(&d.Kind)
	n(&d.Header.SuperiorBody)
	n(&d.Header.IssuingBody)
	n(&d.Header.PlaceDate)
	n(&d.Header.Number) // inner blanks ("Số     -NQ/ĐU") stay
	for i := range d.Summary {
		n(&d.Summary[i])
	}
	for i := range d.Recipients {
		n(&d.Recipients[i])
	}
	for i := range d.Signer.Titles {
		n(&d.Signer.Titles[i])
	}
	n(&d.Signer.Name)
	for i := range d.Blocks {
		b := &d.Blocks[i]
		n(&b.Text)
		for j := range b.Notes {
			n(&b.Notes[j])
		}
		if b.Table == nil {
			continue
		}
		for j := range b.Table.Columns {
			n(&b.Table.Columns[j].Title)
		}
		for j := range b.Table.Rows {
			for k := range b.Table.Rows[j].Cells {
				n(&b.Table.Rows[j].Cells[k])
			}
		}
	}
}

// nfc composes s and drops the two private-use characters the Word
// writer uses to mark footnotes.
func nfc(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\uE000' || r == '\uE001' {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(norm.NFC.String(s))
}

// BlankLine is what a KindBlank block prints: room for a new item, one
// line long after the indent.
var BlankLine = "- " + strings.Repeat("…", 29)
