package suggest

import (
	"strings"

	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/models"
)

// tableAnswer is what a task table's "Đơn vị chủ trì" and "Đơn vị phối
// hợp" cells say about an item. The table is the committee's own
// assignment, so a unit it names is suggested with full confidence.
type tableAnswer struct {
	lead            *candidate
	others          []candidate // further units in the lead cell
	hasCoordinating bool
	coordinating    []models.Unit
	coordinatingWhy []string
	// note names what the cells hold that matches no unit.
	note string
}

func (d directory) readTable(it resolution.Item) tableAnswer {
	var t tableAnswer
	var unmatched []string
	if cell := strings.TrimSpace(it.Lead); cell != "" {
		ms, rest := d.cellMentions(cell)
		unmatched = append(unmatched, rest...)
		for _, m := range ms {
			c, ok := d.candidateFor(m, "bảng nhiệm vụ ghi chủ trì")
			if !ok {
				unmatched = append(unmatched, m.text)
				continue
			}
			if m.group == nil {
				c.confidence, c.reason = confTable, "bảng nhiệm vụ ghi đơn vị chủ trì: «"+m.text+"»"
			}
			if t.lead == nil {
				t.lead = &c
			} else if c.lead.ID != t.lead.lead.ID {
				t.others = append(t.others, c)
			}
		}
	}
	for _, cell := range it.Coordinating {
		cell = strings.TrimSpace(cell)
		if cell == "" {
			continue
		}
		t.hasCoordinating = true
		ms, rest := d.cellMentions(cell)
		unmatched = append(unmatched, rest...)
		for _, m := range ms {
			units := []models.Unit{m.unit}
			if m.group != nil {
				units = d.membersOf(m)
			}
			if len(units) == 0 {
				unmatched = append(unmatched, m.text)
			}
			for _, w := range units {
				t.coordinating = append(t.coordinating, w)
				t.coordinatingWhy = append(t.coordinatingWhy, "bảng nhiệm vụ ghi phối hợp: «"+m.text+"»")
			}
		}
	}
	if len(unmatched) > 0 {
		t.note = "bảng nhiệm vụ ghi " + quoteAll(unmatched) + " nhưng không khớp đơn vị nào"
	}
	return t
}

// coordinateFromTable takes the coordinating units from the table, and
// the table's further leads as possible co-leads.
func (d directory) coordinateFromTable(u *assignment, ch leadChoice, t tableAnswer) {
	if ch.chosen != nil {
		for _, w := range ch.chosen.with {
			u.addCoordinating(w, ch.chosen.withReason)
		}
	}
	d.addOthers(u, ch.others)
	for i, w := range t.coordinating {
		u.addCoordinating(w, t.coordinatingWhy[i])
	}
}

// cellMentions are the units and groups a table cell names, and the parts
// of the cell (between commas, semicolons, line breaks or "và") that name
// none.
func (d directory) cellMentions(cell string) ([]mention, []string) {
	toks := tokenize(cell)
	ms := d.mentions(cell, toks)
	var rest []string
	start := 0
	for _, end := range cellCuts(cell) {
		part := strings.TrimSpace(cell[start:end])
		if part != "" && !covered(toks, ms, start, end) {
			rest = append(rest, part)
		}
		start = end
	}
	return ms, rest
}

// cellCuts are the byte offsets where a cell splits into names, the last
// one its length. The separator stays at the start of the next part and
// is trimmed there.
func cellCuts(cell string) []int {
	var cuts []int
	for i, r := range cell {
		switch {
		case r == ',' || r == ';' || r == '\n' || r == '+':
			cuts = append(cuts, i)
		case r == ' ' && strings.HasPrefix(cell[i:], " và "):
			cuts = append(cuts, i)
		}
	}
	return append(cuts, len(cell))
}

// covered reports whether a mention overlaps bytes [from, to).
func covered(toks []token, ms []mention, from, to int) bool {
	for _, m := range ms {
		if toks[m.start].start < to && toks[m.end-1].end > from {
			return true
		}
	}
	return false
}
