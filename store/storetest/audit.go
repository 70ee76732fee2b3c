package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

func testAudit(e *env) {
	log := e.s.Audit()
	c1, c2 := e.committee("C1"), e.committee("C2")
	taskA, taskB, unit := e.id(), e.id(), e.id()
	entry := func(c models.ID, entity string, id models.ID, action string, at time.Duration) models.AuditEntry {
		a := e.audit(c, entity, id, action, map[string]any{"n": 1}, map[string]any{"n": 2, "text": "Nội dung"})
		a.At = base.Add(at)
		return a
	}
	// Appended out of time order: lists are newest first by At.
	entries := []models.AuditEntry{
		entry(c1.ID, models.EntityTask, taskA, "create", time.Hour),
		entry(c1.ID, models.EntityTask, taskA, "progress", 3*time.Hour),
		entry(c1.ID, models.EntityTask, taskB, "create", 2*time.Hour),
		entry(c1.ID, models.EntityUnit, unit, "update", 4*time.Hour),
		entry(c1.ID, models.EntityTask, taskA, "accept", 5*time.Hour),
		entry(c2.ID, models.EntityTask, taskA, "create", 6*time.Hour), // same entity id, other committee
	}
	entries[0].Before = nil
	for _, a := range entries {
		e.must(log.Append(e.ctx, a))
	}
	e.wantErr("Append same id twice", log.Append(e.ctx, entries[0]), models.ErrDuplicate)

	pick := func(is ...int) []models.AuditEntry {
		var out []models.AuditEntry
		for _, i := range is {
			out = append(out, normAudit(entries[i]))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    store.AuditFilter
		want []models.AuditEntry
	}{
		{"task A", store.AuditFilter{Committee: c1.ID, Entity: models.EntityTask, EntityID: taskA}, pick(4, 1, 0)},
		{"tasks", store.AuditFilter{Committee: c1.ID, Entity: models.EntityTask}, pick(4, 1, 2, 0)},
		{"units", store.AuditFilter{Committee: c1.ID, Entity: models.EntityUnit}, pick(3)},
		{"tasks, second page", store.AuditFilter{Committee: c1.ID, Entity: models.EntityTask, Offset: 1, Limit: 2}, pick(1, 2)},
		{"tasks, past the end", store.AuditFilter{Committee: c1.ID, Entity: models.EntityTask, Offset: 10, Limit: 2}, nil},
		{"other committee", store.AuditFilter{Committee: c2.ID, Entity: models.EntityTask, EntityID: taskA}, pick(5)},
	} {
		got, err := log.List(e.ctx, tc.f)
		if err != nil {
			e.t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var norm []models.AuditEntry
		for _, a := range got {
			e.checkUTC("audit.At", a.At)
			norm = append(norm, normAudit(a))
		}
		same(e.t, tc.name, norm, tc.want)
	}

	// Everything in c1, including the entries the repositories wrote, newest first.
	got, err := log.List(e.ctx, store.AuditFilter{Committee: c1.ID})
	e.must(err)
	if len(got) != 6 { // five appended, one from creating the committee
		e.t.Errorf("all of c1: got %d entries %v, want 6", len(got), auditActions(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].At.After(got[i-1].At) {
			e.t.Errorf("entries %d and %d not newest first: %v, %v", i-1, i, got[i-1].At, got[i].At)
		}
	}
}

// testConcurrentUpdates runs read-modify-write updates from 8 goroutines on
// a few tasks. Every update that succeeds must be kept, and the only
// failure allowed is a version conflict.
func testConcurrentUpdates(e *env) {
	f := e.fixture("C")
	tasks := []models.Task{e.task(f), e.task(f), e.task(f)}
	const workers, rounds = 8, 12

	var (
		mu        sync.Mutex
		successes = map[models.ID]int{}
		failures  []error
		wg        sync.WaitGroup
	)
	// Ids and times are made up front: the fixture clock is not shared.
	type attempt struct {
		auditID, progressID models.ID
		at                  time.Time
	}
	plan := make([][]attempt, workers)
	for w := range plan {
		for range rounds {
			plan[w] = append(plan[w], attempt{e.id(), e.id(), e.tick()})
		}
	}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r, a := range plan[w] {
				id := tasks[(w+r)%len(tasks)].ID
				cur, err := e.s.Tasks().Get(e.ctx, f.C.ID, id)
				if err != nil {
					mu.Lock()
					failures = append(failures, fmt.Errorf("get: %w", err))
					mu.Unlock()
					continue
				}
				next := cur
				next.Percent++
				next.Text = fmt.Sprintf("%s|%d.%d", cur.Text, w, r)
				next.SearchKey = models.Fold(next.Text)
				next.Version = cur.Version + 1
				next.UpdatedAt = a.at
				err = e.s.Tasks().Update(e.ctx, store.TaskChange{
					Task: next, Expected: cur.Version,
					Audit: models.AuditEntry{ID: a.auditID, CommitteeID: f.C.ID, ActorID: "worker", At: a.at,
						Entity: models.EntityTask, EntityID: id, Action: "progress"},
					Progress: &models.Progress{ID: a.progressID, CommitteeID: f.C.ID, TaskID: id, Kind: models.ProgressReport,
						UserID: "worker", At: a.at, Percent: next.Percent},
				})
				mu.Lock()
				switch {
				case err == nil:
					successes[id]++
				case !errors.Is(err, models.ErrConflict):
					failures = append(failures, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range failures {
		e.t.Errorf("concurrent update failed with something other than a conflict: %v", err)
	}
	total := 0
	for _, t := range tasks {
		n := successes[t.ID]
		total += n
		got, err := e.s.Tasks().Get(e.ctx, f.C.ID, t.ID)
		e.must(err)
		if got.Version != int64(1+n) || got.Percent != n {
			e.t.Errorf("task %s: version %d, percent %d after %d successful updates; want version %d, percent %d",
				t.ID, got.Version, got.Percent, n, 1+n, n)
		}
		if marks := strings.Count(got.Text, "|"); marks != n {
			e.t.Errorf("task %s: text carries %d of %d successful updates", t.ID, marks, n)
		}
		progress, err := e.s.Tasks().Progress(e.ctx, f.C.ID, t.ID)
		e.must(err)
		trail, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: f.C.ID, Entity: models.EntityTask, EntityID: t.ID})
		e.must(err)
		if len(progress) != n || len(trail) != n+1 {
			e.t.Errorf("task %s: %d progress entries and %d audit entries after %d successful updates; want %d and %d",
				t.ID, len(progress), len(trail), n, n, n+1)
		}
	}
	if total == 0 {
		e.t.Errorf("no update succeeded")
	}
	e.t.Logf("%d of %d concurrent updates succeeded", total, workers*rounds)
}
