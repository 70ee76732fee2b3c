package services

import (
	"context"
	"fmt"
	"html/template"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
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
	c, _, err := s.committees.get(ctx, u.CommitteeID)
	if err != nil {
		return err
	}
	link := strings.TrimRight(s.opts.BaseURL, "/") + "/invite?token=" + token
	_, err = s.mail.Queue(ctx, invitationMessage(u, c, link, hash))
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
	t, err := s.store.Tokens().Get(ctx, hashToken(token), models.TokenInvitation, s.now())
	if err != nil {
		return InvitationInfo{}, fmt.Errorf("invitation link: %w", err)
	}
	u, err := s.store.Users().Get(ctx, t.CommitteeID, t.UserID)
	if err != nil || u.Disabled {
		return InvitationInfo{}, fmt.Errorf("invitation link: %w", models.ErrNotFound)
	}
	c, _, err := s.committees.get(ctx, u.CommitteeID)
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
	t, err := s.store.Tokens().Take(ctx, hashToken(token), models.TokenInvitation, s.now())
	if err != nil {
		return models.User{}, fmt.Errorf("invitation link: %w", err)
	}
	u, err := s.store.Users().Get(ctx, t.CommitteeID, t.UserID)
	if err != nil {
		return models.User{}, err
	}
	if u.Disabled {
		return models.User{}, fmt.Errorf("invitation link: %w", models.ErrNotFound)
	}
	if err := s.setPassword(ctx, actorOf(u), u, password, "invitation-accepted", false); err != nil {
		return models.User{}, err
	}
	return s.store.Users().Get(ctx, u.CommitteeID, u.ID)
}

// invitationMessage is the e-mail with the link, in the person's
// language. Its key comes from the token's hash: each link is queued once.
func invitationMessage(u models.User, c models.Committee, link, hash string) models.Message {
	days := int(InvitationTTL / (24 * time.Hour))
	var subject, greeting, body, action, after string
	if u.Language == "en" {
		subject = "[Task follow-up] Your account at " + c.Name
		greeting = "Dear " + u.Name + ","
		body = fmt.Sprintf("An account has been made for you (%s) in %s's task follow-up. To choose your password and sign in, open this link (it works once, within %d days):", u.Email, c.Name, days)
		action = "Choose my password"
		after = "If the link has expired, ask the committee's administrator for a new invitation, or use \"Forgot password?\" on the sign-in page."
	} else {
		subject = "[Theo dõi nhiệm vụ] Tài khoản của đồng chí tại " + c.Name
		greeting = "Kính gửi đồng chí " + u.Name + ","
		body = fmt.Sprintf("Đồng chí đã được tạo tài khoản (%s) trên hệ thống theo dõi nhiệm vụ của %s. Để chọn mật khẩu và đăng nhập, mở đường dẫn sau (dùng được một lần, trong vòng %d ngày):", u.Email, c.Name, days)
		action = "Chọn mật khẩu"
		after = "Nếu đường dẫn đã hết hạn, đề nghị quản trị viên gửi lại thư mời, hoặc dùng “Quên mật khẩu?” ở trang đăng nhập."
	}
	text := greeting + "\n\n" + body + "\n\n" + link + "\n\n" + after + "\n"
	esc := template.HTMLEscapeString
	html := `<!doctype html><html lang="` + esc(u.Language) + `"><head><meta charset="utf-8"><title>` + esc(subject) + `</title></head><body>` +
		`<p>` + esc(greeting) + `</p><p>` + esc(body) + `</p><p><a href="` + esc(link) + `">` + esc(action) + `</a></p><p>` + esc(after) + `</p></body></html>`
	return models.Message{
		CommitteeID: u.CommitteeID,
		Key:         "invitation:" + hash[:32],
		To:          []string{u.Email},
		Subject:     norm.NFC.String(subject),
		Text:        norm.NFC.String(text),
		HTML:        norm.NFC.String(html),
	}
}
