package suggest

import (
	"slices"
	"testing"

	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/models"
)

// ward is a realistic ward committee, built apart from the demo data so
// that the rules are not tuned to one directory: keys are the ones the
// testdata tables use.
func ward(t *testing.T) committee {
	t.Helper()
	type u struct {
		key     string
		kind    models.UnitKind
		name    string
		aliases []string
	}
	cell := func(n string) u {
		return u{"cb-tdp" + n, models.UnitPartyCell, "Chi bộ TDP " + n, []string{"Chi bộ Tổ dân phố " + n}}
	}
	list := []u{
		{"btv", models.UnitPartyBody, "Ban Thường vụ Đảng ủy", []string{"BTV Đảng ủy", "BTV", "Ban Thường vụ"}},
		{"vp", models.UnitPartyBody, "Văn phòng Đảng ủy", []string{"VP Đảng ủy", "Văn phòng", "VPĐU"}},
		{"ubkt", models.UnitPartyBody, "Ủy ban Kiểm tra Đảng ủy", []string{"UBKT", "UBKT Đảng ủy", "Ủy ban Kiểm tra"}},
		{"kdv", models.UnitPartyBody, "Khối Dân vận", []string{"Khối Dân vận Đảng ủy", "Dân vận"}},
		cell("1"), cell("2"), cell("3"), cell("4"), cell("5"),
		{"cb-co-quan", models.UnitPartyCell, "Chi bộ Cơ quan", []string{"Chi bộ Cơ quan phường"}},
		{"cb-cong-an", models.UnitPartyCell, "Chi bộ Công an phường", nil},
		{"cb-quan-su", models.UnitPartyCell, "Chi bộ Quân sự phường", nil},
		{"cb-truong-hoc", models.UnitPartyCell, "Chi bộ Trường học", []string{"Chi bộ các trường"}},
		{"ubnd", models.UnitGovernment, "UBND phường", []string{"UBND", "Ủy ban nhân dân phường", "Bộ phận một cửa", "Bộ phận TN&TKQ"}},
		{"hdnd", models.UnitGovernment, "Thường trực HĐND phường", []string{"HĐND phường", "TT HĐND", "TT. HĐND"}},
		{"cong-an", models.UnitGovernment, "Công an phường", []string{"Công an", "CA phường"}},
		{"quan-su", models.UnitGovernment, "Ban Chỉ huy Quân sự phường", []string{"Ban CHQS phường", "Quân sự", "BCHQS"}},
		{"tram-y-te", models.UnitGovernment, "Trạm Y tế phường", []string{"Trạm Y tế", "TYT"}},
		{"mttq", models.UnitMassOrg, "Ủy ban MTTQ Việt Nam phường", []string{"UBMTTQVN phường", "UBMTTQVN", "UBMTTQ", "MTTQ", "Mặt trận"}},
		{"hoi-lhpn", models.UnitMassOrg, "Hội LHPN phường", []string{"Hội Liên hiệp Phụ nữ phường", "Hội LHPN", "Hội Phụ nữ"}},
		{"doan", models.UnitMassOrg, "Đoàn TNCS Hồ Chí Minh phường", []string{"Đoàn TNCS Hồ Chí Minh", "Đoàn TN", "Đoàn Thanh niên", "Đoàn phường"}},
		{"nong-dan", models.UnitMassOrg, "Hội Nông dân phường", []string{"Hội Nông dân", "HND"}},
		{"ccb", models.UnitMassOrg, "Hội Cựu chiến binh phường", []string{"Hội CCB", "Hội Cựu chiến binh"}},
		{"truong-mn", models.UnitSchool, "Trường Mầm non Hoa Sen", []string{"Trường Mầm non", "Trường MN"}},
		{"truong-th", models.UnitSchool, "Trường Tiểu học Tân An", []string{"Trường Tiểu học", "Trường TH"}},
		{"truong-thcs", models.UnitSchool, "Trường THCS Tân An", []string{"Trường THCS"}},
	}
	c := committee{ids: map[string]models.ID{}, keys: map[models.ID]string{}}
	for _, x := range list {
		unit := models.Unit{ID: models.ID("u-" + x.key), Kind: x.kind, Name: x.name, Aliases: x.aliases, Active: true}
		if err := unit.Validate(); err != nil {
			t.Fatalf("unit %s: %v", x.key, err)
		}
		c.units = append(c.units, unit)
		c.ids[x.key], c.keys[unit.ID] = unit.ID, x.key
	}
	return c
}

// without is c less the units of keys.
func (c committee) without(keys ...string) committee {
	out := committee{ids: map[string]models.ID{}, keys: map[models.ID]string{}}
	for _, u := range c.units {
		k := c.keys[u.ID]
		if slices.Contains(keys, k) {
			continue
		}
		out.units = append(out.units, u)
		out.ids[k], out.keys[u.ID] = u.ID, k
	}
	return out
}

// with is c and one more active unit.
func (c committee) with(key string, kind models.UnitKind, name string, aliases ...string) committee {
	out := c.without()
	u := models.Unit{ID: models.ID("u-" + key), Kind: kind, Name: name, Aliases: aliases, Active: true}
	out.units = append(out.units, u)
	out.ids[key], out.keys[u.ID] = u.ID, key
	return out
}

// proposals runs the sample against c, by item key.
func (c committee) proposals(d resolution.Document) map[string]models.ImportItem {
	out := map[string]models.ImportItem{}
	for _, it := range Proposals(d, c.units, defaultAreas()) {
		out[it.Key] = it
	}
	return out
}
