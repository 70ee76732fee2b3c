package services_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

// movingClock is a clock tests set.
type movingClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *movingClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// faultyStore fails chosen writes once, as a crash or an outage would.
type faultyStore struct {
	store.Store
	failCreateMany atomic.Int32 // fail the next n CreateMany calls
	failUpdateAt   atomic.Int32 // fail the update with this number (1-based), once
	updates        atomic.Int32
	failEnqueueAt  atomic.Int32 // fail the message with this number (1-based), once
	enqueues       atomic.Int32
	// meanwhile runs once after the next CreateMany: people at work while
	// the month is carried over, after the copies were made.
	meanwhile atomic.Pointer[func()]
}

var errInjected = errors.New("injected failure")

func (f *faultyStore) Tasks() store.Tasks   { return faultyTasks{f.Store.Tasks(), f} }
func (f *faultyStore) Outbox() store.Outbox { return faultyOutbox{f.Store.Outbox(), f} }

type faultyTasks struct {
	store.Tasks
	f *faultyStore
}

func (t faultyTasks) CreateMany(ctx context.Context, ts []models.Task, audits []models.AuditEntry) error {
	if t.f.failCreateMany.Add(-1) >= 0 {
		return errInjected
	}
	err := t.Tasks.CreateMany(ctx, ts, audits)
	if f := t.f.meanwhile.Swap(nil); f != nil && err == nil {
		(*f)()
	}
	return err
}

func (t faultyTasks) Update(ctx context.Context, ch store.TaskChange) error {
	if n := t.f.updates.Add(1); n == t.f.failUpdateAt.Load() {
		t.f.failUpdateAt.Store(0)
		return errInjected
	}
	return t.Tasks.Update(ctx, ch)
}

// UpdateMany counts its changes as updates: when the failing one is among
// them, the changes before it are stored and the rest are not, as when a
// run stops halfway.
func (t faultyTasks) UpdateMany(ctx context.Context, chs []store.TaskChange) ([]bool, error) {
	n := t.f.updates.Add(int32(len(chs)))
	first := n - int32(len(chs)) + 1
	if at := t.f.failUpdateAt.Load(); at >= first && at <= n {
		t.f.failUpdateAt.Store(0)
		if _, err := t.Tasks.UpdateMany(ctx, chs[:at-first]); err != nil {
			return nil, err
		}
		return nil, errInjected
	}
	return t.Tasks.UpdateMany(ctx, chs)
}

type faultyOutbox struct {
	store.Outbox
	f *faultyStore
}

func (o faultyOutbox) Enqueue(ctx context.Context, m models.Message) (bool, error) {
	if n := o.f.enqueues.Add(1); n == o.f.failEnqueueAt.Load() {
		o.f.failEnqueueAt.Store(0)
		return false, errInjected
	}
	return o.Outbox.Enqueue(ctx, m)
}

var ict = time.FixedZone("ICT", 7*3600)

// month is a committee with a hand-made October 2021:
//
//	t1 A chưa thực hiện, deadline 15/10 (passed)   → carried, deadline 30/11
//	t2 A đang thực hiện 40%, deadline 10/11         → carried, deadline kept
//	t3 B chờ xác nhận, no deadline                  → carried, none
//	t4 B tạm dừng, deadline 31/10                   → carried, 30/11
//	t5 C hoàn thành on time (deadline 31/10)        → stays
//	t6 C hủy                                        → stays
//	t7 A hoàn thành late (deadline 10/10)           → stays
//	t8 C chưa thực hiện, deadline 25/10             → carried; C has no e-mail
type month struct {
	t       *testing.T
	ctx     context.Context
	svc     *services.Services
	st      *faultyStore
	clock   *movingClock
	c       models.Committee
	leader  models.Actor
	units   map[string]models.Unit
	areas   []models.Area
	tasks   map[string]models.ID
	leaders []string
}

