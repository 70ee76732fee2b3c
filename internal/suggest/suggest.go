// Package suggest proposes, for each task of a parsed resolution, the
// committee's area, the lead, coordinating and follow-up units, and flags
// for the reviewer (DOMAIN.md §6). Every proposal carries a confidence and
// a reason in Vietnamese; a person confirms or edits it before anything is
// tracked. Nothing here guesses by position: areas match by their words,
// units by their names and aliases on folded keys.
package suggest

import (
	"fmt"
	"strings"

	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/models"
)

// Flags on an ImportItem.
const (
	FlagMultipleSubtasks = "multiple_subtasks"
	FlagMultipleLeads    = "multiple_leads"
	FlagWaitingCondition = "waiting_condition"
)

// Confidence of each way of finding the lead.
const (
	confNamedSubject = 0.9 // "Hội LHPN phường tổ chức…"
	confOrgsGroup    = 0.8 // "Các đoàn thể…" → the Front leads
	confSchoolsGroup = 0.7 // "Các trường…" → which school leads is a guess
	confOrgsBloc     = 0.7 // "…nhất là khối mặt trận các đoàn thể…"
	confKeyword      = 0.6 // "NVQS" → military command
	confKeywords     = 0.7 // two or more keyword rules agree
	confCellsGroup   = 0.5 // "Các chi bộ…" → the office follows them up
	confAreaDefault  = 0.3
)

const reasonNoLead = "chưa xác định được đơn vị chủ trì"

// Proposals turns the tasks of doc (section II) into import items, one per
// task, in order. units and areas are the committee's; inactive units are
// never suggested.
func Proposals(doc resolution.Document, units []models.Unit, areas []models.Area) []models.ImportItem {
	dir := newDirectory(units)
	items := []models.ImportItem{}
	for _, a := range doc.Tasks {
		am := matchArea(a.Title, areas)
		cat, hasCat := categoryOf(a.Title, am.area.Name)
		for i, it := range a.Items {
			index := it.Index
			if index <= 0 {
				index = i + 1
			}
			s := dir.suggest(it.Text, cat, hasCat)
			item := models.ImportItem{
				Key:         fmt.Sprintf("%d.%d", a.Number, index),
				AreaID:      am.area.ID,
				NewAreaName: am.newName,
				Text:        it.Text,
				Source: models.SourceRef{Resolution: doc.Number.Raw, Section: "II",
					AreaIndex: a.Number, ItemIndex: index},
				LeadUnitID:          s.lead,
				CoordinatingUnitIDs: append([]models.ID{}, s.coordinating...),
				FollowUpUnitID:      s.followUp,
				Deadline:            it.ProposedDeadline,
				DeadlineReason:      string(it.DeadlineReason),
				Continues:           it.Continues,
				Suggestion: models.Suggestion{
					LeadUnitID:          s.lead,
					LeadConfidence:      s.confidence,
					LeadReason:          s.reason,
					CoordinatingUnitIDs: s.coordinating,
					CoordinatingReasons: s.coordinatingReasons,
					AreaReason:          am.reason,
				},
			}
			for _, n := range it.Footnotes {
				item.Footnotes = append(item.Footnotes, fmt.Sprintf("%d: %s", n.Number, n.Text))
			}
			if it.MultipleSubtasks {
				item.Flags = append(item.Flags, FlagMultipleSubtasks)
			}
			if s.multipleLeads {
				item.Flags = append(item.Flags, FlagMultipleLeads)
			}
			if it.WaitingForCondition {
				item.Flags = append(item.Flags, FlagWaitingCondition)
			}
			items = append(items, item)
		}
	}
	return items
}

// assignment is what was suggested for one item.
type assignment struct {
	lead                models.ID
	confidence          float64
	reason              string
	coordinating        []models.ID
	coordinatingReasons []string
	followUp            models.ID
	multipleLeads       bool
}

func (u *assignment) addCoordinating(unit models.Unit, why string) {
	if unit.ID == u.lead {
		return
	}
	for _, id := range u.coordinating {
		if id == unit.ID {
			return
		}
	}
	u.coordinating = append(u.coordinating, unit.ID)
	u.coordinatingReasons = append(u.coordinatingReasons, unit.Name+": "+why)
}

// candidate is a possible lead and the units that come with it (the other
// schools of "Các trường", the organisations of "Các đoàn thể").
type candidate struct {
	lead       models.Unit
	confidence float64
	reason     string
	with       []models.Unit
	withReason string
}

// keywordHit is a keyword rule that found its unit in an item.
type keywordHit struct {
	unit       models.Unit
	words      []string // as written in the item
	rules      int      // distinct rules pointing at unit
	first      int      // word index of the first hit
	inspection bool
}

