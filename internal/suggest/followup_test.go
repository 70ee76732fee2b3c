package suggest

import (
	"slices"
	"testing"
)

// Section III as committees write it: who follows up what.
func TestReadImplementation(t *testing.T) {
	c := ward(t)
	d := newDirectory(c.units)
	scope := func(name string) int {
		return slices.IndexFunc(followUpScopes, func(s followUpScope) bool { return s.name == name })
	}
	const inspection, orgs, party, general = "kiểm tra, giám sát", "Mặt trận, các đoàn thể", "xây dựng Đảng", "chung"
	cases := []struct {
		name, text string
		all        []string
		byScope    map[string][]string
	}{
		{name: "the sample: three followers, each on its own work",
			text: "Các chi bộ trực thuộc, các tổ chức, đơn vị căn cứ chức năng nhiệm vụ để chỉ đạo tổ chức thực hiện đạt kết quả Nghị quyết của Đảng ủy.\n" +
				"Văn phòng, UBKT, Khối Dân vận Đảng ủy thường xuyên theo dõi, kịp thời báo cáo Ban Thường vụ Đảng ủy để chỉ đạo.",
			all:     []string{"vp", "ubkt", "kdv"},
			byScope: map[string][]string{inspection: {"ubkt"}, orgs: {"kdv"}, party: {"vp"}, general: {"vp"}}},
		{name: "scopes written out",
			text:    "Ủy ban Kiểm tra Đảng ủy theo dõi, đôn đốc công tác kiểm tra, giám sát; Khối Dân vận theo dõi việc thực hiện của Mặt trận và các đoàn thể; Văn phòng Đảng ủy tổng hợp chung.",
			all:     []string{"ubkt", "kdv", "vp"},
			byScope: map[string][]string{inspection: {"ubkt"}, orgs: {"kdv"}, party: nil, general: {"vp"}}},
		{name: "the follower after «báo cáo … về»",
			text:    "Các chi bộ, các tổ chức định kỳ báo cáo kết quả về Văn phòng Đảng ủy để tổng hợp, báo cáo Ban Thường vụ.",
			all:     []string{"vp"},
			byScope: map[string][]string{party: {"vp"}, general: {"vp"}}},
		{name: "«giúp Ban Thường vụ»: the Ban Thường vụ receives",
			text:    "Giao Văn phòng Đảng ủy giúp Ban Thường vụ theo dõi, đôn đốc việc thực hiện Nghị quyết.",
			all:     []string{"vp"},
			byScope: map[string][]string{general: {"vp"}}},
		{name: "no follow-up words", text: "Các chi bộ trực thuộc tổ chức thực hiện Nghị quyết."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan := d.readImplementation(tc.text)
			if got := c.keysOf(unitIDs(plan.all)); !slices.Equal(got, tc.all) {
				t.Errorf("followers %v, want %v", got, tc.all)
			}
			for name, want := range tc.byScope {
				if got := c.keysOf(unitIDs(plan.byScope[scope(name)])); !slices.Equal(got, want) {
					t.Errorf("%s: %v, want %v", name, got, want)
				}
			}
		})
	}
}

// Without section III, the scopes' defaults apply: the UBKT follows up
// inspection work it does not lead itself, the Khối Dân vận the Front.
func TestFollowUpDefaults(t *testing.T) {
	c := ward(t)
	cases := []struct{ area, text, cellLead, follow string }{
		{"Công tác xây dựng Đảng", "Chi bộ TDP 1 tự kiểm tra, giám sát đảng viên chấp hành Điều lệ Đảng.", "Chi bộ TDP 1", "ubkt"},
		{"Mặt trận, đoàn thể", "Hội Nông dân phường rà soát hội viên.", "", "kdv"},
		{"Về kinh tế", "Thu ngân sách đạt chỉ tiêu.", "", "vp"},
		{"Công tác xây dựng Đảng", "Ủy ban Kiểm tra kiểm tra đảng viên.", "", "vp"},
	}
	for _, tc := range cases {
		it := Proposals(docWithTable(tc.area, tc.text, tc.cellLead), c.units, defaultAreas())[0]
		if got := c.keys[it.FollowUpUnitID]; got != tc.follow {
			t.Errorf("%q: follow-up %s, want %s", tc.text, got, tc.follow)
		}
	}
}
