package resolution

import (
	"regexp"
	"strings"
	"time"

	"github.com/theodoi/theodoi/models"
)

// DeadlineReason says why a deadline was proposed.
type DeadlineReason string

const (
	// ReasonMonthEnd: nothing in the text, so the last day of the target month.
	ReasonMonthEnd DeadlineReason = "month-end"
	// ReasonRangeEnd: the task names its own window, "(17/10/2021-18/11/2021)".
	ReasonRangeEnd DeadlineReason = "range-end"
	// ReasonYearEnd: "đạt chỉ tiêu năm 2021", "hoàn thành … năm 2021".
	ReasonYearEnd DeadlineReason = "year-end"
	// ReasonConditional: it waits for something ("khi được cấp trên phân
	// bổ kinh phí"); no deadline until that happens.
	ReasonConditional DeadlineReason = "conditional"
	// ReasonNamedDate: the task names its date: "trước ngày 15/11",
	// "chậm nhất ngày 20/11/2024", "xong trước 20/11", or a table's
	// deadline column.
	ReasonNamedDate DeadlineReason = "named-date"
	// ReasonNamedMonth: "hoàn thành trong tháng 11": its last day.
	ReasonNamedMonth DeadlineReason = "named-month"
	// ReasonQuarterEnd: "trong quý IV": the last day of the quarter.
	ReasonQuarterEnd DeadlineReason = "quarter-end"
	// ReasonAnniversary: the work prepares an anniversary after the
	// target month, "(03/02/1930-03/02/2022)": the anniversary's date.
	ReasonAnniversary DeadlineReason = "anniversary"
	// ReasonOngoing: standing work ("Thường xuyên…", "Duy trì…", "hằng
	// tháng") that names no date: no deadline at all.
	ReasonOngoing DeadlineReason = "ongoing"
)

var (
	// conditionRe: waiting for money, approval or instructions from
	// above. "khi có lụt, bão" is preparedness, not a condition.
	conditionRe = regexp.MustCompile(`\b(?:khi|sau khi|neu) (?:duoc|co) (?:cap tren|phan bo|bo tri|cap kinh phi|kinh phi|phe duyet|huong dan|chu truong|y kien|van ban|nguon)`)
	yearRe      = regexp.MustCompile(`\bnam (\d{4})\b(\s*[-–]\s*\d)?`)
	yearGoals   = []string{"chi tieu", "hoan thanh", "dat ke hoach"}
)

// windowReach: a range is the task's own window only if it starts near the
// target month; "(15/10/1956-15/10/2021)" is an anniversary.
const windowReach = 366 * 24 * time.Hour

// proposeDeadline reads the hints from the folded text and the clauses.
// What the task says outright comes first: a table's deadline column, a
// condition, a named date; then a window or an anniversary it ends on, a
// goal for the year; standing work gets none; the rest ends with the
// target month.
func proposeDeadline(it *Item, f folded, parts []string, ranges []dateRange, target models.Month) {
	if it.DeadlineText != "" && deadlineFromColumn(it, target) {
		return
	}
	if m := findCondition(f.text); m != nil {
		setCondition(it, f, m)
		return
	}
	if target != "" {
		if d, reason, ok := datedDeadline(f.text, parts, ranges, target); ok {
			it.ProposedDeadline, it.DeadlineReason = d, reason
			return
		}
	}
	if isStanding(f.text) {
		it.Ongoing, it.DeadlineReason = true, ReasonOngoing
		return
	}
	if target != "" {
		it.ProposedDeadline, it.DeadlineReason = target.LastDay(), ReasonMonthEnd
	}
}

func setCondition(it *Item, f folded, m []int) {
	it.WaitingForCondition = true
	it.DeadlineReason = ReasonConditional
	it.Condition = conditionPhrase(f, f.wordAt(m[0]))
}

// datedDeadline is a date the text gives the task, by the first rule
// that finds one.
func datedDeadline(ft string, parts []string, ranges []dateRange, target models.Month) (models.Date, DeadlineReason, bool) {
	if d, reason, ok := namedDue(ft, phraseRules, target); ok {
		return d, reason, true
	}
	first, last := target.FirstDay(), target.LastDay()
	var window, anniversary models.Date
	for _, r := range ranges {
		if r.to < first || r.to < r.from || !storable(r.to) {
			continue
		}
		if near(r.from, first) {
			window = max(window, r.to)
		} else if r.to > last && near(r.to, first) {
			anniversary = max(anniversary, r.to)
		}
	}
	switch {
	case window != "":
		return window, ReasonRangeEnd, true
	case anniversary != "":
		return anniversary, ReasonAnniversary, true
	}
	year := string(target)[:4]
	for _, p := range parts {
		if !strings.Contains(p, year) {
			continue
		}
		if pf := models.Fold(p); containsAny(pf, yearGoals) && namesYear(pf, year) {
			return models.Date(year + "-12-31"), ReasonYearEnd, true
		}
	}
	return "", "", false
}

// deadlineFromColumn reads a task table's deadline column; false when it
// says nothing the reader knows, and the text is read instead.
func deadlineFromColumn(it *Item, target models.Month) bool {
	f := foldWords(it.DeadlineText)
	if m := findCondition(f.text); m != nil {
		setCondition(it, f, m)
		return true
	}
	if isStanding(f.text) {
		it.Ongoing, it.DeadlineReason = true, ReasonOngoing
		return true
	}
	if target == "" {
		return false
	}
	if d, reason, ok := namedDue(f.text, columnRules, target); ok {
		it.ProposedDeadline, it.DeadlineReason = d, reason
		return true
	}
	return false
}

func findCondition(ft string) []int {
	if !strings.Contains(ft, "khi ") && !strings.Contains(ft, "neu ") {
		return nil
	}
	return conditionRe.FindStringIndex(ft)
}

// namesYear: "năm 2021" on its own, not "năm 2021-2022" nor "năm học".
func namesYear(s, year string) bool {
	for _, m := range yearRe.FindAllStringSubmatch(s, -1) {
		if m[1] == year && m[2] == "" {
			return true
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func near(d, month models.Date) bool {
	a, err1 := time.Parse(time.DateOnly, string(d))
	b, err2 := time.Parse(time.DateOnly, string(month))
	if err1 != nil || err2 != nil {
		return false
	}
	diff := a.Sub(b)
	return diff < windowReach && diff > -windowReach
}

// conditionPhrase is the original words from the condition to the end of
// its clause.
func conditionPhrase(f folded, from int) string {
	if from < 0 {
		return ""
	}
	var words []string
	for i := from; i < len(f.words) && len(words) < 20; i++ {
		w := f.words[i]
		words = append(words, w)
		if strings.ContainsAny(w[len(w)-1:], ".;,:") {
			break
		}
	}
	return strings.TrimRight(strings.Join(words, " "), ".;,:")
}
