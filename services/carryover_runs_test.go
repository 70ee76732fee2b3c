package services_test

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/figure"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/services/task"
)

// A run that stops halfway is finished by the next one, without twins.
func TestCarryOverResumesAfterFailure(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inject func(*faultyStore)
	}{
		{"copies not saved", func(f *faultyStore) { f.failCreateMany.Store(1) }},
		{"third old task not marked", func(f *faultyStore) { f.updates.Store(0); f.failUpdateAt.Store(3) }},
		{"first notice not queued", func(f *faultyStore) { f.enqueues.Store(0); f.failEnqueueAt.Store(1) }},
		{"second notice not queued", func(f *faultyStore) { f.enqueues.Store(0); f.failEnqueueAt.Store(2) }},
		{"ledger-free restart after every old task was marked", func(f *faultyStore) { f.enqueues.Store(0); f.failEnqueueAt.Store(3) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMonth(t, services.Options{})
			m.october()
			tc.inject(m.st)
			at := time.Date(2021, 11, 1, 0, 45, 0, 0, ict)
			m.clock.Set(at)
			if _, err := m.svc.CarryOver.RunDue(m.ctx, at); !errors.Is(err, errInjected) {
				t.Fatalf("the injected failure was not reported: %v", err)
			}
			if ok, _ := m.st.Store.Ledger().Has(m.ctx, m.c.ID, monthend.CarryOverJob, "2021-10"); ok {
				t.Fatal("ledger written after a failure")
			}
			m.runDue(at.Add(5 * time.Minute))
			m.checkCarried()
			if s := m.runDue(at.Add(10 * time.Minute)); !strings.Contains(s, "carried over 0 months") {
				t.Errorf("third run: %q", s)
			}
		})
	}
}

// RunDue waits for 00:30 local on the 1st, carries once, and catches up a
// month end the server slept through, oldest month first.
func TestRunDueMoment(t *testing.T) {
	m := newMonth(t, services.Options{})
	m.october()
	if s := m.runDue(time.Date(2021, 11, 1, 0, 29, 0, 0, ict)); !strings.Contains(s, "carried over 0 months") {
		t.Errorf("before the moment: %q", s)
	}
	if p := m.period("2021-10"); p.Status != models.PeriodOpen || len(m.list("2021-11")) != 0 {
		t.Fatal("carried before the moment")
	}
	if s := m.runDue(time.Date(2021, 11, 1, 0, 30, 0, 0, ict)); !strings.Contains(s, "carried over 1 months (5 tasks)") {
		t.Errorf("at the moment: %q", s)
	}
	if s := m.runDue(time.Date(2021, 11, 1, 0, 35, 0, 0, ict)); !strings.Contains(s, "carried over 0 months") {
		t.Errorf("after: %q", s)
	}
	m.checkCarried()
	// The moment is an option.
	m2 := newMonth(t, services.Options{CarryOver: monthend.CarryOverOptions{At: 6 * time.Hour}})
	m2.october()
	if s := m2.runDue(time.Date(2021, 11, 1, 5, 59, 0, 0, ict)); !strings.Contains(s, "carried over 0 months") {
		t.Errorf("before 06:00: %q", s)
	}
	if s := m2.runDue(time.Date(2021, 11, 1, 6, 0, 0, 0, ict)); !strings.Contains(s, "carried over 1 months") {
		t.Errorf("at 06:00: %q", s)
	}
}

func TestRunDueAfterDowntime(t *testing.T) {
	m := newMonth(t, services.Options{})
	m.clock.Set(time.Date(2021, 9, 10, 3, 0, 0, 0, time.UTC))
	old := m.add("sep", "2021-09", "A", "2021-09-30", 0, models.StateInProgress, 20)
	m.october()
	// The server was down from late September until 5 November.
	s := m.runDue(time.Date(2021, 11, 5, 8, 0, 0, 0, ict))
	if !strings.Contains(s, "carried over 2 months (7 tasks)") {
		t.Errorf("catch-up: %q", s)
	}
	oct := m.task(monthend.CarriedTaskID(old, "2021-10"))
	nov := m.task(monthend.CarriedTaskID(oct.ID, "2021-11"))
	if oct.State != models.StateCarried || nov.CarryCount != 2 || nov.CarriedFromID != oct.ID || nov.Percent != 20 || nov.Deadline != "2021-11-30" {
		t.Errorf("twice carried: %+v → %+v", oct, nov)
	}
	if p := m.period("2021-09"); p.Status != models.PeriodClosed {
		t.Errorf("September is %s", p.Status)
	}
	if s := m.runDue(time.Date(2021, 11, 5, 8, 5, 0, 0, ict)); !strings.Contains(s, "carried over 0 months") {
		t.Errorf("again: %q", s)
	}
	if n := len(m.list("2021-11")); n != 6 {
		t.Errorf("November has %d tasks, want 6", n)
	}
}

