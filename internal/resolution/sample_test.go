package resolution

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
)

func TestSampleHeaderAndTail(t *testing.T) {
	doc := parseText(t, readSample(t))
	want := Document{
		SuperiorBody: "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ",
		IssuingBody:  "ĐẢNG UỶ PHƯỜNG HƯƠNG XUÂN",
		Number:       Number{Raw: "31-NQ/ĐU", Number: "31", TypeCode: "NQ", IssuerCode: "ĐU"},
		Place:        "Hương Xuân", Date: "2021-09-23", DocType: "NGHỊ QUYẾT",
		Summary: "Nhiệm vụ tháng 10 năm 2021", TargetMonth: "2021-10", TargetMonthFrom: TargetFromSummary,
	}
	got := Document{SuperiorBody: doc.SuperiorBody, IssuingBody: doc.IssuingBody, Number: doc.Number,
		Place: doc.Place, Date: doc.Date, DocType: doc.DocType, Summary: doc.Summary,
		TargetMonth: doc.TargetMonth, TargetMonthFrom: doc.TargetMonthFrom}
	if got.Number != want.Number || got.SuperiorBody != want.SuperiorBody || got.IssuingBody != want.IssuingBody ||
		got.Place != want.Place || got.Date != want.Date || got.DocType != want.DocType ||
		got.Summary != want.Summary || got.TargetMonth != want.TargetMonth || got.TargetMonthFrom != want.TargetMonthFrom {
		t.Errorf("header\n got %+v\nwant %+v", got, want)
	}
	if len(doc.Recipients) != 7 || doc.Recipients[0] != "UVTV Thị ủy phụ trách cụm (b/c)" || doc.Recipients[6] != "Lưu vp Đảng uỷ" {
		t.Errorf("recipients %q", doc.Recipients)
	}
	if doc.Signer.Name != "Nguyễn Tiến Giang" || len(doc.Signer.Titles) != 0 {
		t.Errorf("signer %+v", doc.Signer)
	}
	if !strings.HasPrefix(doc.Implementation, "Các chi bộ trực thuộc") || !strings.HasSuffix(doc.Implementation, "để chỉ đạo.") ||
		strings.Count(doc.Implementation, "\n") != 1 {
		t.Errorf("implementation %q", doc.Implementation)
	}
}

