package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/theodoi/theodoi/internal/docx/docxtest"
	"github.com/theodoi/theodoi/models"
)

// TestBrowserUnitReport: a unit officer signs in on the unit view, opens
// the unit's month report by its link and downloads the .docx. Chrome
// saves the file (into a temporary directory) under the name the server
// gives, and the file is the unit's own report. Helpers are
// browser_test.go's.
func TestBrowserUnitReport(t *testing.T) {
	e := newTestEnv(t)
	e.task(models.StateNotStarted)
	e.taskIn("Hội Nông dân phường rà soát hội viên trên toàn địa bàn", e.units["other"], "2021-10-31")
	c := startChrome(t, e.srv.URL)

	unit := c.tab("unit", 1024, 900)
	unit.login("unitLead@thu.example", "/unit")
	unit.step("open the unit's report",
		chromedp.WaitVisible(chromedp.CSS(`p.unit-report-link a`)),
		waitText(`p.unit-report-link a`, "Báo cáo của đơn vị"),
		chromedp.Click(chromedp.CSS(`p.unit-report-link a`)),
		waitJS(`location.pathname === "/unit/report" && document.readyState === "complete"`),
		waitText("h1", "Báo cáo của đơn vị — Hội LHPN phường, tháng 10/2021"),
		waitText("article.paper .paper-header", "HỘI LHPN PHƯỜNG"),
		waitText("article.paper .paper-header", "ĐẢNG BỘ PHƯỜNG THỬ NGHIỆM"),
		waitText("article.paper .paper-signer", "T/M HỘI LHPN PHƯỜNG"),
		chromedp.WaitVisible(chromedp.CSS("#unit-report-docx")),
	)
	if body := unit.text("article.paper"); !strings.Contains(body, "An toàn cho trẻ em") || strings.Contains(body, "rà soát hội viên") {
		t.Error("the report does not show exactly the unit's tasks")
	}

	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(unit.ctx, stepTimeout)
	defer cancel()
	begun := chromedp.Events(ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.Events(ctx, cdpbrowser.DownloadProgress)
	events := true
	unit.step("download the .docx",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events,
			})
			return err
		}),
		chromedp.Click(chromedp.CSS("#unit-report-docx")),
	)
	var guid string
	for ev, err := range begun {
		if err != nil {
			t.Fatalf("waiting for the download: %v", err)
		}
		if ev.SuggestedFilename != "bao-cao-don-vi-thang-10-2021-hoi-lhpn-phuong.docx" {
			t.Errorf("Chrome would save the file as %q", ev.SuggestedFilename)
		}
		guid = ev.GUID
		break
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download to end: %v", err)
		}
		if ev.GUID != guid || ev.State == cdpbrowser.DownloadProgressStateInProgress {
			continue
		}
		if ev.State != cdpbrowser.DownloadProgressStateCompleted {
			t.Fatalf("the download ended %s", ev.State)
		}
		break
	}
	data, err := os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		t.Fatal(err)
	}
	doc := docxtest.Part(t, data, "word/document.xml")
	for _, want := range []string{"HỘI LHPN PHƯỜNG", "T/M HỘI LHPN PHƯỜNG", "An toàn cho trẻ em"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the downloaded .docx lacks %q", want)
		}
	}
	if got := unit.path(); got != "/unit/report" {
		t.Errorf("downloading left the page for %s", got)
	}
}
