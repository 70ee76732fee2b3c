package suggest

import (
	"strings"

	"github.com/theodoi/theodoi/models"
)

// groupRule is a plural subject that stands for several units (rules.go).
type groupRule struct {
	phrases []phrase
	// notAfter are words right after the phrase, with their accents, that
	// make it something else: "các trường hợp", "các trường ĐH".
	notAfter [][]string
	lead     []role // the body that directs the group, first present
	members  unitSet
	conf     float64
	// anywhere: the phrase leads from the middle of a sentence too.
	anywhere bool
	// inText: named in the middle of an item, the members coordinate
	// even when the text does not say "phối hợp".
	inText bool
	why    string
}

// candidate is a possible lead and the units that come with it.
type candidate struct {
	lead       models.Unit
	confidence float64
	reason     string
	with       []models.Unit
	withReason string
}

// candidateFor turns a mention into a lead: the unit itself, or the body
// that directs a group, with the members. where says how the text named
// it ("nêu ở đầu"). ok is false when the committee has no unit for it.
func (d directory) candidateFor(m mention, where string) (candidate, bool) {
	if m.group == nil {
		return candidate{lead: m.unit, confidence: confNamedSubject, reason: "nêu tên ở đầu: " + m.text}, true
	}
	g := m.group
	members := d.resolve(g.members)
	c := candidate{confidence: g.conf, withReason: "thuộc nhóm «" + m.text + "»"}
	lead, ok := d.firstOf(g.lead)
	switch {
	case ok:
		c.lead, c.with = lead, members
		c.reason = where + ": «" + m.text + "» → " + lead.Name + " chủ trì"
		if g.why != "" {
			c.reason += " (" + g.why + ")"
		}
	case len(members) > 0:
		// Without the directing body, one member leads for the others:
		// a guess, and said to be one.
		c.lead, c.with = members[0], members[1:]
		c.confidence = min(c.confidence, confStandIn)
		c.reason = where + ": «" + m.text + "» → chưa có đơn vị " + g.lead[0].label +
			", tạm gợi ý " + members[0].Name + " chủ trì"
	default:
		return candidate{}, false
	}
	if len(c.with) > 0 {
		c.reason += ", " + g.members.label + " phối hợp"
	}
	return c, true
}

// membersOf is what a group named in the middle of a text brings as
// coordinating units.
func (d directory) membersOf(m mention) []models.Unit {
	if m.group == nil {
		return nil
	}
	return d.resolve(m.group.members)
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "«" + s + "»"
	}
	return strings.Join(q, ", ")
}
