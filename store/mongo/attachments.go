package mongo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// Attachments keep their records in the attachments collection and their
// bytes in the GridFS bucket "attachments" (see the package comment).

const (
	// bucketAttachments names the GridFS bucket: its collections are
	// attachments.files and attachments.chunks.
	bucketAttachments = "attachments"
	// transferTimeout bounds storing one attachment's bytes, far longer
	// than any other operation may take.
	transferTimeout = 10 * time.Minute
	// staleUpload: chunks without a files document whose first chunk is
	// older than this were left by an upload that died, since none runs
	// longer than transferTimeout.
	staleUpload = 2 * transferTimeout
)

type attachmentDoc struct {
	ID           models.ID  `bson:"_id"`
	CommitteeID  models.ID  `bson:"committeeId"`
	TaskID       models.ID  `bson:"taskId"`
	ProgressID   models.ID  `bson:"progressId,omitempty"`
	Name         string     `bson:"name"`
	Type         string     `bson:"type"`
	Size         int64      `bson:"size"`
	SHA256       string     `bson:"sha256"`
	UnitID       models.ID  `bson:"unitId,omitempty"`
	CreatedBy    models.ID  `bson:"createdBy"`
	CreatedAt    time.Time  `bson:"createdAt"`
	RemovedAt    *time.Time `bson:"removedAt,omitempty"`
	RemovedBy    models.ID  `bson:"removedBy,omitempty"`
	LastChangeID models.ID  `bson:"lastChangeId,omitempty"`
}

func toAttachmentDoc(a models.Attachment, change models.ID) attachmentDoc {
	return attachmentDoc{ID: a.ID, CommitteeID: a.CommitteeID, TaskID: a.TaskID, ProgressID: a.ProgressID, Name: a.Name,
		Type: a.Type, Size: a.Size, SHA256: a.SHA256, UnitID: a.UnitID, CreatedBy: a.CreatedBy, CreatedAt: ms(a.CreatedAt),
		RemovedAt: msPtr(a.RemovedAt), RemovedBy: a.RemovedBy, LastChangeID: change}
}

func (d attachmentDoc) model() models.Attachment {
	a := models.Attachment{ID: d.ID, CommitteeID: d.CommitteeID, TaskID: d.TaskID, ProgressID: d.ProgressID, Name: d.Name,
		Type: d.Type, Size: d.Size, SHA256: d.SHA256, UnitID: d.UnitID, CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC(),
		RemovedBy: d.RemovedBy}
	if d.RemovedAt != nil {
		t := d.RemovedAt.UTC()
		a.RemovedAt = &t
	}
	return a
}

// fileID is the GridFS id of a committee's bytes: equal bytes of one
// committee are one file, and a committee's files sort together.
func fileID(committee models.ID, sha string) string { return string(committee) + ":" + sha }

// bucket is made per call: a GridFSBucket is not safe for concurrent use.
func (s *Store) bucket() *mongo.GridFSBucket {
	return s.db.GridFSBucket(options.GridFSBucket().SetName(bucketAttachments))
}

type attachments struct{ s *Store }

