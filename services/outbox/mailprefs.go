package outbox

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/web"
)

// MailPrefService keeps which optional mail each address receives:
// digests off / weekly / daily, and deadline reminders on or off. A person
// sets their own address's choices on the profile page; any address
// (a unit's mailbox too) can decline through the link in every digest and
// reminder, which carries the address's token.
type MailPrefService struct {
	core.Base
}

// MailPrefsInput is a person's or a link holder's choice. Notify, when
// not nil, sets the choice for the kinds of follow-up events it names;
// kinds it leaves out keep what is stored.
type MailPrefsInput struct {
	Digest    models.DigestFrequency                  `json:"digest"`
	Reminders bool                                    `json:"reminders"`
	Notify    map[models.NoticeKind]models.NotifyMode `json:"notify,omitempty"`
}

func (in MailPrefsInput) validate() error {
	p := models.Problems{}
	if !in.Digest.Valid() {
		p.Add("digest", "off, weekly or daily")
	}
	for k, m := range in.Notify {
		switch {
		case !k.Valid() || k == models.NoticeCarried:
			p.Add("notify", fmt.Sprintf("unknown kind %q", k))
		case !m.Valid():
			p.Add("notify."+string(k), "now, digest or off")
		}
	}
	return p.Err()
}

// Get returns the actor's own address's choices (the defaults until set).
func (s *MailPrefService) Get(ctx context.Context, actor models.Actor) (models.MailPrefs, error) {
	u, err := s.Store.Users().Get(ctx, actor.CommitteeID, actor.UserID)
	if err != nil {
		return models.MailPrefs{}, err
	}
	return s.forAddress(ctx, actor.CommitteeID, u.Email)
}

// Set saves the actor's own address's choices.
func (s *MailPrefService) Set(ctx context.Context, actor models.Actor, in MailPrefsInput) (models.MailPrefs, error) {
	if err := in.validate(); err != nil {
		return models.MailPrefs{}, err
	}
	u, err := s.Store.Users().Get(ctx, actor.CommitteeID, actor.UserID)
	if err != nil {
		return models.MailPrefs{}, err
	}
	return s.save(ctx, actor.CommitteeID, u.Email, in)
}

// ByToken returns the choices an unsubscribe link points at.
func (s *MailPrefService) ByToken(ctx context.Context, token string) (models.MailPrefs, error) {
	if !validPrefsToken(token) {
		return models.MailPrefs{}, fmt.Errorf("unsubscribe link: %w", models.ErrNotFound)
	}
	return s.Store.MailPrefs().GetByToken(ctx, token)
}

// SetByToken saves the choices of the address an unsubscribe link points
// at; Unsubscribe is SetByToken with everything off.
func (s *MailPrefService) SetByToken(ctx context.Context, token string, in MailPrefsInput) (models.MailPrefs, error) {
	if err := in.validate(); err != nil {
		return models.MailPrefs{}, err
	}
	p, err := s.ByToken(ctx, token)
	if err != nil {
		return models.MailPrefs{}, err
	}
	return s.save(ctx, p.CommitteeID, p.Address, in)
}

// Unsubscribe turns off every optional mail (digests and reminders) for
// the address of the link: the one-click action (RFC 8058).
func (s *MailPrefService) Unsubscribe(ctx context.Context, token string) (models.MailPrefs, error) {
	off := map[models.NoticeKind]models.NotifyMode{}
	for _, k := range models.MailedNoticeKinds {
		off[k] = models.NotifyOff
	}
	return s.SetByToken(ctx, token, MailPrefsInput{Digest: models.DigestOff, Reminders: false, Notify: off})
}

// forAddress returns an address's stored choices, creating the record
// (with a fresh token) when there is none.
func (s *MailPrefService) forAddress(ctx context.Context, committee models.ID, address string) (models.MailPrefs, error) {
	return prefsFor(ctx, s.Base, committee, address)
}

// PrefsOf is an address's mail choices (created with the defaults when
// it has none), for senders that add the unsubscribe link themselves.
func (s *MailService) PrefsOf(ctx context.Context, committee models.ID, address string) (models.MailPrefs, error) {
	return prefsFor(ctx, s.Base, committee, address)
}

