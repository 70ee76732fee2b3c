package task

import (
	"context"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/figure"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/store"
)

// The leadership dashboard counts a month in the Government's buckets, per
// area and per lead unit. A month that was carried over shows the figures
// frozen then. Any other month is counted in one pass over its tasks: the
// breakdown by area and unit needs every task's area, lead unit, state and
// deadline, and one read of the month costs far less than an index count
// per bucket and group (about 150 counts for 40 units; measured at 10,000
// tasks in one month, the counts took three times as long). Only the
// month's tasks are read, never the committee's other months.

// GroupProgress is how far one area or lead unit is with a month's work,
// as the figures count it.
type GroupProgress struct {
	ID   models.ID
	Name string
	models.Figures
}

// MonthOverview is a month at a glance.
type MonthOverview struct {
	Month  models.Month
	AsOf   models.Date // the day "overdue" is judged on
	Frozen bool        // figures as frozen when the month was carried over
	Totals models.Figures
	Areas  []GroupProgress // in area order; areas without tasks left out
	Units  []GroupProgress // lead units in directory order; units without tasks left out
	// Owing counts, per lead unit, its tasks that still wait for work
	// (not started, in progress, paused); empty for a frozen month.
	Owing map[models.ID]int
}

// MonthOverview counts month for people who read all tasks.
func (s *TaskService) MonthOverview(ctx context.Context, actor models.Actor, month models.Month) (MonthOverview, error) {
	if err := core.Require(actor, models.ActReadAllTasks); err != nil {
		return MonthOverview{}, err
	}
	if _, err := models.ParseMonth(string(month)); err != nil {
		return MonthOverview{}, models.Invalid("month", "must be YYYY-MM")
	}
	units, err := s.Store.Units().List(ctx, actor.CommitteeID)
	if err != nil {
		return MonthOverview{}, err
	}
	areas, err := s.Store.Areas().List(ctx, actor.CommitteeID)
	if err != nil {
		return MonthOverview{}, err
	}
	tasks, _, err := s.Store.Tasks().List(ctx, store.TaskFilter{Committee: actor.CommitteeID, Period: month})
	if err != nil {
		return MonthOverview{}, err
	}
	f, frozen, err := figure.Month(ctx, s.Base, actor.CommitteeID, month, tasks)
	if err != nil {
		return MonthOverview{}, err
	}
	out := overviewOf(f, units, areas)
	out.Frozen = frozen
	if frozen {
		return out, nil
	}
	out.Owing = map[models.ID]int{}
	for _, t := range tasks {
		switch t.State {
		case models.StateNotStarted, models.StateInProgress, models.StatePaused:
			out.Owing[t.LeadUnitID]++
		}
	}
	return out, nil
}

// overviewOf names and orders the groups of f as the directory does.
func overviewOf(f models.MonthFigures, units []models.Unit, areas []models.Area) MonthOverview {
	out := MonthOverview{Month: f.Month, AsOf: f.AsOf, Totals: f.Totals}
	byID := func(gs []models.GroupFigures) map[models.ID]models.GroupFigures {
		m := make(map[models.ID]models.GroupFigures, len(gs))
		for _, g := range gs {
			m[g.ID] = g
		}
		return m
	}
	progress := func(id models.ID, name string, g models.GroupFigures) (GroupProgress, bool) {
		return GroupProgress{ID: id, Name: name, Figures: g.Figures}, g.Total > 0
	}
	ga, gu := byID(f.Areas), byID(f.Units)
	for _, a := range areas {
		if g, ok := progress(a.ID, a.Name, ga[a.ID]); ok {
			out.Areas = append(out.Areas, g)
		}
		delete(ga, a.ID)
	}
	for _, u := range units {
		if g, ok := progress(u.ID, u.Name, gu[u.ID]); ok {
			out.Units = append(out.Units, g)
		}
		delete(gu, u.ID)
	}
	// Groups the directory no longer lists (frozen figures of a unit
	// since removed) keep the name they were frozen with.
	for _, g := range f.Areas {
		if _, left := ga[g.ID]; left {
			if p, ok := progress(g.ID, g.Name, g); ok {
				out.Areas = append(out.Areas, p)
			}
		}
	}
	for _, g := range f.Units {
		if _, left := gu[g.ID]; left {
			if p, ok := progress(g.ID, g.Name, g); ok {
				out.Units = append(out.Units, p)
			}
		}
	}
	return out
}

// SilentUnit is a unit that leads unfinished work and has not reported
// progress lately.
type SilentUnit struct {
	Unit      models.Unit
	OpenTasks int // tasks it leads that are not started, in progress or paused
}

// SilentUnitsResult lists the silent units; Partial says the audit trail
// of the window was too long to read to its end, so a unit listed may have
// reported earlier within the window.
type SilentUnitsResult struct {
	Units   []SilentUnit
	Since   time.Time
	Partial bool
}

