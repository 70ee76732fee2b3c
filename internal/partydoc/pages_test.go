package partydoc

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Pages as a reader sees them: page numbers from the second page, and the
// signer's block never alone on the last page, in the PDF and in the Word
// file as LibreOffice lays it out.

// pagesLayout is the text of each page as `pdftotext -layout` reads it,
// lines kept.
func pagesLayout(t *testing.T, pdftotext, path string) []string {
	t.Helper()
	out, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// firstLine is a page's first line that is not blank, trimmed.
func firstLine(page string) string {
	for _, l := range strings.Split(page, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// checkPageNumbers: page 1 has no number; page n (n > 1) starts with "n".
func checkPageNumbers(t *testing.T, what string, pages []string) {
	t.Helper()
	if len(pages) < 3 {
		t.Fatalf("%s: %d pages; the test needs at least 3", what, len(pages))
	}
	if l := firstLine(pages[0]); regexp.MustCompile(`^\d+$`).MatchString(l) {
		t.Errorf("%s: page 1 starts with a page number %q", what, l)
	}
	for i, p := range pages[1:] {
		if got, want := firstLine(p), strconv.Itoa(i+2); got != want {
			t.Errorf("%s: page %s starts with %q, not its number", what, want, got)
		}
	}
}

// longDocument is the sample with enough body for three pages or more.
func longDocument() Document {
	d := sample()
	filler := strings.Repeat("Tiếp tục rà soát, giải quyết các hồ sơ đất đai còn tồn đọng trên địa bàn phường. ", 5)
	for range 25 {
		d.Blocks = append(d.Blocks, Block{Kind: KindBullet, Text: filler})
	}
	return d
}

func TestPDFPageNumbers(t *testing.T) {
	pdftotext := lookTool(t, "pdftotext")
	var buf bytes.Buffer
	if err := WritePDF(&buf, longDocument()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "long.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	checkPageNumbers(t, "PDF", pagesLayout(t, pdftotext, path))
}

// TestDOCXPageNumberHeader: a PAGE field centred in the header of every
// page but the first, whose header is empty (w:titlePg).
func TestDOCXPageNumberHeader(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, buf.Bytes())
	doc := string(parts["word/document.xml"])
	sect := regexp.MustCompile(`<w:sectPr>.*</w:sectPr>`).FindString(doc)
	if !strings.HasPrefix(sect, `<w:sectPr><w:headerReference w:type="default" r:id="rIdPartyHeader"/><w:headerReference w:type="first" r:id="rIdPartyHeaderFirst"/>`) {
		t.Errorf("the section does not open with its two header references: %s", sect)
	}
	if !regexp.MustCompile(`<w:titlePg( w:val="(true|on|1)")?>`).MatchString(sect) {
		t.Errorf("the first page has no header of its own (w:titlePg): %s", sect)
	}
	rels := string(parts["word/_rels/document.xml.rels"])
	types := string(parts["[Content_Types].xml"])
	for id, part := range map[string]string{"rIdPartyHeader": "header1.xml", "rIdPartyHeaderFirst": "header2.xml"} {
		if !strings.Contains(rels, `Id="`+id+`" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="`+part+`"`) {
			t.Errorf("no header relationship %s → %s", id, part)
		}
		if !strings.Contains(types, `PartName="/word/`+part+`" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"`) {
			t.Errorf("no content type for %s", part)
		}
		if err := wellFormed(parts["word/"+part]); err != nil {
			t.Errorf("%s: %v", part, err)
		}
	}
	header := string(parts["word/header1.xml"])
	if !strings.Contains(header, `<w:instrText xml:space="preserve"> PAGE </w:instrText>`) || !strings.Contains(header, `<w:jc w:val="center"/>`) {
		t.Errorf("the header has no centred PAGE field: %s", header)
	}
	if strings.Contains(string(parts["word/header2.xml"]), "PAGE") {
		t.Error("the first page's header has a page number")
	}
}

// TestDOCXPageNumbersInLibreOffice: laid out by LibreOffice, the Word
// file shows the number on pages 2..n and none on page 1.
func TestDOCXPageNumbersInLibreOffice(t *testing.T) {
	soffice := lookTool(t, "soffice", "libreoffice")
	pdftotext := lookTool(t, "pdftotext")
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, longDocument()); err != nil {
		t.Fatal(err)
	}
	pdfs := convertAll(t, soffice, dir, map[string][]byte{"long.docx": buf.Bytes()})
	checkPageNumbers(t, "LibreOffice", pagesLayout(t, pdftotext, pdfs["long.docx"]))
}

// convertAll converts Word files to PDF in one LibreOffice run and returns
// each PDF's path by the Word file's name.
func convertAll(t *testing.T, soffice, dir string, files map[string][]byte) map[string]string {
	t.Helper()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "lo-profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}
	out := map[string]string{}
	for name, data := range files {
		src := filepath.Join(dir, name)
		if err := os.WriteFile(src, data, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, src)
		out[name] = strings.TrimSuffix(src, ".docx") + ".pdf"
	}
	if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	for name, pdf := range out {
		if _, err := os.Stat(pdf); err != nil {
			t.Fatalf("soffice made no PDF of %s: %v", name, err)
		}
		if keep := os.Getenv("PARTYDOC_KEEP"); keep != "" {
			data, _ := os.ReadFile(pdf)
			_ = os.WriteFile(filepath.Join(keep, strings.TrimSuffix(name, ".docx")+".lo.pdf"), data, 0o644)
		}
	}
	return out
}

// bodyMark is in every body paragraph and table row of the closing
// tests, and nowhere in the signer's block.
const bodyMark = "Mục"

// closingCase is a document whose body ends at a different height on
// the page for each n, so that for some n the old writers left the
// signer's block alone on the last page.
type closingCase struct {
	name string
	doc  func(n int) Document
	ns   []int
}

// closingCases sweeps the end of the body down the page in steps of
// paraStep paragraphs (two lines each) or rowStep table rows; both steps
// must stay shorter than the signer's block, or a phase could be missed.
func closingCases(paraStep, rowStep int) []closingCase {
	base := func() Document {
		d := sample()
		d.Blocks = nil
		return d
	}
	para := func(i int) Block {
		return Block{Kind: KindParagraph, Text: fmt.Sprintf("%s %d: tiếp tục rà soát, giải quyết các hồ sơ đất đai còn tồn đọng trên địa bàn phường, báo cáo kết quả.", bodyMark, i)}
	}
	rangeN := func(from, to, step int) []int {
		var ns []int
		for n := from; n <= to; n += step {
			ns = append(ns, n)
		}
		return ns
	}
	return []closingCase{
		{"paragraphs", func(n int) Document {
			d := base()
			for i := range n {
				d.Blocks = append(d.Blocks, para(i+1))
			}
			return d
		}, rangeN(10, 40, paraStep)},
		{"heading-then-paragraph", func(n int) Document {
			d := base()
			for i := range n {
				d.Blocks = append(d.Blocks, para(i+1))
			}
			d.Blocks = append(d.Blocks, Block{Kind: KindSection, Text: "III. Tổ chức thực hiện"}, para(n+1))
			return d
		}, rangeN(10, 40, paraStep)},
		{"table", func(n int) Document {
			d := base()
			d.Blocks = append(d.Blocks, para(0))
			tb := &Table{Columns: []Column{{Title: "TT", Width: 1, Numeric: true}, {Title: "Nhiệm vụ", Width: 8}, {Title: "Đơn vị chủ trì", Width: 3}}}
			for i := range n {
				if i%10 == 0 {
					tb.Rows = append(tb.Rows, Row{Cells: []string{fmt.Sprintf("%s nhóm %d", bodyMark, i/10+1)}, Group: true})
				}
				tb.Rows = append(tb.Rows, Row{Cells: []string{strconv.Itoa(i + 1), fmt.Sprintf("%s %d: rà soát hồ sơ đất đai", bodyMark, i+1), "UBND phường"}})
			}
			d.Blocks = append(d.Blocks, Block{Kind: KindTable, Table: tb})
			return d
		}, rangeN(20, 70, rowStep)},
	}
}

// signerAlone names the pages that hold the signer's name but no body
// text, and checks that "Nơi nhận" is on the signer's page.
func signerAlone(t *testing.T, what string, pages []string, d Document) {
	t.Helper()
	found := false
	for i, p := range pages {
		if !strings.Contains(p, d.Signer.Name) {
			continue
		}
		found = true
		if !strings.Contains(p, bodyMark) {
			t.Errorf("%s: the signer's block is alone on page %d of %d", what, i+1, len(pages))
		}
		if !strings.Contains(p, "Nơi nhận:") {
			t.Errorf("%s: page %d has the signer without “Nơi nhận:”", what, i+1)
		}
	}
	if !found {
		t.Errorf("%s: no page has the signer's name", what)
	}
}

func TestPDFSignerKeepsWithLastParagraph(t *testing.T) {
	pdftotext := lookTool(t, "pdftotext")
	for _, c := range closingCases(2, 3) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for _, n := range c.ns {
				d := c.doc(n)
				var buf bytes.Buffer
				if err := WritePDF(&buf, d); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", c.name, n))
				if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
				pages := pagesLayout(t, pdftotext, path)
				signerAlone(t, fmt.Sprintf("n=%d", n), pages, d)
				if c.name != "heading-then-paragraph" {
					continue
				}
				for i, p := range pages {
					if strings.Contains(p, fmt.Sprintf("%s %d:", bodyMark, n+1)) && !strings.Contains(p, "III. Tổ chức thực hiện") {
						t.Errorf("n=%d: the heading is not on page %d with its paragraph", n, i+1)
					}
				}
			}
		})
	}
}

