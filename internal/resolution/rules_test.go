package resolution

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/models"
)

// oneTask parses a resolution for month (e.g. "tháng 11 năm 2024") whose
// only task is text, and returns that task.
func oneTask(t *testing.T, month, text string) Item {
	t.Helper()
	doc := parseText(t, []byte("NGHỊ QUYẾT\nNhiệm vụ "+month+"\nII. Nhiệm vụ "+month+"\n1. Kinh tế\n- "+text+"\n"))
	if n := countItems(doc.Tasks); n != 1 {
		t.Fatalf("%d tasks in %q", n, text)
	}
	return doc.Tasks[0].Items[0]
}

func TestDeadlinePhrases(t *testing.T) {
	const nov = "tháng 11 năm 2024"
	cases := []struct {
		month, text string
		deadline    models.Date
		reason      DeadlineReason
	}{
		{nov, "Hoàn thành hồ sơ trước ngày 15/11.", "2024-11-15", ReasonNamedDate},
		{nov, "Hoàn thành hồ sơ trước ngày 15/11/2024.", "2024-11-15", ReasonNamedDate},
		{nov, "Nộp báo cáo chậm nhất ngày 20/11/2024.", "2024-11-20", ReasonNamedDate},
		{nov, "Rà soát danh sách, xong trước 20/11.", "2024-11-20", ReasonNamedDate},
		{nov, "Hoàn thành trước ngày 15 tháng 11 năm 2024.", "2024-11-15", ReasonNamedDate},
		{nov, "Hoàn thành hạn chót 28/11.", "2024-11-28", ReasonNamedDate},
		{nov, "Thống kê đất công, hoàn thành trong tháng 11.", "2024-11-30", ReasonNamedMonth},
		{nov, "Chuẩn bị nhân sự, hoàn thành trong tháng 12/2024.", "2024-12-31", ReasonNamedMonth},
		{nov, "Giải ngân vốn đầu tư công trong quý IV.", "2024-12-31", ReasonQuarterEnd},
		{nov, "Huấn luyện dân quân trong quý 1 năm 2025.", "2025-03-31", ReasonQuarterEnd},
		// Two dates: the task is done with its last part.
		{nov, "Nộp hồ sơ trước ngày 10/11; quyết toán trước ngày 25/11.", "2024-11-25", ReasonNamedDate},
		// A date without a year takes the year nearest the target month.
		{"tháng 12 năm 2024", "Thăm hỏi gia đình chính sách trước ngày 10/01.", "2025-01-10", ReasonNamedDate},
		{"tháng 12 năm 2024", "Xây dựng kế hoạch, triển khai trong quý I.", "2025-03-31", ReasonQuarterEnd},
		// Dates before the month are references, not deadlines.
		{nov, "Khắc phục tồn tại trong tháng 10 theo kết luận kiểm tra.", "2024-11-30", ReasonMonthEnd},
		{nov, "Thực hiện Công văn số 12/UBND, trước ngày 05/10/2024 đã triển khai.", "2024-11-30", ReasonMonthEnd},
		// A named date wins over the year's goal and over standing words.
		{nov, "Hoàn thành chỉ tiêu năm 2024; báo cáo trước ngày 20/11.", "2024-11-20", ReasonNamedDate},
		{nov, "Thường xuyên kiểm tra, hoàn thành đợt cao điểm trước ngày 30/11.", "2024-11-30", ReasonNamedDate},
		// An anniversary after the month is the work's target; one inside
		// the month leaves the month's end.
		{nov, "Chuẩn bị hồ sơ dịp kỷ niệm Ngày thành lập Đảng (03/02/1930-03/02/2025).", "2025-02-03", ReasonAnniversary},
		{nov, "Kỷ niệm Ngày Nhà giáo Việt Nam (20/11/1982-20/11/2024).", "2024-11-30", ReasonMonthEnd},
		{nov, "Ra quân Tết trồng cây trước Tết.", "2024-11-30", ReasonMonthEnd},
		// A date past the years the application keeps is a slip, not a deadline.
		{nov, "Thực hiện chương trình (01/11/2024-31/12/2150).", "2024-11-30", ReasonMonthEnd},
		{nov, "Hoàn thành trước ngày 15/11/2150.", "2024-11-30", ReasonMonthEnd},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			it := oneTask(t, c.month, c.text)
			if it.ProposedDeadline != c.deadline || it.DeadlineReason != c.reason || it.Ongoing {
				t.Errorf("deadline %q %q ongoing %v, want %q %q", it.ProposedDeadline, it.DeadlineReason, it.Ongoing, c.deadline, c.reason)
			}
		})
	}
}

