package suggest

import (
	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/models"
)

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
	if unit.ID == "" || unit.ID == u.lead {
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

// reading is one item's text read once.
type reading struct {
	text   string
	toks   []token
	ms     []mention
	hits   []keywordHit
	extras []keywordExtra
}

func (d directory) read(text string) reading {
	r := reading{text: text, toks: tokenize(text)}
	r.ms = d.mentions(text, r.toks)
	r.hits, r.extras = d.keywordHits(text, r.toks)
	return r
}

// leadChoice is the lead found for an item and how.
type leadChoice struct {
	chosen *candidate
	others []candidate // further subjects, each a lead in its own right
	kw     int         // the keyword hit that leads, or -1
}

// suggest proposes the units of one item. cat is the item's area
// category, nil when the area is about nothing the rules know.
func (d directory) suggest(it resolution.Item, cat *category, plan followPlan) assignment {
	r := d.read(it.Text)
	tbl := d.readTable(it)
	ch := d.chooseLead(r, cat)
	if tbl.lead != nil {
		ch = leadChoice{chosen: tbl.lead, others: tbl.others, kw: -1}
	}
	var u assignment
	if ch.chosen == nil {
		u.reason = reasonNoLead
	} else {
		u.lead, u.confidence, u.reason = ch.chosen.lead.ID, ch.chosen.confidence, ch.chosen.reason
	}
	if tbl.note != "" {
		u.reason += "; " + tbl.note
	}
	if tbl.hasCoordinating {
		// The table is the committee's own assignment: the text adds nothing.
		d.coordinateFromTable(&u, ch, tbl)
	} else {
		d.coordinate(&u, r, ch)
	}
	u.followUp = d.followUp(plan, u.lead, r.toks, cat)
	if u.coordinating == nil {
		u.coordinating = []models.ID{}
	}
	return u
}

// chooseLead applies the rules in order of confidence: the subject named
// at the start, a group that leads from anywhere, the keywords, the
// area's default.
func (d directory) chooseLead(r reading, cat *category) leadChoice {
	ch := leadChoice{kw: -1}
	for _, m := range subjectMentions(r.toks, r.ms) {
		c, ok := d.candidateFor(m, "nêu ở đầu")
		if !ok {
			continue
		}
		switch {
		case ch.chosen == nil:
			ch.chosen = &c
		case c.lead.ID != ch.chosen.lead.ID:
			ch.others = append(ch.others, c)
		default: // "UBMTTQVN, các đoàn thể…": the same lead, more units
			ch.chosen.with = append(ch.chosen.with, c.with...)
		}
	}
	if ch.chosen != nil {
		return ch
	}
	for _, m := range r.ms {
		if m.group != nil && m.group.anywhere && !cooperating(r.toks, m.start) {
			if c, ok := d.candidateFor(m, "nêu"); ok {
				ch.chosen = &c
				return ch
			}
		}
	}
	if len(r.hits) > 0 {
		ch.kw = bestHit(r.hits)
		h := r.hits[ch.kw]
		ch.chosen = &candidate{lead: h.unit, confidence: h.conf, reason: h.reason()}
		return ch
	}
	if cat != nil {
		if unit, ok := d.firstOf(cat.roles); ok {
			ch.chosen = &candidate{lead: unit, confidence: confAreaDefault,
				reason: "mặc định của lĩnh vực " + cat.name + " → " + unit.Name}
		}
	}
	return ch
}

// subjectMentions are the mentions that open the item, with those listed
// after them ("UBND phường, Công an phường tổ chức…", "… và …").
func subjectMentions(toks []token, ms []mention) []mention {
	i := skipPhrases(toks, 0, subjectPrefixes)
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

// category is what an area is about (rules.go).
type category struct {
	name    string
	phrases []phrase
	roles   []role
}

// categoryOf classifies an area by its title (or, failing that, by the
// name of the committee's area it matched); nil when nothing fits.
func categoryOf(titles ...string) *category {
	for _, t := range titles {
		toks := tokenize(t)
		for i := range categories {
			for _, p := range categories[i].phrases {
				if find(toks, p, 0) >= 0 {
					return &categories[i]
				}
			}
		}
	}
	return nil
}