func prefsFor(ctx context.Context, s core.Base, committee models.ID, address string) (models.MailPrefs, error) {
	address = strings.ToLower(strings.TrimSpace(address))
	p, err := s.Store.MailPrefs().Get(ctx, committee, address)
	if !errors.Is(err, models.ErrNotFound) {
		return p, err
	}
	p = models.DefaultMailPrefs(committee, address)
	p.Token, p.Version, p.UpdatedAt = newPrefsToken(committee), 1, s.Now()
	return s.Store.MailPrefs().Ensure(ctx, p)
}

// save writes the choice over whatever is stored: the latest choice wins,
// so a conflict with a concurrent save is simply retried.
func (s *MailPrefService) save(ctx context.Context, committee models.ID, address string, in MailPrefsInput) (models.MailPrefs, error) {
	for range 5 {
		p, err := s.forAddress(ctx, committee, address)
		if err != nil {
			return models.MailPrefs{}, err
		}
		next := p
		next.Digest, next.Reminders, next.Version, next.UpdatedAt = in.Digest, in.Reminders, p.Version+1, s.Now()
		if in.Notify != nil {
			next.Notify = map[models.NoticeKind]models.NotifyMode{}
			for k, m := range p.Notify {
				next.Notify[k] = m
			}
			for k, m := range in.Notify {
				next.Notify[k] = m
			}
		}
		err = s.Store.MailPrefs().Update(ctx, next, p.Version)
		if errors.Is(err, models.ErrConflict) {
			continue
		}
		if err == nil {
			s.ForgetRecipients(committee)
		}
		return next, err
	}
	return models.MailPrefs{}, fmt.Errorf("mail preferences %s: %w", address, models.ErrConflict)
}

// newPrefsToken starts with the committee id (the store finds the record
// within the committee's partition) and carries 192 random bits.
func newPrefsToken(committee models.ID) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return string(committee) + "." + base64.RawURLEncoding.EncodeToString(b)
}

func validPrefsToken(token string) bool {
	c, r, ok := strings.Cut(token, ".")
	return ok && c != "" && len(r) == 32 && len(token) <= 80
}

// UnsubscribeURL is the page an unsubscribe link opens.
func UnsubscribeURL(baseURL, token string) string {
	return strings.TrimRight(baseURL, "/") + "/unsubscribe?token=" + url.QueryEscape(token)
}

// QueueFor queues m for each of its recipients who wants mail of kind,
// one message per address: each carries that address's unsubscribe link
// (in the body and as a List-Unsubscribe header) and a key made from m's
// key and the address, so a rerun queues nothing twice. It reports how
// many were queued, how many were queued already and how many addresses
// declined this kind. lang is the language m is written in, for the
// unsubscribe line.
func (s *MailService) QueueFor(ctx context.Context, m models.Message, lang string, kind models.MailKind, baseURL string) (queued, again, declined int, err error) {
	var errs []error
	for _, to := range m.To {
		addr, ok := models.NormalizeEmail(to)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: not an e-mail address: %q", m.Key, to))
			continue
		}
		p, err := s.PrefsOf(ctx, m.CommitteeID, addr)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", m.Key, err))
			continue
		}
		if !p.Wants(kind) {
			declined++
			continue
		}
		one := m
		one.To = []string{addr}
		one.Key = RecipientKey(m.Key, addr)
		one.Unsubscribe = UnsubscribeURL(baseURL, p.Token)
		one.Text, one.HTML = WithUnsubscribe(lang, m.Text, m.HTML, one.Unsubscribe)
		ok, err = s.Queue(ctx, one)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", one.Key, err))
		case ok:
			queued++
		default:
			again++
		}
	}
	return queued, again, declined, errors.Join(errs...)
}

// RecipientKey is the outbox key of one address's copy of a message keyed
// key: the address is shortened to a stable hash, as keys are at most 200
// characters and addresses up to 254.
func RecipientKey(key, addr string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(addr)))
	return key + ":" + hex.EncodeToString(sum[:8])
}

// WithUnsubscribe adds the address's link at the end of both bodies, in
// lang.
func WithUnsubscribe(lang, text, html, link string) (string, string) {
	words := web.T(lang, "mail.unsubscribe") + " "
	text = strings.TrimRight(text, "\n") + "\n\n" + words + link + "\n"
	p := `<p style="font-size:12px;color:#555">` + template.HTMLEscapeString(words) +
		`<a href="` + template.HTMLEscapeString(link) + `">` + template.HTMLEscapeString(link) + `</a></p>`
	if i := strings.LastIndex(html, "</body>"); i >= 0 {
		html = html[:i] + p + html[i:]
	} else if html != "" {
		html += p
	}
	return text, html
}