func TestStandingWork(t *testing.T) {
	cases := []struct {
		text    string
		ongoing bool
	}{
		{"Thường xuyên kiểm tra vệ sinh an toàn thực phẩm.", true},
		{"Duy trì chế độ trực sẵn sàng chiến đấu.", true},
		{"Tiếp tục duy trì hoạt động của câu lạc bộ.", true},
		{"Chi trả trợ cấp hằng tháng cho đối tượng bảo trợ xã hội.", true},
		{"Báo cáo kết quả về Văn phòng hàng tháng.", true},
		{"Các chi bộ sinh hoạt định kỳ đúng quy định.", true},
		{"Tiếp tục thực hiện nghiêm Quy định 144-QĐ/TW.", true},
		{"Hội Cựu chiến binh phường duy trì mô hình tự quản.", true},
		{"Văn phòng Đảng ủy thường xuyên theo dõi, đôn đốc.", true},
		{"Tổ chức kiểm tra vệ sinh an toàn thực phẩm.", false},
		{"Tiếp tục rà soát hộ nghèo.", false},
		// "duy trì" deep in a verb phrase is the goal of one-off work.
		{"UBND phường xây dựng kế hoạch duy trì tiêu chí đô thị văn minh.", false},
		{"Báo cáo trước ngày 25 hằng tháng.", true},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			it := oneTask(t, "tháng 11 năm 2024", c.text)
			if it.Ongoing != c.ongoing || (c.ongoing && (it.ProposedDeadline != "" || it.DeadlineReason != ReasonOngoing)) {
				t.Errorf("ongoing %v, deadline %q %q; want ongoing %v", it.Ongoing, it.ProposedDeadline, it.DeadlineReason, c.ongoing)
			}
		})
	}
	// A condition comes before standing words.
	it := oneTask(t, "tháng 11 năm 2024", "Duy trì hỗ trợ hộ nghèo khi được cấp trên phân bổ kinh phí.")
	if it.Ongoing || !it.WaitingForCondition || it.Condition != "khi được cấp trên phân bổ kinh phí" {
		t.Errorf("%+v", it)
	}
}

func TestTasksSectionNames(t *testing.T) {
	for _, heading := range []string{
		"II. Phương hướng, nhiệm vụ tháng 11 năm 2024",
		"II. Nhiệm vụ trọng tâm tháng 11 năm 2024",
		"II. Nhiệm vụ tháng 11/2024",
		"II - Phương hướng nhiệm vụ tháng 11 năm 2024",
		"B. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11 NĂM 2024",
		"PHẦN THỨ HAI: NHIỆM VỤ TRỌNG TÂM THÁNG 11 NĂM 2024",
	} {
		t.Run(heading, func(t *testing.T) {
			doc := parseText(t, []byte("I. Kết quả tháng 10\n1. Kinh tế\n- Đã làm.\n"+heading+"\n1. Kinh tế\n- Làm việc A.\n"))
			if doc.TargetMonth != "2024-11" || doc.TargetMonthFrom != TargetFromTasksHeading || countItems(doc.Tasks) != 1 {
				t.Errorf("target %q from %q, %d tasks", doc.TargetMonth, doc.TargetMonthFrom, countItems(doc.Tasks))
			}
		})
	}
}

// areaLayout is an area's number, title and the start of each task.
type areaLayout struct {
	n     int
	title string
	items []string
}

func layoutOf(areas []Area) []areaLayout {
	var out []areaLayout
	for _, a := range areas {
		l := areaLayout{n: a.Number, title: a.Title}
		for _, it := range a.Items {
			l.items = append(l.items, it.Text)
		}
		out = append(out, l)
	}
	return out
}

