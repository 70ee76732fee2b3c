package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/demo"
	"github.com/theodoi/theodoi/internal/docx/docxtest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
)

const samplePath = "../../shared/samples/nghi-quyet-31-NQ-DU-2021-09-23.txt"

// upload posts a file as multipart field "file".
func (e *testEnv) upload(role, name string, data []byte, out any) int {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("decode %s: %v", b, err)
		}
	}
	return res.StatusCode
}

// addDemoUnits gives committee A the demo committee's units, so the
// importer has real names and aliases to match.
func (e *testEnv) addDemoUnits() {
	e.t.Helper()
	for _, u := range demo.Units {
		if _, err := e.svc.Units.Create(context.Background(), e.actors["admin"], directory.UnitInput{Kind: u.Kind, Name: u.Name, Aliases: u.Aliases}); err != nil {
			e.t.Fatal(err)
		}
	}
}

// unitNames are the committee's unit names by id, as the review page
// shows them.
func (e *testEnv) unitNames() map[models.ID]string {
	e.t.Helper()
	units, err := e.svc.Units.List(context.Background(), e.actors["admin"])
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[models.ID]string{}
	for _, u := range units {
		out[u.ID] = u.Name
	}
	return out
}

type importJSON struct {
	ID        string              `json:"id"`
	Status    string              `json:"status"`
	Version   int64               `json:"version"`
	Month     string              `json:"month"`
	DocNumber string              `json:"docNumber"`
	Items     []models.ImportItem `json:"items"`
	TaskIDs   []string            `json:"taskIds"`
}

// TestImportReviewCommit: upload the real resolution, review, commit: 32
// tasks in October 2021; a second upload (text or .docx) creates nothing.
func TestImportReviewCommit(t *testing.T) {
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		t.Skip("the shared sample is not here:", err)
	}
	e := newTestEnv(t)
	e.addDemoUnits()
	var up struct {
		Import   importJSON `json:"import"`
		Existing bool       `json:"existing"`
	}
	if st := e.upload("leader", "nghi-quyet-31.txt", sample, &up); st != 201 || up.Existing {
		t.Fatalf("upload: %d %+v", st, up)
	}
	imp := up.Import
	if len(imp.Items) != 32 || imp.Month != "2021-10" || imp.Status != "draft" {
		t.Fatalf("draft: %d items, month %s, %s", len(imp.Items), imp.Month, imp.Status)
	}
	// The reviewer fills what the importer could not decide, drops one item
	// and splits another in two.
	items := imp.Items
	for i := range items {
		if items[i].LeadUnitID == "" {
			items[i].LeadUnitID = e.units["lead"]
		}
		if items[i].AreaID == "" {
			items[i].AreaID = e.areaID
		}
	}
	items[0].Dropped = true
	split := items[1]
	split.Key, split.Text = split.Key+".b", "Phần tách ra: giải quyết vướng mắc dự án đường cao tốc"
	items = append(items, split)
	var saved importJSON
	if st := e.do("leader", "PUT", "/api/v1/imports/"+imp.ID+"/items", map[string]any{"version": imp.Version, "items": items}, &saved); st != 200 {
		t.Fatalf("save items: %d %+v", st, saved)
	}
	if st := e.do("unitLead", "POST", "/api/v1/imports/"+imp.ID+"/commit", nil, nil); st != 403 {
		t.Errorf("unit committing an import: %d", st)
	}
	var done struct {
		Import  importJSON `json:"import"`
		Created int        `json:"created"`
	}
	if st := e.do("leader", "POST", "/api/v1/imports/"+imp.ID+"/commit", map[string]any{"version": saved.Version}, &done); st != 200 || done.Created != 32 || done.Import.Status != "committed" {
		t.Fatalf("commit: %d %+v", st, done)
	}
	var page struct{ Total int }
	e.do("leader", "GET", "/api/v1/tasks?period=2021-10&perPage=200", nil, &page)
	before := page.Total
	if before < 32 {
		t.Fatalf("tasks in 2021-10: %d", before)
	}
	if st := e.do("leader", "POST", "/api/v1/imports/"+imp.ID+"/commit", nil, nil); st != 422 {
		t.Errorf("committing twice: %d, want 422", st)
	}
	// The same text again, and the same resolution as a .docx: recognised.
	if st := e.upload("leader", "lai-lan-nua.txt", sample, &up); st != 200 || !up.Existing || up.Import.ID != imp.ID {
		t.Errorf("second upload: %d %+v", st, up.Existing)
	}
	asDocx, err := docxtest.FromText(string(sample), docxtest.WordNumbering)
	if err != nil {
		t.Fatal(err)
	}
	if st := e.upload("leader", "nghi-quyet-31.docx", asDocx, &up); st != 200 || !up.Existing || up.Import.ID != imp.ID {
		t.Errorf("docx of the same resolution: %d existing=%v", st, up.Existing)
	}
	e.do("leader", "GET", "/api/v1/tasks?period=2021-10&perPage=200", nil, &page)
	if page.Total != before {
		t.Errorf("tasks after re-upload: %d, want %d", page.Total, before)
	}
	// The original file is kept.
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/imports/"+imp.ID+"/file", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens["viewer"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !bytes.Equal(got, sample) {
		t.Errorf("original file: %d, %d bytes", res.StatusCode, len(got))
	}
}