func newMonth(t *testing.T, opts services.Options) *month {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := &month{t: t, ctx: ctx, st: &faultyStore{Store: st}, clock: &movingClock{now: time.Date(2021, 10, 1, 2, 0, 0, 0, time.UTC)},
		units: map[string]models.Unit{}, tasks: map[string]models.ID{}}
	m.svc = services.New(m.st, m.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if m.c, err = m.svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Thử"}); err != nil {
		t.Fatal(err)
	}
	admin := models.Actor{CommitteeID: m.c.ID, Role: models.RoleAdmin}
	for key, in := range map[string]directory.UnitInput{
		"A": {Kind: models.UnitMassOrg, Name: "Hội LHPN phường", Emails: []string{"hlhpn@phuong.example", "chutich.hlhpn@phuong.example"}},
		"B": {Kind: models.UnitMassOrg, Name: "Đoàn TNCS Hồ Chí Minh", Emails: []string{"doantn@phuong.example"}},
		"C": {Kind: models.UnitMassOrg, Name: "Hội Nông dân phường"},
	} {
		u, err := m.svc.Units.Create(ctx, admin, in)
		if err != nil {
			t.Fatal(err)
		}
		m.units[key] = u
	}
	for i, r := range []models.Role{models.RoleLeader, models.RoleLeader, models.RoleOffice} {
		email := fmt.Sprintf("user%d@phuong.example", i)
		u, _, err := m.svc.Users.CreateFirst(ctx, m.c.ID, directory.UserInput{Name: "Người " + email, Email: email, Role: r, Password: "mật-khẩu-đủ-dài-123"})
		if err != nil {
			t.Fatal(err)
		}
		if r == models.RoleLeader {
			m.leaders = append(m.leaders, email)
			m.leader = models.Actor{UserID: u.ID, CommitteeID: m.c.ID, Role: r}
		}
	}
	if m.areas, err = m.svc.Areas.List(ctx, m.leader); err != nil {
		t.Fatal(err)
	}
	return m
}

func (m *month) officer(unit string) models.Actor {
	return models.Actor{UserID: models.NewID(m.clock.Now()), CommitteeID: m.c.ID, Role: models.RoleUnit, UnitID: m.units[unit].ID}
}

// add creates a task and brings it to state.
func (m *month) add(name, period, unit, deadline string, area int, state models.WorkState, percent int) models.ID {
	m.t.Helper()
	ctx := m.ctx
	v, err := m.svc.Tasks.Create(ctx, m.leader, task.TaskInput{Period: period, AreaID: m.areas[area].ID, Text: "Nhiệm vụ " + name + " của đơn vị " + unit,
		LeadUnitID: m.units[unit].ID, Deadline: deadline})
	if err != nil {
		m.t.Fatal(err)
	}
	must := func(_ task.TaskView, err error) {
		m.t.Helper()
		if err != nil {
			m.t.Fatalf("%s: %v", name, err)
		}
	}
	st := models.StateInProgress
	awaiting := models.StateAwaiting
	switch state {
	case models.StateInProgress:
		must(m.svc.Tasks.ReportProgress(ctx, m.officer(unit), v.ID, task.ProgressInput{Percent: &percent, State: &st}))
	case models.StateAwaiting:
		must(m.svc.Tasks.ReportProgress(ctx, m.officer(unit), v.ID, task.ProgressInput{State: &awaiting}))
	case models.StateDone:
		must(m.svc.Tasks.ReportProgress(ctx, m.officer(unit), v.ID, task.ProgressInput{State: &awaiting}))
		must(m.svc.Tasks.Accept(ctx, m.leader, v.ID, 0, ""))
	case models.StatePaused:
		paused := models.StatePaused
		must(m.svc.Tasks.Update(ctx, m.leader, v.ID, task.TaskPatch{Version: 1, State: &paused}))
	case models.StateCancelled:
		must(m.svc.Tasks.Cancel(ctx, m.leader, v.ID, 0, ""))
	}
	m.tasks[name] = v.ID
	return v.ID
}

// october makes the month described on the type.
func (m *month) october() {
	m.clock.Set(time.Date(2021, 10, 20, 3, 0, 0, 0, time.UTC))
	m.add("t1", "2021-10", "A", "2021-10-15", 0, models.StateNotStarted, 0)
	m.add("t2", "2021-10", "A", "2021-11-10", 1, models.StateInProgress, 40)
	m.add("t3", "2021-10", "B", "", 1, models.StateAwaiting, 0)
	m.add("t4", "2021-10", "B", "2021-10-31", 2, models.StatePaused, 0)
	m.add("t5", "2021-10", "C", "2021-10-31", 2, models.StateDone, 0)
	m.add("t6", "2021-10", "C", "2021-10-31", 0, models.StateCancelled, 0)
	m.add("t7", "2021-10", "A", "2021-10-10", 0, models.StateDone, 0)
	m.add("t8", "2021-10", "C", "2021-10-25", 0, models.StateNotStarted, 0)
}

