package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

type auditLog struct{ s *Store }

// Append stores an entry that no record write carries (a login, an
// export). Unlike the entries written with a record, where a duplicate id
// means a retry, appending an id that exists is ErrDuplicate.
func (r auditLog) Append(ctx context.Context, e models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	if e.ID == "" {
		e.ID = models.NewID(time.Now())
	}
	_, err := r.s.coll(collAudit).InsertOne(ctx, toAuditDoc(e))
	return mapErr(err, "append audit entry %s", e.ID)
}

func (r auditLog) List(ctx context.Context, f store.AuditFilter) ([]models.AuditEntry, error) {
	if f.Offset < 0 || f.Limit < 0 {
		return nil, fmt.Errorf("audit list: negative offset or limit: %w", models.ErrInvalid)
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	filter := byCommittee(f.Committee)
	if f.Entity != "" {
		filter = append(filter, bson.E{Key: "entity", Value: f.Entity})
	}
	if f.EntityID != "" {
		filter = append(filter, bson.E{Key: "entityId", Value: f.EntityID})
	}
	opts := options.Find().SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).SetSkip(int64(f.Offset))
	if f.Limit > 0 {
		opts.SetLimit(int64(f.Limit))
	}
	docs, err := findAll[auditDoc](ctx, r.s.coll(collAudit), filter, opts, "audit entries")
	return convertAll(docs, auditDoc.model), err
}
