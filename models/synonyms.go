package models

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Synonyms are groups of folded phrasings that mean the same in a search:
// the abbreviations resolutions and tasks write and the words people type
// ("GPMB" and "giải phóng mặt bằng"). A search finds a task by any
// phrasing of its group, both ways.
var Synonyms = [][]string{
	{"gpmb", "giai phong mat bang"},
	{"nvqs", "nghia vu quan su"},
	{"tthc", "thu tuc hanh chinh"},
	{"dtn", "doan tncs", "doan thanh nien"},
	{"mttq", "mat tran to quoc"},
	{"lhpn", "lien hiep phu nu", "hoi phu nu"},
	{"ccb", "cuu chien binh"},
	{"hnd", "hoi nong dan"},
	{"pcgd-xmc", "pcgd xmc", "pho cap giao duc xoa mu chu"},
	{"antt", "an ninh trat tu"},
	{"atgt", "an toan giao thong"},
	{"attp", "an toan thuc pham", "vsattp", "ve sinh an toan thuc pham"},
	{"pccc", "phong chay chua chay"},
	{"tdp", "to dan pho"},
	{"bhyt", "bao hiem y te"},
	{"bhxh", "bao hiem xa hoi"},
	{"ubnd", "uy ban nhan dan"},
	{"hdnd", "hoi dong nhan dan"},
	{"ubkt", "uy ban kiem tra"},
	{"btv", "ban thuong vu"},
	{"ntm", "nong thon moi"},
	{"ktxh", "kinh te - xa hoi", "kinh te xa hoi"},
}

// MaxAlternatives bounds the other phrasings one search tries.
const MaxAlternatives = 16

// Alternatives are the other phrasings of a folded query under groups:
// each phrase of a group found in the query as whole words is replaced by
// each other phrase of its group (and combinations, up to
// MaxAlternatives). The query itself is not among them.
func Alternatives(query string, groups [][]string) []string {
	seen := map[string]bool{query: true}
	frontier := []string{query}
	var out []string
	for len(frontier) > 0 && len(out) < MaxAlternatives {
		q := frontier[0]
		frontier = frontier[1:]
		for _, g := range groups {
			for _, from := range g {
				at := wordIndex(q, from)
				if at < 0 {
					continue
				}
				for _, to := range g {
					alt := q[:at] + to + q[at+len(from):]
					if seen[alt] || len(out) >= MaxAlternatives {
						continue
					}
					seen[alt] = true
					out = append(out, alt)
					frontier = append(frontier, alt)
				}
			}
		}
	}
	return out
}

// wordIndex is where phrase stands in s as whole words, or -1.
func wordIndex(s, phrase string) int {
	for off := 0; off <= len(s); {
		i := strings.Index(s[off:], phrase)
		if i < 0 {
			return -1
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(phrase):])
		if (i == 0 || !wordRune(before)) && (i+len(phrase) == len(s) || !wordRune(after)) {
			return i
		}
		off = i + 1
	}
	return -1
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
