package suggest

import (
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
)

// The problems reported with the sample 31-NQ/ĐU, each asserted on the
// ward directory.
func TestSampleReportedProblems(t *testing.T) {
	d := parseSample(t)
	c := ward(t)
	got := c.proposals(d)
	lead := func(key string) string { return c.keys[got[key].LeadUnitID] }
	coord := func(key string) []string { return c.keysOf(got[key].CoordinatingUnitIDs) }

	t.Run("2.1 the schools: UBND leads, the schools coordinate", func(t *testing.T) {
		it := got["2.1"]
		if lead("2.1") != "ubnd" || it.Suggestion.LeadConfidence != confGroup {
			t.Errorf("lead %s %.2f (%s)", lead("2.1"), it.Suggestion.LeadConfidence, it.Suggestion.LeadReason)
		}
		if want := []string{"truong-mn", "truong-thcs", "truong-th"}; !slices.Equal(coord("2.1"), want) {
			t.Errorf("coordinating %v, want %v", coord("2.1"), want)
		}
		if slices.Contains(it.Flags, FlagMultipleLeads) {
			t.Errorf("flags %v: one lead", it.Flags)
		}
	})
	t.Run("7.1 and 7.5: the Ban Thường vụ leads", func(t *testing.T) {
		for _, k := range []string{"7.1", "7.5"} {
			s := got[k].Suggestion
			if lead(k) != "btv" || s.LeadConfidence < LowConfidence || !strings.Contains(s.LeadReason, "Ban Thường vụ") {
				t.Errorf("%s: lead %s %.2f %q", k, lead(k), s.LeadConfidence, s.LeadReason)
			}
		}
	})
	t.Run("7.4: every active chi bộ coordinates", func(t *testing.T) {
		cells := c.keysOf(unitIDs(newDirectory(c.units).ofKind(models.UnitPartyCell)))
		if lead("7.4") != "vp" || !slices.Equal(coord("7.4"), cells) || len(cells) != 9 {
			t.Errorf("lead %s coordinating %v, want vp and %v", lead("7.4"), coord("7.4"), cells)
		}
	})
	t.Run("7.2: the UBKT is not its own follow-up", func(t *testing.T) {
		if it := got["7.2"]; lead("7.2") != "ubkt" || c.keys[it.FollowUpUnitID] != "vp" {
			t.Errorf("lead %s follow-up %s", lead("7.2"), c.keys[it.FollowUpUnitID])
		}
	})
	t.Run("section III: the Khối Dân vận follows the Front and organisations", func(t *testing.T) {
		for k, it := range got {
			want := "vp"
			switch {
			case strings.HasPrefix(k, "6."):
				want = "kdv"
			case k == "7.3" || k == "7.4": // the office leads: the UBKT, also named, follows
				want = "ubkt"
			}
			if f := c.keys[it.FollowUpUnitID]; f != want {
				t.Errorf("%s: follow-up %s, want %s", k, f, want)
			}
		}
	})
	t.Run("4.1: the whole political system takes part", func(t *testing.T) {
		for _, k := range []string{"mttq", "hoi-lhpn", "doan", "nong-dan", "ccb"} {
			if !slices.Contains(coord("4.1"), k) {
				t.Errorf("coordinating %v lacks %s", coord("4.1"), k)
			}
		}
		// "người đứng đầu cấp ủy, chính quyền" is not the committee's head alone.
		if lead("4.1") != "ubnd" {
			t.Errorf("lead %s", lead("4.1"))
		}
	})
}

// Without a Ban Thường vụ unit, its work goes to the office, marked low,
// and the reason says why.
func TestSampleWithoutStandingCommittee(t *testing.T) {
	d := parseSample(t)
	c := ward(t).without("btv")
	got := c.proposals(d)
	for _, k := range []string{"7.1", "7.5"} {
		s := got[k].Suggestion
		if c.keys[s.LeadUnitID] != "vp" || s.LeadConfidence >= LowConfidence ||
			!strings.Contains(s.LeadReason, "danh sách đơn vị chưa có Ban Thường vụ, tạm gợi ý Văn phòng Đảng ủy") {
			t.Errorf("%s: lead %s %.2f %q", k, c.keys[s.LeadUnitID], s.LeadConfidence, s.LeadReason)
		}
	}
}

// After the 2025 reform: a Ban Xây dựng Đảng and no Khối Dân vận, and a
// section III that says who follows what.
func TestSampleAfterReform(t *testing.T) {
	d := parseSample(t)
	d.Implementation = "Các chi bộ, các tổ chức, đơn vị căn cứ chức năng nhiệm vụ xây dựng kế hoạch thực hiện.\n" +
		"Giao Ủy ban Kiểm tra Đảng ủy theo dõi, đôn đốc công tác kiểm tra, giám sát; " +
		"Ban Xây dựng Đảng theo dõi việc thực hiện của Mặt trận, các đoàn thể và công tác xây dựng Đảng; " +
		"Văn phòng Đảng ủy giúp Ban Thường vụ theo dõi, tổng hợp chung, báo cáo Ban Thường vụ."
	c := ward(t).without("kdv").with("ban-xdd", models.UnitPartyBody, "Ban Xây dựng Đảng", "Ban XDĐ")
	got := c.proposals(d)
	cases := []struct{ key, lead, follow string }{
		{"1.1", "ubnd", "vp"},
		{"6.1", "mttq", "ban-xdd"},
		{"6.2", "mttq", "ban-xdd"},
		{"7.2", "ubkt", "ban-xdd"}, // its own scope first, then xây dựng Đảng
		{"7.3", "ban-xdd", "vp"},   // the board leads Party organisation now
		{"7.4", "ban-xdd", "vp"},
		{"7.1", "btv", "ban-xdd"},
	}
	for _, tc := range cases {
		it := got[tc.key]
		if l, f := c.keys[it.LeadUnitID], c.keys[it.FollowUpUnitID]; l != tc.lead || f != tc.follow {
			t.Errorf("%s: lead %s follow-up %s, want %s %s (%s)", tc.key, l, f, tc.lead, tc.follow, it.Suggestion.LeadReason)
		}
	}
}

// A unit never follows up its own task, whatever the directory.
func TestNeverOwnFollowUp(t *testing.T) {
	d := parseSample(t)
	variants := map[string]committee{
		"ward":         ward(t),
		"no office":    ward(t).without("vp"),
		"no UBKT":      ward(t).without("ubkt"),
		"office alone": ward(t).without("btv", "ubkt", "kdv"),
	}
	for name, c := range variants {
		for k, it := range c.proposals(d) {
			if it.FollowUpUnitID != "" && it.FollowUpUnitID == it.LeadUnitID {
				t.Errorf("%s %s: %s leads and follows up", name, k, c.keys[it.LeadUnitID])
			}
		}
	}
}