func TestAreaAndItemForms(t *testing.T) {
	cases := []struct {
		name, body string
		want       []areaLayout
		unplaced   []string
	}{
		{"Roman areas restarting inside a Roman section II",
			"II. Nhiệm vụ tháng 11 năm 2024\nI. Về kinh tế\n1. Thu ngân sách.\n2. Giải phóng mặt bằng.\nII. Về văn hóa\n1. Tổ chức lễ hội.\nIII. Về xây dựng Đảng\n1. Kết nạp đảng viên.\nIII. TỔ CHỨC THỰC HIỆN\nCác chi bộ thực hiện.\n",
			[]areaLayout{{1, "Về kinh tế", []string{"Thu ngân sách.", "Giải phóng mặt bằng."}}, {2, "Về văn hóa", []string{"Tổ chức lễ hội."}},
				{3, "Về xây dựng Đảng", []string{"Kết nạp đảng viên."}}}, nil},
		{"a) items with dashes under them",
			"II. Nhiệm vụ tháng 11 năm 2024\n1. Kinh tế\na) Thu ngân sách:\n- thuế;\n- phí.\nb) Giải phóng mặt bằng.\n",
			[]areaLayout{{1, "Kinh tế", []string{"Thu ngân sách:\nthuế;\nphí.", "Giải phóng mặt bằng."}}}, nil},
		{"1.1. items with a wrapped line",
			"II. Nhiệm vụ tháng 11 năm 2024\n1. Kinh tế\n1.1. Thu ngân sách\nđạt dự toán.\n1.2. Giải phóng mặt bằng.\n2. Văn hóa\n2.1. Lễ hội.\n",
			[]areaLayout{{1, "Kinh tế", []string{"Thu ngân sách\nđạt dự toán.", "Giải phóng mặt bằng."}}, {2, "Văn hóa", []string{"Lễ hội."}}}, nil},
		{"Về areas with numbered tasks restarting",
			"II. Nhiệm vụ tháng 11 năm 2024\nVề kinh tế:\n1. Thu ngân sách.\n2. Giải phóng mặt bằng.\nVề văn hóa - xã hội\n1. Lễ hội.\n",
			[]areaLayout{{1, "Về kinh tế", []string{"Thu ngân sách.", "Giải phóng mặt bằng."}}, {2, "Về văn hóa - xã hội", []string{"Lễ hội."}}}, nil},
		{"numbered tasks and no areas",
			"II. Nhiệm vụ tháng 11 năm 2024\n1. Thu ngân sách đạt dự toán.\n2. Tổ chức lễ hội.\n",
			[]areaLayout{{0, "", []string{"Thu ngân sách đạt dự toán.", "Tổ chức lễ hội."}}}, nil},
		{"an introduction before a flat list",
			"II. Nhiệm vụ tháng 11 năm 2024\nĐảng ủy đề ra các nhiệm vụ sau:\n- Thu ngân sách.\n- Tổ chức lễ hội.\n",
			[]areaLayout{{0, "", []string{"Thu ngân sách.", "Tổ chức lễ hội."}}}, []string{"Đảng ủy đề ra các nhiệm vụ sau:"}},
		{"plain paragraphs and no areas",
			"II. Nhiệm vụ tháng 11 năm 2024\nThu ngân sách.\nTổ chức lễ hội.\n",
			[]areaLayout{{0, "", []string{"Thu ngân sách.", "Tổ chức lễ hội."}}}, nil},
		{"a sentence that only looks like a Về heading",
			"II. Nhiệm vụ tháng 11 năm 2024\n1. Kinh tế\n- Thu ngân sách.\nVề nhiệm vụ tháng 11, các chi bộ chủ động.\n",
			[]areaLayout{{1, "Kinh tế", []string{"Thu ngân sách.\nVề nhiệm vụ tháng 11, các chi bộ chủ động."}}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := parseText(t, []byte(c.body))
			if got := layoutOf(doc.Tasks); !reflect.DeepEqual(got, c.want) {
				t.Errorf("areas\n got %+v\nwant %+v", got, c.want)
			}
			if !slices.Equal(doc.Unplaced, c.unplaced) {
				t.Errorf("unplaced %q, want %q", doc.Unplaced, c.unplaced)
			}
		})
	}
}

