package mongo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
)

// mailPrefs are partitioned by committee like the rest of a committee's
// data. An unsubscribe token starts with its committee id (see
// store.MailPrefs), so GetByToken is routed to one shard too.
type mailPrefs struct{ s *Store }

type prefsDoc struct {
	CommitteeID models.ID                               `bson:"committeeId"`
	Address     string                                  `bson:"address"`
	Digest      models.DigestFrequency                  `bson:"digest"`
	Reminders   bool                                    `bson:"reminders"`
	Notify      map[models.NoticeKind]models.NotifyMode `bson:"notify"`
	Token       string                                  `bson:"token"`
	Version     int64                                   `bson:"version"`
	UpdatedAt   time.Time                               `bson:"updatedAt"`
}

// model reads no choices (records made before they were kept have no
// notify field) as an empty map, never nil.
func (d prefsDoc) model() models.MailPrefs {
	notify := d.Notify
	if notify == nil {
		notify = map[models.NoticeKind]models.NotifyMode{}
	}
	return models.MailPrefs{CommitteeID: d.CommitteeID, Address: d.Address, Digest: d.Digest, Reminders: d.Reminders,
		Notify: notify, Token: d.Token, Version: d.Version, UpdatedAt: d.UpdatedAt.UTC()}
}

// notifyValue stores no choices as an empty document rather than null.
func notifyValue(m map[models.NoticeKind]models.NotifyMode) map[models.NoticeKind]models.NotifyMode {
	if m == nil {
		return map[models.NoticeKind]models.NotifyMode{}
	}
	return m
}

func prefsKey(committee models.ID, address string) bson.D {
	return bson.D{{Key: "committeeId", Value: committee}, {Key: "address", Value: address}}
}

// Ensure inserts only when absent ($setOnInsert on an upsert); a racing
// upsert that loses on the unique index finds the winner's record.
func (r mailPrefs) Ensure(ctx context.Context, p models.MailPrefs) (models.MailPrefs, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	set := bson.D{
		{Key: "digest", Value: p.Digest}, {Key: "reminders", Value: p.Reminders}, {Key: "notify", Value: notifyValue(p.Notify)},
		{Key: "token", Value: p.Token}, {Key: "version", Value: p.Version}, {Key: "updatedAt", Value: ms(p.UpdatedAt)},
	}
	var d prefsDoc
	err := r.s.coll(collMailPrefs).FindOneAndUpdate(ctx, prefsKey(p.CommitteeID, p.Address),
		bson.D{{Key: "$setOnInsert", Value: set}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&d)
	if isDuplicate(err) {
		d, err = findOne[prefsDoc](ctx, r.s.coll(collMailPrefs), prefsKey(p.CommitteeID, p.Address), "mail preferences", p.Address)
		return d.model(), err
	}
	if err != nil {
		return models.MailPrefs{}, mapErr(err, "mail preferences %s", p.Address)
	}
	return d.model(), nil
}

func (r mailPrefs) Get(ctx context.Context, committee models.ID, address string) (models.MailPrefs, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[prefsDoc](ctx, r.s.coll(collMailPrefs), prefsKey(committee, address), "mail preferences", address)
	return d.model(), err
}

func (r mailPrefs) GetByToken(ctx context.Context, token string) (models.MailPrefs, error) {
	committee, _, ok := strings.Cut(token, ".")
	if !ok || committee == "" {
		return models.MailPrefs{}, fmt.Errorf("mail preferences: %w", models.ErrNotFound)
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[prefsDoc](ctx, r.s.coll(collMailPrefs),
		bson.D{{Key: "committeeId", Value: models.ID(committee)}, {Key: "token", Value: token}}, "mail preferences", "")
	return d.model(), err
}

func (r mailPrefs) Update(ctx context.Context, p models.MailPrefs, expected int64) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	filter := append(prefsKey(p.CommitteeID, p.Address), bson.E{Key: "version", Value: expected})
	res, err := r.s.coll(collMailPrefs).UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: bson.D{
		{Key: "digest", Value: p.Digest}, {Key: "reminders", Value: p.Reminders}, {Key: "notify", Value: notifyValue(p.Notify)},
		{Key: "version", Value: p.Version}, {Key: "updatedAt", Value: ms(p.UpdatedAt)},
	}}})
	if err != nil {
		return mapErr(err, "mail preferences %s", p.Address)
	}
	if res.MatchedCount == 1 {
		return nil
	}
	if _, err := r.Get(ctx, p.CommitteeID, p.Address); err != nil {
		return err
	}
	return fmt.Errorf("mail preferences %s: %w", p.Address, models.ErrConflict)
}