// Two leaders closing at once, and the scheduler with them: one carries,
// the others find it busy or done.
func TestCarryOverConcurrent(t *testing.T) {
	m := newMonth(t, services.Options{})
	m.october()
	m.clock.Set(time.Date(2021, 11, 1, 0, 40, 0, 0, ict))
	var wg sync.WaitGroup
	results := make([]monthend.CarryOverResult, 4)
	errs := make([]error, 4)
	for i := range results {
		wg.Go(func() {
			if i == 3 {
				_, errs[i] = m.svc.CarryOver.RunDue(m.ctx, m.clock.Now())
				results[i].AlreadyDone = true
				return
			}
			results[i], errs[i] = m.svc.CarryOver.CarryOver(m.ctx, m.leader, "2021-10", nil)
		})
	}
	wg.Wait()
	carried := 0
	for i, err := range errs {
		switch {
		case errors.Is(err, models.ErrConflict):
		case err != nil:
			t.Errorf("call %d: %v", i, err)
		case !results[i].AlreadyDone:
			carried++
			if results[i].Carried != 5 {
				t.Errorf("call %d carried %d", i, results[i].Carried)
			}
		}
	}
	if carried > 1 {
		t.Errorf("%d calls carried the month", carried)
	}
	m.runDue(time.Date(2021, 11, 1, 0, 50, 0, 0, ict)) // finishes if every caller found it busy
	m.checkCarried()
}

