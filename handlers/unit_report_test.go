package handlers_test

import (
	"mime"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/docx/docxtest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/report"
)

// unitReportEnv is the test committee in October 2021: a task the lead
// unit (Hội LHPN phường) leads and the coordinating unit (Đoàn TNCS)
// coordinates, and a task of another unit (Hội Nông dân).
func unitReportEnv(t *testing.T) *testEnv {
	t.Helper()
	e := newTestEnv(t)
	e.task(models.StateNotStarted)
	e.taskIn("Hội Nông dân phường rà soát hội viên trên toàn địa bàn", e.units["other"], "2021-10-31")
	return e
}

// TestUnitReportPage: the unit view links the unit's report; the report
// is the unit's document, its lead and coordinated tasks apart.
func TestUnitReportPage(t *testing.T) {
	e := unitReportEnv(t)
	b := e.browser()
	b.login("unitLead@thu.example")
	u := b.get("/unit")
	if !strings.Contains(u.body, `<a href="/unit/report">Báo cáo của đơn vị</a>`) {
		t.Fatalf("the unit view does not link the unit's report")
	}
	p := b.get("/unit/report")
	if p.status != 200 {
		t.Fatalf("unit report: %d", p.status)
	}
	for _, want := range []string{
		"Báo cáo của đơn vị — Hội LHPN phường, tháng 10/2021",
		"ĐẢNG BỘ PHƯỜNG THỬ NGHIỆM", "HỘI LHPN PHƯỜNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "Thử Nghiệm, ngày 05 tháng 10 năm 2021",
		"BÁO CÁO", "Kết quả thực hiện nhiệm vụ tháng 10/2021", "T/M HỘI LHPN PHƯỜNG", "TRƯỞNG ĐƠN VỊ",
		"II. Nhiệm vụ chủ trì", "An toàn cho trẻ em", "Số liệu trên chỉ tính các nhiệm vụ do đơn vị chủ trì",
		`href="/unit/report.docx?month=2021-10"`, `href="/unit/report.pdf?month=2021-10"`, `hx-boost="false"`,
		`<option value="2021-10" selected>10/2021</option>`,
	} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the unit report lacks %q", want)
		}
	}
	if strings.Contains(p.body, "rà soát hội viên") || strings.Contains(p.body, `id="ur-unit"`) {
		t.Error("an officer's report shows another unit's task, or a unit picker")
	}

	coord := e.browser()
	coord.login("unitCoord@thu.example")
	c := coord.get("/unit/report?month=2021-10")
	if c.status != 200 || !strings.Contains(c.body, "ĐOÀN TNCS HỒ CHÍ MINH") {
		t.Fatalf("coordinating unit's report: %d", c.status)
	}
	lead, coordinated, _ := strings.Cut(c.body, "III. Nhiệm vụ phối hợp")
	if strings.Contains(lead, "An toàn cho trẻ em") || !strings.Contains(coordinated, "An toàn cho trẻ em") || !strings.Contains(coordinated, "Hội LHPN phường") {
		t.Error("the coordinated task is not listed apart with its lead unit")
	}
	if !strings.Contains(lead, "không chủ trì nhiệm vụ nào") {
		t.Error("the coordinating unit's figures do not say it leads nothing")
	}

	leader := e.browser()
	leader.login("leader@thu.example")
	pick := leader.get("/unit/report")
	if pick.status != 200 || !strings.Contains(pick.body, `id="ur-unit"`) || strings.Contains(pick.body, `class="paper"`) {
		t.Errorf("a leader without a unit gets no picker: %d", pick.status)
	}
	l := leader.get("/unit/report?unit=" + string(e.units["lead"]) + "&month=2021-10")
	if l.status != 200 || !strings.Contains(l.body, "HỘI LHPN PHƯỜNG") ||
		!strings.Contains(l.body, `href="/unit/report.docx?month=2021-10&amp;unit=`+string(e.units["lead"])+`"`) {
		t.Errorf("leader's pick: %d", l.status)
	}
	if v := leader.get("/unit?unit=" + string(e.units["lead"])); !strings.Contains(v.body, `href="/unit/report?unit=`+string(e.units["lead"])+`"`) {
		t.Error("the leader's unit view does not link that unit's report")
	}
	if r := b.get("/unit/report?unit=" + string(e.units["other"])); r.status != 404 {
		t.Errorf("an officer opens another unit's report: %d", r.status)
	}
	if r := b.get("/unit/report?month=2021-13"); r.status != 422 {
		t.Errorf("bad month: %d", r.status)
	}
	anon := e.browser()
	if r := anon.get("/unit/report"); r.path != "/login?next=%2Funit%2Freport" {
		t.Errorf("anonymous: ended at %s", r.path)
	}
}

