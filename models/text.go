package models

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

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
