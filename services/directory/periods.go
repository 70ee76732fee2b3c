package directory

import (
	"context"
	"errors"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/figure"
	"github.com/theodoi/theodoi/services/internal/core"
)

// PeriodService manages the committee's months (kỳ).
type PeriodService struct{ core.Base }

func (s *PeriodService) List(ctx context.Context, actor models.Actor) ([]models.Period, error) {
	if err := core.Require(actor, models.ActReadDirectory); err != nil {
		return nil, err
	}
	return s.Store.Periods().List(ctx, actor.CommitteeID)
}

// PeriodInput is a new month.
type PeriodInput struct {
	Month            string
	ResolutionNumber string
	ResolutionDate   string
}

func (s *PeriodService) Create(ctx context.Context, actor models.Actor, in PeriodInput) (models.Period, error) {
	if err := core.Require(actor, models.ActManagePeriods); err != nil {
		return models.Period{}, err
	}
	now := s.Now()
	p := models.Period{
		ID: models.NewID(now), CommitteeID: actor.CommitteeID, Month: models.Month(in.Month), Status: models.PeriodOpen,
		ResolutionNumber: core.NFC(in.ResolutionNumber), ResolutionDate: models.Date(in.ResolutionDate),
		Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if err := p.Validate(); err != nil {
		return models.Period{}, err
	}
	if err := s.Store.Periods().Create(ctx, p, s.Audit(actor, models.EntityPeriod, p.ID, "create", nil, p)); err != nil {
		if errors.Is(err, models.ErrDuplicate) {
			return models.Period{}, errors.Join(models.Invalid("month", "this month already exists"), err)
		}
		return models.Period{}, err
	}
	return p, nil
}

// EnsureOpen returns the month's period, creating it when a leader first
// puts a task in it; a closed month takes no new tasks.
func (s *PeriodService) EnsureOpen(ctx context.Context, actor models.Actor, month models.Month) (models.Period, error) {
	p, err := s.Store.Periods().Get(ctx, actor.CommitteeID, month)
	if errors.Is(err, models.ErrNotFound) {
		p, err = s.Create(ctx, actor, PeriodInput{Month: string(month)})
		if errors.Is(err, models.ErrDuplicate) { // created concurrently
			p, err = s.Store.Periods().Get(ctx, actor.CommitteeID, month)
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
	if err := core.Require(actor, models.ActManagePeriods); err != nil {
		return models.Period{}, err
	}
	m, err := models.ParseMonth(month)
	if err != nil {
		return models.Period{}, models.NotFound("period", models.ID(month))
	}
	old, err := s.Store.Periods().Get(ctx, actor.CommitteeID, m)
	if err != nil {
		return models.Period{}, err
	}
	if p.Version != old.Version {
		return models.Period{}, core.StaleVersion(p.Version, old.Version)
	}
	pd := old
	core.SetIf(&pd.Status, p.Status)
	if p.ResolutionNumber != nil {
		pd.ResolutionNumber = core.NFC(*p.ResolutionNumber)
	}
	if p.ResolutionDate != nil {
		pd.ResolutionDate = models.Date(*p.ResolutionDate)
	}
	if err := pd.Validate(); err != nil {
		return models.Period{}, err
	}
	pd.Version++
	pd.UpdatedAt = s.Now()
	if err := s.Store.Periods().Update(ctx, pd, old.Version, s.Audit(actor, models.EntityPeriod, pd.ID, "update", old, pd)); err != nil {
		return models.Period{}, err
	}
	return pd, nil
}

// Figures are a month's figures for people who read all tasks; frozen
// says they were frozen when the month was carried over.
func (s *PeriodService) Figures(ctx context.Context, actor models.Actor, month models.Month) (models.MonthFigures, bool, error) {
	if err := core.Require(actor, models.ActReadAllTasks); err != nil {
		return models.MonthFigures{}, false, err
	}
	if _, err := models.ParseMonth(string(month)); err != nil {
		return models.MonthFigures{}, false, models.Invalid("month", "must be YYYY-MM")
	}
	return figure.Month(ctx, s.Base, actor.CommitteeID, month, nil)
}

// RecordResolution notes on a month the resolution its tasks came from
// (the import's number and issue date), replacing what was noted; an
// unnumbered draft leaves the month as it is.
func (s *PeriodService) RecordResolution(ctx context.Context, actor models.Actor, month models.Month, number string, date models.Date) error {
	if number == "" {
		return nil
	}
	if _, err := models.ParseDate(string(date)); err != nil {
		date = ""
	}
	return core.RetryConflicts(ctx, func() error {
		old, err := s.Store.Periods().Get(ctx, actor.CommitteeID, month)
		if err != nil {
			return err
		}
		if old.ResolutionNumber == number && old.ResolutionDate == date {
			return nil
		}
		pd := old
		pd.ResolutionNumber, pd.ResolutionDate = number, date
		pd.Version++
		pd.UpdatedAt = s.Now()
		return s.Store.Periods().Update(ctx, pd, old.Version, s.Audit(actor, models.EntityPeriod, pd.ID, "resolution", old, pd))
	})
}
