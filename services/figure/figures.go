// Package figure is where every user-facing number of a month comes
// from: the one figures definition (models.Figures) applied to a
// committee's month, frozen at closing or counted live.
package figure

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/store"
)

// CarryOverFiguresJob is the ledger job under which a month's figures are
// frozen when it is carried over (keyed by month).
const CarryOverFiguresJob = "month-figures" // Detail: the month's models.MonthFigures as JSON

// Month is the one way a month's figures are had, whatever shows
// them (the rule is written at models.Figures): the figures frozen at
// closing for a month that was carried over, else the month's tasks
// counted live as of now. tasks, when not nil, are the month's tasks the
// caller read already. Units and areas are named from the directory
// (frozen figures keep the names they were frozen with for groups the
// directory no longer has).
func Month(ctx context.Context, b core.Base, committee models.ID, month models.Month, tasks []models.Task) (models.MonthFigures, bool, error) {
	e, err := b.Store.Ledger().Get(ctx, committee, CarryOverFiguresJob, string(month))
	switch {
	case err == nil:
		var f models.MonthFigures
		if err := json.Unmarshal([]byte(e.Detail), &f); err != nil {
			return f, true, err
		}
		return f, true, NameGroups(ctx, b, committee, &f)
	case !errors.Is(err, models.ErrNotFound):
		return models.MonthFigures{}, false, err
	}
	f, err := Count(ctx, b, committee, month, tasks, b.Now())
	return f, false, err
}

// Count counts the month's tasks (read when nil) as of now.
func Count(ctx context.Context, b core.Base, committee models.ID, month models.Month, tasks []models.Task, now time.Time) (models.MonthFigures, error) {
	_, loc, err := b.Committees.Get(ctx, committee)
	if err != nil {
		return models.MonthFigures{}, err
	}
	if tasks == nil {
		if tasks, _, err = b.Store.Tasks().List(ctx, store.TaskFilter{Committee: committee, Period: month}); err != nil {
			return models.MonthFigures{}, err
		}
	}
	f := models.CountFigures(month, tasks, models.LiveAsOf(now, loc), loc)
	return f, NameGroups(ctx, b, committee, &f)
}

// NameGroups names f's units and areas as the directory does now.
func NameGroups(ctx context.Context, b core.Base, committee models.ID, f *models.MonthFigures) error {
	units, err := b.Store.Units().List(ctx, committee)
	if err != nil {
		return err
	}
	areas, err := b.Store.Areas().List(ctx, committee)
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
