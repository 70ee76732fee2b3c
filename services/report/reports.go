// Package report writes a month's documents in Party format: the review
// (the next resolution's section I), the carry-over list, the draft
// resolution and a unit's report, as pages, Word and PDF.
package report

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/figure"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/store"
)

// ReportService writes the month's documents: the review of month M
// (báo cáo kết quả), the list of tasks carried into M+1, and the draft of
// the resolution for M+1. Who gets what is decided here
// (models.ReportScopeFor): a unit officer gets only its own unit's part.
type ReportService struct {
	core.Base
	carry monthend.CarryOverOptions
}

// ReviewReport is month M's result, whole or for one unit.
type ReviewReport struct {
	Committee models.Committee
	Month     models.Month
	Scope     models.ReportScope
	UnitName  string // the scope's unit
	// Frozen: the month was carried over and the figures are the ones
	// frozen then; otherwise they are counted now.
	Frozen  bool
	Figures models.MonthFigures
	Areas   []ReviewArea // areas that have tasks, in order
	// CarriedIn are the month's tasks that came from earlier months.
	CarriedIn []ReviewRow
	// CarriedOut are the tasks moved to the next month; before the month
	// is carried over (Projected), the unfinished tasks that would be.
	CarriedOut []ReviewRow
	Projected  bool
	// Tasks counts the rows in Areas.
	Tasks int
}

// ReviewArea is one lĩnh vực's tasks.
type ReviewArea struct {
	ID       models.ID
	Name     string
	Position int
	Rows     []ReviewRow
	Figures  models.Figures
}

// ReviewRow is one task as the review shows it.
type ReviewRow struct {
	Task     models.Task
	AreaName string
	LeadName string
	Bucket   models.Bucket
	Note     string // the latest progress note, "" when none
}

// monthData is what every report of a month reads.
type monthData struct {
	committee models.Committee
	loc       *time.Location
	month     models.Month
	period    *models.Period // nil when the month has no period yet
	units     map[models.ID]models.Unit
	unitOrder []models.Unit
	areas     []models.Area
	areaByID  map[models.ID]models.Area
	tasks     []models.Task // the month's tasks in store order (area, deadline, id)
	frozen    *models.MonthFigures
	carried   bool // the carry-over of the month is recorded as done
}

func (s *ReportService) load(ctx context.Context, actor models.Actor, month models.Month) (*monthData, error) {
	if _, err := models.ParseMonth(string(month)); err != nil {
		return nil, models.Invalid("month", "must be YYYY-MM")
	}
	cm, loc, err := s.Committees.Get(ctx, actor.CommitteeID)
	if err != nil {
		return nil, err
	}
	d := &monthData{committee: cm, loc: loc, month: month, units: map[models.ID]models.Unit{}, areaByID: map[models.ID]models.Area{}}
	p, err := s.Store.Periods().Get(ctx, actor.CommitteeID, month)
	switch {
	case err == nil:
		d.period = &p
	case !errors.Is(err, models.ErrNotFound):
		return nil, err
	}
	if d.unitOrder, err = s.Store.Units().List(ctx, actor.CommitteeID); err != nil {
		return nil, err
	}
	for _, u := range d.unitOrder {
		d.units[u.ID] = u
	}
	if d.areas, err = s.Store.Areas().List(ctx, actor.CommitteeID); err != nil {
		return nil, err
	}
	for _, a := range d.areas {
		d.areaByID[a.ID] = a
	}
	if d.tasks, _, err = s.Store.Tasks().List(ctx, store.TaskFilter{Committee: actor.CommitteeID, Period: month}); err != nil {
		return nil, err
	}
	if d.carried, err = s.Store.Ledger().Has(ctx, actor.CommitteeID, monthend.CarryOverJob, string(month)); err != nil {
		return nil, err
	}
	e, err := s.Store.Ledger().Get(ctx, actor.CommitteeID, figure.CarryOverFiguresJob, string(month))
	switch {
	case err == nil:
		var f models.MonthFigures
		if err := json.Unmarshal([]byte(e.Detail), &f); err != nil {
			return nil, err
		}
		d.frozen = &f
	case !errors.Is(err, models.ErrNotFound):
		return nil, err
	}
	return d, nil
}

// asOf is the day the month's open tasks are judged on: the frozen
// snapshot's day once the month was carried over, else today (see the
// figures rule at models.Figures).
func (d *monthData) asOf(now time.Time) models.Date {
	if d.frozen != nil {
		return d.frozen.AsOf
	}
	return models.LiveAsOf(now, d.loc)
}

