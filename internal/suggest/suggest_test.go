package suggest

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/demo"
	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/models"
)

const samplePath = "../../../shared/samples/nghi-quyet-31-NQ-DU-2021-09-23.txt"

// committee is the demo ward's units with fresh ids, keyed by demo key.
// change may drop units (return false), deactivate or edit them.
type committee struct {
	units []models.Unit
	ids   map[string]models.ID
	keys  map[models.ID]string
}

func newCommittee(t *testing.T, change func(u *demo.Unit, active *bool) bool, extra ...demo.Unit) committee {
	t.Helper()
	c := committee{ids: map[string]models.ID{}, keys: map[models.ID]string{}}
	now := time.Date(2021, 9, 24, 8, 0, 0, 0, time.UTC)
	for _, du := range append(slices.Clone(demo.Units), extra...) {
		active := true
		if change != nil && !change(&du, &active) {
			continue
		}
		u := models.Unit{ID: models.NewID(now), Kind: du.Kind, Name: du.Name, Aliases: du.Aliases, Active: active}
		if err := u.Validate(); err != nil {
			t.Fatalf("unit %s: %v", du.Key, err)
		}
		c.units = append(c.units, u)
		c.ids[du.Key], c.keys[u.ID] = u.ID, du.Key
	}
	return c
}

func (c committee) keysOf(ids []models.ID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		k, ok := c.keys[id]
		if !ok {
			k = "?" + string(id)
		}
		out = append(out, k)
	}
	return out
}

func defaultAreas() []models.Area {
	now := time.Date(2021, 9, 24, 8, 0, 0, 0, time.UTC)
	areas := make([]models.Area, len(models.DefaultAreas))
	for i, n := range models.DefaultAreas {
		areas[i] = models.Area{ID: models.NewID(now), Name: n, Position: i}
	}
	return areas
}

