package demo

// Last month, so that a new user sees a month that has ended: its review
// and carry-over report have content, and this month starts with the
// tasks carried in. The loader replays each task on the days given (with a
// clock set in last month), accepts or cancels it, then closes the month
// the way a leader's "Kết thúc tháng" does, which carries the rest over.

// Outcome is how a task of last month ended.
type Outcome int

const (
	Carried    Outcome = iota // unfinished at month end: carried into this month
	DoneOnTime                // accepted on or before its deadline
	DoneLate                  // accepted after its deadline
	Cancelled                 // dropped by the leadership
)

// PastTask is one task of last month with its story.
type PastTask struct {
	Task
	// ReportDays are the days of last month the Reports were made on.
	ReportDays []int
	Outcome    Outcome
	// EndDay is the day it was accepted or cancelled (DoneOnTime,
	// DoneLate, Cancelled), with EndNote as the leader's remark.
	EndDay  int
	EndNote string
}

// PreviousTasks are last month's tasks: some done on time, some late, one
// cancelled, the rest carried over.
var PreviousTasks = []PastTask{
	{
		Task: Task{
			Area: areaEconomy,
			Text: "UBND phường hoàn thành thu thuế sử dụng đất phi nông nghiệp năm nay; công khai danh sách hộ còn nợ tại nhà văn hóa các TDP.",
			Lead: UBND, Coordinating: []string{CBThuongDien, CBHaDien}, FollowUp: VP, DeadlineDay: 25,
			State: awaiting, Percent: 100,
			Reports: []Report{
				{UBND, 60, inProgress, "Đã thu 412/530 hộ, đạt 77,7% số thuế phải thu; đã niêm yết danh sách hộ còn nợ tại 8 nhà văn hóa."},
				{UBND, 100, awaiting, "Hoàn thành thu thuế sử dụng đất phi nông nghiệp: 530/530 hộ, số thu 286.400.000 đồng, đạt 101,3% kế hoạch."},
			},
		},
		ReportDays: []int{12, 23}, Outcome: DoneOnTime, EndDay: 24, EndNote: "Thường trực Đảng ủy ghi nhận kết quả, đề nghị duy trì việc công khai.",
	},
	{
		Task: Task{
			Area: areaEconomy,
			Text: "Hội Nông dân phường phối hợp Trạm Khuyến nông hướng dẫn hội viên chăm sóc lúa mùa, phòng trừ sâu cuốn lá nhỏ trên cánh đồng Thượng Điền.",
			Lead: NongDan, Coordinating: []string{CBThuongDien}, FollowUp: KDV, DeadlineDay: 15,
			State: awaiting, Percent: 100,
			Reports: []Report{
				{NongDan, 100, awaiting, "Đã tổ chức 02 lớp tập huấn cho 96 hội viên; diện tích nhiễm sâu cuốn lá dưới ngưỡng phòng trừ."},
			},
		},
		ReportDays: []int{14}, Outcome: DoneOnTime, EndDay: 15, EndNote: "",
	},
	{
		Task: Task{
			Area: areaSociety,
			Text: "Trường Tiểu học, Trường THCS Vạn Xuân tổ chức Lễ khai giảng năm học mới an toàn, tiết kiệm; rà soát, vận động 100% trẻ trong độ tuổi ra lớp.",
			Lead: THCS, Coordinating: []string{TieuHoc, DoanTN}, FollowUp: VP, DeadlineDay: 8,
			State: awaiting, Percent: 100,
			Reports: []Report{
				{THCS, 100, awaiting, "Lễ khai giảng tổ chức ngày 05; 1.184/1.184 học sinh trong độ tuổi ra lớp, đạt 100%."},
			},
		},
		ReportDays: []int{6}, Outcome: DoneOnTime, EndDay: 7, EndNote: "",
	},
	{
		Task: Task{
			Area: areaDisease,
			Text: "Trạm Y tế phường tổ chức chiến dịch uống Vitamin A cho trẻ từ 6 đến 36 tháng tuổi tại các TDP.",
			Lead: YTe, Coordinating: []string{LHPN}, FollowUp: VP, DeadlineDay: 10,
			State: awaiting, Percent: 100,
			Reports: []Report{
				{YTe, 100, awaiting, "Đã cho 1.036/1.052 trẻ uống Vitamin A, đạt 98,5%; 16 trẻ vắng mặt được hẹn uống bù."},
			},
		},
		ReportDays: []int{9}, Outcome: DoneOnTime, EndDay: 10, EndNote: "",
	},
	{
		Task: Task{
			Area: areaAdminReform,
			Text: "Văn phòng Đảng ủy cập nhật, số hóa hồ sơ đảng viên vào Cơ sở dữ liệu đảng viên; hoàn thành trước ngày 20.",
			Lead: VP, Coordinating: []string{CBCoQuan}, FollowUp: UBKT, DeadlineDay: 20,
			State: awaiting, Percent: 100,
			Reports: []Report{
				{VP, 70, inProgress, "Đã số hóa 318/452 hồ sơ; còn lại hồ sơ của 3 chi bộ khu dân cư chưa nộp bản sao lý lịch."},
				{VP, 100, awaiting, "Hoàn thành cập nhật 452/452 hồ sơ đảng viên vào cơ sở dữ liệu."},
			},
		},
		ReportDays: []int{18, 26}, Outcome: DoneLate, EndDay: 27, EndNote: "Hoàn thành chậm 7 ngày so với thời hạn; đề nghị rút kinh nghiệm.",
	},
	{
		Task: Task{
			Area: areaDefence,
			Text: "Ban Chỉ huy Quân sự phường hoàn thành đăng ký nghĩa vụ quân sự lần hai cho nam công dân đủ 17 tuổi.",
			Lead: QuanSu, Coordinating: []string{CongAn, DoanTN}, FollowUp: VP, DeadlineDay: 15,
			State: awaiting, Percent: 100,
			Reports: []Report{
				{QuanSu, 100, awaiting, "Đã đăng ký cho 41/41 công dân nam đủ 17 tuổi; lập danh sách báo cáo Ban Chỉ huy Quân sự thành phố."},
			},
		},
		ReportDays: []int{19}, Outcome: DoneLate, EndDay: 20, EndNote: "",
	},
	{
		Task: Task{
			Area: areaFront,
			Text: "UBMTTQVN phường tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại TDP Xóm Mới làm điểm.",
			Lead: MTTQ, Coordinating: []string{CBXomMoi}, FollowUp: KDV, DeadlineDay: 18,
			State: notStarted,
		},
		Outcome: Cancelled, EndDay: 16, EndNote: "Ngày hội chuyển sang tổ chức chung với toàn thành phố theo kế hoạch của Ủy ban MTTQ thành phố.",
	},
	{
		Task: Task{
			Area: areaEconomy,
			Text: "Hoàn thành cải tạo, nâng cấp tuyến mương thoát nước TDP Hạ Điền; bàn giao cho TDP quản lý, vận hành.",
			Lead: UBND, Coordinating: []string{CBHaDien}, FollowUp: VP, DeadlineDay: LastDay,
			State: inProgress, Percent: 70,
			Reports: []Report{
				{UBND, 40, inProgress, "Đơn vị thi công đã hoàn thành 210/480 m mương; vướng 3 hộ chưa tháo dỡ công trình phụ lấn chiếm."},
				{UBND, 70, inProgress, "Đã vận động 2/3 hộ tháo dỡ; thi công đạt 340/480 m."},
			},
		},
		ReportDays: []int{13, 27}, Outcome: Carried,
	},
	{
		Task: Task{
			Area: areaParty,
			Text: "Ủy ban Kiểm tra Đảng ủy kiểm tra việc thực hiện nhiệm vụ của cấp ủy viên tại Chi bộ TDP Phú Lợi 1 và Chi bộ TDP Đồng Tâm.",
			Lead: UBKT, Coordinating: []string{CBPhuLoi1, CBDongTam}, FollowUp: VP, DeadlineDay: LastDay,
			State: awaiting, Percent: 100,
			Reports: []Report{
				{UBKT, 50, inProgress, "Đã kiểm tra xong tại Chi bộ TDP Phú Lợi 1; đang dự thảo báo cáo kết quả."},
				{UBKT, 100, awaiting, "Đã kiểm tra xong tại 2 chi bộ; dự thảo thông báo kết luận trình Ban Thường vụ."},
			},
		},
		ReportDays: []int{15, 28}, Outcome: Carried,
	},
	{
		Task: Task{
			Area: areaSociety,
			Text: "Hội LHPN phường vận động hội viên đăng ký mô hình “Nhà sạch, vườn đẹp” tại các chi hội; tổng hợp danh sách hộ đăng ký.",
			Lead: LHPN, FollowUp: KDV, DeadlineDay: 25,
			State: notStarted,
		},
		Outcome: Carried,
	},
}
