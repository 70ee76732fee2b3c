package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
)

// Browser tests: the real handler behind httptest, driven by headless
// Chromium through chromedp. They run in `go test ./...` wherever Chromium
// is installed; without it they are skipped, unless CI is set, where a
// missing browser is a failure. Every step is photographed; the pictures
// are written out only when the test fails (to THEODOI_TEST_ARTIFACTS, or
// a new directory under the system's temporary directory).

// chromiumPaths are where Debian and others put the browser.
var chromiumPaths = []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"}

func findChromium() string {
	if p := os.Getenv("THEODOI_CHROMIUM"); p != "" {
		return p
	}
	for _, p := range chromiumPaths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chrome is one browser for one test function.
type chrome struct {
	t     *testing.T
	ctx   context.Context
	base  string
	mu    sync.Mutex
	shots []shot
}

type shot struct {
	name string
	data []byte
}

func startChrome(t *testing.T, base string) *chrome {
	t.Helper()
	return startChromeIn(t, base, "vi-VN")
}

// startChromeIn starts Chromium whose language (navigator.language and
// Accept-Language) is lang.
func startChromeIn(t *testing.T, base, lang string) *chrome {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("no Chromium found (looked for %s and THEODOI_CHROMIUM); CI is set, so the browser tests must run", strings.Join(chromiumPaths, ", "))
		}
		t.Skipf("no Chromium found (looked for %s; set THEODOI_CHROMIUM to its path); skipping the browser tests", strings.Join(chromiumPaths, ", "))
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", lang),
		chromedp.Flag("accept-lang", lang),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	c := &chrome{t: t, ctx: ctx, base: base}
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		if t.Failed() {
			c.saveShots()
		}
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	return c
}

// saveShots writes every step's picture and says where.
func (c *chrome) saveShots() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.shots) == 0 {
		return
	}
	dir := os.Getenv("THEODOI_TEST_ARTIFACTS")
	if dir != "" {
		dir = filepath.Join(dir, c.t.Name())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			c.t.Logf("screenshots not saved: %v", err)
			return
		}
	} else {
		var err error
		if dir, err = os.MkdirTemp(os.TempDir(), "theodoi-browser-*"); err != nil {
			c.t.Logf("screenshots not saved: %v", err)
			return
		}
	}
	for i, s := range c.shots {
		name := filepath.Join(dir, fmt.Sprintf("%02d-%s.jpg", i+1, s.name))
		if err := os.WriteFile(name, s.data, 0o644); err != nil {
			c.t.Logf("screenshot %s: %v", name, err)
		}
	}
	c.t.Logf("screenshots of each step: %s", dir)
}

// tab is the browser's one page, used by one person after another (each
// signs in and out), at the screen width that person has.
type tab struct {
	c    *chrome
	name string
	ctx  context.Context
}

func (c *chrome) tab(name string, width, height int64) *tab {
	c.t.Helper()
	tb := &tab{c: c, name: name, ctx: c.ctx}
	tb.step("viewport", chromedp.EmulateViewport(width, height))
	return tb
}

// stepTimeout bounds one step; -race on two cores is slow.
const stepTimeout = 30 * time.Second

// step runs actions and photographs the tab; on error the test stops.
func (tb *tab) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	tb.c.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	err := chromedp.Do(ctx, actions...)
	tb.photo(name)
	if err != nil {
		tb.c.t.Fatalf("%s: %s: %v", tb.name, name, err)
	}
}

func (tb *tab) photo(name string) {
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	data, err := chromedp.Run(ctx, chromedp.FullScreenshot(70))
	if err != nil {
		return // a picture is a help, not a test
	}
	tb.c.mu.Lock()
	tb.c.shots = append(tb.c.shots, shot{name: tb.name + "-" + strings.ReplaceAll(name, " ", "-"), data: data})
	tb.c.mu.Unlock()
}

