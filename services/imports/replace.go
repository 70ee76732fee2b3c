package imports

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
)

// A corrected copy of a resolution (another number, or a reissue) for a
// month that already has its tasks must not add a second set of them. The
// review warns of the earlier import; the leader either discards the new
// one or replaces the earlier: tasks nobody has worked on yet take the new
// wording, units and deadline, tasks with reported work stay as they are,
// new items become tasks, and untouched tasks the new copy no longer has
// are cancelled.

// Earlier is the committed import of imp's month that imp would replace
// (the newest, when there are several); ErrNotFound when the month has
// none.
func (s *ImportService) Earlier(ctx context.Context, actor models.Actor, imp models.Import) (models.Import, error) {
	if err := core.Require(actor, models.ActWriteTasks); err != nil {
		return models.Import{}, err
	}
	all, err := s.Store.Imports().List(ctx, actor.CommitteeID)
	if err != nil {
		return models.Import{}, err
	}
	for _, other := range all { // newest first
		if other.ID != imp.ID && other.Month == imp.Month && other.Status == models.ImportCommitted {
			return other, nil
		}
	}
	return models.Import{}, models.NotFound("earlier import of "+string(imp.Month), "")
}

// ReplaceResult counts what replacing did to the month's tasks.
type ReplaceResult struct {
	Import    models.Import
	Earlier   models.Import
	Updated   int // not yet worked on: now read as the new copy says
	Kept      int // worked on: left as they are
	Created   int // items the earlier copy did not have
	Cancelled int // untouched tasks the new copy no longer has
}

// Replace commits imp in place of the month's earlier import.
func (s *ImportService) Replace(ctx context.Context, actor models.Actor, id models.ID, version int64) (ReplaceResult, error) {
	imp, err := s.Get(ctx, actor, id)
	if err != nil {
		return ReplaceResult{}, err
	}
	if version != 0 && version != imp.Version {
		return ReplaceResult{}, core.StaleVersion(version, imp.Version)
	}
	if imp.Status != models.ImportDraft {
		return ReplaceResult{}, fmt.Errorf("import is %s: %w", imp.Status, models.ErrTransition)
	}
	earlier, err := s.Earlier(ctx, actor, imp)
	if err != nil {
		return ReplaceResult{}, err
	}
	old, err := s.tasksOf(ctx, earlier)
	if err != nil {
		return ReplaceResult{}, err
	}
	reuse := matchSources(imp.Items, old)
	if imp, err = s.startCommit(ctx, actor, imp, reuse); err != nil {
		return ReplaceResult{}, err
	}
	res := ReplaceResult{Earlier: earlier}
	if err := s.applyReplacement(ctx, actor, imp, earlier, old, reuse, &res); err != nil {
		return ReplaceResult{}, err
	}
	if res.Import, err = s.finish(ctx, actor, imp); err != nil {
		return ReplaceResult{}, err
	}
	replaced := earlier
	replaced.Status = models.ImportReplaced
	replaced.Version++
	replaced.UpdatedBy, replaced.UpdatedAt = actor.UserID, s.Now()
	full, err := s.Store.Imports().Get(ctx, actor.CommitteeID, earlier.ID) // the listing lacks the items
	if err == nil {
		replaced.Items, replaced.Document = full.Items, full.Document
		err = s.Store.Imports().Update(ctx, replaced, earlier.Version, s.Audit(actor, models.EntityImport, earlier.ID, "replaced", summary(earlier), summary(replaced)))
	}
	return res, err
}

// tasksOf are the tasks an import created, by id.
func (s *ImportService) tasksOf(ctx context.Context, imp models.Import) (map[models.ID]models.Task, error) {
	mine := map[models.ID]bool{}
	for _, id := range imp.TaskIDs {
		mine[id] = true
	}
	out := map[models.ID]models.Task{}
	err := core.EachTask(ctx, s.Store.Tasks(), store.TaskFilter{Committee: imp.CommitteeID, Period: imp.Month}, func(t models.Task) {
		if mine[t.ID] {
			out[t.ID] = t
		}
	})
	return out, err
}

