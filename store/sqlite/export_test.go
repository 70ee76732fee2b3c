package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/store"
)

// MigrationsApplied lists the recorded migrations and when they ran.
func MigrationsApplied(t testing.TB, s *Store) map[string]int64 {
	t.Helper()
	rows, err := s.read.Query("SELECT version, applied_at FROM schema_migrations")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var v string
		var at int64
		if err := rows.Scan(&v, &at); err != nil {
			t.Fatal(err)
		}
		out[v] = at
	}
	return out
}

// Select1 runs the cheapest query through the read pool, as a baseline.
func (s *Store) Select1(ctx context.Context) error {
	rows, err := s.query(ctx, "SELECT 1")
	if err != nil {
		return err
	}
	return rows.Close()
}

// Explain returns SQLite's query plan for query.
func (s *Store) Explain(ctx context.Context, query string, args ...any) (string, error) {
	rows, err := s.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		out = append(out, detail)
	}
	return strings.Join(out, "\n"), rows.Err()
}

// TaskQueries exposes the SQL a filter becomes: the page's ids, the count,
// and the read of the page's rows.
func TaskQueries(f store.TaskFilter) (ids, count, fetch string, args []any, err error) {
	q, err := buildTaskQuery(f)
	return q.ids, q.count, fetchTasks, q.args, err
}

// Analyze gathers planner statistics, as PRAGMA optimize may on Close.
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.write.ExecContext(ctx, "ANALYZE")
	return err
}

// Pragmas reads settings from a connection of the write pool and of the read pool.
func (s *Store) Pragmas(ctx context.Context, names ...string) (write, read map[string]string, err error) {
	get := func(db interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) (map[string]string, error) {
		out := map[string]string{}
		for _, n := range names {
			var v string
			if err := db.QueryRowContext(ctx, "PRAGMA "+n).Scan(&v); err != nil {
				return nil, err
			}
			out[n] = v
		}
		return out, nil
	}
	if write, err = get(s.write); err != nil {
		return nil, nil, err
	}
	read, err = get(s.read)
	return write, read, err
}

// DropCaches forgets every remembered list and, when tasks is set, every
// cached task, as if the data had changed.
func (s *Store) DropCaches(tasks bool) {
	s.lists.invalidate()
	if tasks {
		s.tasks.mu.Lock()
		clear(s.tasks.entries)
		s.tasks.mu.Unlock()
	}
}

// OutboxQueries exposes the claim and a committee's listing (with and
// without a state, first page and later ones).
func OutboxQueries() (claim string, lists []string) {
	return claimMessages, []string{listMessages(true, false, false), listMessages(true, true, false),
		listMessages(true, false, true), listMessages(true, true, true)}
}

// NoticeQueries exposes the reads of notices by what they serve.
func NoticeQueries() map[string]string {
	return map[string]string{"list": listNotices, "unread list": listUnreadNotices, "unread count": countUnreadNotices,
		"mail due": mailDueNotices, "unmailed": unmailedNotices}
}

// ListAttachmentsQuery is a task's listing of attachments.
const ListAttachmentsQuery = listAttachments