// waitJS waits until the JavaScript expression is true. Pages swap under
// htmx, so a failed evaluation is tried again rather than fatal.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		var last error
		for {
			ok, err := chromedp.Evaluate[bool](expr)(ctx, t)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			last = err
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("waiting for %s: %w (last error: %v)", expr, ctx.Err(), last)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// waitText waits until the element matched by selector contains text.
func waitText(selector, text string) chromedp.Action[chromedp.Void] {
	sel, _ := json.Marshal(selector)
	want, _ := json.Marshal(text)
	return waitJS(fmt.Sprintf(`(() => { const e = document.querySelector(%s); return !!e && e.textContent.includes(%s); })()`, sel, want))
}

func (tb *tab) text(selector string) string {
	tb.c.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		tb.photo("text-" + selector)
		tb.c.t.Fatalf("%s: text of %s: %v", tb.name, selector, err)
	}
	return strings.TrimSpace(s)
}

func (tb *tab) path() string {
	tb.c.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	p, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
	if err != nil {
		tb.c.t.Fatalf("%s: location: %v", tb.name, err)
	}
	return p
}

// logout ends the session, so the next person can sign in on the same page.
func (tb *tab) logout() {
	tb.c.t.Helper()
	tb.step("logout",
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		waitJS(`location.pathname === "/login"`),
	)
}

func (tb *tab) login(email, landing string) {
	tb.c.t.Helper()
	tb.step("login "+email,
		chromedp.Navigate(tb.c.base+"/login"),
		waitJS(`location.pathname === "/login"`),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		chromedp.SendKeys(chromedp.CSS("#login-email"), email),
		chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		waitJS(fmt.Sprintf(`location.pathname === %q && document.readyState === "complete"`, landing)),
	)
}

// TestBrowserJourney: a leader assigns a task; the unit's officer, on a
// phone, reports 60% and then done; the leader accepts it on the
// dashboard and the counts move; the officer cannot open another unit's
// task by its address.
func TestBrowserJourney(t *testing.T) {
	e := newTestEnv(t)
	other := e.taskIn("Việc riêng của Hội Nông dân", e.units["other"], "2021-10-31")
	e.taskIn("Việc đã có từ trước", e.units["lead"], "2021-10-31")
	c := startChrome(t, e.srv.URL)

	leader := c.tab("leader", 1366, 900)
	leader.login("leader@thu.example", "/")
	before := leader.text("#count-total")

	text := "Tổ chức ra mắt mô hình “Dân vận khéo” tại khu dân cư số 3"
	leader.step("new task",
		chromedp.Navigate(c.base+"/tasks/new"),
		chromedp.WaitVisible(chromedp.CSS("#tf-text")),
		chromedp.SetValue(chromedp.CSS("#tf-text"), text),
		chromedp.SetValue(chromedp.CSS("#tf-area"), string(e.areaID)),
		chromedp.SetValue(chromedp.CSS("#tf-lead"), string(e.units["lead"])),
		chromedp.SetValue(chromedp.CSS("#tf-deadline"), "25/10/2021"),
		chromedp.Click(chromedp.CSS(`form.task-form button[type="submit"]`)),
		waitText(`p[role="status"]`, "Đã giao nhiệm vụ"),
	)
	id := strings.TrimPrefix(leader.path(), "/tasks/")
	if i := strings.IndexAny(id, "?#"); i >= 0 {
		id = id[:i]
	}
	if !models.ID(id).Valid() {
		t.Fatalf("after creating, the leader is at %s", leader.path())
	}
	if got := leader.text(".task-text"); got != text {
		t.Errorf("task page shows %q", got)
	}

	leader.logout()
	unit := c.tab("unit", 360, 740)
	unit.login("unitLead@thu.example", "/unit")
	card := "#task-" + id
	unit.step("unit view", waitText(card+" h3", "Dân vận khéo"))
	unit.step("report 60%",
		chromedp.SetValue(chromedp.CSS("#p-"+id), "60"),
		chromedp.Click(chromedp.CSS(card+` button[value="progress"]`)),
		waitText(card+` p[role="status"]`, "Đã ghi nhận báo cáo tiến độ"),
		waitText(card+" .percent strong", "60%"),
	)
	if v := e.current(models.ID(id)); v.Percent != 60 || v.State != models.StateInProgress {
		t.Fatalf("after the 60%% report: %d%% %s", v.Percent, v.State)
	}
	unit.step("report done",
		chromedp.Click(chromedp.CSS(card+` button[value="done"]`)),
		waitText(card+" .badges", "Chờ xác nhận hoàn thành"),
	)
	if v := e.current(models.ID(id)); v.State != models.StateAwaiting {
		t.Fatalf("after reporting done: %s", v.State)
	}
	unit.step("another unit's task",
		chromedp.Navigate(c.base+"/tasks/"+string(other.ID)),
		waitText("h1", "Không tìm thấy"),
	)
	if body := unit.text("main"); strings.Contains(body, other.Text) {
		t.Error("the other unit's task text is shown")
	}

	unit.logout()
	leader = c.tab("leader", 1366, 900)
	leader.login("leader@thu.example", "/")
	leader.step("dashboard", chromedp.WaitVisible(chromedp.CSS("#count-done")))
	if got := leader.text("#count-total"); got == before || got != fmt.Sprint(atoi(t, before)+1) {
		t.Errorf("total went from %s to %s", before, got)
	}
	doneBefore := atoi(t, leader.text("#count-done"))
	leader.step("accept",
		chromedp.Click(chromedp.CSS(`form[action="/tasks/`+id+`/accept"] button`)),
		waitText(`p[role="status"]`, "Đã xác nhận hoàn thành"),
		waitText("#count-done", fmt.Sprint(doneBefore+1)),
	)
	if v := e.current(models.ID(id)); v.State != models.StateDone {
		t.Errorf("after acceptance: %s", v.State)
	}
	if got := atoi(t, leader.text("#count-done-on-time")); got != doneBefore+1 {
		t.Errorf("done on time: %d", got)
	}
}

