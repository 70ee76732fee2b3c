package services

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// monthFigures is the one way a month's figures are had, whatever shows
// them (the rule is written at models.Figures): the figures frozen at
// closing for a month that was carried over, else the month's tasks
// counted live as of now. tasks, when not nil, are the month's tasks the
// caller read already. Units and areas are named from the directory
// (frozen figures keep the names they were frozen with for groups the
// directory no longer has).
func (b base) monthFigures(ctx context.Context, committee models.ID, month models.Month, tasks []models.Task) (models.MonthFigures, bool, error) {
	e, err := b.store.Ledger().Get(ctx, committee, CarryOverFiguresJob, string(month))
	switch {
	case err == nil:
		var f models.MonthFigures
		if err := json.Unmarshal([]byte(e.Detail), &f); err != nil {
			return f, true, err
		}
		return f, true, b.nameGroups(ctx, committee, &f)
	case !errors.Is(err, models.ErrNotFound):
		return models.MonthFigures{}, false, err
	}
	f, err := b.countFigures(ctx, committee, month, tasks, b.now())
	return f, false, err
}

// countFigures counts the month's tasks (read when nil) as of now.
func (b base) countFigures(ctx context.Context, committee models.ID, month models.Month, tasks []models.Task, now time.Time) (models.MonthFigures, error) {
	_, loc, err := b.committees.get(ctx, committee)
	if err != nil {
		return models.MonthFigures{}, err
	}
	if tasks == nil {
		if tasks, _, err = b.store.Tasks().List(ctx, store.TaskFilter{Committee: committee, Period: month}); err != nil {
			return models.MonthFigures{}, err
		}
	}
	f := models.CountFigures(month, tasks, models.LiveAsOf(now, loc), loc)
	return f, b.nameGroups(ctx, committee, &f)
}

// nameGroups names f's units and areas as the directory does now.
func (b base) nameGroups(ctx context.Context, committee models.ID, f *models.MonthFigures) error {
	units, err := b.store.Units().List(ctx, committee)
	if err != nil {
		return err
	}
	areas, err := b.store.Areas().List(ctx, committee)
	if err != nil {
		return err
	}
	names := map[models.ID]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	for _, a := range areas {
		names[a.ID] = a.Name
	}
	for _, gs := range [][]models.GroupFigures{f.Units, f.Areas} {
		for i := range gs {
			if n, ok := names[gs[i].ID]; ok {
				gs[i].Name = n
			}
		}
	}
	return nil
}

// Figures are a month's figures for people who read all tasks; frozen
// says they were frozen when the month was carried over.
func (s *PeriodService) Figures(ctx context.Context, actor models.Actor, month models.Month) (models.MonthFigures, bool, error) {
	if err := require(actor, models.ActReadAllTasks); err != nil {
		return models.MonthFigures{}, false, err
	}
	if _, err := models.ParseMonth(string(month)); err != nil {
		return models.MonthFigures{}, false, models.Invalid("month", "must be YYYY-MM")
	}
	return s.monthFigures(ctx, actor.CommitteeID, month, nil)
}