func TestSampleTasks(t *testing.T) {
	doc := parseText(t, readSample(t))
	var counts []int
	total := 0
	for i, a := range doc.Tasks {
		if a.Number != i+1 {
			t.Errorf("task area %d numbered %d", i+1, a.Number)
		}
		counts = append(counts, len(a.Items))
		total += len(a.Items)
		for j, it := range a.Items {
			if it.Index != j+1 || it.Text == "" || strings.HasPrefix(it.Text, "-") || strings.Contains(it.Text, "[footnoteRef") {
				t.Errorf("task %d.%d: index %d text %q", a.Number, j+1, it.Index, it.Text)
			}
		}
	}
	if want := []int{6, 6, 3, 3, 3, 6, 5}; !slices.Equal(counts, want) || total != 32 {
		t.Fatalf("task areas %v (total %d), want %v (32)", counts, total, want)
	}
	if doc.Tasks[5].Title != "Hoạt động của Mặt trận, các đoàn thể chính trị xã hội phường" {
		t.Errorf("area 6 title %q", doc.Tasks[5].Title)
	}
	starts := map[[2]int]string{
		{1, 1}: "Tiếp tục thực hiện giải quyết các vướng mắc",
		{1, 6}: "Tiếp tục triển khai thực hiện thu ngân sách đạt chỉ tiêu năm 2021.",
		{2, 6}: "Chuẩn bị các điều kiện để triển khai xây dựng mới",
		{4, 1}: "Phát huy vai trò của Ban Chỉ đạo",
		{5, 3}: "Xây dựng báo cáo số lượng công dân",
		{6, 3}: "Đoàn TNCS Hồ Chí Minh tiến hành",
		{7, 5}: "Tiếp tục thực hiện nghiêm túc Quy định 11-QĐi/TW",
	}
	for at, prefix := range starts {
		if it := item(t, doc.Tasks, at[0], at[1]); !strings.HasPrefix(it.Text, prefix) {
			t.Errorf("task %d.%d = %q, want prefix %q", at[0], at[1], it.Text, prefix)
		}
	}
	fn := item(t, doc.Tasks, 2, 6).Footnotes
	if len(fn) != 1 || fn[0].Number != 11 || fn[0].Text != "Trong đó: xây dựng mới có 05 trường hợp; sửa chữa có 08 trường hợp" {
		t.Errorf("task 2.6 footnotes %+v", fn)
	}
	if got := item(t, doc.Tasks, 2, 6).Text; !strings.HasSuffix(got, "khi được cấp trên phân bổ kinh phí.") {
		t.Errorf("task 2.6 text keeps a marker: %q", got)
	}

	var continues, partly []string
	for _, a := range doc.Tasks {
		for _, it := range a.Items {
			at := fmt.Sprintf("%d.%d", a.Number, it.Index)
			if it.Continues {
				continues = append(continues, at)
			}
			if it.PartlyContinues {
				partly = append(partly, at)
			}
		}
	}
	wantContinues := []string{"1.1", "1.2", "1.4", "1.6", "2.3", "3.1", "3.2", "6.6", "7.3", "7.4", "7.5"}
	if strings.Join(continues, " ") != strings.Join(wantContinues, " ") {
		t.Errorf("continues %v, want %v", continues, wantContinues)
	}
	if want := "1.3 2.1 3.1 5.2"; strings.Join(partly, " ") != want {
		t.Errorf("partly continues %v, want %s", partly, want)
	}

	refs := map[[2]int]string{
		{2, 5}: "84/NQ-HĐND", {2, 6}: "22/2013/QĐ-TTg", {5, 3}: "428/HĐNVQS- BCH",
		{7, 4}: "12-HD/BTCTW", {7, 5}: "11-QĐi/TW", {1, 1}: "",
	}
	for at, want := range refs {
		if got := strings.Join(item(t, doc.Tasks, at[0], at[1]).DocRefs, ","); got != want {
			t.Errorf("task %d.%d refs %q, want %q", at[0], at[1], got, want)
		}
	}
	if got := item(t, doc.Tasks, 5, 3).Dates; len(got) != 1 || got[0] != "2021-09-07" {
		t.Errorf("task 5.3 dates %v (ngày 07 tháng 9 năm 2021)", got)
	}
	if got := item(t, doc.Tasks, 6, 1).Dates; len(got) != 3 || got[0] != "2021-10-17" || got[1] != "2021-11-18" || got[2] != "1930-11-18" {
		t.Errorf("task 6.1 dates %v", got)
	}
}

func TestSampleDeadlines(t *testing.T) {
	doc := parseText(t, readSample(t))
	cases := []struct {
		area, index int
		deadline    models.Date
		reason      DeadlineReason
	}{
		{6, 1, "2021-11-18", ReasonRangeEnd},    // Tháng cao điểm (17/10/2021-18/11/2021)
		{6, 3, "2021-10-31", ReasonMonthEnd},    // anniversary 15/10/1956-15/10/2021
		{7, 3, "2022-02-03", ReasonAnniversary}, // prepares the anniversary 03/02/1930-03/02/2022
		{2, 6, "", ReasonConditional},           // khi được cấp trên phân bổ kinh phí
		{1, 6, "2021-12-31", ReasonYearEnd},     // đạt chỉ tiêu năm 2021
		{7, 2, "2021-12-31", ReasonYearEnd},     // Hoàn thành … chương trình kiểm tra … năm 2021
		{2, 5, "2021-10-31", ReasonMonthEnd},    // "mừng thọ năm 2021" is no goal
		{5, 2, "2021-10-31", ReasonMonthEnd},    // "khi có lụt, bão" is no condition
		{1, 1, "2021-10-31", ReasonMonthEnd},
		{3, 1, "", ReasonOngoing}, // Tiếp tục tuân thủ nghiêm túc quy trình …
		{4, 3, "", ReasonOngoing}, // Thường xuyên kiểm tra …
		{6, 6, "", ReasonOngoing}, // Tiếp tục phát huy vai trò …
		{7, 5, "", ReasonOngoing}, // Tiếp tục thực hiện nghiêm túc Quy định 11-QĐi/TW, ngày 18/02/2019: a document's date, not a target
	}
	for _, c := range cases {
		it := item(t, doc.Tasks, c.area, c.index)
		if it.ProposedDeadline != c.deadline || it.DeadlineReason != c.reason {
			t.Errorf("task %d.%d deadline %q %q, want %q %q", c.area, c.index, it.ProposedDeadline, it.DeadlineReason, c.deadline, c.reason)
		}
	}
	it := item(t, doc.Tasks, 2, 6)
	if !it.WaitingForCondition || it.Condition != "khi được cấp trên phân bổ kinh phí" {
		t.Errorf("task 2.6 condition %v %q", it.WaitingForCondition, it.Condition)
	}
	monthEnd := 0
	var ongoing []string
	for _, a := range doc.Tasks {
		for _, it := range a.Items {
			if it.DeadlineReason == ReasonMonthEnd {
				monthEnd++
			}
			if it.Ongoing {
				ongoing = append(ongoing, fmt.Sprintf("%d.%d", a.Number, it.Index))
			}
			if it.Ongoing != (it.DeadlineReason == ReasonOngoing) || (it.Ongoing && it.ProposedDeadline != "") {
				t.Errorf("task %d.%d: ongoing %v with %q %q", a.Number, it.Index, it.Ongoing, it.ProposedDeadline, it.DeadlineReason)
			}
			if it.WaitingForCondition != (it.DeadlineReason == ReasonConditional) {
				t.Errorf("task %d.%d: waiting %v with reason %q", a.Number, it.Index, it.WaitingForCondition, it.DeadlineReason)
			}
		}
	}
	// 2.3 "Tiếp tục duy trì …" and 4.1 "Phát huy vai trò …" are standing
	// work by the same words.
	if want := "2.3 3.1 4.1 4.3 6.6 7.5"; strings.Join(ongoing, " ") != want {
		t.Errorf("ongoing %v, want %s", ongoing, want)
	}
	if monthEnd != 21 {
		t.Errorf("%d tasks end with the month, want 21", monthEnd)
	}
	if len(doc.Unplaced) != 0 {
		t.Errorf("unplaced %q", doc.Unplaced)
	}
}

