package handlers_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/theodoi/theodoi/models"
)

// TestBrowserSetup: on a store with no committee, the administrator opens
// the printed setup link, fills in the committee, drops a unit, types two
// chi bộ and their own account, and lands signed in on the administration
// page; the link is dead afterwards. Helpers are browser_test.go's.
func TestBrowserSetup(t *testing.T) {
	e, token := newSetupEnv(t)
	c := startChrome(t, e.srv.URL)
	link := c.base + "/setup?token=" + url.QueryEscape(token)
	admin := c.tab("admin", 1366, 900)

	// Headless Chromium asks for English whatever its flags say; the
	// page's language switch brings the form back in Vietnamese.
	admin.step("open the link",
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("#su-name")),
		chromedp.Click(chromedp.CSS(`form[action="/language"] button[value="vi"]`)),
		waitText("main h1", "Thiết lập Đảng ủy"),
		waitJS(`location.pathname + location.search === `+jsString(link[len(c.base):])),
		chromedp.WaitVisible(chromedp.CSS("#su-name")),
	)
	admin.step("committee",
		chromedp.SetValue(chromedp.CSS("#su-superior"), "Đảng bộ thành phố Huế"),
		chromedp.SetValue(chromedp.CSS("#su-name"), "Đảng ủy phường Hương Xuân"),
		chromedp.SetValue(chromedp.CSS("#su-place"), "Hương Xuân"),
	)
	admin.step("drop the health station",
		chromedp.Click(chromedp.CSS("#su-keep-tram-y-te")),
		waitJS(`document.querySelector("#su-keep-tram-y-te").checked === false && document.querySelector("#su-keep-ubnd").checked === true`),
	)
	admin.step("two chi bộ",
		chromedp.Click(chromedp.CSS("#su-cells")),
		chromedp.SendKeys(chromedp.CSS("#su-cells"), "TDP Thượng Khê\nTDP Thanh Lương 2"),
		waitJS(`document.querySelector("#su-cells").value.split("\n").length === 2`),
	)
	admin.step("administrator",
		chromedp.SetValue(chromedp.CSS("#su-admin-name"), "Trần Thị Bình"),
		chromedp.SetValue(chromedp.CSS("#su-admin-email"), "binh@huongxuan.example"),
		chromedp.SetValue(chromedp.CSS("#su-admin-password"), setupPassword),
		chromedp.SetValue(chromedp.CSS("#su-admin-repeat"), setupPassword),
	)
	admin.step("submit",
		chromedp.Click(chromedp.CSS(`form[action="/setup"] button[type="submit"]`)),
		waitJS(`location.pathname === "/admin" && document.readyState === "complete"`),
		waitText("main h1", "Quản trị"),
		waitText(".site-header .committee", "Đảng ủy phường Hương Xuân"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"] button`)),
	)

	admin.step("the link again",
		chromedp.Navigate(link),
		waitText("main h1", "Không tìm thấy"),
	)
	ctx, cancel := context.WithTimeout(admin.ctx, stepTimeout)
	defer cancel()
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch(location.href).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil || status != 404 {
		t.Errorf("the setup link after the setup: %d %v", status, err)
	}
	if err := e.svc.Setup.CheckToken(t.Context(), token); err == nil {
		t.Error("the token still works")
	}

	users, err := e.svc.Users.List(t.Context(), firstAdmin(t, e))
	if err != nil || len(users) != 1 || users[0].Name != "Trần Thị Bình" {
		t.Fatalf("users: %+v %v", users, err)
	}
	units, err := e.svc.Units.List(t.Context(), firstAdmin(t, e))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]models.UnitKind{}
	for _, u := range units {
		names[u.Name] = u.Kind
	}
	if _, ok := names["Trạm Y tế phường"]; ok {
		t.Error("the dropped unit was made")
	}
	if _, ok := names["UBND phường"]; !ok {
		t.Errorf("a kept unit is missing: %v", names)
	}
	for _, cell := range []string{"Chi bộ TDP Thượng Khê", "Chi bộ TDP Thanh Lương 2"} {
		if kind, ok := names[cell]; !ok || kind != models.UnitPartyCell {
			t.Errorf("%s: %q %v", cell, kind, ok)
		}
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// firstAdmin is the actor of the one administrator a setup made.
func firstAdmin(t *testing.T, e *testEnv) models.Actor {
	t.Helper()
	all, err := e.svc.Committees.List(t.Context())
	if err != nil || len(all) != 1 {
		t.Fatalf("committees: %d %v", len(all), err)
	}
	return models.Actor{CommitteeID: all[0].ID, Role: models.RoleAdmin}
}