// tokens are few and short-lived, keyed by hash (_id), unsharded like
// sessions.
type tokens struct{ s *Store }

type tokenDoc struct {
	Hash        string    `bson:"_id"`
	Purpose     string    `bson:"purpose"`
	CommitteeID models.ID `bson:"committeeId"`
	UserID      models.ID `bson:"userId"`
	CreatedAt   time.Time `bson:"createdAt"`
	ExpiresAt   time.Time `bson:"expiresAt"`
}

func (r tokens) Create(ctx context.Context, t models.OneTimeToken) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	_, err := r.s.coll(collTokens).InsertOne(ctx, tokenDoc{Hash: t.Hash, Purpose: t.Purpose, CommitteeID: t.CommitteeID,
		UserID: t.UserID, CreatedAt: ms(t.CreatedAt), ExpiresAt: ms(t.ExpiresAt)})
	return mapErr(err, "create token")
}

// Take is one findAndModify (remove), so of two takers only one gets it.
func (r tokens) Get(ctx context.Context, hash, purpose string, now time.Time) (models.OneTimeToken, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[tokenDoc](ctx, r.s.coll(collTokens), bson.D{
		{Key: "_id", Value: hash}, {Key: "purpose", Value: purpose},
		{Key: "expiresAt", Value: bson.D{{Key: "$gt", Value: ms(now)}}},
	}, "token", "")
	if err != nil {
		return models.OneTimeToken{}, err
	}
	return models.OneTimeToken{Hash: d.Hash, Purpose: d.Purpose, CommitteeID: d.CommitteeID, UserID: d.UserID,
		CreatedAt: d.CreatedAt.UTC(), ExpiresAt: d.ExpiresAt.UTC()}, nil
}

func (r tokens) Take(ctx context.Context, hash, purpose string, now time.Time) (models.OneTimeToken, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	var d tokenDoc
	err := r.s.coll(collTokens).FindOneAndDelete(ctx, bson.D{
		{Key: "_id", Value: hash}, {Key: "purpose", Value: purpose},
		{Key: "expiresAt", Value: bson.D{{Key: "$gt", Value: ms(now)}}},
	}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return models.OneTimeToken{}, fmt.Errorf("token: %w", models.ErrNotFound)
	}
	if err != nil {
		return models.OneTimeToken{}, mapErr(err, "take token")
	}
	return models.OneTimeToken{Hash: d.Hash, Purpose: d.Purpose, CommitteeID: d.CommitteeID, UserID: d.UserID,
		CreatedAt: d.CreatedAt.UTC(), ExpiresAt: d.ExpiresAt.UTC()}, nil
}

func (r tokens) DeleteForUser(ctx context.Context, user models.ID, purpose string) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	_, err := r.s.coll(collTokens).DeleteMany(ctx, bson.D{{Key: "userId", Value: user}, {Key: "purpose", Value: purpose}})
	return mapErr(err, "delete tokens of user %s", user)
}

func (r tokens) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	res, err := r.s.coll(collTokens).DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lte", Value: ms(now)}}}})
	if err != nil {
		return 0, mapErr(err, "delete expired tokens")
	}
	return int(res.DeletedCount), nil
}
