// Package store defines the repositories the services use. Adapters
// (sqlite, mongo) implement them and pass the contract suite in storetest.
//
// Every method that reads or writes a committee's data takes the committee
// id and never returns another committee's records. Adapters map their
// driver errors to models.ErrNotFound, models.ErrConflict (stale version)
// and models.ErrDuplicate (unique key). A write that changes a record also
// takes the audit entry describing it, so the adapter stores both together.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"time"

	"github.com/theodoi/theodoi/models"
)

// Store is one storage backend.
type Store interface {
	Committees() Committees
	Units() Units
	Users() Users
	Sessions() Sessions
	Areas() Areas
	Periods() Periods
	Tasks() Tasks
	Audit() AuditLog
	Imports() Imports
	Outbox() Outbox
	Leases() Leases
	Ledger() Ledger
	MailPrefs() MailPrefs
	Tokens() Tokens
	JobRuns() JobRuns
	Notices() Notices
	Attachments() Attachments
	// Ping checks that the backend answers (for /readyz).
	Ping(ctx context.Context) error
	Close() error
}

type Committees interface {
	Create(ctx context.Context, c models.Committee, audit models.AuditEntry) error
	Get(ctx context.Context, id models.ID) (models.Committee, error)
	List(ctx context.Context) ([]models.Committee, error)
	// Update saves c if the stored version is expected; c.Version must be expected+1.
	Update(ctx context.Context, c models.Committee, expected int64, audit models.AuditEntry) error
	// Purge deletes the committee and every record that belongs to it
	// (units, users and their sessions and links, areas, months, tasks,
	// imports, attachments with their bytes, mail, leases, ledger, audit).
	// It undoes a setup that failed part-way; deleting what is already
	// gone is not an error.
	Purge(ctx context.Context, id models.ID) error
}

type Units interface {
	Create(ctx context.Context, u models.Unit, audit models.AuditEntry) error
	Get(ctx context.Context, committee, id models.ID) (models.Unit, error)
	// List returns the committee's units ordered by kind, then name.
	List(ctx context.Context, committee models.ID) ([]models.Unit, error)
	Update(ctx context.Context, u models.Unit, expected int64, audit models.AuditEntry) error
}

type Users interface {
	// Create fails with ErrDuplicate when the e-mail is taken (in any committee:
	// people log in with their address alone).
	Create(ctx context.Context, u models.User, audit models.AuditEntry) error
	Get(ctx context.Context, committee, id models.ID) (models.User, error)
	// GetByEmail looks across committees, for login.
	GetByEmail(ctx context.Context, email string) (models.User, error)
	List(ctx context.Context, committee models.ID) ([]models.User, error)
	Update(ctx context.Context, u models.User, expected int64, audit models.AuditEntry) error
}

type Sessions interface {
	Create(ctx context.Context, s models.Session) error
	Get(ctx context.Context, tokenHash string) (models.Session, error)
	// Touch records activity; the caller decides how often.
	Touch(ctx context.Context, tokenHash string, at time.Time) error
	Delete(ctx context.Context, tokenHash string) error
	// DeleteForUser ends every session of a user (password change, disabling).
	DeleteForUser(ctx context.Context, user models.ID) error
	// DeleteExpired removes sessions whose absolute expiry or idle limit passed.
	DeleteExpired(ctx context.Context, now time.Time, idle time.Duration) (int, error)
}

type Areas interface {
	Create(ctx context.Context, a models.Area, audit models.AuditEntry) error
	Get(ctx context.Context, committee, id models.ID) (models.Area, error)
	// List returns the committee's areas by position.
	List(ctx context.Context, committee models.ID) ([]models.Area, error)
	// Update saves the area and, when its position changed, the sort key of its tasks.
	Update(ctx context.Context, a models.Area, expected int64, audit models.AuditEntry) error
}

type Periods interface {
	// Create fails with ErrDuplicate when the committee already has that month.
	Create(ctx context.Context, p models.Period, audit models.AuditEntry) error
	Get(ctx context.Context, committee models.ID, month models.Month) (models.Period, error)
	// List returns the committee's periods, newest month first.
	List(ctx context.Context, committee models.ID) ([]models.Period, error)
	Update(ctx context.Context, p models.Period, expected int64, audit models.AuditEntry) error
}

