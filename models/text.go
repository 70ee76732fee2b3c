package models

import (
	"net/mail"
	"strings"
	"unicode"
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
	if !Visible(s) {
		p.Add(field, "required")
		return
	}
	limitText(p, field, s, max)
}

// requireLine is requireText for one-line values (names): a line break
// there would travel into mail subjects and calendar feeds.
func requireLine(p Problems, field, s string, max int) {
	if strings.ContainsAny(s, "\r\n") {
		p.Add(field, "must be on one line")
		return
	}
	requireText(p, field, s, max)
}

// limitLine is limitText for optional one-line values.
func limitLine(p Problems, field, s string, max int) {
	if strings.ContainsAny(s, "\r\n") {
		p.Add(field, "must be on one line")
		return
	}
	limitText(p, field, s, max)
}

// Visible says whether s shows anything: text of only spaces, zero-width
// or direction marks reads as empty.
func Visible(s string) bool {
	for _, r := range s {
		if unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) {
			return true
		}
	}
	return false
}

// CheckNote checks a progress or follow-up note: at most MaxNote
// characters (not bytes: Vietnamese letters take two or three), and
// something visible when required.
func CheckNote(note string, required bool) error {
	p := Problems{}
	if required || note != "" {
		requireText(p, "note", note, MaxNote)
	}
	return p.Err()
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
