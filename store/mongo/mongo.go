// Package mongo stores theodoi's data in MongoDB (a replica set or a
// sharded cluster) through the official driver, v2.
//
// # Partitioning
//
// Every record except committees, users, sessions and leases belongs to
// one committee. Every query of the committee-partitioned collections
// (units, areas, periods, tasks, progress, audit, imports, importFiles,
// ledger, attachments) carries an equality on committeeId, and every index
// created on them starts with committeeId, so each can be sharded on
// {committeeId: 1} (or {committeeId: "hashed"}) and every query is routed
// to one shard. The only other index on them is MongoDB's own _id index;
// ids are random (models.NewID), and every lookup by id also names the
// committee.
//
// Seven collections are small and stay unsharded:
//   - committees: a handful of documents, looked up by _id.
//   - users: people log in with their e-mail address alone, so the unique
//     index on email spans committees; a unique index that does not start
//     with the shard key could not be enforced on a sharded collection.
//   - sessions: looked up by the token hash, which is the _id.
//   - outbox: one dispatcher serves every committee, so a claim selects
//     due messages by {state, nextAt} across committees and takes each
//     with findAndModify. On a collection sharded by committeeId that
//     claim would be sent to every shard, and findAndModify without the
//     shard key is refused by older servers and a broadcast on newer
//     ones. The outbox holds a few e-mails per unit and week, each
//     active for minutes (a sent one is only history), so one shard
//     serves it. Its other indexes start with committeeId (the unique
//     {committeeId, key} that makes queuing idempotent, and the listing
//     order), so sharding it later needs only the claim reworked per
//     committee.
//   - leases: a few documents, one per singleton job, keyed by name (_id).
//   - tokens: one-time password-reset tokens, few and short-lived, keyed
//     by their hash (_id) like sessions.
//   - jobRuns: one document per background job (_id = name).
//
// notices are partitioned by committee like the rest, with two exceptions
// that span committees and have indexes of their own: the mailer picks due
// notices of every committee ({mailedAt, mailDue}), and retention deletes
// old ones ({at}). Sharded on committeeId, the collection sends those two
// to every shard, once per mail tick and once a day.
//
// # No transactions
//
// The adapter never uses multi-document transactions. A change is one
// conditional write of the record ({_id, version: expected}), followed by
// inserts of the audit entry and the progress entry, whose pre-generated
// ids are their _id. A duplicate key on those is a retry and counts as
// success. Each record also keeps the id of the audit entry of its last
// change (lastChangeId): a retry of a change that was already saved is
// recognised by it and finishes the inserts instead of reporting a
// conflict. The window that remains: the record is saved and the process
// dies (or the audit insert fails) and nobody retries; the change then has
// no audit entry. A reconciliation job could find such records by
// lastChangeId.
//
// The outbox, leases, the ledger and notices need no second write: each
// operation is one conditional update (a claim, a take-over, a state
// change, marking notices read or mailed) or one insert guarded by a
// unique index (queuing, recording, adding notices by _id).
//
// Two writes touch several records and have wider windows, described where
// they are implemented: Tasks.CreateMany (some tasks saved, a retry adds
// the rest) and Imports.Create (the file saved before its import).
//
// # Attachments
//
// An attachment's record is in the attachments collection, partitioned
// like the rest; its bytes are in GridFS, bucket "attachments"
// (attachments.files and attachments.chunks, written and read by the
// driver's GridFSBucket). Equal bytes of one committee are one GridFS
// file with the id committeeId + ":" + sha256, so a retry or a second
// upload of them stores nothing twice. Attachments.Create stores the
// bytes, then inserts the record, then the audit entry: every record's
// bytes exist. The bytes are checked while they stream (size and
// SHA-256); a failed check aborts the upload, whose chunks the driver
// deletes, before GridFS writes the files document, which it writes last,
// so a file with a files document is whole. Two uploads of the same bytes
// race on the first chunk (GridFS's unique {files_id, n} index); the
// loser checks its bytes and uses the winner's file, or answers
// ErrConflict while that is still being written. Windows: an upload that
// dies leaves chunks without a files document, which the next upload of
// the same bytes deletes once they are older than any upload can run; a
// Create that stops after the bytes leaves a file no record names, used
// by a later upload of the same bytes and deleted with the committee.
// Removing an attachment keeps its bytes (other records may share them);
// Committees.Purge deletes the committee's files by their id range.
//
// GridFS queries and indexes are by file id, not committeeId: the files
// collection holds one small document per distinct file and stays
// unsharded; attachments.chunks can be sharded on {files_id: 1, n: 1}
// (MongoDB's advice for GridFS), and since every file id starts with the
// committee id, a committee's chunks stay in one range. The GridFS
// indexes are created at start with the driver's names, so the unique one
// is there before the first upload. FerretDB 1.24, the tests' server,
// runs all of it (it enforces the unique chunk index with code 11000), so
// no workaround of GridFS was needed.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/connstring"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// DefaultDatabase is used when neither the URI nor Options name a database.
const DefaultDatabase = "theodoi"