// Outbox queues e-mail for delivery.
type Outbox interface {
	// Enqueue stores a pending message. A message with the same committee
	// and Key already queued (in any state) makes it a no-op that returns
	// false: the same digest is never queued twice.
	Enqueue(ctx context.Context, m models.Message) (queued bool, err error)
	// Claim atomically takes up to limit messages that are pending with
	// NextAt <= now, or sending with an expired lease, marks them sending
	// with owner and lease, and returns them. Two claimers never get the
	// same message while its lease runs.
	Claim(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]models.Message, error)
	// MarkSent records delivery, if owner still holds the message.
	MarkSent(ctx context.Context, id models.ID, owner string, at time.Time) error
	// MarkRetry puts a message back to pending for nextAt (or to failed when
	// failed is true), recording the error, if owner still holds it.
	MarkRetry(ctx context.Context, id models.ID, owner string, nextAt time.Time, lastErr string, failed bool) error
	// Resend makes a failed message pending again now (an admin's action).
	Resend(ctx context.Context, committee, id models.ID, now time.Time) error
	Get(ctx context.Context, committee, id models.ID) (models.Message, error)
	// List returns messages newest first (by creation time, then id).
	List(ctx context.Context, f MessageFilter) ([]models.Message, error)
}

// MessageFilter selects messages for Outbox.List. Empty fields match everything.
type MessageFilter struct {
	Committee models.ID // "" lists every committee's (an instance admin's view)
	State     models.MessageState
	// Before continues a listing after its last message: only messages
	// older than this one are listed.
	Before *MessageCursor
	Limit  int // <= 0 means 100
}

// MessageCursor is a place in the newest-first order of messages.
type MessageCursor struct {
	CreatedAt time.Time
	ID        models.ID
}

// CursorOf is the place of m, to list the messages after it.
func CursorOf(m models.Message) *MessageCursor {
	return &MessageCursor{CreatedAt: m.CreatedAt, ID: m.ID}
}