func (d directory) suggest(text string, cat category, hasCat bool) assignment {
	toks := tokenize(text)
	ms := d.mentions(text, toks)
	subjects := subjectMentions(toks, ms)
	hits := d.keywordHits(text, toks)

	var u assignment
	var chosen *candidate
	var others []candidate // further subjects, each a lead in its own right

	// Rule 1: the subject named at the start; the Front's bloc anywhere.
	for _, m := range subjects {
		if c, ok := d.candidateFor(m); ok {
			switch {
			case chosen == nil:
				chosen = &c
			case c.lead.ID != chosen.lead.ID:
				others = append(others, c)
			default: // "UBMTTQVN, các đoàn thể…": the same lead, more units
				chosen.with = append(chosen.with, c.with...)
			}
		}
	}
	if chosen == nil {
		for _, m := range ms {
			if m.anywhere && !cooperating(toks, m.start) {
				if c, ok := d.candidateFor(m); ok {
					c.confidence = confOrgsBloc
					c.reason = "nêu «" + m.text + "» → " + c.lead.Name + " chủ trì, các đoàn thể phối hợp"
					chosen = &c
					break
				}
			}
		}
	}
	// Rule 2: keywords. Rule 3: the area's default unit.
	kwLead := -1
	if chosen == nil && len(hits) > 0 {
		kwLead = bestHit(hits)
		h := hits[kwLead]
		conf := confKeyword
		if h.rules > 1 {
			conf = confKeywords
		}
		chosen = &candidate{lead: h.unit, confidence: conf,
			reason: "từ khóa: " + strings.Join(h.words, ", ") + " → " + h.unit.Name}
	}
	if chosen == nil && hasCat {
		for _, r := range cat.roles {
			if unit, ok := d.find(r); ok {
				chosen = &candidate{lead: unit, confidence: confAreaDefault,
					reason: "mặc định của lĩnh vực " + cat.name + " → " + unit.Name}
				break
			}
		}
	}
	if chosen == nil {
		u.reason = reasonNoLead
	} else {
		u.lead, u.confidence, u.reason = chosen.lead.ID, chosen.confidence, chosen.reason
		for _, w := range chosen.with {
			u.addCoordinating(w, chosen.withReason)
		}
	}

	// Other subjects lead too: the reviewer decides whether to split.
	for _, c := range others {
		u.multipleLeads = true
		u.addCoordinating(c.lead, "cũng được nêu ở đầu («"+c.reason+"») — có thể cùng chủ trì")
		for _, w := range c.with {
			u.addCoordinating(w, c.withReason)
		}
	}
	// Units named in the text coordinate.
	for _, m := range ms {
		if m.unit.ID == "" {
			// A group inside the text coordinates only when the text says
			// so: "các trường" alone may be universities (5.2 of the sample).
			if (m.group == groupSchools || m.group == groupOrgs) && cooperating(toks, m.start) {
				if c, ok := d.candidateFor(m); ok {
					u.addCoordinating(c.lead, "phối hợp với «"+m.text+"»")
					for _, w := range c.with {
						u.addCoordinating(w, "phối hợp với «"+m.text+"»")
					}
				}
			}
			continue
		}
		if cooperating(toks, m.start) {
			u.addCoordinating(m.unit, "phối hợp với «"+m.text+"»")
		} else {
			u.addCoordinating(m.unit, "nêu tên trong nội dung: «"+m.text+"»")
		}
	}
	// A keyword that points elsewhere than the chosen lead is a second
	// lead, unless the text already has that unit cooperating.
	if chosen != nil {
		for i, h := range hits {
			if i == kwLead || h.unit.ID == u.lead || namedAsCooperating(toks, ms, h.unit.ID) {
				continue
			}
			u.multipleLeads = true
			u.addCoordinating(h.unit, "có thể cùng chủ trì (từ khóa: "+strings.Join(h.words, ", ")+")")
		}
	}
	u.followUp = d.followUp(u.lead, hits)
	if u.coordinating == nil {
		u.coordinating = []models.ID{}
	}
	return u
}

// followUp is the office by default, the UBKT for inspection work.
func (d directory) followUp(lead models.ID, hits []keywordHit) models.ID {
	inspection := false
	for _, h := range hits {
		inspection = inspection || h.inspection
	}
	if ubkt, ok := d.find(roleUBKT); ok && (inspection || ubkt.ID == lead) {
		return ubkt.ID
	}
	if vp, ok := d.find(roleVP); ok {
		return vp.ID
	}
	if ubkt, ok := d.find(roleUBKT); ok {
		return ubkt.ID
	}
	return ""
}

// subjectPrefixes may stand before the subject: "Tiếp tục chỉ đạo UBND
// phường…", "Đề nghị Hội CCB…".
var subjectPrefixes = phrasesOf("tiếp tục", "giao", "giao cho", "đề nghị", "yêu cầu", "chỉ đạo")

