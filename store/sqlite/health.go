package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/theodoi/theodoi/models"
)

// Health: a file that cannot be trusted is refused at start, and a store
// that cannot write (disk full, read-only, damaged) says so — /readyz
// reports it, writes answer "unavailable" — until a write succeeds again.

// checkFile refuses a database file that exists but cannot be one of
// ours: an empty file would otherwise become a fresh committee with new
// passwords, silently.
func checkFile(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil // a new database
	case err != nil:
		return err
	case fi.IsDir():
		return fmt.Errorf("%s is a directory, not a database file", path)
	case fi.Size() == 0:
		return fmt.Errorf("%s is empty (0 bytes), not a theodoi database: restore a backup (README, \"Sao lưu\": copy the newest backups/theodoi-*.db here as theodoi.db) or move the file away to start anew", path)
	}
	return nil
}

// quickCheck runs SQLite's quick_check; a damaged file is refused with
// what SQLite found.
func quickCheck(ctx context.Context, db *sql.DB, path string) error {
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return unavailable(err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() && len(found) < 5 {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			found = append(found, line)
		}
	}
	if err := rows.Err(); err != nil {
		return unavailable(err)
	}
	if len(found) > 0 {
		return fmt.Errorf("%s is damaged (%s): restore a backup (README, \"Sao lưu\": copy the newest backups/theodoi-*.db here as theodoi.db): %w", path, strings.Join(found, "; "), models.ErrUnavailable)
	}
	return nil
}

// storageCodes are SQLite's answers that mean the file cannot take writes.
var storageCodes = map[int]bool{
	sqlite3.SQLITE_FULL: true, sqlite3.SQLITE_IOERR: true, sqlite3.SQLITE_READONLY: true,
	sqlite3.SQLITE_CORRUPT: true, sqlite3.SQLITE_NOTADB: true, sqlite3.SQLITE_CANTOPEN: true,
}

// unavailable marks a storage failure as models.ErrUnavailable; other
// errors pass unchanged.
func unavailable(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && storageCodes[se.Code()&0xff] && !errors.Is(err, models.ErrUnavailable) {
		return fmt.Errorf("%w: %w", models.ErrUnavailable, err)
	}
	return err
}

// health remembers the last storage failure of a write until one succeeds.
type health struct {
	mu   sync.Mutex
	last error
}

// observe records how a write ended and returns its error, marked.
func (h *health) observe(err error) error {
	err = unavailable(err)
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case err == nil:
		h.last = nil
	case errors.Is(err, models.ErrUnavailable):
		h.last = err
	}
	return err
}

func (h *health) failure() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

// probe is a write that changes one row to itself: it needs the file to
// take a write, and changes nothing.
const probe = `UPDATE schema_migrations SET applied_at = applied_at
WHERE version = (SELECT MIN(version) FROM schema_migrations)`
