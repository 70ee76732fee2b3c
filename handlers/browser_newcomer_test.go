package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/theodoi/theodoi/models"
)

// TestBrowserNewcomerDay: an office PC set up in English. The sign-in page
// is Vietnamese; on a 360 px phone a task's card has its text across the
// card; a date typed 05/10/2021 is stored as 2021-10-05; closing a month
// asks once more before anything is closed.
func TestBrowserNewcomerDay(t *testing.T) {
	e := newTestEnv(t)
	for i := range 12 {
		e.taskIn("Rà soát, cập nhật hồ sơ hội viên của chi hội số "+string(rune('1'+i%9)), e.units["lead"], "2021-10-31")
	}
	c := startChromeIn(t, e.srv.URL, "en-US,en")
	leader := c.tab("leader", 1366, 900)
	leader.step("sign-in page", chromedp.Navigate(c.base+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-email")))
	if lang := leader.text("main"); !strings.Contains(lang, "Đăng nhập") || strings.Contains(lang, "Log in") {
		t.Errorf("the sign-in page for an English browser: %q", lang)
	}
	leader.login("leader@thu.example", "/")

	text := "Hoàn thành hồ sơ đề nghị khen thưởng cuối năm"
	leader.step("a date typed day first",
		chromedp.Navigate(c.base+"/tasks/new"),
		chromedp.WaitVisible(chromedp.CSS("#tf-text")),
		chromedp.SetValue(chromedp.CSS("#tf-text"), text),
		chromedp.SetValue(chromedp.CSS("#tf-area"), string(e.areaID)),
		chromedp.SetValue(chromedp.CSS("#tf-lead"), string(e.units["lead"])),
		chromedp.Clear(chromedp.CSS("#tf-deadline")),
		chromedp.SendKeys(chromedp.CSS("#tf-deadline"), "05/10/2021"),
		chromedp.Click(chromedp.CSS(`form.task-form button[type="submit"]`)),
		waitText(`p[role="status"]`, "Đã giao nhiệm vụ"),
	)
	id := strings.TrimPrefix(leader.path(), "/tasks/")
	if i := strings.IndexAny(id, "?#"); i >= 0 {
		id = id[:i]
	}
	if got := e.current(models.ID(id)).Deadline; got != "2021-10-05" {
		t.Errorf("05/10/2021 was stored as %q", got)
	}

	phone := c.tab("phone", 360, 740)
	phone.step("task list on a phone",
		chromedp.Navigate(c.base+"/tasks?month=2021-10"),
		chromedp.WaitVisible(chromedp.CSS(".task-table tbody tr")),
	)
	ctx, cancel := context.WithTimeout(phone.ctx, stepTimeout)
	defer cancel()
	ratio, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
		const row = document.querySelector(".task-table tbody tr");
		return row.querySelector(".task-cell").getBoundingClientRect().width / row.getBoundingClientRect().width;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if height, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollHeight`)); err == nil {
		t.Logf("the list (13 tasks) on a 360 px phone is %d px long", height)
	}
	if ratio < 0.9 {
		t.Errorf("a card's text takes %.0f%% of its width", ratio*100)
	}

	leader.step("close the month",
		chromedp.Navigate(c.base+"/periods/2021-10"),
		chromedp.WaitVisible(chromedp.CSS("#close-heading")),
		chromedp.Click(chromedp.CSS(`form[action="/periods/2021-10/close"] button[type="submit"]`)),
		waitText("#close-confirm", "Kết thúc tháng 10/2021?"),
	)
	if got := e.current(models.ID(id)).State; got == models.StateCarried {
		t.Fatal("the month was closed before it was confirmed")
	}
	leader.step("confirm",
		chromedp.Click(chromedp.CSS(`#close-confirm button[type="submit"]`)),
		waitJS(`location.search.includes("notice=closed")`),
	)
	if got := e.current(models.ID(id)).State; got != models.StateCarried {
		t.Errorf("after confirming, the task is %s", got)
	}
}
