// Package standard is the built-in template of a commune-level Party
// committee's units (xã, phường or đặc khu, as organised after the 2025
// reform) with the abbreviations documents use for them. It lets a new
// committee start from a sensible list, and lets a resolution be read
// before any committee exists.
package standard

import (
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
)

// The three kinds of commune-level unit, as LevelOf returns them.
const (
	levelWard    = "phường"
	levelCommune = "xã"
	levelSpecial = "đặc khu"
)

// Unit is one body of the template; Key is stable (ASCII, e.g. "ubnd", "vp", "hoi-lhpn").
type Unit struct {
	Key     string
	Kind    models.UnitKind
	Name    string
	Aliases []string
}

// LevelOf is "phường", "xã" or "đặc khu", read from a committee name such
// as "Đảng ủy phường Hương Xuân" (case and diacritics do not matter, nor
// composed or decomposed accents); "xã" when the name says none of them.
// The first level word wins, so a place named after another level
// ("Đảng ủy xã Phường Đông") keeps its own level. "thị xã" is a former
// district-level town, not a commune, and is skipped.
func LevelOf(committeeName string) string {
	words := strings.Fields(models.Fold(norm.NFC.String(committeeName)))
	for i, w := range words {
		switch {
		case w == "phuong":
			return levelWard
		case w == "xa" && (i == 0 || words[i-1] != "thi"):
			return levelCommune
		case w == "dac" && i+1 < len(words) && words[i+1] == "khu":
			return levelSpecial
		}
	}
	return levelCommune
}

// Units returns the template for a level, in document order (Party
// bodies, chi bộ placeholders, government, Front and mass organisations,
// schools). The level is read like LevelOf reads a name, so "Phường" and
// "phuong" work too. Each call builds a fresh slice.
func Units(level string) []Unit {
	l := LevelOf(level)
	at := func(name string) string { return name + " " + l }
	return []Unit{
		// Party bodies.
		{Key: "btv", Kind: models.UnitPartyBody, Name: "Ban Thường vụ Đảng ủy",
			Aliases: []string{"BTV Đảng ủy", "BTV", "Ban Thường vụ"}},
		{Key: "vp", Kind: models.UnitPartyBody, Name: "Văn phòng Đảng ủy",
			Aliases: []string{"VP", "VP Đảng ủy", "Văn phòng", "VPĐU"}},
		{Key: "ubkt", Kind: models.UnitPartyBody, Name: "Ủy ban Kiểm tra Đảng ủy",
			Aliases: []string{"UBKT", "UBKT Đảng ủy", "Ủy ban Kiểm tra"}},
		{Key: "ban-xdd", Kind: models.UnitPartyBody, Name: "Ban Xây dựng Đảng",
			Aliases: []string{"Ban XDĐ", "Ban XD Đảng", "Ban Xây dựng Đảng Đảng ủy"}},
		{Key: "kdv", Kind: models.UnitPartyBody, Name: "Khối Dân vận",
			Aliases: []string{"Khối Dân vận Đảng ủy", "Dân vận"}},

		// Chi bộ of the bodies every commune has; residential cells (chi
		// bộ TDP, thôn, ấp) differ everywhere and are added by the
		// administrator.
		{Key: "cb-co-quan", Kind: models.UnitPartyCell, Name: "Chi bộ Cơ quan",
			Aliases: []string{at("Chi bộ Cơ quan"), "Chi bộ Cơ quan Đảng - Chính quyền"}},
		{Key: "cb-cong-an", Kind: models.UnitPartyCell, Name: "Chi bộ Công an",
			Aliases: []string{at("Chi bộ Công an")}},
		{Key: "cb-quan-su", Kind: models.UnitPartyCell, Name: "Chi bộ Quân sự",
			Aliases: []string{at("Chi bộ Quân sự")}},
		{Key: "cb-truong-hoc", Kind: models.UnitPartyCell, Name: "Chi bộ Trường học",
			Aliases: []string{"Chi bộ các trường"}},

		// Government.
		{Key: "ubnd", Kind: models.UnitGovernment, Name: at("UBND"),
			Aliases: []string{"UBND", at("Ủy ban nhân dân"), "Ủy ban nhân dân",
				"Bộ phận TN&TKQ", "Bộ phận tiếp nhận và trả kết quả", "Bộ phận một cửa",
				"Trung tâm Phục vụ hành chính công"}},
		{Key: "hdnd", Kind: models.UnitGovernment, Name: at("Thường trực HĐND"),
			Aliases: []string{"TT. HĐND", "TT HĐND", at("HĐND"), "HĐND", at("Hội đồng nhân dân"),
				"Thường trực Hội đồng nhân dân"}},
		{Key: "cong-an", Kind: models.UnitGovernment, Name: at("Công an"),
			Aliases: []string{"Công an", at("CA")}},
		{Key: "quan-su", Kind: models.UnitGovernment, Name: at("Ban Chỉ huy Quân sự"),
			Aliases: []string{"Quân sự", "Ban CHQS", at("Ban CHQS"), "BCHQS", "Ban Chỉ huy Quân sự"}},
		{Key: "tram-y-te", Kind: models.UnitGovernment, Name: at("Trạm Y tế"),
			Aliases: []string{"Trạm Y tế", "TYT"}},

		// The Front and the mass organisations; since 2025 the organisations
		// work within the Front, but documents still name each one.
		{Key: "mttq", Kind: models.UnitMassOrg, Name: at("Ủy ban MTTQ Việt Nam"),
			Aliases: []string{"UBMTTQVN", at("UBMTTQVN"), "UBMTTQ", "MTTQ", at("MTTQ"), "Mặt trận",
				"Mặt trận Tổ quốc", at("Ủy ban Mặt trận Tổ quốc Việt Nam")}},
		{Key: "hoi-lhpn", Kind: models.UnitMassOrg, Name: at("Hội LHPN"),
			Aliases: []string{"Hội LHPN", at("Hội Liên hiệp Phụ nữ"), "Hội Liên hiệp Phụ nữ", "Hội Phụ nữ"}},
		{Key: "doan-tn", Kind: models.UnitMassOrg, Name: at("Đoàn TNCS Hồ Chí Minh"),
			Aliases: []string{"Đoàn TNCS Hồ Chí Minh", "Đoàn TN", "Đoàn thanh niên",
				"Đoàn Thanh niên Cộng sản Hồ Chí Minh", at("Đoàn")}},
		{Key: "hoi-nong-dan", Kind: models.UnitMassOrg, Name: at("Hội Nông dân"),
			Aliases: []string{"Hội Nông dân", "Hội ND", "HND"}},
		{Key: "hoi-ccb", Kind: models.UnitMassOrg, Name: at("Hội Cựu chiến binh"),
			Aliases: []string{"Hội Cựu chiến binh", "Hội CCB", "CCB"}},

		// Schools, named without a place: the administrator adds it.
		{Key: "truong-mn", Kind: models.UnitSchool, Name: "Trường Mầm non",
			Aliases: []string{"Trường MN"}},
		{Key: "truong-th", Kind: models.UnitSchool, Name: "Trường Tiểu học",
			Aliases: []string{"Trường TH"}},
		{Key: "truong-thcs", Kind: models.UnitSchool, Name: "Trường THCS",
			Aliases: []string{"Trường Trung học cơ sở"}},
	}
}

// Areas are the seven areas of section II (models.DefaultAreas, copied).
func Areas() []string {
	return slices.Clone(models.DefaultAreas)
}
