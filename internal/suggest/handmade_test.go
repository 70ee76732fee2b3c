package suggest

import (
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/demo"
	"github.com/theodoi/theodoi/models"
)

// handMadeCase is one invented item against the demo ward, changed.
type handMadeCase struct {
	name   string
	change func(u *demo.Unit, active *bool) bool
	extra  []demo.Unit
	area   string
	text   string
	lead   string // demo key; "" for none
	conf   float64
	reason string
	coord  []string // exactly, in order
	// coordKind: instead of coord, every unit of this kind, by name.
	coordKind models.UnitKind
	flags     []string
	newArea   bool
	followUp  string
}

func handMadeCases() []handMadeCase {
	pctt := demo.Unit{Key: "pctt", Kind: models.UnitGovernment, Name: "Ban Chỉ huy PCTT-TKCN phường",
		Aliases: []string{"Ban Chỉ huy phòng chống thiên tai"}}
	const (
		defence = "Công tác quốc phòng an ninh"
		culture = "Về văn hóa xã hội"
		party   = "Công tác tổ chức, xây dựng Đảng"
		orgs    = "Mặt trận các đoàn thể"
	)
	return []handMadeCase{
		{name: "named subject with cooperation", area: culture,
			text: "UBND phường phối hợp với Công an phường rà soát hộ nghèo.",
			lead: demo.UBND, conf: confNamedSubject, reason: "nêu tên ở đầu: UBND phường",
			coord: []string{demo.CongAn}},
		{name: "military command missing: keyword falls to area default", area: defence,
			change: func(u *demo.Unit, _ *bool) bool { return u.Key != demo.QuanSu },
			text:   "Tổ chức tuyên truyền Luật NVQS đến thanh niên.",
			lead:   demo.CongAn, conf: confAreaDefault, reason: "mặc định của lĩnh vực quốc phòng, an ninh"},
		{name: "PCTT without a disaster committee goes to the military command", area: defence,
			text: "Chuẩn bị lực lượng cho công tác PCTT-TKCN.",
			lead: demo.QuanSu, conf: confKeyword, reason: "từ khóa: PCTT, TKCN"},
		// The earlier keyword leads on a tie; the other is offered as a co-lead.
		{name: "disaster committee and military command: two leads", area: defence, extra: []demo.Unit{pctt},
			text: "Kiểm tra phương tiện phục vụ công tác PCTT-TKCN. Lập hồ sơ đăng ký NVQS cho nam thanh niên.",
			lead: "pctt", conf: confKeyword, reason: "từ khóa: PCTT, TKCN → Ban Chỉ huy PCTT-TKCN phường",
			coord: []string{demo.QuanSu}, flags: []string{FlagMultipleLeads}},
		{name: "inactive unit never suggested", area: culture,
			change: func(u *demo.Unit, active *bool) bool { *active = u.Key != demo.YTe; return true },
			text:   "Tổ chức tiêm chủng cho trẻ, phối hợp với Trạm Y tế phường và Hội LHPN phường.",
			lead:   demo.UBND, conf: confAreaDefault, reason: "mặc định của lĩnh vực văn hóa - xã hội",
			coord: []string{demo.LHPN}},
		{name: "inactive named subject falls through", area: orgs,
			change: func(u *demo.Unit, active *bool) bool { *active = u.Key != demo.NongDan; return true },
			text:   "Hội Nông dân phường rà soát hội viên.",
			lead:   demo.MTTQ, conf: confAreaDefault, followUp: demo.KDV},
		{name: "unknown area is offered as new, its category still gives a default", area: "Công tác phòng chống bão số 5 (CONSON)",
			text: "Khắc phục hậu quả sạt lở bờ kè.", newArea: true,
			lead: demo.QuanSu, conf: confAreaDefault, reason: "mặc định của lĩnh vực phòng, chống thiên tai"},
		{name: "two subjects: two leads", area: defence,
			text: "UBND phường, Công an phường tổ chức ra quân bảo đảm ATGT.",
			lead: demo.UBND, conf: confNamedSubject, coord: []string{demo.CongAn}, flags: []string{FlagMultipleLeads}},
		{name: "Front and organisations: one lead", area: orgs,
			text: "UBMTTQVN, các đoàn thể phường vận động ủng hộ Quỹ vì người nghèo.",
			lead: demo.MTTQ, conf: confNamedSubject,
			coord: []string{demo.DoanTN, demo.CCB, demo.LHPN, demo.NongDan}, followUp: demo.KDV},
		// The office leads the cells' work and so cannot follow it up; with
		// no section III and no Ban Xây dựng Đảng, the Ban Thường vụ does.
		{name: "cells: the office leads, every cell coordinates", area: party,
			text: "Các chi bộ trực thuộc tổ chức sinh hoạt chi bộ chuyên đề quý IV.",
			lead: demo.VP, conf: confBloc, reason: "nêu ở đầu: «Các chi bộ trực thuộc» → Văn phòng Đảng ủy chủ trì",
			coordKind: models.UnitPartyCell, followUp: demo.BTV},
		{name: "chi bộ work: every cell coordinates, the named one too", area: party,
			text: "Nâng cao chất lượng sinh hoạt chi bộ, trước hết ở Chi bộ TDP Bến Đò.",
			lead: demo.VP, conf: confKeyword, reason: "từ khóa: sinh hoạt chi bộ", coordKind: models.UnitPartyCell,
			followUp: demo.BTV},
		{name: "inspection: the UBKT leads, the office follows up", area: party,
			text: "Kiểm tra đảng viên chấp hành Điều lệ Đảng.",
			lead: demo.UBKT, conf: confKeywords},
		{name: "'các trường hợp' are not the schools; 'cả phường' is not the police", area: culture,
			text: "Các trường hợp F0 trên cả phường được theo dõi, cách ly tại nhà.",
			lead: demo.YTe, conf: confKeyword, reason: "từ khóa: cách ly"},
		{name: "higher bodies are not the ward's", area: culture,
			text: "Triển khai kế hoạch của UBND tỉnh và Hội LHPN thị xã về chăm lo trẻ em.",
			lead: demo.UBND, conf: confAreaDefault},
		{name: "prefix before the subject", area: culture,
			text: "Đề nghị Trạm Y tế phường tăng cường tuyên truyền.",
			lead: demo.YTe, conf: confNamedSubject},
		{name: "nothing known: no lead", area: "Khác",
			text: "Làm việc khác.", newArea: true, reason: reasonNoLead},
		{name: "schools: the UBND leads, the schools left coordinate", area: culture,
			change: func(u *demo.Unit, _ *bool) bool { return u.Key != demo.MamNon },
			text:   "Các trường tổ chức khai giảng năm học mới.",
			lead:   demo.UBND, conf: confGroup, coord: []string{demo.THCS, demo.TieuHoc}},
		{name: "schools without a UBND: a school stands in, marked low", area: culture,
			change: func(u *demo.Unit, _ *bool) bool { return u.Key != demo.UBND },
			text:   "Các trường tổ chức khai giảng năm học mới.",
			lead:   demo.MamNon, conf: confStandIn, reason: "nêu ở đầu: «Các trường» → chưa có đơn vị Ủy ban nhân dân, tạm gợi ý",
			coord: []string{demo.THCS, demo.TieuHoc}},
	}
}

