package services_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/report"
)

// The reports as files, read back the way a person's software reads them:
// the Word file through LibreOffice, the PDF through pdftotext. Set
// THEODOI_REPORTS_KEEP to a folder to keep the files and look at them.

func findTool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	t.Skipf("%s not on PATH (apt-get install -y libreoffice-writer-nogui poppler-utils); skipping the read-back check", strings.Join(names, " or "))
	return ""
}

func keep(t *testing.T, name string, data []byte) {
	if dir := os.Getenv("THEODOI_REPORTS_KEEP"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Log(err)
		}
	}
}

func pdfToText(t *testing.T, pdftotext, path string) string {
	t.Helper()
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	// Lines joined, so text wrapped over two lines is still found.
	return strings.Join(strings.Fields(string(out)), " ")
}

// draftMustSay is what any rendering of the ward's draft must show: the
// header, every carried task and the Vietnamese letters.
func draftMustSay(w *reportWard) []string {
	return []string{
		"ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ", "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN", "ĐẢNG CỘNG SẢN VIỆT NAM", "-NQ/ĐU",
		"Hương Xuân, ngày", "NGHỊ QUYẾT", "Nhiệm vụ tháng 11 năm 2021",
		"II. Phương hướng, nhiệm vụ tháng 11 năm 2021",
		"Tiếp tục chỉ đạo Hội Liên hiệp Phụ nữ phường tổ chức ra mắt câu lạc bộ “An toàn cho trẻ em” theo kế hoạch Đề án 938.",
		"Tiếp tục tổ chức tuần tra, kiểm soát địa bàn ban đêm, đảm bảo an ninh trật tự trên địa bàn.",
		"Tiếp tục đôn đốc các chi bộ trực thuộc thu, nộp đảng phí đúng quy định; tổng hợp, báo cáo tình hình thu, nộp đảng phí.",
		"Tiếp tục chỉ đạo Chi bộ TDP Thượng Khê tổ chức sinh hoạt chuyên đề về vai trò nêu gương của đảng viên.",
		"Thượng Khê", "Hội Liên hiệp Phụ nữ", "ủy", "đ", "T/M ĐẢNG ỦY", "Nơi nhận:",
		"Đã chi trả bồi thường cho 09 hộ với số tiền 1.350.492.000 đồng",
	}
}

func TestReportDraftDOCXReadsBackInLibreOffice(t *testing.T) {
	soffice := findTool(t, "soffice", "libreoffice")
	pdftotext := findTool(t, "pdftotext")
	w := newReportWard(t)
	f, err := w.svc.Reports.File(w.ctx, w.leader, models.ReportDraft, "2021-10", models.FormatDOCX)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "du-thao-nghi-quyet-thang-11-2021.docx" || f.ContentType != report.ContentTypeDOCX {
		t.Errorf("file %q %q", f.Name, f.ContentType)
	}
	keep(t, f.Name, f.Data)
	dir := t.TempDir()
	src := filepath.Join(dir, f.Name)
	if err := os.WriteFile(src, f.Data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := strings.TrimSuffix(src, ".docx") + ".pdf"
	if data, err := os.ReadFile(pdf); err == nil {
		keep(t, "du-thao-nghi-quyet-thang-11-2021.libreoffice.pdf", data)
	} else {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	text := pdfToText(t, pdftotext, pdf)
	for _, want := range draftMustSay(w) {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's rendering lacks %q", want)
		}
	}
	if !norm.NFC.IsNormalString(text) {
		t.Error("text is not NFC")
	}
}

func TestReportPDFsReadBack(t *testing.T) {
	pdftotext := findTool(t, "pdftotext")
	w := newReportWard(t)
	dir := t.TempDir()
	cases := []struct {
		kind models.ReportKind
		name string
		want []string
	}{
		{models.ReportDraft, "du-thao-nghi-quyet-thang-11-2021.pdf", draftMustSay(w)},
		{models.ReportReview, "bao-cao-ket-qua-thang-10-2021.pdf", []string{
			"ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN", "ĐẢNG CỘNG SẢN VIỆT NAM", "-BC/ĐU", "BÁO CÁO", "Kết quả thực hiện nhiệm vụ tháng 10 năm 2021",
			"Chi bộ TDP Thượng Khê", "Hội Liên hiệp Phụ nữ phường", "Tổng cộng", "33,33%", "Văn phòng Đảng ủy",
		}},
		{models.ReportCarryOver, "nhiem-vu-chuyen-sang-thang-11-2021.pdf", []string{
			"ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN", "Nhiệm vụ chuyển sang tháng 11 năm 2021", "Công an phường (1 nhiệm vụ)",
			"Hội Liên hiệp Phụ nữ phường (1 nhiệm vụ)", "Chi bộ TDP Thượng Khê (1 nhiệm vụ)", "Văn phòng Đảng ủy (1 nhiệm vụ)", "10/10/2021",
		}},
	}
	for _, c := range cases {
		f, err := w.svc.Reports.File(w.ctx, w.office, c.kind, "2021-10", models.FormatPDF)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != c.name || f.ContentType != report.ContentTypePDF || !strings.HasPrefix(string(f.Data), "%PDF-") {
			t.Errorf("%s: %q %q", c.kind, f.Name, f.ContentType)
		}
		keep(t, f.Name, f.Data)
		path := filepath.Join(dir, f.Name)
		if err := os.WriteFile(path, f.Data, 0o600); err != nil {
			t.Fatal(err)
		}
		text := pdfToText(t, pdftotext, path)
		for _, want := range c.want {
			if !strings.Contains(text, want) {
				t.Errorf("%s PDF lacks %q", c.kind, want)
			}
		}
		docx, err := w.svc.Reports.File(w.ctx, w.office, c.kind, "2021-10", models.FormatDOCX)
		if err != nil {
			t.Fatal(err)
		}
		keep(t, docx.Name, docx.Data)
	}
}
