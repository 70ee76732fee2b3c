package services_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/partydoc"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/report"
	"github.com/theodoi/theodoi/services/task"
)

// listMonth is the month's tasks as the task list shows them to a leader.
func (w *reportWard) listMonth(month string) []task.TaskView {
	w.t.Helper()
	page, err := w.svc.Tasks.List(w.ctx, w.leader, task.TaskQuery{Period: month, PerPage: 200})
	if err != nil {
		w.t.Fatal(err)
	}
	return page.Tasks
}

// tally counts task-list rows by the documented figures rule (see
// models.Figures) as of the day asOf, independently of CountFigures.
func tally(rows []task.TaskView, asOf models.Date, keep func(task.TaskView) bool) models.Figures {
	var f models.Figures
	for _, r := range rows {
		if !keep(r) {
			continue
		}
		f.Total++
		switch r.State {
		case models.StatePaused:
			f.Paused++
		case models.StateCarried:
			f.CarriedOut++
		}
		switch {
		case r.State == models.StateDone && r.Timeliness == models.TimelyDoneLate:
			f.Done++
			f.DoneLate++
		case r.State == models.StateDone:
			f.Done++
			f.DoneOnTime++
		case r.State == models.StateCancelled:
			f.Cancelled++
		case r.Deadline != "" && r.Deadline < asOf:
			f.Open++
			f.OpenOverdue++
		default:
			f.Open++
			f.OpenWithinTerm++
		}
	}
	return f
}

func sameCounts(a, b models.Figures) bool {
	return a.Total == b.Total && a.Done == b.Done && a.DoneOnTime == b.DoneOnTime && a.DoneLate == b.DoneLate &&
		a.Open == b.Open && a.OpenWithinTerm == b.OpenWithinTerm && a.OpenOverdue == b.OpenOverdue && a.Cancelled == b.Cancelled &&
		a.Paused == b.Paused && a.CarriedOut == b.CarriedOut
}

