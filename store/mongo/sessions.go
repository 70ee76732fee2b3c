package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/theodoi/theodoi/models"
)

// sessions are keyed by the token hash (_id). Expired sessions are removed
// by DeleteExpired rather than a TTL index: the idle limit depends on
// lastSeenAt and configuration, and a TTL monitor would delete on its own
// schedule, behind the caller's back.
type sessions struct{ s *Store }

func (r sessions) Create(ctx context.Context, se models.Session) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	_, err := r.s.coll(collSessions).InsertOne(ctx, toSessionDoc(se))
	return mapErr(err, "create session")
}

func (r sessions) Get(ctx context.Context, tokenHash string) (models.Session, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[sessionDoc](ctx, r.s.coll(collSessions), bson.D{{Key: "_id", Value: tokenHash}}, "session", "")
	return d.model(), err
}

// Touch moves lastSeenAt forward only ($max), so concurrent requests
// cannot move it back.
func (r sessions) Touch(ctx context.Context, tokenHash string, at time.Time) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	res, err := r.s.coll(collSessions).UpdateOne(ctx, bson.D{{Key: "_id", Value: tokenHash}},
		bson.D{{Key: "$max", Value: bson.D{{Key: "lastSeenAt", Value: ms(at)}}}})
	if err != nil {
		return mapErr(err, "touch session")
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("session: %w", models.ErrNotFound)
	}
	return nil
}

func (r sessions) Delete(ctx context.Context, tokenHash string) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	_, err := r.s.coll(collSessions).DeleteOne(ctx, bson.D{{Key: "_id", Value: tokenHash}})
	return mapErr(err, "delete session")
}

func (r sessions) DeleteForUser(ctx context.Context, user models.ID) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	_, err := r.s.coll(collSessions).DeleteMany(ctx, bson.D{{Key: "userId", Value: user}})
	return mapErr(err, "delete sessions of user %s", user)
}

// DeleteExpired removes sessions whose expiresAt is not after now, or that
// were last seen before now-idle (idle <= 0: no idle limit).
func (r sessions) DeleteExpired(ctx context.Context, now time.Time, idle time.Duration) (int, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	or := bson.A{bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lte", Value: ms(now)}}}}}
	if idle > 0 {
		or = append(or, bson.D{{Key: "lastSeenAt", Value: bson.D{{Key: "$lt", Value: ms(now.Add(-idle))}}}})
	}
	res, err := r.s.coll(collSessions).DeleteMany(ctx, bson.D{{Key: "$or", Value: or}})
	if err != nil {
		return 0, mapErr(err, "delete expired sessions")
	}
	return int(res.DeletedCount), nil
}
