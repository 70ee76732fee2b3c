// Package document is the plain structure both resolution readers produce
// (the .docx reader and the text-export reader): paragraphs in order, each
// with its footnotes. The resolution parser reads only this, so a Word
// file and its text export parse the same way.
package document

// Block is one paragraph of the source, in reading order, or one row of
// a table that has a grid of three or more columns.
type Block struct {
	// Text is the paragraph's text in Unicode NFC, footnote markers removed,
	// tabs kept as '\t' (headers align their two columns with tabs). For a
	// table row it is the cells joined by '\t', as the text export writes
	// a row.
	Text string
	// ListItem is true when Word list numbering (not a typed "-") makes the
	// paragraph a bullet; a typed "-" stays at the start of Text.
	ListItem bool
	// ListLevel is the list level of a ListItem (Word's w:ilvl), 0 at the
	// outermost: a deeper bullet is a sub-item ("+") of the one above.
	ListLevel int
	// Cells is set on a table row only: the text of each grid column, a
	// cell's paragraphs joined by '\n' and a merged cell followed by empty
	// strings for the columns it spans. Tables are how some committees
	// write their tasks (STT, nội dung, đơn vị chủ trì, phối hợp, thời
	// hạn), and only the row keeps a task's columns together; narrower
	// tables (the two-column header and signature blocks) are read as
	// paragraphs, cell by cell.
	Cells []string
	// Notes are the footnotes referenced in this paragraph (or row), in
	// the order of their references.
	Notes []Footnote
}

// Footnote is a numbered note as the document prints it.
type Footnote struct {
	Number int    `json:"number"` // as printed: 1, 2, …
	Text   string `json:"text"`   // NFC, trimmed
}
