package resolution

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/theodoi/theodoi/models"
)

type sectionKind int

const (
	sectionOther sectionKind = iota
	sectionReview
	sectionTasks
	sectionImplementation
)

// scheme is how a resolution numbers its sections: "I.", "A." or "Phần I".
type scheme int

const (
	schemeNone scheme = iota
	schemeRoman
	schemeLetter
	schemePart
)

// heading is a line that may open a section: its numbering, number,
// title and the kind its words give it.
type heading struct {
	scheme scheme
	n      int
	title  string
	kind   sectionKind
}

var (
	sectionRe = regexp.MustCompile(`^([IVX]{1,5})\s*[.\-–—:]\s*(\S.*)$`)
	letterRe  = regexp.MustCompile(`^([A-E])\s*[.\-–—:]\s*(\S.*)$`)
	partRe    = regexp.MustCompile(`^(?i:phần)\s+((?i:thứ)\s+\p{L}+|[IVX]{1,5}|\d)\s*[.\-–—:]?\s*(\S.*)$`)
)

var romans = map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}

// ordinals are the "Phần thứ …" numbers, folded.
var ordinals = map[string]int{"nhat": 1, "hai": 2, "ba": 3, "tu": 4}

// headingOf reads a line as a possible section heading, by form only.
func headingOf(l line) (heading, bool) {
	if l.bullet || l.sub || l.text == "" {
		return heading{}, false
	}
	var h heading
	switch c := l.text[0]; {
	case c == 'I' || c == 'V' || c == 'X':
		m := sectionRe.FindStringSubmatch(l.text)
		if m == nil || romans[m[1]] == 0 {
			return heading{}, false
		}
		h = heading{scheme: schemeRoman, n: romans[m[1]], title: m[2]}
	case c >= 'A' && c <= 'E':
		m := letterRe.FindStringSubmatch(l.text)
		if m == nil {
			return heading{}, false
		}
		h = heading{scheme: schemeLetter, n: int(m[1][0]-'A') + 1, title: m[2]}
	case c == 'P' || c == 'p':
		m := partRe.FindStringSubmatch(l.text)
		if m == nil {
			return heading{}, false
		}
		h = heading{scheme: schemePart, n: partNumber(m[1]), title: m[2]}
	default:
		return heading{}, false
	}
	h.kind = classifySection(h.title)
	return h, true
}

func partNumber(s string) int {
	if n, ok := romans[s]; ok {
		return n
	}
	f := models.Fold(s)
	if rest, ok := strings.CutPrefix(f, "thu "); ok {
		return ordinals[rest]
	}
	return atoi(s)
}

// sectionHeading recognises "I. …", "I- …", "II - …", "B. …" and "Phần
// thứ hai: …" and classifies them by their words, not their number. An
// unclassified heading is accepted only in Roman numbering, when it is
// the next numeral and starts with a capital, so a sentence like
// "X-quang …" is not a heading; letters and parts must say what they
// are.
func sectionHeading(l line, lastRoman int) (sectionKind, int, bool) {
	h, ok := headingOf(l)
	if !ok || !acceptsHeading(h, schemeNone, lastRoman) {
		return 0, 0, false
	}
	return h.kind, h.n, true
}

// acceptsHeading: within a document numbered by current (schemeNone
// before the first section), is h the next section?
func acceptsHeading(h heading, current scheme, last int) bool {
	if h.kind != sectionOther {
		return current == schemeNone || h.scheme == current || h.scheme != schemeRoman
	}
	if h.scheme != schemeRoman || (current != schemeNone && current != schemeRoman) || h.n != last+1 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(h.title)
	return unicode.IsUpper(first)
}

func classifySection(title string) sectionKind {
	f := models.Fold(title)
	switch {
	case strings.Contains(f, "to chuc thuc hien"):
		return sectionImplementation
	case strings.Contains(f, "tinh hinh") || strings.Contains(f, "ket qua") || strings.Contains(f, "danh gia"):
		return sectionReview
	case strings.Contains(f, "phuong huong") || strings.Contains(f, "nhiem vu"):
		return sectionTasks
	}
	return sectionOther
}
