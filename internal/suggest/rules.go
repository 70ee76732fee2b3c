package suggest

import "github.com/theodoi/theodoi/models"

// Every rule the suggestions follow is a row in one of the tables of this
// file, so that a committee's administrator can read them and add a row
// without touching the code that applies them. Words are matched on
// folded keys (no accents, any case), whole words only; punctuation only
// separates words, so "PCTT-TKCN" and "PCTT – TKCN" match alike.
//
// A rule names bodies by role (what the body is), never by a committee's
// own unit names: the unit that plays a role is looked up by kind and by a
// word in its name or aliases (units.go).

// Roles: the bodies the rules speak of. label is how a reason names the
// body when the committee has no unit for it.
var (
	roleBTV = role{"Ban Thường vụ", []models.UnitKind{models.UnitPartyBody},
		phrasesOf("Thường vụ", "BTV")}
	roleVP = role{"Văn phòng Đảng ủy", []models.UnitKind{models.UnitPartyBody},
		phrasesOf("Văn phòng")}
	roleUBKT = role{"Ủy ban Kiểm tra", []models.UnitKind{models.UnitPartyBody},
		phrasesOf("UBKT", "Ủy ban Kiểm tra")}
	roleKDV = role{"Khối Dân vận", []models.UnitKind{models.UnitPartyBody},
		phrasesOf("Dân vận")}
	// roleXDD is the Party-building board of the 2025 reform: where it
	// exists it does the organisation, propaganda and mass-mobilisation
	// work the office and the Khối Dân vận did before.
	roleXDD = role{"Ban Xây dựng Đảng", []models.UnitKind{models.UnitPartyBody},
		phrasesOf("Xây dựng Đảng", "XDĐ")}
	roleUBND = role{"Ủy ban nhân dân", []models.UnitKind{models.UnitGovernment},
		phrasesOf("UBND", "Ủy ban nhân dân")}
	roleHDND = role{"HĐND", []models.UnitKind{models.UnitGovernment},
		phrasesOf("HĐND", "Hội đồng nhân dân")}
	roleCongAn = role{"Công an", []models.UnitKind{models.UnitGovernment},
		phrasesOf("Công an")}
	roleQuanSu = role{"Ban Chỉ huy Quân sự", []models.UnitKind{models.UnitGovernment},
		phrasesOf("Quân sự", "CHQS", "BCHQS")}
	roleYTe = role{"Trạm Y tế", []models.UnitKind{models.UnitGovernment},
		phrasesOf("Y tế", "TYT")}
	// rolePCTT is a standing disaster committee, when the committee keeps
	// one as a unit; otherwise its work goes to the military command.
	rolePCTT = role{"Ban Chỉ huy PCTT-TKCN", nil,
		phrasesOf("PCTT", "phòng chống thiên tai", "phòng, chống thiên tai")}
	roleMTTQ = role{"Ủy ban MTTQ", []models.UnitKind{models.UnitMassOrg},
		phrasesOf("MTTQ", "UBMTTQ", "UBMTTQVN", "Mặt trận")}
)

// Sets of units that coordinate, by kind and role.
var (
	setSchools = unitSet{label: "các trường", kinds: []models.UnitKind{models.UnitSchool}}
	setOrgs    = unitSet{label: "các đoàn thể", kinds: []models.UnitKind{models.UnitMassOrg}}
	setCells   = unitSet{label: "các chi bộ", kinds: []models.UnitKind{models.UnitPartyCell}}
	// The UBND's departments and forces; the People's Council is not one.
	setBranches       = unitSet{label: "các ban, ngành", kinds: []models.UnitKind{models.UnitGovernment}, except: []role{roleHDND}}
	setBranchesAndOrg = unitSet{label: "các ban, ngành, đoàn thể",
		kinds: []models.UnitKind{models.UnitGovernment, models.UnitMassOrg}, except: []role{roleHDND}}
	setYTe = unitSet{label: "Trạm Y tế", roles: []role{roleYTe}}
)

