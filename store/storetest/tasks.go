package storetest

import (
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

func testTaskRoundTrip(e *env) {
	f := e.fixture("C")
	accepted := base.Add(36*time.Hour + 987654321)
	cases := []struct {
		name string
		mod  func(*models.Task)
	}{
		{"minimal", func(t *models.Task) {}},
		{"nil coordinating units", func(t *models.Task) { t.CoordinatingUnitIDs = nil }},
		{"no deadline", func(t *models.Task) { t.Deadline = "" }},
		{"everything", func(t *models.Task) {
			t.AreaID = f.Areas[1].ID
			t.Text = "Phối hợp với  Hội LHPN phường tổ chức \"Ngày hội\" — 100% hộ dân\nđăng ký"
			t.Source = &models.SourceRef{Resolution: "31-NQ/ĐU", Section: "II", AreaIndex: 2, ItemIndex: 7}
			t.CoordinatingUnitIDs = []models.ID{f.Units[2].ID, f.Units[1].ID}
			t.FollowUpUnitID = f.Units[2].ID
			t.Deadline = "2021-09-15"
			t.State = models.StateDone
			t.Percent = 100
			t.AcceptedAt = &accepted
			t.AcceptedBy = "leader00000000000001"
			t.CarriedFromID = "carried0000000000001"
			t.CarryCount = 2
			t.Version = 7
		}},
		{"empty source", func(t *models.Task) { t.Source = &models.SourceRef{} }},
		{"waiting, with the resolution's notes", func(t *models.Task) {
			t.State = models.StatePaused
			t.Deadline = ""
			t.Condition = "khi được cấp trên phân bổ kinh phí"
			t.Footnotes = []string{"11: 05 công trình xây mới, 08 công trình sửa chữa", "12: theo Kế hoạch số 20-KH/ĐU"}
		}},
	}
	for _, tc := range cases {
		e.t.Run(tc.name, func(t *testing.T) {
			e := &env{t: t, ctx: e.ctx, s: e.s, clock: e.tick()}
			want := e.task(f, tc.mod)
			got, err := e.s.Tasks().Get(e.ctx, f.C.ID, want.ID)
			e.must(err)
			e.checkUTC("task.CreatedAt", got.CreatedAt)
			e.checkUTC("task.UpdatedAt", got.UpdatedAt)
			if got.AcceptedAt != nil {
				e.checkUTC("task.AcceptedAt", *got.AcceptedAt)
			}
			if got.CoordinatingUnitIDs == nil {
				t.Errorf("CoordinatingUnitIDs: got nil, want an empty slice")
			}
			same(t, "Get", normTask(got), normTask(want))
		})
	}
	if !(base.Add(36*time.Hour + 987654321)).After(models.Date("2021-09-15").EndIn(f.C.Location())) {
		e.t.Fatal("fixture: acceptance should be late")
	}
	got, _, err := e.s.Tasks().List(e.ctx, store.TaskFilter{Committee: f.C.ID, Timeliness: models.TimelyDoneLate, Today: "2021-09-23", DueSoonUntil: "2021-09-26"})
	e.must(err)
	if len(got) != 1 || !got[0].AcceptedLate {
		e.t.Errorf("AcceptedLate: listed %d late tasks, want 1 with AcceptedLate", len(got))
	}
	dup := e.newTask(f)
	e.must(e.s.Tasks().Create(e.ctx, dup, e.audit(f.C.ID, models.EntityTask, dup.ID, "create", nil, dup)))
	e.wantErr("Create same id twice", e.s.Tasks().Create(e.ctx, dup, e.audit(f.C.ID, models.EntityTask, dup.ID, "create", nil, dup)), models.ErrDuplicate)
}

func testTaskUpdate(e *env) {
	f := e.fixture("C")
	created := e.newTask(f)
	createAudit := e.audit(f.C.ID, models.EntityTask, created.ID, "create", nil, created)
	e.must(e.s.Tasks().Create(e.ctx, created, createAudit))

	// Change every mutable field, including the units (lead swapped with a
	// coordinating one) and a move to another area.
	upd := created
	upd.AreaID = f.Areas[1].ID
	upd.Text = "Đã sửa nội dung"
	upd.LeadUnitID = f.Units[1].ID
	upd.CoordinatingUnitIDs = []models.ID{f.Units[0].ID}
	upd.Deadline = ""
	upd.State = models.StateInProgress
	upd.Percent = 40
	upd.Source = &models.SourceRef{Resolution: "31-NQ/ĐU", Section: "II", AreaIndex: 1, ItemIndex: 3}
	upd.Condition = "khi có hướng dẫn của cấp trên"
	upd.Footnotes = []string{"3: 12 tổ dân phố"}
	upd.Version = 2
	upd.UpdatedBy = "updater0000000000001"
	upd.UpdatedAt = e.tick()
	upd.Derive(f.C.Location(), f.Areas[1].Position)
	prog := &models.Progress{
		ID: e.id(), CommitteeID: f.C.ID, TaskID: upd.ID, Kind: models.ProgressReport, UnitID: f.Units[1].ID,
		UserID: "user0000000000000001", At: e.tick(), Percent: 40,
		FromState: models.StateNotStarted, ToState: models.StateInProgress, Note: "Đang triển khai",
	}
	updAudit := e.audit(f.C.ID, models.EntityTask, upd.ID, "progress", created, upd)
	e.must(e.s.Tasks().Update(e.ctx, store.TaskChange{Task: upd, Expected: 1, Audit: updAudit, Progress: prog}))

	got, err := e.s.Tasks().Get(e.ctx, f.C.ID, upd.ID)
	e.must(err)
	same(e.t, "Get after Update", normTask(got), normTask(upd))
	progress, err := e.s.Tasks().Progress(e.ctx, f.C.ID, upd.ID)
	e.must(err)
	if len(progress) != 1 {
		e.t.Fatalf("Progress: got %d entries, want 1", len(progress))
	}
	e.checkUTC("progress.At", progress[0].At)
	same(e.t, "progress entry", normProgress(progress[0]), normProgress(*prog))
	e.wantAudit(f.C.ID, models.EntityTask, upd.ID, updAudit, createAudit)

	// The unit filter follows the new roles.
	for _, tc := range []struct {
		unit models.ID
		role store.UnitRole
		want int
	}{
		{f.Units[1].ID, store.UnitRoleLead, 1},
		{f.Units[0].ID, store.UnitRoleLead, 0},
		{f.Units[0].ID, store.UnitRoleCoordinating, 1},
		{f.Units[2].ID, store.UnitRoleAny, 0},
	} {
		_, n, err := e.s.Tasks().List(e.ctx, store.TaskFilter{Committee: f.C.ID, UnitID: tc.unit, UnitRole: tc.role})
		e.must(err)
		if n != tc.want {
			e.t.Errorf("after Update, unit %s role %q: %d tasks, want %d", tc.unit, tc.role, n, tc.want)
		}
	}

	// An update without a progress entry stores none.
	upd2 := upd
	upd2.Percent, upd2.Version, upd2.UpdatedAt = 50, 3, e.tick()
	upd2Audit := e.audit(f.C.ID, models.EntityTask, upd.ID, "update", upd, upd2)
	e.must(e.s.Tasks().Update(e.ctx, store.TaskChange{Task: upd2, Expected: 2, Audit: upd2Audit}))
	progress, err = e.s.Tasks().Progress(e.ctx, f.C.ID, upd.ID)
	e.must(err)
	same(e.t, "progress entries after an update without one", len(progress), 1)
	e.wantAudit(f.C.ID, models.EntityTask, upd.ID, upd2Audit, updAudit, createAudit)
}

func testTaskUpdateStale(e *env) {
	f := e.fixture("C")
	created := e.newTask(f)
	createAudit := e.audit(f.C.ID, models.EntityTask, created.ID, "create", nil, created)
	e.must(e.s.Tasks().Create(e.ctx, created, createAudit))
	v2 := created
	v2.Percent, v2.Version, v2.UpdatedAt = 10, 2, e.tick()
	v2Audit := e.audit(f.C.ID, models.EntityTask, created.ID, "update", created, v2)
	e.must(e.s.Tasks().Update(e.ctx, store.TaskChange{Task: v2, Expected: 1, Audit: v2Audit}))

	for _, tc := range []struct {
		name     string
		task     models.Task
		expected int64
		want     error
	}{
		{"stale version", withChange(created, 99, 2), 1, models.ErrConflict},
		{"future version", withChange(created, 99, 4), 3, models.ErrConflict},
		{"unknown id", withID(withChange(created, 99, 3), e.id()), 2, models.ErrNotFound},
	} {
		prog := &models.Progress{ID: e.id(), CommitteeID: f.C.ID, TaskID: tc.task.ID, Kind: models.ProgressReport, UserID: "u", At: e.tick(), Percent: 99}
		err := e.s.Tasks().Update(e.ctx, store.TaskChange{
			Task: tc.task, Expected: tc.expected, Progress: prog,
			Audit: e.audit(f.C.ID, models.EntityTask, tc.task.ID, "update", nil, tc.task),
		})
		e.wantErr(tc.name, err, tc.want)
	}

	got, err := e.s.Tasks().Get(e.ctx, f.C.ID, created.ID)
	e.must(err)
	same(e.t, "task after refused updates", normTask(got), normTask(v2))
	progress, err := e.s.Tasks().Progress(e.ctx, f.C.ID, created.ID)
	e.must(err)
	same(e.t, "progress entries after refused updates", len(progress), 0)
	e.wantAudit(f.C.ID, models.EntityTask, created.ID, v2Audit, createAudit)
	all, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: f.C.ID, Entity: models.EntityTask})
	e.must(err)
	same(e.t, "task audit entries in the committee", len(all), 2)
}

