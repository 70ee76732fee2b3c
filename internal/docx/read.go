// Package docx reads a Word .docx (WordprocessingML) into the paragraphs of
// package document, in reading order, so that a resolution uploaded as a
// Word file parses exactly like its text export.
//
// It reads the main document story (text boxes after their anchoring
// paragraph; a table of three or more columns row by row, narrower ones
// cell by cell), footnotes, list numbering and styles.
// Headers, footers, endnotes, comments and math are not read. Every input
// is treated as hostile: sizes, entry counts, inflated bytes and XML depth
// are bounded by Limits, and any refusal is an *Error with a stable Code.
package docx

import (
	"errors"

	"github.com/theodoi/theodoi/internal/document"
)

// Limits bound the work Read does on one file. A zero field means the
// default.
type Limits struct {
	MaxFileBytes         int64 // size of the .docx itself
	MaxUncompressedBytes int64 // all parts read, inflated, together
	MaxXMLDepth          int   // element nesting in any XML part
	MaxEntries           int   // zip entries in the archive
}

// DefaultLimits fit any real resolution with room to spare: they are
// documents of a few pages.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:         10 * mb,
		MaxUncompressedBytes: 50 * mb,
		MaxXMLDepth:          200,
		MaxEntries:           1000,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxUncompressedBytes <= 0 {
		l.MaxUncompressedBytes = d.MaxUncompressedBytes
	}
	if l.MaxXMLDepth <= 0 {
		l.MaxXMLDepth = d.MaxXMLDepth
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	return l
}

// Read returns the non-empty paragraphs of a .docx in reading order: text
// in NFC, trimmed on the right, tabs as '\t'; a line break inside a
// paragraph starts a new Block (the text export puts it on its own line).
// Word bullets set ListItem and ListLevel; Word-generated numbers ("I.",
// "1.") are prepended to the text. A row of a table with three or more
// columns is one Block with Cells (see document.Block). Footnote references become Notes, numbered as Word
// prints them. Errors are always *Error.
func Read(data []byte, lim Limits) ([]document.Block, error) {
	blocks, err := read(data, lim.withDefaults())
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, errCorrupt("package", err)
	}
	return blocks, nil
}

func read(data []byte, lim Limits) ([]document.Block, error) {
	p, err := openPackage(data, lim)
	if err != nil {
		return nil, err
	}
	main, err := p.mainPart()
	if err != nil {
		return nil, err
	}
	rels, err := p.relations(main)
	if err != nil {
		return nil, err
	}
	st, err := readStyles(p, rels.target("styles", "word/styles.xml"))
	if err != nil {
		return nil, err
	}
	num, err := readNumbering(p, rels.target("numbering", "word/numbering.xml"))
	if err != nil {
		return nil, err
	}
	notes, err := readFootnotes(p, rels.target("footnotes", "word/footnotes.xml"))
	if err != nil {
		return nil, err
	}
	return readBody(p, main, st, num, notes)
}
