package directory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/web"
)

// Invitations: every new account is e-mailed a link with which its person
// chooses a password and signs in. The link works once, for
// InvitationTTL; a new invitation replaces the one before.

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 72 * time.Hour

// invite queues the invitation e-mail for u through the outbox.
func (s *AuthService) invite(ctx context.Context, u models.User) error {
	token, hash, err := s.issueLink(ctx, u, models.TokenInvitation, InvitationTTL)
	if err != nil {
		return err
	}
	c, _, err := s.Committees.Get(ctx, u.CommitteeID)
	if err != nil {
		return err
	}
	link := strings.TrimRight(s.opts.BaseURL, "/") + "/invite?token=" + token
	m, err := invitationMessage(u, c, link, hash)
	if err != nil {
		return err
	}
	_, err = s.mail.Queue(ctx, m)
	return err
}

// InvitationInfo is what the invitation page shows before the person
// chooses a password.
type InvitationInfo struct {
	Name, Email, Committee string
	ExpiresAt              time.Time
}

// CheckInvitation tells whether an invitation link still works, and whose
// it is; an unknown, used or expired link is ErrNotFound.
func (s *AuthService) CheckInvitation(ctx context.Context, token string) (InvitationInfo, error) {
	if token == "" || len(token) > 200 {
		return InvitationInfo{}, fmt.Errorf("invitation link: %w", models.ErrNotFound)
	}
	t, err := s.Store.Tokens().Get(ctx, hashToken(token), models.TokenInvitation, s.Now())
	if err != nil {
		return InvitationInfo{}, fmt.Errorf("invitation link: %w", err)
	}
	u, err := s.Store.Users().Get(ctx, t.CommitteeID, t.UserID)
	if err != nil || u.Disabled {
		return InvitationInfo{}, fmt.Errorf("invitation link: %w", models.ErrNotFound)
	}
	c, _, err := s.Committees.Get(ctx, u.CommitteeID)
	if err != nil {
		return InvitationInfo{}, err
	}
	return InvitationInfo{Name: u.Name, Email: u.Email, Committee: c.Name, ExpiresAt: t.ExpiresAt}, nil
}

// AcceptInvitation sets the password chosen through an invitation link
// (the link works once) and returns the account, so that the caller can
// sign the person in.
func (s *AuthService) AcceptInvitation(ctx context.Context, token, password string) (models.User, error) {
	if err := CheckPasswordPolicy(password); err != nil {
		return models.User{}, err
	}
	if token == "" || len(token) > 200 {
		return models.User{}, fmt.Errorf("invitation link: %w", models.ErrNotFound)
	}
	t, err := s.Store.Tokens().Take(ctx, hashToken(token), models.TokenInvitation, s.Now())
	if err != nil {
		return models.User{}, fmt.Errorf("invitation link: %w", err)
	}
	u, err := s.Store.Users().Get(ctx, t.CommitteeID, t.UserID)
	if err != nil {
		return models.User{}, err
	}
	if u.Disabled {
		return models.User{}, fmt.Errorf("invitation link: %w", models.ErrNotFound)
	}
	if err := s.setPassword(ctx, actorOf(u), u, password, "invitation-accepted", false); err != nil {
		return models.User{}, err
	}
	return s.Store.Users().Get(ctx, u.CommitteeID, u.ID)
}

// invitationMessage is the e-mail with the link, in the person's
// language. Its key comes from the token's hash: each link is queued once.
func invitationMessage(u models.User, c models.Committee, link, hash string) (models.Message, error) {
	lang := u.Language
	days := int(InvitationTTL / (24 * time.Hour))
	return linkMessage(u, linkMail{
		Key: "invitation:" + hash[:32], Link: link,
		Subject:  web.T(lang, "invitemail.subject", c.Name),
		Greeting: web.T(lang, "invitemail.greeting", u.Name),
		Body:     web.T(lang, "invitemail.body", u.Email, c.Name, days),
		Action:   web.T(lang, "invitemail.action"),
		After:    web.T(lang, "invitemail.after"),
	})
}

// linkMail is a mail that carries one secret link to a person (an
// invitation, a password reset): its words, in the person's language.
type linkMail struct {
	Key, Link                              string
	Subject, Greeting, Body, Action, After string
}

// linkMessage writes a link mail as text and as HTML
// (web/templates/mail/link.html).
func linkMessage(u models.User, m linkMail) (models.Message, error) {
	text := m.Greeting + "\n\n" + m.Body + "\n\n" + m.Link + "\n\n" + m.After + "\n"
	html, err := web.MailHTML(u.Language, "link.html", m)
	if err != nil {
		return models.Message{}, fmt.Errorf("%s for user %s: %w", m.Key, u.ID, err)
	}
	return models.Message{
		CommitteeID: u.CommitteeID,
		Key:         m.Key,
		To:          []string{u.Email},
		Subject:     norm.NFC.String(m.Subject),
		Text:        norm.NFC.String(text),
		HTML:        norm.NFC.String(html),
	}, nil
}
