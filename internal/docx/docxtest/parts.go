package docxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
)

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW       = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	nsR       = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relBase   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctBase    = "application/vnd.openxmlformats-officedocument.wordprocessingml."
)

// Bytes writes the .docx.
func (b *Builder) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/document.xml", b.document()},
		{"word/styles.xml", styles},
		{"word/numbering.xml", b.numbering()},
		{"word/footnotes.xml", b.footnotes()},
		{"word/settings.xml", settings},
	} {
		w, err := zw.Create(part.name)
		if err != nil {
			return nil, fmt.Errorf("docxtest: %s: %w", part.name, err)
		}
		if _, err := w.Write([]byte(xmlHeader + part.body)); err != nil {
			return nil, fmt.Errorf("docxtest: %s: %w", part.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("docxtest: %w", err)
	}
	return buf.Bytes(), nil
}

// document is word/document.xml: A4 with the margins of Hướng dẫn 36-HD/VPTW.
func (b *Builder) document() string {
	return `<w:document ` + nsW + ` ` + nsR + `><w:body>` + b.body.String() +
		`<w:sectPr><w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr>` +
		`<w:pgSz w:w="11906" w:h="16838"/>` +
		`<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/>` +
		`</w:sectPr></w:body></w:document>`
}

// footnotes is word/footnotes.xml, with the separator (-1) and
// continuation separator (0) footnotes Word always writes first.
func (b *Builder) footnotes() string {
	var w strings.Builder
	w.WriteString(`<w:footnotes ` + nsW + ` ` + nsR + `>` +
		`<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>` +
		`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>`)
	for i, text := range b.notes {
		fmt.Fprintf(&w, `<w:footnote w:id="%d">`, i+1)
		for j, para := range strings.Split(text, "\n") {
			w.WriteString(`<w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>`)
			if j == 0 { // the number printed at the start of the note
				w.WriteString(`<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>`)
			}
			w.WriteString(`<w:r>` + runText(para, "w:t") + `</w:r></w:p>`)
		}
		w.WriteString(`</w:footnote>`)
	}
	w.WriteString(`</w:footnotes>`)
	return w.String()
}

const contentTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="` + ctBase + `document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="` + ctBase + `styles+xml"/>` +
	`<Override PartName="/word/numbering.xml" ContentType="` + ctBase + `numbering+xml"/>` +
	`<Override PartName="/word/footnotes.xml" ContentType="` + ctBase + `footnotes+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="` + ctBase + `settings+xml"/>` +
	`</Types>`

const packageRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="` + relBase + `officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

const documentRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="` + relBase + `styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="` + relBase + `numbering" Target="numbering.xml"/>` +
	`<Relationship Id="rId3" Type="` + relBase + `footnotes" Target="footnotes.xml"/>` +
	`<Relationship Id="rId4" Type="` + relBase + `settings" Target="settings.xml"/>` +
	`</Relationships>`

const settings = `<w:settings ` + nsW + `><w:defaultTabStop w:val="720"/>` +
	`<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`</w:settings>`

// styles: Times New Roman 14 as the format guidance asks, the list and
// footnote styles Word uses, and a style-numbered bullet pair.
const styles = `<w:styles ` + nsW + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
	`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:before="120" w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:contextualSpacing/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListBullet2"><w:name w:val="List Bullet 2"/><w:basedOn w:val="ListBullet"/><w:pPr><w:ind w:left="1080"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>` +
	`</w:styles>`
