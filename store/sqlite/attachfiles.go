package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// attachmentsDir is the directory, beside the database file, that holds
// the attachments' bytes.
const attachmentsDir = "attachments"

// fileStore keeps attachment bytes as files named by their SHA-256:
// <root>/<committee>/<sha[0:2]>/<sha>. Equal bytes of one committee share
// a file; a file is written once, under a temporary name in its
// directory, synced and renamed, and never changed after, so a reader
// sees a whole file or none. Removing an attachment keeps its file (other
// records may share it); purging a committee removes its directory.
type fileStore struct{ root string }

// tempPrefix starts the names of files being written; they are no
// attachment's and backups skip them.
const tempPrefix = ".upload-"

func (f fileStore) committeeDir(committee models.ID) string {
	return filepath.Join(f.root, string(committee))
}

// path names the file of a committee's bytes; both parts are checked by
// models.Attachment.Check before any file is written, so they cannot
// leave the root.
func (f fileStore) path(committee models.ID, sha string) string {
	return filepath.Join(f.committeeDir(committee), sha[:2], sha)
}

// put stores the bytes read from r under sha, checked as
// store.CheckedReader does: on a mismatch it returns ErrInvalid and leaves
// nothing behind. Bytes stored already are only read and checked.
func (f fileStore) put(committee models.ID, sha string, size int64, r io.Reader) error {
	dest := f.path(committee, sha)
	checked := store.CheckedReader(r, size, sha)
	if _, err := os.Stat(dest); err == nil {
		_, err := io.Copy(io.Discard, checked)
		return err
	}
	dir := filepath.Dir(dest)
	if err := f.mkdirs(dir); err != nil {
		return fmt.Errorf("attachment directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("attachment file: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := io.Copy(tmp, checked); err != nil {
		return fmt.Errorf("attachment file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("attachment file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("attachment file: %w", err)
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return fmt.Errorf("attachment file: %w", err)
	}
	done = true
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("attachment file: %w", err)
	}
	return nil
}

// mkdirs creates dir and the missing directories above it up to the
// root's parent, syncing each parent that got a new entry, so a file
// synced into dir is still found after a power cut.
func (f fileStore) mkdirs(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	parent := filepath.Dir(dir)
	if dir != f.root {
		if err := f.mkdirs(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o750); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil // made by a concurrent upload
		}
		return err
	}
	return syncDir(parent)
}

// open returns the stored bytes.
func (f fileStore) open(committee models.ID, sha string) (*os.File, error) {
	file, err := os.Open(f.path(committee, sha))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("the bytes %s of committee %s are missing from %s: %w", sha, committee, f.root, err)
	}
	return file, err
}

// removeCommittee deletes every file of a committee; a missing directory
// is not an error.
func (f fileStore) removeCommittee(committee models.ID) error {
	if !committee.Valid() {
		return nil // no file was ever written for it (see models.Attachment.Check)
	}
	return os.RemoveAll(f.committeeDir(committee))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return err
	}
	return d.Close()
}

// isTemp says whether a name in the tree is no attachment's: a file still
// being written (tempPrefix), or anything else hidden.
func isTemp(name string) bool { return strings.HasPrefix(name, ".") }

// copyTo copies the tree into dst, a new directory: hard links where the
// file system allows, else copies, synced. Files still being written are
// left out, and so are files that go while it runs (a purge).
func (f fileStore) copyTo(ctx context.Context, dst string) error {
	if err := os.Mkdir(dst, 0o700); err != nil {
		return err
	}
	return filepath.WalkDir(f.root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil // no attachment yet, or purged while copying
		case err != nil:
			return err
		case ctx.Err() != nil:
			return ctx.Err()
		}
		rel, err := filepath.Rel(f.root, p)
		if err != nil || rel == "." {
			return err
		}
		if isTemp(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.Mkdir(target, 0o700)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return linkOrCopy(p, target)
	})
}

// linkOrCopy makes dst a hard link to src or, where that fails (another
// file system), a synced copy; a src that is gone is skipped.
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	return copySynced(src, dst)
}

// copySynced copies src to the new file dst and syncs it; a src that is
// gone is skipped.
func copySynced(src, dst string) error {
	in, err := os.Open(src)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
