// Package sqlite is the embedded default store: one SQLite file, pure Go
// (modernc.org/sqlite), WAL mode, and beside it the directory of the
// attachments' files (attachfiles.go).
//
// Writes go through a pool of exactly one connection whose transactions
// begin IMMEDIATE, so concurrent writers queue in Go instead of failing with
// "database is locked"; reads use a separate pool of query-only
// connections, which WAL lets run beside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// Options tune the store; zero values take the defaults.
type Options struct {
	// OpTimeout bounds every store operation (default 5s).
	OpTimeout time.Duration
	// BusyTimeout is how long SQLite waits for a lock held by another
	// process before giving up (default 5s).
	BusyTimeout time.Duration
	// ReadConns is the size of the read pool (default 4).
	ReadConns int
	// Synchronous is SQLite's synchronous setting, "full" (the default)
	// or "normal". With WAL, both keep every acknowledged write when the
	// process is killed; normal may lose the last ones on a power cut or
	// an OS crash, full syncs the log at every commit and keeps them (at
	// about 15% of the write throughput, measured).
	Synchronous string
}

func (o Options) withDefaults() Options {
	if o.OpTimeout <= 0 {
		o.OpTimeout = 5 * time.Second
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.ReadConns <= 0 {
		o.ReadConns = 4
	}
	if o.Synchronous == "" {
		o.Synchronous = SyncFull
	}
	return o
}

// The values of Options.Synchronous.
const (
	SyncNormal = "normal"
	SyncFull   = "full"
)

// Store implements store.Store on one SQLite file.
type Store struct {
	write     *sql.DB
	read      *sql.DB
	opTimeout time.Duration
	// backupDSN opens a connection that may read and write, for backups:
	// VACUUM INTO is refused on the read pool's query-only connections.
	backupDSN string
	// files keeps the attachments' bytes beside the database file.
	files fileStore

	mu    sync.Mutex
	stmts map[stmtKey]*sql.Stmt

	lists   *listCache
	records *recordCache
	tasks   *taskCache
	writer  *writer
	health  health
}

type stmtKey struct {
	db    *sql.DB
	query string
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the database file at path and applies
// any pending migrations.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" || path == ":memory:" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: %q: need a plain file path", path)
	}
	opts = opts.withDefaults()
	if opts.Synchronous != SyncNormal && opts.Synchronous != SyncFull {
		return nil, fmt.Errorf("sqlite: synchronous %q: want %s or %s", opts.Synchronous, SyncNormal, SyncFull)
	}
	if err := checkFile(path); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	pragmas := []string{
		fmt.Sprintf("busy_timeout(%d)", opts.BusyTimeout.Milliseconds()),
		"journal_mode(WAL)",
		"foreign_keys(1)",
		"synchronous(" + strings.ToUpper(opts.Synchronous) + ")",
		"temp_store(MEMORY)",
		"cache_size(-2000)", // 2 MB per connection: the OS caches the file too
	}
	dsn := func(extra url.Values) string {
		q := url.Values{"_pragma": slices.Clone(pragmas)}
		for k, v := range extra {
			q[k] = append(q[k], v...)
		}
		return path + "?" + q.Encode()
	}

	write, err := sql.Open("sqlite", dsn(url.Values{"_txlock": {"immediate"}}))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	s := &Store{write: write, opTimeout: opts.OpTimeout, stmts: map[stmtKey]*sql.Stmt{}, lists: newListCache(), records: newRecordCache(), tasks: newTaskCache(),
		backupDSN: dsn(nil), files: fileStore{root: filepath.Join(filepath.Dir(path), attachmentsDir)}}
	if err := quickCheck(ctx, write, path); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: migrate %s: %w", path, unavailable(err))
	}

	read, err := sql.Open("sqlite", dsn(url.Values{"_pragma": {"query_only(1)"}}))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(opts.ReadConns)
	read.SetMaxIdleConns(opts.ReadConns)
	read.SetConnMaxLifetime(0)
	read.SetConnMaxIdleTime(0)
	s.read = read
	s.startWriter()
	if err := read.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return s, nil
}

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

// Ping says whether the store reads and takes writes. After a write
// failed for lack of storage it tries a write that changes nothing, so it
// reports ready again as soon as the cause is gone.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	var one int
	if err := s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return unavailable(err)
	}
	if s.health.failure() == nil {
		return nil
	}
	return s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(probe)
		return err
	})
}

// Close lets SQLite refresh its planner statistics, then closes both pools.
func (s *Store) Close() error {
	if s.writer != nil {
		s.stopWriter()
	}
	s.mu.Lock()
	for k, st := range s.stmts {
		st.Close()
		delete(s.stmts, k)
	}
	s.mu.Unlock()
	var errs []error
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.opTimeout)
	defer cancel()
	_, _ = s.write.ExecContext(ctx, "PRAGMA optimize")
	errs = append(errs, s.write.Close())
	return errors.Join(errs...)
}

