package directory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// SetupService makes a committee with its units, areas and first
// administrator, all or nothing: the committee is written first, marked
// incomplete (not listed, scheduled or signed into), and marked complete
// only when everything else is stored; a failure part-way removes it with
// everything written under it. The command line (`theodoi init`), the
// first-run setup page and the demo loader all go through here.
type SetupService struct {
	core.Base
	units *UnitService
	users *UserService
	// fault, when set (tests only), is called after each stage and may
	// fail it, to prove that a failure leaves nothing behind.
	fault func(stage string) error
}

// Setup stages passed to the fault hook.
const (
	StageCommittee = "committee"
	StageUnits     = "units"
	StageUsers     = "users"
)

// SetupTokenTTL is how long the first-run setup link works.
const SetupTokenTTL = 24 * time.Hour

// SetupInput is a whole new committee.
type SetupInput struct {
	// Committee holds the header lines, time zone and document blocks;
	// empty document blocks take models.DefaultDocumentSettings.
	Committee models.Committee
	Units     []UnitInput
	Areas     []string
	Admin     UserInput
}

// SetupResult is what Create made.
type SetupResult struct {
	Committee models.Committee
	Units     []models.Unit
	Admin     models.User
}

// Create sets the committee up. It refuses a name that a complete
// committee already has; an incomplete one of that name (a setup that
// died half-way) is removed first.
func (s *SetupService) Create(ctx context.Context, in SetupInput) (SetupResult, error) {
	if err := s.check(in); err != nil {
		return SetupResult{}, err
	}
	c, err := s.Begin(ctx, in.Committee, in.Areas)
	if err != nil {
		return SetupResult{}, err
	}
	res, err := s.fill(ctx, c, in)
	if err != nil {
		return SetupResult{}, errors.Join(err, s.Abandon(ctx, c.ID))
	}
	if res.Committee, err = s.Finish(ctx, c.ID); err != nil {
		return SetupResult{}, errors.Join(err, s.Abandon(ctx, c.ID))
	}
	return res, nil
}

func (s *SetupService) fill(ctx context.Context, c models.Committee, in SetupInput) (SetupResult, error) {
	res := SetupResult{Committee: c}
	system := models.Actor{CommitteeID: c.ID, Role: models.RoleAdmin}
	for _, u := range in.Units {
		made, err := s.units.Create(ctx, system, u)
		if err != nil {
			return res, fmt.Errorf("unit %q: %w", u.Name, err)
		}
		res.Units = append(res.Units, made)
	}
	if err := s.Checkpoint(StageUnits); err != nil {
		return res, err
	}
	admin := in.Admin
	admin.Role = models.RoleAdmin
	admin.Invite = true
	u, _, err := s.users.create(ctx, models.Actor{CommitteeID: c.ID}, admin)
	if err != nil {
		return res, err
	}
	res.Admin = u
	return res, s.Checkpoint(StageUsers)
}

// check validates the whole input before anything is written, so that a
// mistake is reported field by field and nothing needs undoing.
func (s *SetupService) check(in SetupInput) error {
	p := models.Problems{}
	c := prepareCommittee(in.Committee)
	addProblems(p, "", c.Validate())
	for i, u := range in.Units {
		m := models.Unit{Kind: u.Kind, Name: u.Name, Aliases: u.Aliases, Emails: u.Emails}
		addProblems(p, fmt.Sprintf("units[%d].", i), m.Validate())
	}
	if len(in.Units) > 500 {
		p.Add("units", "at most 500")
	}
	checkAreaNames(p, in.Areas)
	admin := models.User{Name: in.Admin.Name, Email: in.Admin.Email, Role: models.RoleAdmin, Language: in.Admin.Language}
	addProblems(p, "admin.", admin.Validate())
	if in.Admin.Password != "" {
		if err := CheckPasswordPolicy(in.Admin.Password); err != nil {
			p.Add("admin.password", fmt.Sprintf("at least %d characters", MinPasswordLen))
		}
	}
	return p.Err()
}

