package mongo

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
)

// notices are partitioned by committee, but for the mail queue and
// retention, which span committees (see the package comment). Every write
// is one command: an unordered insert, or an update or delete of many.
type notices struct{ s *Store }

// noticeDoc keeps absent times as null rather than leaving the field out,
// so {mailedAt: null} and the indexes see one value for "none".
type noticeDoc struct {
	ID          models.ID         `bson:"_id"`
	CommitteeID models.ID         `bson:"committeeId"`
	Kind        models.NoticeKind `bson:"kind"`
	TaskID      models.ID         `bson:"taskId"`
	TaskText    string            `bson:"taskText"`
	Note        string            `bson:"note"`
	Deadline    models.Date       `bson:"deadline"`
	ActorID     models.ID         `bson:"actorId"`
	At          time.Time         `bson:"at"`
	UserID      models.ID         `bson:"userId"`
	Address     string            `bson:"address"`
	Lang        string            `bson:"lang"`
	MailDue     *time.Time        `bson:"mailDue"`
	MailNow     bool              `bson:"mailNow"`
	MailedAt    *time.Time        `bson:"mailedAt"`
	ReadAt      *time.Time        `bson:"readAt"`
}

func toNoticeDoc(n models.Notice) noticeDoc {
	return noticeDoc{ID: n.ID, CommitteeID: n.CommitteeID, Kind: n.Kind, TaskID: n.TaskID, TaskText: n.TaskText, Note: n.Note,
		Deadline: n.Deadline, ActorID: n.ActorID, At: ms(n.At), UserID: n.UserID, Address: n.Address, Lang: n.Lang,
		MailDue: msPtr(n.MailDue), MailNow: n.MailNow, MailedAt: msPtr(n.MailedAt), ReadAt: msPtr(n.ReadAt)}
}

func (d noticeDoc) model() models.Notice {
	return models.Notice{ID: d.ID, CommitteeID: d.CommitteeID, Kind: d.Kind, TaskID: d.TaskID, TaskText: d.TaskText, Note: d.Note,
		Deadline: d.Deadline, ActorID: d.ActorID, At: d.At.UTC(), UserID: d.UserID, Address: d.Address, Lang: d.Lang,
		MailDue: utcPtr(d.MailDue), MailNow: d.MailNow, MailedAt: utcPtr(d.MailedAt), ReadAt: utcPtr(d.ReadAt)}
}

// Add inserts unordered, so a notice stored already (its _id taken) fails
// alone and the rest are stored; those duplicates are what a retried
// change brings and count as success.
func (r notices) Add(ctx context.Context, ns []models.Notice) error {
	if len(ns) == 0 {
		return nil
	}
	docs := make([]any, len(ns))
	for i, n := range ns {
		if err := n.Check(); err != nil {
			return err
		}
		docs[i] = toNoticeDoc(n)
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	_, err := r.s.coll(collNotices).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if _, err := onlyDuplicates(err); err != nil {
		return mapErr(err, "add %d notices", len(ns))
	}
	return nil
}

// defaultNoticeLimit is List's page when the caller gives none;
// defaultMailDueLimit is MailDue's.
const (
	defaultNoticeLimit  = 50
	defaultMailDueLimit = 100
)

// byUser selects a person's notices, the unread ones when unread is set.
func byUser(committee, user models.ID, unread bool) bson.D {
	f := byCommittee(committee, bson.E{Key: "userId", Value: user})
	if unread {
		f = append(f, bson.E{Key: "readAt", Value: nil})
	}
	return f
}

// List and the other reads for a person find nothing for an empty user:
// notices to a unit's mailbox have none, and are nobody's list.
func (r notices) List(ctx context.Context, committee, user models.ID, unreadOnly bool, limit int) ([]models.Notice, error) {
	if user == "" {
		return []models.Notice{}, nil
	}
	if limit <= 0 {
		limit = defaultNoticeLimit
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[noticeDoc](ctx, r.s.coll(collNotices), byUser(committee, user, unreadOnly),
		options.Find().SetSort(bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}).SetLimit(int64(limit)), "notices")
	return convertAll(docs, noticeDoc.model), err
}

func (r notices) Unread(ctx context.Context, committee, user models.ID) (int, error) {
	if user == "" {
		return 0, nil
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	n, err := r.s.coll(collNotices).CountDocuments(ctx, byUser(committee, user, true))
	if err != nil {
		return 0, mapErr(err, "count unread notices")
	}
	return int(n), nil
}

// MarkRead leaves a notice read already as it is: its ReadAt is when the
// person first read it.
func (r notices) MarkRead(ctx context.Context, committee, user models.ID, ids []models.ID, all bool, at time.Time) (int, error) {
	if user == "" || (!all && len(ids) == 0) {
		return 0, nil
	}
	filter := byUser(committee, user, true)
	if !all {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}})
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	res, err := r.s.coll(collNotices).UpdateMany(ctx, filter, bson.D{{Key: "$set", Value: bson.D{{Key: "readAt", Value: ms(at)}}}})
	if err != nil {
		return 0, mapErr(err, "mark notices read")
	}
	return int(res.ModifiedCount), nil
}

