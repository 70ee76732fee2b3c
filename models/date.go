package models

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day, "YYYY-MM-DD", with no time zone of its own: a
// deadline means the end of that day in the committee's time zone. The
// zero value (empty) means no date. Dates compare correctly as strings.
type Date string

const dateLayout = "2006-01-02"

// FirstYear and LastYear bound every month and deadline a person may enter:
// outside them a value is a typing slip (0000-01-01, 9999-12-31), never
// a plan.
const (
	FirstYear = 2000
	LastYear  = 2099
)

// ParseDate accepts only real calendar days ("2021-02-30" is refused),
// of any year: a resolution cites history ("18/11/1930").
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Format(dateLayout) != s {
		return "", fmt.Errorf("%q is not a date (YYYY-MM-DD): %w", s, ErrInvalid)
	}
	return Date(s), nil
}

// ParseDeadline is ParseDate for a date someone plans by: from FirstYear
// to LastYear.
func ParseDeadline(s string) (Date, error) {
	d, err := ParseDate(s)
	if err != nil {
		return "", err
	}
	if y := s[:4]; y < fmt.Sprint(FirstYear) || y > fmt.Sprint(LastYear) {
		return "", fmt.Errorf("%q is outside %d–%d: %w", s, FirstYear, LastYear, ErrInvalid)
	}
	return d, nil
}

// DateOf is the calendar day of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	return Date(t.In(loc).Format(dateLayout))
}

func (d Date) IsZero() bool { return d == "" }

func (d Date) time() time.Time {
	t, _ := time.Parse(dateLayout, string(d))
	return t
}

// AddDays moves the date by n days.
func (d Date) AddDays(n int) Date {
	return Date(d.time().AddDate(0, 0, n).Format(dateLayout))
}

// EndIn is the instant the day ends in loc (the start of the next day),
// which is when a deadline passes.
func (d Date) EndIn(loc *time.Location) time.Time {
	t := d.time()
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
}

// Month of the date.
func (d Date) Month() Month { return Month(string(d)[:7]) }

// Month is a committee's monthly period, "YYYY-MM".
type Month string

const monthLayout = "2006-01"

func ParseMonth(s string) (Month, error) {
	t, err := time.Parse(monthLayout, s)
	if err != nil || t.Format(monthLayout) != s || t.Year() < FirstYear || t.Year() > LastYear {
		return "", fmt.Errorf("%q is not a month (YYYY-MM): %w", s, ErrInvalid)
	}
	return Month(s), nil
}

func (m Month) first() time.Time {
	t, _ := time.Parse(monthLayout, string(m))
	return t
}

// Next is the following month.
func (m Month) Next() Month { return Month(m.first().AddDate(0, 1, 0).Format(monthLayout)) }

// Prev is the month before.
func (m Month) Prev() Month { return Month(m.first().AddDate(0, -1, 0).Format(monthLayout)) }

// LastDay is the month's last calendar day, the default deadline of its tasks.
func (m Month) LastDay() Date {
	return Date(m.first().AddDate(0, 1, -1).Format(dateLayout))
}

// FirstDay is the month's first calendar day.
func (m Month) FirstDay() Date { return Date(m.first().Format(dateLayout)) }

// DateInput reads a date as people type it — day first, as Vietnamese
// documents write dates ("05/11/2026", "5/11/2026", also with "-" or
// ".") — or as an ISO date, and returns the ISO form; anything else comes
// back trimmed, for the caller's validation to refuse with its message.
func DateInput(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2/1/2006", "2-1-2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(dateLayout)
		}
	}
	return s
}
