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

// Backup writes a consistent copy of the store while it stays in use: the
// database to dest, a new file, and the attachments' files to the new
// directory BackupAttachmentsDir(dest) beside it. Restoring needs both
// (see the README).
//
// The database is copied by SQLite's VACUUM INTO, which reads one
// snapshot in a read transaction of its own, so writers are not held up
// (the write-ahead log lets both run), and the copy is compact and
// complete (no write-ahead log beside it). The files are copied after it:
// a file is written before its record, so every attachment in the copy
// has its file (files of uploads after the snapshot may come along
// unused). Files never change once written, so they are hard-linked when
// the backup is on the same file system (taking no room) and copied
// otherwise. Both are written under temporary names and renamed when
// whole, the directory first, so dest exists only when the backup is
// complete; an existing dest or directory is refused rather than replaced.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if dest == "" {
		return errors.New("sqlite: backup: no file named")
	}
	filesDest := BackupAttachmentsDir(dest)
	for _, p := range []string{dest, filesDest} {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("sqlite: backup: %s exists; choose a new file name", p)
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("sqlite: backup: %w", err)
		}
	}
	tmp := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".part")
	filesTmp := filepath.Join(filepath.Dir(dest), "."+filepath.Base(filesDest)+".part")
	_ = os.Remove(tmp) // left by a backup that was stopped
	_ = os.RemoveAll(filesTmp)
	ctx, cancel := context.WithTimeout(ctx, backupTimeout)
	defer cancel()
	if err := s.copyDatabase(ctx, tmp); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", dest, err)
	}
	err := s.files.copyTo(ctx, filesTmp)
	if err == nil {
		err = os.Rename(filesTmp, filesDest)
	}
	if err == nil {
		if err = os.Rename(tmp, dest); err != nil {
			_ = os.RemoveAll(filesDest)
		}
	}
	if err != nil {
		_ = os.Remove(tmp)
		_ = os.RemoveAll(filesTmp)
		return fmt.Errorf("sqlite: backup to %s: %w", dest, err)
	}
	return nil
}

// BackupAttachmentsDir is the directory that holds the attachments' files
// of the backup whose database copy is dest.
func BackupAttachmentsDir(dest string) string { return dest + ".attachments" }

// copyDatabase writes the database to tmp, readable only by its owner (it
// holds password hashes and sessions) and synced; on failure tmp is gone.
func (s *Store) copyDatabase(ctx context.Context, tmp string) error {
	db, err := sql.Open("sqlite", s.backupDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := syncFile(tmp); err != nil {
		_ = os.Remove(tmp)
		return err
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
