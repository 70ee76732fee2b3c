package suggest

import (
	"strings"

	"github.com/theodoi/theodoi/models"
)

// keywordRule is a row of keywordRules (rules.go).
type keywordRule struct {
	phrases []phrase
	unless  []phrase
	opening bool
	lead    []role
	standIn []role
	with    unitSet
	conf    float64
	why     string
}

// keywordHit is what the rules that point at one unit found in an item.
type keywordHit struct {
	unit    models.Unit
	words   []string // as written in the item
	rules   int      // distinct rules pointing at unit
	first   int      // word index of the first hit
	conf    float64
	missing string // label of the body a stand-in replaces; "" when none
	why     []string
	with    []unitSet
}

// keywordExtra is a rule without a lead that brings coordinating units.
type keywordExtra struct {
	with  unitSet
	words []string
	why   string
}

// match is the first word index and the words of r found in toks, or -1.
func (r keywordRule) match(text string, toks []token) (int, []string) {
	for _, p := range r.unless {
		if find(toks, p, 0) >= 0 {
			return -1, nil
		}
	}
	if r.opening {
		at := skipPhrases(toks, 0, openers)
		best := phrase(nil)
		for _, p := range r.phrases {
			if len(p) > len(best) && matchAt(toks, at, p) {
				best = p
			}
		}
		if best == nil {
			return -1, nil
		}
		return at, []string{span(text, toks, at, at+len(best))}
	}
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
	return first, words
}

// skipPhrases moves past any of ps standing at word i, repeatedly.
func skipPhrases(toks []token, i int, ps []phrase) int {
	for moved := true; moved; {
		moved = false
		for _, p := range ps {
			if matchAt(toks, i, p) {
				i += len(p)
				moved = true
				break
			}
		}
	}
	return i
}

// keywordHits applies the keyword rules: one hit per unit, and the rules
// without a lead apart.
func (d directory) keywordHits(text string, toks []token) ([]keywordHit, []keywordExtra) {
	var hits []keywordHit
	var extras []keywordExtra
	for _, r := range keywordRules {
		first, words := r.match(text, toks)
		if first < 0 {
			continue
		}
		if len(r.lead) == 0 && len(r.standIn) == 0 {
			extras = append(extras, keywordExtra{with: r.with, words: words, why: r.why})
			continue
		}
		h := keywordHit{words: words, rules: 1, first: first, conf: r.conf, with: []unitSet{r.with}}
		if r.why != "" {
			h.why = []string{r.why}
		}
		var ok bool
		if h.unit, ok = d.firstOf(r.lead); !ok {
			if h.unit, ok = d.firstOf(r.standIn); !ok {
				continue // the committee lacks the body: fall through
			}
			h.conf = min(h.conf, confStandIn)
			h.missing = r.lead[0].label
		}
		hits = mergeHit(hits, h)
	}
	return hits, extras
}

// mergeHit adds h, or folds it into the hit for the same unit: two rules
// that agree raise the confidence, unless one of them is a stand-in.
func mergeHit(hits []keywordHit, h keywordHit) []keywordHit {
	for i := range hits {
		o := &hits[i]
		if o.unit.ID != h.unit.ID {
			continue
		}
		o.rules++
		o.first = min(o.first, h.first)
		o.conf = max(o.conf, h.conf)
		if o.missing == "" && h.missing == "" {
			o.conf = max(o.conf, confKeywords)
		}
		for _, w := range h.words {
			if !containsFold(o.words, w) {
				o.words = append(o.words, w)
			}
		}
		o.why = append(o.why, h.why...)
		o.with = append(o.with, h.with...)
		return hits
	}
	return append(hits, h)
}

// bestHit is the hit with the highest confidence, then the most rules,
// then the earliest in the text.
func bestHit(hits []keywordHit) int {
	best := 0
	for i, h := range hits {
		b := hits[best]
		if h.conf > b.conf || h.conf == b.conf && (h.rules > b.rules || h.rules == b.rules && h.first < b.first) {
			best = i
		}
	}
	return best
}

// reason explains a keyword lead in Vietnamese.
func (h keywordHit) reason() string {
	s := "từ khóa: " + strings.Join(h.words, ", ") + " → "
	if h.missing != "" {
		return s + "việc của " + h.missing + "; danh sách đơn vị chưa có " + h.missing +
			", tạm gợi ý " + h.unit.Name
	}
	s += h.unit.Name
	if len(h.why) > 0 {
		s += " (" + strings.Join(h.why, "; ") + ")"
	}
	return s
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
