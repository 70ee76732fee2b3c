package services_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

// racyStore makes the next n task updates lose to an imaginary concurrent
// writer, as if someone saved the task just before.
type racyStore struct {
	store.Store
	conflicts atomic.Int32
	// meanwhile, when set, runs once before the next update: a real
	// concurrent change.
	meanwhile func()
}

func (r *racyStore) Tasks() store.Tasks { return racyTasks{r.Store.Tasks(), r} }

type racyTasks struct {
	store.Tasks
	r *racyStore
}

func (t racyTasks) Update(ctx context.Context, ch store.TaskChange) error {
	if f := t.r.meanwhile; f != nil {
		t.r.meanwhile = nil
		f()
	}
	if t.r.conflicts.Add(-1) >= 0 {
		return fmt.Errorf("simulated: %w", models.ErrConflict)
	}
	return t.Tasks.Update(ctx, ch)
}

type clock struct{ now time.Time }

func (c clock) Now() time.Time { return c.now }

func setup(t *testing.T) (*services.Services, *racyStore, models.Actor, models.Actor, models.ID) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	racy := &racyStore{Store: st}
	svc := services.New(racy, clock{time.Date(2021, 10, 5, 0, 0, 0, 0, time.UTC)}, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{})
	c, err := svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Thử"})
	if err != nil {
		t.Fatal(err)
	}
	admin := models.Actor{CommitteeID: c.ID, Role: models.RoleAdmin}
	unit, _ := svc.Units.Create(ctx, admin, directory.UnitInput{Kind: models.UnitMassOrg, Name: "Hội Nông dân phường"})
	leader := models.Actor{UserID: "01aaaaaaaaaaaaaaaaaa", CommitteeID: c.ID, Role: models.RoleLeader}
	areas, _ := svc.Areas.List(ctx, leader)
	v, err := svc.Tasks.Create(ctx, leader, task.TaskInput{Period: "2021-10", AreaID: areas[0].ID, Text: "Rà soát hội viên", LeadUnitID: unit.ID})
	if err != nil {
		t.Fatal(err)
	}
	officer := models.Actor{UserID: "01bbbbbbbbbbbbbbbbbb", CommitteeID: c.ID, Role: models.RoleUnit, UnitID: unit.ID}
	return svc, racy, leader, officer, v.ID
}

// A report that meets a concurrent change is re-applied to the fresh task,
// not lost and not turned into an error for the unit.
func TestReportRetriesAfterConflict(t *testing.T) {
	svc, racy, _, officer, id := setup(t)
	racy.conflicts.Store(2)
	pct := 40
	v, err := svc.Tasks.ReportProgress(context.Background(), officer, id, task.ProgressInput{Percent: &pct, Note: "Đã rà soát 3 chi hội"})
	if err != nil || v.Percent != 40 || v.Version != 2 {
		t.Fatalf("report: %v %+v", err, v)
	}
}

// A leader's action pinned to a version is never applied to a newer task:
// when someone else's change lands first, the retry sees it and stops.
func TestPinnedVersionIsNotRetried(t *testing.T) {
	svc, racy, leader, officer, id := setup(t)
	racy.meanwhile = func() {
		if _, err := svc.Tasks.ReportProgress(context.Background(), officer, id, task.ProgressInput{Note: "báo cáo chen ngang"}); err != nil {
			t.Error(err)
		}
	}
	_, err := svc.Tasks.Cancel(context.Background(), leader, id, 1, "")
	if !errors.Is(err, models.ErrConflict) {
		t.Fatalf("cancel with a conflicting pinned version: %v", err)
	}
	if v, _ := svc.Tasks.Get(context.Background(), leader, id); v.State == models.StateCancelled {
		t.Fatalf("state %s", v.State)
	}
}

// A report made on the version the unit saw is refused, and changes
// nothing, once the task has moved on; without a version it is applied to
// the fresh task.
func TestReportPinnedToVersion(t *testing.T) {
	svc, racy, leader, officer, id := setup(t)
	ctx := context.Background()
	racy.meanwhile = func() {
		if _, err := svc.Tasks.ReportProgress(ctx, officer, id, task.ProgressInput{Note: "báo cáo chen ngang"}); err != nil {
			t.Error(err)
		}
	}
	pct := 60
	_, err := svc.Tasks.ReportProgress(ctx, officer, id, task.ProgressInput{Percent: &pct, Version: 1})
	if !errors.Is(err, models.ErrConflict) {
		t.Fatalf("report on version 1 after another change: %v", err)
	}
	if v, _ := svc.Tasks.Get(ctx, leader, id); v.Percent != 0 || v.Version != 2 {
		t.Fatalf("after the refused report: %d%%, version %d", v.Percent, v.Version)
	}
	if v, err := svc.Tasks.ReportProgress(ctx, officer, id, task.ProgressInput{Percent: &pct, Version: 2}); err != nil || v.Percent != 60 || v.Version != 3 {
		t.Fatalf("report on the current version: %v %+v", err, v)
	}
}

// Retries give up after a few rounds of losing: the caller hears of the conflict.
func TestRetriesAreBounded(t *testing.T) {
	svc, racy, _, officer, id := setup(t)
	racy.conflicts.Store(100)
	_, err := svc.Tasks.ReportProgress(context.Background(), officer, id, task.ProgressInput{Note: "x"})
	if !errors.Is(err, models.ErrConflict) {
		t.Fatalf("endless conflicts: %v", err)
	}
}

// Permissions hold in the services, whatever the HTTP layer does.
func TestServicesEnforcePermissions(t *testing.T) {
	svc, _, leader, officer, id := setup(t)
	ctx := context.Background()
	text := "Sửa"
	if _, err := svc.Tasks.Update(ctx, officer, id, task.TaskPatch{Version: 1, Text: &text}); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("unit editing text: %v", err)
	}
	if _, err := svc.Tasks.Accept(ctx, officer, id, 0, ""); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("unit accepting: %v", err)
	}
	if _, err := svc.Units.Create(ctx, leader, directory.UnitInput{Kind: models.UnitOther, Name: "X"}); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("leader creating a unit: %v", err)
	}
	stranger := models.Actor{UserID: "01cccccccccccccccccc", CommitteeID: "01dddddddddddddddddd", Role: models.RoleLeader}
	if _, err := svc.Tasks.Get(ctx, stranger, id); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("another committee's leader: %v", err)
	}
}

// Someone who may not make a change hears so, whatever version they sent:
// a stale version is no reason to tell them the task has changed.
func TestForbiddenBeforeStale(t *testing.T) {
	svc, _, leader, officer, id := setup(t)
	ctx := context.Background()
	if _, err := svc.Tasks.AddNote(ctx, leader, id, "Đề nghị báo cáo tiến độ"); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"accept": func() error { _, err := svc.Tasks.Accept(ctx, officer, id, 1, ""); return err }(),
		"cancel": func() error { _, err := svc.Tasks.Cancel(ctx, officer, id, 1, ""); return err }(),
	} {
		if !errors.Is(err, models.ErrForbidden) {
			t.Errorf("%s by the unit at an old version: %v", name, err)
		}
	}
	if _, err := svc.Tasks.Cancel(ctx, leader, id, 1, ""); !errors.Is(err, models.ErrConflict) {
		t.Errorf("cancel by the leader at an old version: %v", err)
	}
}