// Create checks for a stored record first, so a retry returns before
// reading r and a taken id is refused before any byte is stored; then it
// stores the bytes (putBytes), the record and the audit entry. A record
// whose id is taken since the check is found by its insert.
func (r attachments) Create(ctx context.Context, a models.Attachment, rd io.Reader, audit models.AuditEntry) error {
	if err := a.Check(); err != nil {
		return err
	}
	if done, err := r.retried(ctx, a, audit); done || err != nil {
		return err
	}
	if err := r.s.putBytes(ctx, a, rd); err != nil {
		return fmt.Errorf("attachment %s: %w", a.ID, err)
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	_, err := r.s.coll(collAttachments).InsertOne(ctx, toAttachmentDoc(a, audit.ID))
	if isDuplicate(err) {
		if done, rerr := r.retried(ctx, a, audit); done || rerr != nil {
			return rerr
		}
	}
	if err != nil {
		return mapErr(err, "create attachment %s", a.ID)
	}
	return r.s.appendAudit(ctx, audit)
}

// retried looks for a's id in a's committee: done when the stored record
// is this upload (a retry, which finishes the audit entry when it is the
// same call's), ErrDuplicate when it is another.
func (r attachments) retried(ctx context.Context, a models.Attachment, audit models.AuditEntry) (bool, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[attachmentDoc](ctx, r.s.coll(collAttachments), byID(a.CommitteeID, a.ID), "attachment", a.ID)
	switch {
	case errors.Is(err, models.ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	case !a.SameUpload(d.model()):
		return false, fmt.Errorf("attachment %s: the id is taken: %w", a.ID, models.ErrDuplicate)
	case audit.ID != "" && d.LastChangeID == audit.ID:
		return true, r.s.appendAudit(ctx, audit)
	}
	return true, nil
}

func (r attachments) Get(ctx context.Context, committee, id models.ID) (models.Attachment, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[attachmentDoc](ctx, r.s.coll(collAttachments), byID(committee, id), "attachment", id)
	return d.model(), err
}

func (r attachments) List(ctx context.Context, committee, task models.ID) ([]models.Attachment, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	docs, err := findAll[attachmentDoc](ctx, r.s.coll(collAttachments), byCommittee(committee, bson.E{Key: "taskId", Value: task}),
		options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}), "attachments")
	return convertAll(docs, attachmentDoc.model), err
}

// Open reads the record within the operation timeout; the bytes are then
// read under ctx alone, for as long as the caller needs.
func (r attachments) Open(ctx context.Context, committee, id models.ID) (io.ReadCloser, error) {
	a, err := r.Get(ctx, committee, id)
	if err != nil {
		return nil, err
	}
	if a.RemovedAt != nil {
		return nil, fmt.Errorf("attachment %s was removed: %w", id, models.ErrNotFound)
	}
	ctx, cancel := context.WithCancel(ctx)
	ds, err := r.s.bucket().OpenDownloadStream(ctx, fileID(a.CommitteeID, a.SHA256))
	if err != nil {
		cancel()
		if errors.Is(err, mongo.ErrFileNotFound) {
			return nil, fmt.Errorf("attachment %s: its bytes %s are missing", id, fileID(a.CommitteeID, a.SHA256))
		}
		return nil, mapErr(err, "open attachment %s", id)
	}
	return download{ds, cancel}, nil
}

type download struct {
	*mongo.GridFSDownloadStream
	cancel context.CancelFunc
}

func (d download) Close() error {
	defer d.cancel()
	return d.GridFSDownloadStream.Close()
}

// Remove is one conditional update (not removed yet), then the audit
// entry. When nothing matched the attachment is missing (ErrNotFound) or
// removed already: by this very change (lastChangeId), whose audit entry
// a retry finishes, or by another, which is not an error.
func (r attachments) Remove(ctx context.Context, committee, id, by models.ID, at time.Time, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	filter := append(byID(committee, id), bson.E{Key: "removedAt", Value: bson.D{{Key: "$exists", Value: false}}})
	res, err := r.s.coll(collAttachments).UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: bson.D{
		{Key: "removedAt", Value: ms(at)}, {Key: "removedBy", Value: by}, {Key: "lastChangeId", Value: audit.ID}}}})
	if err != nil {
		return mapErr(err, "remove attachment %s", id)
	}
	if res.MatchedCount == 0 {
		m, err := findOne[changeMark](ctx, r.s.coll(collAttachments), byID(committee, id), "attachment", id)
		if err != nil || audit.ID == "" || m.LastChangeID != audit.ID {
			return err
		}
	}
	return r.s.appendAudit(ctx, audit)
}

var _ store.Attachments = attachments{}
