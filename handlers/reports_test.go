package handlers_test

import (
	"context"
	"io"
	"mime"
	"net/http"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/report"
	"github.com/theodoi/theodoi/services/task"
)

// reportEnv is the test committee with October 2021 under way: a task of
// the lead unit done on time, one open and overdue, and one of another unit.
func reportEnv(t *testing.T) *testEnv {
	t.Helper()
	e := newTestEnv(t)
	e.task(models.StateDone)
	ctx := context.Background()
	areas, err := e.svc.Areas.List(ctx, e.actors["admin"])
	if err != nil || len(areas) < 2 {
		t.Fatalf("areas: %v", err)
	}
	if _, err := e.svc.Tasks.Create(ctx, e.actors["leader"], task.TaskInput{
		Period: "2021-10", AreaID: e.areaID, Text: "Hội Liên hiệp Phụ nữ phường vận động hội viên tham gia tổ tiết kiệm",
		LeadUnitID: e.units["lead"], Deadline: "2021-10-03",
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Tasks.Create(ctx, e.actors["leader"], task.TaskInput{
		Period: "2021-10", AreaID: areas[1].ID, Text: "Hội Nông dân phường rà soát hội viên trên toàn địa bàn",
		LeadUnitID: e.units["other"], Deadline: "2021-10-31",
	}); err != nil {
		t.Fatal(err)
	}
	return e
}

// get fetches path as role and returns the response with its body read.
func (e *testEnv) get(role, path string) (*http.Response, string) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res, string(data)
}

func TestReportDownloads(t *testing.T) {
	e := reportEnv(t)
	cases := []struct {
		kind, format, ctype, file, magic string
	}{
		{"review", "docx", report.ContentTypeDOCX, "bao-cao-ket-qua-thang-10-2021.docx", "PK\x03\x04"},
		{"review", "pdf", report.ContentTypePDF, "bao-cao-ket-qua-thang-10-2021.pdf", "%PDF-"},
		{"carryover", "docx", report.ContentTypeDOCX, "nhiem-vu-chuyen-sang-thang-11-2021.docx", "PK\x03\x04"},
		{"carryover", "pdf", report.ContentTypePDF, "nhiem-vu-chuyen-sang-thang-11-2021.pdf", "%PDF-"},
		{"draft", "docx", report.ContentTypeDOCX, "du-thao-nghi-quyet-thang-11-2021.docx", "PK\x03\x04"},
		{"draft", "pdf", report.ContentTypePDF, "du-thao-nghi-quyet-thang-11-2021.pdf", "%PDF-"},
	}
	for _, c := range cases {
		res, body := e.get("office", "/api/v1/periods/2021-10/reports/"+c.kind+"?format="+c.format)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != c.ctype || !strings.HasPrefix(body, c.magic) {
			t.Errorf("%s.%s: %d %q", c.kind, c.format, res.StatusCode, res.Header.Get("Content-Type"))
			continue
		}
		disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" || params["filename"] != c.file {
			t.Errorf("%s.%s: disposition %q", c.kind, c.format, res.Header.Get("Content-Disposition"))
		}
		if !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("%s.%s: a report may be cached", c.kind, c.format)
		}
	}
}

// TestReportPermissions: the service decides, whatever the route.
func TestReportPermissions(t *testing.T) {
	e := reportEnv(t)
	cases := []struct {
		role, kind string
		status     int
	}{
		{"leader", "review", 200}, {"leader", "carryover", 200}, {"leader", "draft", 200},
		{"office", "review", 200}, {"office", "draft", 200},
		{"admin", "review", 200}, {"admin", "draft", 200},
		{"viewer", "review", 200}, {"viewer", "draft", 403},
		{"unitLead", "review", 200}, {"unitLead", "carryover", 200}, {"unitLead", "draft", 403},
		{"unitOther", "draft", 403},
		{"", "review", 401}, {"", "draft", 401},
	}
	for _, c := range cases {
		for _, format := range []string{"html", "docx", "pdf"} {
			res, body := e.get(c.role, "/api/v1/periods/2021-10/reports/"+c.kind+"?format="+format)
			if res.StatusCode != c.status {
				t.Errorf("%s %s.%s: %d, want %d", c.role, c.kind, format, res.StatusCode, c.status)
			}
			if c.status >= 400 && (strings.HasPrefix(body, "PK") || strings.HasPrefix(body, "%PDF")) {
				t.Errorf("%s %s.%s: refused but sent the file", c.role, c.kind, format)
			}
		}
	}
	// A unit officer's review is its own part: no other unit's task.
	_, own := e.get("unitLead", "/api/v1/periods/2021-10/reports/review?format=html")
	if !strings.Contains(own, "tổ tiết kiệm") || strings.Contains(own, "Hội Nông dân phường rà soát") {
		t.Error("the unit's review shows the wrong tasks")
	}
	_, all := e.get("leader", "/api/v1/periods/2021-10/reports/review?format=html")
	if !strings.Contains(all, "tổ tiết kiệm") || !strings.Contains(all, "Hội Nông dân phường rà soát") {
		t.Error("the leader's review misses tasks")
	}
	_, other := e.get("unitOther", "/api/v1/periods/2021-10/reports/carryover?format=html")
	if strings.Contains(other, "tổ tiết kiệm") || !strings.Contains(other, "Hội Nông dân phường rà soát") {
		t.Error("another unit's carry-over list leaks")
	}
}

