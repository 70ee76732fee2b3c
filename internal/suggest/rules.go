package suggest

// keywordRule is rule 2 of DOMAIN.md §6: words that tell whose work an
// item is. The first role the committee has a unit for takes it; a rule
// whose roles are all missing does not fire.
type keywordRule struct {
	phrases []phrase
	roles   []role
	// inspection items are followed up by the UBKT instead of the office.
	inspection bool
}

// keywordRules are matched on folded words, whole words only, anywhere in
// the item. Keep each phrase specific: a bare "kiểm tra" is also a check of
// equipment (5.2 of the sample), so the UBKT needs "kiểm tra, giám sát" or
// "… đảng viên".
var keywordRules = []keywordRule{
	{phrases: phrasesOf("NVQS", "nghĩa vụ quân sự", "nhập ngũ", "tuyển quân", "dân quân tự vệ", "dân quân"),
		roles: []role{roleQuanSu}},
	{phrases: phrasesOf("PCTT", "TKCN", "phòng chống thiên tai", "phòng, chống thiên tai", "tìm kiếm cứu nạn"),
		roles: []role{rolePCTT, roleQuanSu}},
	{phrases: phrasesOf("tuần tra", "an ninh trật tự", "ANTT", "ANCT", "an ninh chính trị", "TTATXH",
		"trật tự an toàn xã hội", "ATGT", "an toàn giao thông", "BVDP", "bảo vệ dân phố"),
		roles: []role{roleCongAn}},
	{phrases: phrasesOf("kiểm tra, giám sát", "kiểm tra đảng viên", "giám sát đảng viên", "UBKT",
		"Ủy ban Kiểm tra", "kỷ luật đảng", "kỷ luật đảng viên"),
		roles: []role{roleUBKT}, inspection: true},
	{phrases: phrasesOf("phát triển đảng viên", "kết nạp đảng viên", "kết nạp Đảng", "sinh hoạt chi bộ",
		"Huy hiệu Đảng", "chuyển sinh hoạt đảng"),
		roles: []role{roleVP}},
	{phrases: phrasesOf("khám chữa bệnh", "khám, chữa bệnh", "khám bệnh", "tiêm chủng", "tiêm vắc xin",
		"tiêm vacxin", "cách ly", "y tế dự phòng"),
		roles: []role{roleYTe}},
	{phrases: phrasesOf("thủ tục hành chính", "TTHC", "một cửa", "TN&TKQ", "tiếp nhận và trả kết quả",
		"dịch vụ công", "cải cách hành chính", "CCHC"),
		roles: []role{roleUBND}},
	{phrases: phrasesOf("đất đai", "sử dụng đất", "GPMB", "giải phóng mặt bằng", "ngân sách",
		"xây dựng cơ bản", "quyết toán", "quy hoạch", "đầu tư công"),
		roles: []role{roleUBND}},
	{phrases: phrasesOf("đài truyền thanh", "hệ thống truyền thanh"),
		roles: []role{roleUBND}},
	// Universal education is run by the ward's steering committee under
	// the UBND, not by the schools (DOMAIN.md §6: 2.1 has two leads).
	{phrases: phrasesOf("PCGD", "PCGD-XMC", "phổ cập giáo dục"),
		roles: []role{roleUBND}},
	{phrases: phrasesOf("chế độ chính sách", "hộ nghèo", "hộ cận nghèo", "người có công", "bảo trợ xã hội"),
		roles: []role{roleUBND}},
}

// category is what an area is about, for rule 3 (area defaults).
type category struct {
	name    string
	phrases []phrase
	roles   []role
}

// categories are tried in order: the Front before culture-society
// ("chính trị - xã hội" is not "văn hóa xã hội"), the economy before
// culture-society ("kinh tế - xã hội" is the economy).
var categories = []category{
	{"mặt trận, đoàn thể", phrasesOf("Mặt trận", "đoàn thể", "MTTQ"), []role{roleMTTQ}},
	{"xây dựng Đảng", phrasesOf("xây dựng Đảng", "tổ chức đảng", "công tác Đảng", "kiểm tra, giám sát"), []role{roleVP}},
	{"quốc phòng, an ninh", phrasesOf("quốc phòng", "an ninh", "quân sự"), []role{roleCongAn}},
	{"phòng, chống dịch", phrasesOf("dịch bệnh", "Covid", "phòng chống dịch", "phòng, chống dịch"), []role{roleUBND}},
	{"cải cách hành chính", phrasesOf("cải cách hành chính", "CCHC"), []role{roleUBND}},
	{"kinh tế", phrasesOf("kinh tế"), []role{roleUBND}},
	{"văn hóa - xã hội", phrasesOf("văn hóa", "xã hội", "giáo dục", "y tế"), []role{roleUBND}},
}

// categoryOf classifies an area by its title (or, failing that, by the
// name of the committee's area it matched).
func categoryOf(titles ...string) (category, bool) {
	for _, t := range titles {
		toks := tokenize(t)
		for _, c := range categories {
			for _, p := range c.phrases {
				if find(toks, p, 0) >= 0 {
					return c, true
				}
			}
		}
	}
	return category{}, false
}
