package services

import (
	"context"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
)

// UnitService manages the committee's units (đơn vị).
type UnitService struct{ base }

func (s *UnitService) List(ctx context.Context, actor models.Actor) ([]models.Unit, error) {
	if err := require(actor, models.ActReadDirectory); err != nil {
		return nil, err
	}
	return s.store.Units().List(ctx, actor.CommitteeID)
}

func (s *UnitService) Get(ctx context.Context, actor models.Actor, id models.ID) (models.Unit, error) {
	if err := require(actor, models.ActReadDirectory); err != nil {
		return models.Unit{}, err
	}
	if err := checkID("unit", id); err != nil {
		return models.Unit{}, err
	}
	return s.store.Units().Get(ctx, actor.CommitteeID, id)
}

// UnitInput is a new unit.
type UnitInput struct {
	Kind    models.UnitKind
	Name    string
	Aliases []string
	Emails  []string
}

func (s *UnitService) Create(ctx context.Context, actor models.Actor, in UnitInput) (models.Unit, error) {
	if err := require(actor, models.ActManageUnits); err != nil {
		return models.Unit{}, err
	}
	now := s.now()
	u := models.Unit{
		ID: models.NewID(now), CommitteeID: actor.CommitteeID, Kind: in.Kind,
		Name: nfc(in.Name), Aliases: nfcAll(in.Aliases), Emails: in.Emails,
		Active: true, Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if err := u.Validate(); err != nil {
		return models.Unit{}, err
	}
	if err := s.store.Units().Create(ctx, u, s.audit(actor, models.EntityUnit, u.ID, "create", nil, u)); err != nil {
		return models.Unit{}, err
	}
	s.recipients.forget(u.CommitteeID)
	return u, nil
}

// UnitPatch changes a unit; Active=false disables it (units are never deleted:
// old tasks still name them).
type UnitPatch struct {
	Version int64
	Kind    *models.UnitKind
	Name    *string
	Aliases *[]string
	Emails  *[]string
	Active  *bool
}

func (s *UnitService) Update(ctx context.Context, actor models.Actor, id models.ID, p UnitPatch) (models.Unit, error) {
	if err := require(actor, models.ActManageUnits); err != nil {
		return models.Unit{}, err
	}
	old, err := s.Get(ctx, actor, id)
	if err != nil {
		return models.Unit{}, err
	}
	if p.Version != old.Version {
		return models.Unit{}, staleVersion(p.Version, old.Version)
	}
	u := old
	setIf(&u.Kind, p.Kind)
	if p.Name != nil {
		u.Name = nfc(*p.Name)
	}
	if p.Aliases != nil {
		u.Aliases = nfcAll(*p.Aliases)
	}
	setIf(&u.Emails, p.Emails)
	setIf(&u.Active, p.Active)
	if err := u.Validate(); err != nil {
		return models.Unit{}, err
	}
	u.Version++
	u.UpdatedAt = s.now()
	action := "update"
	if old.Active && !u.Active {
		action = "disable"
	}
	if err := s.store.Units().Update(ctx, u, old.Version, s.audit(actor, models.EntityUnit, u.ID, action, old, u)); err != nil {
		return models.Unit{}, err
	}
	s.recipients.forget(u.CommitteeID)
	return u, nil
}

// nfc normalises user text to composed Unicode; documents mix both forms.
func nfc(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

func nfcAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, nfc(s))
	}
	return out
}
