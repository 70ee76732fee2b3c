package handlers_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Printing the task list and a task's page: a print head that only paper
// shows (the committee, the page, the filter in words, the day), a print
// view of the list with every task of the filter, and print styles that
// leave the menu, the forms and the buttons out.

const printCommittee = "Đảng ủy phường Thử Nghiệm"

// printTasks gives the test committee 25 tasks of the lead unit in
// October 2021 (more than the list's first page of 20) and one of another
// unit; it returns the first area's name, where they all are.
func printTasks(e *testEnv) string {
	e.t.Helper()
	for i := 1; i <= 25; i++ {
		e.taskIn(fmt.Sprintf("Rà soát hộ nghèo tổ %02d", i), e.units["lead"], "2021-10-31")
	}
	e.taskIn("Tổng vệ sinh môi trường", e.units["other"], "2021-10-31")
	areas, err := e.svc.Areas.List(context.Background(), e.actors["admin"])
	if err != nil {
		e.t.Fatal(err)
	}
	return areas[0].Name
}

var printLinkRe = regexp.MustCompile(`<a href="([^"]*)"[^>]*>In danh sách</a>`)

func TestPrintTaskList(t *testing.T) {
	e := newTestEnv(t)
	areaName := printTasks(e)
	leader := e.signIn("leader")
	filter := url.Values{"month": {"2021-10"}, "area": {string(e.areaID)}, "state": {"chua_thuc_hien"}, "q": {"rà soát"}}
	list := leader.get("/tasks?" + filter.Encode())
	if list.status != 200 {
		t.Fatalf("list: %d", list.status)
	}
	if n := strings.Count(list.body, `<tr id="task-`); n != 20 {
		t.Errorf("the list's first page has %d rows, want 20", n)
	}
	if !strings.Contains(list.body, `class="pager"`) {
		t.Error("a list of 25 tasks has no pager")
	}
	if !regexp.MustCompile(`<script src="/static/print\.js\?v=[0-9a-f]+" defer></script>`).MatchString(list.body) {
		t.Error("the layout does not load print.js")
	}

	// The print head: on the page, for paper only (app.css hides it on screen).
	head := between(list.body, `<header class="print-head">`, `</header>`)
	for _, want := range []string{printCommittee, "Danh sách nhiệm vụ", "Tháng: 10/2021", "Lĩnh vực: " + html.EscapeString(areaName),
		"Trạng thái: Chưa thực hiện", "Tìm theo nội dung: “rà soát”", "Hiển thị 1–20 trong 25 nhiệm vụ", "In ngày 05/10/2021"} {
		if !strings.Contains(head, want) {
			t.Errorf("the list's print head lacks %q:\n%s", want, head)
		}
	}
	for _, unset := range []string{"Đơn vị:", "Thời hạn thực hiện:", "Sắp xếp:"} {
		if strings.Contains(head, unset) {
			t.Errorf("the print head names %q, which is not set:\n%s", unset, head)
		}
	}

	// "In danh sách" opens the print view of the same filter.
	m := printLinkRe.FindStringSubmatch(list.body)
	if m == nil {
		t.Fatalf("no print link on the list:\n%s", between(list.body, `<div class="page-head">`, `</div>`))
	}
	link, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil || link.Path != "/tasks" || link.Fragment != "print" || link.Query().Get("print") != "1" {
		t.Fatalf("print link %q", m[1])
	}
	for k := range filter {
		if link.Query().Get(k) != filter.Get(k) {
			t.Errorf("the print link changes %s: %q", k, link.Query().Get(k))
		}
	}
	link.Fragment = ""
	view := leader.get(link.String())
	if view.status != 200 {
		t.Fatalf("print view: %d", view.status)
	}
	if n := strings.Count(view.body, `<tr id="task-`); n != 25 {
		t.Errorf("the print view has %d rows, want all 25", n)
	}
	for _, want := range []string{"Rà soát hộ nghèo tổ 01", "Rà soát hộ nghèo tổ 25", "Gồm 25 nhiệm vụ.", `data-print>In</button>`} {
		if !strings.Contains(view.body, want) {
			t.Errorf("the print view lacks %q", want)
		}
	}
	for _, gone := range []string{"Tổng vệ sinh môi trường", `class="pager"`, `type="checkbox"`, `class="filters"`, `href="/tasks/new"`, "In danh sách</a>"} {
		if strings.Contains(view.body, gone) {
			t.Errorf("the print view shows %q", gone)
		}
	}
	if h := between(view.body, `<header class="print-head">`, `</header>`); !strings.Contains(h, "Gồm 25 nhiệm vụ.") || !strings.Contains(h, "Tìm theo nội dung: “rà soát”") {
		t.Errorf("the print view's head:\n%s", h)
	}
	// The way back is the list with the same filter, not the print view.
	back := regexp.MustCompile(`<a href="([^"]*)"[^>]*>← Quay lại danh sách</a>`).FindStringSubmatch(view.body)
	if back == nil {
		t.Fatal("the print view has no way back to the list")
	}
	if u, err := url.Parse(html.UnescapeString(back[1])); err != nil || u.Path != "/tasks" || u.Query().Has("print") || u.Query().Get("q") != "rà soát" {
		t.Errorf("the print view's way back: %q", back[1])
	}
}