// DefaultOpTimeout bounds one store operation.
const DefaultOpTimeout = 5 * time.Second

// Options tune the adapter; the zero value is usable.
type Options struct {
	// Database overrides the database named in the URI path.
	Database string
	// OpTimeout bounds each store operation (default DefaultOpTimeout).
	OpTimeout time.Duration
	// AppName is reported to the server (visible in its logs and currentOp).
	AppName string
}

// Collection names.
const (
	collCommittees = "committees"
	collUnits      = "units"
	collUsers      = "users"
	collSessions   = "sessions"
	collAreas      = "areas"
	collPeriods    = "periods"
	collTasks      = "tasks"
	collProgress   = "progress"
	collAudit      = "audit"
	collImports    = "imports"
	// collImportFiles holds the original files apart, so reading or listing
	// imports never moves them.
	collImportFiles = "importFiles"
	collOutbox      = "outbox"
	collLeases      = "leases"
	collLedger      = "ledger"
	collMailPrefs   = "mailPrefs"
	collTokens      = "tokens"
	collJobRuns     = "jobRuns"
	collNotices     = "notices"
	// collAttachments holds the records; the bytes are in the GridFS
	// bucket bucketAttachments.
	collAttachments = "attachments"
)

// Store is a store.Store on one MongoDB database.
type Store struct {
	client    *mongo.Client
	db        *mongo.Database
	opTimeout time.Duration
}

var _ store.Store = (*Store)(nil)

// Open connects to uri, checks that the server answers and creates the
// indexes (an existing identical index is left alone). ctx bounds the
// whole start-up.
func Open(ctx context.Context, uri string, opts Options) (*Store, error) {
	cs, err := connstring.Parse(uri)
	if err != nil {
		return nil, fmt.Errorf("mongo: parse uri: %w", err)
	}
	dbName := opts.Database
	if dbName == "" {
		dbName = cs.Database
	}
	if dbName == "" {
		dbName = DefaultDatabase
	}
	if opts.OpTimeout <= 0 {
		opts.OpTimeout = DefaultOpTimeout
	}
	co := options.Client().ApplyURI(uri)
	if opts.AppName != "" {
		co.SetAppName(opts.AppName)
	}
	client, err := mongo.Connect(co)
	if err != nil {
		return nil, fmt.Errorf("mongo: connect: %w", err)
	}
	s := &Store{client: client, db: client.Database(dbName), opTimeout: opts.OpTimeout}
	if err := s.Ping(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	if err := s.createIndexes(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) coll(name string) *mongo.Collection { return s.db.Collection(name) }

func (s *Store) Committees() store.Committees { return committees{s} }
func (s *Store) Units() store.Units           { return units{s} }
func (s *Store) Users() store.Users           { return users{s} }
func (s *Store) Sessions() store.Sessions     { return sessions{s} }
func (s *Store) Areas() store.Areas           { return areas{s} }
func (s *Store) Periods() store.Periods       { return periods{s} }
func (s *Store) Tasks() store.Tasks           { return tasks{s} }
func (s *Store) Audit() store.AuditLog        { return auditLog{s} }
func (s *Store) Imports() store.Imports       { return imports{s} }
func (s *Store) Outbox() store.Outbox         { return outbox{s} }
func (s *Store) Leases() store.Leases         { return leases{s} }
func (s *Store) Ledger() store.Ledger         { return ledger{s} }
func (s *Store) MailPrefs() store.MailPrefs   { return mailPrefs{s} }
func (s *Store) Tokens() store.Tokens         { return tokens{s} }
func (s *Store) JobRuns() store.JobRuns       { return jobRuns{s} }
func (s *Store) Notices() store.Notices       { return notices{s} }
func (s *Store) Attachments() store.Attachments {
	return attachments{s}
}

// Ping checks that a server answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := s.op(ctx)
	defer cancel()
	if err := s.client.Ping(ctx, nil); err != nil {
		return fmt.Errorf("mongo: ping: %w", unavailable(err))
	}
	return nil
}

// Close disconnects, waiting at most one operation timeout for calls in flight.
func (s *Store) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), s.opTimeout)
	defer cancel()
	return s.client.Disconnect(ctx)
}

