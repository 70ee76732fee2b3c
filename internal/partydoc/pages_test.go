package partydoc

import (
	"bytes"
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

func closingCases(step int) []closingCase {
	base := func() Document {
		d := sample()
		d.Blocks = nil
		return d
	}
	para := func(i int) Block {
		return Block{Kind: KindParagraph, Text: fmt.Sprintf("%s %d: tiếp tục rà soát, giải quyết các hồ sơ đất đai còn tồn đọng trên địa bàn phường, báo cáo kết quả.", bodyMark, i)}
	}
	rangeN := func(from, to int) []int {
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
		}, rangeN(10, 40)},
		{"heading-then-paragraph", func(n int) Document {
			d := base()
			for i := range n {
				d.Blocks = append(d.Blocks, para(i+1))
			}
			d.Blocks = append(d.Blocks, Block{Kind: KindSection, Text: "III. Tổ chức thực hiện"}, para(n+1))
			return d
		}, rangeN(10, 40)},
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
		}, rangeN(20, 70)},
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
	dir := t.TempDir()
	for _, c := range closingCases(1) {
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
			signerAlone(t, fmt.Sprintf("%s n=%d", c.name, n), pages, d)
			if c.name == "heading-then-paragraph" {
				for i, p := range pages {
					if strings.Contains(p, fmt.Sprintf("%s %d:", bodyMark, n+1)) && !strings.Contains(p, "III. Tổ chức thực hiện") {
						t.Errorf("%s n=%d: the heading is not on page %d with its paragraph", c.name, n, i+1)
					}
				}
			}
		}
	}
}

// TestDOCXSignerKeepsWithLastParagraphInLibreOffice converts the same
// documents, every third length to keep the run short (the signer's block
// is taller than three steps, so no phase of the page is missed).
func TestDOCXSignerKeepsWithLastParagraphInLibreOffice(t *testing.T) {
	soffice := lookTool(t, "soffice", "libreoffice")
	pdftotext := lookTool(t, "pdftotext")
	dir := t.TempDir()
	files := map[string][]byte{}
	docs := map[string]Document{}
	for _, c := range closingCases(3) {
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

// TestDOCXSignerKeepProperties: the paragraph or table row before the
// signer's block keeps with it, and the block's row is never split.
func TestDOCXSignerKeepProperties(t *testing.T) {
	for _, c := range closingCases(1) {
		var buf bytes.Buffer
		if err := WriteDOCX(&buf, c.doc(3)); err != nil {
			t.Fatal(err)
		}
		doc := string(unzip(t, buf.Bytes())["word/document.xml"])
		// The signer's table is the last one.
		i := strings.LastIndex(doc, "<w:tbl>")
		before, closing := doc[:i], doc[i:]
		if !strings.Contains(closing, "<w:cantSplit") {
			t.Errorf("%s: the signer's row may split across pages", c.name)
		}
		lastPara := before[strings.LastIndex(before, "<w:p>"):]
		if !strings.Contains(lastPara, "<w:keepNext") || !strings.Contains(lastPara, "<w:keepLines") {
			t.Errorf("%s: the paragraph before the signer's block does not keep with it: %s", c.name, lastPara)
		}
		if c.name == "table" {
			lastRow := before[strings.LastIndex(before, "<w:tr>"):]
			if strings.Count(lastRow, "<w:keepNext") < 3 {
				t.Errorf("the table's last row does not keep with the signer's block: %s", lastRow)
			}
		}
	}
}
