package directory

import (
	"context"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// UnitService manages the committee's units (đơn vị).
type UnitService struct{ core.Base }

func (s *UnitService) List(ctx context.Context, actor models.Actor) ([]models.Unit, error) {
	if err := core.Require(actor, models.ActReadDirectory); err != nil {
		return nil, err
	}
	return s.Store.Units().List(ctx, actor.CommitteeID)
}

func (s *UnitService) Get(ctx context.Context, actor models.Actor, id models.ID) (models.Unit, error) {
	if err := core.Require(actor, models.ActReadDirectory); err != nil {
		return models.Unit{}, err
	}
	if err := core.CheckID("unit", id); err != nil {
		return models.Unit{}, err
	}
	return s.Store.Units().Get(ctx, actor.CommitteeID, id)
}

// UnitInput is a new unit.
type UnitInput struct {
	Kind    models.UnitKind
	Name    string
	Aliases []string
	Emails  []string
}

func (s *UnitService) Create(ctx context.Context, actor models.Actor, in UnitInput) (models.Unit, error) {
	if err := core.Require(actor, models.ActManageUnits); err != nil {
		return models.Unit{}, err
	}
	now := s.Now()
	u := models.Unit{
		ID: models.NewID(now), CommitteeID: actor.CommitteeID, Kind: in.Kind,
		Name: core.NFC(in.Name), Aliases: core.NFCAll(in.Aliases), Emails: in.Emails,
		Active: true, Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if err := u.Validate(); err != nil {
		return models.Unit{}, err
	}
	if err := s.Store.Units().Create(ctx, u, s.Audit(actor, models.EntityUnit, u.ID, "create", nil, u)); err != nil {
		return models.Unit{}, err
	}
	s.ForgetRecipients(u.CommitteeID)
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
	if err := core.Require(actor, models.ActManageUnits); err != nil {
		return models.Unit{}, err
	}
	old, err := s.Get(ctx, actor, id)
	if err != nil {
		return models.Unit{}, err
	}
	if p.Version != old.Version {
		return models.Unit{}, core.StaleVersion(p.Version, old.Version)
	}
	u := old
	core.SetIf(&u.Kind, p.Kind)
	if p.Name != nil {
		u.Name = core.NFC(*p.Name)
	}
	if p.Aliases != nil {
		u.Aliases = core.NFCAll(*p.Aliases)
	}
	core.SetIf(&u.Emails, p.Emails)
	core.SetIf(&u.Active, p.Active)
	if err := u.Validate(); err != nil {
		return models.Unit{}, err
	}
	u.Version++
	u.UpdatedAt = s.Now()
	action := "update"
	if old.Active && !u.Active {
		action = "disable"
	}
	if err := s.Store.Units().Update(ctx, u, old.Version, s.Audit(actor, models.EntityUnit, u.ID, action, old, u)); err != nil {
		return models.Unit{}, err
	}
	s.ForgetRecipients(u.CommitteeID)
	return u, nil
}