func withChange(t models.Task, percent int, version int64) models.Task {
	t.Percent, t.Version = percent, version
	return t
}

func withID(t models.Task, id models.ID) models.Task {
	t.ID = id
	return t
}

func testTaskIsolation(e *env) {
	f, g := e.fixture("C1"), e.fixture("C2")
	mine := e.task(f)
	theirs := e.task(g)

	_, err := e.s.Tasks().Get(e.ctx, g.C.ID, mine.ID)
	e.wantErr("Get another committee's task", err, models.ErrNotFound)
	_, err = e.s.Tasks().Get(e.ctx, f.C.ID, e.id())
	e.wantErr("Get unknown task", err, models.ErrNotFound)

	hijack := mine
	hijack.CommitteeID, hijack.Text, hijack.Version = g.C.ID, "hijacked", 2
	err = e.s.Tasks().Update(e.ctx, store.TaskChange{Task: hijack, Expected: 1, Audit: e.audit(g.C.ID, models.EntityTask, mine.ID, "update", nil, nil)})
	e.wantErr("Update through another committee", err, models.ErrNotFound)
	got, err := e.s.Tasks().Get(e.ctx, f.C.ID, mine.ID)
	e.must(err)
	same(e.t, "task after hijack attempt", normTask(got), normTask(mine))

	for _, tc := range []struct {
		name string
		f    store.TaskFilter
		want []models.ID
	}{
		{"own committee", store.TaskFilter{Committee: f.C.ID}, []models.ID{mine.ID}},
		{"other committee", store.TaskFilter{Committee: g.C.ID}, []models.ID{theirs.ID}},
		{"other committee's unit", store.TaskFilter{Committee: f.C.ID, UnitID: g.Units[0].ID}, []models.ID{}},
		{"unknown committee", store.TaskFilter{Committee: e.id()}, []models.ID{}},
	} {
		list, n, err := e.s.Tasks().List(e.ctx, tc.f)
		e.must(err)
		same(e.t, tc.name, taskIDs(list), tc.want)
		same(e.t, tc.name+" total", n, len(tc.want))
	}
	progress, err := e.s.Tasks().Progress(e.ctx, g.C.ID, mine.ID)
	e.must(err)
	same(e.t, "Progress through another committee", len(progress), 0)
}

