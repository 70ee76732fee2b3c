package config

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// Secret is a string that must not reach logs, error messages or JSON:
// MongoDB URIs carry passwords. Every way of printing it shows
// "[redacted]" (or "" when it is empty); Value returns the real string
// for the one place that needs it.
type Secret string

const redacted = "[redacted]"

// Value is the secret itself; pass it straight to the client that needs it.
func (s Secret) Value() string { return string(s) }

// String shows whether a secret is set, never what it is.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v (and therefore %#v of a Config) redacted.
func (s Secret) GoString() string { return fmt.Sprintf("config.Secret(%q)", s.String()) }

// Format redacts under every verb: Stringer alone would let %d or %t print
// the raw string inside a "%!d(...)" complaint.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprint(f, s.GoString())
	case verb == 'q':
		fmt.Fprintf(f, "%q", s.String())
	default:
		fmt.Fprint(f, s.String())
	}
}

func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// MarshalText covers encoders other than JSON (slog's text handler, YAML).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue redacts the secret in slog, whichever handler is used.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