func checkAreaNames(p models.Problems, names []string) {
	if len(names) > 50 {
		p.Add("areas", "at most 50")
	}
	seen := map[string]bool{}
	for i, a := range names {
		a = strings.TrimSpace(a)
		field := fmt.Sprintf("areas[%d]", i)
		switch {
		case a == "":
			p.Add(field, "required")
		case len([]rune(a)) > 200:
			p.Add(field, "at most 200 characters")
		case seen[models.Fold(a)]:
			p.Add(field, "listed twice")
		}
		seen[models.Fold(a)] = true
	}
}

// addProblems copies a validation error's fields under prefix.
func addProblems(p models.Problems, prefix string, err error) {
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		for k, v := range ve.Fields {
			p.Add(prefix+k, v)
		}
	}
}

// prepareCommittee normalises the text and fills empty document blocks
// with the defaults.
func prepareCommittee(c models.Committee) models.Committee {
	c.Name, c.SuperiorBody, c.PlaceName, c.IssuerCode = core.NFC(c.Name), core.NFC(c.SuperiorBody), core.NFC(c.PlaceName), core.NFC(c.IssuerCode)
	c.Documents = c.Documents.OrDefaults()
	d := &c.Documents
	d.ResolutionSigner.Name, d.ReportSigner.Name = core.NFC(d.ResolutionSigner.Name), core.NFC(d.ReportSigner.Name)
	d.ResolutionSigner.Titles, d.ReportSigner.Titles = core.NFCAll(d.ResolutionSigner.Titles), core.NFCAll(d.ReportSigner.Titles)
	d.ResolutionRecipients, d.ReportRecipients = core.NFCAll(d.ResolutionRecipients), core.NFCAll(d.ReportRecipients)
	return c
}

// Begin writes the committee, incomplete, with its areas in order. A
// complete committee of the same name (compared without case or
// diacritics) refuses it; an incomplete one is removed first.
func (s *SetupService) Begin(ctx context.Context, c models.Committee, areas []string) (models.Committee, error) {
	c = prepareCommittee(c)
	if err := c.Validate(); err != nil {
		return models.Committee{}, err
	}
	p := models.Problems{}
	checkAreaNames(p, areas)
	if err := p.Err(); err != nil {
		return models.Committee{}, err
	}
	all, err := s.Store.Committees().List(ctx)
	if err != nil {
		return models.Committee{}, err
	}
	for _, other := range all {
		if models.Fold(other.Name) != models.Fold(c.Name) {
			continue
		}
		if other.Ready() {
			return models.Committee{}, fmt.Errorf("%w: %w", models.Invalid("name", "a committee with this name exists already (id "+string(other.ID)+")"), models.ErrDuplicate)
		}
		if err := s.Store.Committees().Purge(ctx, other.ID); err != nil {
			return models.Committee{}, err
		}
	}
	now := s.Now()
	c.ID = models.NewID(now)
	c.Incomplete = true
	c.Version = 1
	c.CreatedAt, c.UpdatedAt = now, now
	system := models.Actor{CommitteeID: c.ID}
	if err := s.Store.Committees().Create(ctx, c, s.Audit(system, models.EntityCommittee, c.ID, "create", nil, c)); err != nil {
		return models.Committee{}, err
	}
	for i, name := range areas {
		a := models.Area{ID: models.NewID(now), CommitteeID: c.ID, Name: core.NFC(strings.TrimSpace(name)), Position: i + 1, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.Store.Areas().Create(ctx, a, s.Audit(system, models.EntityArea, a.ID, "create", nil, a)); err != nil {
			return models.Committee{}, errors.Join(err, s.Abandon(ctx, c.ID))
		}
	}
	if err := s.Checkpoint(StageCommittee); err != nil {
		return models.Committee{}, errors.Join(err, s.Abandon(ctx, c.ID))
	}
	return c, nil
}

// Finish marks the committee complete: from now on it is listed, its jobs
// run and its people may sign in.
func (s *SetupService) Finish(ctx context.Context, id models.ID) (models.Committee, error) {
	old, err := s.Store.Committees().Get(ctx, id)
	if err != nil {
		return models.Committee{}, err
	}
	c := old
	c.Incomplete = false
	c.Version++
	c.UpdatedAt = s.Now()
	if err := s.Store.Committees().Update(ctx, c, old.Version, s.Audit(models.Actor{CommitteeID: id}, models.EntityCommittee, id, "setup-complete", nil, nil)); err != nil {
		return models.Committee{}, err
	}
	return c, nil
}

// Abandon removes a committee that could not be set up, with everything
// written under it. It runs even when ctx was cancelled (an interrupted
// command cleans up after itself).
func (s *SetupService) Abandon(ctx context.Context, id models.ID) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if err := s.Store.Committees().Purge(ctx, id); err != nil {
		return fmt.Errorf("removing the half-made committee %s: %w", id, err)
	}
	return nil
}