func TestReportBadInput(t *testing.T) {
	e := reportEnv(t)
	cases := []struct {
		path   string
		status int
		field  string
	}{
		{"/api/v1/periods/2021-13/reports/review", 422, "month"},
		{"/api/v1/periods/abc/reports/review?format=pdf", 422, "month"},
		{"/api/v1/periods/2021-10/reports/review?format=xlsx", 422, "format"},
		{"/api/v1/periods/2021-10/reports/draft?format=PDF", 422, "format"},
		{"/api/v1/periods/2021-10/reports/minutes", 404, ""},
	}
	for _, c := range cases {
		var out struct {
			Code   string
			Fields map[string]string
		}
		st := e.do("leader", "GET", c.path, nil, &out)
		if st != c.status || (c.field != "" && out.Fields[c.field] == "") {
			t.Errorf("%s: %d %+v", c.path, st, out)
		}
	}
}

// TestReportPages: the pages render in the layout, pass the CSP checks,
// link the downloads and (the review) draw a chart with a text alternative.
func TestReportPages(t *testing.T) {
	e := reportEnv(t)
	b := e.browser()
	b.login("leader@thu.example")
	p := b.get("/periods/2021-10/reports/review")
	if p.status != 200 {
		t.Fatalf("review page: %d", p.status)
	}
	for _, want := range []string{
		`href="/api/v1/periods/2021-10/reports/review?format=docx"`, `href="/api/v1/periods/2021-10/reports/review?format=pdf"`,
		`hx-boost="false"`, `<svg class="bucket-bar"`, `role="img"`, `<title id="chart-units-1">`,
		"ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO", "Kết quả thực hiện nhiệm vụ tháng 10 năm 2021", "Hội LHPN phường",
		`href="/periods/2021-10/reports/draft"`,
	} {
		if !strings.Contains(p.body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	for _, kind := range []string{"carryover", "draft"} {
		p := b.get("/periods/2021-10/reports/" + kind)
		if p.status != 200 || !strings.Contains(p.body, `?format=docx"`) {
			t.Errorf("%s page: %d", kind, p.status)
		}
	}
	d := b.get("/periods/2021-10/reports/draft")
	if !strings.Contains(d.body, "DỰ THẢO") || !strings.Contains(d.body, "Tiếp tục") || !strings.Contains(d.body, "III. TỔ CHỨC THỰC HIỆN") {
		t.Error("the draft page is not a draft resolution")
	}

	u := e.browser()
	u.login("unitLead@thu.example")
	if p := u.get("/periods/2021-10/reports/draft"); p.status != 403 {
		t.Errorf("a unit officer opens the draft: %d", p.status)
	}
	if p := u.get("/periods/2021-10/reports/review"); p.status != 200 || strings.Contains(p.body, `href="/periods/2021-10/reports/draft"`) {
		t.Errorf("unit review page: %d, or it links the draft", p.status)
	}
	if p := u.get("/periods/2021-99/reports/review"); p.status != 422 {
		t.Errorf("bad month page: %d", p.status)
	}
	anon := e.browser()
	if p := anon.get("/periods/2021-10/reports/review"); p.path != "/login?next=%2Fperiods%2F2021-10%2Freports%2Freview" {
		t.Errorf("anonymous: ended at %s", p.path)
	}
}

// BenchmarkReportRoutes serves each report of a 1,000-task month in each
// format through the router (the month is open: figures counted live).
func BenchmarkReportRoutes(b *testing.B) {
	e := newBenchEnv(b, 1000)
	for _, kind := range []string{"review", "carryover", "draft"} {
		for _, format := range []string{"html", "docx", "pdf"} {
			b.Run(kind+"/"+format, func(b *testing.B) {
				path := "/api/v1/periods/" + string(e.month) + "/reports/" + kind + "?format=" + format
				for b.Loop() {
					e.serve(b, "GET", path, "", 200)
				}
			})
		}
	}
}
