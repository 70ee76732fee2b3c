package resolution

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/models"
)

// The fixture is an invented draft (Đảng ủy phường An Hòa, tasks for
// March 2024): blank number and day, "I-" numerals, a "Nơi nhận:" heading
// sharing lines with the signer's block, a footnote holding brackets.
func TestFixture(t *testing.T) {
	doc := parseText(t, readFixture(t))
	header := Document{
		SuperiorBody: "ĐẢNG BỘ THÀNH PHỐ BẮC GIANG", IssuingBody: "ĐẢNG ỦY PHƯỜNG AN HÒA",
		Number: Number{Raw: "-NQ/ĐU", TypeCode: "NQ", IssuerCode: "ĐU"},
		Place:  "An Hòa", DocType: "NGHỊ QUYẾT", Summary: "về nhiệm vụ tháng 3 năm 2024",
		TargetMonth: "2024-03", TargetMonthFrom: TargetFromSummary,
		ReviewHeading: "Kết quả thực hiện nhiệm vụ tháng 2 năm 2024",
		TasksHeading:  "Phương hướng, nhiệm vụ tháng 3 năm 2024",
		Implementation: "Các chi bộ trực thuộc, các đoàn thể căn cứ Nghị quyết xây dựng kế hoạch thực hiện.\n" +
			"Văn phòng Đảng ủy theo dõi, đôn đốc, báo cáo Ban Thường vụ.",
		Recipients: []string{"Thành ủy (b/c)", "Các đ/c ĐUV", "Các chi bộ trực thuộc", "Lưu VP"},
		Signer:     Signer{Titles: []string{"T/M ĐẢNG ỦY", "BÍ THƯ"}, Name: "Trần Thị Minh Hà"},
	}
	got := doc
	got.Review, got.Tasks = header.Review, header.Tasks
	if !reflect.DeepEqual(got, header) {
		t.Errorf("header and tail\n got %+v\nwant %+v", got, header)
	}

	review := []Area{
		{Number: 1, Title: "Kinh tế - xã hội", Items: []Item{
			{Index: 1, Text: "Tổ chức Tết Nguyên đán Giáp Thìn an toàn, tiết kiệm; thăm hỏi, tặng quà cho 215 hộ chính sách.",
				Footnotes: []document.Footnote{{Number: 1, Text: "Tổng kinh phí 96,5 triệu đồng, trong đó vận động xã hội hoá 40 triệu đồng"}}},
			{Index: 2, Text: "Thu ngân sách tháng 2 đạt 1.120 triệu đồng, bằng 18% dự toán năm.\nTuy nhiên, tiến độ GPMB dự án đường Hoàng Hoa Thám còn chậm."},
		}},
		{Number: 2, Title: "Quốc phòng, an ninh", Items: []Item{
			{Index: 1, Text: "Hoàn thành giao quân năm 2024 với 12 thanh niên nhập ngũ (đạt 100% chỉ tiêu).",
				Footnotes: []document.Footnote{{Number: 2, Text: "Trong đó có 02 đảng viên [dự bị]"}}},
		}},
		{Number: 3, Title: "Xây dựng Đảng", Items: []Item{
			{Index: 1, Text: "Kết nạp 03 đảng viên mới; chi bộ TDP Hòa Bình sinh hoạt chuyên đề theo Hướng dẫn 12-HD/BTCTW.",
				DocRefs: []string{"12-HD/BTCTW"}},
		}},
	}
	if !reflect.DeepEqual(doc.Review, review) {
		t.Errorf("review\n got %+v\nwant %+v", doc.Review, review)
	}

	type task struct {
		area, index     int
		prefix          string
		deadline        models.Date
		reason          DeadlineReason
		continues, many bool
	}
	tasks := []task{
		{1, 1, "Tiếp tục đẩy nhanh tiến độ GPMB", "2024-03-31", ReasonMonthEnd, true, true},
		{1, 2, "Phấn đấu thu ngân sách đạt chỉ tiêu năm 2024.", "2024-12-31", ReasonYearEnd, false, false},
		{1, 3, "Ra quân Tết trồng cây", "2024-03-15", ReasonRangeEnd, false, false},
		{2, 1, "Tổ chức các hoạt động kỷ niệm 114 năm", "2024-03-31", ReasonMonthEnd, false, false},
		{2, 2, "Hỗ trợ sửa chữa nhà văn hóa", "", ReasonConditional, false, false},
		{2, 3, "Tiếp tục triển khai Đề án 06/CP", "2024-03-31", ReasonMonthEnd, true, false},
		{3, 1, "Tổ chức tuần tra, kiểm soát", "2024-03-31", ReasonMonthEnd, false, false},
		{3, 2, "Phối hợp Ban CHQS thành phố", "2024-03-20", ReasonRangeEnd, false, false},
	}
	if n := countItems(doc.Tasks); n != len(tasks) || len(doc.Tasks) != 3 {
		t.Fatalf("%d task areas, %d tasks; want 3 areas, %d tasks", len(doc.Tasks), n, len(tasks))
	}
	for _, c := range tasks {
		it := item(t, doc.Tasks, c.area, c.index)
		if !strings.HasPrefix(it.Text, c.prefix) || it.ProposedDeadline != c.deadline || it.DeadlineReason != c.reason ||
			it.Continues != c.continues || it.MultipleSubtasks != c.many {
			t.Errorf("task %d.%d = %q deadline %q %q continues %v many %v; want %q %q %q %v %v", c.area, c.index,
				it.Text, it.ProposedDeadline, it.DeadlineReason, it.Continues, it.MultipleSubtasks,
				c.prefix, c.deadline, c.reason, c.continues, c.many)
		}
	}
	cond := item(t, doc.Tasks, 2, 2)
	if cond.Condition != "khi được phân bổ kinh phí" || len(cond.Footnotes) != 1 || cond.Footnotes[0].Number != 3 {
		t.Errorf("task 2.2 %+v", cond)
	}
	if got := item(t, doc.Tasks, 2, 1).Dates; !reflect.DeepEqual(got, []models.Date{"1910-03-08", "2024-03-08"}) {
		t.Errorf("task 2.1 dates %v", got)
	}
	if got := item(t, doc.Tasks, 3, 2).Dates; !reflect.DeepEqual(got, []models.Date{"2024-03-11", "2024-03-20"}) {
		t.Errorf("task 3.2 dates %v", got)
	}
}

