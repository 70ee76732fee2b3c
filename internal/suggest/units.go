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
	kinds   []models.UnitKind // empty: any kind
	phrases []phrase
}

var (
	roleUBND = role{[]models.UnitKind{models.UnitGovernment},
		phrasesOf("UBND", "Ủy ban nhân dân")}
	roleCongAn = role{[]models.UnitKind{models.UnitGovernment},
		phrasesOf("Công an")}
	roleQuanSu = role{[]models.UnitKind{models.UnitGovernment},
		phrasesOf("Quân sự", "CHQS", "BCHQS")}
	roleYTe = role{[]models.UnitKind{models.UnitGovernment},
		phrasesOf("Y tế", "TYT")}
	// rolePCTT is a standing disaster committee, when the committee keeps
	// one as a unit; otherwise its work goes to the military command.
	rolePCTT = role{nil,
		phrasesOf("PCTT", "phòng chống thiên tai", "phòng, chống thiên tai")}
	roleMTTQ = role{[]models.UnitKind{models.UnitMassOrg},
		phrasesOf("MTTQ", "UBMTTQ", "UBMTTQVN", "Mặt trận")}
	roleVP = role{[]models.UnitKind{models.UnitPartyBody},
		phrasesOf("Văn phòng")}
	roleUBKT = role{[]models.UnitKind{models.UnitPartyBody},
		phrasesOf("UBKT", "Ủy ban Kiểm tra")}
)

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

// find is the first unit, in the committee's order, that plays r.
func (d directory) find(r role) (models.Unit, bool) {
	for _, e := range d.entries {
		if len(r.kinds) > 0 && !slices.Contains(r.kinds, e.unit.Kind) {
			continue
		}
		for _, n := range e.names {
			for _, rp := range r.phrases {
				if n.words.contains(rp) {
					return e.unit, true
				}
			}
		}
	}
	return models.Unit{}, false
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

// group is a plural subject that stands for several units.
type group int

const (
	noGroup group = iota
	groupSchools
	groupOrgs  // the Front and the mass organisations
	groupCells // the chi bộ
)

var groupPhrases = []struct {
	g       group
	phrases []phrase
	// anywhere: the phrase names the group in the middle of a sentence
	// too ("nhất là khối mặt trận các đoàn thể"), not only as a subject.
	anywhere bool
}{
	{groupSchools, phrasesOf("Các trường", "Các trường học", "Các nhà trường"), false},
	{groupOrgs, phrasesOf("Các đoàn thể", "Các đoàn thể chính trị - xã hội", "Các đoàn thể chính trị - xã hội phường",
		"Mặt trận các đoàn thể", "Mặt trận và các đoàn thể", "MTTQ và các đoàn thể", "MTTQ các đoàn thể"), false},
	{groupOrgs, phrasesOf("khối mặt trận", "khối mặt trận các đoàn thể", "khối mặt trận và các đoàn thể",
		"khối mặt trận, đoàn thể"), true},
	{groupCells, phrasesOf("Các chi bộ", "Các chi bộ trực thuộc"), false},
}

// mention is a unit or a group named in a text, words [start, end).
type mention struct {
	unit       models.Unit // zero for a group
	group      group
	anywhere   bool
	start, end int
	text       string
}

// notOurs are words after a name that make it another body: "UBND tỉnh",
// "Hội LHPN tỉnh", "MTTQ Việt Nam", "Văn phòng đăng ký đất đai".
// They are compared with their accents: "tỉnh" folds like "tình".
var notOurs = [][]string{{"tỉnh"}, {"thị", "xã"}, {"thị", "ủy"}, {"thị", "uỷ"}, {"huyện"}, {"quận"},
	{"thành", "phố"}, {"thành", "ủy"}, {"thành", "uỷ"}, {"trung", "ương"}, {"tw"}, {"việt", "nam"},
	{"cấp", "trên"}, {"đăng", "ký"}}

// notSchools follow "các trường" when it is not the ward's schools:
// "các trường hợp", "các trường ĐH, CĐ".
var notSchools = [][]string{{"hợp"}, {"đh"}, {"cđ"}, {"đại", "học"}, {"cao", "đẳng"}, {"thpt"}}

// notAUnit are words before a name that make it an activity: "nghĩa vụ
// quân sự", "công tác dân vận".
var notAUnit = phrasesOf("nghĩa vụ", "công tác")

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
		for _, gp := range groupPhrases {
			for _, p := range gp.phrases {
				if len(p) > best.end-i && matchAt(toks, i, p) {
					best = mention{group: gp.g, anywhere: gp.anywhere, start: i, end: i + len(p)}
				}
			}
		}
		if best.end < 0 {
			i++
			continue
		}
		if !d.foreign(toks, best) {
			best.text = span(text, toks, best.start, best.end)
			out = append(out, best)
		}
		i = best.end
	}
	return out
}

// foreign reports a match that is not the committee's unit: inside a
// document code, a higher-level body, or an activity.
func (d directory) foreign(toks []token, m mention) bool {
	if toks[m.start].glued {
		return true
	}
	if m.group == groupSchools {
		for _, p := range notSchools {
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