func parseSample(t *testing.T) resolution.Document {
	t.Helper()
	data, err := os.ReadFile(samplePath)
	if os.IsNotExist(err) {
		t.Skipf("sample %s not present", samplePath)
	}
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := resolution.ReadText(data)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := resolution.Parse(blocks)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// checkInvariants holds for every proposal whatever the input.
func checkInvariants(t *testing.T, it models.ImportItem, active map[models.ID]bool) {
	t.Helper()
	if it.CoordinatingUnitIDs == nil {
		t.Errorf("%s: coordinating units nil", it.Key)
	}
	if it.LeadUnitID != it.Suggestion.LeadUnitID || !slices.Equal(it.CoordinatingUnitIDs, it.Suggestion.CoordinatingUnitIDs) {
		t.Errorf("%s: item and suggestion differ", it.Key)
	}
	if len(it.Suggestion.CoordinatingReasons) != len(it.Suggestion.CoordinatingUnitIDs) {
		t.Errorf("%s: %d coordinating units, %d reasons", it.Key, len(it.Suggestion.CoordinatingUnitIDs), len(it.Suggestion.CoordinatingReasons))
	}
	seen := map[models.ID]bool{}
	for _, id := range it.CoordinatingUnitIDs {
		if id == it.LeadUnitID || seen[id] {
			t.Errorf("%s: coordinating %s is the lead or repeated", it.Key, id)
		}
		seen[id] = true
	}
	for _, id := range append([]models.ID{it.LeadUnitID, it.FollowUpUnitID}, it.CoordinatingUnitIDs...) {
		if id != "" && !active[id] {
			t.Errorf("%s: suggests %s, not an active unit", it.Key, id)
		}
	}
	if it.LeadUnitID == "" && (it.Suggestion.LeadConfidence != 0 || it.Suggestion.LeadReason != reasonNoLead) {
		t.Errorf("%s: no lead but confidence %v reason %q", it.Key, it.Suggestion.LeadConfidence, it.Suggestion.LeadReason)
	}
	if it.LeadUnitID != "" && (it.Suggestion.LeadConfidence <= 0 || it.Suggestion.LeadConfidence > 1 || it.Suggestion.LeadReason == "") {
		t.Errorf("%s: lead with confidence %v reason %q", it.Key, it.Suggestion.LeadConfidence, it.Suggestion.LeadReason)
	}
	if (it.AreaID == "") == (it.NewAreaName == "") && it.NewAreaName != "" || it.Suggestion.AreaReason == "" {
		t.Errorf("%s: area %q new %q reason %q", it.Key, it.AreaID, it.NewAreaName, it.Suggestion.AreaReason)
	}
}

func activeIDs(units []models.Unit) map[models.ID]bool {
	m := map[models.ID]bool{}
	for _, u := range units {
		if u.Active {
			m[u.ID] = true
		}
	}
	return m
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

	cases := []struct {
		key        string
		lead       string
		minConf    float64
		reason     string   // the lead reason starts with this
		coord      []string // must be among the coordinating units
		notCoord   []string
		multiLeads bool
		followUp   string
	}{
		{key: "6.1", lead: demo.MTTQ, minConf: 0.85, reason: "nêu tên ở đầu: UBMTTQVN phường"},
		{key: "6.3", lead: demo.DoanTN, minConf: 0.85, reason: "nêu tên ở đầu: Đoàn TNCS Hồ Chí Minh"},
		{key: "6.4", lead: demo.LHPN, minConf: 0.85, reason: "nêu tên ở đầu: Hội LHPN phường"},
		{key: "6.5", lead: demo.NongDan, minConf: 0.85, reason: "nêu tên ở đầu: Hội Nông dân phường"},
		// "Các đoàn thể…": the Front leads, every organisation coordinates.
		{key: "6.2", lead: demo.MTTQ, minConf: 0.75, reason: "nêu ở đầu: «Các đoàn thể chính trị - xã hội phường»",
			coord: []string{demo.LHPN, demo.DoanTN, demo.NongDan, demo.CCB}},
		{key: "6.6", lead: demo.MTTQ, minConf: 0.65, reason: "nêu «khối mặt trận các đoàn thể»",
			coord: []string{demo.LHPN, demo.DoanTN, demo.NongDan, demo.CCB}},
		// "Các trường…" leads, but PCGD-XMC is the UBND's: two leads, flagged.
		{key: "2.1", lead: demo.MamNon, minConf: 0.65, reason: "nêu ở đầu: «Các trường»",
			coord: []string{demo.TieuHoc, demo.THCS, demo.UBND}, multiLeads: true},
		{key: "5.3", lead: demo.QuanSu, minConf: 0.55, reason: "từ khóa: NVQS"},
		// PCTT-TKCN and NVQS both go to the military command here: one lead;
		// "các trường ĐH, CĐ" are not the ward's schools.
		{key: "5.2", lead: demo.QuanSu, minConf: 0.65, reason: "từ khóa: NVQS, PCTT",
			notCoord: []string{demo.MamNon, demo.TieuHoc, demo.THCS}},
		{key: "5.1", lead: demo.CongAn, minConf: 0.55, reason: "từ khóa: tuần tra"},
		{key: "2.2", lead: demo.YTe, minConf: 0.55, reason: "từ khóa: khám chữa bệnh, tiêm chủng"},
		{key: "4.3", lead: demo.YTe, minConf: 0.55, reason: "từ khóa: cách ly"},
		{key: "7.2", lead: demo.UBKT, minConf: 0.55, reason: "từ khóa: kiểm tra, giám sát", followUp: demo.UBKT},
		{key: "7.3", lead: demo.VP, minConf: 0.55, reason: "từ khóa: phát triển đảng viên"},
		{key: "7.4", lead: demo.VP, minConf: 0.55, reason: "từ khóa: sinh hoạt chi bộ"},
		{key: "3.1", lead: demo.UBND, minConf: 0.55, reason: "từ khóa: thủ tục hành chính, TTHC",
			notCoord: []string{demo.UBND}}, // "UBND tỉnh" is not the ward's
		{key: "2.3", lead: demo.UBND, minConf: 0.55, reason: "từ khóa: Đài truyền thanh"},
		{key: "1.2", lead: demo.UBND, minConf: 0.55, reason: "từ khóa: GPMB"},
		{key: "1.4", lead: demo.UBND, minConf: 0.55, coord: []string{demo.HDND}},
		// No keyword: the area's default, with a low confidence.
		{key: "4.1", lead: demo.UBND, minConf: 0.25, reason: "mặc định của lĩnh vực"},
		{key: "7.5", lead: demo.VP, minConf: 0.25, reason: "mặc định của lĩnh vực"},
		// "NQ-HĐND", "HĐND tỉnh": document code and a higher body, not the ward's HĐND.
		{key: "2.5", lead: demo.UBND, minConf: 0.55, notCoord: []string{demo.HDND}},
	}
	for _, tc := range cases {
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
			}
			if got := c.keys[it.FollowUpUnitID]; got != follow {
				t.Errorf("follow-up %s, want %s", got, follow)
			}
		})
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