// groupRules are plural subjects that stand for several units ("Các
// trường…"). As the subject of an item, the body that directs the group
// leads and the members coordinate; in the middle of an item the members
// coordinate when inText is set or the text says "phối hợp".
var groupRules = []groupRule{
	{phrases: phrasesOf("Các trường", "Các trường học", "Các nhà trường"),
		notAfter: [][]string{{"hợp"}, {"đh"}, {"cđ"}, {"đại", "học"}, {"cao", "đẳng"}, {"thpt"}},
		lead:     []role{roleUBND}, members: setSchools, conf: confGroup,
		why: "UBND chỉ đạo các trường"},
	{phrases: phrasesOf("Các đoàn thể", "Các đoàn thể chính trị - xã hội", "Các đoàn thể chính trị - xã hội phường",
		"Các tổ chức chính trị - xã hội", "Các hội, đoàn thể", "Các hội đoàn thể",
		"Mặt trận các đoàn thể", "Mặt trận và các đoàn thể", "MTTQ và các đoàn thể", "MTTQ các đoàn thể",
		"UBMTTQ và các đoàn thể", "UBMTTQVN và các đoàn thể"),
		lead: []role{roleMTTQ}, members: setOrgs, conf: confGroup, inText: true,
		why: "các đoàn thể hoạt động trong Mặt trận"},
	// The Front's bloc leads even from the middle of a sentence: "phát
	// huy vai trò của cả hệ thống chính trị, nhất là khối mặt trận…".
	{phrases: phrasesOf("khối mặt trận", "khối mặt trận các đoàn thể", "khối mặt trận và các đoàn thể",
		"khối mặt trận, đoàn thể"),
		lead: []role{roleMTTQ}, members: setOrgs, conf: confBloc, anywhere: true, inText: true},
	{phrases: phrasesOf("Các chi bộ", "Các chi bộ trực thuộc", "Các chi, đảng bộ", "Các chi, đảng bộ trực thuộc",
		"Các tổ chức đảng", "Các tổ chức cơ sở đảng", "Chi ủy các chi bộ"),
		lead: []role{roleXDD, roleVP}, members: setCells, conf: confBloc, inText: true,
		why: "cơ quan tham mưu của Đảng ủy hướng dẫn, theo dõi các chi bộ"},
	{phrases: phrasesOf("Các ban, ngành", "Các ban ngành", "Các cơ quan, ban, ngành", "Các ban, ngành phường"),
		lead: []role{roleUBND}, members: setBranches, conf: confGroup, inText: true,
		why: "UBND điều hành các ban, ngành"},
	{phrases: phrasesOf("Các ban, ngành, đoàn thể", "Các ban ngành, đoàn thể", "Các ban ngành đoàn thể",
		"Các ban, ngành, đoàn thể phường", "Các cơ quan, ban, ngành, đoàn thể"),
		lead: []role{roleUBND}, members: setBranchesAndOrg, conf: confGroup, inText: true,
		why: "UBND điều hành các ban, ngành; các đoàn thể phối hợp"},
	// Residential groups are not units; the UBND directs them.
	{phrases: phrasesOf("Các tổ dân phố", "Các TDP", "Các thôn", "Các khu phố", "Các thôn, tổ dân phố",
		"Các khu dân cư"),
		lead: []role{roleUBND}, conf: confBloc,
		why: "UBND chỉ đạo các tổ dân phố, thôn"},
}

// inspectionWords are the UBKT's work; they also put a task under the
// UBKT's follow-up. A bare "kiểm tra" is also a check of equipment (5.2
// of the sample), so each phrase is specific.
var inspectionWords = phrasesOf("kiểm tra, giám sát", "kiểm tra giám sát", "kiểm tra đảng viên", "giám sát đảng viên",
	"giám sát chuyên đề", "kiểm tra chuyên đề", "kỷ luật đảng", "kỷ luật đảng viên", "thi hành kỷ luật",
	"dấu hiệu vi phạm", "kê khai tài sản", "UBKT", "Ủy ban Kiểm tra")