func TestReportReviewCountsMatchTheTaskList(t *testing.T) {
	w := newReportWard(t)
	r, err := w.svc.Reports.Review(w.ctx, w.leader, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	// Frozen at closing, on 1 November: a task due on 31 October and not
	// done by the end of that day is overdue.
	if !r.Frozen || r.Projected || r.Figures.AsOf != "2021-11-01" {
		t.Fatalf("frozen %v projected %v as of %s", r.Frozen, r.Projected, r.Figures.AsOf)
	}
	rows := w.listMonth("2021-10")
	all := func(task.TaskView) bool { return true }
	want := models.Figures{Total: 7, Done: 2, DoneOnTime: 1, DoneLate: 1, Open: 4, OpenWithinTerm: 1, OpenOverdue: 3, CarriedOut: 4, Cancelled: 1}
	if got := tally(rows, "2021-11-01", all); !sameCounts(got, want) {
		t.Fatalf("the scenario is not what it says: %+v", got)
	}
	if !sameCounts(r.Figures.Totals, want) {
		t.Errorf("review totals %+v, task list %+v", r.Figures.Totals, want)
	}
	for _, u := range r.Figures.Units {
		if got := tally(rows, "2021-11-01", func(v task.TaskView) bool { return v.LeadUnitID == u.ID }); !sameCounts(u.Figures, got) {
			t.Errorf("unit %s: review %+v, task list %+v", u.Name, u.Figures, got)
		}
		if u.Name == "" {
			t.Errorf("unit %s has no name", u.ID)
		}
	}
	for _, a := range r.Figures.Areas {
		if got := tally(rows, "2021-11-01", func(v task.TaskView) bool { return v.AreaID == a.ID }); !sameCounts(a.Figures, got) {
			t.Errorf("area %s: review %+v, task list %+v", a.Name, a.Figures, got)
		}
	}
	// Each task once, under its area, in the bucket the figures count it in.
	seen := map[models.ID]bool{}
	buckets := map[models.Bucket]int{}
	for _, a := range r.Areas {
		for _, row := range a.Rows {
			if row.Task.AreaID != a.ID || seen[row.Task.ID] {
				t.Errorf("row %s misplaced or repeated", row.Task.ID)
			}
			seen[row.Task.ID] = true
			buckets[row.Bucket]++
		}
	}
	if len(seen) != len(rows) || buckets[models.BucketDoneOnTime] != 1 || buckets[models.BucketDoneLate] != 1 ||
		buckets[models.BucketOpenOverdue] != 3 || buckets[models.BucketOpenWithinTerm] != 1 || buckets[models.BucketCancelled] != 1 {
		t.Errorf("rows %d of %d, buckets %v", len(seen), len(rows), buckets)
	}
	// Carried in: the September task, carried once.
	if len(r.CarriedIn) != 1 || r.CarriedIn[0].Task.ID != w.tasks["dangphi"] || r.CarriedIn[0].Task.CarryCount != 1 {
		t.Errorf("carried in: %+v", r.CarriedIn)
	}
	// Carried out: exactly the tasks now in chuyen_ky_sau.
	var carried []models.ID
	for _, v := range rows {
		if v.State == models.StateCarried {
			carried = append(carried, v.ID)
		}
	}
	var out []models.ID
	for _, row := range r.CarriedOut {
		out = append(out, row.Task.ID)
	}
	slices.Sort(carried)
	slices.Sort(out)
	if !slices.Equal(carried, out) || len(out) != 4 {
		t.Errorf("carried out %v, task list %v", out, carried)
	}
	// The latest note is the unit's report, not the month-end bookkeeping.
	for _, a := range r.Areas {
		for _, row := range a.Rows {
			if row.Task.ID == w.tasks["clb"] && !strings.HasPrefix(row.Note, "Đã thành lập 02 câu lạc bộ") {
				t.Errorf("clb note %q", row.Note)
			}
			if row.Task.ID == w.tasks["dangphi"] && row.Note != "Đã đôn đốc 9/12 chi bộ nộp đảng phí quý III." {
				t.Errorf("a carried task shows its original's note: %q", row.Note)
			}
		}
	}
}

func TestReportCarryOverListsExactlyTheCarriedTasks(t *testing.T) {
	w := newReportWard(t)
	r, err := w.svc.Reports.CarryOver(w.ctx, w.office, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if r.Projected || r.Next != "2021-11" {
		t.Fatalf("projected %v next %s", r.Projected, r.Next)
	}
	var want []models.ID
	nov := map[models.ID]task.TaskView{}
	for _, v := range w.listMonth("2021-11") {
		if v.CarriedFromID != "" {
			want = append(want, v.ID)
			nov[v.ID] = v
		}
	}
	var got []models.ID
	for _, g := range r.Groups {
		for _, it := range g.Items {
			got = append(got, it.TaskID)
			v := nov[it.TaskID]
			if v.LeadUnitID != g.UnitID {
				t.Errorf("%s listed under %s, led by %s", it.TaskID, g.UnitName, v.LeadUnitID)
			}
			if it.CarryCount != v.CarryCount || it.NextDeadline != v.Deadline {
				t.Errorf("%s: carry %d/%d deadline %s/%s", it.TaskID, it.CarryCount, v.CarryCount, it.NextDeadline, v.Deadline)
			}
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) || r.Total != 4 {
		t.Fatalf("carry-over report %v, November's carried tasks %v", got, want)
	}
	byUnit := map[string]report.CarryGroup{}
	for _, g := range r.Groups {
		byUnit[g.UnitName] = g
	}
	dp := byUnit["Văn phòng Đảng ủy"]
	if len(dp.Items) != 1 || dp.Items[0].CarryCount != 2 || dp.Items[0].Deadline != "2021-10-31" || dp.Items[0].NextDeadline != "2021-11-30" {
		t.Errorf("the twice-carried task: %+v", dp.Items)
	}
	tuan := byUnit["Công an phường"]
	if len(tuan.Items) != 1 || tuan.Items[0].Deadline != "2021-10-10" || tuan.Items[0].CarryCount != 1 {
		t.Errorf("the overdue task: %+v", tuan.Items)
	}
	if clb := byUnit["Hội Liên hiệp Phụ nữ phường"]; len(clb.Items) != 1 || clb.Items[0].Percent != 60 || !strings.Contains(clb.Items[0].Note, "45 thành viên") {
		t.Errorf("clb: %+v", clb.Items)
	}
}

// draftSectionII returns section II's bullets by area heading.
func draftSectionII(t *testing.T, d partydoc.Document) (map[string][]string, []string) {
	t.Helper()
	in := false
	area := ""
	bullets := map[string][]string{}
	var order []string
	for _, b := range d.Blocks {
		if b.Kind == partydoc.KindSection {
			in = strings.HasPrefix(b.Text, "II.")
			continue
		}
		if !in {
			continue
		}
		switch b.Kind {
		case partydoc.KindArea:
			_, area, _ = strings.Cut(b.Text, ". ")
			order = append(order, area)
		case partydoc.KindBullet:
			bullets[area] = append(bullets[area], b.Text)
		}
	}
	return bullets, order
}

func TestReportDraftContinuesEachCarriedTaskUnderItsArea(t *testing.T) {
	w := newReportWard(t)
	page, err := w.svc.Reports.Page(w.ctx, w.leader, models.ReportDraft, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	d := page.Document
	if d.Header.Number != "Số     -NQ/ĐU" || d.Header.IssuingBody != "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN" || d.Header.SuperiorBody != "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ" ||
		d.Header.PlaceDate != "Hương Xuân, ngày     tháng     năm 2021" || !d.Draft || d.Kind != "NGHỊ QUYẾT" || d.Summary[0] != "Nhiệm vụ tháng 11 năm 2021" {
		t.Errorf("header %+v kind %q summary %q", d.Header, d.Kind, d.Summary)
	}
	bullets, order := draftSectionII(t, d)
	if len(order) != len(w.areas) {
		t.Errorf("section II lists %d areas, the committee has %d", len(order), len(w.areas))
	}
	want := map[string][]string{
		w.areas[1].Name: {"Tiếp tục chỉ đạo Hội Liên hiệp Phụ nữ phường tổ chức ra mắt câu lạc bộ “An toàn cho trẻ em” theo kế hoạch Đề án 938."},
		w.areas[4].Name: {"Tiếp tục tổ chức tuần tra, kiểm soát địa bàn ban đêm, đảm bảo an ninh trật tự trên địa bàn."},
		w.areas[6].Name: {
			"Tiếp tục đôn đốc các chi bộ trực thuộc thu, nộp đảng phí đúng quy định; tổng hợp, báo cáo tình hình thu, nộp đảng phí.",
			"Tiếp tục chỉ đạo Chi bộ TDP Thượng Khê tổ chức sinh hoạt chuyên đề về vai trò nêu gương của đảng viên.",
		},
	}
	for _, a := range w.areas {
		got := slices.Clone(bullets[a.Name])
		exp := slices.Clone(want[a.Name])
		slices.Sort(got)
		slices.Sort(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("area %q: got %q, want %q", a.Name, got, exp)
		}
		for _, b := range got {
			if strings.Contains(models.Fold(b), "tiep tuc tiep tuc") {
				t.Errorf("doubled: %q", b)
			}
		}
	}
	text := allText(d)
	for _, s := range []string{
		"I. Tình hình thực hiện nhiệm vụ tháng 10 năm 2021",
		"2 nhiệm vụ đã hoàn thành, đạt 33,33% (đúng hạn: 1, quá hạn: 1); chưa hoàn thành: 4 (trong hạn: 1, quá hạn: 3); hủy: 1 (không tính vào tỷ lệ hoàn thành).",
		"UBND phường đã rà soát, giải quyết các hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất đủ điều kiện.",
		"UBND phường đã phối hợp các đơn vị liên quan thực hiện tốt công tác GPMB các công trình xây dựng trên địa bàn phường, tuy nhiên chậm so với thời hạn đề ra.",
		"Hội Liên hiệp Phụ nữ phường đang tổ chức ra mắt câu lạc bộ “An toàn cho trẻ em” theo kế hoạch Đề án 938, đạt khoảng 60%; chuyển sang tháng 11/2021 tiếp tục thực hiện.",
		"Chi bộ TDP Thượng Khê đang tổ chức sinh hoạt chuyên đề về vai trò nêu gương của đảng viên, đạt khoảng 30%; chuyển sang tháng 11/2021 tiếp tục thực hiện. Chi ủy đã xây dựng đề cương sinh hoạt chuyên đề.",
		"1 nhiệm vụ chưa triển khai trong tháng (Công an phường chủ trì 1), chuyển sang tháng 11/2021 tiếp tục thực hiện.",
		"III. TỔ CHỨC THỰC HIỆN",
		"Văn phòng, UBKT, Khối Dân vận Đảng ủy thường xuyên theo dõi, kịp thời báo cáo Ban Thường vụ Đảng ủy để chỉ đạo.",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("the draft lacks %q", s)
		}
	}
	// A cancelled task is reported as stopped, not as done or pending.
	if i := strings.Index(text, "thanh tra đất rừng"); i < 0 || !strings.Contains(text[:i], "dừng việc chuẩn bị") || !strings.Contains(text[i:], "theo chỉ đạo của Thường trực Đảng ủy") {
		t.Errorf("a cancelled task is not reported as stopped in section I:\n%s", text)
	}
	// Figures go to footnotes, as in a real resolution.
	notes := d.Notes()
	if len(notes) < 3 || !slices.ContainsFunc(notes, func(n partydoc.Note) bool {
		return n.Text == "Đã chi trả bồi thường cho 09 hộ với số tiền 1.350.492.000 đồng"
	}) {
		t.Errorf("footnotes %+v", notes)
	}
	// Recipients and signer are the committee's (the defaults here), not
	// the imported resolution's.
	def := models.DefaultDocumentSettings()
	if !slices.Equal(d.Recipients, def.ResolutionRecipients) || d.Signer.Name != "" || !slices.Equal(d.Signer.Titles, def.ResolutionSigner.Titles) {
		t.Errorf("recipients %q signer %+v", d.Recipients, d.Signer)
	}
}

func allText(d partydoc.Document) string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		b.WriteString(bl.Text + "\n")
	}
	return b.String()
}

// TestReportBeforeTheMonthEnds: while the month is open the figures are
// live and the carry-over is what would move now.
func TestReportBeforeTheMonthEnds(t *testing.T) {
	w := buildReportWard(t)
	r, err := w.svc.Reports.Review(w.ctx, w.leader, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if r.Frozen || !r.Projected || r.Figures.AsOf != "2021-10-25" {
		t.Errorf("frozen %v projected %v as of %s", r.Frozen, r.Projected, r.Figures.AsOf)
	}
	if len(r.CarriedOut) != 4 || r.Figures.Totals.OpenOverdue != 1 {
		t.Errorf("carried out %d, overdue %d", len(r.CarriedOut), r.Figures.Totals.OpenOverdue)
	}
	c, err := w.svc.Reports.CarryOver(w.ctx, w.leader, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Projected || c.Total != 4 {
		t.Errorf("projected %v total %d", c.Projected, c.Total)
	}
	for _, g := range c.Groups {
		for _, it := range g.Items {
			if it.TaskID == w.tasks["dangphi"] && (it.CarryCount != 2 || it.NextDeadline != "2021-11-30") {
				t.Errorf("projected carry %+v", it)
			}
		}
	}
	page, err := w.svc.Reports.Page(w.ctx, w.leader, models.ReportDraft, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	bullets, _ := draftSectionII(t, page.Document)
	n := 0
	for _, b := range bullets {
		n += len(b)
	}
	if n != 4 {
		t.Errorf("the draft continues %d tasks before the month ends, want 4", n)
	}
}

func TestReportUnitSeesOnlyItsOwnPart(t *testing.T) {
	w := newReportWard(t)
	phunu := w.unit["phunu"]
	r, err := w.svc.Reports.Review(w.ctx, phunu, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if r.Scope.Unit != phunu.UnitID || r.UnitName != "Hội Liên hiệp Phụ nữ phường" || r.Tasks != 1 {
		t.Fatalf("scope %+v %q, %d tasks", r.Scope, r.UnitName, r.Tasks)
	}
	for _, a := range r.Areas {
		for _, row := range a.Rows {
			if row.Task.LeadUnitID != phunu.UnitID {
				t.Errorf("another unit's task %s", row.Task.ID)
			}
		}
	}
	if len(r.Figures.Units) != 1 || r.Figures.Units[0].ID != phunu.UnitID || r.Figures.Totals.Total != 1 {
		t.Errorf("figures %+v", r.Figures)
	}
	c, err := w.svc.Reports.CarryOver(w.ctx, phunu, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Groups) != 1 || c.Groups[0].UnitID != phunu.UnitID || c.Total != 1 {
		t.Errorf("carry-over groups %+v", c.Groups)
	}
	page, err := w.svc.Reports.Page(w.ctx, phunu, models.ReportReview, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	text := allText(page.Document)
	if strings.Contains(page.Document.Summary[0], "UBND") || !strings.Contains(page.Document.Summary[0], "Hội Liên hiệp Phụ nữ phường") ||
		!strings.HasSuffix(page.FileBase, "-hoi-lien-hiep-phu-nu-phuong") {
		t.Errorf("summary %q file %q", page.Document.Summary, page.FileBase)
	}
	if strings.Contains(text, "UBND") || strings.Contains(text, "Công an") {
		t.Error("the unit's review names other units")
	}
	for _, k := range []models.ReportKind{models.ReportDraft} {
		if _, err := w.svc.Reports.Page(w.ctx, phunu, k, "2021-10"); !errors.Is(err, models.ErrForbidden) {
			t.Errorf("unit reads %s: %v", k, err)
		}
	}
	if _, err := w.svc.Reports.File(w.ctx, phunu, models.ReportDraft, "2021-10", models.FormatDOCX); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("unit downloads the draft: %v", err)
	}
	if _, err := w.svc.Reports.Draft(w.ctx, w.viewer, "2021-10"); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("viewer reads the draft: %v", err)
	}
	for _, a := range []models.Actor{w.leader, w.office, w.admin} {
		if _, err := w.svc.Reports.Draft(w.ctx, a, "2021-10"); err != nil {
			t.Errorf("%s reads the draft: %v", a.Role, err)
		}
	}
}

func TestReportRefusesBadInput(t *testing.T) {
	w := buildReportWard(t)
	for _, m := range []string{"", "2021-13", "21-10", "2021-10-01", "../x"} {
		if _, err := w.svc.Reports.Page(w.ctx, w.leader, models.ReportReview, m); !errors.Is(err, models.ErrInvalid) {
			t.Errorf("month %q: %v", m, err)
		}
	}
	if _, err := w.svc.Reports.File(w.ctx, w.leader, models.ReportReview, "2021-10", models.FormatHTML); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("html as a file: %v", err)
	}
	if _, err := w.svc.Reports.Page(w.ctx, w.leader, "minutes", "2021-10"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unknown report: %v", err)
	}
	// An empty month is a report with nothing in it, not an error.
	page, err := w.svc.Reports.Page(w.ctx, w.leader, models.ReportReview, "2020-01")
	if err != nil || !strings.Contains(allText(page.Document), "Không có nhiệm vụ nào trong tháng.") {
		t.Errorf("empty month: %v", err)
	}
}

// TestReportDatesZeroPadded: documents write day and month on two
// digits, as Party documents do ("ngày 03 tháng 11 năm 2021").
func TestReportDatesZeroPadded(t *testing.T) {
	w := newReportWard(t)
	w.at(vn(time.November, 3, 9))
	page, err := w.svc.Reports.Page(w.ctx, w.leader, models.ReportReview, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if got := page.Document.Header.PlaceDate; !strings.Contains(got, "ngày 03 tháng 11 năm 2021") {
		t.Errorf("place and date %q", got)
	}
}
