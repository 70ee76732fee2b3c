package suggest

import (
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/demo"
	"github.com/theodoi/theodoi/models"
)

// sampleCase is what the demo ward should get for one item of the sample.
type sampleCase struct {
	key        string
	lead       string
	minConf    float64
	reason     string   // the lead reason starts with this
	coord      []string // must be among the coordinating units
	notCoord   []string
	multiLeads bool
	followUp   string
}

var sampleCases = []sampleCase{
	{key: "6.1", lead: demo.MTTQ, minConf: 0.85, reason: "nêu tên ở đầu: UBMTTQVN phường"},
	{key: "6.3", lead: demo.DoanTN, minConf: 0.85, reason: "nêu tên ở đầu: Đoàn TNCS Hồ Chí Minh"},
	{key: "6.4", lead: demo.LHPN, minConf: 0.85, reason: "nêu tên ở đầu: Hội LHPN phường"},
	{key: "6.5", lead: demo.NongDan, minConf: 0.85, reason: "nêu tên ở đầu: Hội Nông dân phường"},
	// "Các đoàn thể…": the Front leads, every organisation coordinates.
	{key: "6.2", lead: demo.MTTQ, minConf: 0.75, reason: "nêu ở đầu: «Các đoàn thể chính trị - xã hội phường»",
		coord: []string{demo.LHPN, demo.DoanTN, demo.NongDan, demo.CCB}},
	{key: "6.6", lead: demo.MTTQ, minConf: 0.65, reason: "nêu: «khối mặt trận các đoàn thể»",
		coord: []string{demo.LHPN, demo.DoanTN, demo.NongDan, demo.CCB}},
	// "Các trường…": the UBND, which directs the schools, leads.
	{key: "2.1", lead: demo.UBND, minConf: 0.75, reason: "nêu ở đầu: «Các trường» → UBND phường chủ trì",
		coord: []string{demo.MamNon, demo.TieuHoc, demo.THCS}},
	{key: "5.3", lead: demo.QuanSu, minConf: 0.55, reason: "từ khóa: NVQS"},
	// PCTT-TKCN and NVQS both go to the military command here: one lead;
	// "các trường ĐH, CĐ" are not the ward's schools.
	{key: "5.2", lead: demo.QuanSu, minConf: 0.65, reason: "từ khóa: NVQS, PCTT",
		notCoord: []string{demo.MamNon, demo.TieuHoc, demo.THCS}},
	{key: "5.1", lead: demo.CongAn, minConf: 0.55, reason: "từ khóa: tuần tra"},
	{key: "2.2", lead: demo.YTe, minConf: 0.55, reason: "từ khóa: khám chữa bệnh, tiêm chủng"},
	{key: "4.3", lead: demo.YTe, minConf: 0.55, reason: "từ khóa: cách ly"},
	// Section III names the office, the UBKT and the Khối Dân vận: the
	// UBKT does not follow up itself, nor the office.
	{key: "7.2", lead: demo.UBKT, minConf: 0.65, reason: "từ khóa: kiểm tra, giám sát", followUp: demo.VP,
		coord: []string{demo.CBBenDo, demo.CBCongAn}},
	{key: "7.3", lead: demo.VP, minConf: 0.55, reason: "từ khóa: phát triển đảng viên", followUp: demo.UBKT},
	{key: "7.4", lead: demo.VP, minConf: 0.55, reason: "từ khóa: sinh hoạt chi bộ", followUp: demo.UBKT,
		coord: []string{demo.CBBenDo, demo.CBThuongDien, demo.CBCoQuan}},
	{key: "7.1", lead: demo.BTV, minConf: 0.75, reason: "từ khóa: Lãnh đạo → Ban Thường vụ Đảng ủy"},
	{key: "7.5", lead: demo.BTV, minConf: 0.65, reason: "từ khóa: người đứng đầu cấp uỷ"},
	{key: "3.1", lead: demo.UBND, minConf: 0.55, reason: "từ khóa: thủ tục hành chính, TTHC",
		notCoord: []string{demo.UBND}}, // "UBND tỉnh" is not the ward's
	{key: "2.3", lead: demo.UBND, minConf: 0.55, reason: "từ khóa: Đài truyền thanh"},
	{key: "1.2", lead: demo.UBND, minConf: 0.55, reason: "từ khóa: GPMB"},
	{key: "1.4", lead: demo.UBND, minConf: 0.55, coord: []string{demo.HDND}},
	// No keyword: the area's default, with a low confidence; the whole
	// political system takes part.
	{key: "4.1", lead: demo.UBND, minConf: 0.25, reason: "mặc định của lĩnh vực",
		coord: []string{demo.MTTQ, demo.LHPN, demo.DoanTN, demo.NongDan, demo.CCB}},
	// "NQ-HĐND", "HĐND tỉnh": document code and a higher body, not the ward's HĐND.
	{key: "2.5", lead: demo.UBND, minConf: 0.55, notCoord: []string{demo.HDND}},
}

