package handlers_test

import (
	"html"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/demo"
	"github.com/theodoi/theodoi/models"
)

// TestImportSampleKeepsWhatItSays: the real resolution 31-NQ/ĐU, imported
// into a ward with the demo's units, loses nothing at commit and is
// suggested as a ward office would assign it.
func TestImportSampleKeepsWhatItSays(t *testing.T) {
	data, err := os.ReadFile(samplePath)
	if err != nil {
		t.Skip("the shared sample is not here:", err)
	}
	e := newTestEnv(t)
	e.addDemoUnits()
	names := e.unitNames()
	byName := map[string]models.ID{}
	for id, n := range names {
		byName[n] = id
	}
	var up struct{ Import importJSON }
	if st := e.upload("leader", "nq-31.txt", data, &up); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	item := map[string]models.ImportItem{}
	for _, it := range up.Import.Items {
		item[it.Key] = it
	}
	lead := func(key string) string { return names[item[key].LeadUnitID] }

	// 2.6 waits for funds; its footnote counts the works.
	w := item["2.6"]
	if !slices.Contains(w.Flags, "waiting_condition") || !strings.Contains(w.Condition, "phân bổ kinh phí") || w.Deadline != "" {
		t.Errorf("2.6: flags %v, condition %q, deadline %q", w.Flags, w.Condition, w.Deadline)
	}
	if len(w.Footnotes) == 0 || !strings.HasPrefix(w.Footnotes[0], "11:") {
		t.Errorf("2.6 footnotes %q", w.Footnotes)
	}
	// Standing work has no deadline to miss.
	for _, k := range []string{"3.1", "4.3", "6.6", "7.5"} {
		if d := item[k].Deadline; d != "" {
			t.Errorf("%s is standing work but has the deadline %s", k, d)
		}
	}
	// Who a ward office would make lead.
	for key, want := range map[string]string{"2.1": "UBND phường", "7.1": "Ban Thường vụ Đảng ủy", "7.5": "Ban Thường vụ Đảng ủy"} {
		if got := lead(key); got != want {
			t.Errorf("%s led by %q, want %q", key, got, want)
		}
	}
	if !slices.Contains(item["2.1"].CoordinatingUnitIDs, e.demoUnit(demo.THCS)) {
		t.Errorf("2.1: the schools do not coordinate: %v", item["2.1"].CoordinatingUnitIDs)
	}
	if !slices.Contains(item["7.4"].CoordinatingUnitIDs, e.demoUnit(demo.CBCoQuan)) {
		t.Errorf("7.4: the chi bộ do not coordinate: %v", item["7.4"].CoordinatingUnitIDs)
	}
	for _, it := range up.Import.Items {
		if it.FollowUpUnitID != "" && it.FollowUpUnitID == it.LeadUnitID {
			t.Errorf("%s: %s follows itself up", it.Key, names[it.LeadUnitID])
		}
	}

	// Commit (filling what is left open) and read task 2.6 back.
	items := up.Import.Items
	for i := range items {
		if items[i].LeadUnitID == "" {
			items[i].LeadUnitID = byName["Văn phòng Đảng ủy"]
		}
		if items[i].AreaID == "" {
			items[i].AreaID = e.areaID
		}
	}
	var saved importJSON
	if st := e.do("leader", "PUT", "/api/v1/imports/"+up.Import.ID+"/items", map[string]any{"version": up.Import.Version, "items": items}, &saved); st != 200 {
		t.Fatalf("save items: %d", st)
	}
	var done struct{ Import importJSON }
	if st := e.do("leader", "POST", "/api/v1/imports/"+up.Import.ID+"/commit", map[string]any{"version": saved.Version}, &done); st != 200 {
		t.Fatalf("commit: %d", st)
	}
	at := slices.IndexFunc(items, func(it models.ImportItem) bool { return it.Key == "2.6" })
	b := e.browser()
	b.login("leader@thu.example")
	page := html.UnescapeString(b.get("/tasks/" + done.Import.TaskIDs[at]).body)
	for _, want := range []string{"Tạm dừng", "Chờ điều kiện", "phân bổ kinh phí", "11: "} {
		if !strings.Contains(page, want) {
			t.Errorf("task 2.6's page lacks %q", want)
		}
	}
	review := html.UnescapeString(b.get("/periods/2021-10/reports/review").body)
	if !strings.Contains(review, "Chờ điều kiện") || !strings.Contains(review, "Chú thích 11:") {
		t.Error("the review report lacks 2.6's condition or footnote")
	}
}