// matchSources pairs kept items with the earlier tasks they correct: the
// same text first, then the same place in the resolution (area and item
// number) when the wording is still mostly the same; what pairs with
// nothing is new.
func matchSources(items []models.ImportItem, old map[models.ID]models.Task) map[string]models.ID {
	byText := map[string]models.ID{}
	bySource := map[[2]int]models.ID{}
	for id, t := range old {
		byText[models.Fold(t.Text)] = id
		if t.Source != nil && t.Source.AreaIndex > 0 && t.Source.ItemIndex > 0 {
			bySource[[2]int{t.Source.AreaIndex, t.Source.ItemIndex}] = id
		}
	}
	taken := map[models.ID]bool{}
	reuse := map[string]models.ID{}
	for _, it := range items {
		if id, ok := byText[models.Fold(it.Text)]; ok && !it.Dropped && !taken[id] {
			reuse[it.Key], taken[id] = id, true
		}
	}
	for _, it := range items {
		if it.Dropped || reuse[it.Key] != "" {
			continue
		}
		id, ok := bySource[[2]int{it.Source.AreaIndex, it.Source.ItemIndex}]
		if ok && !taken[id] && similar(it.Text, old[id].Text) {
			reuse[it.Key], taken[id] = id, true
		}
	}
	return reuse
}

// similar says whether two wordings share at least half their words.
func similar(a, b string) bool {
	wa, wb := strings.Fields(models.Fold(a)), strings.Fields(models.Fold(b))
	set := map[string]bool{}
	for _, w := range wa {
		set[w] = true
	}
	shared := 0
	for _, w := range wb {
		if set[w] {
			shared++
			delete(set, w)
		}
	}
	return 2*shared >= max(len(wa), len(wb))
}

// untouched says whether nobody has worked on t since it was imported.
func untouched(t models.Task) bool {
	return (t.State == models.StateNotStarted || t.State == models.StatePaused) && t.Percent == 0
}

// applyReplacement updates, creates and cancels the month's tasks.
func (s *ImportService) applyReplacement(ctx context.Context, actor models.Actor, imp, earlier models.Import,
	old map[models.ID]models.Task, reuse map[string]models.ID, res *ReplaceResult) error {
	var fresh []models.ImportItem
	var freshIDs []models.ID
	n := 0
	for _, it := range imp.Items {
		if it.Dropped {
			continue
		}
		id := imp.TaskIDs[n]
		n++
		prev, matched := old[id]
		if !matched {
			fresh, freshIDs = append(fresh, it), append(freshIDs, id)
			continue
		}
		if !untouched(prev) {
			res.Kept++
			continue
		}
		if err := s.rewrite(ctx, actor, imp, prev, it); err != nil {
			return fmt.Errorf("item %s: %w", it.Key, err)
		}
		res.Updated++
	}
	if err := s.createItems(ctx, actor, imp, fresh, freshIDs); err != nil {
		return err
	}
	res.Created = len(fresh)
	for id, t := range old {
		if slices.Contains(imp.TaskIDs, id) || !untouched(t) {
			continue
		}
		_, changed, err := s.writer.Change(ctx, t, task.Edit{Actor: actor, Action: notify.ActionCancel, Kind: models.ProgressCancel,
			Note: "Không còn trong nghị quyết thay thế " + imp.DocNumber,
			Apply: func(t *models.Task) error {
				if !untouched(*t) {
					return task.ErrUnchanged
				}
				t.State = models.StateCancelled
				return nil
			}})
		if err != nil && !errors.Is(err, task.ErrUnchanged) {
			return err
		}
		if changed {
			res.Cancelled++
		}
	}
	return nil
}

// rewrite gives an untouched task the new copy's reading of its item.
func (s *ImportService) rewrite(ctx context.Context, actor models.Actor, imp models.Import, prev models.Task, it models.ImportItem) error {
	positions, err := s.areaPositions(ctx, actor.CommitteeID)
	if err != nil {
		return err
	}
	next := taskOf(it, imp, actor, s.Now())
	_, _, err = s.writer.Change(ctx, prev, task.Edit{Actor: actor, Action: notify.ActionUpdate,
		Apply: func(t *models.Task) error {
			if !untouched(*t) {
				return task.ErrUnchanged // worked on since it was read: leave it
			}
			t.AreaID, t.AreaPosition, t.Text, t.Source = next.AreaID, positions[next.AreaID], next.Text, next.Source
			t.LeadUnitID, t.CoordinatingUnitIDs, t.FollowUpUnitID = next.LeadUnitID, next.CoordinatingUnitIDs, next.FollowUpUnitID
			t.Deadline, t.State, t.Condition, t.Footnotes = next.Deadline, next.State, next.Condition, next.Footnotes
			return t.Validate()
		}})
	if errors.Is(err, task.ErrUnchanged) {
		return nil
	}
	return err
}