func testTaskProgress(e *env) {
	f := e.fixture("C")
	t1, t2 := e.task(f), e.task(f)
	// At is deliberately out of insertion order: history is ordered by time.
	times := []time.Duration{3 * time.Hour, time.Hour, 2 * time.Hour}
	cur := map[models.ID]models.Task{t1.ID: t1, t2.ID: t2}
	var want []models.Progress
	for i, d := range times {
		for _, id := range []models.ID{t1.ID, t2.ID} {
			t := cur[id]
			next := t
			next.Percent, next.Version, next.UpdatedAt = 10*(i+1), t.Version+1, e.tick()
			p := models.Progress{
				ID: e.id(), CommitteeID: f.C.ID, TaskID: id, Kind: models.ProgressNote, UserID: "office00000000000001",
				At: base.Add(d), Percent: next.Percent, Note: "Đề nghị báo cáo",
			}
			e.must(e.s.Tasks().Update(e.ctx, store.TaskChange{Task: next, Expected: t.Version, Progress: &p,
				Audit: e.audit(f.C.ID, models.EntityTask, id, "note", t, next)}))
			cur[id] = next
			if id == t1.ID {
				want = append(want, p)
			}
		}
	}
	want = []models.Progress{want[1], want[2], want[0]}
	got, err := e.s.Tasks().Progress(e.ctx, f.C.ID, t1.ID)
	e.must(err)
	if len(got) != len(want) {
		e.t.Fatalf("Progress: got %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		same(e.t, "progress entry", normProgress(got[i]), normProgress(want[i]))
	}
	none, err := e.s.Tasks().Progress(e.ctx, f.C.ID, e.id())
	e.must(err)
	same(e.t, "Progress of unknown task", len(none), 0)
}
