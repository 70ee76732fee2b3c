package resolution

import (
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/theodoi/theodoi/models"
)

// Dates and document numbers are scanned by hand: they are looked for in
// every paragraph, and Go's regexps were most of the parse time.

type dateRange struct{ from, to models.Date }

type dateToken struct {
	start, end int
	date       models.Date
}

var (
	wordDateRe  = regexp.MustCompile(`(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b`)
	rangeJoinRe = regexp.MustCompile(`(?i)^\s*(?:[-–—]|đến|tới)\s*(?:ngày\s*)?$`)
)

// findDates reads dd/mm/yyyy, "ngày d tháng m năm yyyy" and ranges
// ("(17/10/2021-18/11/2021)", "từ ngày … đến ngày …", "06 -17/9/2021")
// from NFC text. Dates come out in text order, once each.
func findDates(s string) ([]models.Date, []dateRange) {
	var toks []dateToken
	var ranges []dateRange
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && isWordByte(s[i-1])) {
			continue
		}
		if from, to, end, ok := shortRangeAt(s, i); ok {
			toks = append(toks, dateToken{i, i, from}, dateToken{end, end, to})
			ranges = append(ranges, dateRange{from, to})
			i = end - 1
		} else if d, end, ok := numericDateAt(s, i); ok {
			toks = append(toks, dateToken{i, end, d})
			i = end - 1
		}
	}
	if strings.Contains(s, "háng") || strings.Contains(s, "HÁNG") {
		for _, m := range wordDateRe.FindAllStringSubmatchIndex(s, -1) {
			if d := makeDate(s[m[6]:m[7]], s[m[4]:m[5]], s[m[2]:m[3]]); d != "" {
				toks = append(toks, dateToken{m[0], m[1], d})
			}
		}
		sort.SliceStable(toks, func(i, j int) bool { return toks[i].start < toks[j].start })
	}
	for i := 0; i+1 < len(toks); i++ {
		a, b := toks[i], toks[i+1]
		if a.end < b.start && rangeJoinRe.MatchString(s[a.end:b.start]) {
			ranges = append(ranges, dateRange{a.date, b.date})
		}
	}
	var dates []models.Date
	for _, t := range toks {
		if !containsDate(dates, t.date) {
			dates = append(dates, t.date)
		}
	}
	return dates, ranges
}

func containsDate(ds []models.Date, d models.Date) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// numericDateAt reads "d/m/yyyy" at i, ending at a word boundary.
func numericDateAt(s string, i int) (models.Date, int, bool) {
	d, j := digitsAt(s, i, 2)
	if j == i || j >= len(s) || s[j] != '/' {
		return "", 0, false
	}
	m, k := digitsAt(s, j+1, 2)
	if k == j+1 || k >= len(s) || s[k] != '/' {
		return "", 0, false
	}
	y, end := digitsAt(s, k+1, 4)
	if end-(k+1) != 4 || (end < len(s) && isWordByte(s[end])) {
		return "", 0, false
	}
	date := makeDate(y, m, d)
	return date, end, date != ""
}

// shortRangeAt reads "06 -17/9/2021": two days of one month.
func shortRangeAt(s string, i int) (from, to models.Date, end int, ok bool) {
	d, j := digitsAt(s, i, 2)
	if j == i {
		return "", "", 0, false
	}
	j = skipSpace(s, j)
	switch {
	case strings.HasPrefix(s[j:], "-"):
		j++
	case strings.HasPrefix(s[j:], "–"):
		j += len("–")
	default:
		return "", "", 0, false
	}
	j = skipSpace(s, j)
	to, end, ok = numericDateAt(s, j)
	if !ok {
		return "", "", 0, false
	}
	from = makeDate(string(to)[:4], string(to)[5:7], d)
	return from, to, end, from != ""
}

// makeDate builds a real calendar day from printed numbers. A date in a
// resolution may be history ("03/02/1930", the Party's founding), so any
// four-digit year is a date here; a date proposed as a deadline must also
// be storable.
func makeDate(y, m, d string) models.Date {
	yy, mm, dd := atoi(y), atoi(m), atoi(d)
	if yy < 1000 || yy > 9999 {
		return ""
	}
	t := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if t.Year() != yy || int(t.Month()) != mm || t.Day() != dd {
		return ""
	}
	return models.Date(t.Format(time.DateOnly))
}

// storable: a date the application keeps as a deadline (models bounds
// the years).
func storable(d models.Date) bool {
	_, err := models.ParseDeadline(string(d))
	return err == nil
}

// digitsAt reads up to max ASCII digits at i; a longer run is no match.
func digitsAt(s string, i, max int) (string, int) {
	if i >= len(s) {
		return "", i
	}
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j-i > max {
		return "", i
	}
	return s[i:j], j
}

func twoDigits(d string) string {
	if len(d) == 1 {
		return "0" + d
	}
	return d
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWordByte is the ASCII word class, as regexp's \b sees it.
func isWordByte(c byte) bool {
	return isDigit(c) || c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

// findDocRefs reads document numbers: "84/NQ-HĐND", "22/2013/QĐ-TTg",
// "12-HD/BTCTW", "11-QĐi/TW", "428/HĐNVQS- BCH": a number, maybe a year,
// then codes that start with a capital.
func findDocRefs(s string) []string {
	var refs []string
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			continue
		}
		if prev, _ := utf8.DecodeLastRuneInString(s[:i]); i > 0 && (unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '/') {
			continue
		}
		end, ok := docRefAt(s, i)
		if ok {
			refs = append(refs, s[i:end])
			i = end - 1
		}
	}
	return refs
}

func docRefAt(s string, i int) (int, bool) {
	_, j := digitsAt(s, i, 5)
	if j == i {
		return 0, false
	}
	// "/2013" belongs to the number only if codes follow it.
	if j < len(s) && s[j] == '/' {
		if y, k := digitsAt(s, j+1, 4); len(y) == 4 {
			if end, ok := codesAt(s, k); ok {
				return end, true
			}
		}
	}
	return codesAt(s, j)
}

// codesAt reads one or more "-CODE" or "/CODE" parts, a space allowed
// around the separator after the first.
func codesAt(s string, i int) (int, bool) {
	end, ok := codeAt(s, i, false)
	if !ok {
		return 0, false
	}
	for {
		next, ok := codeAt(s, end, true)
		if !ok {
			return end, true
		}
		end = next
	}
}

func codeAt(s string, i int, spaceBefore bool) (int, bool) {
	if spaceBefore && i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	if i >= len(s) || (s[i] != '-' && s[i] != '/') {
		return 0, false
	}
	i++
	if i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if !unicode.IsUpper(r) {
		return 0, false
	}
	for i += size; i < len(s); i += size {
		if r, size = utf8.DecodeRuneInString(s[i:]); !unicode.IsLetter(r) {
			break
		}
	}
	return i, true
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
