package sqlite

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCopyTreeWithoutLinks: where hard links fail (a backup on another
// file system), files are copied; a file that went meanwhile is skipped.
func TestCopyTreeWithoutLinks(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a")
	if err := os.WriteFile(src, []byte("Báo cáo"), 0o600); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "b")
	if err := copySynced(src, dst); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(dst); err != nil || string(got) != "Báo cáo" {
		t.Errorf("copy: %q %v", got, err)
	}
	a, _ := os.Stat(src)
	b, _ := os.Stat(dst)
	if os.SameFile(a, b) {
		t.Error("the copy is a link")
	}
	if err := copySynced(filepath.Join(dir, "gone"), filepath.Join(dir, "c")); err != nil {
		t.Errorf("a file that went: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "c")); !os.IsNotExist(err) {
		t.Errorf("a copy of a file that went: %v", err)
	}
}