// A .docx table row arrives as Cells. Under a task table's header its
// rows are tasks; a row of another grid in section II is no task form the
// reader knows, and is listed as unplaced.
func TestTableBlocks(t *testing.T) {
	row := func(cells ...string) document.Block {
		return document.Block{Text: strings.ReplaceAll(strings.Join(cells, "\t"), "\n", " "), Cells: cells}
	}
	blocks := []document.Block{
		{Text: "II. Nhiệm vụ tháng 11 năm 2024"},
		{Text: "1. Về kinh tế"},
		row("Lập kế hoạch thu", "UBND", "Tháng 11"),
		row("TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn"),
		row("1.", "Thu ngân sách\nđạt dự toán", "UBND phường", "Hội Nông dân\nHội Cựu chiến binh", "Quý IV"),
		row("2.", "Giải phóng mặt bằng", "UBND phường", "", ""),
		{Text: "2. Về văn hóa"},
		row("3.", "Tổ chức lễ hội", "Hội LHPN", "", "Trước 20/11"),
		row("Lễ hội", "Tháng 11", "ghi chú"),
		{Text: "- Tổ chức hội diễn."},
	}
	doc, err := Parse(blocks)
	if err != nil {
		t.Fatal(err)
	}
	want := []areaLayout{
		{1, "Về kinh tế", []string{"Thu ngân sách\nđạt dự toán", "Giải phóng mặt bằng"}},
		{2, "Về văn hóa", []string{"Tổ chức lễ hội", "Tổ chức hội diễn."}},
	}
	if got := layoutOf(doc.Tasks); !reflect.DeepEqual(got, want) {
		t.Errorf("areas\n got %+v\nwant %+v", got, want)
	}
	if want := []string{"Lập kế hoạch thu | UBND | Tháng 11", "Lễ hội | Tháng 11 | ghi chú"}; !slices.Equal(doc.Unplaced, want) {
		t.Errorf("unplaced %q, want %q", doc.Unplaced, want)
	}
	first := doc.Tasks[0].Items[0]
	if first.Lead != "UBND phường" || !slices.Equal(first.Coordinating, []string{"Hội Nông dân", "Hội Cựu chiến binh"}) ||
		first.ProposedDeadline != "2024-12-31" || first.DeadlineReason != ReasonQuarterEnd {
		t.Errorf("row 1 %+v", first)
	}
	if it := doc.Tasks[1].Items[0]; it.Lead != "Hội LHPN" || it.ProposedDeadline != "2024-11-20" {
		t.Errorf("row 3, after an area heading between rows: %+v", it)
	}
}

// Area headings whose tasks are in a form the reader does not know stay
// areas; the tasks are listed as unplaced, and the document as having no
// tasks.
func TestAreasWithUnknownTasksStayAreas(t *testing.T) {
	doc, err := Parse([]document.Block{
		{Text: "II. Nhiệm vụ tháng 11 năm 2024"},
		{Text: "1. Kinh tế"},
		{Text: "Thu\tUBND\tQuý IV", Cells: []string{"Thu", "UBND", "Quý IV"}},
		{Text: "2. Văn hóa"},
	})
	if !errors.Is(err, &Error{Code: CodeNoTasksSection}) {
		t.Errorf("error %v", err)
	}
	if got := layoutOf(doc.Tasks); !reflect.DeepEqual(got, []areaLayout{{1, "Kinh tế", nil}, {2, "Văn hóa", nil}}) {
		t.Errorf("areas %+v", got)
	}
	if !slices.Equal(doc.Unplaced, []string{"Thu | UBND | Quý IV"}) {
		t.Errorf("unplaced %q", doc.Unplaced)
	}
}

func TestTaskTableRows(t *testing.T) {
	doc := parseText(t, []byte(`II. Nhiệm vụ tháng 11 năm 2024
| TT | Nội dung | Chủ trì | Thời hạn |
| Lĩnh vực kinh tế |
| 1 | Thu ngân sách | UBND phường | Quý IV |
|  | Rà soát đất công |  |  |
| Các đơn vị báo cáo kết quả hằng tháng |
| A | XÂY DỰNG ĐẢNG |
| 2 | Kết nạp đảng viên | Các chi bộ | Thường xuyên |
| 3 |  | UBND phường | Tháng 12 |
`))
	want := []areaLayout{
		{1, "Lĩnh vực kinh tế", []string{"Thu ngân sách", "Rà soát đất công"}},
		{2, "XÂY DỰNG ĐẢNG", []string{"Kết nạp đảng viên"}},
	}
	if got := layoutOf(doc.Tasks); !reflect.DeepEqual(got, want) {
		t.Errorf("areas\n got %+v\nwant %+v", got, want)
	}
	if want := []string{"Các đơn vị báo cáo kết quả hằng tháng", "3 | UBND phường | Tháng 12"}; !slices.Equal(doc.Unplaced, want) {
		t.Errorf("unplaced %q, want %q", doc.Unplaced, want)
	}
	// A row with no units and no deadline is still a task, read from its text.
	if it := doc.Tasks[0].Items[1]; it.Lead != "" || it.DeadlineText != "" || it.DeadlineReason != ReasonMonthEnd {
		t.Errorf("row without units %+v", it)
	}
}