// keywordRules tell whose work an item is from its words (DOMAIN.md §6,
// rule 2). lead: the first role the committee has a unit for; when it has
// none, the first of standIn, with a lower confidence and a reason that
// names the missing body; a rule with neither (or none present) does not
// lead. with: units that coordinate when the rule leads, or always when
// the rule has no lead. unless: words that stop the rule. opening: the
// words count only at the start of the item ("Lãnh đạo…", after "Tiếp
// tục"). The lead is the rule with the highest confidence; two rules for
// one unit raise it to confKeywords; a tie goes to the earliest words.
var keywordRules = []keywordRule{
	// The committee's own leadership.
	{phrases: phrasesOf("Lãnh đạo", "Lãnh đạo, chỉ đạo"), opening: true,
		lead: []role{roleBTV}, standIn: []role{roleVP}, conf: confGroup,
		why: "Đảng ủy trực tiếp lãnh đạo: Ban Thường vụ chủ trì"},
	{phrases: phrasesOf("người đứng đầu cấp ủy", "Bí thư Đảng ủy", "Bí thư cấp ủy"),
		unless: phrasesOf("chính quyền"),
		lead:   []role{roleBTV}, standIn: []role{roleVP}, conf: confKeywords,
		why: "trách nhiệm của người đứng đầu cấp ủy"},
	{phrases: phrasesOf("11-QĐi/TW", "Quy định 11", "Thường trực Đảng ủy", "chỉnh đốn Đảng"),
		lead: []role{roleBTV}, standIn: []role{roleVP}, conf: confKeywords,
		why: "việc Ban Thường vụ trực tiếp lãnh đạo"},
	{phrases: inspectionWords,
		lead: []role{roleUBKT}, conf: confKeywords,
		why: "công tác kiểm tra, giám sát trong Đảng"},
	// Party organisation and propaganda: the Ban Xây dựng Đảng since 2025,
	// the office before.
	{phrases: phrasesOf("sinh hoạt chi bộ", "sinh hoạt của chi bộ", "sinh hoạt chuyên đề", "đại hội chi bộ"),
		lead: []role{roleXDD, roleVP}, with: setCells, conf: confKeyword,
		why: "các chi bộ thực hiện"},
	{phrases: phrasesOf("phát triển đảng viên", "kết nạp đảng viên", "kết nạp Đảng", "vào Đảng", "quần chúng ưu tú",
		"đảng viên dự bị", "chuyển đảng chính thức", "Huy hiệu Đảng", "chuyển sinh hoạt đảng",
		"xếp loại chất lượng", "quy hoạch cán bộ", "công tác cán bộ",
		"học tập, quán triệt", "quán triệt nghị quyết", "học tập nghị quyết"),
		lead: []role{roleXDD, roleVP}, conf: confKeyword},
	{phrases: phrasesOf("đảng phí", "tài chính đảng", "hội nghị Ban Chấp hành", "dự thảo báo cáo", "văn thư, lưu trữ"),
		lead: []role{roleVP}, conf: confKeyword},
	{phrases: phrasesOf("dân vận", "Dân vận khéo", "Quy chế dân chủ", "dân chủ ở cơ sở"),
		lead: []role{roleKDV, roleXDD}, standIn: []role{roleVP}, conf: confKeyword},

	// Front.
	{phrases: phrasesOf("Vì người nghèo", "Đại đoàn kết", "phản biện xã hội", "Cuộc vận động"),
		lead: []role{roleMTTQ}, conf: confKeyword},

	// Defence and security.
	{phrases: phrasesOf("NVQS", "nghĩa vụ quân sự", "nhập ngũ", "tuyển quân", "giao quân", "dân quân tự vệ", "dân quân",
		"hậu phương quân đội", "diễn tập chiến đấu", "quân nhân dự bị"),
		lead: []role{roleQuanSu}, conf: confKeyword},
	{phrases: phrasesOf("PCTT", "TKCN", "phòng chống thiên tai", "phòng, chống thiên tai", "tìm kiếm cứu nạn",
		"sơ tán", "ứng cứu"),
		lead: []role{rolePCTT, roleQuanSu}, conf: confKeyword},
	// Setting up a ward steering committee or council is the UBND's
	// decision, whatever the committee works on.
	{phrases: phrasesOf("kiện toàn Ban Chỉ đạo", "kiện toàn Ban Chỉ huy", "kiện toàn Hội đồng"),
		unless: phrasesOf("Đảng ủy", "cấp ủy"),
		lead:   []role{roleUBND}, conf: confKeywords,
		why: "Chủ tịch UBND quyết định thành lập, kiện toàn"},
	{phrases: phrasesOf("tuần tra", "an ninh trật tự", "ANTT", "ANCT", "an ninh chính trị", "TTATXH",
		"trật tự an toàn xã hội", "ATGT", "an toàn giao thông", "BVDP", "bảo vệ dân phố", "tội phạm", "ma túy",
		"tệ nạn xã hội", "tạm trú", "lưu trú", "tiền án", "phòng cháy", "chữa cháy", "PCCC",
		"bảo vệ an ninh Tổ quốc"),
		lead: []role{roleCongAn}, conf: confKeyword},
	{phrases: phrasesOf("Đề án 06", "định danh điện tử", "VNeID", "căn cước"),
		lead: []role{roleCongAn}, conf: confKeywords,
		why: "Công an chủ trì Đề án 06"},

	// Health.
	{phrases: phrasesOf("khám chữa bệnh", "khám, chữa bệnh", "khám bệnh", "tiêm chủng", "tiêm vắc xin",
		"tiêm vacxin", "tiêm bổ sung", "cách ly", "y tế dự phòng", "theo dõi sức khỏe", "sốt xuất huyết",
		"tay chân miệng", "bệnh truyền nhiễm", "giám sát dịch", "diệt lăng quăng"),
		lead: []role{roleYTe}, conf: confKeyword},

	// Government.
	{phrases: phrasesOf("thủ tục hành chính", "TTHC", "một cửa", "TN&TKQ", "tiếp nhận và trả kết quả",
		"dịch vụ công", "cải cách hành chính", "CCHC", "kỷ cương hành chính"),
		lead: []role{roleUBND}, conf: confKeyword},
	{phrases: phrasesOf("đất đai", "sử dụng đất", "GPMB", "giải phóng mặt bằng", "bồi thường", "đất công",
		"ngân sách", "dự toán", "thuế", "xây dựng cơ bản", "quyết toán", "quy hoạch", "đầu tư công",
		"hợp tác xã", "kinh tế tập thể", "cơ cấu cây trồng", "OCOP"),
		unless: phrasesOf("quy hoạch cán bộ", "tài chính đảng", "đảng phí"),
		lead:   []role{roleUBND}, conf: confKeyword},
	{phrases: phrasesOf("trật tự đô thị", "lấn chiếm", "vỉa hè", "trật tự xây dựng", "xây dựng trái phép",
		"chỉnh trang", "chiếu sáng công cộng", "vệ sinh môi trường", "rác thải", "tập kết rác"),
		lead: []role{roleUBND}, conf: confKeyword},
	{phrases: phrasesOf("đài truyền thanh", "hệ thống truyền thanh"),
		lead: []role{roleUBND}, conf: confKeyword},
	// Universal education is run by the ward's steering committee under
	// the UBND, not by the schools.
	{phrases: phrasesOf("PCGD", "PCGD-XMC", "phổ cập giáo dục", "khuyến học"),
		lead: []role{roleUBND}, conf: confKeyword},
	{phrases: phrasesOf("chế độ chính sách", "hộ nghèo", "hộ cận nghèo", "người có công", "gia đình chính sách",
		"bảo trợ xã hội", "trợ cấp", "bảo hiểm y tế", "giải quyết việc làm", "xuất khẩu lao động",
		"người cao tuổi", "mừng thọ", "gia đình văn hóa"),
		lead: []role{roleUBND}, conf: confKeyword},
	{phrases: phrasesOf("an toàn thực phẩm", "ATTP"),
		lead: []role{roleUBND}, with: setYTe, conf: confKeyword,
		why: "đoàn kiểm tra liên ngành của UBND"},
	{phrases: phrasesOf("thi đua, khen thưởng", "phong trào thi đua", "khen thưởng"),
		lead: []role{roleUBND}, conf: confKeyword},

	// Units that take part without leading.
	{phrases: phrasesOf("hệ thống chính trị"),
		with: setOrgs, why: "huy động cả hệ thống chính trị"},
}

