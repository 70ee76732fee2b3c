package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fileSource "backs up" by writing a small file, as a store would.
type fileSource struct{ calls int }

func (f *fileSource) Backup(_ context.Context, dest string) error {
	f.calls++
	if _, err := os.Stat(dest); err == nil {
		return errors.New("exists")
	}
	return os.WriteFile(dest, []byte("SQLite format 3\x00"), 0o600)
}

// TestRunDue: the first run copies, runs within the interval do nothing,
// a run after it (however late: the server was down) copies once, and only
// the newest Keep copies stay; other files in the directory are left alone.
func TestRunDue(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "backups")
	src := &fileSource{}
	p := Policy{Dir: dir, Every: 24 * time.Hour, Keep: 3}
	start := time.Date(2021, 10, 5, 2, 0, 0, 0, time.UTC)

	if s, err := RunDue(ctx, src, p, start); err != nil || src.calls != 1 || !strings.Contains(s, Name(start)) {
		t.Fatalf("first run: %q %v, %d copies made", s, err, src.calls)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("kept"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{start.Add(time.Hour), start.Add(23 * time.Hour)} {
		if _, err := RunDue(ctx, src, p, at); err != nil || src.calls != 1 {
			t.Fatalf("run at +%v: %v, %d copies made", at.Sub(start), err, src.calls)
		}
	}
	// Down for ten days: one copy at the next check, not ten.
	at := start.Add(10 * 24 * time.Hour)
	if _, err := RunDue(ctx, src, p, at); err != nil || src.calls != 2 {
		t.Fatalf("after downtime: %v, %d copies made", err, src.calls)
	}
	for i := 1; i <= 3; i++ {
		at = at.Add(24 * time.Hour)
		if _, err := RunDue(ctx, src, p, at); err != nil {
			t.Fatal(err)
		}
	}
	copies, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(copies) != 3 || !copies[0].At.Equal(at) || !copies[2].At.Equal(at.Add(-48*time.Hour)) {
		t.Errorf("kept %+v, want the 3 newest ending %v", copies, at)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Errorf("a file that is not a copy was touched: %v", err)
	}
}

func TestOff(t *testing.T) {
	src := &fileSource{}
	if s, err := RunDue(context.Background(), src, Policy{Dir: t.TempDir(), Every: time.Hour}, time.Now()); err != nil || src.calls != 0 || s != "backups are off" {
		t.Errorf("Keep 0: %q %v, %d copies", s, err, src.calls)
	}
}

func TestListIgnoresOtherNames(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"theodoi-2021.db", "theodoi-20211005T020000Z.db.part", "x.db", Name(time.Date(2021, 10, 5, 2, 0, 0, 0, time.UTC))} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	copies, err := List(dir)
	if err != nil || len(copies) != 1 {
		t.Errorf("List: %+v %v", copies, err)
	}
	if copies, err := List(filepath.Join(dir, "missing")); err != nil || copies != nil {
		t.Errorf("missing directory: %v %v", copies, err)
	}
}

// TestPruneRemovesCompanions: a pruned copy goes with the entries named
// after it (the attachments' directory of the embedded store); the kept
// copies keep theirs, and other names are left alone.
func TestPruneRemovesCompanions(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2021, 10, 5, 2, 0, 0, 0, time.UTC)
	var names []string
	for i := range 3 {
		name := Name(start.Add(time.Duration(i) * 24 * time.Hour))
		names = append(names, name)
		files := filepath.Join(dir, name+".attachments", "c000000000000000000a", "ab")
		if err := os.MkdirAll(files, 0o700); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{filepath.Join(dir, name), filepath.Join(files, "ab12")} {
			if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	other := filepath.Join(dir, "theodoi-notes.attachments")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	removed, err := Prune(dir, 2)
	if err != nil || len(removed) != 1 || filepath.Base(removed[0]) != names[0] {
		t.Fatalf("Prune: %v %v", removed, err)
	}
	for _, p := range []string{names[0], names[0] + ".attachments"} {
		if _, err := os.Stat(filepath.Join(dir, p)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s after pruning its copy: %v", p, err)
		}
	}
	for _, p := range []string{names[1], names[1] + ".attachments", names[2] + ".attachments", filepath.Base(other)} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