// TestImportRefusesBadFiles: each bad file gets a clear 4xx naming the
// problem, and nothing is stored.
func TestImportRefusesBadFiles(t *testing.T) {
	e := newTestEnv(t)
	cases := map[string][]byte{
		"empty.txt":      {},
		"garbage.bin":    {0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10, 0x00},
		"tcvn3.txt":      []byte("NghÞ quyÕt\r\nI. T×nh h×nh thùc hiÖn nhiÖm vô\r\n"),
		"not-a-res.txt":  []byte("Biên bản họp chi bộ\nNội dung: bàn về công tác tháng 10.\n"),
		"broken.docx":    append([]byte("PK\x03\x04"), bytes.Repeat([]byte{1}, 100)...),
		"old-format.doc": append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...),
	}
	for name, data := range cases {
		var out map[string]any
		if st := e.upload("leader", name, data, &out); st != 422 {
			t.Errorf("%s: %d %v", name, st, out)
			continue
		}
		if fields, _ := out["fields"].(map[string]any); fields["file"] == nil {
			t.Errorf("%s: no message for the file: %v", name, out)
		}
	}
	var list struct{ Items []any }
	e.do("leader", "GET", "/api/v1/imports", nil, &list)
	if len(list.Items) != 0 {
		t.Errorf("%d imports stored from bad files", len(list.Items))
	}
	if st := e.upload("unitLead", "x.txt", []byte("x"), nil); st != 403 {
		t.Errorf("unit uploading: %d", st)
	}
}

// TestImportOwnFixture runs the API flow on the repository's own draft
// resolution (blank number: it is recognised again by its content hash).
func TestImportOwnFixture(t *testing.T) {
	data, err := os.ReadFile("../internal/resolution/testdata/nghi-quyet-an-hoa-du-thao.txt")
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEnv(t)
	e.addDemoUnits()
	var up struct {
		Import   importJSON `json:"import"`
		Existing bool       `json:"existing"`
	}
	if st := e.upload("leader", "du-thao.txt", data, &up); st != 201 || len(up.Import.Items) == 0 {
		t.Fatalf("upload: %d %+v", st, up)
	}
	imp := up.Import
	// The reviewer clears one suggestion: committing must then refuse.
	imp.Items[0].LeadUnitID = ""
	var saved map[string]any
	if st := e.do("leader", "PUT", "/api/v1/imports/"+imp.ID+"/items", map[string]any{"version": imp.Version, "items": imp.Items}, &saved); st != 200 {
		t.Fatalf("save: %d %v", st, saved)
	}
	imp.Version++
	var out struct{ Fields map[string]string }
	if st := e.do("leader", "POST", "/api/v1/imports/"+imp.ID+"/commit", nil, &out); st != 422 || out.Fields["items[0].leadUnitId"] == "" {
		t.Errorf("commit with an item lacking a lead: %d %v", st, out)
	}
	for i := range imp.Items {
		if imp.Items[i].LeadUnitID == "" {
			imp.Items[i].LeadUnitID = e.units["lead"]
		}
	}
	if st := e.do("leader", "PUT", "/api/v1/imports/"+imp.ID+"/items", map[string]any{"version": imp.Version, "items": imp.Items}, &saved); st != 200 {
		t.Fatalf("save: %d %v", st, saved)
	}
	if st := e.do("leader", "PUT", "/api/v1/imports/"+imp.ID+"/items", map[string]any{"version": imp.Version, "items": imp.Items}, nil); st != 409 {
		t.Errorf("stale save: %d, want 409", st)
	}
	var done struct{ Created int }
	if st := e.do("leader", "POST", "/api/v1/imports/"+imp.ID+"/commit", nil, &done); st != 200 || done.Created != len(imp.Items) {
		t.Fatalf("commit: %d %+v", st, done)
	}
	var page struct{ Total int }
	e.do("leader", "GET", "/api/v1/tasks?period="+imp.Month, nil, &page)
	if page.Total != len(imp.Items) {
		t.Errorf("tasks in %s: %d, want %d", imp.Month, page.Total, len(imp.Items))
	}
	if st := e.upload("leader", "du-thao-lan-2.txt", data, &up); st != 200 || !up.Existing {
		t.Errorf("again: %d %v", st, up.Existing)
	}
}