// silentScanLimit bounds how many audit entries one dashboard reads.
const silentScanLimit = 2000

// SilentUnits lists the active units that lead unfinished tasks of the
// month of ov (not started, in progress or paused, as ov.Owing counts) and
// whose officers have not reported on any task for days. Reports are
// found in the audit trail, newest first, stopping as soon as every such
// unit has been seen.
func (s *TaskService) SilentUnits(ctx context.Context, actor models.Actor, ov MonthOverview, days int) (SilentUnitsResult, error) {
	if err := core.Require(actor, models.ActReadAllTasks); err != nil {
		return SilentUnitsResult{}, err
	}
	if days < 1 || days > 365 {
		return SilentUnitsResult{}, models.Invalid("days", "must be between 1 and 365")
	}
	since := s.Now().Add(-time.Duration(days) * 24 * time.Hour)
	out := SilentUnitsResult{Since: since}
	units, err := s.Store.Units().List(ctx, actor.CommitteeID)
	if err != nil {
		return out, err
	}
	owing := map[models.ID]int{}
	for _, u := range units {
		if n := ov.Owing[u.ID]; u.Active && n > 0 {
			owing[u.ID] = n
		}
	}
	if len(owing) == 0 {
		return out, nil
	}
	users, err := s.Store.Users().List(ctx, actor.CommitteeID)
	if err != nil {
		return out, err
	}
	unitOf := map[models.ID]models.ID{}
	for _, u := range users {
		if u.UnitID != "" {
			unitOf[u.ID] = u.UnitID
		}
	}
	heard := map[models.ID]bool{}
	const page = 200
	scanned := 0
scan:
	for len(heard) < len(owing) {
		entries, err := s.Store.Audit().List(ctx, store.AuditFilter{Committee: actor.CommitteeID, Entity: models.EntityTask, Offset: scanned, Limit: page})
		if err != nil {
			return out, err
		}
		for _, e := range entries {
			if e.At.Before(since) {
				break scan
			}
			if unit := unitOf[e.ActorID]; e.Action == string(models.ProgressReport) && owing[unit] > 0 {
				heard[unit] = true
			}
		}
		scanned += len(entries)
		if len(entries) < page {
			break
		}
		if scanned >= silentScanLimit {
			out.Partial = len(heard) < len(owing)
			break
		}
	}
	for _, u := range units {
		if n := owing[u.ID]; n > 0 && !heard[u.ID] {
			out.Units = append(out.Units, SilentUnit{Unit: u, OpenTasks: n})
		}
	}
	return out, nil
}

// Count is how many tasks the listing q would show in all (its paging is
// ignored).
func (s *TaskService) Count(ctx context.Context, actor models.Actor, q TaskQuery) (int, error) {
	q.Page, q.PerPage = 1, 1
	p, err := s.List(ctx, actor, q)
	return p.Total, err
}

// Today is the committee-local day on the services' clock: the pages open
// on its month.
func (s *TaskService) Today(ctx context.Context, actor models.Actor) (models.Date, error) {
	loc, err := s.location(ctx, actor.CommitteeID)
	if err != nil {
		return "", err
	}
	return models.DateOf(s.Now(), loc), nil
}

// MonthOverdue lists the tasks the overview counts overdue, at most
// limit, and how many there are: in a live month, the open tasks past
// their deadline today (as the task list's badges say); in a month closed
// with frozen figures, the tasks that were past their deadline when it
// was closed and were carried out.
func (s *TaskService) MonthOverdue(ctx context.Context, actor models.Actor, ov MonthOverview, limit int) (TaskPage, error) {
	if !ov.Frozen {
		return s.List(ctx, actor, TaskQuery{Period: string(ov.Month), Timeliness: string(models.TimelyOverdue), PerPage: limit})
	}
	if err := core.Require(actor, models.ActReadAllTasks); err != nil {
		return TaskPage{}, err
	}
	loc, err := s.location(ctx, actor.CommitteeID)
	if err != nil {
		return TaskPage{}, err
	}
	tasks, _, err := s.Store.Tasks().List(ctx, store.TaskFilter{Committee: actor.CommitteeID, Period: ov.Month, States: []models.WorkState{models.StateCarried}})
	if err != nil {
		return TaskPage{}, err
	}
	clock := s.clockIn(loc)
	out := TaskPage{Page: 1, PerPage: limit}
	for _, t := range tasks {
		if t.Deadline == "" || t.Deadline >= ov.AsOf {
			continue
		}
		out.Total++
		if len(out.Tasks) < limit {
			out.Tasks = append(out.Tasks, TaskView{Task: t, Timeliness: clock.Of(t.State, t.Deadline, t.AcceptedAt)})
		}
	}
	return out, nil
}
