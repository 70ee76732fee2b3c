package imports

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/theodoi/theodoi/internal/suggest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/notify"
)

// Commit creates every kept item as a task of the target month. The task
// ids are fixed and saved with the import first ("committing"), then the
// tasks are created together; creating is idempotent, so if anything fails
// midway, committing again finishes the same tasks and never doubles them.
func (s *ImportService) Commit(ctx context.Context, actor models.Actor, id models.ID, version int64) (models.Import, error) {
	imp, err := s.Get(ctx, actor, id)
	if err != nil {
		return models.Import{}, err
	}
	if version != 0 && version != imp.Version {
		return models.Import{}, core.StaleVersion(version, imp.Version)
	}
	switch imp.Status {
	case models.ImportDraft:
		if imp, err = s.startCommit(ctx, actor, imp, nil); err != nil {
			return models.Import{}, err
		}
	case models.ImportCommitting: // an earlier attempt stopped midway
	default:
		return models.Import{}, fmt.Errorf("import is %s: %w", imp.Status, models.ErrTransition)
	}
	if err := s.createTasks(ctx, actor, imp); err != nil {
		s.backToDraft(ctx, actor, imp, err)
		return models.Import{}, err
	}
	return s.finish(ctx, actor, imp)
}

// finish marks a committing import committed.
func (s *ImportService) finish(ctx context.Context, actor models.Actor, imp models.Import) (models.Import, error) {
	done := imp
	now := s.Now()
	done.Status, done.CommittedAt = models.ImportCommitted, &now
	done.Version++
	done.UpdatedBy, done.UpdatedAt = actor.UserID, now
	if err := s.Store.Imports().Update(ctx, done, imp.Version, s.Audit(actor, models.EntityImport, imp.ID, "commit", summary(imp), summary(done))); err != nil {
		return models.Import{}, err
	}
	var head struct {
		Date models.Date `json:"date"`
	}
	_ = json.Unmarshal(imp.Document, &head) // a document without a date records the number alone
	return done, s.periods.RecordResolution(ctx, actor, imp.Month, imp.DocNumber, head.Date)
}

// backToDraft returns an import whose commit failed to draft, with the
// reason in the audit log, when none of its tasks was created; the
// reviewer can then correct it and commit again. A failure after the
// tasks exist leaves it committing, to be finished by committing again.
func (s *ImportService) backToDraft(ctx context.Context, actor models.Actor, imp models.Import, cause error) {
	ctx = context.WithoutCancel(ctx)
	if created, err := s.anyCreated(ctx, imp); err != nil || created {
		return
	}
	back := imp
	back.Status, back.TaskIDs = models.ImportDraft, nil
	back.Version++
	back.UpdatedBy, back.UpdatedAt = actor.UserID, s.Now()
	after := summary(back)
	after["reason"] = cause.Error()
	if err := s.Store.Imports().Update(ctx, back, imp.Version, s.Audit(actor, models.EntityImport, imp.ID, "commit-failed", summary(imp), after)); err != nil {
		s.Log.Warn("import left committing", "import", imp.ID, "error", err.Error())
	}
}

// anyCreated reports whether any task of a committing import exists. The
// embedded store creates them in one write; MongoDB may have created some.
func (s *ImportService) anyCreated(ctx context.Context, imp models.Import) (bool, error) {
	if len(imp.TaskIDs) == 0 {
		return false, nil
	}
	made, err := s.tasksOf(ctx, imp)
	return len(made) > 0, err
}