// TestUnitReportDownloads: the page's files and the API's, each named
// after the unit in ASCII and headed with its name.
func TestUnitReportDownloads(t *testing.T) {
	e := unitReportEnv(t)
	lead := string(e.units["lead"])
	cases := []struct {
		role, path, ctype, file string
	}{
		{"unitLead", "/unit/report.docx?month=2021-10", report.ContentTypeDOCX, "bao-cao-don-vi-thang-10-2021-hoi-lhpn-phuong.docx"},
		{"unitLead", "/unit/report.pdf?month=2021-10", report.ContentTypePDF, "bao-cao-don-vi-thang-10-2021-hoi-lhpn-phuong.pdf"},
		{"office", "/unit/report.docx?unit=" + lead, report.ContentTypeDOCX, "bao-cao-don-vi-thang-10-2021-hoi-lhpn-phuong.docx"},
		{"unitLead", "/api/v1/units/" + lead + "/report/2021-10?format=docx", report.ContentTypeDOCX, "bao-cao-don-vi-thang-10-2021-hoi-lhpn-phuong.docx"},
		{"viewer", "/api/v1/units/" + lead + "/report/2021-10?format=pdf", report.ContentTypePDF, "bao-cao-don-vi-thang-10-2021-hoi-lhpn-phuong.pdf"},
	}
	for _, c := range cases {
		res, body := e.get(c.role, c.path)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != c.ctype {
			t.Errorf("%s: %d %q", c.path, res.StatusCode, res.Header.Get("Content-Type"))
			continue
		}
		disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" || params["filename"] != c.file {
			t.Errorf("%s: disposition %q", c.path, res.Header.Get("Content-Disposition"))
		}
		if !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: a report may be cached", c.path)
		}
		if c.ctype == report.ContentTypePDF {
			if !strings.HasPrefix(body, "%PDF-") {
				t.Errorf("%s: not a PDF", c.path)
			}
			continue
		}
		doc := docxtest.Part(t, []byte(body), "word/document.xml")
		for _, want := range []string{"HỘI LHPN PHƯỜNG", "ĐẢNG BỘ PHƯỜNG THỬ NGHIỆM", "An toàn cho trẻ em", "T/M HỘI LHPN PHƯỜNG"} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s: the .docx lacks %q", c.path, want)
			}
		}
	}
}

func TestUnitReportAPI(t *testing.T) {
	e := unitReportEnv(t)
	var out struct {
		Unit struct {
			ID, Name, Kind string
		}
		Month, AsOf  string
		Frozen       bool
		Figures      struct{ Total, Open int }
		Lead         []struct{ ID, Role, Text, LeadUnitName, State, Bucket string }
		Coordinating []struct{ ID, Role, Text, LeadUnitName, State, Bucket string }
	}
	coord := string(e.units["coord"])
	if st := e.do("unitCoord", "GET", "/api/v1/units/"+coord+"/report/2021-10", nil, &out); st != 200 {
		t.Fatalf("coordinating unit's report: %d", st)
	}
	if out.Unit.ID != coord || out.Unit.Name != "Đoàn TNCS Hồ Chí Minh" || out.Month != "2021-10" || out.AsOf == "" || out.Figures.Total != 0 ||
		len(out.Lead) != 0 || len(out.Coordinating) != 1 || out.Coordinating[0].Role != "coordinating" ||
		out.Coordinating[0].LeadUnitName != "Hội LHPN phường" || out.Coordinating[0].State != "chua_thuc_hien" || out.Coordinating[0].Bucket != "open_within_term" {
		t.Errorf("coordinating unit's report: %+v", out)
	}
	cases := []struct {
		role, path string
		status     int
		field      string
	}{
		{"leader", "/api/v1/units/" + coord + "/report/2021-10?format=json", 200, ""},
		{"leader", "/api/v1/units/" + coord + "/report/2021-10?format=xlsx", 422, "format"},
		{"leader", "/api/v1/units/" + coord + "/report/2021-13", 422, "month"},
		{"leader", "/api/v1/units/0000000000aaaaaaaaaa/report/2021-10", 404, ""},
		{"unitLead", "/api/v1/units/" + coord + "/report/2021-10?format=pdf", 404, ""},
		{"leaderB", "/api/v1/units/" + coord + "/report/2021-10", 404, ""},
		{"", "/api/v1/units/" + coord + "/report/2021-10", 401, ""},
	}
	for _, c := range cases {
		var body struct {
			Code   string
			Fields map[string]string
		}
		st := e.do(c.role, "GET", c.path, nil, &body)
		if st != c.status || (c.field != "" && body.Fields[c.field] == "") {
			t.Errorf("%s as %s: %d %+v, want %d", c.path, roleName(c.role), st, body, c.status)
		}
	}
}
