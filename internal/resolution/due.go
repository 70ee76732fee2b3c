package resolution

import (
	"regexp"
	"time"

	"github.com/theodoi/theodoi/models"
)

// Deadlines a task names in words, read on folded text ("trước ngày 15/11"
// is "truoc ngay 15/11"). A date without a year takes the year that puts
// it nearest the target month.
var (
	// "trước ngày 15/11", "chậm nhất ngày 20/11/2024", "xong trước 20/11",
	// "hạn chót 30/11", "trước ngày 15 tháng 11 năm 2024".
	beforeDateRe = regexp.MustCompile(`\b(?:truoc|cham nhat|han(?: chot)?)(?: la)?(?: vao)?(?: ngay)?\s*(\d{1,2})\s*(?:/|thang)\s*(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?\b`)
	// "hoàn thành trong tháng 11", "trong tháng 11/2024".
	inMonthRe = regexp.MustCompile(`\btrong thang (\d{1,2})(?:\s*/\s*(\d{4})|\s+nam\s+(\d{4}))?\b`)
	// "trong quý IV", "trong quý 4 năm 2024".
	inQuarterRe = regexp.MustCompile(`\btrong quy (iv|iii|ii|i|[1-4])\b(?:\s*/\s*(\d{4})|\s+nam\s+(\d{4}))?`)

	// A table's deadline column says it in fewer words: "15/11/2024",
	// "Tháng 11", "Quý IV/2024", "Năm 2024".
	bareDateRe    = regexp.MustCompile(`\b(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?\b`)
	bareMonthRe   = regexp.MustCompile(`\bthang (\d{1,2})(?:\s*/\s*(\d{4})|\s+nam\s+(\d{4}))?\b`)
	bareQuarterRe = regexp.MustCompile(`\bquy (iv|iii|ii|i|[1-4])\b(?:\s*/\s*(\d{4})|\s+nam\s+(\d{4}))?`)
	bareYearRe    = regexp.MustCompile(`\bnam (\d{4})\b`)
)

var quarters = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

// dueRule finds a deadline of one kind in folded text. Its regexp runs
// only when one of its words is there: regexps were most of the parse
// time, and most tasks name no deadline.
type dueRule struct {
	words  []string
	re     *regexp.Regexp
	reason DeadlineReason
	date   func(m []string, target models.Month) models.Date
}

func (r dueRule) mayMatch(ft string) bool {
	for _, w := range r.words {
		if containsWord(ft, w) {
			return true
		}
	}
	return r.words == nil
}

// phraseRules read what a task's text says; columnRules also read the
// short forms of a deadline column.
var (
	beforeWords = []string{"truoc", "cham nhat", "han"}
	phraseRules = []dueRule{
		{beforeWords, beforeDateRe, ReasonNamedDate, dayMonthDate},
		{[]string{"trong thang"}, inMonthRe, ReasonNamedMonth, monthEndDate},
		{[]string{"trong quy"}, inQuarterRe, ReasonQuarterEnd, quarterEndDate},
	}
	columnRules = []dueRule{
		{beforeWords, beforeDateRe, ReasonNamedDate, dayMonthDate},
		{nil, bareDateRe, ReasonNamedDate, dayMonthDate},
		{[]string{"thang"}, bareMonthRe, ReasonNamedMonth, monthEndDate},
		{[]string{"quy"}, bareQuarterRe, ReasonQuarterEnd, quarterEndDate},
		{[]string{"nam"}, bareYearRe, ReasonYearEnd, yearEndDate},
	}
)

// namedDue applies rules in order; the first kind found wins, and of its
// dates the latest (the task is done when its last part is). Dates
// before the target month are references, not deadlines.
func namedDue(ft string, rules []dueRule, target models.Month) (models.Date, DeadlineReason, bool) {
	first := target.FirstDay()
	for _, r := range rules {
		if !r.mayMatch(ft) {
			continue
		}
		var best models.Date
		for _, m := range r.re.FindAllStringSubmatch(ft, 4) {
			if d := r.date(m, target); d >= first && d > best && storable(d) {
				best = d
			}
		}
		if best != "" {
			return best, r.reason, true
		}
	}
	return "", "", false
}

// yearOf is the printed year, or empty.
func yearOf(m []string, groups ...int) string {
	for _, g := range groups {
		if g < len(m) && m[g] != "" {
			return m[g]
		}
	}
	return ""
}

func dayMonthDate(m []string, target models.Month) models.Date {
	if y := yearOf(m, 3); y != "" {
		return makeDate(y, m[2], m[1])
	}
	return nearestDate(target, func(year int) models.Date { return makeDate(itoa(year), m[2], m[1]) })
}

func monthEndDate(m []string, target models.Month) models.Date {
	month := func(year int) models.Date {
		mm, err := models.ParseMonth(itoa(year) + "-" + twoDigits(m[1]))
		if err != nil {
			return ""
		}
		return mm.LastDay()
	}
	if y := yearOf(m, 2, 3); y != "" {
		return month(atoi(y))
	}
	return nearestDate(target, month)
}

func quarterEndDate(m []string, target models.Month) models.Date {
	q := quarters[m[1]]
	end := func(year int) models.Date {
		mm, err := models.ParseMonth(itoa(year) + "-" + twoDigits(itoa(q*3)))
		if err != nil {
			return ""
		}
		return mm.LastDay()
	}
	if y := yearOf(m, 2, 3); y != "" {
		return end(atoi(y))
	}
	return nearestDate(target, end)
}

func yearEndDate(m []string, _ models.Month) models.Date {
	return makeDate(m[1], "12", "31")
}

// nearestDate picks the year (the target's, or one either side) that puts
// the date nearest the start of the target month: "trước 15/01" in a
// resolution for December means January of the next year.
func nearestDate(target models.Month, at func(year int) models.Date) models.Date {
	first, err := time.Parse(time.DateOnly, string(target.FirstDay()))
	if err != nil {
		return ""
	}
	var best models.Date
	var bestGap time.Duration
	for _, y := range []int{first.Year() - 1, first.Year(), first.Year() + 1} {
		d := at(y)
		t, err := time.Parse(time.DateOnly, string(d))
		if err != nil {
			continue
		}
		gap := t.Sub(first).Abs()
		if best == "" || gap < bestGap {
			best, bestGap = d, gap
		}
	}
	return best
}

func itoa(n int) string {
	if n <= 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}
