package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
	"github.com/theodoi/theodoi/store/storetest"
)

func open(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestContract runs the store contract suite against SQLite, one fresh
// database file per behaviour.
func TestContract(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store {
			s := open(t, filepath.Join(t.TempDir(), "theodoi.db"))
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			return s
		})
	})
}

func TestReopenKeepsDataAndSkipsMigrations(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "theodoi.db")
	now := time.Date(2021, 9, 23, 8, 0, 0, 0, time.UTC)
	c := models.Committee{ID: models.NewID(now), Name: "Đảng ủy phường Hương Xuân", TimeZone: models.DefaultTimeZone, Version: 1, CreatedAt: now, UpdatedAt: now}

	s := open(t, path)
	if err := s.Committees().Create(ctx, c, models.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	before := sqlite.MigrationsApplied(t, s)
	if len(before) == 0 {
		t.Fatal("no migration recorded")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for range 2 {
		s = open(t, path)
		got, err := s.Committees().Get(ctx, c.ID)
		if err != nil {
			t.Fatalf("after reopening: %v", err)
		}
		if got.Name != c.Name || !got.CreatedAt.Equal(now) {
			t.Errorf("after reopening: got %+v", got)
		}
		after := sqlite.MigrationsApplied(t, s)
		if len(after) != len(before) {
			t.Errorf("migrations: %v before reopening, %v after", before, after)
		}
		for v, at := range before {
			if after[v] != at {
				t.Errorf("migration %s applied again (at %d, first at %d)", v, after[v], at)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesNonFilePaths(t *testing.T) {
	for _, path := range []string{"", ":memory:", "x.db?mode=ro"} {
		if s, err := sqlite.Open(t.Context(), path, sqlite.Options{}); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", path)
		}
	}
}

func TestConnectionsAreConfigured(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "theodoi.db"))
	defer s.Close()
	write, read, err := s.Pragmas(t.Context(), "journal_mode", "foreign_keys", "synchronous", "busy_timeout", "query_only")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "2", "busy_timeout": "5000"} // 2: FULL
	for name, v := range want {
		if write[name] != v || read[name] != v {
			t.Errorf("PRAGMA %s: write pool %q, read pool %q, want %q", name, write[name], read[name], v)
		}
	}
	if write["query_only"] != "0" || read["query_only"] != "1" {
		t.Errorf("query_only: write pool %q, read pool %q, want 0 and 1", write["query_only"], read["query_only"])
	}

	normal, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "normal.db"), sqlite.Options{Synchronous: sqlite.SyncNormal})
	if err != nil {
		t.Fatal(err)
	}
	defer normal.Close()
	if write, read, err := normal.Pragmas(t.Context(), "synchronous"); err != nil || write["synchronous"] != "1" || read["synchronous"] != "1" {
		t.Errorf("synchronous normal: write pool %q, read pool %q (%v), want 1", write["synchronous"], read["synchronous"], err)
	}
	if s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "off.db"), sqlite.Options{Synchronous: "off"}); err == nil {
		s.Close()
		t.Error("synchronous off accepted")
	}
}

// TestGroupCommitIsolatesFailures: many concurrent writes share commits,
// and a write that fails (a duplicate e-mail) is rolled back alone.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "g.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	c := models.Committee{ID: models.NewID(now), Name: "Đảng ủy", TimeZone: models.DefaultTimeZone, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := st.Committees().Create(ctx, c, models.AuditEntry{ID: models.NewID(now), CommitteeID: c.ID, At: now, Entity: "committee", EntityID: c.ID, Action: "create"}); err != nil {
		t.Fatal(err)
	}
	const writers = 64
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := fmt.Sprintf("u%d@g.example", i/2) // every address twice
			u := models.User{ID: models.NewID(now), CommitteeID: c.ID, Name: "U", Email: email, Role: models.RoleViewer, Language: "vi", Version: 1, CreatedAt: now, UpdatedAt: now}
			errs[i] = st.Users().Create(ctx, u, models.AuditEntry{ID: models.NewID(now), CommitteeID: c.ID, At: now, Entity: "user", EntityID: u.ID, Action: "create"})
		}()
	}
	wg.Wait()
	ok, dup := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, models.ErrDuplicate):
			dup++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	users, err := st.Users().List(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := st.Audit().List(ctx, store.AuditFilter{Committee: c.ID, Entity: "user"})
	if ok != writers/2 || dup != writers/2 || len(users) != writers/2 || len(entries) != writers/2 {
		t.Errorf("ok %d, duplicates %d, users stored %d, audit entries %d; want %d each", ok, dup, len(users), len(entries), writers/2)
	}
}