// Checkpoint runs the test fault hook for a stage; nil in production.
func (s *SetupService) Checkpoint(stage string) error {
	if s.fault == nil {
		return nil
	}
	return s.fault(stage)
}

// HasCommittee reports whether the store holds a complete committee.
func (s *SetupService) HasCommittee(ctx context.Context) (bool, error) {
	all, err := s.Store.Committees().List(ctx)
	if err != nil {
		return false, err
	}
	for _, c := range all {
		if c.Ready() {
			return true, nil
		}
	}
	return false, nil
}

// IssueToken makes the first-run setup link's token (replacing any
// earlier one); only a store with no committee gets one.
func (s *SetupService) IssueToken(ctx context.Context) (string, time.Time, error) {
	has, err := s.HasCommittee(ctx)
	if err != nil {
		return "", time.Time{}, err
	}
	if has {
		return "", time.Time{}, fmt.Errorf("setup: a committee exists: %w", models.ErrConflict)
	}
	if err := s.Store.Tokens().DeleteForUser(ctx, "", models.TokenSetup); err != nil {
		return "", time.Time{}, err
	}
	token, hash := newToken()
	now := s.Now()
	t := models.OneTimeToken{Hash: hash, Purpose: models.TokenSetup, CreatedAt: now, ExpiresAt: now.Add(SetupTokenTTL)}
	if err := s.Store.Tokens().Create(ctx, t); err != nil {
		return "", time.Time{}, err
	}
	return token, t.ExpiresAt, nil
}

// CheckToken is nil when token opens the setup page: it is the current,
// unexpired setup token and no committee exists yet. Anything else is
// ErrNotFound, so the page answers 404 as if it were not there.
func (s *SetupService) CheckToken(ctx context.Context, token string) error {
	if token == "" || len(token) > 200 {
		return fmt.Errorf("setup link: %w", models.ErrNotFound)
	}
	has, err := s.HasCommittee(ctx)
	if err != nil {
		return err
	}
	if has {
		return fmt.Errorf("setup: %w", models.ErrNotFound)
	}
	_, err = s.Store.Tokens().Get(ctx, hashToken(token), models.TokenSetup, s.Now())
	return err
}

// CreateWithToken is Create for the setup page: the token is taken (so
// two people submitting at once make one committee) and given back if
// the setup fails, so the form can be corrected and sent again.
func (s *SetupService) CreateWithToken(ctx context.Context, token string, in SetupInput) (SetupResult, error) {
	if err := s.CheckToken(ctx, token); err != nil {
		return SetupResult{}, err
	}
	if err := s.check(in); err != nil {
		return SetupResult{}, err
	}
	t, err := s.Store.Tokens().Take(ctx, hashToken(token), models.TokenSetup, s.Now())
	if err != nil {
		return SetupResult{}, fmt.Errorf("setup link: %w", err)
	}
	res, err := s.Create(ctx, in)
	if err != nil {
		if again := s.Store.Tokens().Create(context.WithoutCancel(ctx), t); again != nil {
			s.Log.Error("setup link lost after a failed setup", "error", again)
		}
		return SetupResult{}, err
	}
	return res, nil
}
