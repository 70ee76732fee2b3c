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
	if it.LeadUnitID == "" && (it.Suggestion.LeadConfidence != 0 || !strings.HasPrefix(it.Suggestion.LeadReason, reasonNoLead)) {
		t.Errorf("%s: no lead but confidence %v reason %q", it.Key, it.Suggestion.LeadConfidence, it.Suggestion.LeadReason)
	}
	if it.LeadUnitID != "" && (it.Suggestion.LeadConfidence <= 0 || it.Suggestion.LeadConfidence > 1 || it.Suggestion.LeadReason == "") {
		t.Errorf("%s: lead with confidence %v reason %q", it.Key, it.Suggestion.LeadConfidence, it.Suggestion.LeadReason)
	}
	if (it.AreaID == "") == (it.NewAreaName == "") && it.NewAreaName != "" || it.Suggestion.AreaReason == "" {
		t.Errorf("%s: area %q new %q reason %q", it.Key, it.AreaID, it.NewAreaName, it.Suggestion.AreaReason)
	}
}

func unitIDs(units []models.Unit) []models.ID {
	ids := make([]models.ID, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	return ids
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

// doc builds a one-area resolution from plain texts.
func doc(title string, texts ...string) resolution.Document {
	a := resolution.Area{Number: 1, Title: title}
	for i, s := range texts {
		a.Items = append(a.Items, resolution.Item{Index: i + 1, Text: s})
	}
	return resolution.Document{Number: resolution.Number{Raw: "5-NQ/ĐU"}, Tasks: []resolution.Area{a}}
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
