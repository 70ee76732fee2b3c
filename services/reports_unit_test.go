package services_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/docx/docxtest"
	"github.com/theodoi/theodoi/internal/partydoc"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/report"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/web"
)

// unitWard is the October ward with one more task: UBND leads it and Chi
// bộ TDP Thượng Khê coordinates it and has reported on it. The chi bộ
// also leads "chibo" (30%, no deadline).
func unitWard(t *testing.T) (*reportWard, models.ID) {
	t.Helper()
	w := buildReportWard(t)
	v, err := w.svc.Tasks.Create(w.ctx, w.leader, task.TaskInput{
		Period: "2021-10", AreaID: w.areas[0].ID, Text: "Vận động nhân dân hiến đất mở rộng đường kiệt tổ dân phố Thượng Khê.",
		LeadUnitID: w.units["ubnd"].ID, CoordinatingUnitIDs: []models.ID{w.units["khe"].ID}, Deadline: "2021-10-20",
	})
	if err != nil {
		t.Fatal(err)
	}
	w.report("khe", v.ID, 40, "", "Chi bộ đã họp dân, 12/15 hộ đồng ý hiến đất.")
	return w, v.ID
}

// docText is every string of a document's body, tables included.
func docText(d partydoc.Document) string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		b.WriteString(bl.Text + "\n")
		if bl.Table == nil {
			continue
		}
		for _, c := range bl.Table.Columns {
			b.WriteString(c.Title + "\t")
		}
		for _, r := range bl.Table.Rows {
			b.WriteString(strings.Join(r.Cells, "\t") + "\n")
		}
	}
	return b.String()
}

