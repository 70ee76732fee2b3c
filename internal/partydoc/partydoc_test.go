package partydoc

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// sample is a short resolution draft with the letters that break naive
// writers: ư ơ đ, tone marks on both forms, decomposed input.
func sample() Document {
	decomposed := norm.NFD.String("Chi bộ TDP Thượng Khê tổ chức sinh hoạt chuyên đề")
	return Document{
		Title: "Dự thảo Nghị quyết tháng 11/2021",
		Draft: true,
		Header: Header{
			SuperiorBody: "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ",
			IssuingBody:  "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN",
			Number:       "Số     -NQ/ĐU",
			PlaceDate:    "Hương Xuân, ngày     tháng     năm 2021",
		},
		Kind:    "NGHỊ QUYẾT",
		Summary: []string{"Nhiệm vụ tháng 11 năm 2021"},
		Blocks: []Block{
			{Kind: KindSection, Text: "I. Tình hình thực hiện nhiệm vụ tháng 10 năm 2021"},
			{Kind: KindArea, Text: "1. Về kinh tế"},
			{Kind: KindBullet, Text: "UBND phường đã rà soát các hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất.",
				Notes: []string{"Đã rà soát 57 hồ sơ; 21 hồ sơ đủ điều kiện."}},
			{Kind: KindBullet, Text: decomposed + ".", Notes: []string{"Có 12/15 đảng viên tham dự.", "Đạt 80%."}},
			{Kind: KindTable, Table: &Table{
				Columns: []Column{{Title: "TT", Width: 1, Numeric: true}, {Title: "Đơn vị chủ trì", Width: 6}, {Title: "Đã hoàn thành", Width: 2, Numeric: true}},
				Rows: []Row{
					{Cells: []string{"Lĩnh vực xây dựng Đảng"}, Group: true},
					{Cells: []string{"1", "Hội Liên hiệp Phụ nữ phường", "3"}},
					{Cells: []string{"", "Tổng cộng", "3"}, Total: true},
				},
			}},
			{Kind: KindSection, Text: "II. Phương hướng, nhiệm vụ tháng 11 năm 2021"},
			{Kind: KindArea, Text: "1. Về kinh tế"},
			{Kind: KindBullet, Text: "Tiếp tục rà soát, giải quyết các hồ sơ đất đai còn tồn đọng."},
			{Kind: KindBlank},
		},
		Recipients: []string{"Ban Thường vụ Thị ủy (b/c)", "Các chi bộ trực thuộc", "Lưu VP Đảng ủy"},
		Signer:     Signer{Titles: []string{"T/M ĐẢNG ỦY", "BÍ THƯ"}, Name: "Nguyễn Tiến Giang"},
	}
}

func TestDOCXPackage(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, buf.Bytes())
	for name, data := range parts {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			if err := wellFormed(data); err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
			}
		}
	}
	doc := string(parts["word/document.xml"])
	refs := regexp.MustCompile(`<w:footnoteReference w:id="(\d+)"/>`).FindAllStringSubmatch(doc, -1)
	if len(refs) != 3 || refs[0][1] != "1" || refs[2][1] != "3" {
		t.Errorf("footnote references: %v", refs)
	}
	if strings.ContainsAny(doc, "\uE000\uE001") {
		t.Error("a footnote marker was left in the text")
	}
	notes := string(parts["word/footnotes.xml"])
	if strings.Count(notes, "<w:footnoteRef/>") != 3 || !strings.Contains(notes, "Có 12/15 đảng viên tham dự.") {
		t.Errorf("footnotes: %s", notes)
	}
	if !strings.Contains(string(parts["[Content_Types].xml"]), "/word/footnotes.xml") ||
		!strings.Contains(string(parts["word/_rels/document.xml.rels"]), `Target="footnotes.xml"`) ||
		!strings.Contains(string(parts["word/settings.xml"]), "<w:footnotePr>") {
		t.Error("footnotes part is not wired into the package")
	}
	if _, ok := parts["docProps/thumbnail.jpeg"]; ok {
		t.Error("the template's thumbnail is still in the package")
	}
	if strings.Contains(string(parts["_rels/.rels"]), "thumbnail") {
		t.Error("the thumbnail relationship is still there")
	}
	// Every relationship and override names a part that is in the package.
	targets := regexp.MustCompile(`Target="([^"]+)"`).FindAllStringSubmatch(string(parts["word/_rels/document.xml.rels"]), -1)
	for _, m := range targets {
		name := filepath.ToSlash(filepath.Clean(filepath.Join("word", m[1])))
		if _, ok := parts[name]; !ok {
			t.Errorf("relationship to a missing part %s", name)
		}
	}
	for _, m := range regexp.MustCompile(`PartName="/([^"]+)"`).FindAllStringSubmatch(string(parts["[Content_Types].xml"]), -1) {
		if _, ok := parts[m[1]]; !ok {
			t.Errorf("content type for a missing part %s", m[1])
		}
	}
	for _, want := range []string{
		`w:w="11906"`, `w:h="16838"`, `w:top="1134"`, `w:bottom="1134"`, `w:left="1701"`, `w:right="850"`,
		"ĐẢNG CỘNG SẢN VIỆT NAM", "Số     -NQ/ĐU", "Chi bộ TDP Thượng Khê", "Hội Liên hiệp Phụ nữ phường",
		`<w:tblHeader`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
	styles := string(parts["word/styles.xml"])
	if !strings.Contains(styles, `w:ascii="Times New Roman"`) || !strings.Contains(styles, `<w:sz w:val="28"`) {
		t.Error("the default font is not Times New Roman 14")
	}
	if !strings.Contains(string(parts["docProps/core.xml"]), "Dự thảo Nghị quyết tháng 11/2021") {
		t.Error("the title is not in the document properties")
	}
}

