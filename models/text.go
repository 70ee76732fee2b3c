package models

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// CheckText adds a problem to p when s is empty, too long, not UTF-8 or
// holds control characters: the rule every stored text follows, for
// callers that check a text before it becomes a record.
func CheckText(p Problems, field, s string, max int) { requireText(p, field, s, max) }

// CleanText turns the line and page breaks word processors put in pasted
// text (vertical tab for Word's soft line break, form feed, the Unicode
// line and paragraph separators, CR) into "\n", and any other control
// character but tab into a space. What is left passes CheckText's
// control-character rule.
func CleanText(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 }) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\v' || r == '\f' || r == '\r' || r == 0x2028 || r == 0x2029:
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return ' '
		}
		return r
	}, s)
}

func requireText(p Problems, field, s string, max int) {
	if strings.TrimSpace(s) == "" {
		p.Add(field, "required")
		return
	}
	limitText(p, field, s, max)
}

func limitText(p Problems, field, s string, max int) {
	if !utf8.ValidString(s) {
		p.Add(field, "not valid UTF-8")
		return
	}
	if utf8.RuneCountInString(s) > max {
		p.Add(field, "too long")
		return
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' {
			p.Add(field, "contains control characters")
			return
		}
	}
}

// NormalizeEmail lower-cases and trims an address; ok is false when it is
// not a plain address.
func NormalizeEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return s, false
	}
	return s, true
}
