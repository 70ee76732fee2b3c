package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/theodoi/theodoi/models"
)

// Dates and numbers are written the Vietnamese way on every page: days as
// dd/mm/yyyy, months as mm/yyyy; in Vietnamese "." groups thousands and
// "," is the decimal mark (DOMAIN.md §5).

// DateLabel writes "2021-09-23" as "23/09/2021"; anything else as it is.
func DateLabel(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("02/01/2006")
}

// MonthLabel writes "2021-10" as "10/2021"; anything else as it is.
func MonthLabel(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	return t.Format("01/2006")
}

// Number groups the thousands of n: "16.051" in Vietnamese, "16,051" in English.
func Number(lang string, n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "."
	if lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Percent writes f with up to two decimals, as in "đạt 98,62%" (without
// the sign): "98,62" in Vietnamese, "98.62" in English, "100" for 100.
func Percent(lang string, f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// FiguresSentence is a month's figures in the Government's words, the one
// wording pages, mails and documents share: "6 nhiệm vụ đã hoàn thành,
// đạt 66,67% (đúng hạn: 5, quá hạn: 1); chưa hoàn thành: 3 (trong hạn: 1,
// quá hạn: 2); hủy: 1 (không tính vào tỷ lệ hoàn thành)."
func FiguresSentence(lang string, f models.Figures) string {
	n := func(v int) string { return Number(lang, v) }
	s := T(lang, "fig.sentence", n(f.Done), Percent(lang, f.CompletionPercent()), n(f.DoneOnTime), n(f.DoneLate),
		n(f.Open), n(f.OpenWithinTerm), n(f.OpenOverdue))
	if f.Cancelled > 0 {
		s = strings.TrimSuffix(s, ".") + T(lang, "fig.sentence.cancelled", n(f.Cancelled)) + "."
	}
	return s
}
