package handlers_test

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/theodoi/theodoi/models"
)

// TestBrowserReviewOverview: a leader opens an imported resolution, finds
// the item without a lead at the top of the overview, types the unit's
// name into its lead (picked from the page's unit list), and creates the
// tasks from there. Helpers are browser_test.go's.
func TestBrowserReviewOverview(t *testing.T) {
	data, err := os.ReadFile("../internal/resolution/testdata/nghi-quyet-an-hoa-du-thao.txt")
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEnv(t)
	ctx, leader := context.Background(), e.actors["leader"]
	res, err := e.svc.Imports.Upload(ctx, leader, "an-hoa.txt", "text/plain", data)
	if err != nil {
		t.Fatal(err)
	}
	// Everything is assigned but the first item's lead, which the
	// reviewer fills in on the page.
	items := res.Import.Items
	for i := range items {
		items[i].AreaID, items[i].LeadUnitID, items[i].CoordinatingUnitIDs, items[i].FollowUpUnitID = e.areaID, e.units["lead"], []models.ID{}, ""
	}
	items[0].LeadUnitID = ""
	imp, err := e.svc.Imports.SaveItems(ctx, leader, res.Import.ID, res.Import.Version, items)
	if err != nil {
		t.Fatal(err)
	}

	c := startChrome(t, e.srv.URL)
	tab := c.tab("review", 1366, 900)
	tab.login("leader@thu.example", "/")
	lead := `#row-0 input[name="items[0].lead"]`
	tab.step("open the review",
		chromedp.Navigate(e.srv.URL+"/imports/"+string(imp.ID)),
		chromedp.WaitVisible(chromedp.CSS("#overview")),
		waitJS(`document.querySelector("#overview tbody tr").id === "row-0"`), // what needs a look comes first
		waitText("#row-0", "Cần xem lại"),
	)
	tab.step("type the lead and create the tasks",
		chromedp.Click(chromedp.CSS(lead)),
		chromedp.SendKeys(chromedp.CSS(lead), "Đoàn TNCS Hồ Chí Minh"),
		chromedp.Click(chromedp.CSS("#commit")),
		waitJS(`location.search.includes("notice=committed") && document.readyState === "complete"`),
		chromedp.WaitVisible(chromedp.CSS("#created-tasks")),
	)
	done, err := e.svc.Imports.Get(ctx, leader, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != models.ImportCommitted || len(done.TaskIDs) != len(items) {
		t.Fatalf("import %s with %d tasks, want committed with %d", done.Status, len(done.TaskIDs), len(items))
	}
	first, err := e.svc.Tasks.Get(ctx, leader, done.TaskIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if first.LeadUnitID != e.units["coord"] {
		t.Errorf("the first task is led by %s, want the unit typed on the page (%s)", first.LeadUnitID, e.units["coord"])
	}
}