func (d *monthData) unitName(id models.ID) string {
	if u, ok := d.units[id]; ok {
		return u.Name
	}
	return string(id)
}

func (d *monthData) areaName(id models.ID) string {
	if a, ok := d.areaByID[id]; ok {
		return a.Name
	}
	return ""
}

// inScope keeps the tasks a scope covers: a unit's part is what it leads,
// the tasks it answers for and that the figures count it for.
func inScope(tasks []models.Task, scope models.ReportScope) []models.Task {
	if scope.Whole() {
		return tasks
	}
	var out []models.Task
	for _, t := range tasks {
		if t.LeadUnitID == scope.Unit {
			out = append(out, t)
		}
	}
	return out
}

// Review is the month's review for the actor.
func (s *ReportService) Review(ctx context.Context, actor models.Actor, month models.Month) (ReviewReport, error) {
	scope, err := models.ReportScopeFor(actor, models.ReportReview)
	if err != nil {
		return ReviewReport{}, err
	}
	d, err := s.load(ctx, actor, month)
	if err != nil {
		return ReviewReport{}, err
	}
	return s.review(ctx, d, scope)
}

func (s *ReportService) review(ctx context.Context, d *monthData, scope models.ReportScope) (ReviewReport, error) {
	r := ReviewReport{Committee: d.committee, Month: d.month, Scope: scope, Frozen: d.frozen != nil}
	if !scope.Whole() {
		r.UnitName = d.unitName(scope.Unit)
	}
	tasks := inScope(d.tasks, scope)
	asOf := d.asOf(s.Now())
	clock := models.FiguresClock(asOf, d.loc)
	notes, err := s.latestNotes(ctx, d.committee.ID, tasks)
	if err != nil {
		return ReviewReport{}, err
	}
	switch {
	case d.frozen != nil && scope.Whole():
		r.Figures = *d.frozen
	default:
		r.Figures = models.CountFigures(d.month, tasks, asOf, d.loc)
		if !scope.Whole() { // a unit sees only its own line
			r.Figures.Units = slices.DeleteFunc(r.Figures.Units, func(g models.GroupFigures) bool { return g.ID != scope.Unit })
		}
	}
	for i := range r.Figures.Units {
		r.Figures.Units[i].Name = d.unitName(r.Figures.Units[i].ID)
	}
	areaFigures := map[models.ID]models.Figures{}
	for i := range r.Figures.Areas {
		r.Figures.Areas[i].Name = d.areaName(r.Figures.Areas[i].ID)
		areaFigures[r.Figures.Areas[i].ID] = r.Figures.Areas[i].Figures
	}
	byArea := map[models.ID]*ReviewArea{}
	r.Projected = !d.carried
	for _, t := range tasks {
		row := ReviewRow{Task: t, AreaName: d.areaName(t.AreaID), LeadName: d.unitName(t.LeadUnitID), Bucket: models.BucketOf(t, clock), Note: notes[t.ID]}
		a := byArea[t.AreaID]
		if a == nil {
			pos := t.AreaPosition
			if ar, ok := d.areaByID[t.AreaID]; ok {
				pos = ar.Position
			}
			a = &ReviewArea{ID: t.AreaID, Name: row.AreaName, Position: pos, Figures: areaFigures[t.AreaID]}
			byArea[t.AreaID] = a
		}
		a.Rows = append(a.Rows, row)
		r.Tasks++
		if t.CarryCount > 0 {
			r.CarriedIn = append(r.CarriedIn, row)
		}
		if t.State == models.StateCarried || (r.Projected && t.State.Open()) {
			r.CarriedOut = append(r.CarriedOut, row)
		}
	}
	for _, a := range byArea {
		r.Areas = append(r.Areas, *a)
	}
	sort.Slice(r.Areas, func(i, j int) bool {
		if r.Areas[i].Position != r.Areas[j].Position {
			return r.Areas[i].Position < r.Areas[j].Position
		}
		return r.Areas[i].ID < r.Areas[j].ID
	})
	return r, nil
}

// CarryReport lists the tasks carried from month M into M+1 by lead unit.
type CarryReport struct {
	Committee models.Committee
	Month     models.Month // M
	Next      models.Month // M+1
	Scope     models.ReportScope
	UnitName  string
	// Projected: M was not carried over yet; the list is what would move
	// if it were closed now.
	Projected bool
	Groups    []CarryGroup
	Total     int
}

// CarryGroup is one lead unit's carried tasks.
type CarryGroup struct {
	UnitID   models.ID
	UnitName string
	Items    []CarryItem
}

