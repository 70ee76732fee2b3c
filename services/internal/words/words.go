// Package words writes dates, months, counts and task texts the way
// Vietnamese mail, feeds and documents print them.
package words

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/web"
)

// VNDate writes a date the way Vietnamese documents do: "ngày 05/10/2021".
func VNDate(d models.Date) string {
	return "ngày " + VNDay(d)
}

// MailDate is a date as the mail text of lang writes it: "ngày 05/10/2021"
// in Vietnamese.
func MailDate(lang string, d models.Date) string {
	return web.T(lang, "mail.on_date", VNDay(d))
}

// VNDay is "05/10/2021" for 2021-10-05; a malformed date is kept as it is.
func VNDay(d models.Date) string { return web.DateLabel(string(d)) }

// DaysBetween is to minus from in calendar days (negative when to is
// earlier). Dates carry no zone, so the difference is exact.
func DaysBetween(from, to models.Date) int {
	f, err1 := time.Parse(time.DateOnly, string(from))
	t, err2 := time.Parse(time.DateOnly, string(to))
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(t.Sub(f).Hours() / 24)
}

// ShortTextRunes bounds a task's text in mail; resolution bullets are
// rarely longer, and the link leads to the whole text.
const ShortTextRunes = 300

// Shorten puts a text on one line (NFC, single spaces) and cuts it at a
// word boundary after at most max characters, ending it with "…".
func Shorten(s string, max int) string {
	s = strings.Join(strings.Fields(norm.NFC.String(s)), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	cut := string(r[:max])
	// NFC leaves no combining marks in Vietnamese, so a cut between runes
	// never splits a letter from its tone mark; a space is still nicer.
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-–—") + "…"
}

// MailMonth is a month as the mail text of lang writes it: "tháng
// 10/2021" in Vietnamese.
func MailMonth(lang string, m models.Month) string {
	return web.T(lang, "mail.month", web.MonthLabel(string(m)))
}

// WaitingIn is WaitingWord in lang: what a mail line adds about a task
// that waits ("chờ xác nhận hoàn thành", "tạm dừng").
func WaitingIn(lang string, s models.WorkState) string {
	if WaitingWord(s) == "" {
		return ""
	}
	return LowerFirst(web.T(lang, "state."+string(s)))
}

// VNMonth is "tháng 11/2021", "tháng 01/2022": two-digit months, as
// Party documents write them.
func VNMonth(m models.Month) string {
	s := string(m)
	if len(s) != 7 {
		return "tháng " + s
	}
	return "tháng " + s[5:] + "/" + s[:4]
}

// LowerFirst lowers the first letter unless the first word is an
// abbreviation or a name written in capitals (GPMB, UBND, TTHC).
func LowerFirst(s string) string {
	first, _, _ := strings.Cut(s, " ")
	upper := 0
	for _, r := range first {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper > 1 {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// WaitingWord is what a mail or feed line adds about a task that waits
// (for acceptance, or paused): "chờ xác nhận hoàn thành", "tạm dừng";
// "" for other states.
func WaitingWord(s models.WorkState) string {
	if s != models.StateAwaiting && s != models.StatePaused {
		return ""
	}
	return LowerFirst(web.T("vi", "state."+string(s)))
}

// WeekSpan is an ISO week ("2026-W51") as the days it covers, the way
// people write them: "14–20/12/2026"; "30/11–06/12/2026" across months;
// "29/12/2025–04/01/2026" across years. A malformed week is kept as it is.
func WeekSpan(week string) string {
	var y, w int
	if n, err := fmt.Sscanf(week, "%04d-W%02d", &y, &w); n != 2 || err != nil || w < 1 || w > 53 {
		return week
	}
	// 4 January is always in week 1; its week's Monday starts week 1.
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -(int(jan4.Weekday())+6)%7+7*(w-1))
	sunday := monday.AddDate(0, 0, 6)
	switch {
	case monday.Year() != sunday.Year():
		return monday.Format("02/01/2006") + "–" + sunday.Format("02/01/2006")
	case monday.Month() != sunday.Month():
		return monday.Format("02/01") + "–" + sunday.Format("02/01/2006")
	}
	return monday.Format("02") + "–" + sunday.Format("02/01/2006")
}
