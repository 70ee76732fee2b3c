package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
)

type committees struct{ s *Store }

func (r committees) Create(ctx context.Context, c models.Committee, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.create(ctx, collCommittees, toCommitteeDoc(c, audit.ID), bson.D{{Key: "_id", Value: c.ID}}, audit, "committee", c.ID)
}

func (r committees) Get(ctx context.Context, id models.ID) (models.Committee, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[committeeDoc](ctx, r.s.coll(collCommittees), bson.D{{Key: "_id", Value: id}}, "committee", id)
	return d.model(), err
}

func (r committees) List(ctx context.Context) ([]models.Committee, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[committeeDoc](ctx, r.s.coll(collCommittees), bson.D{},
		options.Find().SetSort(bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}), "committees")
	return convertAll(docs, committeeDoc.model), err
}

func (r committees) Update(ctx context.Context, c models.Committee, expected int64, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.replace(ctx, collCommittees, bson.D{{Key: "_id", Value: c.ID}}, expected, c.Version,
		toCommitteeDoc(c, audit.ID), audit, "committee", c.ID)
}

// purgeOrder lists every collection holding a committee's documents; the
// committee itself goes last, so a purge cut short can be run again.
var purgeOrder = []string{
	collSessions, collTokens, collMailPrefs, collOutbox, collLedger, collNotices,
	collAttachments, collProgress, collTasks, collImportFiles, collImports,
	collPeriods, collAreas, collUsers, collUnits, collAudit,
}

func (r committees) Purge(ctx context.Context, id models.ID) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	for _, coll := range purgeOrder {
		if _, err := r.s.coll(coll).DeleteMany(ctx, byCommittee(id)); err != nil {
			return mapErr(err, "purge %s of committee %s", coll, id)
		}
	}
	if err := r.s.purgeAttachmentBytes(ctx, id); err != nil {
		return err
	}
	_, err := r.s.coll(collCommittees).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return mapErr(err, "purge committee %s", id)
}

type units struct{ s *Store }

func (r units) Create(ctx context.Context, u models.Unit, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.create(ctx, collUnits, toUnitDoc(u, audit.ID), byID(u.CommitteeID, u.ID), audit, "unit", u.ID)
}

func (r units) Get(ctx context.Context, committee, id models.ID) (models.Unit, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[unitDoc](ctx, r.s.coll(collUnits), byID(committee, id), "unit", id)
	return d.model(), err
}

func (r units) List(ctx context.Context, committee models.ID) ([]models.Unit, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[unitDoc](ctx, r.s.coll(collUnits), byCommittee(committee),
		options.Find().SetSort(bson.D{{Key: "kindOrder", Value: 1}, {Key: "name", Value: 1}, {Key: "_id", Value: 1}}), "units")
	return convertAll(docs, unitDoc.model), err
}

func (r units) Update(ctx context.Context, u models.Unit, expected int64, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.replace(ctx, collUnits, byID(u.CommitteeID, u.ID), expected, u.Version, toUnitDoc(u, audit.ID), audit, "unit", u.ID)
}

type users struct{ s *Store }

func (r users) Create(ctx context.Context, u models.User, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.create(ctx, collUsers, toUserDoc(u, audit.ID), byID(u.CommitteeID, u.ID), audit, "user", u.ID)
}

func (r users) Get(ctx context.Context, committee, id models.ID) (models.User, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[userDoc](ctx, r.s.coll(collUsers), byID(committee, id), "user", id)
	return d.model(), err
}

// GetByEmail looks across committees; the address is normalised the way
// User.Validate stores it.
func (r users) GetByEmail(ctx context.Context, email string) (models.User, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	email, _ = models.NormalizeEmail(email)
	d, err := findOne[userDoc](ctx, r.s.coll(collUsers), bson.D{{Key: "email", Value: email}}, "user with e-mail", email)
	return d.model(), err
}

func (r users) List(ctx context.Context, committee models.ID) ([]models.User, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[userDoc](ctx, r.s.coll(collUsers), byCommittee(committee),
		options.Find().SetSort(bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}), "users")
	return convertAll(docs, userDoc.model), err
}

func (r users) Update(ctx context.Context, u models.User, expected int64, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.replace(ctx, collUsers, byID(u.CommitteeID, u.ID), expected, u.Version, toUserDoc(u, audit.ID), audit, "user", u.ID)
}

type areas struct{ s *Store }

func (r areas) Create(ctx context.Context, a models.Area, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.create(ctx, collAreas, toAreaDoc(a, audit.ID), byID(a.CommitteeID, a.ID), audit, "area", a.ID)
}

func (r areas) Get(ctx context.Context, committee, id models.ID) (models.Area, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[areaDoc](ctx, r.s.coll(collAreas), byID(committee, id), "area", id)
	return d.model(), err
}

func (r areas) List(ctx context.Context, committee models.ID) ([]models.Area, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[areaDoc](ctx, r.s.coll(collAreas), byCommittee(committee),
		options.Find().SetSort(bson.D{{Key: "position", Value: 1}, {Key: "name", Value: 1}, {Key: "_id", Value: 1}}), "areas")
	return convertAll(docs, areaDoc.model), err
}

// Update saves the area, then sets its position on the area's tasks that
// carry another one. That second step runs after every successful update,
// not only when the position changed, so an earlier update whose second
// step failed is repaired by the next one. Until then (and for a task
// saved concurrently with the old position) the list order is stale; the
// tasks themselves are not affected.
func (r areas) Update(ctx context.Context, a models.Area, expected int64, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	key := byID(a.CommitteeID, a.ID)
	if err := r.s.replaceVersioned(ctx, collAreas, key, expected, a.Version, toAreaDoc(a, audit.ID), audit.ID, "area", a.ID); err != nil {
		return err
	}
	_, err := r.s.coll(collTasks).UpdateMany(ctx,
		byCommittee(a.CommitteeID,
			bson.E{Key: "areaId", Value: a.ID},
			bson.E{Key: "areaPosition", Value: bson.D{{Key: "$ne", Value: a.Position}}}),
		bson.D{{Key: "$set", Value: bson.D{{Key: "areaPosition", Value: a.Position}}}})
	if err != nil {
		return mapErr(err, "update position of area %s on its tasks", a.ID)
	}
	return r.s.appendAudit(ctx, audit)
}

type periods struct{ s *Store }

func (r periods) Create(ctx context.Context, p models.Period, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.create(ctx, collPeriods, toPeriodDoc(p, audit.ID), byID(p.CommitteeID, p.ID), audit, "period", p.ID)
}

func (r periods) Get(ctx context.Context, committee models.ID, month models.Month) (models.Period, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[periodDoc](ctx, r.s.coll(collPeriods), byCommittee(committee, bson.E{Key: "month", Value: month}),
		"period", fmt.Sprintf("%s of committee %s", month, committee))
	return d.model(), err
}

func (r periods) List(ctx context.Context, committee models.ID) ([]models.Period, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[periodDoc](ctx, r.s.coll(collPeriods), byCommittee(committee),
		options.Find().SetSort(bson.D{{Key: "month", Value: -1}}), "periods")
	return convertAll(docs, periodDoc.model), err
}

func (r periods) Update(ctx context.Context, p models.Period, expected int64, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.replace(ctx, collPeriods, byID(p.CommitteeID, p.ID), expected, p.Version, toPeriodDoc(p, audit.ID), audit, "period", p.ID)
}
