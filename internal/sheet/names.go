package sheet

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// maxSheetName is Excel's limit, counted in UTF-16 units.
const maxSheetName = 31

// sheetNames hands out sheet names that Excel accepts, each once. Keys are
// lower-cased because Excel compares sheet names without case.
type sheetNames map[string]bool

func newSheetNames() sheetNames {
	// Excel reserves "History" for its change-tracking sheet.
	return sheetNames{"history": true}
}

// claim returns a clean form of name that no earlier sheet has, adding
// " (2)", " (3)"… when needed.
func (n sheetNames) claim(name string) string {
	base := cleanSheetName(name)
	candidate := base
	for i := 2; n[strings.ToLower(candidate)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		candidate = strings.TrimSpace(truncateUTF16(base, maxSheetName-len(suffix))) + suffix
	}
	n[strings.ToLower(candidate)] = true
	return candidate
}

// cleanSheetName replaces the characters Excel forbids in sheet names with
// look-alikes, so "Tháng 10/2025" stays readable as "Tháng 10-2025".
func cleanSheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':':
			return '-'
		case '[':
			return '('
		case ']':
			return ')'
		case '*', '?':
			return '_'
		case '\'':
			// Excel forbids a leading or trailing apostrophe, and excelize
			// does not escape one inside the auto-filter's sheet reference.
			return '’'
		}
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, name)
	name = strings.TrimSpace(truncateUTF16(strings.TrimSpace(name), maxSheetName))
	if name == "" {
		return "Sheet"
	}
	return name
}

// truncateUTF16 cuts s to at most n UTF-16 units without splitting a rune.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}
