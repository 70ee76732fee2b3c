package services

import (
	"context"
	"errors"

	"github.com/theodoi/theodoi/models"
)

// PeriodService manages the committee's months (kỳ).
type PeriodService struct{ base }

func (s *PeriodService) List(ctx context.Context, actor models.Actor) ([]models.Period, error) {
	if err := require(actor, models.ActReadDirectory); err != nil {
		return nil, err
	}
	return s.store.Periods().List(ctx, actor.CommitteeID)
}

// PeriodInput is a new month.
type PeriodInput struct {
	Month            string
	ResolutionNumber string
	ResolutionDate   string
}

func (s *PeriodService) Create(ctx context.Context, actor models.Actor, in PeriodInput) (models.Period, error) {
	if err := require(actor, models.ActManagePeriods); err != nil {
		return models.Period{}, err
	}
	now := s.now()
	p := models.Period{
		ID: models.NewID(now), CommitteeID: actor.CommitteeID, Month: models.Month(in.Month), Status: models.PeriodOpen,
		ResolutionNumber: nfc(in.ResolutionNumber), ResolutionDate: models.Date(in.ResolutionDate),
		Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if err := p.Validate(); err != nil {
		return models.Period{}, err
	}
	if err := s.store.Periods().Create(ctx, p, s.audit(actor, models.EntityPeriod, p.ID, "create", nil, p)); err != nil {
		if errors.Is(err, models.ErrDuplicate) {
			return models.Period{}, errors.Join(models.Invalid("month", "this month already exists"), err)
		}
		return models.Period{}, err
	}
	return p, nil
}

// ensureOpen returns the month's period, creating it when a leader first
// puts a task in it; a closed month takes no new tasks.
func (s *PeriodService) ensureOpen(ctx context.Context, actor models.Actor, month models.Month) (models.Period, error) {
	p, err := s.store.Periods().Get(ctx, actor.CommitteeID, month)
	if errors.Is(err, models.ErrNotFound) {
		p, err = s.Create(ctx, actor, PeriodInput{Month: string(month)})
		if errors.Is(err, models.ErrDuplicate) { // created concurrently
			p, err = s.store.Periods().Get(ctx, actor.CommitteeID, month)
		}
	}
	if err != nil {
		return models.Period{}, err
	}
	if p.Status != models.PeriodOpen {
		return models.Period{}, models.Invalid("period", "this month is closed")
	}
	return p, nil
}

// PeriodPatch closes or reopens a month, or records its resolution.
type PeriodPatch struct {
	Version          int64
	Status           *models.PeriodStatus
	ResolutionNumber *string
	ResolutionDate   *string
}

func (s *PeriodService) Update(ctx context.Context, actor models.Actor, month string, p PeriodPatch) (models.Period, error) {
	if err := require(actor, models.ActManagePeriods); err != nil {
		return models.Period{}, err
	}
	m, err := models.ParseMonth(month)
	if err != nil {
		return models.Period{}, models.NotFound("period", models.ID(month))
	}
	old, err := s.store.Periods().Get(ctx, actor.CommitteeID, m)
	if err != nil {
		return models.Period{}, err
	}
	if p.Version != old.Version {
		return models.Period{}, staleVersion(p.Version, old.Version)
	}
	pd := old
	setIf(&pd.Status, p.Status)
	if p.ResolutionNumber != nil {
		pd.ResolutionNumber = nfc(*p.ResolutionNumber)
	}
	if p.ResolutionDate != nil {
		pd.ResolutionDate = models.Date(*p.ResolutionDate)
	}
	if err := pd.Validate(); err != nil {
		return models.Period{}, err
	}
	pd.Version++
	pd.UpdatedAt = s.now()
	if err := s.store.Periods().Update(ctx, pd, old.Version, s.audit(actor, models.EntityPeriod, pd.ID, "update", old, pd)); err != nil {
		return models.Period{}, err
	}
	return pd, nil
}
