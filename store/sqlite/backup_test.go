package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

// TestBackupWhileWriting: a backup taken while tasks are being written is
// a whole database that opens as a store and holds every task committed
// before it began; the store goes on working; an existing file is never
// overwritten.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := open(t, filepath.Join(dir, "theodoi.db"))
	defer s.Close()
	now := time.Date(2021, 10, 5, 3, 0, 0, 0, time.UTC)
	c := models.Committee{ID: models.NewID(now), Name: "Đảng ủy phường Hương Xuân", TimeZone: models.DefaultTimeZone, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.Committees().Create(ctx, c, models.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	task := func() models.Task {
		return models.Task{ID: models.NewID(now), CommitteeID: c.ID, Period: "2021-10", AreaID: models.NewID(now), Text: "Rà soát hội viên Hội Nông dân",
			LeadUnitID: models.NewID(now), State: models.StateNotStarted, Version: 1, CreatedAt: now, UpdatedAt: now}
	}
	before := make([]models.Task, 200)
	for i := range before {
		before[i] = task()
	}
	if err := s.Tasks().CreateMany(ctx, before, make([]models.AuditEntry, len(before))); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() { // writes go on during the backup
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.Tasks().Create(ctx, task(), models.AuditEntry{}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	dest := filepath.Join(dir, "backups", "theodoi-20211005.db")
	if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
		t.Fatal(err)
	}
	err := s.Backup(ctx, dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, dest); err == nil {
		t.Error("a second backup replaced the first")
	}
	if parts, _ := filepath.Glob(filepath.Join(dir, "backups", ".*.part")); len(parts) != 0 {
		t.Errorf("temporary files left: %v", parts)
	}

	b, err := sqlite.Open(ctx, dest, sqlite.Options{})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer b.Close()
	got, n, err := b.Tasks().List(ctx, store.TaskFilter{Committee: c.ID, Period: "2021-10", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if n < len(before) || len(got) != n {
		t.Errorf("the backup holds %d tasks (%d listed), want at least %d", n, len(got), len(before))
	}
	if _, err := s.Tasks().Get(ctx, c.ID, before[0].ID); err != nil {
		t.Errorf("the store after the backup: %v", err)
	}
	if err := s.Backup(ctx, filepath.Join(dir, "no-such-dir", "x.db")); err == nil {
		t.Error("a backup into a missing directory reported success")
	}
}

// BenchmarkBackup copies the 10,000-task committee of the other
// benchmarks; the figure is the time and the size of one copy.
func BenchmarkBackup(b *testing.B) {
	d := seeded(b)
	s, err := sqlite.Open(context.Background(), d.path, sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	dir := b.TempDir()
	var size int64
	for i := 0; b.Loop(); i++ {
		dest := filepath.Join(dir, fmt.Sprintf("copy-%d.db", i))
		if err := s.Backup(b.Context(), dest); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if info, err := os.Stat(dest); err == nil {
			size = info.Size()
		}
		os.Remove(dest)
		b.StartTimer()
	}
	b.ReportMetric(float64(size)/(1<<20), "MB")
}
