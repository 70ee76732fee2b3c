package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// The outbox, leases and the ledger rely on single-document atomicity
// alone: a claim, a lease take-over and every state change of a message is
// one conditional write; queuing and recording are idempotent through
// unique indexes.

type outbox struct{ s *Store }

// Enqueue stores the message as pending, with no attempts yet; a zero
// NextAt means at CreatedAt. A duplicate key is the {committeeId, key}
// index (already queued: false) or, when no message has that key, an _id
// taken by another message (ErrDuplicate).
func (r outbox) Enqueue(ctx context.Context, m models.Message) (bool, error) {
	if err := checkMessage(m); err != nil {
		return false, err
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	if m.NextAt.IsZero() {
		m.NextAt = m.CreatedAt
	}
	m.State, m.Attempts, m.Owner, m.LeaseUntil, m.LastError, m.SentAt = models.MessagePending, 0, "", nil, "", nil
	_, err := r.s.coll(collOutbox).InsertOne(ctx, toOutboxDoc(m))
	if !isDuplicate(err) {
		return err == nil, mapErr(err, "enqueue message %s", m.ID)
	}
	_, ferr := findOne[outboxDoc](ctx, r.s.coll(collOutbox),
		byCommittee(m.CommitteeID, bson.E{Key: "key", Value: m.Key}), "message with key", m.Key)
	switch {
	case ferr == nil:
		return false, nil
	case errors.Is(ferr, models.ErrNotFound):
		return false, mapErr(err, "enqueue message %s", m.ID)
	}
	return false, ferr
}

// checkMessage rejects a message the outbox could not keep its promises for.
func checkMessage(m models.Message) error {
	switch {
	case m.ID == "" || m.CommitteeID == "":
		return fmt.Errorf("message: id and committee are required: %w", models.ErrInvalid)
	case m.Key == "":
		return fmt.Errorf("message %s: a key is required (it makes queuing idempotent): %w", m.ID, models.ErrInvalid)
	case m.CreatedAt.IsZero():
		return fmt.Errorf("message %s: creation time is required: %w", m.ID, models.ErrInvalid)
	}
	return nil
}

// Claim takes due messages one findAndModify at a time, earliest nextAt
// first; each take is atomic on its own (the filter is re-checked against
// the document it modifies), so concurrent claimers never share a
// message. The filter is served by the {state, nextAt} index: one range
// per branch of the $or, merged in nextAt order.
//
// When a take fails after others succeeded, the messages taken so far are
// returned with the error: they are the caller's until their lease ends.
func (r outbox) Claim(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]models.Message, error) {
	if owner == "" || lease <= 0 || limit <= 0 {
		return nil, fmt.Errorf("claim messages: owner, a positive lease and a positive limit are required: %w", models.ErrInvalid)
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	at := ms(now)
	filter := bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "state", Value: models.MessagePending}, {Key: "nextAt", Value: bson.D{{Key: "$lte", Value: at}}}},
		bson.D{{Key: "state", Value: models.MessageSending}, {Key: "leaseUntil", Value: bson.D{{Key: "$lt", Value: at}}}},
	}}}
	update := bson.D{
		{Key: "$set", Value: bson.D{
			{Key: "state", Value: models.MessageSending},
			{Key: "owner", Value: owner},
			{Key: "leaseUntil", Value: ms(now.Add(lease))},
		}},
		{Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}},
	}
	opts := options.FindOneAndUpdate().
		SetSort(bson.D{{Key: "nextAt", Value: 1}, {Key: "_id", Value: 1}}).
		SetReturnDocument(options.After)
	claimed := []models.Message{}
	for range limit {
		var d outboxDoc
		err := r.s.coll(collOutbox).FindOneAndUpdate(ctx, filter, update, opts).Decode(&d)
		if errors.Is(err, mongo.ErrNoDocuments) {
			break
		}
		if err != nil {
			return claimed, mapErr(err, "claim messages (%d taken)", len(claimed))
		}
		claimed = append(claimed, d.model())
	}
	return claimed, nil
}