func (r notices) MarkTaskRead(ctx context.Context, committee, user, task models.ID, at time.Time) (int, error) {
	if user == "" {
		return 0, nil
	}
	filter := append(byUser(committee, user, true), bson.E{Key: "taskId", Value: task})
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	res, err := r.s.coll(collNotices).UpdateMany(ctx, filter, bson.D{{Key: "$set", Value: bson.D{{Key: "readAt", Value: ms(at)}}}})
	if err != nil {
		return 0, mapErr(err, "mark a task's notices read")
	}
	return int(res.ModifiedCount), nil
}

// unmailed selects notices waiting to be mailed.
func unmailed(more ...bson.E) bson.D {
	return append(bson.D{{Key: "mailedAt", Value: nil}}, more...)
}

// MailDue spans committees: it walks the {mailedAt, mailDue} index.
func (r notices) MailDue(ctx context.Context, now time.Time, limit int) ([]models.Notice, error) {
	if limit <= 0 {
		limit = defaultMailDueLimit
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[noticeDoc](ctx, r.s.coll(collNotices),
		unmailed(bson.E{Key: "mailDue", Value: bson.D{{Key: "$lte", Value: ms(now)}}}),
		options.Find().SetSort(bson.D{{Key: "mailDue", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)), "notices")
	return convertAll(docs, noticeDoc.model), err
}

func (r notices) Unmailed(ctx context.Context, committee models.ID, address string) ([]models.Notice, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	filter := append(byCommittee(committee, bson.E{Key: "address", Value: address}),
		unmailed(bson.E{Key: "mailDue", Value: bson.D{{Key: "$ne", Value: nil}}})...)
	docs, err := findAll[noticeDoc](ctx, r.s.coll(collNotices), filter,
		options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}), "notices")
	return convertAll(docs, noticeDoc.model), err
}

// MarkMailed keeps the MailedAt of a notice mailed already.
func (r notices) MarkMailed(ctx context.Context, committee models.ID, ids []models.ID, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	filter := append(byCommittee(committee, bson.E{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}), unmailed()...)
	_, err := r.s.coll(collNotices).UpdateMany(ctx, filter, bson.D{{Key: "$set", Value: bson.D{{Key: "mailedAt", Value: ms(at)}}}})
	return mapErr(err, "mark notices mailed")
}

// DeleteBefore spans committees: it walks the {at} index.
func (r notices) DeleteBefore(ctx context.Context, t time.Time) (int, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	res, err := r.s.coll(collNotices).DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: ms(t)}}}})
	if err != nil {
		return 0, mapErr(err, "delete old notices")
	}
	return int(res.DeletedCount), nil
}