// TestPrintFilterWords: every kind of filter is written out by its name.
func TestPrintFilterWords(t *testing.T) {
	e := newTestEnv(t)
	printTasks(e)
	leader := e.signIn("leader")
	q := url.Values{"month": {""}, "unit": {string(e.units["lead"])}, "timeliness": {"trong_han"}, "role": {"lead"}, "sort": {"deadline"}}
	p := leader.get("/tasks?" + q.Encode() + "&print=1")
	if p.status != 200 {
		t.Fatalf("print view: %d", p.status)
	}
	head := between(p.body, `<header class="print-head">`, `</header>`)
	for _, want := range []string{"Tháng: Tất cả các tháng", "Đơn vị: Hội LHPN phường", "Vai trò của đơn vị: Chủ trì",
		"Thời hạn thực hiện: Trong hạn", "Sắp xếp: Thời hạn sớm nhất", "Gồm 25 nhiệm vụ."} {
		if !strings.Contains(head, want) {
			t.Errorf("print head lacks %q:\n%s", want, head)
		}
	}
}

func TestPrintTaskPage(t *testing.T) {
	e := newTestEnv(t)
	v := e.taskIn("Rà soát hộ nghèo tổ 01", e.units["lead"], "2021-10-31")
	for _, role := range []string{"leader", "unitLead"} {
		p := e.signIn(role).get("/tasks/" + string(v.ID))
		if p.status != 200 {
			t.Fatalf("%s: task page %d", role, p.status)
		}
		head := between(p.body, `<header class="print-head">`, `</header>`)
		for _, want := range []string{printCommittee, "Phiếu theo dõi nhiệm vụ", "In ngày 05/10/2021"} {
			if !strings.Contains(head, want) {
				t.Errorf("%s: the task's print head lacks %q:\n%s", role, want, head)
			}
		}
		if !strings.Contains(p.body, `<button type="button" class="secondary outline" data-print>In</button>`) {
			t.Errorf("%s: the task page has no print button", role)
		}
	}
}

// TestBrowserPrintsTaskList: in Chromium, "In danh sách" opens the print
// view and its print dialog; the list printed to PDF holds the print head
// and every task, and none of the menu, filters, buttons or pager. The
// task page's "In" button prints it the same way.
func TestBrowserPrintsTaskList(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not on PATH (apt-get install -y poppler-utils)")
	}
	e := newTestEnv(t)
	printTasks(e)
	c := startChrome(t, e.srv.URL)
	leader := c.tab("leader", 1366, 900)
	leader.login("leader@thu.example", "/")
	// Headless Chromium has no print dialog: count the calls instead.
	leader.step("count window.print", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__printed = 0; window.print = function () { window.__printed++; };`,
		})
		return err
	}))
	leader.step("open the list",
		chromedp.Navigate(e.srv.URL+"/tasks?month=2021-10"),
		chromedp.WaitVisible(chromedp.CSS(`a[href*="print=1"]`)),
		waitJS(`getComputedStyle(document.querySelector(".print-head")).display === "none"`),
	)
	leader.step("print the list",
		chromedp.Click(chromedp.CSS(`a[href*="print=1"]`)),
		waitJS(`location.search.includes("print=1") && location.hash === "" && document.readyState === "complete" && window.__printed === 1`),
	)
	text := printedText(t, leader, pdftotext)
	want := []string{printCommittee, "Danh sách nhiệm vụ", "Tháng: 10/2021", "Gồm 26 nhiệm vụ.", "In ngày 05/10/2021", "Tổng vệ sinh môi trường"}
	for i := 1; i <= 25; i++ {
		want = append(want, fmt.Sprintf("Rà soát hộ nghèo tổ %02d", i))
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the printed list lacks %q:\n%s", w, text)
		}
	}
	for _, gone := range []string{"Tổng quan", "Đăng xuất", "English", "In danh sách", "Giao nhiệm vụ mới", "Xóa bộ lọc", "Trang sau",
		"Thao tác với các nhiệm vụ đã chọn", "Tải danh sách", "Bản để in", "http"} {
		if strings.Contains(text, gone) {
			t.Errorf("the printed list shows %q:\n%s", gone, text)
		}
	}

	// The task opens under hx-boost, in the same document: print.js's one
	// listener serves its button too.
	leader.step("print a task",
		chromedp.Click(chromedp.CSS(`tr[id^="task-"] a`)),
		waitJS(`location.pathname.startsWith("/tasks/") && !!document.querySelector("article.task-head")`),
		waitJS(`(() => { window.__printed = 0; return true; })()`),
		chromedp.Click(chromedp.CSS(`button[data-print]`)),
		waitJS(`window.__printed === 1`),
	)
	text = printedText(t, leader, pdftotext)
	for _, w := range []string{printCommittee, "Phiếu theo dõi nhiệm vụ", "In ngày 05/10/2021", "Lịch sử tiến độ"} {
		if !strings.Contains(text, w) {
			t.Errorf("the printed task lacks %q:\n%s", w, text)
		}
	}
	for _, gone := range []string{"Tổng quan", "Danh sách nhiệm vụ", "Sửa nhiệm vụ", "Ghi nhận đôn đốc", "Xác nhận, mở lại hoặc hủy", "Hủy nhiệm vụ"} {
		if strings.Contains(text, gone) {
			t.Errorf("the printed task shows %q:\n%s", gone, text)
		}
	}
}

// printedText prints the tab's page to PDF and reads its text back, in
// one line.
func printedText(t *testing.T, tb *tab, pdftotext string) string {
	t.Helper()
	var pdf []byte
	prefer := true
	tb.step("print to PDF", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
		pdf = res.Data
		return err
	}))
	path := filepath.Join(t.TempDir(), "printed.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