// held selects a message while owner holds it.
func held(id models.ID, owner string) bson.D {
	return bson.D{{Key: "_id", Value: id}, {Key: "owner", Value: owner}, {Key: "state", Value: models.MessageSending}}
}

// MarkSent keeps the owner (who delivered it) and drops the lease.
func (r outbox) MarkSent(ctx context.Context, id models.ID, owner string, at time.Time) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	res, err := r.s.coll(collOutbox).UpdateOne(ctx, held(id, owner), bson.D{
		{Key: "$set", Value: bson.D{{Key: "state", Value: models.MessageSent}, {Key: "sentAt", Value: ms(at)}}},
		{Key: "$unset", Value: bson.D{{Key: "leaseUntil", Value: ""}}},
	})
	if err != nil {
		return mapErr(err, "mark message %s sent", id)
	}
	if res.MatchedCount == 1 {
		return nil
	}
	return r.leaseLost(ctx, id)
}

// MarkRetry lets the message go: nobody holds it until it is claimed again.
func (r outbox) MarkRetry(ctx context.Context, id models.ID, owner string, nextAt time.Time, lastErr string, failed bool) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	state := models.MessagePending
	if failed {
		state = models.MessageFailed
	}
	res, err := r.s.coll(collOutbox).UpdateOne(ctx, held(id, owner), bson.D{
		{Key: "$set", Value: bson.D{{Key: "state", Value: state}, {Key: "nextAt", Value: ms(nextAt)}, {Key: "lastError", Value: lastErr}}},
		{Key: "$unset", Value: bson.D{{Key: "owner", Value: ""}, {Key: "leaseUntil", Value: ""}}},
	})
	if err != nil {
		return mapErr(err, "mark message %s for retry", id)
	}
	if res.MatchedCount == 1 {
		return nil
	}
	return r.leaseLost(ctx, id)
}

// leaseLost explains why a write by the holder of a message matched
// nothing: the message is missing, or someone else holds it now (or it is
// no longer sending).
func (r outbox) leaseLost(ctx context.Context, id models.ID) error {
	if _, err := findOne[outboxDoc](ctx, r.s.coll(collOutbox), bson.D{{Key: "_id", Value: id}}, "message", id); err != nil {
		return err
	}
	return fmt.Errorf("message %s: not held by this owner (lease lost): %w", id, models.ErrConflict)
}

func (r outbox) Resend(ctx context.Context, committee, id models.ID, now time.Time) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	filter := byID(committee, id)
	res, err := r.s.coll(collOutbox).UpdateOne(ctx, append(filter, bson.E{Key: "state", Value: models.MessageFailed}), bson.D{
		{Key: "$set", Value: bson.D{{Key: "state", Value: models.MessagePending}, {Key: "attempts", Value: 0}, {Key: "nextAt", Value: ms(now)}}},
		{Key: "$unset", Value: bson.D{{Key: "owner", Value: ""}, {Key: "leaseUntil", Value: ""}}},
	})
	if err != nil {
		return mapErr(err, "resend message %s", id)
	}
	if res.MatchedCount == 1 {
		return nil
	}
	if _, err := findOne[outboxDoc](ctx, r.s.coll(collOutbox), byID(committee, id), "message", id); err != nil {
		return err
	}
	return fmt.Errorf("message %s: only a failed message can be resent: %w", id, models.ErrConflict)
}

func (r outbox) Get(ctx context.Context, committee, id models.ID) (models.Message, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[outboxDoc](ctx, r.s.coll(collOutbox), byID(committee, id), "message", id)
	return d.model(), err
}

// defaultMessageLimit is List's page when the caller gives none.
const defaultMessageLimit = 100