// startCommit checks the items, creates the new areas they ask for, opens
// the month and fixes the task ids: a new id for each kept item, or the
// earlier task reuse names for its key (a replacement).
func (s *ImportService) startCommit(ctx context.Context, actor models.Actor, imp models.Import, reuse map[string]models.ID) (models.Import, error) {
	if err := s.checkItems(ctx, actor, imp.Items, true); err != nil {
		return models.Import{}, err
	}
	if _, err := models.ParseMonth(string(imp.Month)); err != nil {
		return models.Import{}, models.Invalid("month", "the resolution's target month is unknown")
	}
	if _, err := s.periods.EnsureOpen(ctx, actor, imp.Month); err != nil {
		return models.Import{}, err
	}
	next := imp
	next.Items = append([]models.ImportItem(nil), imp.Items...)
	made := map[string]models.ID{}
	for i, it := range next.Items {
		if it.Dropped || it.AreaID != "" {
			continue
		}
		if made[it.NewAreaName] == "" {
			a, err := s.areas.Create(ctx, actor, directory.AreaInput{Name: it.NewAreaName})
			if err != nil {
				return models.Import{}, err
			}
			made[it.NewAreaName] = a.ID
		}
		next.Items[i].AreaID = made[it.NewAreaName]
	}
	now := s.Now()
	next.TaskIDs = nil
	for _, it := range next.Items {
		switch {
		case it.Dropped:
		case reuse[it.Key] != "":
			next.TaskIDs = append(next.TaskIDs, reuse[it.Key])
		default:
			next.TaskIDs = append(next.TaskIDs, models.NewID(now))
		}
	}
	next.Status = models.ImportCommitting
	next.Version++
	next.UpdatedBy, next.UpdatedAt = actor.UserID, now
	if err := s.Store.Imports().Update(ctx, next, imp.Version, s.Audit(actor, models.EntityImport, imp.ID, "committing", summary(imp), summary(next))); err != nil {
		return models.Import{}, err
	}
	return next, nil
}

// createTasks creates every kept item of a committing import.
func (s *ImportService) createTasks(ctx context.Context, actor models.Actor, imp models.Import) error {
	var items []models.ImportItem
	for _, it := range imp.Items {
		if !it.Dropped {
			items = append(items, it)
		}
	}
	if len(items) != len(imp.TaskIDs) {
		return fmt.Errorf("import %s: %d task ids for %d items", imp.ID, len(imp.TaskIDs), len(items))
	}
	return s.createItems(ctx, actor, imp, items, imp.TaskIDs)
}

// createItems creates items as tasks with the given ids, in one write
// (an import has at most 500 items, within task.BatchSize).
func (s *ImportService) createItems(ctx context.Context, actor models.Actor, imp models.Import, items []models.ImportItem, ids []models.ID) error {
	if len(items) == 0 {
		return nil
	}
	position, err := s.areaPositions(ctx, actor.CommitteeID)
	if err != nil {
		return err
	}
	_, loc, err := s.Committees.Get(ctx, actor.CommitteeID)
	if err != nil {
		return err
	}
	now := s.Now()
	tasks := make([]models.Task, 0, len(items))
	audits := make([]models.AuditEntry, 0, len(items))
	for i, it := range items {
		t := taskOf(it, imp, actor, now)
		t.ID = ids[i]
		if err := t.Validate(); err != nil {
			return fmt.Errorf("item %s: %w", it.Key, err)
		}
		t.Derive(loc, position[t.AreaID])
		tasks = append(tasks, t)
		audits = append(audits, s.Audit(actor, models.EntityTask, t.ID, notify.ActionImport, nil, t))
	}
	return s.writer.Create(ctx, actor, notify.ActionImport, tasks, audits, false)
}

// areaPositions are the committee's areas' positions, for sorting tasks.
func (s *ImportService) areaPositions(ctx context.Context, committee models.ID) (map[models.ID]int, error) {
	areas, err := s.Store.Areas().List(ctx, committee)
	if err != nil {
		return nil, err
	}
	position := map[models.ID]int{}
	for _, a := range areas {
		position[a.ID] = a.Position
	}
	return position, nil
}

// taskOf is the task an item becomes: everything the resolution says is
// kept — its source, footnotes, and for a task that waits for a condition
// the state tạm dừng with that condition.
func taskOf(it models.ImportItem, imp models.Import, actor models.Actor, now time.Time) models.Task {
	src := it.Source
	t := models.Task{
		CommitteeID: actor.CommitteeID, Period: imp.Month, AreaID: it.AreaID, Text: it.Text, Source: &src,
		LeadUnitID: it.LeadUnitID, CoordinatingUnitIDs: it.CoordinatingUnitIDs, FollowUpUnitID: it.FollowUpUnitID,
		Deadline: it.Deadline, State: models.StateNotStarted, Footnotes: it.Footnotes, Version: 1,
		CreatedBy: actor.UserID, CreatedAt: now, UpdatedBy: actor.UserID, UpdatedAt: now,
	}
	if slices.Contains(it.Flags, suggest.FlagWaitingCondition) {
		t.State, t.Condition = models.StatePaused, it.Condition
	}
	return t
}