// TestDOCXOpensInLibreOffice converts the Word file with LibreOffice and
// reads the result back: the header, the footnotes and the Vietnamese
// letters must survive.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	soffice := lookTool(t, "soffice", "libreoffice")
	pdftotext := lookTool(t, "pdftotext")
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	text := ConvertAndExtract(t, soffice, pdftotext, dir, "sample.docx", buf.Bytes())
	for _, want := range []string{"ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ", "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN", "ĐẢNG CỘNG SẢN VIỆT NAM", "NGHỊ QUYẾT",
		"Chi bộ TDP Thượng Khê", "Hội Liên hiệp Phụ nữ phường", "Có 12/15 đảng viên tham dự.", "Nguyễn Tiến Giang", "Nơi nhận:"} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's PDF lacks %q", want)
		}
	}
}

func TestPDFText(t *testing.T) {
	pdftotext := lookTool(t, "pdftotext")
	var buf bytes.Buffer
	if err := WritePDF(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	text := PDFText(t, pdftotext, t.TempDir(), buf.Bytes())
	for _, want := range []string{"DỰ THẢO", "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ", "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN", "ĐẢNG CỘNG SẢN VIỆT NAM",
		"Hương Xuân, ngày", "NGHỊ QUYẾT", "Nhiệm vụ tháng 11 năm 2021", "Chi bộ TDP Thượng Khê", "Hội Liên hiệp Phụ nữ phường",
		"Có 12/15 đảng viên tham dự.", "T/M ĐẢNG ỦY", "Nguyễn Tiến Giang"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if !norm.NFC.IsNormalString(text) {
		t.Error("the PDF's text is not NFC")
	}
}

// TestLongCellsBreakAcrossPages: a table row longer than a page goes on
// over several pages instead of running off the paper.
func TestLongCellsBreakAcrossPages(t *testing.T) {
	d := sample()
	long := strings.Repeat("Rà soát, cập nhật số liệu phổ cập giáo dục theo độ tuổi trên địa bàn phường. ", 120)
	d.Blocks = append(d.Blocks, Block{Kind: KindTable, Table: &Table{
		Columns: []Column{{Title: "TT", Width: 1}, {Title: "Nhiệm vụ", Width: 8}},
		Rows:    []Row{{Cells: []string{"1", long}}, {Cells: []string{"2", "Kết thúc"}}},
	}})
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	pages := bytes.Count(buf.Bytes(), []byte("/Type /Page\n")) + bytes.Count(buf.Bytes(), []byte("/Type /Page "))
	if pages < 3 {
		t.Errorf("a long row fits on %d pages", pages)
	}
	var w bytes.Buffer
	if err := WriteDOCX(&w, d); err != nil {
		t.Fatal(err)
	}
}

func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = b
	}
	return out
}

func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// lookTool finds the first of names on PATH or skips the test.
func lookTool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	t.Skipf("%s is not installed (apt-get install libreoffice-writer-nogui poppler-utils); skipping", strings.Join(names, " or "))
	return ""
}

// ConvertAndExtract converts a Word file to PDF with LibreOffice, in a
// fresh profile so parallel runs do not share one, and returns its text.
func ConvertAndExtract(t *testing.T, soffice, pdftotext, dir, name string, docx []byte) string {
	t.Helper()
	src := filepath.Join(dir, name)
	if err := os.WriteFile(src, docx, 0o600); err != nil {
		t.Fatal(err)
	}
	profile := "file://" + filepath.Join(dir, "lo-profile")
	cmd := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(strings.TrimSuffix(src, ".docx") + ".pdf")
	if err != nil {
		t.Fatalf("soffice made no PDF: %v", err)
	}
	if out := os.Getenv("PARTYDOC_KEEP"); out != "" {
		_ = os.WriteFile(filepath.Join(out, strings.TrimSuffix(name, ".docx")+".lo.pdf"), pdf, 0o644)
	}
	return PDFText(t, pdftotext, dir, pdf)
}