// categories are what an area is about, for the area's default lead
// (DOMAIN.md §6, rule 3) and for follow-up. They are tried in order: the
// Front before culture-society ("chính trị - xã hội" is not "văn hóa xã
// hội"), the economy before culture-society ("kinh tế - xã hội").
var categories = []category{
	{catOrgs, phrasesOf("Mặt trận", "đoàn thể", "MTTQ"), []role{roleMTTQ}},
	{catParty, phrasesOf("xây dựng Đảng", "tổ chức đảng", "công tác Đảng", "kiểm tra, giám sát"), []role{roleVP, roleXDD}},
	{"quốc phòng, an ninh", phrasesOf("quốc phòng", "an ninh", "quân sự"), []role{roleCongAn}},
	{"phòng, chống dịch", phrasesOf("dịch bệnh", "Covid", "phòng chống dịch", "phòng, chống dịch"), []role{roleUBND}},
	{"phòng, chống thiên tai", phrasesOf("thiên tai", "PCTT", "bão", "lụt"), []role{rolePCTT, roleQuanSu}},
	{"cải cách hành chính", phrasesOf("cải cách hành chính", "CCHC", "chuyển đổi số"), []role{roleUBND}},
	{"kinh tế", phrasesOf("kinh tế", "đô thị", "tài nguyên", "môi trường"), []role{roleUBND}},
	{"văn hóa - xã hội", phrasesOf("văn hóa", "xã hội", "giáo dục", "y tế"), []role{roleUBND}},
	{"thi đua, khen thưởng", phrasesOf("thi đua", "khen thưởng"), []role{roleUBND}},
}