// TestBrowserStaleEdit: a leader edits a task another leader changed
// meanwhile; the page says so, keeps the input and shows the new version.
func TestBrowserStaleEdit(t *testing.T) {
	e := newTestEnv(t)
	v := e.task(models.StateNotStarted)
	c := startChrome(t, e.srv.URL)
	leader := c.tab("leader", 1366, 900)
	leader.login("leader@thu.example", "/")
	leader.step("edit form",
		chromedp.Navigate(c.base+"/tasks/"+string(v.ID)+"/edit"),
		chromedp.WaitVisible(chromedp.CSS("#tf-text")),
	)
	dl := "2021-10-18"
	if _, err := e.svc.Tasks.Update(context.Background(), e.actors["leader"], v.ID, task.TaskPatch{Version: v.Version, Deadline: &dl}); err != nil {
		t.Fatal(err)
	}
	mine := "Nội dung do lãnh đạo sửa lại cho rõ hơn"
	leader.step("save stale",
		chromedp.SetValue(chromedp.CSS("#tf-text"), mine),
		chromedp.Click(chromedp.CSS(`form.task-form button[type="submit"]`)),
		waitText(`p[role="alert"]`, "Thay đổi của bạn CHƯA được lưu"),
		waitText("section.conflict", "phiên bản 2"),
	)
	ctx, cancel := context.WithTimeout(leader.ctx, stepTimeout)
	defer cancel()
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#tf-text")))
	if err != nil || kept != mine {
		t.Errorf("the input was not kept: %q %v", kept, err)
	}
	deadline, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#tf-deadline")))
	if err != nil || deadline != "18/10/2021" { // the form writes dates day first
		t.Errorf("the other leader's deadline is not in the form: %q %v", deadline, err)
	}
	if cur := e.current(v.ID); cur.Text == mine {
		t.Error("the stale edit was saved")
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(strings.ReplaceAll(s, ".", ""), &n); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}