// TestCreateManyIsAllOrNothing: one task CreateMany cannot store (its
// committee does not exist) keeps every other task of the call, and their
// audit entries, out; the same call without it stores them all.
func TestCreateManyIsAllOrNothing(t *testing.T) {
	ctx := t.Context()
	st := open(t, filepath.Join(t.TempDir(), "m.db"))
	defer st.Close()
	now := time.Date(2021, 9, 23, 8, 0, 0, 0, time.UTC)
	c := models.Committee{ID: models.NewID(now), Name: "Đảng ủy", TimeZone: models.DefaultTimeZone, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := st.Committees().Create(ctx, c, models.AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	var ts []models.Task
	var audits []models.AuditEntry
	for i := range 4 {
		task := models.Task{ID: models.NewID(now), CommitteeID: c.ID, Period: "2021-09", AreaID: models.NewID(now),
			Text: fmt.Sprintf("Nhiệm vụ %d", i), LeadUnitID: models.NewID(now), CoordinatingUnitIDs: []models.ID{models.NewID(now)},
			State: models.StateNotStarted, Version: 1, CreatedAt: now, UpdatedAt: now}
		task.Derive(time.UTC, 1)
		ts = append(ts, task)
		audits = append(audits, models.AuditEntry{ID: models.NewID(now), CommitteeID: c.ID, At: now, Entity: models.EntityTask, EntityID: task.ID, Action: "create"})
	}
	orphan := ts[2]
	orphan.CommitteeID = models.NewID(now) // no such committee: the foreign key refuses it
	bad := []models.Task{ts[0], ts[1], orphan, ts[3]}

	err := st.Tasks().CreateMany(ctx, bad, audits)
	if !errors.Is(err, models.ErrInvalid) {
		t.Fatalf("CreateMany with a task of a missing committee: %v, want ErrInvalid", err)
	}
	stored := func() (int, int) {
		_, n, err := st.Tasks().List(ctx, store.TaskFilter{Committee: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		_, byUnit, err := st.Tasks().List(ctx, store.TaskFilter{Committee: c.ID, UnitID: ts[0].LeadUnitID})
		if err != nil {
			t.Fatal(err)
		}
		entries, err := st.Audit().List(ctx, store.AuditFilter{Committee: c.ID, Entity: models.EntityTask})
		if err != nil {
			t.Fatal(err)
		}
		return n + byUnit, len(entries)
	}
	if tasks, entries := stored(); tasks != 0 || entries != 0 {
		t.Errorf("after the failed CreateMany: %d task rows and %d audit entries stored, want none", tasks, entries)
	}
	for _, task := range ts {
		if _, err := st.Tasks().Get(ctx, c.ID, task.ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("task %s after the failed CreateMany: %v, want ErrNotFound", task.ID, err)
		}
	}

	if err := st.Tasks().CreateMany(ctx, ts, audits); err != nil {
		t.Fatal(err)
	}
	if tasks, entries := stored(); tasks != len(ts)+1 || entries != len(ts) {
		t.Errorf("after CreateMany: %d listed (all tasks, then the first lead's) and %d audit entries, want %d and %d",
			tasks, entries, len(ts)+1, len(ts))
	}
}
