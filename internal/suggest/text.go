package suggest

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
)

// token is one word of a text: its folded key and where it sits in the
// original, so that a match on keys can be shown in the original spelling.
type token struct {
	key string // models.Fold of the word
	// toned is key with the word's tone: "công" and "cộng" both fold to
	// "cong", but only the first is public investment ("đầu tư công",
	// not "đầu tư cộng đồng"). Phrases compare toned words; the old and
	// new tone placements (uỷ/ủy) carry the same tone.
	toned      string
	lower      string // the word in lower case, accents kept (NFC)
	caps       bool   // written without lower-case letters: "UBND", "CA"
	start, end int    // byte offsets in the original text
	// glued: the word follows "-" or "/" with no space, as inside a
	// document code ("84/NQ-HĐND"): a unit alias there is not a mention.
	glued bool
	// comma: a "," or ";" stands between this word and the one before.
	comma bool
	// clause: a ".", ";", ":" or line break stands before this word, so a
	// "phối hợp" further back does not reach it.
	clause bool
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&' || unicode.Is(unicode.Mn, r)
}

// isCaps: letters, at least two, none lower-case.
func isCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// tokenize splits text into words; punctuation only separates them, so
// "TT. HĐND", "TT HĐND" and "chính trị-xã hội" / "chính trị - xã hội"
// give the same keys.
func tokenize(text string) []token {
	var toks []token
	start := -1
	gapStart := 0
	flush := func(end int) {
		gap := text[gapStart:start]
		w := text[start:end]
		t := token{key: models.Fold(w), lower: strings.ToLower(norm.NFC.String(w)), caps: isCaps(w),
			start: start, end: end}
		t.toned = t.key + toneOf(w)
		t.glued = len(toks) > 0 && (gap == "-" || gap == "/")
		t.comma = strings.ContainsAny(gap, ",;")
		t.clause = strings.ContainsAny(gap, ".;:\n")
		toks = append(toks, t)
		start, gapStart = -1, end
	}
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
		}
	}
	if start >= 0 {
		flush(len(text))
	}
	return toks
}

// tones are the combining marks of the five marked Vietnamese tones.
var tones = map[rune]string{'\u0301': "1", '\u0300': "2", '\u0309': "3", '\u0303': "4", '\u0323': "5"}

// toneOf is the tone of a word as a digit, "" for the level tone.
func toneOf(w string) string {
	tone := ""
	for _, r := range norm.NFD.String(w) {
		if t, ok := tones[r]; ok {
			tone = t
		}
	}
	return tone
}

// phrase is a toned word sequence to look for ("uy3 ban nhan dan").
type phrase []string

func phraseOf(s string) phrase {
	toks := tokenize(s)
	p := make(phrase, len(toks))
	for i, t := range toks {
		p[i] = t.toned
	}
	return p
}

func phrasesOf(ss ...string) []phrase {
	out := make([]phrase, 0, len(ss))
	for _, s := range ss {
		if p := phraseOf(s); len(p) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// matchAt reports whether p occurs in toks starting at word i.
func matchAt(toks []token, i int, p phrase) bool {
	if len(p) == 0 || i+len(p) > len(toks) {
		return false
	}
	for k, w := range p {
		if toks[i+k].toned != w {
			return false
		}
	}
	return true
}

// matchLowerAt is matchAt on the accented words, for the few words whose
// folded form is ambiguous ("tỉnh" and "tình" both fold to "tinh").
func matchLowerAt(toks []token, i int, words []string) bool {
	if len(words) == 0 || i+len(words) > len(toks) {
		return false
	}
	for k, w := range words {
		if toks[i+k].lower != w {
			return false
		}
	}
	return true
}

// find is the first word index where p occurs at or after from, or -1.
func find(toks []token, p phrase, from int) int {
	for i := from; i+len(p) <= len(toks); i++ {
		if matchAt(toks, i, p) {
			return i
		}
	}
	return -1
}

// contains reports whether phrase sub occurs inside phrase p.
func (p phrase) contains(sub phrase) bool {
	if len(sub) == 0 {
		return false
	}
	for i := 0; i+len(sub) <= len(p); i++ {
		ok := true
		for k, w := range sub {
			if p[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// span is the original text of words i..j-1.
func span(text string, toks []token, i, j int) string {
	if i >= j || j > len(toks) {
		return ""
	}
	return text[toks[i].start:toks[j-1].end]
}

// name is a unit's name or alias as a phrase. An abbreviation in it only
// matches an abbreviation in the text: the alias "CA phường" must not
// match "cả phường", which folds the same.
type name struct {
	words phrase
	caps  []bool
}

func namesOf(ss ...string) []name {
	out := make([]name, 0, len(ss))
	for _, s := range ss {
		toks := tokenize(s)
		if len(toks) == 0 {
			continue
		}
		n := name{words: make(phrase, len(toks)), caps: make([]bool, len(toks))}
		for i, t := range toks {
			n.words[i], n.caps[i] = t.toned, t.caps
		}
		out = append(out, n)
	}
	return out
}

func (n name) matchAt(toks []token, i int) bool {
	if !matchAt(toks, i, n.words) {
		return false
	}
	for k, c := range n.caps {
		if c && !toks[i+k].caps {
			return false
		}
	}
	return true
}