// op bounds one store operation.
func (s *Store) op(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.opTimeout)
}

type index struct {
	name   string
	keys   bson.D
	unique bool
}

// indexes per collection. On committee-partitioned collections every key
// starts with committeeId (see the package comment).
var indexes = map[string][]index{
	collUnits: {
		{name: "committee_kind_name", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "kindOrder", Value: 1}, {Key: "name", Value: 1}, {Key: "_id", Value: 1}}},
	},
	collUsers: {
		{name: "email_unique", keys: bson.D{{Key: "email", Value: 1}}, unique: true},
		{name: "committee_name", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "name", Value: 1}, {Key: "_id", Value: 1}}},
	},
	collSessions: {
		{name: "user", keys: bson.D{{Key: "userId", Value: 1}}},
		{name: "expires", keys: bson.D{{Key: "expiresAt", Value: 1}}},
		{name: "last_seen", keys: bson.D{{Key: "lastSeenAt", Value: 1}}},
	},
	collAreas: {
		{name: "committee_position", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "position", Value: 1}, {Key: "name", Value: 1}, {Key: "_id", Value: 1}}},
	},
	collPeriods: {
		{name: "committee_month_unique", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "month", Value: 1}}, unique: true},
	},
	collTasks: {
		// The list order, within a period (the usual view) and across periods.
		{name: "committee_period_order", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "period", Value: 1}, {Key: "areaPosition", Value: 1}, {Key: "deadlineOrder", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "committee_order", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "areaPosition", Value: 1}, {Key: "deadlineOrder", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "committee_area", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "areaId", Value: 1}, {Key: "period", Value: 1}}},
		{name: "committee_lead", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "leadUnitId", Value: 1}, {Key: "period", Value: 1}}},
		{name: "committee_coordinating", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "coordinatingUnitIds", Value: 1}, {Key: "period", Value: 1}}},
		// Timeliness across periods (overdue, due soon): state, then deadline.
		{name: "committee_state_deadline", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "state", Value: 1}, {Key: "deadline", Value: 1}}},
	},
	collProgress: {
		{name: "committee_task_at", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "taskId", Value: 1}, {Key: "at", Value: 1}, {Key: "_id", Value: 1}}},
	},
	collAudit: {
		{name: "committee_at", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "at", Value: -1}, {Key: "_id", Value: -1}}},
		// One record's history; ids are unique across entities, so entity is not needed in the key.
		{name: "committee_entity_at", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "entityId", Value: 1}, {Key: "at", Value: -1}, {Key: "_id", Value: -1}}},
	},
	collImports: {
		// FindSame looks up by hash and by number; List is newest first.
		{name: "committee_hash", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "contentHash", Value: 1}}},
		{name: "committee_number", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "docNumber", Value: 1}}},
		{name: "committee_created", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "createdAt", Value: -1}, {Key: "_id", Value: -1}}},
	},
	collImportFiles: {
		{name: "committee_id", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "_id", Value: 1}}},
	},
	collLedger: {
		{name: "committee_job_key_unique", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "job", Value: 1}, {Key: "key", Value: 1}}, unique: true},
	},
	collMailPrefs: {
		{name: "committee_address_unique", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "address", Value: 1}}, unique: true},
		{name: "committee_token_unique", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "token", Value: 1}}, unique: true},
	},
	collNotices: {
		// A person's list, newest first, and their unread ones (listed and counted).
		{name: "committee_user_at", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "userId", Value: 1}, {Key: "at", Value: -1}, {Key: "_id", Value: -1}}},
		{name: "committee_user_read", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "userId", Value: 1}, {Key: "readAt", Value: 1}, {Key: "at", Value: -1}, {Key: "_id", Value: -1}}},
		// One address's notices still to mail, in the order they are mailed.
		{name: "committee_address_unmailed", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "address", Value: 1}, {Key: "mailedAt", Value: 1}, {Key: "at", Value: 1}, {Key: "_id", Value: 1}}},
		// Across committees (see the package comment): the mail queue and retention.
		{name: "mailed_due", keys: bson.D{{Key: "mailedAt", Value: 1}, {Key: "mailDue", Value: 1}, {Key: "_id", Value: 1}}},
		{name: "at", keys: bson.D{{Key: "at", Value: 1}}},
	},
	collTokens: {
		{name: "user_purpose", keys: bson.D{{Key: "userId", Value: 1}, {Key: "purpose", Value: 1}}},
		{name: "expires", keys: bson.D{{Key: "expiresAt", Value: 1}}},
	},
	collAttachments: {
		{name: "committee_task_created", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "taskId", Value: 1}, {Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}},
	},
	// GridFS's own indexes (see the package comment), created here with the
	// driver's names before any upload, so a duplicate chunk is refused
	// from the first one on.
	bucketAttachments + ".files": {
		{name: "filename_1_uploadDate_1", keys: bson.D{{Key: "filename", Value: 1}, {Key: "uploadDate", Value: 1}}},
	},
	bucketAttachments + ".chunks": {
		{name: "files_id_1_n_1", keys: bson.D{{Key: "files_id", Value: 1}, {Key: "n", Value: 1}}, unique: true},
	},
	// Not partitioned (see the package comment): the claim index spans committees.
	collOutbox: {
		{name: "committee_key_unique", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "key", Value: 1}}, unique: true},
		{name: "state_next", keys: bson.D{{Key: "state", Value: 1}, {Key: "nextAt", Value: 1}}},
		{name: "committee_created", keys: bson.D{{Key: "committeeId", Value: 1}, {Key: "createdAt", Value: -1}, {Key: "_id", Value: -1}}},
	},
}

