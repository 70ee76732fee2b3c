package services

import (
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/web"
)

// Helpers that put dates, counts and task texts into Vietnamese mail.

// vnDate writes a date the way Vietnamese documents do: "ngày 05/10/2021".
func vnDate(d models.Date) string {
	return "ngày " + vnDay(d)
}

// mailDate is a date as the mail text of lang writes it: "ngày 05/10/2021"
// in Vietnamese.
func mailDate(lang string, d models.Date) string {
	return web.T(lang, "mail.on_date", vnDay(d))
}

// vnDay is "05/10/2021" for 2021-10-05; a malformed date is kept as it is.
func vnDay(d models.Date) string { return web.DateLabel(string(d)) }

// daysBetween is to minus from in calendar days (negative when to is
// earlier). Dates carry no zone, so the difference is exact.
func daysBetween(from, to models.Date) int {
	f, err1 := time.Parse(time.DateOnly, string(from))
	t, err2 := time.Parse(time.DateOnly, string(to))
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(t.Sub(f).Hours() / 24)
}

// shortTextRunes bounds a task's text in mail; resolution bullets are
// rarely longer, and the link leads to the whole text.
const shortTextRunes = 300

// shorten puts a text on one line (NFC, single spaces) and cuts it at a
// word boundary after at most max characters, ending it with "…".
func shorten(s string, max int) string {
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

// mailMonth is a month as the mail text of lang writes it: "tháng
// 10/2021" in Vietnamese.
func mailMonth(lang string, m models.Month) string {
	return web.T(lang, "mail.month", web.MonthLabel(string(m)))
}

// waitingIn is waitingWord in lang: what a mail line adds about a task
// that waits ("chờ xác nhận hoàn thành", "tạm dừng").
func waitingIn(lang string, s models.WorkState) string {
	if waitingWord(s) == "" {
		return ""
	}
	return lowerFirst(web.T(lang, "state."+string(s)))
}