func TestSampleReview(t *testing.T) {
	doc := parseText(t, readSample(t))
	if len(doc.Review) != 8 {
		t.Fatalf("%d review areas, want 8", len(doc.Review))
	}
	var counts []int
	for _, a := range doc.Review {
		counts = append(counts, len(a.Items))
	}
	// Non-bulleted lines continue the paragraph above: 2.3 takes the
	// "Đã chuẩn bị hồ sơ…" line, areas 3 and 5 are one paragraph each.
	if want := []int{5, 5, 1, 1, 1, 3, 4, 5}; !slices.Equal(counts, want) {
		t.Errorf("review areas %v, want %v", counts, want)
	}
	homes := noteHomes(doc)
	want := map[int]string{
		1: "I.1.1", 2: "I.1.4", 3: "I.1.4", 4: "I.5.1", 5: "I.5.1", 6: "I.6.1",
		7: "I.7.4", 8: "I.7.4", 9: "I.8.2", 10: "I.8.5", 11: "II.2.6",
	}
	if !maps.Equal(homes, want) {
		t.Errorf("footnotes at %v\nwant %v", homes, want)
	}
	a4 := doc.Review[3]
	if a4.Title != "Công tác triển khai phòng chống bão số 5 (CONSON)" || !strings.HasPrefix(a4.Items[0].Text, "Đã tổ chức tuyên truyền, vận động sơ tán") {
		t.Errorf("review area 4 %q / %q", a4.Title, a4.Items[0].Text)
	}
	xdcb := item(t, doc.Review, 1, 4)
	if !strings.HasPrefix(xdcb.Text, "Xây dựng cơ bản:") || !strings.HasSuffix(xdcb.Text, "đảm bảo theo kế hoạch.") {
		t.Errorf("review 1.4 %q", xdcb.Text)
	}
	if f := xdcb.Footnotes; f[0].Number != 2 || f[1].Number != 3 || !strings.HasPrefix(f[1].Text, "Công trình: Nâng cấp mở rộng") || !strings.HasSuffix(f[1].Text, "tiến độ đạt 70%.") {
		t.Errorf("review 1.4 notes %+v", f)
	}
	if f := item(t, doc.Review, 1, 1).Footnotes; f[0].Text != "Trong đó: khảo nghiệm giống lúa chất lượng cao 20ha; lúa hữu cơ 02ha; rau an toàn 0,5ha." {
		t.Errorf("footnote 1 %q", f[0].Text)
	}
	if got := item(t, doc.Review, 2, 3).Text; !strings.Contains(got, "PCTT-TKCN.\nĐã chuẩn bị hồ sơ") {
		t.Errorf("review 2.3 continuation %q", got)
	}
	if got := item(t, doc.Review, 2, 1).Dates; len(got) != 4 || got[0] != "2021-09-06" || got[1] != "2021-09-17" {
		t.Errorf("review 2.1 dates %v (Từ ngày 06 -17/9/2021)", got)
	}
}