func TestDocumentJSONIsCamelCase(t *testing.T) {
	out, err := json.Marshal(parseText(t, readFixture(t)))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"superiorBody"`, `"issuingBody"`, `"typeCode"`, `"targetMonth"`, `"targetMonthFrom"`,
		`"proposedDeadline"`, `"deadlineReason"`, `"waitingForCondition"`, `"multipleSubtasks"`, `"recipients"`} {
		if !strings.Contains(string(out), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func TestTargetMonthFallbacks(t *testing.T) {
	const body = "1. Kinh tế\n- Làm việc A.\n"
	cases := []struct {
		name, text string
		month      models.Month
		from       string
	}{
		{"summary wins", "NGHỊ QUYẾT\nNhiệm vụ tháng 11/2021\nII. Nhiệm vụ tháng 12 năm 2021\n" + body, "2021-11", TargetFromSummary},
		{"summary names both months", "NGHỊ QUYẾT\nKết quả tháng 9 năm 2021 và nhiệm vụ tháng 10 năm 2021\nII. Nhiệm vụ\n" + body, "2021-10", TargetFromSummary},
		{"preamble after the summary", "NGHỊ QUYẾT\nNhiệm vụ tháng 10 năm 2021\nNgày 22 tháng 9 năm 2021, Đảng ủy họp và quyết nghị.\nII. Nhiệm vụ\n" + body, "2021-10", TargetFromSummary},
		{"preamble without a summary", "NGHỊ QUYẾT\nNgày 22 tháng 9 năm 2021, Đảng ủy họp và quyết nghị.\nII. Nhiệm vụ tháng 10 năm 2021\n" + body, "2021-10", TargetFromTasksHeading},
		{"tasks heading", "NGHỊ QUYẾT\nHội nghị Ban Chấp hành\nII - Phương hướng, nhiệm vụ tháng 12 năm 2021\n" + body, "2021-12", TargetFromTasksHeading},
		{"month after the issue date", "*\t\tAn Hòa, ngày 25 tháng 12 năm 2021\nII. Nhiệm vụ trọng tâm\n" + body, "2022-01", TargetFromIssueDate},
		{"nothing", "II. Nhiệm vụ trọng tâm\n" + body, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := parseText(t, []byte(c.text))
			if doc.TargetMonth != c.month || doc.TargetMonthFrom != c.from {
				t.Errorf("target %q from %q, want %q from %q", doc.TargetMonth, doc.TargetMonthFrom, c.month, c.from)
			}
			it := doc.Tasks[0].Items[0]
			if c.month != "" && (it.ProposedDeadline != c.month.LastDay() || it.DeadlineReason != ReasonMonthEnd) {
				t.Errorf("deadline %q %q", it.ProposedDeadline, it.DeadlineReason)
			}
			if c.month == "" && (it.ProposedDeadline != "" || it.DeadlineReason != "") {
				t.Errorf("deadline without a target month: %q %q", it.ProposedDeadline, it.DeadlineReason)
			}
		})
	}
}

func TestTasksWithoutBulletsAndWordLists(t *testing.T) {
	// Word list paragraphs (ListItem) are bullets; a plain paragraph after a
	// heading is a task of its own; "+" lines belong to the task above.
	blocks := []document.Block{
		{Text: "II. Phương hướng, nhiệm vụ tháng 5 năm 2022"},
		{Text: "1. Kinh tế"},
		{Text: "Rà soát hồ sơ đất đai."},
		{Text: "Hoàn thành GPMB đường tránh."},
		{Text: "2. Xây dựng Đảng"},
		{Text: "Kiểm tra chi bộ TDP 3", ListItem: true, Notes: []document.Footnote{{Number: 1, Text: "Theo kế hoạch 05-KH/ĐU"}}},
		{Text: "+ nội dung: sinh hoạt chi bộ"},
		{Text: "ghi chú thêm cho nhiệm vụ trên"},
		{Text: "Phát triển đảng viên", ListItem: true},
	}
	doc, err := Parse(blocks)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || len(doc.Tasks[0].Items) != 2 || len(doc.Tasks[1].Items) != 2 {
		t.Fatalf("tasks %+v", doc.Tasks)
	}
	first := doc.Tasks[1].Items[0]
	if first.Text != "Kiểm tra chi bộ TDP 3\nnội dung: sinh hoạt chi bộ\nghi chú thêm cho nhiệm vụ trên" || len(first.Footnotes) != 1 {
		t.Errorf("task 2.1 %+v", first)
	}
	if blocks[5].Notes[0].Text != "Theo kế hoạch 05-KH/ĐU" || len(blocks[5].Notes) != 1 {
		t.Error("Parse changed its input")
	}
}
