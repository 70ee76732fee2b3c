package storetest

import (
	"slices"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// testTaskUpdateMany: changes at their expected version are stored with
// their progress and audit entries and show in the lists; a stale or
// missing task is skipped and reported; repeating the call stores nothing
// more and reports the same.
func testTaskUpdateMany(e *env) {
	f := e.fixture("C")
	u0, u1, u2 := f.Units[0].ID, f.Units[1].ID, f.Units[2].ID
	created := map[models.ID]models.AuditEntry{}
	task := func() models.Task {
		t := e.newTask(f, func(t *models.Task) { t.CoordinatingUnitIDs = []models.ID{u1} })
		created[t.ID] = e.audit(f.C.ID, models.EntityTask, t.ID, "create", nil, t)
		e.must(e.s.Tasks().Create(e.ctx, t, created[t.ID]))
		return t
	}
	a, b, c := task(), task(), task()

	// b moves on before the call.
	b2 := b
	b2.Percent, b2.Version, b2.UpdatedAt = 30, 2, e.tick()
	b2Audit := e.audit(f.C.ID, models.EntityTask, b.ID, "update", b, b2)
	e.must(e.s.Tasks().Update(e.ctx, store.TaskChange{Task: b2, Expected: 1, Audit: b2Audit}))

	carried := func(t models.Task, mod func(*models.Task)) store.TaskChange {
		next := t
		next.State, next.Version, next.UpdatedBy, next.UpdatedAt = models.StateCarried, t.Version+1, "actor0000000000000a", e.tick()
		if mod != nil {
			mod(&next)
		}
		next.Derive(f.C.Location(), t.AreaPosition)
		return store.TaskChange{
			Task: next, Expected: t.Version,
			Audit: e.audit(f.C.ID, models.EntityTask, t.ID, "carry", t, next),
			Progress: &models.Progress{ID: e.id(), CommitteeID: f.C.ID, TaskID: t.ID, Kind: models.ProgressCarry, UserID: "actor0000000000000a",
				At: e.tick(), Percent: next.Percent, FromState: t.State, ToState: next.State, Note: "Chuyển sang tháng 10/2021"},
		}
	}
	// c also changes hands: its units are written again.
	swap := func(t *models.Task) { t.LeadUnitID, t.CoordinatingUnitIDs = u1, []models.ID{u0, u2} }
	missing := e.newTask(f)
	chs := []store.TaskChange{carried(a, nil), carried(b, nil), carried(c, swap), carried(missing, nil)}
	want := []bool{true, false, true, false}

	e.must(e.s.Tasks().CreateMany(e.ctx, nil, nil))
	none, err := e.s.Tasks().UpdateMany(e.ctx, nil)
	e.must(err)
	same(e.t, "stored by an empty call", len(none), 0)
	twice := chs[0]
	twice.Task.Version, twice.Expected = 3, 2
	for name, bad := range map[string][]store.TaskChange{
		"a version that does not move by one": {chs[0], withVersion(chs[2], 5)},
		"one task changed twice":              {chs[0], twice},
	} {
		_, err := e.s.Tasks().UpdateMany(e.ctx, bad)
		e.wantErr(name, err, models.ErrInvalid)
	}
	got, err := e.s.Tasks().Get(e.ctx, f.C.ID, a.ID)
	e.must(err)
	same(e.t, "task after refused calls", normTask(got), normTask(a))

	check := func(round string) {
		e.t.Helper()
		for i, wantTask := range []models.Task{chs[0].Task, b2, chs[2].Task} {
			got, err := e.s.Tasks().Get(e.ctx, f.C.ID, wantTask.ID)
			e.must(err)
			same(e.t, round+": task", normTask(got), normTask(wantTask))
			progress, err := e.s.Tasks().Progress(e.ctx, f.C.ID, wantTask.ID)
			e.must(err)
			if want[i] {
				if len(progress) != 1 {
					e.t.Fatalf("%s: task %d has %d progress entries, want 1", round, i, len(progress))
				}
				same(e.t, round+": progress entry", normProgress(progress[0]), normProgress(*chs[i].Progress))
			} else {
				same(e.t, round+": progress entries of the stale task", len(progress), 0)
			}
		}
		e.wantAudit(f.C.ID, models.EntityTask, a.ID, chs[0].Audit, created[a.ID])
		e.wantAudit(f.C.ID, models.EntityTask, b.ID, b2Audit, created[b.ID])
		e.wantAudit(f.C.ID, models.EntityTask, c.ID, chs[2].Audit, created[c.ID])
		if _, err := e.s.Tasks().Get(e.ctx, f.C.ID, missing.ID); err == nil {
			e.t.Errorf("%s: the missing task was created", round)
		}
		// The lists follow the new states and units.
		for _, tc := range []struct {
			name string
			f    store.TaskFilter
			want []models.ID
		}{
			{"carried", store.TaskFilter{States: []models.WorkState{models.StateCarried}}, []models.ID{a.ID, c.ID}},
			{"u0 carried", store.TaskFilter{UnitID: u0, States: []models.WorkState{models.StateCarried}}, []models.ID{a.ID, c.ID}},
			{"u0 lead", store.TaskFilter{UnitID: u0, UnitRole: store.UnitRoleLead}, []models.ID{a.ID, b.ID}},
			{"u1 lead", store.TaskFilter{UnitID: u1, UnitRole: store.UnitRoleLead}, []models.ID{c.ID}},
			{"u1 coordinating", store.TaskFilter{UnitID: u1, UnitRole: store.UnitRoleCoordinating}, []models.ID{a.ID, b.ID}},
			{"u2", store.TaskFilter{UnitID: u2}, []models.ID{c.ID}},
		} {
			tc.f.Committee = f.C.ID
			list, n, err := e.s.Tasks().List(e.ctx, tc.f)
			e.must(err)
			ids := taskIDs(list)
			slices.Sort(ids)
			slices.Sort(tc.want)
			same(e.t, round+": listed "+tc.name, ids, tc.want)
			same(e.t, round+": total "+tc.name, n, len(tc.want))
		}
	}

	stored, err := e.s.Tasks().UpdateMany(e.ctx, chs)
	e.must(err)
	same(e.t, "stored", stored, want)
	check("first call")

	// Again, as a retry does: the changes made are recognised, nothing is
	// stored twice.
	stored, err = e.s.Tasks().UpdateMany(e.ctx, chs)
	e.must(err)
	same(e.t, "stored by the repeated call", stored, want)
	check("repeated call")
	all, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: f.C.ID, Entity: models.EntityTask})
	e.must(err)
	same(e.t, "task audit entries in the committee", len(all), 6)
}

func withVersion(ch store.TaskChange, v int64) store.TaskChange {
	ch.Task.Version = v
	return ch
}
