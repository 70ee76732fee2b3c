package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// backupTimeout bounds one backup: a copy of the whole file, far longer
// than any other store operation may take.
const backupTimeout = 30 * time.Minute

// Backup writes a consistent copy of the database to dest, a new file,
// while the store stays in use: SQLite's VACUUM INTO reads one snapshot
// in a read transaction of its own, so writers are not held up (the
// write-ahead log lets both run), and the copy is
// compact and complete (no write-ahead log beside it). The copy is
// written under a temporary name and renamed when whole, so dest never
// holds half a backup; an existing dest is refused rather than replaced.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if dest == "" {
		return errors.New("sqlite: backup: no file named")
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("sqlite: backup: %s exists; choose a new file name", dest)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	tmp := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".part")
	_ = os.Remove(tmp) // left by a backup that was stopped
	ctx, cancel := context.WithTimeout(ctx, backupTimeout)
	defer cancel()
	db, err := sql.Open("sqlite", s.backupDSN)
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("sqlite: backup to %s: %w", dest, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil { // it holds password hashes and sessions
		_ = os.Remove(tmp)
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	return nil
}

// syncFile flushes a finished copy to the disk before it takes its name.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
