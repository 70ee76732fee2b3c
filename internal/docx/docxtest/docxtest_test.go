package docxtest_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/docx/docxtest"
)

// Every part is present and well-formed XML, the footnotes have Word's
// separators, and a footnote body with brackets survives.
func TestBytesWritesAWellFormedPackage(t *testing.T) {
	data, err := docxtest.FromText("a[footnoteRef:1] b [1: xem [kèm theo] ]\n- c\n", docxtest.WordNumbering)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(b)
		for d := xml.NewDecoder(bytes.NewReader(b)); ; {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
		"word/styles.xml", "word/numbering.xml", "word/footnotes.xml", "word/settings.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("missing %s", name)
		}
	}
	for _, want := range []string{`w:type="separator" w:id="-1"`, `w:type="continuationSeparator" w:id="0"`, `<w:footnote w:id="1">`, `xem [kèm theo]`} {
		if !strings.Contains(parts["word/footnotes.xml"], want) {
			t.Errorf("footnotes.xml lacks %s", want)
		}
	}
	for _, want := range []string{`<w:footnoteReference w:id="1"/>`, `<w:numId w:val="1"/>`, `>c</w:t>`} {
		if !strings.Contains(parts["word/document.xml"], want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if strings.Contains(parts["word/document.xml"], ">- c<") {
		t.Error("WordNumbering kept the typed dash")
	}
}

func TestFromTextRejectsBrokenFootnotes(t *testing.T) {
	for _, text := range []string{
		"a[footnoteRef:1].",                   // no body
		"a[footnoteRef:1]. [2: other]",        // body of another note
		"a[footnoteRef:1]. [1: open",          // not closed
		"a[footnoteRef:1]. [1: x] [2: stray]", // body without a reference
		"a[footnoteRef:1]. [1: x] tail",       // text after the bodies
	} {
		if _, err := docxtest.FromText(text, docxtest.TypedDash); err == nil {
			t.Errorf("FromText(%q) accepted", text)
		}
	}
}

// Convert writes the typed marks it is asked to as the Word structures
// that print them, and leaves no typed mark behind.
func TestConvertWritesWordStructures(t *testing.T) {
	text := "I. Kết quả\n1. Về kinh tế\n1.1. Thu ngân sách\na) Thuế\nb) Phí\n- Việc\n+ Phần việc\n" +
		"| TT | Nội dung[footnoteRef:1] | Chủ trì | Thời hạn | [1: ghi chú]\n| I | KINH TẾ |\n"
	data, err := docxtest.Convert(text, docxtest.Options{Bullets: docxtest.WordNumbering, SubBullets: true,
		Outline: true, Letters: true, Tables: true})
	if err != nil {
		t.Fatal(err)
	}
	doc := docxtest.Part(t, data, "word/document.xml")
	for _, want := range []string{
		`<w:ilvl w:val="0"/><w:numId w:val="2"/>`, `<w:ilvl w:val="1"/><w:numId w:val="2"/>`, `<w:ilvl w:val="2"/><w:numId w:val="2"/>`,
		`<w:ilvl w:val="0"/><w:numId w:val="3"/>`, `<w:ilvl w:val="0"/><w:numId w:val="1"/>`, `<w:ilvl w:val="1"/><w:numId w:val="1"/>`,
		`<w:tbl>`, `<w:gridSpan w:val="3"/>`, `<w:footnoteReference w:id="1"/>`, `>Thu ngân sách<`, `>Thuế<`, `>KINH TẾ<`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	for _, typed := range []string{">I. ", ">1. ", ">1.1. ", ">a) ", ">- ", ">+ ", "|"} {
		if strings.Contains(doc, typed) {
			t.Errorf("document.xml keeps the typed mark %q", typed)
		}
	}
	if n := docxtest.Part(t, data, "word/numbering.xml"); !strings.Contains(n, `<w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>`) {
		t.Errorf("numbering.xml lacks the restarted lettered list")
	}
}
