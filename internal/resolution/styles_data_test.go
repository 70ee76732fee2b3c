package resolution

import "github.com/theodoi/theodoi/internal/docx/docxtest"

// Five committees, five ways of writing the same kind of resolution. All
// names are invented.
var styleFixtures = []styleFixture{
	{
		// "a), b)" items under "1. Về …" areas, typed in the text and Word
		// lettered lists in the .docx; an introduction before the areas.
		file: "nghi-quyet-ngoc-thach-2024-11.txt",
		docx: docxtest.Options{Bullets: docxtest.WordNumbering, Letters: true},
		header: Document{SuperiorBody: "ĐẢNG BỘ THÀNH PHỐ SƠN HÀ", IssuingBody: "ĐẢNG ỦY PHƯỜNG NGỌC THẠCH",
			Number: Number{Raw: "47-NQ/ĐU", Number: "47", TypeCode: "NQ", IssuerCode: "ĐU"}, Place: "Ngọc Thạch", Date: "2024-10-25",
			Summary: "về nhiệm vụ trọng tâm tháng 11 năm 2024", TargetMonth: "2024-11", TargetMonthFrom: TargetFromSummary,
			TasksHeading: "Nhiệm vụ trọng tâm tháng 11 năm 2024",
			Signer:       Signer{Titles: []string{"T/M ĐẢNG ỦY", "BÍ THƯ"}, Name: "Lê Văn Khải"},
			Recipients:   []string{"Thành ủy (b/c)", "Các đ/c Đảng ủy viên", "Các chi bộ trực thuộc", "Lưu VP"}},
		review: []int{2, 1, 1, 1},
		tasks:  []int{4, 4, 3, 3},
		titles: []string{"Về kinh tế", "Về văn hóa - xã hội", "Về quốc phòng, an ninh", "Về xây dựng Đảng"},
		items: []wantItem{
			{at: "1.1", prefix: "Tập trung đôn đốc thu ngân sách", deadline: "2024-12-31", reason: ReasonYearEnd},
			{at: "1.2", prefix: "Hoàn thành hồ sơ bồi thường", deadline: "2024-11-15", reason: ReasonNamedDate},
			{at: "1.3", prefix: "Rà soát, thống kê diện tích đất công", deadline: "2024-11-30", reason: ReasonNamedMonth},
			{at: "1.4", prefix: "Thường xuyên kiểm tra, xử lý", reason: ReasonOngoing},
			{at: "2.1", prefix: "Tổ chức Ngày hội Đại đoàn kết", deadline: "2024-11-18", reason: ReasonRangeEnd, notes: []int{2}},
			{at: "2.2", prefix: "Chi trả trợ cấp", reason: ReasonOngoing},
			{at: "2.3", text: "Sửa chữa nhà văn hóa khu dân cư số 3 khi được cấp trên bố trí kinh phí.",
				reason: ReasonConditional, condition: "khi được cấp trên bố trí kinh phí", notes: []int{3}},
			{at: "2.4", prefix: "Tiếp tục rà soát hộ nghèo", deadline: "2024-11-30", reason: ReasonMonthEnd},
			{at: "3.1", prefix: "Duy trì nghiêm chế độ trực", reason: ReasonOngoing},
			{at: "3.2", prefix: "Chuẩn bị hồ sơ tuyển chọn", deadline: "2024-11-20", reason: ReasonNamedDate},
			{at: "4.1", prefix: "Tổ chức hội nghị sơ kết", deadline: "2024-12-31", reason: ReasonQuarterEnd},
			{at: "4.2", prefix: "Các chi bộ tổ chức kiểm điểm", deadline: "2024-11-30", reason: ReasonNamedDate},
			{at: "4.3", prefix: "Văn phòng Đảng ủy thường xuyên", reason: ReasonOngoing},
		},
		unplaced: []string{"Trên cơ sở kết quả đạt được, Đảng ủy xác định các nhiệm vụ trọng tâm trong tháng như sau:"},
	},
	{
		// "1.1." items, Word outline numbering in the .docx; the summary
		// names the meeting, so the target month comes from section II.
		file: "nghi-quyet-phu-loc-thuong-2024-12.txt",
		docx: docxtest.Options{Bullets: docxtest.WordNumbering, Outline: true},
		header: Document{SuperiorBody: "ĐẢNG BỘ HUYỆN NGÂN GIANG", IssuingBody: "ĐẢNG ỦY XÃ PHÚ LỘC THƯỢNG",
			Number: Number{Raw: "52-NQ/ĐU", Number: "52", TypeCode: "NQ", IssuerCode: "ĐU"}, Place: "Phú Lộc Thượng", Date: "2024-11-26",
			Summary: "Hội nghị Ban Chấp hành Đảng bộ xã tháng 11 năm 2024", TargetMonth: "2024-12", TargetMonthFrom: TargetFromTasksHeading,
			TasksHeading: "Phương hướng nhiệm vụ tháng 12/2024",
			Signer:       Signer{Titles: []string{"T/M ĐẢNG ỦY", "BÍ THƯ"}, Name: "Phạm Thị Thu Trang"},
			Recipients:   []string{"Huyện ủy (b/c)", "Các chi bộ trực thuộc", "Lưu VP"}},
		review:    []int{2, 1, 1},
		tasks:     []int{4, 4, 3, 3},
		titles:    []string{"Kinh tế - nông nghiệp", "Văn hóa - xã hội", "Quốc phòng - an ninh", "Xây dựng Đảng, chính quyền"},
		areaNotes: map[int][]int{2: {2}},
		items: []wantItem{
			{at: "1.1", prefix: "Chỉ đạo chăm sóc, phòng trừ sâu bệnh", deadline: "2024-12-31", reason: ReasonMonthEnd},
			{at: "1.2", text: "Hoàn thành quyết toán các công trình xây dựng cơ bản năm 2024, chậm nhất ngày 20/12/2024.\n" +
				"Lưu ý các công trình giao thông nông thôn do nhân dân đóng góp.", deadline: "2024-12-20", reason: ReasonNamedDate},
			{at: "1.3", prefix: "Xây dựng kế hoạch dồn điền đổi thửa", deadline: "2025-03-31", reason: ReasonQuarterEnd},
			{at: "1.4", prefix: "Tiếp tục duy trì hoạt động", reason: ReasonOngoing},
			{at: "2.1", prefix: "Tổ chức các hoạt động mừng Đảng", deadline: "2025-01-10", reason: ReasonNamedDate},
			{at: "2.2", prefix: "Trạm Y tế định kỳ hằng tháng", reason: ReasonOngoing},
			{at: "2.3", prefix: "Hoàn thành rà soát hộ nghèo", deadline: "2024-12-31", reason: ReasonNamedMonth},
			{at: "2.4", prefix: "Nâng cấp sân thể thao", reason: ReasonConditional,
				condition: "khi có hướng dẫn của cấp trên về nguồn vốn nông thôn mới", notes: []int{3}},
			// An anniversary inside the target month leaves the month's end.
			{at: "3.1", prefix: "Tổ chức kỷ niệm 80 năm", deadline: "2024-12-31", reason: ReasonMonthEnd},
			{at: "3.3", prefix: "Công an xã tuần tra hàng tuần", reason: ReasonOngoing},
			{at: "4.1", prefix: "Tổ chức kiểm điểm", deadline: "2024-12-25", reason: ReasonNamedDate},
			{at: "4.3", prefix: "Tiếp tục thực hiện nghiêm Quy định 144-QĐ/TW", reason: ReasonOngoing},
		},
	},
	{
		// "Về …" areas on lines of their own, one with its first task after
		// the colon; "-" tasks with "+" parts, Word bullets on two levels
		// in the .docx; a paragraph before the first area.
		file: "nghi-quyet-vinh-khe-2025-01.txt",
		docx: docxtest.Options{Bullets: docxtest.WordNumbering, SubBullets: true},
		header: Document{SuperiorBody: "ĐẢNG BỘ THÀNH PHỐ ĐÔNG LĨNH", IssuingBody: "ĐẢNG ỦY PHƯỜNG VĨNH KHÊ",
			Number: Number{Raw: "61-NQ/ĐU", Number: "61", TypeCode: "NQ", IssuerCode: "ĐU"}, Place: "Vĩnh Khê", Date: "2024-12-27",
			Summary: "về phương hướng, nhiệm vụ tháng 01 năm 2025", TargetMonth: "2025-01", TargetMonthFrom: TargetFromSummary,
			TasksHeading: "Phương hướng, nhiệm vụ tháng 01 năm 2025",
			Signer:       Signer{Titles: []string{"T/M ĐẢNG ỦY", "BÍ THƯ"}, Name: "Nguyễn Hữu Thành"},
			Recipients:   []string{"Thành ủy (b/c)", "Các chi bộ trực thuộc", "Lưu VP"}},
		review: []int{2, 1, 1},
		tasks:  []int{4, 4, 3, 3},
		titles: []string{"Về kinh tế", "Về văn hóa - xã hội", "Về quốc phòng, an ninh", "Về công tác xây dựng Đảng"},
		items: []wantItem{
			{at: "1.1", text: "Tổ chức khởi công các công trình chỉnh trang đô thị năm 2025, gồm:\n" +
				"Nâng cấp tuyến đường Lê Quý Đôn đoạn qua tổ dân phố 4;\n" +
				"Cải tạo hệ thống thoát nước khu dân cư Bắc Khê.", deadline: "2025-01-31", reason: ReasonMonthEnd, notes: []int{2}},
			{at: "1.2", prefix: "Đôn đốc các hộ kinh doanh", deadline: "2025-12-31", reason: ReasonYearEnd},
			{at: "1.3", prefix: "Hoàn thành hồ sơ giao đất", deadline: "2025-01-15", reason: ReasonNamedDate},
			{at: "1.4", prefix: "Thường xuyên kiểm tra vệ sinh", reason: ReasonOngoing},
			{at: "2.1", prefix: "Tổ chức các hoạt động mừng Đảng, mừng Xuân Ất Tỵ năm 2025:\nThăm, tặng quà", deadline: "2025-01-31", reason: ReasonMonthEnd},
			{at: "2.2", prefix: "Tổ chức Hội báo Xuân", deadline: "2025-02-02", reason: ReasonRangeEnd},
			{at: "2.3", prefix: "Xây dựng nhà văn hóa tổ dân phố 7", reason: ReasonConditional,
				condition: "sau khi được phê duyệt chủ trương đầu tư", notes: []int{3}},
			{at: "2.4", prefix: "Trạm Y tế duy trì", reason: ReasonOngoing},
			{at: "3.1", text: "Duy trì nghiêm chế độ trực sẵn sàng chiến đấu, bảo vệ an toàn các ngày lễ, Tết.", reason: ReasonOngoing},
			{at: "3.2", prefix: "Tổ chức lễ giao nhận quân", deadline: "2025-01-31", reason: ReasonMonthEnd},
			{at: "4.2", prefix: "Chuẩn bị hồ sơ kết nạp đảng viên", deadline: "2025-02-03", reason: ReasonAnniversary},
			{at: "4.3", prefix: "Các chi bộ sinh hoạt định kỳ", reason: ReasonOngoing},
		},
		unplaced: []string{"Tháng 01 năm 2025 trùng dịp Tết Nguyên đán Ất Tỵ, các chi bộ, đơn vị chủ động bố trí lực lượng, kinh phí."},
	},
	kimHoaFixture,
	{
		// Sections lettered A, B, C; Roman areas; "1." tasks with "-"
		// parts, Word bullets in the .docx.
		file: "nghi-quyet-son-thuy-tay-2025-03.txt",
		docx: docxtest.Options{Bullets: docxtest.WordNumbering},
		header: Document{SuperiorBody: "ĐẢNG BỘ HUYỆN LAM ĐIỀN", IssuingBody: "ĐẢNG ỦY XÃ SƠN THỦY TÂY",
			Number: Number{Raw: "08-NQ/ĐU", Number: "08", TypeCode: "NQ", IssuerCode: "ĐU"}, Place: "Sơn Thủy Tây", Date: "2025-02-24",
			Summary: "về nhiệm vụ tháng 3 năm 2025", TargetMonth: "2025-03", TargetMonthFrom: TargetFromSummary,
			TasksHeading: "PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 3 NĂM 2025",
			Signer:       Signer{Titles: []string{"T/M ĐẢNG ỦY", "PHÓ BÍ THƯ"}, Name: "Hoàng Văn Sơn"},
			Recipients:   []string{"Huyện ủy (b/c)", "Các chi bộ trực thuộc", "Lưu VP"}},
		review: []int{2, 1, 1},
		tasks:  []int{4, 4, 3, 3},
		titles: []string{"KINH TẾ", "VĂN HÓA - XÃ HỘI", "QUỐC PHÒNG - AN NINH", "XÂY DỰNG ĐẢNG"},
		items: []wantItem{
			{at: "1.1", prefix: "Chỉ đạo chăm sóc lúa đông xuân", reason: ReasonOngoing},
			{at: "1.2", text: "Tổ chức Tết trồng cây “Đời đời nhớ ơn Bác Hồ” xuân Ất Tỵ:\nTrồng 2.000 cây phân tán tại các thôn;\n" +
				"Trồng 3 ha rừng tập trung tại đồi Cồn Mây.", deadline: "2025-03-31", reason: ReasonMonthEnd},
			{at: "1.3", prefix: "Hoàn thành kê khai", deadline: "2025-03-20", reason: ReasonNamedDate},
			{at: "1.4", prefix: "Giải ngân vốn đầu tư công", deadline: "2025-03-31", reason: ReasonQuarterEnd, notes: []int{2}},
			{at: "2.1", prefix: "Kỷ niệm 94 năm", deadline: "2025-03-31", reason: ReasonMonthEnd},
			{at: "2.2", prefix: "Xây dựng trường Tiểu học", reason: ReasonConditional, condition: "khi có chủ trương của cấp trên"},
			{at: "2.3", prefix: "Trạm Y tế tổ chức tiêm", deadline: "2025-03-15", reason: ReasonNamedDate},
			{at: "2.4", prefix: "Các thôn duy trì", reason: ReasonOngoing},
			{at: "3.1", prefix: "Công an xã tuần tra hằng tuần", reason: ReasonOngoing},
			{at: "3.2", prefix: "Tổ chức huấn luyện dân quân", deadline: "2025-06-30", reason: ReasonQuarterEnd},
			{at: "4.2", prefix: "Chuẩn bị văn kiện", deadline: "2025-03-31", reason: ReasonMonthEnd, notes: []int{3}},
			{at: "4.3", prefix: "Thường xuyên kiểm tra, giám sát", reason: ReasonOngoing},
		},
	},
}