// doc builds a one-area resolution from plain texts.
func doc(title string, texts ...string) resolution.Document {
	a := resolution.Area{Number: 1, Title: title}
	for i, s := range texts {
		a.Items = append(a.Items, resolution.Item{Index: i + 1, Text: s})
	}
	return resolution.Document{Number: resolution.Number{Raw: "5-NQ/ĐU"}, Tasks: []resolution.Area{a}}
}

func TestHandMade(t *testing.T) {
	pctt := demo.Unit{Key: "pctt", Kind: models.UnitGovernment, Name: "Ban Chỉ huy PCTT-TKCN phường",
		Aliases: []string{"Ban Chỉ huy phòng chống thiên tai"}}
	const (
		defence = "Công tác quốc phòng an ninh"
		culture = "Về văn hóa xã hội"
		party   = "Công tác tổ chức, xây dựng Đảng"
		orgs    = "Mặt trận các đoàn thể"
	)
	cases := []struct {
		name     string
		change   func(u *demo.Unit, active *bool) bool
		extra    []demo.Unit
		area     string
		text     string
		lead     string // demo key; "" for none
		conf     float64
		reason   string
		coord    []string // exactly, in order
		flags    []string
		newArea  bool
		followUp string
	}{
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
			lead:   demo.MTTQ, conf: confAreaDefault},
		{name: "unknown area is offered as new", area: "Công tác phòng chống bão số 5 (CONSON)",
			text: "Khắc phục hậu quả sạt lở bờ kè.", newArea: true, reason: reasonNoLead},
		{name: "two subjects: two leads", area: defence,
			text: "UBND phường, Công an phường tổ chức ra quân bảo đảm ATGT.",
			lead: demo.UBND, conf: confNamedSubject, coord: []string{demo.CongAn}, flags: []string{FlagMultipleLeads}},
		{name: "Front and organisations: one lead", area: orgs,
			text: "UBMTTQVN, các đoàn thể phường vận động ủng hộ Quỹ vì người nghèo.",
			lead: demo.MTTQ, conf: confNamedSubject,
			coord: []string{demo.DoanTN, demo.CCB, demo.LHPN, demo.NongDan}},
		{name: "cells: the office leads, cells not listed", area: party,
			text: "Các chi bộ trực thuộc tổ chức sinh hoạt chi bộ chuyên đề quý IV.",
			lead: demo.VP, conf: confCellsGroup, reason: "nêu ở đầu: «Các chi bộ trực thuộc»"},
		{name: "a named cell coordinates", area: party,
			text: "Nâng cao chất lượng sinh hoạt chi bộ, trước hết ở Chi bộ TDP Bến Đò.",
			lead: demo.VP, conf: confKeyword, reason: "từ khóa: sinh hoạt chi bộ", coord: []string{demo.CBBenDo}},
		{name: "inspection followed up by the UBKT", area: party,
			text: "Kiểm tra đảng viên chấp hành Điều lệ Đảng.",
			lead: demo.UBKT, conf: confKeyword, followUp: demo.UBKT},
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
		{name: "subject school lead falls to schools group in order", area: culture,
			change: func(u *demo.Unit, _ *bool) bool { return u.Key != demo.MamNon },
			text:   "Các trường tổ chức khai giảng năm học mới.",
			lead:   demo.THCS, conf: confSchoolsGroup, coord: []string{demo.TieuHoc}},
	}
	for _, tc := range cases {
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
			if got := c.keysOf(it.CoordinatingUnitIDs); !slices.Equal(got, append([]string{}, tc.coord...)) {
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

func TestCooperationReason(t *testing.T) {
	c := newCommittee(t, nil)
	it := Proposals(doc("Về kinh tế", "Tiếp tục phối hợp với Công an phường xử lý khai thác cát trái phép."), c.units, defaultAreas())[0]
	if c.keys[it.LeadUnitID] != demo.UBND || len(it.CoordinatingUnitIDs) != 1 || c.keys[it.CoordinatingUnitIDs[0]] != demo.CongAn ||
		it.Suggestion.CoordinatingReasons[0] != "Công an phường: phối hợp với «Công an phường»" {
		t.Errorf("lead %s coordinating %v %q", c.keys[it.LeadUnitID], c.keysOf(it.CoordinatingUnitIDs), it.Suggestion.CoordinatingReasons)
	}
}

func TestAreaMatching(t *testing.T) {
	areas := defaultAreas()
	cases := map[string]string{ // resolution title → default area ("" = new)
		"Về kinh tế": "Về kinh tế",
		"Công tác phòng, chống dịch bệnh Covid – 19":                   "Công tác phòng, chống dịch bệnh",
		"Hoạt động của Mặt trận, các đoàn thể chính trị xã hội phường": "Hoạt động của Mặt trận, các đoàn thể chính trị - xã hội",
		"Mặt trận các đoàn thể":                                        "Hoạt động của Mặt trận, các đoàn thể chính trị - xã hội",
		"MTTQ và các đoàn thể":                                         "Hoạt động của Mặt trận, các đoàn thể chính trị - xã hội",
		"Quốc phòng an ninh":                                           "Công tác quốc phòng an ninh",
		"Về văn hoá - xã hội":                                          "Về văn hóa xã hội",
		"Về kinh tế - xã hội":                                          "Về kinh tế",
		"CÔNG TÁC XÂY DỰNG ĐẢNG":                                       "Công tác tổ chức, xây dựng Đảng",
		"Công tác CCHC":                                                "Công tác cải cách hành chính",
		"Công tác triển khai phòng chống bão số 5 (CONSON)":            "",
		"Công tác thi đua khen thưởng":                                 "",
		"":                                                             "",
	}
	for title, want := range cases {
		m := matchArea(title, areas)
		if m.area.Name != want || (want == "") != (m.newName == title) || m.reason == "" {
			t.Errorf("%q → %q new %q (%s), want %q", title, m.area.Name, m.newName, m.reason, want)
		}
	}
	if m := matchArea("Về kinh tế", nil); m.newName != "Về kinh tế" {
		t.Errorf("no areas: %+v", m)
	}
}

func TestEmptyInputs(t *testing.T) {
	if got := Proposals(resolution.Document{}, nil, nil); got == nil || len(got) != 0 {
		t.Errorf("empty document: %#v", got)
	}
	odd := resolution.Document{Tasks: []resolution.Area{
		{},
		{Number: 0, Items: []resolution.Item{{}, {Text: "-"}, {Text: "Các"}, {Text: "phối hợp với"},
			{Text: "UBND", Footnotes: []document.Footnote{{Number: 1}}}}},
		{Number: 2, Title: "   ", Items: []resolution.Item{{Index: 7, Text: "Tiếp tục"}}},
	}}
	units := []models.Unit{{ID: "", Name: "UBND phường", Kind: models.UnitGovernment, Active: true}, {ID: "x", Active: true}}
	items := Proposals(odd, units, []models.Area{{}})
	if len(items) != 6 || items[0].Key != "0.1" || items[5].Key != "2.7" {
		t.Fatalf("items %+v", items)
	}
	for _, it := range items {
		checkInvariants(t, it, map[models.ID]bool{"x": true})
		if it.LeadUnitID != "" || it.AreaID != "" || it.NewAreaName != "" {
			t.Errorf("%s: lead %q area %q new %q", it.Key, it.LeadUnitID, it.AreaID, it.NewAreaName)
		}
	}
}