// CarryItem is one carried task as it stands in M+1.
type CarryItem struct {
	TaskID       models.ID // the task in M+1 (or in M while projected)
	Text         string
	AreaID       models.ID
	AreaName     string
	AreaPosition int
	CarryCount   int         // how many times it has been carried, this time included
	Deadline     models.Date // its deadline in M
	NextDeadline models.Date // its deadline in M+1
	State        models.WorkState
	Percent      int
	Note         string
	// Source is where the resolution set the task, for its order.
	Source *models.SourceRef
}

// CarryOver is the carry-over report of month for the actor.
func (s *ReportService) CarryOver(ctx context.Context, actor models.Actor, month models.Month) (CarryReport, error) {
	scope, err := models.ReportScopeFor(actor, models.ReportCarryOver)
	if err != nil {
		return CarryReport{}, err
	}
	d, err := s.load(ctx, actor, month)
	if err != nil {
		return CarryReport{}, err
	}
	return s.carryReport(ctx, d, scope)
}

func (s *ReportService) carryReport(ctx context.Context, d *monthData, scope models.ReportScope) (CarryReport, error) {
	next := d.month.Next()
	r := CarryReport{Committee: d.committee, Month: d.month, Next: next, Scope: scope, Projected: !d.carried}
	if !scope.Whole() {
		r.UnitName = d.unitName(scope.Unit)
	}
	var moving []models.Task
	for _, t := range inScope(d.tasks, scope) {
		if t.State == models.StateCarried || (r.Projected && t.State.Open()) {
			moving = append(moving, t)
		}
	}
	// The copies in M+1 say how the work went on since.
	copies := map[models.ID]models.Task{}
	if len(moving) > 0 && !r.Projected {
		nextTasks, _, err := s.Store.Tasks().List(ctx, store.TaskFilter{Committee: d.committee.ID, Period: next})
		if err != nil {
			return CarryReport{}, err
		}
		for _, t := range nextTasks {
			if t.CarriedFromID != "" {
				copies[t.CarriedFromID] = t
			}
		}
	}
	now := make([]models.Task, len(moving))
	for i, t := range moving {
		if c, ok := copies[t.ID]; ok {
			now[i] = c
			continue
		}
		c := t
		c.CarryCount = t.CarryCount + 1
		c.Deadline = s.carry.CarriedDeadline(t.Deadline, next)
		c.CarriedFromID = t.ID
		now[i] = c
	}
	notes, err := s.latestNotes(ctx, d.committee.ID, now)
	if err != nil {
		return CarryReport{}, err
	}
	groups := map[models.ID]*CarryGroup{}
	for i, t := range moving {
		c := now[i]
		it := CarryItem{
			TaskID: c.ID, Text: c.Text, AreaID: c.AreaID, AreaName: d.areaName(c.AreaID), AreaPosition: c.AreaPosition,
			CarryCount: c.CarryCount, Deadline: t.Deadline, NextDeadline: c.Deadline, State: c.State, Percent: c.Percent, Note: notes[c.ID],
			Source: c.Source,
		}
		if ar, ok := d.areaByID[c.AreaID]; ok {
			it.AreaPosition = ar.Position
		}
		if it.State == models.StateCarried { // a copy not found: show the work as it stood
			it.State = models.StateInProgress
		}
		g := groups[c.LeadUnitID]
		if g == nil {
			g = &CarryGroup{UnitID: c.LeadUnitID, UnitName: d.unitName(c.LeadUnitID)}
			groups[c.LeadUnitID] = g
		}
		g.Items = append(g.Items, it)
		r.Total++
	}
	for _, u := range d.unitOrder { // units in the order documents list them
		if g := groups[u.ID]; g != nil {
			r.Groups = append(r.Groups, *g)
			delete(groups, u.ID)
		}
	}
	var rest []models.ID
	for id := range groups {
		rest = append(rest, id)
	}
	slices.Sort(rest)
	for _, id := range rest {
		r.Groups = append(r.Groups, *groups[id])
	}
	for _, g := range r.Groups {
		sort.SliceStable(g.Items, func(i, j int) bool { return g.Items[i].AreaPosition < g.Items[j].AreaPosition })
	}
	return r, nil
}

// New is the reports over b; carry is the month end's rule for carried
// deadlines, which the carry-over list shows before the month is closed.
func New(b core.Base, carry monthend.CarryOverOptions) *ReportService {
	return &ReportService{Base: b, carry: carry}
}
