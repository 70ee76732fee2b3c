package suggest

import (
	"strings"

	"github.com/theodoi/theodoi/models"
)

// coordinate adds the coordinating units an item's text gives: the
// members of a group that leads, other subjects (then several leads are
// flagged), the units a leading rule brings, units and groups named in
// the text, rules that only bring units, and keywords that tie with the
// lead.
func (d directory) coordinate(u *assignment, r reading, ch leadChoice) {
	if ch.chosen != nil {
		for _, w := range ch.chosen.with {
			u.addCoordinating(w, ch.chosen.withReason)
		}
	}
	d.addOthers(u, ch.others)
	if ch.kw >= 0 {
		h := r.hits[ch.kw]
		for _, s := range h.with {
			for _, w := range d.resolve(s) {
				u.addCoordinating(w, "từ khóa: "+strings.Join(h.words, ", ")+" → "+s.label+" phối hợp")
			}
		}
	}
	for _, m := range r.ms {
		if recipient(r.toks, m.start) {
			continue
		}
		coop := cooperating(r.toks, m.start)
		why := "nêu tên trong nội dung: «" + m.text + "»"
		if coop {
			why = "phối hợp với «" + m.text + "»"
		}
		if m.group == nil {
			u.addCoordinating(m.unit, why)
			continue
		}
		// A group inside the text coordinates when the text says so, or
		// when naming it there means its members do the work.
		if coop || m.group.inText {
			for _, w := range d.membersOf(m) {
				u.addCoordinating(w, why)
			}
		}
	}
	for _, x := range r.extras {
		for _, w := range d.resolve(x.with) {
			u.addCoordinating(w, "từ khóa: "+strings.Join(x.words, ", ")+" → "+x.why)
		}
	}
	if ch.kw < 0 {
		return
	}
	// A keyword for another unit, as strong as the lead's, is a second
	// lead unless the text has that unit cooperating.
	best := r.hits[ch.kw]
	for i, h := range r.hits {
		if i == ch.kw || h.conf < best.conf || h.unit.ID == u.lead || namedAsCooperating(r.toks, r.ms, h.unit.ID) {
			continue
		}
		u.multipleLeads = true
		u.addCoordinating(h.unit, "có thể cùng chủ trì (từ khóa: "+strings.Join(h.words, ", ")+")")
	}
}

// addOthers adds further subjects: each could lead, so the reviewer is
// told there are several leads and decides whether to split.
func (d directory) addOthers(u *assignment, others []candidate) {
	for _, c := range others {
		u.multipleLeads = true
		u.addCoordinating(c.lead, "cũng được nêu ở đầu («"+c.reason+"») — có thể cùng chủ trì")
		for _, w := range c.with {
			u.addCoordinating(w, c.withReason)
		}
	}
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

// recipient reports a unit named just after "báo cáo", "trình"…: it
// receives the work, it does not take part.
func recipient(toks []token, i int) bool {
	for j := max(0, i-3); j < i; j++ {
		for _, p := range recipientWords {
			if j+len(p) <= i && matchAt(toks, j, p) && !clauseBetween(toks, j, i) {
				return true
			}
		}
	}
	return false
}

func clauseBetween(toks []token, from, to int) bool {
	for k := from + 1; k <= to && k < len(toks); k++ {
		if toks[k].clause {
			return true
		}
	}
	return false
}

func namedAsCooperating(toks []token, ms []mention, id models.ID) bool {
	for _, m := range ms {
		if m.group == nil && m.unit.ID == id && cooperating(toks, m.start) {
			return true
		}
	}
	return false
}
