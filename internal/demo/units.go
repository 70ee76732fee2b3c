package demo

import "github.com/theodoi/theodoi/models"

// Unit keys used by users and tasks.
const (
	BTV  = "btv"
	VP   = "vp"
	UBKT = "ubkt"
	KDV  = "kdv"

	CBThuongDien = "cb-thuong-dien"
	CBHaDien     = "cb-ha-dien"
	CBBenDo      = "cb-ben-do"
	CBPhuLoi1    = "cb-phu-loi-1"
	CBPhuLoi2    = "cb-phu-loi-2"
	CBDongTam    = "cb-dong-tam"
	CBXomMoi     = "cb-xom-moi"
	CBKenhGiua   = "cb-kenh-giua"
	CBCongAn     = "cb-cong-an"
	CBQuanSu     = "cb-quan-su"
	CBTruongHoc  = "cb-truong-hoc"
	CBCoQuan     = "cb-co-quan"

	UBND   = "ubnd"
	HDND   = "hdnd"
	CongAn = "cong-an"
	QuanSu = "quan-su"
	YTe    = "tram-y-te"

	MTTQ    = "mttq"
	LHPN    = "hoi-lhpn"
	DoanTN  = "doan-tn"
	NongDan = "hoi-nong-dan"
	CCB     = "hoi-ccb"
	MamNon  = "truong-mn"
	TieuHoc = "truong-th"
	THCS    = "truong-thcs"
)

const mailHost = "@" + Domain