// subjectMentions are the mentions that open the item, with those listed
// after them ("UBND phường, Công an phường tổ chức…", "… và …").
func subjectMentions(toks []token, ms []mention) []mention {
	i := 0
	for moved := true; moved; {
		moved = false
		for _, p := range subjectPrefixes {
			if matchAt(toks, i, p) {
				i += len(p)
				moved = true
				break
			}
		}
	}
	var out []mention
	for _, m := range ms {
		switch {
		case m.start == i && len(out) == 0:
		case len(out) > 0 && m.start == i && toks[i].comma && !toks[i].clause:
		case len(out) > 0 && m.start == i+1 && (toks[i].key == "va" || toks[i].key == "cung"):
		default:
			if m.start >= i {
				return out
			}
			continue
		}
		out = append(out, m)
		i = m.end
	}
	return out
}

// cooperating reports a "phối hợp (với)" or "cùng với" earlier in the
// clause that holds word i.
func cooperating(toks []token, i int) bool {
	for j := i - 1; j >= 0; j-- {
		if toks[j].key == "phoi" && j+1 < len(toks) && toks[j+1].key == "hop" {
			return true
		}
		if toks[j].key == "cung" && j+1 < len(toks) && toks[j+1].key == "voi" {
			return true
		}
		if toks[j].clause {
			return false
		}
	}
	return false
}

func namedAsCooperating(toks []token, ms []mention, id models.ID) bool {
	for _, m := range ms {
		if m.unit.ID == id && cooperating(toks, m.start) {
			return true
		}
	}
	return false
}

// candidateFor turns a mention into a lead: the unit itself, or the unit
// that leads a group. ok is false when the committee lacks that unit.
func (d directory) candidateFor(m mention) (candidate, bool) {
	switch m.group {
	case noGroup:
		return candidate{lead: m.unit, confidence: confNamedSubject, reason: "nêu tên ở đầu: " + m.text}, true
	case groupSchools:
		schools := d.ofKind(models.UnitSchool)
		if len(schools) == 0 {
			return candidate{}, false
		}
		return candidate{lead: schools[0], confidence: confSchoolsGroup, with: schools[1:],
			reason:     "nêu ở đầu: «" + m.text + "» → " + schools[0].Name + " chủ trì, các trường khác phối hợp",
			withReason: "cùng nhóm «" + m.text + "»"}, true
	case groupOrgs:
		front, ok := d.find(roleMTTQ)
		if !ok {
			return candidate{}, false
		}
		return candidate{lead: front, confidence: confOrgsGroup, with: d.ofKind(models.UnitMassOrg),
			reason:     "nêu ở đầu: «" + m.text + "» → " + front.Name + " chủ trì, các đoàn thể phối hợp",
			withReason: "cùng nhóm «" + m.text + "»"}, true
	case groupCells:
		// Every cell carries the task out; the office follows them up and
		// is the one accountable unit. Listing 100+ cells helps nobody.
		vp, ok := d.find(roleVP)
		if !ok {
			return candidate{}, false
		}
		return candidate{lead: vp, confidence: confCellsGroup,
			reason: "nêu ở đầu: «" + m.text + "» → " + vp.Name + " chủ trì theo dõi, các chi bộ thực hiện"}, true
	}
	return candidate{}, false
}

// keywordHits applies the keyword rules, one hit per unit.
func (d directory) keywordHits(text string, toks []token) []keywordHit {
	var hits []keywordHit
	for _, r := range keywordRules {
		first, words := -1, []string(nil)
		for _, p := range r.phrases {
			for at := find(toks, p, 0); at >= 0; at = find(toks, p, at+1) {
				if first < 0 || at < first {
					first = at
				}
				if w := span(text, toks, at, at+len(p)); !containsFold(words, w) {
					words = append(words, w)
				}
			}
		}
		if first < 0 {
			continue
		}
		unit, ok := models.Unit{}, false
		for _, role := range r.roles {
			if unit, ok = d.find(role); ok {
				break
			}
		}
		if !ok {
			continue // the committee lacks the unit: fall through
		}
		merged := false
		for i := range hits {
			if hits[i].unit.ID == unit.ID {
				h := &hits[i]
				h.rules++
				h.first = min(h.first, first)
				h.inspection = h.inspection || r.inspection
				for _, w := range words {
					if !containsFold(h.words, w) {
						h.words = append(h.words, w)
					}
				}
				merged = true
			}
		}
		if !merged {
			hits = append(hits, keywordHit{unit: unit, words: words, rules: 1, first: first, inspection: r.inspection})
		}
	}
	return hits
}

func containsFold(list []string, s string) bool {
	f := models.Fold(s)
	for _, x := range list {
		if models.Fold(x) == f {
			return true
		}
	}
	return false
}

// bestHit is the unit most rules point at; the earliest in the text on a
// tie.
func bestHit(hits []keywordHit) int {
	best := 0
	for i, h := range hits[1:] {
		b := hits[best]
		if h.rules > b.rules || (h.rules == b.rules && h.first < b.first) {
			best = i + 1
		}
	}
	return best
}
