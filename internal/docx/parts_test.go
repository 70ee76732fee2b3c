package docx_test

import (
	"reflect"
	"testing"

	"github.com/theodoi/theodoi/internal/docx"
)

// Parts found through relationships under other names, heading numbering
// linked through styles (as Word's "Heading 1" list does), a numFmt in
// mc:AlternateContent, and the strict namespace.
func TestReadPackageVariants(t *testing.T) {
	const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	const relBase = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
	styles := `<w:styles ` + wordNS + `>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>` +
		`<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>` +
		`</w:styles>`
	numbering := `<w:numbering ` + wordNS + ` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">` +
		`<w:abstractNum w:abstractNumId="3">` +
		`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1-"/></w:lvl>` +
		`<w:lvl w:ilvl="1"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice>` +
		`<mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:pStyle w:val="Heading2"/><w:lvlText w:val="%2."/></w:lvl>` +
		`</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>`
	notes := `<w:footnotes ` + wordNS + `><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
		`<w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>ghi chú</w:t></w:r></w:p></w:footnote></w:footnotes>`
	body := `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Tình hình</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Kinh tế</w:t><w:footnoteReference w:id="5"/></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Xã hội</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Phương hướng</w:t></w:r></w:p>`
	data := zipOf(t,
		part{name: "_rels/.rels", data: []byte(rels + `<Relationship Id="r" Type="` + relBase + `officeDocument" Target="/word/main.xml"/></Relationships>`)},
		part{name: "word/_rels/main.xml.rels", data: []byte(rels +
			`<Relationship Id="a" Type="` + relBase + `styles" Target="s.xml"/>` +
			`<Relationship Id="b" Type="` + relBase + `numbering" Target="n.xml"/>` +
			`<Relationship Id="c" Type="` + relBase + `footnotes" Target="f.xml"/>` +
			`<Relationship Id="d" Type="` + relBase + `hyperlink" Target="https://example.org" TargetMode="External"/></Relationships>`)},
		part{name: "word/main.xml", data: documentXML(body)},
		part{name: "word/s.xml", data: []byte(styles)},
		part{name: "word/n.xml", data: []byte(numbering)},
		part{name: "word/f.xml", data: []byte(notes)},
		part{name: "word/document.xml", data: documentXML(`<w:p><w:r><w:t>not the main part</w:t></w:r></w:p>`)},
	)
	got, err := docx.Read(data, docx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := []block{{Text: "I- Tình hình"}, {Text: "01. Kinh tế", Notes: []note{{Number: 1, Text: "ghi chú"}}}, {Text: "02. Xã hội"}, {Text: "II- Phương hướng"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
	}

	strict := zipOf(t, part{name: "word/document.xml", data: []byte(`<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>` +
		`<w:p><w:r><w:t>chặt</w:t><w:tab/><w:t>chẽ</w:t></w:r></w:p></w:body></w:document>`)})
	got, err = docx.Read(strict, docx.DefaultLimits())
	if want := []block{{Text: "chặt\tchẽ"}}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("strict namespace: %v, %v", got, err)
	}
}
