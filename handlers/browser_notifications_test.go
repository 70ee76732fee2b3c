package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMailLinkMarksRead: a unit officer, signed out, opens the
// link a notice's mail carries (/tasks/{id}); the site asks them to sign
// in, then lands on that task, and opening it has read the notice: the
// menu shows no unread count and the API says 0. Helpers are
// browser_test.go's.
func TestBrowserMailLinkMarksRead(t *testing.T) {
	e := newTestEnv(t)
	text := "Ra quân tổng vệ sinh môi trường khu dân cư số 5"
	v := e.taskIn(text, e.units["lead"], "2021-10-25")
	link := "/tasks/" + string(v.ID)
	if got := e.notices("unitLead", "?unread=true"); got.Unread != 1 || len(got.Items) != 1 || got.Items[0].TaskID != string(v.ID) {
		t.Fatalf("before: the officer's notices %+v", got)
	}

	c := startChrome(t, e.srv.URL)
	unit := c.tab("unit", 360, 740)
	unit.step("open the mail's link signed out",
		chromedp.Navigate(c.base+link),
		waitJS(fmt.Sprintf(`location.pathname === "/login" && location.search === %s`, jsString("?next="+url.QueryEscape(link)))),
		chromedp.WaitVisible(chromedp.CSS("#login-email")),
		waitJS(fmt.Sprintf(`document.querySelector('form[action="/login"] input[name="next"]').value === %s`, jsString(link))),
	)
	unit.step("sign in",
		chromedp.SendKeys(chromedp.CSS("#login-email"), "unitLead@thu.example"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
		waitJS(fmt.Sprintf(`location.pathname === %s && document.readyState === "complete"`, jsString(link))),
		waitText("h1.task-text", text),
		chromedp.WaitVisible(chromedp.CSS("a.inbox-link")),
	)
	ctx, cancel := context.WithTimeout(unit.ctx, stepTimeout)
	defer cancel()
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#unread-count") !== null`))
	if err != nil || shown {
		t.Errorf("the task page still shows an unread count (%v)", err)
	}
	unread, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/api/v1/notifications").then(r => r.json()).then(b => b.unread)`, chromedp.EvalAwaitPromise))
	if err != nil || unread != 0 {
		t.Errorf("the browser's session reads %d unread (%v)", unread, err)
	}
	if got := e.notices("unitLead", ""); got.Unread != 0 || len(got.Items) != 1 || !got.Items[0].Read {
		t.Errorf("after opening the task: %+v", got)
	}

	unit.step("the notifications page",
		chromedp.Click(chromedp.CSS("a.inbox-link")),
		waitJS(`location.pathname === "/notifications" && document.readyState === "complete"`),
		waitJS(fmt.Sprintf(`document.querySelectorAll("ol.inbox li").length === 1 && document.querySelectorAll("ol.inbox li.unread").length === 0 && document.querySelector("ol.inbox a").getAttribute("href") === %s`, jsString(link))),
	)
}