func TestHandMade(t *testing.T) {
	for _, tc := range handMadeCases() {
		t.Run(tc.name, func(t *testing.T) {
			c := newCommittee(t, tc.change, tc.extra...)
			items := Proposals(doc(tc.area, tc.text), c.units, defaultAreas())
			if len(items) != 1 {
				t.Fatalf("%d items", len(items))
			}
			it := items[0]
			checkInvariants(t, it, activeIDs(c.units))
			s := it.Suggestion
			if got := c.keys[it.LeadUnitID]; got != tc.lead || s.LeadConfidence != tc.conf || !strings.HasPrefix(s.LeadReason, tc.reason) {
				t.Errorf("lead %q %.2f %q, want %q %.2f %q…", got, s.LeadConfidence, s.LeadReason, tc.lead, tc.conf, tc.reason)
			}
			want := append([]string{}, tc.coord...)
			if tc.coordKind != "" {
				want = c.keysOf(unitIDs(newDirectory(c.units).ofKind(tc.coordKind)))
			}
			if got := c.keysOf(it.CoordinatingUnitIDs); !slices.Equal(got, want) {
				t.Errorf("coordinating %v, want %v (%q)", got, tc.coord, s.CoordinatingReasons)
			}
			if !slices.Equal(it.Flags, tc.flags) {
				t.Errorf("flags %v, want %v", it.Flags, tc.flags)
			}
			if tc.newArea != (it.NewAreaName == tc.area && it.AreaID == "") {
				t.Errorf("area %q new %q (%s)", it.AreaID, it.NewAreaName, s.AreaReason)
			}
			follow := tc.followUp
			if follow == "" {
				follow = demo.VP
			}
			if got := c.keys[it.FollowUpUnitID]; got != follow {
				t.Errorf("follow-up %s, want %s", got, follow)
			}
			if it.Key != "1.1" || it.Source != (models.SourceRef{Resolution: "5-NQ/ĐU", Section: "II", AreaIndex: 1, ItemIndex: 1}) {
				t.Errorf("key %q source %+v", it.Key, it.Source)
			}
		})
	}
}
