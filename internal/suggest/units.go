package suggest

import (
	"slices"

	"github.com/theodoi/theodoi/models"
)

// role is a kind of body the rules speak of ("the UBND", "the military
// command"); the committee's unit playing it is found by kind and by a
// word in its name or aliases, since every committee names its units its
// own way.
type role struct {
	label   string            // for reasons, when the committee lacks the body
	kinds   []models.UnitKind // empty: any kind
	phrases []phrase
}

// unitSet is a set of units that coordinate: every unit of the kinds and
// the units playing the roles, less those playing an except role.
type unitSet struct {
	label  string
	kinds  []models.UnitKind
	roles  []role
	except []role
}

func (s unitSet) empty() bool { return len(s.kinds) == 0 && len(s.roles) == 0 }

// entry is an active unit with its name and aliases.
type entry struct {
	unit  models.Unit
	names []name
}

// directory is the committee's active units. Inactive units are left out
// here, so no rule can ever suggest one.
type directory struct {
	entries []entry
}

func newDirectory(units []models.Unit) directory {
	var d directory
	for _, u := range units {
		if !u.Active || u.ID == "" {
			continue
		}
		e := entry{unit: u, names: namesOf(append([]string{u.Name}, u.Aliases...)...)}
		d.entries = append(d.entries, e)
	}
	return d
}

// plays reports whether e is a unit of role r.
func (e entry) plays(r role) bool {
	if len(r.kinds) > 0 && !slices.Contains(r.kinds, e.unit.Kind) {
		return false
	}
	for _, n := range e.names {
		for _, rp := range r.phrases {
			if n.words.contains(rp) {
				return true
			}
		}
	}
	return false
}

// find is the first unit, in the committee's order, that plays r.
func (d directory) find(r role) (models.Unit, bool) {
	for _, e := range d.entries {
		if e.plays(r) {
			return e.unit, true
		}
	}
	return models.Unit{}, false
}

// firstOf is the unit of the first role in rs the committee has.
func (d directory) firstOf(rs []role) (models.Unit, bool) {
	for _, r := range rs {
		if u, ok := d.find(r); ok {
			return u, true
		}
	}
	return models.Unit{}, false
}

// resolve lists the units of a set: by kind sorted by folded name, then
// the roles' units, each once.
func (d directory) resolve(s unitSet) []models.Unit {
	var out []models.Unit
	for _, k := range s.kinds {
		out = append(out, d.ofKind(k)...)
	}
	for _, r := range s.roles {
		if u, ok := d.find(r); ok {
			out = append(out, u)
		}
	}
	seen := map[models.ID]bool{}
	return slices.DeleteFunc(out, func(u models.Unit) bool {
		if seen[u.ID] || d.playsAny(u.ID, s.except) {
			return true
		}
		seen[u.ID] = true
		return false
	})
}

func (d directory) playsAny(id models.ID, rs []role) bool {
	for _, e := range d.entries {
		if e.unit.ID != id {
			continue
		}
		for _, r := range rs {
			if e.plays(r) {
				return true
			}
		}
	}
	return false
}

// ofKind lists the units of a kind, sorted by folded name.
func (d directory) ofKind(k models.UnitKind) []models.Unit {
	var out []models.Unit
	for _, e := range d.entries {
		if e.unit.Kind == k {
			out = append(out, e.unit)
		}
	}
	slices.SortStableFunc(out, func(a, b models.Unit) int {
		fa, fb := models.Fold(a.Name), models.Fold(b.Name)
		switch {
		case fa < fb:
			return -1
		case fa > fb:
			return 1
		}
		return 0
	})
	return out
}

// mention is a unit or a group named in a text, words [start, end).
type mention struct {
	unit       models.Unit // zero for a group
	group      *groupRule  // nil for a unit
	start, end int
	text       string
}

// mentions finds the units and groups named in a text, longest name first
// at each word, left to right.
func (d directory) mentions(text string, toks []token) []mention {
	var out []mention
	for i := 0; i < len(toks); {
		best := mention{end: -1}
		for _, e := range d.entries {
			for _, n := range e.names {
				if len(n.words) > best.end-i && n.matchAt(toks, i) {
					best = mention{unit: e.unit, start: i, end: i + len(n.words)}
				}
			}
		}
		for g := range groupRules {
			for _, p := range groupRules[g].phrases {
				if len(p) > best.end-i && matchAt(toks, i, p) {
					best = mention{group: &groupRules[g], start: i, end: i + len(p)}
				}
			}
		}
		if best.end < 0 {
			i++
			continue
		}
		if !foreign(toks, best) {
			best.text = span(text, toks, best.start, best.end)
			out = append(out, best)
		}
		i = best.end
	}
	return out
}

// foreign reports a match that is not the committee's unit: inside a
// document code, a higher-level body, an activity, or words that make a
// group something else ("các trường hợp").
func foreign(toks []token, m mention) bool {
	if toks[m.start].glued {
		return true
	}
	if m.group != nil {
		for _, p := range m.group.notAfter {
			if matchLowerAt(toks, m.end, p) {
				return true
			}
		}
	}
	for _, p := range notOurs {
		if matchLowerAt(toks, m.end, p) && !toks[m.end].clause && !toks[m.end].comma {
			return true
		}
	}
	for _, p := range notAUnit {
		if m.start >= len(p) && matchAt(toks, m.start-len(p), p) && !toks[m.start].comma {
			return true
		}
	}
	return false
}
