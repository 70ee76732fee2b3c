package suggest

import (
	"slices"

	"github.com/theodoi/theodoi/models"
)

// followUpScope is a row of followUpScopes (rules.go).
type followUpScope struct {
	name       string
	categories []string // area categories in the scope
	words      []phrase // words of a task in the scope
	inSection  []phrase // words after "theo dõi" in section III
	followers  []role   // the default followers, first present
	general    bool     // every task is in it
}

// followPlan is who section III of the resolution makes follow up what:
// per scope (same index as followUpScopes), and everyone it names, in
// order.
type followPlan struct {
	byScope [][]models.Unit
	all     []models.Unit
}

// readImplementation finds the follow-up assignments of section III:
// "Văn phòng, UBKT, Khối Dân vận Đảng ủy thường xuyên theo dõi…",
// "Giao Ủy ban Kiểm tra theo dõi, đôn đốc công tác kiểm tra, giám sát".
// The units named before the verb follow up what the words after it name,
// or, when they name nothing, what each unit follows by default.
func (d directory) readImplementation(text string) followPlan {
	plan := followPlan{byScope: make([][]models.Unit, len(followUpScopes))}
	toks := tokenize(text)
	ms := d.mentions(text, toks)
	for _, cl := range clauses(toks) {
		verb := firstOf(toks, cl[0], cl[1], followVerbs)
		if verb < 0 {
			continue
		}
		scopes := scopesNamed(toks[verb:cl[1]])
		for _, m := range followersIn(toks, ms, cl[0], verb) {
			sc := scopes
			if len(sc) == 0 {
				sc = d.defaultScopes(m.unit.ID)
			}
			for _, s := range sc {
				plan.byScope[s] = appendUnit(plan.byScope[s], m.unit)
			}
			plan.all = appendUnit(plan.all, m.unit)
		}
	}
	return plan
}

// followersIn are the units named in words [from, verb) that follow up:
// those before a recipient word ("Văn phòng … giúp Ban Thường vụ theo
// dõi"), or, when there are none, those after the last one ("… báo cáo
// kết quả về Văn phòng Đảng ủy để tổng hợp").
func followersIn(toks []token, ms []mention, from, verb int) []mention {
	stop, last := verb, -1
	for i := from; i < verb; i++ {
		for _, p := range recipientWords {
			if i+len(p) <= verb && matchAt(toks, i, p) {
				stop, last = min(stop, i), i+len(p)
			}
		}
	}
	pick := func(lo, hi int) []mention {
		var out []mention
		for _, m := range ms {
			if m.group == nil && m.start >= lo && m.end <= hi {
				out = append(out, m)
			}
		}
		return out
	}
	if out := pick(from, stop); len(out) > 0 || last < 0 {
		return out
	}
	return pick(last, verb)
}

// followUp picks the follow-up unit of a task: section III's followers
// for the task's scopes, then anyone section III names, then the scopes'
// default followers; never the lead itself.
func (d directory) followUp(plan followPlan, lead models.ID, toks []token, cat *category) models.ID {
	scopes := taskScopes(toks, cat)
	var cands []models.Unit
	for _, s := range scopes {
		if s < len(plan.byScope) {
			cands = append(cands, plan.byScope[s]...)
		}
	}
	cands = append(cands, plan.all...)
	for _, s := range scopes {
		for _, r := range followUpScopes[s].followers {
			if u, ok := d.find(r); ok {
				cands = append(cands, u)
			}
		}
	}
	for _, u := range cands {
		if u.ID != lead {
			return u.ID
		}
	}
	return ""
}

// taskScopes are the scopes a task is in, specific ones first.
func taskScopes(toks []token, cat *category) []int {
	var out []int
	for i, s := range followUpScopes {
		in := s.general || cat != nil && slices.Contains(s.categories, cat.name)
		for _, p := range s.words {
			in = in || find(toks, p, 0) >= 0
		}
		if in {
			out = append(out, i)
		}
	}
	return out
}

// scopesNamed are the scopes whose section III words occur in toks.
func scopesNamed(toks []token) []int {
	var out []int
	for i, s := range followUpScopes {
		for _, p := range s.inSection {
			if find(toks, p, 0) >= 0 {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// defaultScopes are the scopes a unit follows when section III names it
// without saying what for: those it is a default follower of, else the
// general one.
func (d directory) defaultScopes(id models.ID) []int {
	var out []int
	general := -1
	for i, s := range followUpScopes {
		if s.general {
			general = i
		}
		if d.playsAny(id, s.followers) {
			out = append(out, i)
		}
	}
	if len(out) == 0 && general >= 0 {
		out = append(out, general)
	}
	return out
}

// clauses splits toks at sentence and clause marks (".", ";", ":", line
// breaks) into [start, end) word ranges.
func clauses(toks []token) [][2]int {
	var out [][2]int
	start := 0
	for i := 1; i <= len(toks); i++ {
		if i == len(toks) || toks[i].clause {
			out = append(out, [2]int{start, i})
			start = i
		}
	}
	return out
}

// firstOf is the first word index in [from, to) where one of ps starts
// and fits, or -1.
func firstOf(toks []token, from, to int, ps []phrase) int {
	for i := from; i < to; i++ {
		for _, p := range ps {
			if i+len(p) <= to && matchAt(toks, i, p) {
				return i
			}
		}
	}
	return -1
}

func appendUnit(list []models.Unit, u models.Unit) []models.Unit {
	for _, x := range list {
		if x.ID == u.ID {
			return list
		}
	}
	return append(list, u)
}