// stmt returns a statement prepared once per pool; database/sql prepares
// it again on each connection that runs it. Preparing takes a connection
// from the pool, so it must not be called while holding one of its
// transactions.
func (s *Store) stmt(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	k := stmtKey{db, query}
	s.mu.Lock()
	st, ok := s.stmts[k]
	s.mu.Unlock()
	if ok {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", query, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.stmts[k]; ok {
		st.Close()
		return prev, nil
	}
	s.stmts[k] = st
	return st, nil
}

// query runs a read on the read pool.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.stmt(ctx, s.read, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// get runs a one-row read; sql.ErrNoRows becomes notFound.
func (s *Store) get(ctx context.Context, notFound error, query string, args []any, dest ...any) error {
	st, err := s.stmt(ctx, s.read, query)
	if err != nil {
		return err
	}
	err = st.QueryRowContext(ctx, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	return err
}

// tx is a write transaction.
type tx struct {
	s   *Store
	ctx context.Context
	tx  *sql.Tx
	// unprepared lists queries run without a cached statement: the only
	// write connection is busy with this transaction, so they are prepared
	// once it ends.
	unprepared []string
}

// inTx runs fn atomically (in its own savepoint of a group commit),
// within the operation timeout, and retires the remembered task lists.
func (s *Store) inTx(ctx context.Context, fn func(tx *tx) error) error {
	return s.runTx(ctx, true, fn)
}

// inTxKeepLists is inTx for writes that cannot change any task list
// (sessions, audit entries), which are frequent.
func (s *Store) inTxKeepLists(ctx context.Context, fn func(tx *tx) error) error {
	return s.runTx(ctx, false, fn)
}

// cached returns the statement for query if one is prepared already.
func (s *Store) cached(db *sql.DB, query string) *sql.Stmt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stmts[stmtKey{db, query}]
}

func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	if st := t.s.cached(t.s.write, query); st != nil {
		return t.tx.StmtContext(t.ctx, st).ExecContext(t.ctx, args...)
	}
	t.unprepared = append(t.unprepared, query)
	return t.tx.ExecContext(t.ctx, query, args...)
}

// execOne runs an UPDATE guarded by a version and reports whether it hit a row.
func (t *tx) execOne(query string, args ...any) (bool, error) {
	res, err := t.exec(query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (t *tx) queryRow(query string, args ...any) *sql.Row {
	if st := t.s.cached(t.s.write, query); st != nil {
		return t.tx.StmtContext(t.ctx, st).QueryRowContext(t.ctx, args...)
	}
	t.unprepared = append(t.unprepared, query)
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

// query runs a statement that returns rows (a SELECT, or a write with
// RETURNING); the caller reads and closes them before the next statement.
func (t *tx) query(query string, args ...any) (*sql.Rows, error) {
	if st := t.s.cached(t.s.write, query); st != nil {
		return t.tx.StmtContext(t.ctx, st).QueryContext(t.ctx, args...)
	}
	t.unprepared = append(t.unprepared, query)
	return t.tx.QueryContext(t.ctx, query, args...)
}

func (t *tx) exists(query string, args ...any) (bool, error) {
	var one int
	err := t.queryRow(query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// versionMiss explains why a versioned UPDATE matched nothing: the record
// is missing (ErrNotFound) or has moved on (ErrConflict).
func (t *tx) versionMiss(what string, id models.ID, existsQuery string, args ...any) error {
	ok, err := t.exists(existsQuery, args...)
	switch {
	case err != nil:
		return err
	case !ok:
		return models.NotFound(what, id)
	}
	return fmt.Errorf("%s %s: stale version: %w", what, id, models.ErrConflict)
}

const insertAudit = `INSERT INTO audit (id, committee_id, actor_id, at, entity, entity_id, action, before, after)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

// audit stores the entry that describes a write; a zero entry is skipped.
func (t *tx) audit(a models.AuditEntry) error {
	if a.ID == "" {
		return nil
	}
	_, err := t.exec(insertAudit, auditArgs(a)...)
	return mapErr(err, "audit entry "+string(a.ID))
}

func auditArgs(a models.AuditEntry) []any {
	return []any{a.ID, a.CommitteeID, a.ActorID, timeArg(a.At), a.Entity, a.EntityID, a.Action, blobArg(a.Before), blobArg(a.After)}
}

// mapErr turns constraint failures into the store's sentinel errors.
func mapErr(err error, what string) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%s: %w (%s)", what, models.ErrDuplicate, se.Error())
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%s refers to a missing record: %w", what, models.ErrInvalid)
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// Times are stored as UTC unix nanoseconds; the zero time as NULL.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

func timePtrArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return timeArg(*t)
}

func timeOf(v any) time.Time {
	n, ok := v.(int64)
	if !ok {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func timePtrOf(v any) *time.Time {
	if v == nil {
		return nil
	}
	t := timeOf(v)
	return &t
}

// Integer columns are scanned into any: database/sql then hands over the
// driver's int64 without converting through strings.
func intOf(v any) int64 {
	n, _ := v.(int64)
	return n
}

func blobArg(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

func boolArg(b bool) int {
	if b {
		return 1
	}
	return 0
}

// limitArgs turns paging into LIMIT/OFFSET values; no limit is -1.
func limitArgs(offset, limit int) (int, int) {
	if limit <= 0 {
		limit = -1
	}
	return limit, max(offset, 0)
}