// kimHoaFixture: section II is a task table with a "Ghi chú" column and
// Roman area rows, written with bars in the text and as a Word table in
// the .docx; a paragraph introduces it and one follows it.
var kimHoaFixture = styleFixture{
	file: "nghi-quyet-kim-hoa-2024-11.txt",
	docx: docxtest.Options{Bullets: docxtest.WordNumbering, Outline: true, Tables: true},
	header: Document{SuperiorBody: "ĐẢNG BỘ QUẬN THANH VÂN", IssuingBody: "ĐẢNG ỦY PHƯỜNG KIM HOA",
		Number: Number{Raw: "39-NQ/ĐU", Number: "39", TypeCode: "NQ", IssuerCode: "ĐU"}, Place: "Kim Hoa", Date: "2024-10-22",
		Summary: "lãnh đạo thực hiện nhiệm vụ tháng 11 năm 2024", TargetMonth: "2024-11", TargetMonthFrom: TargetFromSummary,
		TasksHeading: "Nhiệm vụ tháng 11",
		Signer:       Signer{Titles: []string{"T/M ĐẢNG ỦY", "BÍ THƯ"}, Name: "Đỗ Minh Tuấn"},
		Recipients:   []string{"Quận ủy (b/c)", "Các chi bộ trực thuộc", "Lưu VP"}},
	review: []int{2, 1, 1},
	tasks:  []int{5, 4, 4},
	titles: []string{"LĨNH VỰC KINH TẾ - ĐÔ THỊ", "VĂN HÓA - XÃ HỘI", "XÂY DỰNG ĐẢNG"},
	items: []wantItem{
		{at: "1.1", text: "Thu nợ đọng thuế của các hộ kinh doanh trên địa bàn", lead: "UBND phường",
			coord: []string{"Chi cục Thuế khu vực", "các tổ dân phố"}, due: "Trước 15/11/2024",
			deadline: "2024-11-15", reason: ReasonNamedDate, notes: []int{2}},
		{at: "1.2", prefix: "Lập hồ sơ cấp giấy chứng nhận", lead: "UBND phường", coord: []string{"Văn phòng Đăng ký đất đai quận"},
			due: "Trong tháng 11", deadline: "2024-11-30", reason: ReasonNamedMonth},
		{at: "1.3", prefix: "Kiểm tra, xử lý các điểm tập kết rác thải", lead: "UBND phường",
			coord: []string{"Hội Cựu chiến binh", "Đoàn Thanh niên"}, due: "Thường xuyên", reason: ReasonOngoing},
		{at: "1.4", prefix: "Cải tạo vỉa hè", lead: "UBND phường", coord: []string{"Ban Quản lý dự án quận"},
			due: "Khi được cấp kinh phí", reason: ReasonConditional, condition: "Khi được cấp kinh phí"},
		{at: "1.5", prefix: "Hoàn thành chỉ tiêu thu ngân sách", lead: "UBND phường", coord: []string{"Các ngành liên quan"},
			due: "Năm 2024", deadline: "2024-12-31", reason: ReasonYearEnd},
		{at: "2.1", prefix: "Tổ chức Ngày hội Đại đoàn kết", lead: "Ủy ban MTTQ phường", coord: []string{"Các đoàn thể", "các chi bộ"},
			due: "18/11/2024", deadline: "2024-11-18", reason: ReasonNamedDate},
		{at: "2.2", prefix: "Rà soát, cập nhật dữ liệu dân cư", lead: "Công an phường", coord: []string{"UBND phường", "Đoàn Thanh niên"},
			due: "Quý IV/2024", deadline: "2024-12-31", reason: ReasonQuarterEnd},
		// No deadline column: the text is read, and says nothing.
		{at: "2.3", prefix: "Kiểm tra an toàn thực phẩm", lead: "Trạm Y tế", coord: []string{"Các trường"},
			deadline: "2024-11-30", reason: ReasonMonthEnd},
		{at: "2.4", prefix: "Vận động ủng hộ Quỹ", lead: "Ủy ban MTTQ phường", coord: []string{"Các đoàn thể"},
			due: "Từ 17/10/2024 đến 18/11/2024", deadline: "2024-11-18", reason: ReasonNamedDate},
		{at: "3.1", text: "Kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2024\nGhi chú: Chi bộ khu phố 2 báo cáo riêng",
			lead: "Các chi bộ trực thuộc", coord: []string{"Ủy ban Kiểm tra Đảng ủy"},
			due: "Chậm nhất ngày 30/11/2024", deadline: "2024-11-30", reason: ReasonNamedDate},
		{at: "3.2", prefix: "Chuẩn bị nhân sự đại hội chi bộ", lead: "Ban Tổ chức Đảng ủy", coord: []string{"Các chi bộ"},
			due: "Tháng 12/2024", deadline: "2024-12-31", reason: ReasonNamedMonth},
		{at: "3.3", prefix: "Duy trì sinh hoạt chi bộ", lead: "Các chi bộ trực thuộc", due: "Hằng tháng", reason: ReasonOngoing},
		{at: "3.4", prefix: "Kiểm tra chi bộ khu phố 5", lead: "Ủy ban Kiểm tra Đảng ủy", coord: []string{"Văn phòng Đảng ủy"},
			due: "Trước ngày 25/11", deadline: "2024-11-25", reason: ReasonNamedDate},
	},
	unplaced: []string{
		"Đảng ủy giao nhiệm vụ cụ thể như sau:",
		"Đơn vị chủ trì báo cáo kết quả về Văn phòng Đảng ủy trước ngày 25 hằng tháng.",
	},
}
