package sqlite_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store/sqlite"
)

// attachmentFixture is a store in dir with one committee.
func attachmentFixture(t *testing.T, dir string) (*sqlite.Store, models.ID, time.Time) {
	t.Helper()
	s := open(t, filepath.Join(dir, "theodoi.db"))
	now := time.Date(2021, 10, 5, 3, 0, 0, 0, time.UTC)
	c := models.Committee{ID: models.NewID(now), Name: "Đảng ủy phường Hương Xuân", TimeZone: models.DefaultTimeZone, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.Committees().Create(t.Context(), c, models.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	return s, c.ID, now
}

func attach(t *testing.T, s *sqlite.Store, committee models.ID, data []byte, now time.Time) models.Attachment {
	t.Helper()
	sum := sha256.Sum256(data)
	a := models.Attachment{ID: models.NewID(now), CommitteeID: committee, TaskID: models.NewID(now), Name: "Báo cáo tháng 10.pdf",
		Type: "application/pdf", Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), CreatedBy: models.NewID(now), CreatedAt: now}
	if err := s.Attachments().Create(t.Context(), a, bytes.NewReader(data), models.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	return a
}

func readAttachment(t *testing.T, s *sqlite.Store, committee, id models.ID) ([]byte, error) {
	rc, err := s.Attachments().Open(t.Context(), committee, id)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// filesUnder lists the regular files of a tree, relative to it.
func filesUnder(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAttachmentFiles: the bytes are one file per committee and content
// beside the database, named by their hash; a failed upload leaves no
// file, not even a temporary one; a purge removes the committee's files.
func TestAttachmentFiles(t *testing.T) {
	dir := t.TempDir()
	s, c, now := attachmentFixture(t, dir)
	defer s.Close()
	data := []byte("Biên bản kiểm tra")
	a := attach(t, s, c, data, now)
	attach(t, s, c, data, now)
	bad := a
	bad.ID = models.NewID(now)
	if err := s.Attachments().Create(t.Context(), bad, strings.NewReader("Biên bản kiểm trA"), models.AuditEntry{}); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("mismatched bytes: %v, want ErrInvalid", err)
	}
	bad.SHA256 = strings.Repeat("0", 64)
	if err := s.Attachments().Create(t.Context(), bad, strings.NewReader("Biên bản kiểm trA"), models.AuditEntry{}); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("mismatched bytes of a new hash: %v, want ErrInvalid", err)
	}

	root := filepath.Join(dir, "attachments")
	want := []string{string(c) + "/" + a.SHA256[:2] + "/" + a.SHA256}
	if got := filesUnder(t, root); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("files %v, want %v", got, want)
	}
	if info, err := os.Stat(filepath.Join(root, want[0])); err != nil || info.Mode().Perm()&0o077 != 0 {
		t.Errorf("the file is readable by others: %v %v", info.Mode(), err)
	}

	if err := s.Committees().Purge(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, string(c))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the committee's files after a purge: %v", err)
	}
}

// TestBackupRestoresAttachments: a backup holds the attachments' files
// beside the database copy; restored as the README says (the copy as
// theodoi.db, its attachments directory as attachments, in a data
// directory of their own), the store serves the same bytes, also after
// the original store lost them.
func TestBackupRestoresAttachments(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	s, c, now := attachmentFixture(t, dir)
	defer s.Close()
	first, second := []byte("Nghị quyết số 31-NQ/ĐU"), bytes.Repeat([]byte("Ảnh hiện trường "), 100000)
	a, b := attach(t, s, c, first, now), attach(t, s, c, second, now)
	gone := attach(t, s, c, []byte("gỡ bỏ"), now)
	if err := s.Attachments().Remove(ctx, c, gone.ID, gone.CreatedBy, now, models.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	// A file being written is not part of the backup.
	if err := os.WriteFile(filepath.Join(dir, "attachments", string(c), ".upload-123"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}

	backups := filepath.Join(dir, "backups")
	if err := os.Mkdir(backups, 0o750); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(backups, "theodoi-20211005T030000Z.db")
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, dest); err == nil {
		t.Error("a second backup replaced the first")
	}
	if entries, _ := os.ReadDir(backups); len(entries) != 2 {
		t.Errorf("the backup directory holds %d entries, want the copy and its attachments", len(entries))
	}
	if err := s.Committees().Purge(ctx, c); err != nil { // the original loses its files
		t.Fatal(err)
	}

	restored := t.TempDir()
	if err := copyFile(dest, filepath.Join(restored, "theodoi.db")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(restored, "attachments"), os.DirFS(sqlite.BackupAttachmentsDir(dest))); err != nil {
		t.Fatal(err)
	}
	if got := filesUnder(t, filepath.Join(restored, "attachments")); len(got) != 3 {
		t.Errorf("restored files %v, want the 3 uploads' (no file being written)", got)
	}
	r := open(t, filepath.Join(restored, "theodoi.db"))
	defer r.Close()
	for _, tc := range []struct {
		a    models.Attachment
		want []byte
	}{{a, first}, {b, second}} {
		if got, err := readAttachment(t, r, c, tc.a.ID); err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("restored %s: %d bytes, %v; want %d", tc.a.ID, len(got), err, len(tc.want))
		}
	}
	if _, err := readAttachment(t, r, c, gone.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("restored removed attachment: %v, want ErrNotFound", err)
	}
	if err := r.Attachments().Remove(ctx, c, a.ID, a.CreatedBy, now, models.AuditEntry{}); err != nil {
		t.Errorf("the restored store takes writes: %v", err)
	}
}

// TestAttachmentListPlan: a task's attachments come from their index, in
// list order.
func TestAttachmentListPlan(t *testing.T) {
	s, c, _ := attachmentFixture(t, t.TempDir())
	defer s.Close()
	plan, err := s.Explain(t.Context(), sqlite.ListAttachmentsQuery, c, "task")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "attachments_by_task") || strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("plan:\n%s", plan)
	}
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o600)
}