// createIndexes is idempotent: createIndexes with an identical
// specification is a no-op on the server. Indexes are created one per
// command: FerretDB 1.24 panics when one createIndexes command names more
// than one index that already exists, and on MongoDB the cost is a few
// round trips at start-up.
func (s *Store) createIndexes(ctx context.Context) error {
	for coll, list := range indexes {
		for _, ix := range list {
			o := options.Index().SetName(ix.name)
			if ix.unique {
				o.SetUnique(true)
			}
			if _, err := s.coll(coll).Indexes().CreateOne(ctx, mongo.IndexModel{Keys: ix.keys, Options: o}); err != nil {
				return fmt.Errorf("mongo: create index %s on %s: %w", ix.name, coll, err)
			}
		}
	}
	return nil
}

// mapErr wraps a driver error once: duplicate keys become
// models.ErrDuplicate, an unreachable or full database
// models.ErrUnavailable.
func mapErr(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	msg := fmt.Sprintf(format, args...)
	if isDuplicate(err) {
		return fmt.Errorf("%s: %w (%v)", msg, models.ErrDuplicate, err)
	}
	return fmt.Errorf("%s: %w", msg, unavailable(err))
}

// isDuplicate reports a unique-key violation. FerretDB 1.x (SQLite
// backend) reports one caused by an update, rather than an insert, as an
// InternalError carrying SQLite's message instead of code 11000; that
// message is recognised too. MongoDB never sends it, so this changes
// nothing there.
func isDuplicate(err error) bool {
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorMessage("UNIQUE constraint failed")
}

// findOne decodes the document matching filter, or returns ErrNotFound.
func findOne[D any](ctx context.Context, c *mongo.Collection, filter bson.D, what string, id any) (D, error) {
	var d D
	err := c.FindOne(ctx, filter).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return d, fmt.Errorf("%s %v: %w", what, id, models.ErrNotFound)
	}
	return d, mapErr(err, "%s %v", what, id)
}

