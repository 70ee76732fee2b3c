// Package mailer delivers outbox messages: over SMTP (SMTP) or, when no
// mail server is configured, as .eml files in a directory (Directory) that
// an administrator can read to see what would have been sent.
//
// Both build the message the same way with gopkg.in/mail.v2, so a file
// shows exactly the headers and MIME structure a relay would receive.
package mailer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/theodoi/theodoi/models"
	gomail "gopkg.in/mail.v2"
)

// Sender delivers one message. from is the sender's address ("x@y" or
// "Name <x@y>"); empty means the sender's configured default. Send is safe
// for concurrent use.
type Sender interface {
	Send(ctx context.Context, m models.Message, from string) error
}

// DefaultDisplayName is the From name when the from address has none.
const DefaultDisplayName = "Theo dõi nhiệm vụ"

// Option tunes how messages are composed.
type Option func(*options)

type options struct {
	clock           models.Clock
	displayName     string
	listUnsubscribe func(models.Message) string
}

func newOptions(opts []Option) options {
	o := options{clock: models.SystemClock{}, displayName: DefaultDisplayName}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithClock sets the clock for the Date header of messages without a
// CreatedAt and for the time of written files.
func WithClock(c models.Clock) Option { return func(o *options) { o.clock = c } }

// WithDisplayName replaces "Theo dõi nhiệm vụ" as the From name.
func WithDisplayName(name string) Option { return func(o *options) { o.displayName = name } }

// WithListUnsubscribe adds a List-Unsubscribe header with the value f
// returns for a message, for example "<https://theodoi.example/huy-dang-ky?t=…>";
// an empty value adds none.
func WithListUnsubscribe(f func(models.Message) string) Option {
	return func(o *options) { o.listUnsubscribe = f }
}

// envelope is a composed message and the addresses of its SMTP envelope.
type envelope struct {
	from      string // bare address, for MAIL FROM
	to        []string
	messageID string // without angle brackets
	msg       *gomail.Message
}

// compose checks m and builds the message. Errors wrap models.ErrInvalid:
// the message can never be sent as it is, so retrying is pointless.
func compose(m models.Message, from string, o options) (envelope, error) {
	p := models.Problems{}
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		p.Add("from", fmt.Sprintf("not an e-mail address: %q", from))
		fromAddr = &mail.Address{}
	}
	id, ok := cleanMessageID(m.MessageID)
	if !ok {
		p.Add("messageId", fmt.Sprintf("not a message id (id@host): %q", m.MessageID))
	}
	if len(m.To) == 0 {
		p.Add("to", "at least one recipient")
	}
	var to, toHeader []string
	seen := map[string]bool{}
	for _, raw := range m.To {
		a, err := mail.ParseAddress(raw)
		if err != nil {
			p.Add("to", fmt.Sprintf("not an e-mail address: %q", raw))
			continue
		}
		if seen[strings.ToLower(a.Address)] {
			continue
		}
		seen[strings.ToLower(a.Address)] = true
		to = append(to, a.Address)
		if a.Name == "" {
			toHeader = append(toHeader, a.Address)
		} else {
			toHeader = append(toHeader, a.String()) // encodes a non-ASCII name
		}
	}
	// The message's own link (the recipient's, set when it was queued)
	// supports one-click unsubscribing (RFC 8058): mail clients POST to it.
	var unsubscribe string
	oneClick := false
	switch {
	case o.listUnsubscribe != nil:
		unsubscribe = o.listUnsubscribe(m)
	case m.Unsubscribe != "":
		unsubscribe, oneClick = "<"+m.Unsubscribe+">", strings.HasPrefix(m.Unsubscribe, "https://")
	}
	if !printableASCII(unsubscribe, true) {
		p.Add("listUnsubscribe", "must be printable ASCII")
	}
	if err := p.Err(); err != nil {
		return envelope{}, fmt.Errorf("message %s: %w", m.ID, err)
	}

	date := m.CreatedAt
	if date.IsZero() {
		date = o.clock.Now()
	}
	name := fromAddr.Name
	if name == "" {
		name = o.displayName
	}

	msg := gomail.NewMessage()
	msg.SetAddressHeader("From", fromAddr.Address, name)
	msg.SetHeader("To", toHeader...)
	// One line: a subject made from a name stored with a line break
	// (before names were refused so) must not carry it into the header.
	msg.SetHeader("Subject", strings.Join(strings.Fields(m.Subject), " "))
	// Set explicitly: a retry must carry the same id so that a relay or a
	// reader can tell a repeat from a new message.
	msg.SetHeader("Message-ID", "<"+id+">")
	msg.SetDateHeader("Date", date.UTC())
	msg.SetHeader("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies
	msg.SetHeader("X-Auto-Response-Suppress", "All")  // the same for Exchange
	if unsubscribe != "" {
		msg.SetHeader("List-Unsubscribe", unsubscribe)
	}
	if oneClick {
		msg.SetHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	// A boundary derived from the id keeps a retried message's bytes the
	// same (go-mail would pick a random one).
	sum := sha256.Sum256([]byte(id))
	msg.SetBoundary("theodoi-" + hex.EncodeToString(sum[:12]))
	switch {
	case m.HTML == "":
		msg.SetBody("text/plain", m.Text)
	case m.Text == "":
		msg.SetBody("text/html", m.HTML)
	default:
		msg.SetBody("text/plain", m.Text)
		msg.AddAlternative("text/html", m.HTML)
	}
	return envelope{from: fromAddr.Address, to: to, messageID: id, msg: msg}, nil
}

// cleanMessageID strips the angle brackets of "<id@host>" and checks that
// what is left can stand in a header.
func cleanMessageID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || len(s) > 250 || !printableASCII(s, false) ||
		strings.ContainsAny(s, "<>\"\\()[],;:") {
		return "", false
	}
	return s, true
}

// printableASCII reports whether s has only printable ASCII characters
// (and spaces when spaces is true): no line breaks to inject headers with.
func printableASCII(s string, spaces bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' {
			if !(spaces && c == ' ') {
				return false
			}
		}
	}
	return true
}

// dateOf is the time a message is dated, for file names.
func dateOf(m models.Message, o options) time.Time {
	if m.CreatedAt.IsZero() {
		return o.clock.Now().UTC()
	}
	return m.CreatedAt.UTC()
}