// TestDOCXSignerKeepsWithLastParagraphInLibreOffice converts the same
// documents, in one LibreOffice run, every third length to keep it short
// (three steps are still shorter than the signer's block).
func TestDOCXSignerKeepsWithLastParagraphInLibreOffice(t *testing.T) {
	soffice := lookTool(t, "soffice", "libreoffice")
	pdftotext := lookTool(t, "pdftotext")
	dir := t.TempDir()
	files := map[string][]byte{}
	docs := map[string]Document{}
	for _, c := range closingCases(3, 3) {
		for _, n := range c.ns {
			d := c.doc(n)
			var buf bytes.Buffer
			if err := WriteDOCX(&buf, d); err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%s-%d.docx", c.name, n)
			files[name], docs[name] = buf.Bytes(), d
		}
	}
	for name, pdf := range convertAll(t, soffice, dir, files) {
		signerAlone(t, "LibreOffice "+name, pagesLayout(t, pdftotext, pdf), docs[name])
	}
}

// TestDOCXSignerKeepProperties: the paragraph before the signer's block
// keeps with it, whole, and the block's row never splits; after a table,
// the block is in the table's last row, with the table's last data row,
// and that row never splits.
func TestDOCXSignerKeepProperties(t *testing.T) {
	for _, c := range closingCases(1, 1) {
		d := c.doc(3)
		var buf bytes.Buffer
		if err := WriteDOCX(&buf, d); err != nil {
			t.Fatal(err)
		}
		doc := unzip(t, buf.Bytes())["word/document.xml"]
		var root xmlNode
		if err := xml.Unmarshal(doc, &root); err != nil {
			t.Fatal(err)
		}
		path := root.pathTo(d.Signer.Name)
		if path == nil {
			t.Fatalf("%s: no signer's name in document.xml", c.name)
		}
		var rows []*xmlNode // the rows around the name, outermost first
		for _, n := range path {
			if n.XMLName.Local == "tr" {
				rows = append(rows, n)
			}
		}
		outer := rows[0]
		if outer.find("trPr", "cantSplit") == nil {
			t.Errorf("%s: the signer's row may split across pages", c.name)
		}
		if c.name == "table" {
			if len(rows) != 2 || !strings.Contains(outer.text(), bodyMark+" 3:") {
				t.Errorf("the signer's block is not in one row with the table's last row (%d rows deep): %q", len(rows), outer.text())
			}
			continue
		}
		body := root.find("body")
		var last *xmlNode // the last paragraph before the signer's table
		for i := range body.Nodes {
			n := &body.Nodes[i]
			if n.XMLName.Local == "tbl" && strings.Contains(n.text(), d.Signer.Name) {
				break
			}
			if n.XMLName.Local == "p" {
				last = n
			}
		}
		if last == nil || last.find("pPr", "keepNext") == nil || last.find("pPr", "keepLines") == nil {
			t.Errorf("%s: the paragraph before the signer's block does not keep with it", c.name)
		}
	}
}

// xmlNode is any XML element, for looking into document.xml.
type xmlNode struct {
	XMLName xml.Name
	Nodes   []xmlNode `xml:",any"`
	Text    string    `xml:",chardata"`
}

// find follows a path of child names.
func (n *xmlNode) find(names ...string) *xmlNode {
	if len(names) == 0 {
		return n
	}
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == names[0] {
			if f := n.Nodes[i].find(names[1:]...); f != nil {
				return f
			}
		}
	}
	return nil
}

// text is all the text under n.
func (n *xmlNode) text() string {
	var b strings.Builder
	b.WriteString(n.Text)
	for i := range n.Nodes {
		b.WriteString(n.Nodes[i].text())
	}
	return b.String()
}

// pathTo is the elements from n down to the first one whose own text has s.
func (n *xmlNode) pathTo(s string) []*xmlNode {
	if strings.Contains(n.Text, s) {
		return []*xmlNode{n}
	}
	for i := range n.Nodes {
		if p := n.Nodes[i].pathTo(s); p != nil {
			return append([]*xmlNode{n}, p...)
		}
	}
	return nil
}
