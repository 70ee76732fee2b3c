package mongo

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
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

// CreateMany inserts the tasks with one unordered InsertMany, then the
// audit entries of the tasks this call saved, the same way. A task whose
// id is taken is recognised by its lastChangeId: when it is the task's
// audit id, an earlier attempt of this call saved the task and its entry
// is (re)inserted, idempotently by _id; otherwise the task was created by
// some other call and is skipped with its entry. An id taken in another
// committee is ErrDuplicate.
//
// There is no transaction. When CreateMany fails midway, some tasks are
// saved (perhaps without their audit entries) and the rest are not;
// calling it again with the same tasks and audit entries saves the rest
// and the missing entries.
func (r tasks) CreateMany(ctx context.Context, ts []models.Task, audits []models.AuditEntry) error {
	if len(ts) != len(audits) {
		return fmt.Errorf("create tasks: %d tasks but %d audit entries: %w", len(ts), len(audits), models.ErrInvalid)
	}
	if len(ts) == 0 {
		return nil
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	audits = slices.Clone(audits)
	docs := make([]any, len(ts))
	for i, t := range ts {
		if audits[i].ID == "" { // as appendAudit does, but before the task records it
			audits[i].ID = models.NewID(time.Now())
		}
		docs[i] = toTaskDoc(t, audits[i].ID)
	}
	_, err := r.s.coll(collTasks).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	taken, err := onlyDuplicates(err)
	if err != nil {
		return mapErr(err, "create %d tasks", len(ts))
	}
	entries := audits
	if taken {
		if entries, err = r.ownEntries(ctx, ts, audits); err != nil {
			return err
		}
	}
	if len(entries) == 0 {
		return nil
	}
	auditDocs := make([]any, len(entries))
	for i, e := range entries {
		auditDocs[i] = toAuditDoc(e)
	}
	_, err = r.s.coll(collAudit).InsertMany(ctx, auditDocs, options.InsertMany().SetOrdered(false))
	if _, err := onlyDuplicates(err); err != nil {
		return mapErr(err, "create audit entries of %d tasks", len(ts))
	}
	return nil
}

// ownEntries returns the audit entries of the tasks that this call saved,
// now or in an earlier attempt: those whose stored lastChangeId is the
// entry's id. Every task must exist in its committee by now.
func (r tasks) ownEntries(ctx context.Context, ts []models.Task, audits []models.AuditEntry) ([]models.AuditEntry, error) {
	byCommitteeIDs := map[models.ID][]models.ID{}
	for _, t := range ts {
		byCommitteeIDs[t.CommitteeID] = append(byCommitteeIDs[t.CommitteeID], t.ID)
	}
	type mark struct {
		ID           models.ID `bson:"_id"`
		CommitteeID  models.ID `bson:"committeeId"`
		LastChangeID models.ID `bson:"lastChangeId"`
	}
	type key struct{ committee, id models.ID }
	stored := map[key]models.ID{}
	for committee, ids := range byCommitteeIDs {
		marks, err := findAll[mark](ctx, r.s.coll(collTasks),
			byCommittee(committee, bson.E{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}),
			options.Find().SetProjection(bson.D{{Key: "committeeId", Value: 1}, {Key: "lastChangeId", Value: 1}}), "tasks")
		if err != nil {
			return nil, err
		}
		for _, m := range marks {
			stored[key{m.CommitteeID, m.ID}] = m.LastChangeID
		}
	}
	var own []models.AuditEntry
	for i, t := range ts {
		change, ok := stored[key{t.CommitteeID, t.ID}]
		switch {
		case !ok:
			return nil, fmt.Errorf("create task %s: id taken in another committee: %w", t.ID, models.ErrDuplicate)
		case change == audits[i].ID:
			own = append(own, audits[i])
		}
	}
	return own, nil
}

// onlyDuplicates tells an InsertMany whose only failures are duplicate
// keys (taken reports whether there were any) from one that failed
// otherwise, which it returns.
func onlyDuplicates(err error) (taken bool, _ error) {
	if err == nil {
		return false, nil
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
		return false, err
	}
	for _, we := range bwe.WriteErrors {
		if !isDuplicateWrite(we.WriteError) {
			return false, err
		}
	}
	return true, nil
}

// isDuplicateWrite is mongo.IsDuplicateKeyError for one write of a batch.
func isDuplicateWrite(we mongo.WriteError) bool {
	switch we.Code {
	case 11000, 11001, 12582:
		return true
	case 16460:
		return strings.Contains(we.Message, " E11000 ")
	}
	return false
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

// UpdateMany replaces the tasks whose version is expected with one bulk
// write, then reads back which carry their change (lastChangeId and
// version), which also recognises changes an earlier attempt stored, and
// inserts the audit and progress entries of those, idempotently by _id.
// When it fails midway, calling it again with the same changes finishes
// the entries.
func (r tasks) UpdateMany(ctx context.Context, chs []store.TaskChange) ([]bool, error) {
	seen := make(map[models.ID]bool, len(chs))
	for _, ch := range chs {
		t := ch.Task
		if t.Version != ch.Expected+1 {
			return nil, fmt.Errorf("task %s: new version %d after %d: %w", t.ID, t.Version, ch.Expected, models.ErrInvalid)
		}
		if seen[t.ID] {
			return nil, fmt.Errorf("task %s: changed twice in one call: %w", t.ID, models.ErrInvalid)
		}
		seen[t.ID] = true
	}
	if len(chs) == 0 {
		return nil, nil
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	chs = slices.Clone(chs)
	writes := make([]mongo.WriteModel, len(chs))
	byCommitteeIDs := map[models.ID][]models.ID{}
	for i := range chs {
		ch := &chs[i]
		if ch.Audit.ID == "" { // as appendAudit does, but before the task records it
			ch.Audit.ID = models.NewID(time.Now())
		}
		t := ch.Task
		filter := append(byID(t.CommitteeID, t.ID), bson.E{Key: "version", Value: ch.Expected})
		writes[i] = mongo.NewReplaceOneModel().SetFilter(filter).SetReplacement(toTaskDoc(t, ch.Audit.ID))
		byCommitteeIDs[t.CommitteeID] = append(byCommitteeIDs[t.CommitteeID], t.ID)
	}
	if _, err := r.s.coll(collTasks).BulkWrite(ctx, writes); err != nil {
		return nil, mapErr(err, "update %d tasks", len(chs))
	}
	type mark struct {
		ID           models.ID `bson:"_id"`
		CommitteeID  models.ID `bson:"committeeId"`
		Version      int64     `bson:"version"`
		LastChangeID models.ID `bson:"lastChangeId"`
	}
	type key struct{ committee, id models.ID }
	marks := map[key]mark{}
	for committee, ids := range byCommitteeIDs {
		found, err := findAll[mark](ctx, r.s.coll(collTasks),
			byCommittee(committee, bson.E{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}),
			options.Find().SetProjection(bson.D{{Key: "committeeId", Value: 1}, {Key: "version", Value: 1}, {Key: "lastChangeId", Value: 1}}), "tasks")
		if err != nil {
			return nil, err
		}
		for _, m := range found {
			marks[key{m.CommitteeID, m.ID}] = m
		}
	}
	stored := make([]bool, len(chs))
	var audits, progress []any
	for i, ch := range chs {
		m, ok := marks[key{ch.Task.CommitteeID, ch.Task.ID}]
		if !ok || m.LastChangeID != ch.Audit.ID || m.Version != ch.Task.Version {
			continue
		}
		stored[i] = true
		audits = append(audits, toAuditDoc(ch.Audit))
		if ch.Progress != nil {
			progress = append(progress, toProgressDoc(*ch.Progress))
		}
	}
	for _, entries := range []struct {
		coll string
		docs []any
	}{{collAudit, audits}, {collProgress, progress}} {
		if len(entries.docs) == 0 {
			continue
		}
		_, err := r.s.coll(entries.coll).InsertMany(ctx, entries.docs, options.InsertMany().SetOrdered(false))
		if _, err := onlyDuplicates(err); err != nil {
			return nil, mapErr(err, "insert %d %s entries", len(entries.docs), entries.coll)
		}
	}
	return stored, nil
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
		// QuoteMeta makes each phrasing a plain substring, never a pattern.
		any := []string{regexp.QuoteMeta(q)}
		for _, alt := range f.QueryAlternatives {
			if alt = models.Fold(alt); alt != "" {
				any = append(any, regexp.QuoteMeta(alt))
			}
		}
		filter = append(filter, bson.E{Key: "searchKey", Value: bson.D{{Key: "$regex", Value: strings.Join(any, "|")}}})
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
