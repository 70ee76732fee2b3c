package models

import (
	"strings"
	"unicode"
)

// Fold turns text into a search key: lower case, Vietnamese diacritics
// removed, đ→d, runs of space collapsed. "Ủy ban", "Uỷ ban" and "uy ban"
// all fold to "uy ban", whether the input was composed or decomposed.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) { // combining accents; zero-width and bidi marks
			continue
		}
		r = unicode.ToLower(r)
		if base, ok := foldTable[r]; ok {
			r = base
		}
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ")
}

var foldTable = buildFoldTable(map[rune]string{
	'a': "àáảãạăằắẳẵặâầấẩẫậ",
	'e': "èéẻẽẹêềếểễệ",
	'i': "ìíỉĩị",
	'o': "òóỏõọôồốổỗộơờớởỡợ",
	'u': "ùúủũụưừứửữự",
	'y': "ỳýỷỹỵ",
	'd': "đ",
})

func buildFoldTable(groups map[rune]string) map[rune]rune {
	t := make(map[rune]rune)
	for base, variants := range groups {
		for _, v := range variants {
			t[v] = base
		}
	}
	return t
}