func TestUnitReportListsLeadAndCoordinatedTasks(t *testing.T) {
	w, road := unitWard(t)
	w.at(vn(time.November, 8, 9)) // October is over but not yet carried over
	r, err := w.svc.Reports.UnitReport(w.ctx, w.unit["khe"], report.UnitReportQuery{Month: "2021-10"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Unit.ID != w.units["khe"].ID || r.Month != "2021-10" || r.Frozen {
		t.Fatalf("unit %s month %s frozen %v", r.Unit.Name, r.Month, r.Frozen)
	}
	if len(r.Lead) != 1 || r.Lead[0].Task.ID != w.tasks["chibo"] || r.Lead[0].Role != report.UnitRoleLead {
		t.Fatalf("lead rows %+v", r.Lead)
	}
	if len(r.Coordinating) != 1 || r.Coordinating[0].Task.ID != road || r.Coordinating[0].Role != report.UnitRoleCoordinating ||
		r.Coordinating[0].LeadName != "UBND phường" || r.Coordinating[0].Note != "Chi bộ đã họp dân, 12/15 hộ đồng ý hiến đất." ||
		r.Coordinating[0].Bucket != models.BucketOpenOverdue {
		t.Fatalf("coordinated rows %+v", r.Coordinating)
	}
	if r.Lead[0].Note != "Chi ủy đã xây dựng đề cương sinh hoạt chuyên đề." || r.Lead[0].Bucket != models.BucketOpenWithinTerm {
		t.Errorf("lead row: note %q bucket %s", r.Lead[0].Note, r.Lead[0].Bucket)
	}
	// The figures count what it leads, and agree with the review's unit part.
	f := r.Figures.Totals
	if f.Total != 1 || f.Open != 1 || f.OpenWithinTerm != 1 {
		t.Errorf("figures %+v", f)
	}
	review, err := w.svc.Reports.Review(w.ctx, w.unit["khe"], "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if !sameCounts(review.Figures.Totals, f) || review.Figures.AsOf != r.Figures.AsOf {
		t.Errorf("unit report %+v as of %s, the unit's review %+v as of %s", f, r.Figures.AsOf, review.Figures.Totals, review.Figures.AsOf)
	}

	page, err := w.svc.Reports.UnitReportPage(w.ctx, w.unit["khe"], report.UnitReportQuery{Month: "2021-10"})
	if err != nil {
		t.Fatal(err)
	}
	d := page.Document
	h := d.Header
	if h.IssuingBody != "CHI BỘ TDP THƯỢNG KHÊ" || h.SuperiorBody != "ĐẢNG BỘ PHƯỜNG HƯƠNG XUÂN" || h.Number != "Số     -BC/CB" ||
		h.PlaceDate != "Hương Xuân, ngày 08 tháng 11 năm 2021" {
		t.Errorf("header %+v", h)
	}
	if d.Kind != "BÁO CÁO" || !slices.Equal(d.Summary, []string{"Kết quả thực hiện nhiệm vụ tháng 10/2021"}) {
		t.Errorf("kind %q summary %q", d.Kind, d.Summary)
	}
	if !slices.Equal(d.Signer.Titles, []string{"T/M CHI BỘ", "BÍ THƯ"}) || d.Signer.Name != "" {
		t.Errorf("signer %+v", d.Signer)
	}
	if len(d.Recipients) == 0 || d.Recipients[0] != "Đảng ủy phường Hương Xuân (b/c)" {
		t.Errorf("recipients %q", d.Recipients)
	}
	text := docText(d)
	for _, want := range []string{
		"Trong tháng 10/2021, Chi bộ TDP Thượng Khê chủ trì thực hiện 1 nhiệm vụ; ",
		"Số liệu trên chỉ tính các nhiệm vụ do đơn vị chủ trì",
		"II. Nhiệm vụ chủ trì", "III. Nhiệm vụ phối hợp",
		"sinh hoạt chuyên đề", "Đang thực hiện, đạt 30%", "Chi ủy đã xây dựng đề cương",
		"hiến đất mở rộng đường kiệt", "UBND phường", "20/10/2021", "Chưa hoàn thành, quá hạn", "12/15 hộ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "câu lạc bộ") {
		t.Error("another unit's task is in the chi bộ's report")
	}
	if page.FileBase != "bao-cao-don-vi-thang-10-2021-chi-bo-tdp-thuong-khe" {
		t.Errorf("file base %q", page.FileBase)
	}
	if !slices.Equal(page.Months, []models.Month{"2021-11", "2021-10"}) {
		t.Errorf("months %v", page.Months)
	}
}

func TestUnitReportWho(t *testing.T) {
	w, _ := unitWard(t)
	khe := w.units["khe"].ID
	cases := []struct {
		name  string
		actor models.Actor
		unit  models.ID
		want  error // nil: the chi bộ's report
	}{
		{"own unit, named", w.unit["khe"], khe, nil},
		{"own unit, by default", w.unit["khe"], "", nil},
		{"another unit's officer", w.unit["phunu"], khe, models.ErrNotFound},
		{"leader", w.leader, khe, nil},
		{"office", w.office, khe, nil},
		{"viewer", w.viewer, khe, nil},
		{"admin", w.admin, khe, nil},
		{"leader names no unit", w.leader, "", models.ErrInvalid},
		{"unknown unit", w.leader, models.NewID(time.Now()), models.ErrNotFound},
		{"malformed unit", w.leader, "../x", models.ErrNotFound},
		{"officer of no unit", models.Actor{UserID: w.leader.UserID, CommitteeID: w.c.ID, Role: models.RoleUnit}, khe, models.ErrForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := w.svc.Reports.UnitReport(w.ctx, c.actor, report.UnitReportQuery{Unit: c.unit, Month: "2021-10"})
			switch {
			case c.want == nil && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want == nil && r.Unit.ID != khe:
				t.Fatalf("got the report of %s", r.Unit.Name)
			case c.want != nil && !errors.Is(err, c.want):
				t.Fatalf("got %v, want %v", err, c.want)
			}
			_, ferr := w.svc.Reports.UnitReportFile(w.ctx, c.actor, report.UnitReportQuery{Unit: c.unit, Month: "2021-10"}, models.FormatDOCX)
			if (ferr == nil) != (c.want == nil) {
				t.Errorf("file: %v", ferr)
			}
		})
	}
	if _, err := w.svc.Reports.UnitReport(w.ctx, w.leader, report.UnitReportQuery{Unit: khe, Month: "2021-13"}); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("bad month: %v", err)
	}
	if _, err := w.svc.Reports.UnitReportFile(w.ctx, w.leader, report.UnitReportQuery{Unit: khe}, models.FormatHTML); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("html file: %v", err)
	}
}

