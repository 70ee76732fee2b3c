package directory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/web"
)

// A person's own account: name and language, password change, and the
// forgotten-password link sent by e-mail.

// ProfilePatch is what a person may change about themselves.
type ProfilePatch struct {
	Name     *string
	Language *string
}

// UpdateProfile changes the actor's own name or language. A concurrent
// change by an administrator is not overwritten: the patch is applied to
// the stored account, retried if it moved meanwhile.
func (s *UserService) UpdateProfile(ctx context.Context, actor models.Actor, p ProfilePatch) (models.User, error) {
	if actor.UserID == "" {
		return models.User{}, models.ErrUnauthenticated
	}
	for range 5 {
		old, err := s.Store.Users().Get(ctx, actor.CommitteeID, actor.UserID)
		if err != nil {
			return models.User{}, err
		}
		u := old
		if p.Name != nil {
			u.Name = core.NFC(*p.Name)
		}
		core.SetIf(&u.Language, p.Language)
		if err := u.Validate(); err != nil {
			return models.User{}, err
		}
		u.Version++
		u.UpdatedAt = s.Now()
		err = s.Store.Users().Update(ctx, u, old.Version, s.Audit(actor, models.EntityUser, u.ID, "profile", old, u))
		if err == nil {
			s.ForgetRecipients(u.CommitteeID) // the language of their mail
		}
		if errors.Is(err, models.ErrConflict) {
			continue
		}
		if err != nil {
			return models.User{}, err
		}
		return u, nil
	}
	return models.User{}, fmt.Errorf("profile: %w", models.ErrConflict)
}

// PasswordResetTTL is how long a reset link works.
const PasswordResetTTL = time.Hour

// ChangePassword replaces the actor's password after checking the current
// one, and ends every session of the account (this one too: the person
// signs in again with the new password).
func (s *AuthService) ChangePassword(ctx context.Context, actor models.Actor, current, next string) error {
	if !s.limiters.allow("acct-user:" + string(actor.UserID)) {
		return fmt.Errorf("change password: %w", models.ErrRateLimited)
	}
	u, err := s.Store.Users().Get(ctx, actor.CommitteeID, actor.UserID)
	if err != nil {
		return err
	}
	if !VerifyPassword(u.PasswordHash, current) {
		return models.Invalid("currentPassword", "the current password is not right")
	}
	if current == next {
		return models.Invalid("password", "the new password must differ from the current one")
	}
	return s.setPassword(ctx, actor, u, next, "password", false)
}

// RequestPasswordReset e-mails a one-time link to reset the password of
// the account with this address. It answers the same whether or not the
// account exists (and for disabled ones), so the form cannot be used to
// find out who has an account: the lookup and the mail happen after the
// answer (sendReset), so not even the time taken differs. Only the rate
// limit (per address asked for and per client address) is reported.
func (s *AuthService) RequestPasswordReset(ctx context.Context, email, addr string) error {
	addrNorm, ok := models.NormalizeEmail(email)
	if !ok {
		return models.Invalid("email", "enter an e-mail address")
	}
	if !s.limiters.allow("reset-addr:"+addr) || !s.limiters.allow("reset:"+addrNorm) {
		return fmt.Errorf("password reset: %w", models.ErrRateLimited)
	}
	started := s.later.Go(ctx, "password reset", func(ctx context.Context) error {
		return s.sendReset(ctx, addrNorm)
	})
	if !started {
		return fmt.Errorf("password reset: %w", models.ErrRateLimited)
	}
	return nil
}

// sendReset queues the reset link for the account with this address, if
// there is an enabled one.
func (s *AuthService) sendReset(ctx context.Context, addrNorm string) error {
	u, err := s.Store.Users().GetByEmail(ctx, addrNorm)
	if errors.Is(err, models.ErrNotFound) || (err == nil && u.Disabled) {
		return nil
	}
	if err != nil {
		return err
	}
	token, hash, err := s.issueLink(ctx, u, models.TokenPasswordReset, PasswordResetTTL)
	if err != nil {
		return err
	}
	link := strings.TrimRight(s.opts.BaseURL, "/") + "/password/reset?token=" + token
	m, err := resetMessage(u, link, hash)
	if err != nil {
		return err
	}
	_, err = s.mail.Queue(ctx, m)
	return err
}

// Settle waits for the work started after answering (reset links) to
// finish: at shutdown, and in tests before they read the outbox.
func (s *AuthService) Settle() { s.later.Wait() }

// issueLink makes a one-time token of purpose for u, valid for ttl; a new
// link replaces the ones of that purpose sent before.
func (s *AuthService) issueLink(ctx context.Context, u models.User, purpose string, ttl time.Duration) (token, hash string, err error) {
	if err := s.Store.Tokens().DeleteForUser(ctx, u.ID, purpose); err != nil {
		return "", "", err
	}
	token, hash = newToken()
	now := s.Now()
	t := models.OneTimeToken{Hash: hash, Purpose: purpose, CommitteeID: u.CommitteeID, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	return token, hash, s.Store.Tokens().Create(ctx, t)
}

// ResetPassword sets a new password with a link's token; the token works
// once and only until it expires. Every session of the account ends.
func (s *AuthService) ResetPassword(ctx context.Context, token, password string) error {
	if err := CheckPasswordPolicy(password); err != nil {
		return err
	}
	if token == "" || len(token) > 200 {
		return fmt.Errorf("password reset link: %w", models.ErrNotFound)
	}
	t, err := s.Store.Tokens().Take(ctx, hashToken(token), models.TokenPasswordReset, s.Now())
	if err != nil {
		return fmt.Errorf("password reset link: %w", err)
	}
	u, err := s.Store.Users().Get(ctx, t.CommitteeID, t.UserID)
	if err != nil {
		return err
	}
	if u.Disabled {
		return fmt.Errorf("password reset link: %w", models.ErrNotFound)
	}
	return s.setPassword(ctx, models.Actor{UserID: u.ID, CommitteeID: u.CommitteeID, Role: u.Role, UnitID: u.UnitID}, u, password, "password-reset", false)
}

// setPassword stores a new password hash for u (retrying if the account
// changed meanwhile) and ends its sessions. mustChange is whether the
// person must replace it at first sign-in (someone else chose it).
func (s *AuthService) setPassword(ctx context.Context, actor models.Actor, u models.User, password, action string, mustChange bool) error {
	if err := CheckPasswordPolicy(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	for range 5 {
		next := u
		next.PasswordHash, next.MustChangePassword, next.Version, next.UpdatedAt = hash, mustChange, u.Version+1, s.Now()
		err = s.Store.Users().Update(ctx, next, u.Version, s.Audit(actor, models.EntityUser, u.ID, action, nil, nil))
		if !errors.Is(err, models.ErrConflict) {
			break
		}
		if u, err = s.Store.Users().Get(ctx, u.CommitteeID, u.ID); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	return s.Store.Sessions().DeleteForUser(ctx, u.ID)
}

// resetMessage is the e-mail with the link, in the person's language.
// Its key is made from the token's hash, so each link is queued once.
func resetMessage(u models.User, link, hash string) (models.Message, error) {
	lang := u.Language
	return linkMessage(u, linkMail{
		Key: "password-reset:" + hash[:32], Link: link,
		Subject:  web.T(lang, "resetmail.subject"),
		Greeting: web.T(lang, "resetmail.greeting", u.Name),
		Body:     web.T(lang, "resetmail.body", u.Email),
		Action:   web.T(lang, "resetmail.action"),
		After:    web.T(lang, "resetmail.ignore"),
	})
}