// List of one committee walks the committee_created index; across
// committees (an instance admin's view) the server sorts the collection,
// which stays small.
func (r outbox) List(ctx context.Context, f store.MessageFilter) ([]models.Message, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	limit := f.Limit
	if limit <= 0 {
		limit = defaultMessageLimit
	}
	filter := bson.D{}
	if f.Committee != "" {
		filter = byCommittee(f.Committee)
	}
	if f.State != "" {
		filter = append(filter, bson.E{Key: "state", Value: f.State})
	}
	if b := f.Before; b != nil {
		at := b.CreatedAt.UTC().Truncate(time.Millisecond) // as stored: BSON dates are milliseconds
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "createdAt", Value: bson.D{{Key: "$lt", Value: at}}}},
			bson.D{{Key: "createdAt", Value: at}, {Key: "_id", Value: bson.D{{Key: "$lt", Value: string(b.ID)}}}},
		}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "createdAt", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(limit))
	docs, err := findAll[outboxDoc](ctx, r.s.coll(collOutbox), filter, opts, "messages")
	return convertAll(docs, outboxDoc.model), err
}

type leases struct{ s *Store }

// Acquire is one upsert: it updates the lease when owner holds it or it
// has expired, and otherwise inserts it, which fails on the _id taken by
// the current holder: that duplicate key is the conflict.
func (r leases) Acquire(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (models.Lease, error) {
	if name == "" || owner == "" || ttl <= 0 {
		return models.Lease{}, fmt.Errorf("lease %q: name, owner and a positive ttl are required: %w", name, models.ErrInvalid)
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	filter := bson.D{{Key: "_id", Value: name}, {Key: "$or", Value: bson.A{
		bson.D{{Key: "owner", Value: owner}},
		bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: ms(now)}}}},
	}}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "owner", Value: owner}, {Key: "expiresAt", Value: ms(now.Add(ttl))}}}}
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	var d leaseDoc
	err := r.s.coll(collLeases).FindOneAndUpdate(ctx, filter, update, opts).Decode(&d)
	switch {
	case isDuplicate(err):
		return models.Lease{}, fmt.Errorf("lease %q: held by another owner: %w", name, models.ErrConflict)
	case err != nil:
		return models.Lease{}, mapErr(err, "lease %q", name)
	case d.Owner != owner:
		return models.Lease{}, fmt.Errorf("lease %q: held by another owner: %w", name, models.ErrConflict)
	}
	return models.Lease{Name: d.Name, Owner: d.Owner, ExpiresAt: d.ExpiresAt.UTC()}, nil
}

func (r leases) Release(ctx context.Context, name, owner string) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	_, err := r.s.coll(collLeases).DeleteOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: owner}})
	return mapErr(err, "release lease %q", name)
}

type ledger struct{ s *Store }

func (r ledger) Record(ctx context.Context, e models.LedgerEntry) error {
	if e.Job == "" || e.Key == "" {
		return fmt.Errorf("ledger %s %q of committee %s: job and key are required: %w", e.Job, e.Key, e.CommitteeID, models.ErrInvalid)
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	_, err := r.s.coll(collLedger).InsertOne(ctx, ledgerDoc{CommitteeID: e.CommitteeID, Job: e.Job, Key: e.Key,
		DoneAt: ms(e.DoneAt), Detail: e.Detail})
	return mapErr(err, "ledger %s %q of committee %s", e.Job, e.Key, e.CommitteeID)
}

func (r ledger) Get(ctx context.Context, committee models.ID, job, key string) (models.LedgerEntry, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	filter := byCommittee(committee, bson.E{Key: "job", Value: job}, bson.E{Key: "key", Value: key})
	d, err := findOne[ledgerDoc](ctx, r.s.coll(collLedger), filter, "ledger entry", key)
	if err != nil {
		return models.LedgerEntry{}, err
	}
	return models.LedgerEntry{CommitteeID: d.CommitteeID, Job: d.Job, Key: d.Key, DoneAt: d.DoneAt.UTC(), Detail: d.Detail}, nil
}

func (r ledger) Has(ctx context.Context, committee models.ID, job, key string) (bool, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	filter := byCommittee(committee, bson.E{Key: "job", Value: job}, bson.E{Key: "key", Value: key})
	_, err := findOne[ledgerDoc](ctx, r.s.coll(collLedger), filter, "ledger entry", key)
	if errors.Is(err, models.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
