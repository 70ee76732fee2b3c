package suggest

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The rule tables are meant to be extended by hand: every row must be
// usable, and every explanation written in Vietnamese.
func TestRuleTables(t *testing.T) {
	vietnamese := func(where, s string) {
		if s == "" {
			return
		}
		for _, r := range s {
			if r > unicode.MaxASCII && unicode.IsLetter(r) {
				return
			}
		}
		t.Errorf("%s: %q has no Vietnamese letter", where, s)
	}
	roles := func(where string, rs []role) {
		for _, r := range rs {
			if r.label == "" || len(r.phrases) == 0 {
				t.Errorf("%s: role %+v without label or words", where, r)
			}
		}
	}
	phrases := func(where string, ps []phrase) {
		if len(ps) == 0 {
			t.Errorf("%s: no words", where)
		}
		for _, p := range ps {
			if len(p) == 0 {
				t.Errorf("%s: empty phrase", where)
			}
		}
	}
	for i, r := range keywordRules {
		where := "keywordRules[" + strconv.Itoa(i) + "]"
		phrases(where, r.phrases)
		roles(where, append(append([]role{}, r.lead...), r.standIn...))
		leads := len(r.lead)+len(r.standIn) > 0
		if leads && (r.conf <= 0 || r.conf > 1) || !leads && r.with.empty() {
			t.Errorf("%s: conf %v, leads %v, with %+v", where, r.conf, leads, r.with)
		}
		vietnamese(where, r.why)
	}
	for i, g := range groupRules {
		phrases("groupRules", g.phrases)
		roles("groupRules", g.lead)
		if len(g.lead) == 0 || g.conf <= 0 || g.conf > 1 {
			t.Errorf("groupRules[%d]: lead %v conf %v", i, g.lead, g.conf)
		}
		vietnamese("groupRules", g.why)
		vietnamese("groupRules", g.members.label)
	}
	for _, c := range categories {
		phrases("categories", c.phrases)
		roles("categories "+c.name, c.roles)
	}
	for _, s := range followUpScopes {
		phrases("followUpScopes", s.inSection)
		roles("followUpScopes "+s.name, s.followers)
	}
	// The scale is ordered, and stand-ins and defaults stay below the mark.
	scale := []float64{confTable, confNamedSubject, confGroup, confBloc, confKeyword, LowConfidence, confStandIn, confAreaDefault, 0}
	for i := 1; i < len(scale); i++ {
		if scale[i] >= scale[i-1] {
			t.Errorf("confidence scale not decreasing at %d: %v", i, scale)
		}
	}
}

// Words match with their tone: "công" is not "cộng", but the old and new
// tone placements (uỷ/ủy) agree.
func TestToneAwareMatching(t *testing.T) {
	c := ward(t)
	cases := []struct{ area, text, lead, reason string }{
		{"Về kinh tế", "Ban Giám sát đầu tư cộng đồng giám sát các công trình.", "ubnd", "mặc định của lĩnh vực"},
		{"Về kinh tế", "Đẩy nhanh giải ngân vốn đầu tư công.", "ubnd", "từ khóa: đầu tư công"},
		{"Công tác xây dựng Đảng", "Uỷ ban Kiểm tra Đảng uỷ kiểm tra tổ chức đảng.", "ubkt", "nêu tên ở đầu: Uỷ ban Kiểm tra Đảng uỷ"},
		{"Về văn hoá - xã hội", "Rà soát hộ nghèo, hộ cận nghèo.", "ubnd", "từ khóa: hộ nghèo"},
	}
	for _, tc := range cases {
		it := Proposals(doc(tc.area, tc.text), c.units, defaultAreas())[0]
		if got := c.keys[it.LeadUnitID]; got != tc.lead || !strings.HasPrefix(it.Suggestion.LeadReason, tc.reason) {
			t.Errorf("%q: lead %s %q, want %s %q…", tc.text, got, it.Suggestion.LeadReason, tc.lead, tc.reason)
		}
	}
}

// A unit that receives a report does not take part in the work.
func TestRecipientsDoNotCoordinate(t *testing.T) {
	c := ward(t)
	it := Proposals(doc("Về kinh tế", "UBND phường xây dựng kế hoạch thu ngân sách, báo cáo Ban Thường vụ Đảng ủy; trình HĐND phường."),
		c.units, defaultAreas())[0]
	if got := c.keysOf(it.CoordinatingUnitIDs); len(got) != 0 {
		t.Errorf("coordinating %v (%q)", got, it.Suggestion.CoordinatingReasons)
	}
}
