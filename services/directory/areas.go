package directory

import (
	"context"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// AreaService manages the ordered list of areas (lĩnh vực).
type AreaService struct{ core.Base }

func (s *AreaService) List(ctx context.Context, actor models.Actor) ([]models.Area, error) {
	if err := core.Require(actor, models.ActReadDirectory); err != nil {
		return nil, err
	}
	return s.Store.Areas().List(ctx, actor.CommitteeID)
}

// AreaInput is a new area; Position 0 puts it last.
type AreaInput struct {
	Name     string
	Position int
}

func (s *AreaService) Create(ctx context.Context, actor models.Actor, in AreaInput) (models.Area, error) {
	if err := core.Require(actor, models.ActManageAreas); err != nil {
		return models.Area{}, err
	}
	if in.Position == 0 {
		existing, err := s.Store.Areas().List(ctx, actor.CommitteeID)
		if err != nil {
			return models.Area{}, err
		}
		for _, a := range existing {
			in.Position = max(in.Position, a.Position)
		}
		in.Position++
	}
	now := s.Now()
	a := models.Area{ID: models.NewID(now), CommitteeID: actor.CommitteeID, Name: core.NFC(in.Name), Position: in.Position, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := a.Validate(); err != nil {
		return models.Area{}, err
	}
	if err := s.Store.Areas().Create(ctx, a, s.Audit(actor, models.EntityArea, a.ID, "create", nil, a)); err != nil {
		return models.Area{}, err
	}
	return a, nil
}

// AreaPatch renames or moves an area.
type AreaPatch struct {
	Version  int64
	Name     *string
	Position *int
}

func (s *AreaService) Update(ctx context.Context, actor models.Actor, id models.ID, p AreaPatch) (models.Area, error) {
	if err := core.Require(actor, models.ActManageAreas); err != nil {
		return models.Area{}, err
	}
	if err := core.CheckID("area", id); err != nil {
		return models.Area{}, err
	}
	old, err := s.Store.Areas().Get(ctx, actor.CommitteeID, id)
	if err != nil {
		return models.Area{}, err
	}
	if p.Version != old.Version {
		return models.Area{}, core.StaleVersion(p.Version, old.Version)
	}
	a := old
	if p.Name != nil {
		a.Name = core.NFC(*p.Name)
	}
	core.SetIf(&a.Position, p.Position)
	if err := a.Validate(); err != nil {
		return models.Area{}, err
	}
	a.Version++
	a.UpdatedAt = s.Now()
	if err := s.Store.Areas().Update(ctx, a, old.Version, s.Audit(actor, models.EntityArea, a.ID, "update", old, a)); err != nil {
		return models.Area{}, err
	}
	return a, nil
}
