package services

import (
	"context"

	"github.com/theodoi/theodoi/models"
)

// AreaService manages the ordered list of areas (lĩnh vực).
type AreaService struct{ base }

func (s *AreaService) List(ctx context.Context, actor models.Actor) ([]models.Area, error) {
	if err := require(actor, models.ActReadDirectory); err != nil {
		return nil, err
	}
	return s.store.Areas().List(ctx, actor.CommitteeID)
}

// AreaInput is a new area; Position 0 puts it last.
type AreaInput struct {
	Name     string
	Position int
}

func (s *AreaService) Create(ctx context.Context, actor models.Actor, in AreaInput) (models.Area, error) {
	if err := require(actor, models.ActManageAreas); err != nil {
		return models.Area{}, err
	}
	if in.Position == 0 {
		existing, err := s.store.Areas().List(ctx, actor.CommitteeID)
		if err != nil {
			return models.Area{}, err
		}
		for _, a := range existing {
			in.Position = max(in.Position, a.Position)
		}
		in.Position++
	}
	now := s.now()
	a := models.Area{ID: models.NewID(now), CommitteeID: actor.CommitteeID, Name: nfc(in.Name), Position: in.Position, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := a.Validate(); err != nil {
		return models.Area{}, err
	}
	if err := s.store.Areas().Create(ctx, a, s.audit(actor, models.EntityArea, a.ID, "create", nil, a)); err != nil {
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
	if err := require(actor, models.ActManageAreas); err != nil {
		return models.Area{}, err
	}
	if err := checkID("area", id); err != nil {
		return models.Area{}, err
	}
	old, err := s.store.Areas().Get(ctx, actor.CommitteeID, id)
	if err != nil {
		return models.Area{}, err
	}
	if p.Version != old.Version {
		return models.Area{}, staleVersion(p.Version, old.Version)
	}
	a := old
	if p.Name != nil {
		a.Name = nfc(*p.Name)
	}
	setIf(&a.Position, p.Position)
	if err := a.Validate(); err != nil {
		return models.Area{}, err
	}
	a.Version++
	a.UpdatedAt = s.now()
	if err := s.store.Areas().Update(ctx, a, old.Version, s.audit(actor, models.EntityArea, a.ID, "update", old, a)); err != nil {
		return models.Area{}, err
	}
	return a, nil
}