// Leases hands singleton work to one replica at a time.
type Leases interface {
	// Acquire takes or renews the named lease for owner until now+ttl; it
	// fails with ErrConflict while another owner holds an unexpired lease.
	Acquire(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (models.Lease, error)
	// Release gives the lease up if owner holds it.
	Release(ctx context.Context, name, owner string) error
}

// Ledger remembers which calendar work is done.
type Ledger interface {
	// Record stores the entry; when (committee, job, key) is recorded
	// already it returns ErrDuplicate and changes nothing.
	Record(ctx context.Context, e models.LedgerEntry) error
	// Has reports whether (committee, job, key) is recorded.
	Has(ctx context.Context, committee models.ID, job, key string) (bool, error)
	// Get returns the entry recorded for (committee, job, key), or
	// ErrNotFound; its Detail is how calendar work keeps what it froze
	// (the month's figures at carry-over).
	Get(ctx context.Context, committee models.ID, job, key string) (models.LedgerEntry, error)
}

// Imports keeps resolution imports and their original files.
type Imports interface {
	// Create stores a new import with its original file.
	Create(ctx context.Context, imp models.Import, file []byte, audit models.AuditEntry) error
	Get(ctx context.Context, committee, id models.ID) (models.Import, error)
	// File returns the original file of an import.
	File(ctx context.Context, committee, id models.ID) ([]byte, error)
	// FindSame returns the committee's newest import that is not discarded
	// and has the same content hash, or the same non-empty document number;
	// ErrNotFound when there is none.
	FindSame(ctx context.Context, committee models.ID, contentHash, docNumber string) (models.Import, error)
	// List returns the committee's imports, newest first, without their
	// Document and Items (a listing does not need them).
	List(ctx context.Context, committee models.ID) ([]models.Import, error)
	// Update saves imp if the stored version is expected (imp.Version = expected+1).
	Update(ctx context.Context, imp models.Import, expected int64, audit models.AuditEntry) error
}

// TaskChange is one update of a task: the new task (Version = Expected+1),
// the audit entry, and the progress entry when the change came with one.
type TaskChange struct {
	Task     models.Task
	Expected int64
	Audit    models.AuditEntry
	Progress *models.Progress
}

type Tasks interface {
	Create(ctx context.Context, t models.Task, audit models.AuditEntry) error
	// CreateMany stores several new tasks with their audit entries (same
	// length and order). It is idempotent: a task whose id already exists is
	// left as it is and not an error, so a retry after a failure finishes
	// the job. The embedded store does it in one transaction.
	CreateMany(ctx context.Context, ts []models.Task, audits []models.AuditEntry) error
	Get(ctx context.Context, committee, id models.ID) (models.Task, error)
	// Update applies the change only if the stored version is ch.Expected;
	// otherwise it returns ErrConflict (or ErrNotFound) and stores nothing.
	Update(ctx context.Context, ch TaskChange) error
	// UpdateMany applies several changes (each of another task, each with
	// Task.Version = Expected+1; else ErrInvalid) as Update does, each only
	// if its task's stored version is its Expected, and reports per change
	// whether it is stored: applied now, or by an earlier call with the same
	// change (the task is at the new version with that audit entry), so a
	// retry after a failure finishes the job. A change whose task moved on
	// or is missing is skipped and reported false, not an error. The
	// embedded store does it in one transaction; an adapter without
	// transactions may fail midway with some changes stored.
	UpdateMany(ctx context.Context, chs []TaskChange) (stored []bool, err error)
	// List returns one page of matching tasks and the total number of matches,
	// ordered by area position, then deadline (none last), then id.
	List(ctx context.Context, f TaskFilter) ([]models.Task, int, error)
	// Progress returns a task's history, oldest first.
	Progress(ctx context.Context, committee, task models.ID) ([]models.Progress, error)
}

// UnitRole narrows a unit filter to the lead or the coordinating role.
type UnitRole string

const (
	UnitRoleAny          UnitRole = ""
	UnitRoleLead         UnitRole = "lead"
	UnitRoleCoordinating UnitRole = "coordinating"
)

// TaskFilter selects tasks of one committee. Empty fields match everything.
type TaskFilter struct {
	Committee models.ID
	Period    models.Month
	AreaID    models.ID
	UnitID    models.ID // lead or coordinating, narrowed by UnitRole
	UnitRole  UnitRole
	// VisibleTo, when set, limits the result to tasks this unit leads or
	// coordinates (a unit user's view), on top of UnitID.
	VisibleTo models.ID
	States    []models.WorkState
	// Timeliness is evaluated against Today and DueSoonUntil (both committee-local dates).
	Timeliness   models.Timeliness
	Today        models.Date
	DueSoonUntil models.Date
	// Query matches tasks whose folded text contains the folded query,
	// or any of QueryAlternatives (its other phrasings: models.Synonyms).
	Query             string
	QueryAlternatives []string
	Offset            int
	Limit             int
}

// AuditFilter selects audit entries of one committee, newest first.
type AuditFilter struct {
	Committee models.ID
	Entity    string
	EntityID  models.ID
	Offset    int
	Limit     int
}

type AuditLog interface {
	Append(ctx context.Context, e models.AuditEntry) error
	List(ctx context.Context, f AuditFilter) ([]models.AuditEntry, error)
}

// Timeliness filter semantics, the same in every adapter (open states are
// models.OpenStates):
//
//	qua_han              open, deadline set and before Today
//	sap_den_han          open, Today <= deadline <= DueSoonUntil
//	trong_han            open, deadline after DueSoonUntil
//	khong_thoi_han       open, no deadline
//	hoan_thanh_dung_han  hoan_thanh and not AcceptedLate
//	hoan_thanh_qua_han   hoan_thanh and AcceptedLate
//
// Query and QueryAlternatives are folded with models.Fold by the caller
// and matched as plain substrings of Task.SearchKey (never as patterns); a
// task matches when any of them is in its key. Alternatives without a
// Query are ignored.

// MailPrefs keeps each address's mail choices, per committee.
type MailPrefs interface {
	// Ensure stores p unless the committee already has choices for
	// p.Address, and returns what is stored: replicas that race to create
	// the same address's record end up with one record and one token.
	Ensure(ctx context.Context, p models.MailPrefs) (models.MailPrefs, error)
	Get(ctx context.Context, committee models.ID, address string) (models.MailPrefs, error)
	// GetByToken finds the choices an unsubscribe link points at. Tokens
	// start with the committee id and a dot, so the lookup stays within
	// one committee's partition.
	GetByToken(ctx context.Context, token string) (models.MailPrefs, error)
	// Update saves p if the stored version is expected (p.Version = expected+1).
	Update(ctx context.Context, p models.MailPrefs, expected int64) error
}

// Tokens keeps one-time tokens (password reset links) by hash.
type Tokens interface {
	Create(ctx context.Context, t models.OneTimeToken) error
	// Take deletes the token with this hash and purpose and returns it; a
	// token that is unknown, already taken or expired at now is ErrNotFound.
	// Of two concurrent takers only one gets it.
	Take(ctx context.Context, hash, purpose string, now time.Time) (models.OneTimeToken, error)
	// Get returns the token as Take would, without taking it: a page that
	// shows a form checks its link first.
	Get(ctx context.Context, hash, purpose string, now time.Time) (models.OneTimeToken, error)
	// DeleteForUser drops a user's tokens of a purpose (a newer link, or
	// the password changed another way).
	DeleteForUser(ctx context.Context, user models.ID, purpose string) error
	DeleteExpired(ctx context.Context, now time.Time) (int, error)
}

// JobRuns keeps, per background job, the outcome of the latest runs of all
// replicas.
type JobRuns interface {
	// Record adds a run: it becomes the last run unless a later one is
	// recorded already; a success moves LastOKAt, a failure LastError.
	Record(ctx context.Context, r models.JobRun) error
	// List returns every job's status, by name.
	List(ctx context.Context) ([]models.JobStatus, error)
}

// Notices keeps follow-up events per recipient: a person's in-app list
// and the mail still to send. Notices of one address are mailed together.
type Notices interface {
	// Add stores notices; one whose id is stored already is left as it is
	// (a retried change adds its notices again).
	Add(ctx context.Context, ns []models.Notice) error
	// List returns a person's notices, newest first (by At, then id),
	// only the unread ones when unreadOnly; limit <= 0 means 50.
	List(ctx context.Context, committee, user models.ID, unreadOnly bool, limit int) ([]models.Notice, error)
	// Unread counts a person's unread notices.
	Unread(ctx context.Context, committee, user models.ID) (int, error)
	// MarkRead marks a person's notices read at at: those with the given
	// ids, or all when all is true; ids of others are ignored. It returns
	// how many changed.
	MarkRead(ctx context.Context, committee, user models.ID, ids []models.ID, all bool, at time.Time) (int, error)
	// MarkTaskRead marks a person's unread notices about one task read at
	// at (the person opened the task) and returns how many changed.
	MarkTaskRead(ctx context.Context, committee, user, task models.ID, at time.Time) (int, error)
	// MailDue returns, across committees, notices not yet mailed whose
	// MailDue is at or before now, oldest MailDue first, at most limit.
	MailDue(ctx context.Context, now time.Time, limit int) ([]models.Notice, error)
	// Unmailed returns every notice of one address in a committee that has
	// a MailDue and no MailedAt, oldest first (by At, then id).
	Unmailed(ctx context.Context, committee models.ID, address string) ([]models.Notice, error)
	// MarkMailed sets MailedAt on the committee's notices with these ids.
	MarkMailed(ctx context.Context, committee models.ID, ids []models.ID, at time.Time) error
	// DeleteBefore removes notices whose At is before t (retention).
	DeleteBefore(ctx context.Context, t time.Time) (int, error)
}

// Attachments keeps the evidence files (minh chứng) units attach to tasks:
// a record per upload and the bytes, kept once per committee and content.
type Attachments interface {
	// Create stores a's bytes, read from r (exactly a.Size bytes whose
	// SHA-256 is a.SHA256, else ErrInvalid and nothing stored), and its
	// record with the audit entry. Equal bytes are kept once per committee
	// (content-addressed by SHA-256). Creating the same id again with the
	// same record (models.Attachment.SameUpload) is not an error (a
	// retry); a different record under a taken id is ErrDuplicate. A
	// record that fails models.Attachment.Check is ErrInvalid.
	Create(ctx context.Context, a models.Attachment, r io.Reader, audit models.AuditEntry) error
	Get(ctx context.Context, committee, id models.ID) (models.Attachment, error)
	// List returns a task's attachments, oldest first (by CreatedAt, then
	// id), removed ones included (RemovedAt set).
	List(ctx context.Context, committee, task models.ID) ([]models.Attachment, error)
	// Open returns the bytes of a (not removed) attachment; ErrNotFound
	// for an unknown or removed one. The caller closes it; reading is not
	// bound by the store's operation timeout, only by ctx.
	Open(ctx context.Context, committee, id models.ID) (io.ReadCloser, error)
	// Remove marks an attachment removed (by, at) with its audit entry;
	// the record stays (the audit trail shows what was removed), the bytes
	// are no longer served. Removing a removed one is not an error and
	// adds no audit entry.
	Remove(ctx context.Context, committee, id, by models.ID, at time.Time, audit models.AuditEntry) error
}

// CheckedReader reads r as Attachments.Create must check it: it fails
// with ErrInvalid as soon as more than size bytes come, and at the end,
// in place of io.EOF, when the bytes were fewer than size or do not hash
// to sha256Hex. Adapters stream through it and keep nothing when it fails.
func CheckedReader(r io.Reader, size int64, sha256Hex string) io.Reader {
	return &checkedReader{r: r, left: size, want: sha256Hex, h: sha256.New()}
}

type checkedReader struct {
	r    io.Reader
	left int64 // bytes still expected
	want string
	h    hash.Hash
	err  error // sticky: the first failure, or io.EOF once checked
}

func (c *checkedReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	c.h.Write(p[:n])
	c.left -= int64(n)
	switch {
	case c.left < 0:
		n, err = 0, fmt.Errorf("attachment bytes: more than declared: %w", models.ErrInvalid)
	case err == io.EOF && c.left > 0:
		n, err = 0, fmt.Errorf("attachment bytes: %d fewer than declared: %w", c.left, models.ErrInvalid)
	case err == io.EOF && hex.EncodeToString(c.h.Sum(nil)) != c.want:
		n, err = 0, fmt.Errorf("attachment bytes: SHA-256 differs from the declared one: %w", models.ErrInvalid)
	}
	c.err = err
	return n, err
}
