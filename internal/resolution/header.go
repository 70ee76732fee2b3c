package resolution

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/theodoi/theodoi/models"
)

var (
	// "Số 31-NQ/ĐU"; a draft leaves the number blank: "Số     -NQ/ĐU".
	numberRe = regexp.MustCompile(`Số\s*:?\s*(\d*)\s*[-–]\s*(\p{L}+)\s*/\s*(\p{L}[\p{L}-]*)`)
	// "Hương Xuân, ngày 23 tháng 9 năm 2021"; a draft may leave day and
	// month blank. The place is single-spaced words, so a left column
	// separated by a wide gap is not taken into it.
	placeDateRe = regexp.MustCompile(`(?i)([\p{L}.]+(?: [\p{L}.]+)*)\s*,\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})?`)
	// Two columns share a physical line through tabs or a wide gap.
	columnGapRe = regexp.MustCompile(`\s*\t\s*|\s{3,}`)
	monthRe     = regexp.MustCompile(`thang (\d{1,2})(?: nam |\s*/\s*)(\d{4})`)
)

// docTypes are the document kinds a committee issues, folded.
var docTypes = []string{"nghi quyet", "bao cao", "ket luan", "ke hoach", "chuong trinh", "thong bao",
	"quyet dinh", "chi thi", "huong dan", "to trinh", "quy che", "quy dinh"}

// parseHeader reads the lines before section I. The two header columns
// share lines through tabs, so each line is taken apart by what its
// pieces look like, not by position.
func parseHeader(doc *Document, lines []line) {
	var bodies, summary []string
	summaryDone := false
	for _, l := range lines {
		rest := l.raw
		if m := numberRe.FindStringSubmatchIndex(rest); m != nil && doc.Number.Raw == "" {
			doc.Number = Number{
				Number:     rest[m[2]:m[3]],
				TypeCode:   rest[m[4]:m[5]],
				IssuerCode: rest[m[6]:m[7]],
			}
			doc.Number.Raw = doc.Number.Number + "-" + doc.Number.TypeCode + "/" + doc.Number.IssuerCode
			rest = rest[:m[0]] + "\t" + rest[m[1]:]
		}
		if m := placeDateRe.FindStringSubmatchIndex(rest); m != nil && doc.Place == "" {
			doc.Place = rest[m[2]:m[3]]
			if m[4] >= 0 && m[6] >= 0 && m[8] >= 0 {
				if d := makeDate(rest[m[8]:m[9]], rest[m[6]:m[7]], rest[m[4]:m[5]]); storable(d) {
					doc.Date = d
				}
			}
			rest = rest[:m[0]] + "\t" + rest[m[1]:]
		}
		for _, col := range columns(rest) {
			f := models.Fold(col)
			switch {
			case isSeparator(col):
				if doc.DocType != "" && len(summary) > 0 {
					summaryDone = true
				}
			case f == "dang cong san viet nam":
			case doc.DocType == "" && isDocType(col):
				doc.DocType = col
			case doc.DocType != "":
				// The summary is a short title; a sentence after it is a
				// preamble ("Ngày 22 tháng 9 năm 2021, Đảng ủy họp…").
				if summaryDone || len(summary) == 3 || utf8.RuneCountInString(col) > 150 || strings.HasSuffix(col, ".") {
					summaryDone = true
				} else {
					summary = append(summary, col)
				}
			case isCaps(col):
				bodies = append(bodies, col)
			}
		}
	}
	switch n := len(bodies); {
	case n == 1:
		doc.IssuingBody = bodies[0]
	case n >= 2:
		doc.SuperiorBody, doc.IssuingBody = bodies[n-2], bodies[n-1]
	}
	doc.Summary = strings.Join(summary, " ")
}

func columns(s string) []string {
	var cols []string
	for _, c := range columnGapRe.Split(strings.TrimSpace(s), -1) {
		if c = strings.TrimSpace(c); c != "" {
			cols = append(cols, c)
		}
	}
	return cols
}

func isDocType(s string) bool {
	if !isCaps(s) {
		return false
	}
	f := models.Fold(s)
	for _, t := range docTypes {
		if f == t || strings.HasPrefix(f, t+" ") {
			return true
		}
	}
	return false
}

// isCaps: has letters, and every letter is a capital.
func isCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

// lastMonthIn finds the last "tháng M năm YYYY" (or "tháng M/YYYY") in a
// title: a summary may name the reviewed month before the target one.
func lastMonthIn(s string) models.Month {
	ms := monthRe.FindAllStringSubmatch(models.Fold(s), -1)
	for i := len(ms) - 1; i >= 0; i-- {
		if m, err := models.ParseMonth(fmt.Sprintf("%04d-%02d", atoi(ms[i][2]), atoi(ms[i][1]))); err == nil {
			return m
		}
	}
	return ""
}

// targetMonth: the summary says it; else the tasks heading; else the
// month after the issue date (resolutions are adopted late in the month
// before). A summary that names no tasks ("Hội nghị Ban Chấp hành tháng
// 11 năm 2024") gives the meeting's month, not the target.
func targetMonth(summary string, tasksMonth models.Month, issued models.Date) (models.Month, string) {
	if f := models.Fold(summary); strings.Contains(f, "nhiem vu") || strings.Contains(f, "phuong huong") {
		if m := lastMonthIn(summary); m != "" {
			return m, TargetFromSummary
		}
	}
	if tasksMonth != "" {
		return tasksMonth, TargetFromTasksHeading
	}
	if issued != "" {
		return issued.Month().Next(), TargetFromIssueDate
	}
	return "", ""
}
