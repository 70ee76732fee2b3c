package demo

import "github.com/theodoi/theodoi/models"

// Areas, as indexes into models.DefaultAreas.
const (
	areaEconomy = iota
	areaSociety
	areaAdminReform
	areaDisease
	areaDefence
	areaFront
	areaParty
)

const (
	notStarted = models.StateNotStarted
	inProgress = models.StateInProgress
	awaiting   = models.StateAwaiting
	paused     = models.StatePaused
)

// Tasks are section II of the month's resolution: about thirty bullets under
// the seven default areas, some already under way.
var Tasks = []Task{
	// 1. Về kinh tế
	{
		Area:      areaEconomy,
		Continues: true,
		Text: "Tiếp tục rà soát, giải quyết dứt điểm các hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất còn tồn đọng; " +
			"công khai danh sách hồ sơ chưa đủ điều kiện và hướng dẫn người dân bổ sung giấy tờ.",
		Lead: UBND, FollowUp: VP, DeadlineDay: LastDay,
		State: inProgress, Percent: 40,
		Reports: []Report{
			{UBND, 40, inProgress, "Đã rà soát 57 hồ sơ tồn đọng: 21 hồ sơ đủ điều kiện đã chuyển Chi nhánh Văn phòng đăng ký đất đai; 36 hồ sơ đang hướng dẫn bổ sung."},
		},
	},
	{
		Area: areaEconomy,
		Text: "Phối hợp Ban Quản lý dự án thành phố đẩy nhanh công tác GPMB tuyến đường Vành đai Bắc đoạn qua TDP Bến Đò và TDP Kênh Giữa; " +
			"tổ chức đối thoại với các hộ chưa thống nhất phương án bồi thường, hỗ trợ.",
		Lead: UBND, Coordinating: []string{MTTQ, CBBenDo, CBKenhGiua}, FollowUp: VP, DeadlineDay: 20,
		State: inProgress, Percent: 60,
		Reports: []Report{
			{UBND, 30, inProgress, "Đã tổ chức 02 buổi đối thoại với 11 hộ; 07 hộ đồng ý nhận tiền bồi thường và ký biên bản bàn giao mặt bằng."},
			{CBBenDo, 60, inProgress, "Chi bộ phân công đảng viên đến từng nhà vận động 04 hộ còn lại; thêm 02 hộ đã bàn giao mặt bằng."},
		},
	},
	{
		Area: areaEconomy,
		Text: "Đôn đốc thu ngân sách nhà nước trên địa bàn, tập trung thu thuế sử dụng đất phi nông nghiệp và xử lý nợ đọng thuế của hộ kinh doanh; " +
			"phấn đấu thu vượt dự toán được giao.",
		Lead: UBND, FollowUp: VP, DeadlineDay: LastDay,
		State: inProgress, Percent: 55,
		Reports: []Report{
			{UBND, 55, inProgress, "Lũy kế thu ngân sách đạt 78,4% dự toán; đã gửi thông báo nợ thuế đến 46 hộ kinh doanh, thu hồi được 112.500.000 đồng."},
		},
	},
	{
		Area: areaEconomy,
		Text: "Ra quân kiểm tra, xử lý các trường hợp lấn chiếm vỉa hè, lòng đường và xây dựng không phép trên các tuyến đường chính; " +
			"thông báo kết quả xử lý trên Đài truyền thanh phường.",
		Lead: UBND, Coordinating: []string{CongAn}, FollowUp: VP, DeadlineDay: LastDay,
		State: notStarted,
	},
	{
		Area: areaEconomy,
		Text: "Hoàn thiện hồ sơ quyết toán các công trình bê tông hóa ngõ, hẻm do phường làm chủ đầu tư đã hoàn thành; " +
			"lập danh mục công trình đề xuất đầu tư công, trình Thường trực HĐND phường.",
		Lead: UBND, Coordinating: []string{HDND}, FollowUp: VP, DeadlineDay: LastDay,
		State: awaiting, Percent: 100,
		Reports: []Report{
			{UBND, 70, inProgress, "Đã hoàn thiện hồ sơ quyết toán 3/4 công trình; công trình ngõ 12 TDP Xóm Mới còn thiếu biên bản nghiệm thu."},
			{UBND, 100, awaiting, "Đã nộp hồ sơ quyết toán đủ 4/4 công trình; danh mục 6 công trình đề xuất đã gửi Thường trực HĐND phường."},
		},
		Accepted: "Hồ sơ quyết toán đầy đủ; Văn phòng theo dõi việc Thường trực HĐND phường xem xét danh mục đề xuất.",
	},

	// 2. Về văn hóa xã hội
	{
		Area: areaSociety,
		Text: "Các trường rà soát, cập nhật số liệu PCGD-XMC theo độ tuổi trên địa bàn; " +
			"hoàn thiện hồ sơ đề nghị công nhận phường duy trì đạt chuẩn phổ cập giáo dục.",
		Lead: THCS, Coordinating: []string{MamNon, TieuHoc, UBND}, FollowUp: VP, DeadlineDay: LastDay,
		State: inProgress, Percent: 30,
		Reports: []Report{
			{THCS, 30, inProgress, "Trường THCS đã rà soát xong độ tuổi 11 – 18; đang chờ số liệu trẻ 5 tuổi của Trường Mầm non để tổng hợp."},
		},
	},
	{
		Area: areaSociety,
		Text: "Tổ chức tiêm chủng mở rộng cho trẻ dưới 1 tuổi và tiêm nhắc cho trẻ 18 tháng tuổi đúng lịch, an toàn; " +
			"cập nhật đầy đủ thông tin tiêm chủng lên hệ thống quản lý tiêm chủng quốc gia.",
		Lead: YTe, Coordinating: []string{LHPN}, FollowUp: VP, DeadlineDay: 15,
		State: awaiting, Percent: 100,
		Reports: []Report{
			{YTe, 50, inProgress, "Buổi tiêm thứ nhất: 64/71 trẻ đến lịch đã được tiêm; 07 trẻ hoãn tiêm do sốt, hẹn tiêm bù."},
			{YTe, 100, awaiting, "Đã tiêm bù đủ 71/71 trẻ, không có trường hợp phản ứng nặng sau tiêm; dữ liệu đã cập nhật lên hệ thống."},
		},
	},
	{
		Area:      areaSociety,
		Continues: true,
		Text: "Tiếp tục chi trả trợ cấp xã hội hằng tháng cho người cao tuổi, người khuyết tật qua tài khoản ngân hàng; " +
			"hướng dẫn các đối tượng chưa có tài khoản mở tài khoản để nhận trợ cấp.",
		Lead: UBND, Coordinating: []string{MTTQ}, FollowUp: VP, DeadlineDay: LastDay,
		State: inProgress, Percent: 70,
		Reports: []Report{
			{UBND, 70, inProgress, "Đã chi trả qua tài khoản cho 312/355 đối tượng (đạt 87,9%); 43 người cao tuổi chưa có tài khoản, đang hướng dẫn qua các tổ dân phố."},
		},
	},
	{
		Area: areaSociety,
		Text: "Duy trì hoạt động của Đài truyền thanh phường; tăng thời lượng tuyên truyền về phòng cháy, chữa cháy, " +
			"an toàn giao thông và chuyển đổi số đến các khu dân cư.",
		Lead: UBND, FollowUp: VP, DeadlineDay: NoDeadline,
		State: inProgress, Percent: 50,
		Reports: []Report{
			{UBND, 50, inProgress, "Trong nửa đầu tháng đã phát 24 bản tin, trong đó 6 bản tin chuyên đề về phòng cháy, chữa cháy nhà ở kết hợp kinh doanh."},
		},
	},
	{
		Area: areaSociety,
		Text: "Rà soát hộ nghèo, hộ cận nghèo phát sinh; lập danh sách hộ có nhà ở xuống cấp đề nghị hỗ trợ sửa chữa " +
			"khi được thành phố phân bổ kinh phí.",
		Lead: UBND, Coordinating: []string{MTTQ, LHPN}, FollowUp: VP, DeadlineDay: LastDay,
		State: paused, Percent: 20,
		Reports: []Report{
			{UBND, 20, inProgress, "Đã lập danh sách 09 hộ có nhà ở xuống cấp, trong đó 03 hộ có nguy cơ mất an toàn khi mưa lớn."},
			{UBND, 20, paused, "Tạm dừng, chờ kinh phí: thành phố chưa phân bổ nguồn hỗ trợ sửa chữa nhà ở; phường đã có văn bản đề nghị."},
		},
	},
	{
		Area: areaSociety,
		Text: "Tổ chức Ngày hội đọc sách cho học sinh tiểu học; vận động phụ huynh và các nhà hảo tâm ủng hộ sách cho thư viện thân thiện của nhà trường.",
		Lead: TieuHoc, Coordinating: []string{DoanTN}, FollowUp: VP, DeadlineDay: LastDay,
		State: notStarted,
	},

	// 3. Công tác cải cách hành chính
	{
		Area:      areaAdminReform,
		Continues: true,
		Text: "Tiếp tục tiếp nhận, giải quyết TTHC trên Cổng Dịch vụ công quốc gia; bảo đảm tỷ lệ hồ sơ giải quyết đúng hạn trên 98%, " +
			"không để hồ sơ trễ hạn do nguyên nhân chủ quan.",
		Lead: UBND, FollowUp: VP, DeadlineDay: NoDeadline,
		State: inProgress, Percent: 60,
		Reports: []Report{
			{UBND, 60, inProgress, "Bộ phận TN&TKQ tiếp nhận 418 hồ sơ, đã giải quyết đúng hạn 412 hồ sơ (98,6%); 06 hồ sơ đang trong hạn xử lý."},
		},
	},
	{
		Area: areaAdminReform,
		Text: "Rà soát, niêm yết công khai đầy đủ các TTHC mới được công bố tại Bộ phận TN&TKQ và trên trang thông tin điện tử của phường; " +
			"gỡ bỏ các thủ tục đã hết hiệu lực.",
		Lead: UBND, FollowUp: VP, DeadlineDay: 10,
		State: awaiting, Percent: 100,
		Reports: []Report{
			{UBND, 100, awaiting, "Đã niêm yết 126 thủ tục đang có hiệu lực, thay thế 14 thủ tục đã bị bãi bỏ; cập nhật đồng bộ trên trang thông tin điện tử."},
		},
	},
	{
		Area: areaAdminReform,
		Text: "Hướng dẫn cán bộ, công chức sử dụng thành thạo hệ thống quản lý văn bản và chữ ký số; " +
			"bảo đảm 100% văn bản đi (trừ văn bản mật) được ký số và gửi trên môi trường điện tử.",
		Lead: UBND, Coordinating: []string{VP}, DeadlineDay: LastDay,
		State: notStarted,
	},
	{
		Area: areaAdminReform,
		Text: "Đoàn TN phường duy trì tổ thanh niên tình nguyện hỗ trợ người dân kích hoạt tài khoản định danh điện tử VNeID " +
			"và nộp hồ sơ trực tuyến tại Bộ phận TN&TKQ.",
		Lead: DoanTN, Coordinating: []string{CongAn, UBND}, FollowUp: KDV, DeadlineDay: LastDay,
		State: inProgress, Percent: 35,
		Reports: []Report{
			{DoanTN, 35, inProgress, "Tổ tình nguyện gồm 12 đoàn viên trực sáng thứ Ba và thứ Năm hằng tuần; đã hỗ trợ 86 lượt người dân."},
		},
	},

	// 4. Công tác phòng, chống dịch bệnh
	{
		Area: areaDisease,
		Text: "Tổ chức chiến dịch diệt lăng quăng, bọ gậy phòng chống sốt xuất huyết tại các khu dân cư; " +
			"giám sát chặt chẽ, xử lý kịp thời các ổ dịch mới phát sinh.",
		Lead: YTe, Coordinating: []string{UBND, DoanTN, LHPN}, FollowUp: VP, DeadlineDay: 15,
		State: inProgress, Percent: 50,
		Reports: []Report{
			{YTe, 50, inProgress, "Đã ra quân tại 5/8 tổ dân phố; phát hiện và xử lý 01 ổ dịch nhỏ tại TDP Xóm Mới (02 ca mắc, đã điều trị ổn định)."},
		},
	},
	{
		Area:      areaDisease,
		Continues: true,
		Text: "Tiếp tục theo dõi các trường hợp trẻ mắc bệnh tay chân miệng; hướng dẫn các nhóm trẻ, lớp mẫu giáo " +
			"vệ sinh, khử khuẩn đồ chơi và phòng học hằng ngày.",
		Lead: YTe, Coordinating: []string{MamNon}, FollowUp: VP, DeadlineDay: LastDay,
		State: notStarted,
	},
	{
		Area: areaDisease,
		Text: "Kiểm tra điều kiện an toàn thực phẩm tại bếp ăn tập thể của các trường và các cơ sở kinh doanh dịch vụ ăn uống trên địa bàn.",
		Lead: UBND, Coordinating: []string{YTe}, FollowUp: VP, DeadlineDay: LastDay,
		State: notStarted,
	},

	// 5. Công tác quốc phòng an ninh
	{
		Area: areaDefence,
		Text: "Tổ chức tuần tra, kiểm soát địa bàn vào ban đêm, nhất là các tuyến đường ven sông và nơi tập trung đông người; " +
			"ngăn chặn tình trạng đua xe trái phép, tụ tập gây mất ANTT.",
		Lead: CongAn, Coordinating: []string{QuanSu}, FollowUp: VP, DeadlineDay: NoDeadline,
		State: inProgress, Percent: 50,
		Reports: []Report{
			{CongAn, 50, inProgress, "Đã tổ chức 18 ca tuần tra đêm; lập biên bản 03 nhóm thanh thiếu niên tụ tập gây mất trật tự, mời gia đình đến phối hợp quản lý."},
		},
	},
	{
		Area: areaDefence,
		Text: "Rà soát, đăng ký NVQS cho nam công dân đủ 17 tuổi; chuẩn bị hồ sơ sơ tuyển và kế hoạch khám sức khỏe " +
			"cho công dân trong độ tuổi gọi nhập ngũ.",
		Lead: QuanSu, Coordinating: []string{CongAn, YTe}, FollowUp: VP, DeadlineDay: LastDay,
		State: inProgress, Percent: 25,
		Reports: []Report{
			{QuanSu, 25, inProgress, "Đã lập danh sách 94 nam công dân trong độ tuổi; đang đối chiếu với dữ liệu dân cư của Công an phường."},
		},
	},
	{
		Area: areaDefence,
		Text: "Kiện toàn lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở tại các tổ dân phố; tổ chức bồi dưỡng kiến thức, " +
			"kỹ năng cho các thành viên mới được bổ sung.",
		Lead: CongAn, Coordinating: []string{UBND}, FollowUp: VP, DeadlineDay: LastDay,
		State: notStarted,
	},
	{
		Area: areaDefence,
		Text: "Tuyên truyền, vận động nhân dân giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ; kiểm tra các cơ sở kinh doanh " +
			"ngành nghề có điều kiện về an ninh, trật tự.",
		Lead: CongAn, Coordinating: []string{MTTQ}, FollowUp: VP, DeadlineDay: LastDay,
		State: notStarted,
	},
	{
		Area: areaDefence,
		Text: "Kiểm tra, bảo dưỡng phương tiện phòng cháy, chữa cháy và cứu nạn, cứu hộ; tổ chức diễn tập phương án chữa cháy tại chợ Vạn Xuân.",
		Lead: CongAn, Coordinating: []string{QuanSu, UBND}, FollowUp: VP, DeadlineDay: 25,
		State: paused,
		Reports: []Report{
			{CongAn, 0, paused, "Tạm dừng diễn tập, chờ kinh phí thay thế 40 bình chữa cháy đã hết hạn; đã đề nghị UBND phường bổ sung dự toán."},
		},
	},

	// 6. Hoạt động của Mặt trận, các đoàn thể chính trị - xã hội
	{
		Area:      areaFront,
		Continues: true,
		Text: "Tiếp tục vận động ủng hộ Quỹ “Vì người nghèo” của phường; phối hợp các đoàn thể thăm hỏi, tặng quà hộ nghèo " +
			"và người có hoàn cảnh đặc biệt khó khăn.",
		Lead: MTTQ, Coordinating: []string{LHPN, CCB, NongDan}, FollowUp: KDV, DeadlineDay: LastDay,
		State: inProgress, Percent: 45,
		Reports: []Report{
			{MTTQ, 20, inProgress, "Đã phát động tại 8/8 khu dân cư; tiếp nhận 28.500.000 đồng."},
			{MTTQ, 45, inProgress, "Lũy kế tiếp nhận 64.200.000 đồng; đã trao 15 suất quà, mỗi suất 500.000 đồng cho hộ nghèo."},
		},
	},
	{
		Area: areaFront,
		Text: "Hội LHPN phường duy trì mô hình “Tổ phụ nữ tiết kiệm” ở các chi hội; phối hợp Ngân hàng Chính sách xã hội " +
			"hướng dẫn hội viên vay vốn phát triển sinh kế.",
		Lead: LHPN, FollowUp: KDV, DeadlineDay: NoDeadline,
		State: inProgress, Percent: 60,
		Reports: []Report{
			{LHPN, 60, inProgress, "08 tổ tiết kiệm duy trì sinh hoạt đều đặn; 05 hội viên được hướng dẫn hoàn thiện hồ sơ vay vốn."},
		},
	},
	{
		Area: areaFront,
		Text: "Đoàn TNCS Hồ Chí Minh phường ra quân “Ngày Chủ nhật xanh”, dọn vệ sinh các tuyến đường và bờ kênh; " +
			"tổ chức sân chơi cuối tuần cho thiếu nhi tại khu dân cư.",
		Lead: DoanTN, Coordinating: []string{UBND}, FollowUp: KDV, DeadlineDay: 20,
		State: awaiting, Percent: 100,
		Reports: []Report{
			{DoanTN, 100, awaiting, "Đã ra quân với 65 đoàn viên, thanh niên; thu gom khoảng 2,5 tấn rác thải dọc bờ kênh TDP Kênh Giữa; tổ chức 02 buổi sân chơi cho 120 em."},
		},
	},
	{
		Area: areaFront,
		Text: "Hội Nông dân phường hướng dẫn hội viên chuyển đổi sang trồng rau theo hướng hữu cơ; hỗ trợ tổ hợp tác rau an toàn Đồng Tâm " +
			"đưa sản phẩm lên sàn thương mại điện tử.",
		Lead: NongDan, Coordinating: []string{UBND}, FollowUp: KDV, DeadlineDay: LastDay,
		State: notStarted,
	},
	{
		Area: areaFront,
		Text: "Hội Cựu chiến binh phường tham gia giám sát việc thực hiện dân chủ ở cơ sở; phối hợp Công an phường giúp đỡ, " +
			"giáo dục thanh thiếu niên chậm tiến tại khu dân cư.",
		Lead: CCB, Coordinating: []string{CongAn}, FollowUp: KDV, DeadlineDay: LastDay,
		State: notStarted,
	},

	// 7. Công tác tổ chức, xây dựng Đảng
	{
		Area: areaParty,
		Text: "Chi bộ TDP Thượng Điền tổ chức sinh hoạt chuyên đề về vai trò của đảng viên trong xây dựng khu dân cư văn minh; " +
			"mời đồng chí Ủy viên Ban Thường vụ phụ trách dự và góp ý.",
		Lead: CBThuongDien, FollowUp: VP, DeadlineDay: 15,
		State: notStarted,
	},
	{
		Area: areaParty,
		Text: "Ủy ban Kiểm tra Đảng ủy giám sát chuyên đề việc thực hiện nhiệm vụ đảng viên tại Chi bộ TDP Phú Lợi 2; " +
			"đôn đốc các chi bộ trực thuộc thực hiện chương trình kiểm tra, giám sát theo kế hoạch.",
		Lead: UBKT, Coordinating: []string{CBPhuLoi2}, FollowUp: VP, DeadlineDay: LastDay,
		State: inProgress, Percent: 40,
		Reports: []Report{
			{UBKT, 20, inProgress, "Đã ban hành quyết định và kế hoạch giám sát; thành lập đoàn giám sát gồm 03 đồng chí."},
			{CBPhuLoi2, 40, inProgress, "Chi ủy đã chuẩn bị báo cáo tự kiểm điểm và danh sách đảng viên theo yêu cầu của đoàn giám sát."},
		},
	},
	{
		Area:      areaParty,
		Continues: true,
		Text: "Tiếp tục quy trình phát triển đảng viên; hoàn thiện hồ sơ đề nghị kết nạp 04 quần chúng ưu tú, " +
			"trình Ban Thường vụ Đảng ủy xem xét.",
		Lead: VP, Coordinating: []string{CBTruongHoc, CBCongAn, DoanTN}, FollowUp: UBKT, DeadlineDay: LastDay,
		State: inProgress, Percent: 50,
		Reports: []Report{
			{VP, 50, inProgress, "Đã thẩm tra lý lịch 3/4 quần chúng; 01 hồ sơ đang chờ xác minh lý lịch tại nơi cư trú của gia đình."},
		},
	},
	{
		Area: areaParty,
		Text: "Đôn đốc các chi bộ trực thuộc thu, nộp đảng phí đúng quy định; tổng hợp, báo cáo tình hình thu, nộp đảng phí " +
			"của từng chi bộ.",
		Lead: VP, Coordinating: []string{CBHaDien, CBXomMoi}, FollowUp: UBKT, DeadlineDay: LastDay,
		State: notStarted,
	},
	{
		Area: areaParty,
		Text: "Đồng chí Bí thư Đảng ủy tiếp công dân định kỳ và đối thoại với nhân dân TDP Đồng Tâm về chỉnh trang đô thị; " +
			"chỉ đạo giải quyết dứt điểm các kiến nghị sau đối thoại.",
		Lead: BTV, Coordinating: []string{UBND, MTTQ, CBDongTam}, FollowUp: VP, DeadlineDay: 18,
		State: notStarted,
	},
}
