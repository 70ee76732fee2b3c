package task

import (
	"context"
	"slices"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/notify"
)

// MaxBulkTasks bounds one bulk action.
const MaxBulkTasks = 200

// Bulk actions a leader applies to ticked tasks.
const (
	BulkAssign   = "assign"   // give the tasks another lead unit
	BulkDeadline = "deadline" // set the tasks' deadline
	BulkAccept   = "accept"   // accept the completions the lead units reported
)

// BulkInput is one bulk action on tasks at the versions the leader saw.
type BulkInput struct {
	Action     string
	LeadUnitID models.ID
	Deadline   string
	Tasks      []BulkTask
}

// BulkTask is one ticked task and the version the leader saw.
type BulkTask struct {
	ID      models.ID
	Version int64
}

// BulkItem is what happened to one task: the task as it now is, or as it
// was found when Err says why it was left alone (zero when not found).
type BulkItem struct {
	ID   models.ID
	Task models.Task
	Err  error
}

// BulkResult lists every task's outcome, in the order given.
type BulkResult struct {
	Items        []BulkItem
	Done, Failed int
}

// Bulk applies one action to each task on its own, at the version the
// leader saw, so a task changed meanwhile fails alone (never overwritten)
// and the others go through.
func (s *TaskService) Bulk(ctx context.Context, actor models.Actor, in BulkInput) (BulkResult, error) {
	p := models.Problems{}
	switch in.Action {
	case BulkAssign:
		if !in.LeadUnitID.Valid() {
			p.Add("leadUnitId", "required: the new lead unit")
		}
	case BulkDeadline:
		if _, err := models.ParseDate(in.Deadline); err != nil {
			p.Add("deadline", "must be a real date YYYY-MM-DD")
		}
	case BulkAccept:
	default:
		p.Add("action", "must be assign, deadline or accept")
	}
	switch {
	case len(in.Tasks) == 0:
		p.Add("tasks", "tick at least one task")
	case len(in.Tasks) > MaxBulkTasks:
		p.Add("tasks", "at most 200 tasks at once")
	}
	for _, bt := range in.Tasks {
		if bt.Version < 1 {
			p.Add("tasks", "every task needs the version it was seen at")
			break
		}
	}
	if err := p.Err(); err != nil {
		return BulkResult{}, err
	}
	act := models.ActWriteTasks
	if in.Action == BulkAccept {
		act = models.ActAcceptTasks
	}
	if err := core.Require(actor, act); err != nil {
		return BulkResult{}, err
	}
	res := BulkResult{Items: make([]BulkItem, 0, len(in.Tasks))}
	for _, bt := range in.Tasks {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		it := BulkItem{ID: bt.ID}
		it.Task, it.Err = s.bulkOne(ctx, actor, in, bt)
		if it.Err == nil {
			res.Done++
		} else {
			res.Failed++
		}
		res.Items = append(res.Items, it)
	}
	return res, nil
}

// bulkOne reads the task once and changes it through the one change path.
func (s *TaskService) bulkOne(ctx context.Context, actor models.Actor, in BulkInput, bt BulkTask) (models.Task, error) {
	cur, _, err := s.visible(ctx, actor, bt.ID)
	if err != nil {
		return models.Task{}, err
	}
	var out models.Task
	switch in.Action {
	case BulkAssign:
		patch := TaskPatch{Version: bt.Version, LeadUnitID: &in.LeadUnitID}
		if cur.Coordinates(in.LeadUnitID) {
			// The new lead stops coordinating: one unit holds one role.
			rest := slices.DeleteFunc(slices.Clone(cur.CoordinatingUnitIDs), func(u models.ID) bool { return u == in.LeadUnitID })
			patch.CoordinatingUnitIDs = &rest
		}
		out, err = s.update(ctx, actor, cur, patch)
	case BulkDeadline:
		out, err = s.update(ctx, actor, cur, TaskPatch{Version: bt.Version, Deadline: &in.Deadline})
	case BulkAccept:
		out, err = s.actOn(ctx, actor, cur, bt.Version, Edit{Action: notify.ActionAccept, Kind: models.ProgressAccept}, models.OpAccept, s.accepted(actor))
	}
	if err != nil {
		return cur, err
	}
	return out, nil
}