func TestSampleProposals(t *testing.T) {
	doc := parseSample(t)
	c := newCommittee(t, nil)
	areas := defaultAreas()
	items := Proposals(doc, c.units, areas)

	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key)
		checkInvariants(t, it, activeIDs(c.units))
	}
	want := "1.1 1.2 1.3 1.4 1.5 1.6 2.1 2.2 2.3 2.4 2.5 2.6 3.1 3.2 3.3 4.1 4.2 4.3 5.1 5.2 5.3 6.1 6.2 6.3 6.4 6.5 6.6 7.1 7.2 7.3 7.4 7.5"
	if got := strings.Join(keys, " "); got != want {
		t.Fatalf("keys\n got %s\nwant %s", got, want)
	}
	byKey := map[string]models.ImportItem{}
	for i, it := range items {
		byKey[it.Key] = it
		a := doc.Tasks[it.Source.AreaIndex-1]
		// The sample's seven areas are the seven default areas, by meaning.
		if it.AreaID != areas[a.Number-1].ID || it.NewAreaName != "" || !strings.HasPrefix(it.Suggestion.AreaReason, "khớp lĩnh vực: ") {
			t.Errorf("%s (%s): area %q new %q (%s)", it.Key, a.Title, it.AreaID, it.NewAreaName, it.Suggestion.AreaReason)
		}
		src := it.Source
		if src.Resolution != "31-NQ/ĐU" || src.Section != "II" || it.Text != a.Items[src.ItemIndex-1].Text || i == 0 && src != (models.SourceRef{Resolution: "31-NQ/ĐU", Section: "II", AreaIndex: 1, ItemIndex: 1}) {
			t.Errorf("%s: source %+v", it.Key, src)
		}
	}

	for _, tc := range sampleCases {
		t.Run(tc.key, func(t *testing.T) {
			it := byKey[tc.key]
			s := it.Suggestion
			if got := c.keys[it.LeadUnitID]; got != tc.lead || s.LeadConfidence < tc.minConf || !strings.HasPrefix(s.LeadReason, tc.reason) {
				t.Errorf("lead %s %.2f %q, want %s ≥%.2f %q…", got, s.LeadConfidence, s.LeadReason, tc.lead, tc.minConf, tc.reason)
			}
			coord := c.keysOf(it.CoordinatingUnitIDs)
			for _, k := range tc.coord {
				if !slices.Contains(coord, k) {
					t.Errorf("coordinating %v lacks %s (%q)", coord, k, s.CoordinatingReasons)
				}
			}
			for _, k := range tc.notCoord {
				if slices.Contains(coord, k) {
					t.Errorf("coordinating %v has %s (%q)", coord, k, s.CoordinatingReasons)
				}
			}
			if got := slices.Contains(it.Flags, FlagMultipleLeads); got != tc.multiLeads {
				t.Errorf("multiple_leads %v, want %v (flags %v)", got, tc.multiLeads, it.Flags)
			}
			follow := tc.followUp
			if follow == "" {
				follow = demo.VP
				if strings.HasPrefix(tc.key, "6.") {
					follow = demo.KDV
				}
			}
			if got := c.keys[it.FollowUpUnitID]; got != follow {
				t.Errorf("follow-up %s, want %s", got, follow)
			}
		})
	}
}

// The import items carry the parser's hints through unchanged.
func TestSampleDetails(t *testing.T) {
	doc := parseSample(t)
	c := newCommittee(t, nil)
	items := Proposals(doc, c.units, defaultAreas())
	byKey := map[string]models.ImportItem{}
	for _, it := range items {
		byKey[it.Key] = it
	}
	it := byKey["2.6"]
	if len(it.Footnotes) != 1 || it.Footnotes[0] != "11: Trong đó: xây dựng mới có 05 trường hợp; sửa chữa có 08 trường hợp" {
		t.Errorf("2.6 footnotes %q", it.Footnotes)
	}
	if !slices.Contains(it.Flags, FlagWaitingCondition) || it.Deadline != "" || it.DeadlineReason != "conditional" {
		t.Errorf("2.6 flags %v deadline %q %q", it.Flags, it.Deadline, it.DeadlineReason)
	}
	if it := byKey["6.1"]; it.Deadline != "2021-11-18" || it.DeadlineReason != "range-end" {
		t.Errorf("6.1 deadline %q %q", it.Deadline, it.DeadlineReason)
	}
	if !byKey["1.1"].Continues || byKey["1.3"].Continues {
		t.Errorf("continues: 1.1 %v 1.3 %v", byKey["1.1"].Continues, byKey["1.3"].Continues)
	}
	// Flags follow the parser's hints, nothing more.
	for _, a := range doc.Tasks {
		for _, pi := range a.Items {
			it := items[slices.IndexFunc(items, func(x models.ImportItem) bool {
				return x.Source.AreaIndex == a.Number && x.Source.ItemIndex == pi.Index
			})]
			if slices.Contains(it.Flags, FlagMultipleSubtasks) != pi.MultipleSubtasks ||
				slices.Contains(it.Flags, FlagWaitingCondition) != pi.WaitingForCondition {
				t.Errorf("%s flags %v, parser %v %v", it.Key, it.Flags, pi.MultipleSubtasks, pi.WaitingForCondition)
			}
		}
	}
	leads := 0
	for _, it := range items {
		if it.LeadUnitID != "" {
			leads++
		}
	}
	if leads != len(items) {
		t.Errorf("%d of %d items have a lead", leads, len(items))
	}
}