func TestCarryOverChoices(t *testing.T) {
	m := newMonth(t, services.Options{})
	m.october()
	m.clock.Set(time.Date(2021, 10, 30, 9, 0, 0, 0, time.UTC)) // closing early
	nov := m.add("nov", "2021-11", "A", "", 0, models.StateNotStarted, 0)
	bad := map[string]map[models.ID]monthend.Choice{
		"unknown task":           {models.NewID(m.clock.Now()): monthend.ChoiceDone},
		"another month":          {nov: monthend.ChoiceCarry},
		"unknown choice":         {m.tasks["t1"]: "later"},
		"cancel a done task":     {m.tasks["t5"]: monthend.ChoiceCancel},
		"malformed id":           {"x": monthend.ChoiceDone},
		"carry a cancelled task": {m.tasks["t6"]: monthend.ChoiceCarry},
	}
	for name, choices := range bad {
		if _, err := m.svc.CarryOver.CarryOver(m.ctx, m.leader, "2021-10", choices); !errors.Is(err, models.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if p := m.period("2021-10"); p.Status != models.PeriodOpen {
		t.Fatal("a refused close changed the month")
	}
	for _, month := range []models.Month{"2021-13", "2021-12", ""} {
		if _, err := m.svc.CarryOver.CarryOver(m.ctx, m.leader, month, nil); !errors.Is(err, models.ErrInvalid) {
			t.Errorf("month %q: %v", month, err)
		}
	}
	if _, err := m.svc.CarryOver.CarryOver(m.ctx, m.leader, "2021-08", nil); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("a month without a period: %v", err)
	}
	if _, err := m.svc.CarryOver.CarryOver(m.ctx, m.officer("A"), "2021-10", nil); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("a unit closing the month: %v", err)
	}
	res, err := m.svc.CarryOver.CarryOver(m.ctx, m.leader, "2021-10", map[models.ID]monthend.Choice{
		m.tasks["t1"]: monthend.ChoiceDone, m.tasks["t4"]: monthend.ChoiceCancel, m.tasks["t2"]: monthend.ChoiceCarry,
		m.tasks["t5"]: monthend.ChoiceDone, // done already: fine
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Carried != 3 || res.Done != 1 || res.Cancelled != 1 || res.Skipped != 3 || res.NextPeriod.Month != "2021-11" {
		t.Errorf("result %+v", res)
	}
	t1 := m.task(m.tasks["t1"])
	if t1.State != models.StateDone || t1.AcceptedAt == nil || t1.AcceptedBy != m.leader.UserID || t1.Percent != 100 {
		t.Errorf("t1 accepted: %+v", t1)
	}
	if st := m.task(m.tasks["t4"]).State; st != models.StateCancelled {
		t.Errorf("t4 is %s", st)
	}
	if n := len(m.list("2021-11")); n != 4 { // t2, t3, t8 and the November task
		t.Errorf("November has %d tasks", n)
	}
	// The figures count the choices (t1 is accepted after its deadline: late),
	// as of the day the month was closed.
	f, _, _ := m.svc.CarryOver.MonthFigures(m.ctx, m.leader, "2021-10")
	if f.Totals.Done != 3 || f.Totals.DoneLate != 2 || f.Totals.Cancelled != 2 || f.Totals.Open != 3 || f.AsOf != "2021-10-30" {
		t.Errorf("figures after choices: %+v", f.Totals)
	}
}

// Tasks carried with the other deadline rule all end with the next month.
func TestCarriedDeadline(t *testing.T) {
	keep := monthend.CarryOverOptions{}
	end := monthend.CarryOverOptions{Deadline: monthend.DeadlineEndOfMonth}
	for _, tc := range []struct {
		opts     monthend.CarryOverOptions
		deadline models.Date
		want     models.Date
	}{
		{keep, "", ""},
		{keep, "2021-10-31", "2021-11-30"},
		{keep, "2021-11-01", "2021-11-01"},
		{keep, "2022-03-31", "2022-03-31"},
		{end, "2021-11-10", "2021-11-30"},
		{end, "", ""},
	} {
		if got := tc.opts.CarriedDeadline(tc.deadline, "2021-11"); got != tc.want {
			t.Errorf("%s with %q: %q, want %q", tc.deadline, tc.opts.Deadline, got, tc.want)
		}
	}
}

// The ledger's figures are JSON other code can read back.
func TestFrozenFiguresAreJSON(t *testing.T) {
	m := newMonth(t, services.Options{})
	m.october()
	m.runDue(time.Date(2021, 11, 1, 1, 0, 0, 0, ict))
	e, err := m.st.Store.Ledger().Get(m.ctx, m.c.ID, figure.CarryOverFiguresJob, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	var f models.MonthFigures
	if err := json.Unmarshal([]byte(e.Detail), &f); err != nil || f.Month != "2021-10" || f.Totals.Total != 8 {
		t.Errorf("%v %+v", err, f)
	}
}

// Tasks that change while the month is carried over: a report is carried
// with it, an acceptance keeps the task in its month and drops the copy.
func TestCarryOverMeetsConcurrentChanges(t *testing.T) {
	m := newMonth(t, services.Options{})
	m.october()
	at := time.Date(2021, 11, 1, 0, 45, 0, 0, ict)
	m.clock.Set(at)
	meanwhile := func() {
		pct := 70
		if _, err := m.svc.Tasks.ReportProgress(m.ctx, m.officer("A"), m.tasks["t2"], task.ProgressInput{Percent: &pct}); err != nil {
			t.Error(err)
		}
		if _, err := m.svc.Tasks.Accept(m.ctx, m.leader, m.tasks["t3"], 0, ""); err != nil {
			t.Error(err)
		}
	}
	m.st.meanwhile.Store(&meanwhile)
	summary := m.runDue(at)
	if !strings.Contains(summary, "(4 tasks)") {
		t.Errorf("summary %q", summary)
	}
	if old := m.task(m.tasks["t2"]); old.State != models.StateCarried || old.Percent != 70 {
		t.Errorf("t2: %s %d%%", old.State, old.Percent)
	}
	if c := m.task(monthend.CarriedTaskID(m.tasks["t2"], "2021-11")); c.State != models.StateInProgress || c.Percent != 70 {
		t.Errorf("t2's copy did not follow the report: %s %d%%", c.State, c.Percent)
	}
	if old := m.task(m.tasks["t3"]); old.State != models.StateDone {
		t.Errorf("t3: %s", old.State)
	}
	if c := m.task(monthend.CarriedTaskID(m.tasks["t3"], "2021-11")); c.State != models.StateCancelled {
		t.Errorf("the copy of a task accepted meanwhile is %s", c.State)
	}
	if p := m.period("2021-10"); p.Status != models.PeriodClosed {
		t.Errorf("October is %s", p.Status)
	}
}

// A month the server slept through with no period of its own is created by
// the carry-over before it and carried on in the same run; a month left
// open long before carry-over existed is left for a leader.
func TestRunDueCatchUpLimits(t *testing.T) {
	m := newMonth(t, services.Options{})
	m.clock.Set(time.Date(2021, 6, 10, 3, 0, 0, 0, time.UTC))
	ancient := m.add("june", "2021-06", "A", "", 0, models.StateNotStarted, 0)
	m.clock.Set(time.Date(2021, 9, 10, 3, 0, 0, 0, time.UTC))
	sep := m.add("sep", "2021-09", "B", "2021-09-20", 0, models.StateNotStarted, 0)
	s := m.runDue(time.Date(2021, 11, 2, 8, 0, 0, 0, ict))
	if !strings.Contains(s, "carried over 2 months (2 tasks)") || !strings.Contains(s, "1 months too old") {
		t.Errorf("summary %q", s)
	}
	oct := monthend.CarriedTaskID(sep, "2021-10")
	if c := m.task(monthend.CarriedTaskID(oct, "2021-11")); c.CarryCount != 2 || c.Period != "2021-11" {
		t.Errorf("September's task in November: %+v", c)
	}
	if p := m.period("2021-10"); p.Status != models.PeriodClosed {
		t.Errorf("October is %s", p.Status)
	}
	if st := m.task(ancient).State; st != models.StateNotStarted || m.period("2021-06").Status != models.PeriodOpen {
		t.Errorf("June was carried over automatically: %s", st)
	}
	if _, err := m.st.Store.Periods().Get(m.ctx, m.c.ID, "2021-07"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("July: %v", err)
	}
	// A leader may still close it by hand.
	res, err := m.svc.CarryOver.CarryOver(m.ctx, m.leader, "2021-06", nil)
	if err != nil || res.Carried != 1 || res.NextPeriod.Month != "2021-07" {
		t.Errorf("closing June by hand: %+v %v", res, err)
	}
}
