package resolution

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/theodoi/theodoi/models"
)

// analyse fills an item's hints from its text. Review paragraphs get only
// their dates and document references.
func analyse(it *Item, target models.Month, task bool) {
	f := foldWords(it.Text)
	var ranges []dateRange
	it.Dates, ranges = findDates(f.text)
	it.DocRefs = findDocRefs(it.Text)
	if !task {
		return
	}
	parts := clauses(it.Text)
	for i := range parts {
		parts[i] = models.Fold(parts[i])
	}
	it.Continues = strings.HasPrefix(f.text, "tiep tuc")
	separate := 0
	for i, pf := range parts {
		if i > 0 && strings.HasPrefix(pf, "tiep tuc") {
			it.PartlyContinues = true
		}
		if len(strings.Fields(pf)) >= 3 && !startsWithAny(pf, qualifiers) {
			separate++
		}
	}
	it.MultipleSubtasks = separate >= 2
	proposeDeadline(it, f, parts, ranges, target)
}

// qualifiers open a clause that narrows the one before it ("…; nhất là
// …") instead of adding work.
var qualifiers = []string{"nhat la", "dac biet", "trong do", "ke ca", "bao gom", "chu trong", "uu tien", "nhu "}

func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// folded is a text folded word by word (models.Fold), so that a match in
// the folded text maps back to the original words.
type folded struct {
	words  []string // original words
	text   string   // folded words joined by single spaces
	starts []int    // offset of each word in text
}

func foldWords(s string) folded {
	f := folded{words: strings.Fields(s), text: models.Fold(s)}
	// Folding the whole text at once is cheaper; it lines up with the
	// words unless a "word" was nothing but combining marks.
	if folds := strings.Fields(f.text); len(folds) == len(f.words) {
		off := 0
		for _, w := range folds {
			f.starts = append(f.starts, off)
			off += len(w) + 1
		}
		return f
	}
	var b strings.Builder
	for i, w := range f.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		f.starts = append(f.starts, b.Len())
		b.WriteString(models.Fold(w))
	}
	f.text = b.String()
	return f
}

// wordAt is the index of the word holding offset off of f.text.
func (f folded) wordAt(off int) int {
	return sort.Search(len(f.starts), func(i int) bool { return f.starts[i] > off }) - 1
}

// clauses splits a text at ";", at line breaks and at sentence ends (a
// "." followed by a capital), but not after an abbreviation ("TP. HCM").
func clauses(s string) []string {
	var out []string
	add := func(p string) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		end := i + size
		split := false
		switch r {
		case ';', '\n':
			split = true
		case '.', '…', '!', '?':
			split = capitalFollows(s[end:]) && !abbreviationBefore(s[:i])
		}
		if split {
			add(s[start:end])
			start = end
		}
		i = end
	}
	add(s[start:])
	return out
}

func capitalFollows(s string) bool {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if len(t) == len(s) || t == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

func abbreviationBefore(s string) bool {
	w := s[strings.LastIndexFunc(s, unicode.IsSpace)+1:]
	return w != "" && utf8.RuneCountInString(w) <= 3 && isCaps(w)
}

type dateRange struct{ from, to models.Date }

var (
	numericDateRe = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	wordDateRe    = regexp.MustCompile(`\bngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})\b`)
	// "06 -17/9/2021": a range inside one month, the first day bare.
	shortRangeRe = regexp.MustCompile(`\b(\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	rangeJoinRe  = regexp.MustCompile(`^\s*(?:[-–—]|den|toi)\s*(?:ngay\s*)?$`)
)

type dateToken struct {
	start, end int
	date       models.Date
}

// findDates reads dd/mm/yyyy, "ngày d tháng m năm yyyy" and ranges
// ("(17/10/2021-18/11/2021)", "từ ngày … đến ngày …", "06 -17/9/2021")
// from folded text. Dates come out in text order, once each.
func findDates(ft string) ([]models.Date, []dateRange) {
	if !strings.Contains(ft, "/") && !strings.Contains(ft, "thang") {
		return nil, nil // the regexps cost more than this look
	}
	var toks []dateToken
	var ranges []dateRange
	var shortSpans [][]int
	for _, m := range shortRangeRe.FindAllStringSubmatchIndex(ft, -1) {
		from := makeDate(ft[m[8]:m[9]], ft[m[6]:m[7]], ft[m[2]:m[3]])
		to := makeDate(ft[m[8]:m[9]], ft[m[6]:m[7]], ft[m[4]:m[5]])
		if from == "" || to == "" {
			continue
		}
		shortSpans = append(shortSpans, m)
		toks = append(toks, dateToken{m[0], m[0], from}, dateToken{m[1], m[1], to})
		ranges = append(ranges, dateRange{from, to})
	}
	for _, m := range numericDateRe.FindAllStringSubmatchIndex(ft, -1) {
		if inSpans(m[0], shortSpans) {
			continue
		}
		if d := makeDate(ft[m[6]:m[7]], ft[m[4]:m[5]], ft[m[2]:m[3]]); d != "" {
			toks = append(toks, dateToken{m[0], m[1], d})
		}
	}
	for _, m := range wordDateRe.FindAllStringSubmatchIndex(ft, -1) {
		if d := makeDate(ft[m[6]:m[7]], ft[m[4]:m[5]], ft[m[2]:m[3]]); d != "" {
			toks = append(toks, dateToken{m[0], m[1], d})
		}
	}
	sort.SliceStable(toks, func(i, j int) bool { return toks[i].start < toks[j].start })
	for i := 0; i+1 < len(toks); i++ {
		a, b := toks[i], toks[i+1]
		if a.end < b.start && rangeJoinRe.MatchString(ft[a.end:b.start]) {
			ranges = append(ranges, dateRange{a.date, b.date})
		}
	}
	var dates []models.Date
	seen := map[models.Date]bool{}
	for _, t := range toks {
		if !seen[t.date] {
			seen[t.date] = true
			dates = append(dates, t.date)
		}
	}
	return dates, ranges
}

func inSpans(pos int, spans [][]int) bool {
	for _, s := range spans {
		if pos >= s[0] && pos < s[1] {
			return true
		}
	}
	return false
}

// docRefRe: "84/NQ-HĐND", "22/2013/QĐ-TTg", "12-HD/BTCTW", "11-QĐi/TW",
// "428/HĐNVQS- BCH": a number, maybe a year, then capitalised codes.
var docRefRe = regexp.MustCompile(`(?:^|[^\p{L}\d/])(\d{1,5}(?:/\d{4})?[-/]\s?\p{Lu}\p{L}*(?:\s?[-/]\s?\p{Lu}\p{L}*)*)`)

func findDocRefs(s string) []string {
	if !digitThenSeparator(s) {
		return nil
	}
	var refs []string
	for _, m := range docRefRe.FindAllStringSubmatch(s, -1) {
		refs = append(refs, m[1])
	}
	return refs
}

// digitThenSeparator is a quick look for "9/" or "9-" before running
// docRefRe.
func digitThenSeparator(s string) bool {
	for i := 1; i < len(s); i++ {
		if (s[i] == '/' || s[i] == '-') && s[i-1] >= '0' && s[i-1] <= '9' {
			return true
		}
	}
	return false
}
