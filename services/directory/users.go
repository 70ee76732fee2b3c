package directory

import (
	"context"
	"errors"
	"fmt"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// UserService manages accounts.
type UserService struct {
	core.Base
	auth *AuthService
}

func (s *UserService) List(ctx context.Context, actor models.Actor) ([]models.User, error) {
	if err := core.Require(actor, models.ActListUsers); err != nil {
		return nil, err
	}
	return s.Store.Users().List(ctx, actor.CommitteeID)
}

// UserInput is a new account. Without a Password the person has none
// until they follow their invitation (or GeneratePassword makes one to
// hand over). A password handed out (generated, or typed by an
// administrator for someone else) must be changed at first sign-in; one
// the operator gave on the command line is final (scripts rely on it).
// The invitation e-mail goes to every account whose password is not
// final, and to others when Invite is set.
type UserInput struct {
	Name             string
	Email            string
	Role             models.Role
	UnitID           models.ID
	Language         string
	Password         string
	PasswordFinal    bool
	GeneratePassword bool
	Invite           bool
}

// Create adds a user and e-mails them an invitation to choose a password.
// It returns the password handed over (the given one or a generated
// one), if any.
func (s *UserService) Create(ctx context.Context, actor models.Actor, in UserInput) (models.User, string, error) {
	if err := core.Require(actor, models.ActManageUsers); err != nil {
		return models.User{}, "", err
	}
	in.PasswordFinal = false // typed by an administrator for someone else
	return s.create(ctx, actor, in)
}

// CreateFirst adds a user without a permission check: for the command line
// and the demo loader, which run with the machine owner's authority. A
// Password given here is the operator's own act, so it is final.
func (s *UserService) CreateFirst(ctx context.Context, committee models.ID, in UserInput) (models.User, string, error) {
	in.PasswordFinal = true
	return s.create(ctx, models.Actor{CommitteeID: committee}, in)
}

func (s *UserService) create(ctx context.Context, actor models.Actor, in UserInput) (models.User, string, error) {
	pw := in.Password
	if pw == "" && in.GeneratePassword {
		pw = NewOneTimePassword()
		in.PasswordFinal = false
	}
	now := s.Now()
	u := models.User{
		ID: models.NewID(now), CommitteeID: actor.CommitteeID, Name: core.NFC(in.Name), Email: in.Email,
		Role: in.Role, UnitID: in.UnitID, Language: in.Language, Version: 1, CreatedAt: now, UpdatedAt: now,
		MustChangePassword: pw != "" && !in.PasswordFinal,
	}
	p := models.Problems{}
	addProblems(p, "", u.Validate())
	if pw != "" {
		if err := CheckPasswordPolicy(pw); err != nil {
			p.Add("password", fmt.Sprintf("at least %d characters", MinPasswordLen))
		}
	}
	if err := p.Err(); err != nil {
		return models.User{}, "", err
	}
	if err := s.checkUnit(ctx, u); err != nil {
		return models.User{}, "", err
	}
	if pw != "" {
		hash, err := HashPassword(pw)
		if err != nil {
			return models.User{}, "", err
		}
		u.PasswordHash = hash
	}
	if err := s.Store.Users().Create(ctx, u, s.Audit(actor, models.EntityUser, u.ID, "create", nil, u)); err != nil {
		if errors.Is(err, models.ErrDuplicate) {
			return models.User{}, "", fmt.Errorf("%w: %w", models.Invalid("email", "already in use"), err)
		}
		return models.User{}, "", err
	}
	s.ForgetRecipients(u.CommitteeID)
	if pw == "" || !in.PasswordFinal || in.Invite {
		if err := s.auth.invite(ctx, u); err != nil {
			return u, pw, fmt.Errorf("user %s created, but the invitation was not queued: %w", u.ID, err)
		}
	}
	return u, pw, nil
}

// Invite e-mails a new invitation link to a user (replacing the earlier
// one): for a person who lost theirs or let it expire.
func (s *UserService) Invite(ctx context.Context, actor models.Actor, id models.ID) (models.User, error) {
	if err := core.Require(actor, models.ActManageUsers); err != nil {
		return models.User{}, err
	}
	if err := core.CheckID("user", id); err != nil {
		return models.User{}, err
	}
	u, err := s.Store.Users().Get(ctx, actor.CommitteeID, id)
	if err != nil {
		return models.User{}, err
	}
	if u.Disabled {
		return models.User{}, models.Invalid("disabled", "the account is disabled")
	}
	return u, s.auth.invite(ctx, u)
}

// checkUnit makes sure a unit user's unit exists in the same committee.
func (s *UserService) checkUnit(ctx context.Context, u models.User) error {
	if u.UnitID == "" {
		return nil
	}
	unit, err := s.Store.Units().Get(ctx, u.CommitteeID, u.UnitID)
	if errors.Is(err, models.ErrNotFound) {
		return models.Invalid("unitId", "no such unit")
	}
	if err != nil {
		return err
	}
	if !unit.Active {
		return models.Invalid("unitId", "the unit is disabled")
	}
	return nil
}

// UserPatch changes an account; Disabled=true locks it out at once.
type UserPatch struct {
	Version  int64
	Name     *string
	Role     *models.Role
	UnitID   *models.ID
	Language *string
	Disabled *bool
}

func (s *UserService) Update(ctx context.Context, actor models.Actor, id models.ID, p UserPatch) (models.User, error) {
	if err := core.Require(actor, models.ActManageUsers); err != nil {
		return models.User{}, err
	}
	if err := core.CheckID("user", id); err != nil {
		return models.User{}, err
	}
	old, err := s.Store.Users().Get(ctx, actor.CommitteeID, id)
	if err != nil {
		return models.User{}, err
	}
	if p.Version != old.Version {
		return models.User{}, core.StaleVersion(p.Version, old.Version)
	}
	if id == actor.UserID && ((p.Disabled != nil && *p.Disabled) || (p.Role != nil && *p.Role != models.RoleAdmin)) {
		return models.User{}, models.Invalid("role", "you cannot disable or demote yourself")
	}
	u := old
	if p.Name != nil {
		u.Name = core.NFC(*p.Name)
	}
	core.SetIf(&u.Role, p.Role)
	core.SetIf(&u.UnitID, p.UnitID)
	core.SetIf(&u.Language, p.Language)
	core.SetIf(&u.Disabled, p.Disabled)
	if u.Role != models.RoleUnit && p.UnitID == nil {
		u.UnitID = ""
	}
	if err := u.Validate(); err != nil {
		return models.User{}, err
	}
	if u.UnitID != old.UnitID {
		if err := s.checkUnit(ctx, u); err != nil {
			return models.User{}, err
		}
	}
	u.Version++
	u.UpdatedAt = s.Now()
	if err := s.Store.Users().Update(ctx, u, old.Version, s.Audit(actor, models.EntityUser, u.ID, "update", old, u)); err != nil {
		return models.User{}, err
	}
	s.ForgetRecipients(u.CommitteeID)
	if u.Disabled {
		if err := s.Store.Sessions().DeleteForUser(ctx, u.ID); err != nil {
			return models.User{}, err
		}
	}
	return u, nil
}

// SetPassword replaces a password (command line `user passwd`) and ends
// the user's sessions.
func (s *UserService) SetPassword(ctx context.Context, email, password string) error {
	if err := CheckPasswordPolicy(password); err != nil {
		return err
	}
	norm, _ := models.NormalizeEmail(email)
	u, err := s.Store.Users().GetByEmail(ctx, norm)
	if err != nil {
		return err
	}
	return s.auth.setPassword(ctx, models.Actor{CommitteeID: u.CommitteeID}, u, password, "password", false)
}