// PDFText is the text of a PDF as pdftotext reads it, lines joined with
// spaces so a name wrapped over two lines is still found.
func PDFText(t *testing.T, pdftotext, dir string, pdf []byte) string {
	t.Helper()
	f, err := os.CreateTemp(dir, "doc-*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(pdf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", f.Name(), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestPDFFootnotesAtFootOfTheirPage: each footnote is printed on the page
// that refers to it, below the body, as Word prints them — not gathered at
// the end of the document.
func TestPDFFootnotesAtFootOfTheirPage(t *testing.T) {
	pdftotext := lookTool(t, "pdftotext")
	d := sample()
	d.Blocks = []Block{{Kind: KindParagraph, Text: "Đoạn mở đầu có chú thích thứ nhất.", Notes: []string{"Chú thích thứ nhất: 57 hồ sơ."}}}
	filler := strings.Repeat("Tiếp tục rà soát, giải quyết các hồ sơ đất đai còn tồn đọng trên địa bàn phường. ", 6)
	for range 12 {
		d.Blocks = append(d.Blocks, Block{Kind: KindBullet, Text: filler})
	}
	d.Blocks = append(d.Blocks, Block{Kind: KindParagraph, Text: "Đoạn sau có chú thích thứ hai.", Notes: []string{"Chú thích thứ hai: đạt 80%."}})
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, pdftotext, buf.Bytes())
	if len(pages) < 2 {
		t.Fatalf("the test document fits on %d page; it must span two", len(pages))
	}
	onPage := func(s string) int {
		for i, p := range pages {
			if strings.Contains(p, s) {
				return i
			}
		}
		t.Fatalf("no page has %q", s)
		return -1
	}
	for _, c := range []struct{ ref, note string }{
		{"Đoạn mở đầu có chú thích thứ nhất.", "Chú thích thứ nhất: 57 hồ sơ."},
		{"Đoạn sau có chú thích thứ hai.", "Chú thích thứ hai: đạt 80%."},
	} {
		rp, np := onPage(c.ref), onPage(c.note)
		if rp != np {
			t.Errorf("%q is on page %d, its footnote on page %d", c.ref, rp+1, np+1)
			continue
		}
		if p := pages[rp]; strings.Index(p, c.note) < strings.Index(p, c.ref) {
			t.Errorf("on page %d the footnote %q comes before the text that refers to it", rp+1, c.note)
		}
	}
	if onPage("Chú thích thứ nhất") == onPage("Chú thích thứ hai") {
		t.Error("both footnotes are on one page; the second belongs to a later page")
	}
}

// pdfPages is the text of each page of a PDF, as pdftotext reads it.
func pdfPages(t *testing.T, pdftotext string, pdf []byte) []string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var pages []string
	for _, p := range strings.Split(string(out), "\f") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			pages = append(pages, p)
		}
	}
	return pages
}

// TestDatesAsWritten: the services write day and month on two digits
// ("ngày 08 tháng 12 năm 2026", "08/12/2026"); the writers print them as
// given, in the heading, the body and the tables.
func TestDatesAsWritten(t *testing.T) {
	d := sample()
	d.Header.PlaceDate = "Hương Xuân, ngày 08 tháng 12 năm 2026"
	d.Summary = []string{"Nhiệm vụ tháng 01 năm 2027"}
	d.Blocks = []Block{
		{Kind: KindParagraph, Emphasis: true, Text: "Số liệu chốt khi kết thúc tháng, tính đến hết ngày 08/12/2026."},
		{Kind: KindTable, Table: &Table{
			Columns: []Column{{Title: "TT", Width: 1, Numeric: true}, {Title: "Nhiệm vụ", Width: 8}, {Title: "Thời hạn ban đầu", Width: 3, Numeric: true}},
			Rows:    []Row{{Cells: []string{"1", "Tổng kết công tác năm", "08/12/2026\n(mới: 05/01/2027)"}}},
		}},
	}
	want := []string{"Hương Xuân, ngày 08 tháng 12 năm 2026", "Nhiệm vụ tháng 01 năm 2027", "tính đến hết ngày 08/12/2026.", "08/12/2026", "(mới: 05/01/2027)"}
	var docx, pdf bytes.Buffer
	if err := WriteDOCX(&docx, d); err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(&pdf, d); err != nil {
		t.Fatal(err)
	}
	xmlText := string(unzip(t, docx.Bytes())["word/document.xml"])
	for _, s := range want {
		if !strings.Contains(xmlText, s) {
			t.Errorf("document.xml lacks %q", s)
		}
	}
	pdftotext := lookTool(t, "pdftotext")
	text := PDFText(t, pdftotext, t.TempDir(), pdf.Bytes())
	for _, s := range want {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF lacks %q", s)
		}
	}
}