func (m *month) task(id models.ID) models.Task {
	m.t.Helper()
	t, err := m.st.Store.Tasks().Get(m.ctx, m.c.ID, id)
	if err != nil {
		m.t.Fatalf("task %s: %v", id, err)
	}
	return t
}

func (m *month) list(period models.Month) []models.Task {
	m.t.Helper()
	ts, _, err := m.st.Store.Tasks().List(m.ctx, store.TaskFilter{Committee: m.c.ID, Period: period})
	if err != nil {
		m.t.Fatal(err)
	}
	return ts
}

func (m *month) outbox() []models.Message {
	m.t.Helper()
	msgs, err := m.st.Store.Outbox().List(m.ctx, store.MessageFilter{Committee: m.c.ID, Limit: 100})
	if err != nil {
		m.t.Fatal(err)
	}
	return msgs
}

func (m *month) period(month models.Month) models.Period {
	m.t.Helper()
	p, err := m.st.Store.Periods().Get(m.ctx, m.c.ID, month)
	if err != nil {
		m.t.Fatalf("period %s: %v", month, err)
	}
	return p
}

func (m *month) runDue(at time.Time) string {
	m.t.Helper()
	m.clock.Set(at)
	summary, err := m.svc.CarryOver.RunDue(m.ctx, at)
	if err != nil {
		m.t.Fatalf("RunDue at %s: %v (%s)", at, err, summary)
	}
	return summary
}