// Units are the ward's bodies, in the order documents list them.
var Units = []Unit{
	{Key: BTV, Kind: models.UnitPartyBody, Name: "Ban Thường vụ Đảng ủy",
		Aliases: []string{"BTV Đảng ủy", "BTV", "Ban Thường vụ"},
		Emails:  []string{"thuongvu" + mailHost}},
	{Key: VP, Kind: models.UnitPartyBody, Name: "Văn phòng Đảng ủy",
		Aliases: []string{"VP", "VP Đảng ủy", "Văn phòng"},
		Emails:  []string{"vanphong" + mailHost}},
	{Key: UBKT, Kind: models.UnitPartyBody, Name: "Ủy ban Kiểm tra Đảng ủy",
		Aliases: []string{"UBKT", "UBKT Đảng ủy", "Ủy ban Kiểm tra"},
		Emails:  []string{"ubkt" + mailHost}},
	{Key: KDV, Kind: models.UnitPartyBody, Name: "Khối Dân vận",
		Aliases: []string{"Khối Dân vận Đảng ủy", "Dân vận"},
		Emails:  []string{"danvan" + mailHost}},

	cell(CBThuongDien, "Thượng Điền"),
	cell(CBHaDien, "Hạ Điền"),
	cell(CBBenDo, "Bến Đò"),
	cell(CBPhuLoi1, "Phú Lợi 1"),
	cell(CBPhuLoi2, "Phú Lợi 2"),
	cell(CBDongTam, "Đồng Tâm"),
	cell(CBXomMoi, "Xóm Mới"),
	cell(CBKenhGiua, "Kênh Giữa"),
	{Key: CBCongAn, Kind: models.UnitPartyCell, Name: "Chi bộ Công an phường",
		Emails: []string{"chibo.congan" + mailHost}},
	{Key: CBQuanSu, Kind: models.UnitPartyCell, Name: "Chi bộ Quân sự",
		Aliases: []string{"Chi bộ Quân sự phường"},
		Emails:  []string{"chibo.quansu" + mailHost}},
	{Key: CBTruongHoc, Kind: models.UnitPartyCell, Name: "Chi bộ Trường học",
		Aliases: []string{"Chi bộ các trường"},
		Emails:  []string{"chibo.truonghoc" + mailHost}},
	{Key: CBCoQuan, Kind: models.UnitPartyCell, Name: "Chi bộ Cơ quan phường",
		Aliases: []string{"Chi bộ Cơ quan", "Chi bộ Cơ quan Đảng - Chính quyền"},
		Emails:  []string{"chibo.coquan" + mailHost}},

	{Key: UBND, Kind: models.UnitGovernment, Name: "UBND phường",
		Aliases: []string{"UBND", "Ủy ban nhân dân phường", "Bộ phận TN&TKQ", "Bộ phận tiếp nhận và trả kết quả", "Bộ phận một cửa"},
		Emails:  []string{"ubnd" + mailHost, "motcua" + mailHost}},
	{Key: HDND, Kind: models.UnitGovernment, Name: "Thường trực HĐND phường",
		Aliases: []string{"TT. HĐND", "TT HĐND", "HĐND phường", "Hội đồng nhân dân phường"},
		Emails:  []string{"hdnd" + mailHost}},
	{Key: CongAn, Kind: models.UnitGovernment, Name: "Công an phường",
		Aliases: []string{"Công an", "CA phường"},
		Emails:  []string{"congan" + mailHost}},
	{Key: QuanSu, Kind: models.UnitGovernment, Name: "Ban Chỉ huy Quân sự phường",
		Aliases: []string{"Quân sự", "Ban CHQS phường", "BCHQS", "Ban Chỉ huy Quân sự"},
		Emails:  []string{"quansu" + mailHost}},
	{Key: YTe, Kind: models.UnitGovernment, Name: "Trạm Y tế phường",
		Aliases: []string{"Trạm Y tế", "TYT"},
		Emails:  []string{"tramyte" + mailHost}},

	{Key: MTTQ, Kind: models.UnitMassOrg, Name: "UBMTTQVN phường",
		Aliases: []string{"Ủy ban Mặt trận Tổ quốc Việt Nam phường", "UBMTTQVN", "UBMTTQ", "MTTQ", "Mặt trận"},
		Emails:  []string{"mattran" + mailHost}},
	{Key: LHPN, Kind: models.UnitMassOrg, Name: "Hội LHPN phường",
		Aliases: []string{"Hội Liên hiệp Phụ nữ phường", "Hội LHPN", "Hội Phụ nữ"},
		Emails:  []string{"phunu" + mailHost}},
	{Key: DoanTN, Kind: models.UnitMassOrg, Name: "Đoàn TNCS Hồ Chí Minh phường",
		Aliases: []string{"Đoàn TNCS Hồ Chí Minh", "Đoàn TN", "Đoàn thanh niên", "Đoàn phường"},
		Emails:  []string{"doanthanhnien" + mailHost}},
	{Key: NongDan, Kind: models.UnitMassOrg, Name: "Hội Nông dân phường",
		Aliases: []string{"Hội Nông dân", "HND"},
		Emails:  []string{"nongdan" + mailHost}},
	{Key: CCB, Kind: models.UnitMassOrg, Name: "Hội Cựu chiến binh phường",
		Aliases: []string{"Hội Cựu chiến binh", "Hội CCB", "CCB"},
		Emails:  []string{"cuuchienbinh" + mailHost}},

	{Key: MamNon, Kind: models.UnitSchool, Name: "Trường Mầm non Vạn Xuân",
		Aliases: []string{"Trường MN Vạn Xuân", "Trường Mầm non"},
		Emails:  []string{"mamnon" + mailHost}},
	{Key: TieuHoc, Kind: models.UnitSchool, Name: "Trường Tiểu học Vạn Xuân",
		Aliases: []string{"Trường TH Vạn Xuân", "Trường Tiểu học"},
		Emails:  []string{"tieuhoc" + mailHost}},
	{Key: THCS, Kind: models.UnitSchool, Name: "Trường THCS Vạn Xuân",
		Aliases: []string{"Trường Trung học cơ sở Vạn Xuân", "Trường THCS"},
		Emails:  []string{"thcs" + mailHost}},
}

// cell is the chi bộ of a residential group (tổ dân phố).
func cell(key, tdp string) Unit {
	return Unit{
		Key:     key,
		Kind:    models.UnitPartyCell,
		Name:    "Chi bộ TDP " + tdp,
		Aliases: []string{"Chi bộ Tổ dân phố " + tdp},
		Emails:  []string{"chibo." + key[len("cb-"):] + mailHost},
	}
}