// findAll runs a query and decodes every document.
func findAll[D any](ctx context.Context, c *mongo.Collection, filter bson.D, opts *options.FindOptionsBuilder, what string) ([]D, error) {
	cur, err := c.Find(ctx, filter, opts)
	if err != nil {
		return nil, mapErr(err, "list %s", what)
	}
	var out []D
	if err := cur.All(ctx, &out); err != nil {
		return nil, mapErr(err, "list %s", what)
	}
	return out, nil
}

func convertAll[D, M any](docs []D, conv func(D) M) []M {
	out := make([]M, 0, len(docs))
	for _, d := range docs {
		out = append(out, conv(d))
	}
	return out
}

// changeMark is what a retry needs to know about a stored record.
type changeMark struct {
	Version      int64     `bson:"version"`
	LastChangeID models.ID `bson:"lastChangeId"`
}

// create inserts a record and then its audit entry. A duplicate key on the
// record is ErrDuplicate, unless the stored record is this very change
// (same _id, same lastChangeId): then the earlier attempt saved the record
// and this retry finishes the audit entry.
func (s *Store) create(ctx context.Context, coll string, doc any, key bson.D, audit models.AuditEntry, what string, id models.ID) error {
	_, err := s.coll(coll).InsertOne(ctx, doc)
	if isDuplicate(err) && audit.ID != "" {
		if m, ferr := findOne[changeMark](ctx, s.coll(coll), key, what, id); ferr == nil && m.LastChangeID == audit.ID {
			err = nil
		}
	}
	if err != nil {
		return mapErr(err, "create %s %s", what, id)
	}
	return s.appendAudit(ctx, audit)
}

// replace saves doc if the stored version is expected, then appends the
// audit entry. key selects the record ({committeeId, _id}).
func (s *Store) replace(ctx context.Context, coll string, key bson.D, expected, next int64, doc any, audit models.AuditEntry, what string, id models.ID) error {
	if err := s.replaceVersioned(ctx, coll, key, expected, next, doc, audit.ID, what, id); err != nil {
		return err
	}
	return s.appendAudit(ctx, audit)
}

// replaceVersioned is the conditional write: ReplaceOne with the expected
// version in the filter; next is the version being stored (the caller's
// job to make it expected+1). When nothing matched, the record is looked up to
// tell ErrNotFound from ErrConflict, and to recognise a retry of a change
// that was already saved (same lastChangeId and version).
func (s *Store) replaceVersioned(ctx context.Context, coll string, key bson.D, expected, next int64, doc any, changeID models.ID, what string, id models.ID) error {
	filter := append(append(bson.D{}, key...), bson.E{Key: "version", Value: expected})
	res, err := s.coll(coll).ReplaceOne(ctx, filter, doc)
	if err != nil {
		return mapErr(err, "update %s %s", what, id)
	}
	if res.MatchedCount == 1 {
		return nil
	}
	m, err := findOne[changeMark](ctx, s.coll(coll), key, what, id)
	if err != nil {
		return err
	}
	if changeID != "" && m.LastChangeID == changeID && m.Version == next {
		return nil // an earlier attempt of this change was saved
	}
	return fmt.Errorf("update %s %s: stored version %d, expected %d: %w", what, id, m.Version, expected, models.ErrConflict)
}

// appendAudit inserts the entry; a duplicate _id is a retry and succeeds.
// An entry without an id gets one here, so it can never collide with another.
func (s *Store) appendAudit(ctx context.Context, e models.AuditEntry) error {
	if e.ID == "" {
		e.ID = models.NewID(time.Now())
	}
	return insertIdempotent(ctx, s.coll(collAudit), toAuditDoc(e), "audit entry", e.ID)
}

func insertIdempotent(ctx context.Context, c *mongo.Collection, doc any, what string, id models.ID) error {
	_, err := c.InsertOne(ctx, doc)
	if isDuplicate(err) {
		return nil
	}
	return mapErr(err, "insert %s %s", what, id)
}

func byCommittee(committee models.ID, more ...bson.E) bson.D {
	return append(bson.D{{Key: "committeeId", Value: committee}}, more...)
}

func byID(committee, id models.ID) bson.D {
	return bson.D{{Key: "committeeId", Value: committee}, {Key: "_id", Value: id}}
}

// ms is how precisely BSON dates store time.
func ms(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

func msPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := ms(*t)
	return &v
}
