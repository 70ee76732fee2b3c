package handlers_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserPrintsReport: a report page printed from the browser is the
// document alone — the whole two-column header, no menu, no language
// switch, no download buttons — as the print styles promise.
func TestBrowserPrintsReport(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not on PATH (apt-get install -y poppler-utils)")
	}
	e := reportEnv(t)
	c := startChrome(t, e.srv.URL)
	office := c.tab("office", 1366, 900)
	office.login("office@thu.example", "/")
	var pdf []byte
	prefer := true
	office.step("print the review",
		chromedp.Navigate(e.srv.URL+"/periods/2021-10/reports/review"),
		chromedp.WaitVisible(chromedp.CSS("article.paper .paper-header")),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
			pdf = res.Data
			return err
		}),
	)
	path := filepath.Join(t.TempDir(), "review.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"ĐẢNG ỦY PHƯỜNG THỬ NGHIỆM", "ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed page lacks %q:\n%s", want, text)
		}
	}
	for _, nav := range []string{"English", "Tải về", "Đăng xuất", "Thông báo"} {
		if strings.Contains(text, nav) {
			t.Errorf("the printed page shows %q:\n%s", nav, text)
		}
	}
}
