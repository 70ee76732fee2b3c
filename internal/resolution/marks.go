package resolution

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// mark is how a paragraph is marked as an area or an item. Committees
// differ: areas are "1. …", "I. …" or "Về …" paragraphs; items are "-"
// bullets, "a)", "1.1." or, under Roman or "Về" areas, "1.".
type mark int

const (
	markNone   mark = iota
	markRoman       // "I. …"
	markArabic      // "1. …"
	markVe          // "Về kinh tế:" on a line of its own
	markDotted      // "1.1. …"
	markLetter      // "a) …"
	markBullet      // "-", "•" or a Word bullet
	markPlus        // "+": part of the item above
)

// depth orders item marks from the outermost; a line marked deeper than
// the current item belongs to it ("-" lines under an "a)" item).
func (m mark) depth() int {
	switch m {
	case markArabic:
		return 1
	case markDotted:
		return 2
	case markLetter:
		return 3
	case markBullet:
		return 4
	case markPlus:
		return 5
	}
	return 0
}

var (
	areaRe       = regexp.MustCompile(`^(\d{1,2})\s*[.)]\s*([^\d\s].*)$`)
	dottedRe     = regexp.MustCompile(`^\d{1,2}\.\d{1,2}(?:\.\d{1,2})?[.)]?\s+(\S.*)$`)
	letterItemRe = regexp.MustCompile(`^[a-zđ][).]\s+(\S.*)$`)
)

// numbered reads "4. Title" (or "4) Title").
func numbered(text string) (n int, title string, ok bool) {
	if text == "" || !isDigit(text[0]) {
		return 0, "", false
	}
	m := areaRe.FindStringSubmatch(text)
	if m == nil {
		return 0, "", false
	}
	return atoi(m[1]), m[2], true
}

// romanNumbered reads "II. Title" the way a section heading is written.
func romanNumbered(text string) (n int, title string, ok bool) {
	if text == "" || !strings.ContainsRune("IVX", rune(text[0])) {
		return 0, "", false
	}
	m := sectionRe.FindStringSubmatch(text)
	if m == nil || romans[m[1]] == 0 {
		return 0, "", false
	}
	return romans[m[1]], m[2], true
}

// itemMark reads the mark a plain (not bulleted) line starts with and
// returns the text after it.
func itemMark(text string) (mark, string) {
	if text == "" {
		return markNone, text
	}
	if isDigit(text[0]) {
		if m := dottedRe.FindStringSubmatch(text); m != nil {
			return markDotted, m[1]
		}
		return markNone, text
	}
	if r, _ := utf8.DecodeRuneInString(text); (r >= 'a' && r <= 'z') || r == 'đ' {
		if m := letterItemRe.FindStringSubmatch(text); m != nil {
			return markLetter, m[1]
		}
	}
	return markNone, text
}

// maxVeWords: "Về công tác quốc phòng, an ninh, quân sự địa phương" is
// about as long as an area title gets; a longer line is a sentence.
const maxVeWords = 12

// veHeading reads an area written as a paragraph "Về kinh tế" or "Về
// kinh tế: first task…". A title holds no digits and does not end a
// sentence, so "Về nhiệm vụ tháng 11, …" is not one.
func veHeading(text string) (title, rest string, ok bool) {
	if !strings.HasPrefix(text, "Về ") && !strings.HasPrefix(text, "VỀ ") {
		return "", "", false
	}
	title = text
	if i := strings.Index(text, ":"); i >= 0 {
		title, rest = text[:i], strings.TrimSpace(text[i+1:])
	} else if strings.ContainsAny(text[len(text)-1:], ".;,") {
		return "", "", false
	}
	if strings.ContainsAny(title, "0123456789.;") || countWords(title) > maxVeWords {
		return "", "", false
	}
	return strings.TrimSpace(title), rest, true
}

// areaRow reads a merged table row that names an area: "I. LĨNH VỰC KINH
// TẾ", "2. Văn hóa - xã hội", "Về xây dựng Đảng", "Lĩnh vực văn hóa" or
// a title in capitals.
func areaRow(text string) (n int, title string, ok bool) {
	if n, title, ok := romanNumbered(text); ok {
		return n, title, true
	}
	if n, title, ok := numbered(text); ok {
		return n, title, true
	}
	if title, rest, ok := veHeading(text); ok && rest == "" {
		return 0, title, true
	}
	short := countWords(text) <= maxVeWords && !strings.HasSuffix(text, ".")
	if short && (isCaps(text) || strings.HasPrefix(text, "Lĩnh vực ")) {
		return 0, text, true
	}
	return 0, "", false
}

// splitTitle cuts "4. Title: first item…" after the title.
func splitTitle(s string) (title, rest string) {
	title = strings.TrimSpace(s)
	if i := strings.Index(title, ": "); i >= 0 {
		title, rest = strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+2:])
	}
	return strings.TrimRight(strings.TrimSpace(title), ":"), rest
}

// isRomanNumeral: the STT of an area row, "I", "II." …
func isRomanNumeral(s string) bool {
	return romans[strings.TrimRight(s, ".")] > 0
}

// isLetterNumeral: "A", "B." as an area row's STT.
func isLetterNumeral(s string) bool {
	s = strings.TrimRight(s, ".")
	return len(s) == 1 && s[0] >= 'A' && s[0] <= 'Z'
}