// checkCarried verifies the state after October was carried over once.
func (m *month) checkCarried() {
	m.t.Helper()
	t := m.t
	carried := []string{"t1", "t2", "t3", "t4", "t8"}
	nov := m.list("2021-11")
	if len(nov) != len(carried) {
		t.Fatalf("November has %d tasks, want %d", len(nov), len(carried))
	}
	wantDeadline := map[string]models.Date{"t1": "2021-11-30", "t2": "2021-11-10", "t3": "", "t4": "2021-11-30", "t8": "2021-11-30"}
	for _, name := range carried {
		old := m.task(m.tasks[name])
		if old.State != models.StateCarried {
			t.Errorf("%s: old task is %s", name, old.State)
		}
		c := m.task(monthend.CarriedTaskID(old.ID, "2021-11"))
		wantState := map[string]models.WorkState{"t1": models.StateNotStarted, "t2": models.StateInProgress, "t3": models.StateAwaiting, "t4": models.StatePaused, "t8": models.StateNotStarted}[name]
		switch {
		case c.Period != "2021-11" || c.CarriedFromID != old.ID || c.CarryCount != 1 || c.Version != 1:
			t.Errorf("%s: copy %+v", name, c)
		case c.Text != old.Text || c.AreaID != old.AreaID || c.LeadUnitID != old.LeadUnitID || c.Percent != old.Percent:
			t.Errorf("%s: copy differs: %+v vs %+v", name, c, old)
		case c.State != wantState:
			t.Errorf("%s: copy state %s, want %s", name, c.State, wantState)
		case c.Deadline != wantDeadline[name]:
			t.Errorf("%s: copy deadline %q, want %q", name, c.Deadline, wantDeadline[name])
		}
		hist, err := m.st.Store.Tasks().Progress(m.ctx, m.c.ID, old.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range hist {
			if p.Kind == models.ProgressCarry {
				n++
				if p.ToState != models.StateCarried || !strings.Contains(p.Note, "tháng 11/2021") {
					t.Errorf("%s: carry entry %+v", name, p)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d carry entries in its history", name, n)
		}
	}
	if c := m.task(monthend.CarriedTaskID(m.tasks["t2"], "2021-11")); c.Percent != 40 {
		t.Errorf("t2's copy lost its progress: %d%%", c.Percent)
	}
	for _, name := range []string{"t5", "t6", "t7"} {
		if st := m.task(m.tasks[name]).State; st != models.StateDone && st != models.StateCancelled {
			t.Errorf("%s is %s", name, st)
		}
	}
	if p := m.period("2021-10"); p.Status != models.PeriodClosed {
		t.Errorf("October is %s", p.Status)
	}
	if p := m.period("2021-11"); p.Status != models.PeriodOpen {
		t.Errorf("November is %s", p.Status)
	}
	if ok, _ := m.st.Store.Ledger().Has(m.ctx, m.c.ID, monthend.CarryOverJob, "2021-10"); !ok {
		t.Error("no ledger entry")
	}
	msgs := m.outbox()
	keys := map[string][]string{}
	for _, msg := range msgs {
		keys[msg.Key] = msg.To
	}
	want := map[string][]string{
		monthend.CarryOverNoticeKey(m.units["A"].ID, "2021-10"): m.units["A"].Emails,
		monthend.CarryOverNoticeKey(m.units["B"].ID, "2021-10"): m.units["B"].Emails,
		monthend.CarryOverNoticeKey("", "2021-10"):              m.leaders,
	}
	if len(msgs) != len(want) {
		t.Errorf("%d messages queued, want %d: %v", len(msgs), len(want), keys)
	}
	for k, to := range want {
		if !slices.Equal(slices.Sorted(slices.Values(keys[k])), slices.Sorted(slices.Values(to))) {
			t.Errorf("message %s to %v, want %v", k, keys[k], to)
		}
	}
}

func TestCarryOverMovesUnfinishedTasks(t *testing.T) {
	m := newMonth(t, services.Options{BaseURL: "https://theodoi.phuong.example/"})
	m.october()
	summary := m.runDue(time.Date(2021, 11, 1, 0, 31, 0, 0, ict))
	if !strings.Contains(summary, "carried over 1 months (5 tasks)") {
		t.Errorf("summary %q", summary)
	}
	m.checkCarried()

	var unitA models.Message
	for _, msg := range m.outbox() {
		if msg.Key == monthend.CarryOverNoticeKey(m.units["A"].ID, "2021-10") {
			unitA, _ = m.st.Store.Outbox().Get(m.ctx, m.c.ID, msg.ID)
		}
	}
	if !strings.Contains(unitA.Text, "Kính gửi: Hội LHPN phường") || !strings.Contains(unitA.HTML, "<strong>Hội LHPN phường</strong>") {
		t.Errorf("unit A's notice is not addressed to it:\n%s", unitA.Text)
	}
	for _, want := range []string{"Nhiệm vụ t1 của đơn vị A", "Nhiệm vụ t2 của đơn vị A", "30/11/2021", "10/11/2021", "chuyển lần 1", "đã đạt 40%",
		"https://theodoi.phuong.example/tasks/" + string(monthend.CarriedTaskID(m.tasks["t1"], "2021-11"))} {
		if !strings.Contains(unitA.Text, want) || !strings.Contains(unitA.HTML, want) {
			t.Errorf("unit A's notice lacks %q:\n%s", want, unitA.Text)
		}
	}
	if strings.Contains(unitA.Text, "Nhiệm vụ t7") || strings.Contains(unitA.Text, "Nhiệm vụ t3") {
		t.Errorf("unit A's notice lists tasks that did not move or are not its own:\n%s", unitA.Text)
	}
	if !strings.Contains(unitA.Subject, "tháng 11/2021") {
		t.Errorf("subject %q", unitA.Subject)
	}
	for _, msg := range m.outbox() {
		if msg.Key != monthend.CarryOverNoticeKey("", "2021-10") {
			continue
		}
		full, _ := m.st.Store.Outbox().Get(m.ctx, m.c.ID, msg.ID)
		for _, want := range []string{
			"Kết quả tháng 10/2021: 2 nhiệm vụ đã hoàn thành, đạt 28,57% (đúng hạn: 1, quá hạn: 1); chưa hoàn thành: 5 (trong hạn: 2, quá hạn: 3); hủy: 1 (không tính vào tỷ lệ hoàn thành).",
			"Hội Nông dân phường (1)", "Nhiệm vụ t8 của đơn vị C", "chờ xác nhận hoàn thành", "tạm dừng",
		} {
			if !strings.Contains(full.Text, want) || !strings.Contains(full.HTML, want) {
				t.Errorf("leadership's notice lacks %q:\n%s", want, full.Text)
			}
		}
	}
}

// The month's figures are frozen as the Government counts them, as of the
// day the month is closed, per lead unit and per area.
func TestCarryOverFreezesFigures(t *testing.T) {
	m := newMonth(t, services.Options{})
	m.october()
	// Caught up days late: frozen as of that day, as the task list judged
	// the month then (a task due on 31/10 and not done is overdue).
	m.runDue(time.Date(2021, 11, 6, 9, 0, 0, 0, ict))
	f, frozen, err := m.svc.CarryOver.MonthFigures(m.ctx, m.leader, "2021-10")
	if err != nil || !frozen {
		t.Fatalf("figures: %v frozen=%v", err, frozen)
	}
	type counts struct{ total, done, onTime, late, open, within, overdue, cancelled int }
	of := func(f models.Figures) counts {
		return counts{f.Total, f.Done, f.DoneOnTime, f.DoneLate, f.Open, f.OpenWithinTerm, f.OpenOverdue, f.Cancelled}
	}
	if f.AsOf != "2021-11-06" {
		t.Errorf("as of %s", f.AsOf)
	}
	if got, want := of(f.Totals), (counts{8, 2, 1, 1, 5, 2, 3, 1}); got != want {
		t.Errorf("totals %+v, want %+v", got, want)
	}
	// Frozen as the month is left, as its task list shows it: every
	// unfinished task carried out.
	if f.Totals.ByState[models.StateCarried] != 5 || f.Totals.CarriedOut != 5 || f.Totals.Paused != 0 || f.Totals.ByState[models.StateNotStarted] != 0 {
		t.Errorf("by state %v", f.Totals.ByState)
	}
	byUnit := map[string]counts{}
	for _, g := range f.Units {
		byUnit[g.Name] = of(g.Figures)
	}
	wantUnits := map[string]counts{
		"Hội LHPN phường":       {3, 1, 0, 1, 2, 1, 1, 0},
		"Đoàn TNCS Hồ Chí Minh": {2, 0, 0, 0, 2, 1, 1, 0},
		"Hội Nông dân phường":   {3, 1, 1, 0, 1, 0, 1, 1},
	}
	if len(byUnit) != len(wantUnits) {
		t.Errorf("units %v", byUnit)
	}
	for name, want := range wantUnits {
		if byUnit[name] != want {
			t.Errorf("unit %s: %+v, want %+v", name, byUnit[name], want)
		}
	}
	wantAreas := []counts{{4, 1, 0, 1, 2, 0, 2, 1}, {2, 0, 0, 0, 2, 2, 0, 0}, {2, 1, 1, 0, 1, 0, 1, 0}}
	if len(f.Areas) != len(wantAreas) {
		t.Fatalf("areas %+v", f.Areas)
	}
	for i, want := range wantAreas {
		if f.Areas[i].ID != m.areas[i].ID || f.Areas[i].Name != m.areas[i].Name || of(f.Areas[i].Figures) != want {
			t.Errorf("area %d: %s %+v, want %s %+v", i, f.Areas[i].Name, of(f.Areas[i].Figures), m.areas[i].Name, want)
		}
	}
	// Later edits do not change the frozen month.
	m.clock.Set(time.Date(2021, 11, 7, 3, 0, 0, 0, time.UTC))
	if _, err := m.svc.Tasks.Reopen(m.ctx, m.leader, m.tasks["t5"], 0, "mở lại"); err != nil {
		t.Fatal(err)
	}
	again, _, err := m.svc.CarryOver.MonthFigures(m.ctx, m.leader, "2021-10")
	if err != nil || of(again.Totals) != of(f.Totals) {
		t.Errorf("figures changed after an edit: %+v %v", of(again.Totals), err)
	}
	if _, _, err := m.svc.CarryOver.MonthFigures(m.ctx, models.Actor{CommitteeID: m.c.ID, Role: models.RoleUnit, UnitID: m.units["A"].ID}, "2021-10"); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("a unit reading the figures: %v", err)
	}
}

// Running again changes nothing: no second copy, no second notice.
func TestCarryOverTwice(t *testing.T) {
	m := newMonth(t, services.Options{})
	m.october()
	m.runDue(time.Date(2021, 11, 1, 1, 0, 0, 0, ict))
	if s := m.runDue(time.Date(2021, 11, 1, 1, 5, 0, 0, ict)); !strings.Contains(s, "carried over 0 months") {
		t.Errorf("second run: %q", s)
	}
	res, err := m.svc.CarryOver.CarryOver(m.ctx, m.leader, "2021-10", nil)
	if err != nil || !res.AlreadyDone || res.NextPeriod.Month != "2021-11" || res.Carried != 0 {
		t.Errorf("closing again: %+v %v", res, err)
	}
	m.checkCarried()
}