// TestImportWarnsOfAnotherIssuer: a resolution another committee issued
// (a neighbour's, uploaded by mistake) is marked so on its review page;
// the committee's own is not.
func TestImportWarnsOfAnotherIssuer(t *testing.T) {
	e := newTestEnv(t)
	data, err := os.ReadFile("../internal/resolution/testdata/nghi-quyet-an-hoa-du-thao.txt")
	if err != nil {
		t.Fatal(err)
	}
	var up struct {
		Import importJSON `json:"import"`
	}
	if st := e.upload("leader", "an-hoa.txt", data, &up); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	b := e.signIn("leader")
	p := b.get("/imports/" + up.Import.ID)
	if !strings.Contains(p.body, `id="issued-elsewhere"`) || !strings.Contains(p.body, "không phải Đảng ủy phường Thử Nghiệm") {
		t.Errorf("no warning on another committee's resolution")
	}
	own := strings.Replace(string(data), "AN HÒA", "THỬ NGHIỆM", 1)
	if own == string(data) {
		t.Fatal("the fixture's issuer is not where the test expects it")
	}
	if st := e.upload("leader", "thu-nghiem.txt", []byte(own), &up); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	if p := b.get("/imports/" + up.Import.ID); strings.Contains(p.body, `id="issued-elsewhere"`) {
		t.Errorf("a warning on the committee's own resolution")
	}
}

// TestImportAPIReplace: a corrected copy of an imported resolution names
// the import it would replace; replacing it keeps the month at one set of
// tasks.
func TestImportAPIReplace(t *testing.T) {
	data, err := os.ReadFile("../internal/resolution/testdata/nghi-quyet-an-hoa-du-thao.txt")
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEnv(t)
	assignAll := func(imp importJSON) int64 {
		t.Helper()
		for i := range imp.Items {
			imp.Items[i].LeadUnitID, imp.Items[i].AreaID = e.units["lead"], e.areaID
		}
		var saved importJSON
		if st := e.do("leader", "PUT", "/api/v1/imports/"+imp.ID+"/items", map[string]any{"version": imp.Version, "items": imp.Items}, &saved); st != 200 {
			t.Fatalf("save items: %d", st)
		}
		return saved.Version
	}
	var first struct{ Import importJSON }
	if st := e.upload("leader", "an-hoa.txt", data, &first); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	v := assignAll(first.Import)
	if st := e.do("leader", "POST", "/api/v1/imports/"+first.Import.ID+"/commit", map[string]any{"version": v}, nil); st != 200 {
		t.Fatalf("commit: %d", st)
	}
	n := len(first.Import.Items)

	corrected := append([]byte(nil), data...)
	corrected = append(corrected, []byte("\n")...) // another file of the same resolution
	var second struct {
		Import   importJSON
		Replaces struct {
			ID    string
			Tasks int
		}
	}
	if st := e.upload("leader", "an-hoa-sua.txt", corrected, &second); st != 201 || second.Replaces.ID != first.Import.ID || second.Replaces.Tasks != n {
		t.Fatalf("second upload: %d, replaces %+v, want %s with %d tasks", st, second.Replaces, first.Import.ID, n)
	}
	b := e.browser()
	b.login("leader@thu.example")
	if page := b.get("/imports/" + second.Import.ID); !strings.Contains(page.body, `id="earlier-import"`) || !strings.Contains(page.body, `action="/imports/`+second.Import.ID+`/replace"`) {
		t.Error("the review page does not warn of the month's earlier import or offer to replace it")
	}
	v = assignAll(second.Import)
	var res struct{ Updated, Kept, Created, Cancelled int }
	if st := e.do("leader", "POST", "/api/v1/imports/"+second.Import.ID+"/replace", map[string]any{"version": v}, &res); st != 200 || res.Updated != n || res.Created != 0 {
		t.Fatalf("replace: %d %+v", st, res)
	}
	if got := taskCount(t, e, first.Import.Month); got != n {
		t.Errorf("tasks after replacing: %d, want %d", got, n)
	}
}

// demoUnit is the id of the demo unit with key (after addDemoUnits).
func (e *testEnv) demoUnit(key string) models.ID {
	e.t.Helper()
	for _, u := range demo.Units {
		if u.Key != key {
			continue
		}
		for id, name := range e.unitNames() {
			if name == u.Name {
				return id
			}
		}
	}
	e.t.Fatalf("no demo unit %q", key)
	return ""
}
