package suggest

import (
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/resolution"
)

// A task table's "Đơn vị chủ trì" / "Đơn vị phối hợp" cells are the
// committee's own assignment.
func TestTaskTable(t *testing.T) {
	const economy, defence = "Về kinh tế", "Quốc phòng - an ninh"
	cases := []struct {
		name       string
		area, text string
		cellLead   string   // the "Đơn vị chủ trì" cell
		cellCoord  []string // the "Đơn vị phối hợp" cell
		lead       string
		conf       float64
		coord      []string // exactly, in order
		reason     []string // the lead reason holds each
		multiLeads bool
	}{
		// The text names the police, the table does not: the table wins.
		{name: "matched lead, coordinating from the table only", area: economy,
			text: "Phối hợp Công an phường xử lý lấn chiếm đất công.", cellLead: "UBND phường", cellCoord: []string{"Hội Nông dân; các TDP"},
			lead: "ubnd", conf: confTable, coord: []string{"nong-dan"},
			reason: []string{"bảng nhiệm vụ ghi đơn vị chủ trì: «UBND phường»", "«các TDP» nhưng không khớp đơn vị nào"}},
		{name: "unmatched lead: the text decides, the reason says so", area: defence,
			text: "Công an phường tổ chức tuần tra.", cellLead: "Ban Chỉ đạo 35",
			lead: "cong-an", conf: confNamedSubject, coord: []string{},
			reason: []string{"nêu tên ở đầu: Công an phường", "bảng nhiệm vụ ghi «Ban Chỉ đạo 35» nhưng không khớp đơn vị nào"}},
		{name: "two units in the lead cell: two leads", area: defence,
			text: "Diễn tập phương án bảo vệ trụ sở.", cellLead: "Công an phường, Ban CHQS phường",
			lead: "cong-an", conf: confTable, coord: []string{"quan-su"}, multiLeads: true},
		{name: "a group in the coordinating cell brings its members", area: economy,
			text: "Vận động nhân dân hiến đất làm đường.", cellLead: "UBND phường", cellCoord: []string{"Mặt trận các đoàn thể"},
			lead: "ubnd", conf: confTable, coord: []string{"doan", "ccb", "hoi-lhpn", "nong-dan", "mttq"}},
		{name: "a group in the lead cell: the body that directs it", area: economy,
			text: "Tổ chức khai giảng năm học.", cellLead: "Các trường",
			lead: "ubnd", conf: confGroup, coord: []string{"truong-mn", "truong-thcs", "truong-th"},
			reason: []string{"bảng nhiệm vụ ghi chủ trì: «Các trường» → UBND phường chủ trì"}},
	}
	c := ward(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it := Proposals(docWithTable(tc.area, tc.text, tc.cellLead, tc.cellCoord...), c.units, defaultAreas())[0]
			checkInvariants(t, it, activeIDs(c.units))
			s := it.Suggestion
			if got := c.keys[it.LeadUnitID]; got != tc.lead || s.LeadConfidence != tc.conf {
				t.Errorf("lead %s %.2f, want %s %.2f (%s)", got, s.LeadConfidence, tc.lead, tc.conf, s.LeadReason)
			}
			for _, r := range tc.reason {
				if !strings.Contains(s.LeadReason, r) {
					t.Errorf("reason %q lacks %q", s.LeadReason, r)
				}
			}
			if got := c.keysOf(it.CoordinatingUnitIDs); !slices.Equal(got, tc.coord) {
				t.Errorf("coordinating %v, want %v", got, tc.coord)
			}
			if slices.Contains(it.Flags, FlagMultipleLeads) != tc.multiLeads {
				t.Errorf("flags %v", it.Flags)
			}
		})
	}
}

// docWithTable is a one-item resolution whose item has task table cells.
func docWithTable(area, text, lead string, coordinating ...string) resolution.Document {
	d := doc(area, text)
	d.Tasks[0].Items[0].Lead = lead
	d.Tasks[0].Items[0].Coordinating = coordinating
	return d
}