func TestUnitReportOfAnOrganisationAndAClosedMonth(t *testing.T) {
	w, road := unitWard(t)
	w.closeOctober()
	// The default month is this month (November, no tasks of UBND yet).
	now, err := w.svc.Reports.UnitReport(w.ctx, w.leader, report.UnitReportQuery{Unit: w.units["ubnd"].ID})
	if err != nil {
		t.Fatal(err)
	}
	if now.Month != "2021-11" {
		t.Errorf("default month %s", now.Month)
	}
	page, err := w.svc.Reports.UnitReportPage(w.ctx, w.leader, report.UnitReportQuery{Unit: w.units["ubnd"].ID, Month: "2021-10"})
	if err != nil {
		t.Fatal(err)
	}
	r := page.Report
	if !r.Frozen || len(r.Coordinating) != 0 {
		t.Errorf("frozen %v, %d coordinated", r.Frozen, len(r.Coordinating))
	}
	// dat (on time), gpmb (late), huy (cancelled) and the road, carried.
	f := r.Figures.Totals
	if f.Total != 4 || f.DoneOnTime != 1 || f.DoneLate != 1 || f.Cancelled != 1 || f.OpenOverdue != 1 || len(r.Lead) != 4 {
		t.Errorf("UBND's figures %+v, %d rows", f, len(r.Lead))
	}
	i := slices.IndexFunc(r.Lead, func(row report.UnitReportRow) bool { return row.Task.ID == road })
	if i < 0 || r.Lead[i].Task.State != models.StateCarried {
		t.Errorf("the road task: %+v", r.Lead)
	}
	d := page.Document
	if d.Header.IssuingBody != "UBND PHƯỜNG" || !slices.Equal(d.Signer.Titles, []string{"T/M UBND PHƯỜNG", "TRƯỞNG ĐƠN VỊ"}) || d.Header.Number != "Số     -BC" {
		t.Errorf("header %+v signer %+v", d.Header, d.Signer)
	}
	text := docText(d)
	for _, want := range []string{"Tháng đã kết thúc; số liệu tính đến hết ngày " + web.DateLabel(string(r.Figures.AsOf)) + ".", "Không có nhiệm vụ nào đơn vị phối hợp thực hiện trong tháng."} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %q", want)
		}
	}

	for _, format := range []models.ReportFormat{models.FormatDOCX, models.FormatPDF} {
		f, err := w.svc.Reports.UnitReportFile(w.ctx, w.office, report.UnitReportQuery{Unit: w.units["khe"].ID, Month: "2021-10"}, format)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != "bao-cao-don-vi-thang-10-2021-chi-bo-tdp-thuong-khe."+string(format) {
			t.Errorf("file name %q", f.Name)
		}
		if format == models.FormatPDF {
			if f.ContentType != report.ContentTypePDF || !bytes.HasPrefix(f.Data, []byte("%PDF-")) {
				t.Errorf("pdf: %s", f.ContentType)
			}
			continue
		}
		if f.ContentType != report.ContentTypeDOCX {
			t.Errorf("docx content type %s", f.ContentType)
		}
		if body := docxtest.Part(t, f.Data, "word/document.xml"); !strings.Contains(body, "CHI BỘ TDP THƯỢNG KHÊ") || !strings.Contains(body, "T/M CHI BỘ") {
			t.Error("the .docx is not headed and signed by the chi bộ")
		}
	}
}
