// Package document is the plain structure both resolution readers produce
// (the .docx reader and the text-export reader): paragraphs in order, each
// with its footnotes. The resolution parser reads only this, so a Word
// file and its text export parse the same way.
package document

// Block is one paragraph of the source, in reading order.
type Block struct {
	// Text is the paragraph's text in Unicode NFC, footnote markers removed,
	// tabs kept as '\t' (headers align their two columns with tabs).
	Text string
	// ListItem is true when Word list numbering (not a typed "-") makes the
	// paragraph a bullet; a typed "-" stays at the start of Text.
	ListItem bool
	// Notes are the footnotes referenced in this paragraph, in the order of
	// their references.
	Notes []Footnote
}

// Footnote is a numbered note as the document prints it.
type Footnote struct {
	Number int    `json:"number"` // as printed: 1, 2, …
	Text   string `json:"text"`   // NFC, trimmed
}