// Category names that other rules refer to.
const (
	catOrgs  = "Mặt trận, đoàn thể"
	catParty = "xây dựng Đảng"
)

// followUpScopes say who chases a task and reports to the Ban Thường vụ
// (đơn vị theo dõi, đôn đốc). A task falls in every scope whose area
// category or words it has, and in the general one last; section III of
// the resolution, when it assigns followers, comes before these defaults
// (followup.go). inSection are the words after "theo dõi" in section III
// that give a follower this scope. A unit never follows up its own task:
// the next candidate does.
var followUpScopes = []followUpScope{
	{name: "kiểm tra, giám sát", words: inspectionWords,
		inSection: phrasesOf("kiểm tra, giám sát", "kiểm tra giám sát", "công tác kiểm tra", "thi hành kỷ luật", "kỷ luật đảng"),
		followers: []role{roleUBKT}},
	{name: "Mặt trận, các đoàn thể", categories: []string{catOrgs},
		inSection: phrasesOf("Mặt trận", "MTTQ", "đoàn thể", "chính trị - xã hội", "dân vận"),
		followers: []role{roleKDV, roleXDD}},
	{name: "xây dựng Đảng", categories: []string{catParty},
		inSection: phrasesOf("xây dựng Đảng", "công tác Đảng", "tổ chức đảng", "chi bộ"),
		followers: []role{roleXDD, roleVP}},
	// The Ban Thường vụ itself is the last resort: the one every follower
	// reports to watches the office's own tasks.
	{name: "chung", general: true,
		inSection: phrasesOf("chung", "tổng hợp chung"),
		followers: []role{roleVP, roleBTV}},
}

// followVerbs open a follow-up assignment in section III ("Văn phòng,
// UBKT, Khối Dân vận Đảng ủy thường xuyên theo dõi…"); the units named
// before them follow up, up to one of recipientWords ("… giúp Ban
// Thường vụ theo dõi": the Ban Thường vụ receives, it does not follow).
var followVerbs = phrasesOf("theo dõi", "đôn đốc", "tổng hợp")

// recipientWords come before a unit that receives a report rather than
// takes part: "báo cáo Ban Thường vụ", "trình HĐND".
var recipientWords = phrasesOf("giúp", "tham mưu", "báo cáo", "trình", "xin ý kiến")

// subjectPrefixes may stand before the subject: "Tiếp tục chỉ đạo UBND
// phường…", "Đề nghị Hội CCB…", "Lãnh đạo, chỉ đạo UBND phường…".
var subjectPrefixes = phrasesOf("tiếp tục", "giao", "giao cho", "đề nghị", "yêu cầu", "chỉ đạo",
	"lãnh đạo", "lãnh đạo, chỉ đạo")

// openers may stand before an opening keyword: "Tiếp tục lãnh đạo…".
var openers = phrasesOf("tiếp tục")

// notOurs are words after a name that make it another body: "UBND tỉnh",
// "Hội LHPN tỉnh", "MTTQ Việt Nam", "Văn phòng đăng ký đất đai".
// They are compared with their accents: "tỉnh" folds like "tình".
var notOurs = [][]string{{"tỉnh"}, {"thị", "xã"}, {"thị", "ủy"}, {"thị", "uỷ"}, {"huyện"}, {"quận"},
	{"thành", "phố"}, {"thành", "ủy"}, {"thành", "uỷ"}, {"trung", "ương"}, {"tw"}, {"việt", "nam"},
	{"cấp", "trên"}, {"đăng", "ký"}}

// notAUnit are words before a name that make it an activity: "nghĩa vụ
// quân sự", "công tác dân vận".
var notAUnit = phrasesOf("nghĩa vụ", "công tác")
