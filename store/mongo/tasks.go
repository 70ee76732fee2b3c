package mongo

import (
	"context"
	"fmt"
	"regexp"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

type tasks struct{ s *Store }

func (r tasks) Create(ctx context.Context, t models.Task, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.create(ctx, collTasks, toTaskDoc(t, audit.ID), byID(t.CommitteeID, t.ID), audit, "task", t.ID)
}

func (r tasks) Get(ctx context.Context, committee, id models.ID) (models.Task, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[taskDoc](ctx, r.s.coll(collTasks), byID(committee, id), "task", id)
	return d.model(), err
}

// Update is the conditional write of the task, then the audit entry, then
// the progress entry. Window: if the task is saved and an insert after it
// fails, Update returns the error with the task already changed; calling
// Update again with the same change (same audit id) recognises the saved
// task and finishes the inserts, which are idempotent by _id.
func (r tasks) Update(ctx context.Context, ch store.TaskChange) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	t := ch.Task
	if err := r.s.replaceVersioned(ctx, collTasks, byID(t.CommitteeID, t.ID), ch.Expected, t.Version,
		toTaskDoc(t, ch.Audit.ID), ch.Audit.ID, "task", t.ID); err != nil {
		return err
	}
	if err := r.s.appendAudit(ctx, ch.Audit); err != nil {
		return err
	}
	if ch.Progress != nil {
		return insertIdempotent(ctx, r.s.coll(collProgress), toProgressDoc(*ch.Progress), "progress entry", ch.Progress.ID)
	}
	return nil
}

func (r tasks) Progress(ctx context.Context, committee, task models.ID) ([]models.Progress, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[progressDoc](ctx, r.s.coll(collProgress), byCommittee(committee, bson.E{Key: "taskId", Value: task}),
		options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}), "progress")
	return convertAll(docs, progressDoc.model), err
}

func (r tasks) List(ctx context.Context, f store.TaskFilter) ([]models.Task, int, error) {
	filter, err := taskFilter(f)
	if err != nil {
		return nil, 0, err
	}
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, fmt.Errorf("task list: negative offset or limit: %w", models.ErrInvalid)
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	opts := options.Find().
		SetSort(bson.D{{Key: "areaPosition", Value: 1}, {Key: "deadlineOrder", Value: 1}, {Key: "_id", Value: 1}}).
		SetSkip(int64(f.Offset))
	if f.Limit > 0 {
		opts.SetLimit(int64(f.Limit))
	}
	docs, err := findAll[taskDoc](ctx, r.s.coll(collTasks), filter, opts, "tasks")
	if err != nil {
		return nil, 0, err
	}
	total, err := r.s.coll(collTasks).CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, mapErr(err, "count tasks")
	}
	return convertAll(docs, taskDoc.model), int(total), nil
}

// taskFilter builds the query from the filter's typed fields only. The
// committee is always the first, top-level equality (the shard key). The
// conditions that could repeat a field (units, states) go into $and.
func taskFilter(f store.TaskFilter) (bson.D, error) {
	if f.Committee == "" {
		return nil, fmt.Errorf("task list: committee: %w", models.ErrInvalid)
	}
	filter := byCommittee(f.Committee)
	if f.Period != "" {
		filter = append(filter, bson.E{Key: "period", Value: f.Period})
	}
	if f.AreaID != "" {
		filter = append(filter, bson.E{Key: "areaId", Value: f.AreaID})
	}
	var and bson.A
	if f.UnitID != "" {
		c, err := unitClause(f.UnitID, f.UnitRole)
		if err != nil {
			return nil, err
		}
		and = append(and, c)
	}
	if f.VisibleTo != "" {
		c, _ := unitClause(f.VisibleTo, store.UnitRoleAny)
		and = append(and, c)
	}
	if len(f.States) > 0 {
		and = append(and, bson.D{{Key: "state", Value: bson.D{{Key: "$in", Value: f.States}}}})
	}
	if f.Timeliness != "" {
		c, err := timelinessClause(f)
		if err != nil {
			return nil, err
		}
		and = append(and, c)
	}
	if q := models.Fold(f.Query); q != "" {
		// Fold is idempotent, so an already folded query is unchanged;
		// QuoteMeta makes it a plain substring, never a pattern.
		filter = append(filter, bson.E{Key: "searchKey", Value: bson.D{{Key: "$regex", Value: regexp.QuoteMeta(q)}}})
	}
	if len(and) > 0 {
		filter = append(filter, bson.E{Key: "$and", Value: and})
	}
	return filter, nil
}

func unitClause(unit models.ID, role store.UnitRole) (bson.D, error) {
	lead := bson.D{{Key: "leadUnitId", Value: unit}}
	coordinating := bson.D{{Key: "coordinatingUnitIds", Value: unit}}
	switch role {
	case store.UnitRoleAny:
		return bson.D{{Key: "$or", Value: bson.A{lead, coordinating}}}, nil
	case store.UnitRoleLead:
		return lead, nil
	case store.UnitRoleCoordinating:
		return coordinating, nil
	}
	return nil, fmt.Errorf("task list: unit role %q: %w", role, models.ErrInvalid)
}

// timelinessClause follows the semantics at the end of store/store.go.
// Deadlines are "YYYY-MM-DD" strings ("" when none), so date comparisons
// are string comparisons, and {$gt: ""} means "has a deadline".
func timelinessClause(f store.TaskFilter) (bson.D, error) {
	open := bson.E{Key: "state", Value: bson.D{{Key: "$in", Value: models.OpenStates}}}
	done := bson.E{Key: "state", Value: models.StateDone}
	deadline := func(ops ...bson.E) bson.E { return bson.E{Key: "deadline", Value: bson.D(ops)} }
	need := func(field string, d models.Date) error {
		if d == "" {
			return fmt.Errorf("task list: timeliness %s needs %s: %w", f.Timeliness, field, models.ErrInvalid)
		}
		return nil
	}
	switch f.Timeliness {
	case models.TimelyOverdue:
		if err := need("today", f.Today); err != nil {
			return nil, err
		}
		return bson.D{open, deadline(bson.E{Key: "$gt", Value: ""}, bson.E{Key: "$lt", Value: f.Today})}, nil
	case models.TimelyDueSoon:
		if err := need("today", f.Today); err != nil {
			return nil, err
		}
		if err := need("dueSoonUntil", f.DueSoonUntil); err != nil {
			return nil, err
		}
		return bson.D{open, deadline(bson.E{Key: "$gte", Value: f.Today}, bson.E{Key: "$lte", Value: f.DueSoonUntil})}, nil
	case models.TimelyWithinTerm:
		if err := need("dueSoonUntil", f.DueSoonUntil); err != nil {
			return nil, err
		}
		return bson.D{open, deadline(bson.E{Key: "$gt", Value: f.DueSoonUntil})}, nil
	case models.TimelyNoDeadline:
		return bson.D{open, {Key: "deadline", Value: ""}}, nil
	case models.TimelyDoneOnTime:
		return bson.D{done, {Key: "acceptedLate", Value: false}}, nil
	case models.TimelyDoneLate:
		return bson.D{done, {Key: "acceptedLate", Value: true}}, nil
	}
	return nil, fmt.Errorf("task list: timeliness %q: %w", f.Timeliness, models.ErrInvalid)
}
