package services_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/web"
)

// TestFiguresAgreeOnGeneratedMonths: over generated months (random
// states, deadlines, cancellations, acceptance times; some closed, some
// open; read on different days), every figures surface of the services
// gives the same numbers — Periods.Figures (the API), the dashboard's
// overview, the review report and its document, the leaders' digest — and
// they equal a count of the task list by the documented rule.
func TestFiguresAgreeOnGeneratedMonths(t *testing.T) {
	seeds := 30
	if testing.Short() {
		seeds = 8
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed-", seed), func(t *testing.T) { generatedMonth(t, uint64(seed)) })
	}
}

func generatedMonth(t *testing.T, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0x7e0d01))
	e := newRemEnv(t, nil)
	f := newFollowEnv(e)
	n, now, closed := playGeneratedMonth(t, e, f, r)
	e.clk.set(now)

	figures, frozen, err := e.svc.Periods.Figures(e.ctx, f.leader, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if frozen != closed {
		t.Fatalf("frozen %v, closed %v", frozen, closed)
	}
	want := figures.Totals
	where := fmt.Sprintf("seed %d (%d tasks, closed %v, as of %s)", seed, n, closed, figures.AsOf)

	// The task list, counted by the rule.
	var rows []task.TaskView
	for page := 1; ; page++ {
		p, err := e.svc.Tasks.List(e.ctx, f.leader, task.TaskQuery{Period: "2021-10", Page: page, PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, p.Tasks...)
		if len(rows) >= p.Total {
			break
		}
	}
	if got := tally(rows, figures.AsOf, func(task.TaskView) bool { return true }); !sameCounts(got, want) {
		t.Errorf("%s: task list %+v, figures %+v", where, got, want)
	}
	if !frozen {
		// A live month is judged on today, as the list's badges are.
		if figures.AsOf != models.DateOf(now, remVN) {
			t.Errorf("%s: a live month as of %s", where, figures.AsOf)
		}
		for _, v := range rows {
			overdue := v.State.Open() && v.Deadline != "" && v.Deadline < figures.AsOf
			if overdue != (v.Timeliness == models.TimelyOverdue) {
				t.Errorf("%s: task %s badge %s, the figures count it overdue: %v", where, v.ID, v.Timeliness, overdue)
			}
		}
	}
	for _, g := range figures.Units {
		if got := tally(rows, figures.AsOf, func(v task.TaskView) bool { return v.LeadUnitID == g.ID }); !sameCounts(got, g.Figures) {
			t.Errorf("%s: unit %s: task list %+v, figures %+v", where, g.Name, got, g.Figures)
		}
	}

	// The dashboard.
	ov, err := e.svc.Tasks.MonthOverview(e.ctx, f.leader, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if !sameCounts(ov.Totals, want) || ov.AsOf != figures.AsOf || ov.Frozen != frozen {
		t.Errorf("%s: dashboard %+v as of %s, figures %+v", where, ov.Totals, ov.AsOf, want)
	}
	for _, g := range ov.Areas {
		for _, a := range figures.Areas {
			if a.ID == g.ID && !sameCounts(a.Figures, g.Figures) {
				t.Errorf("%s: dashboard area %s %+v, figures %+v", where, g.Name, g.Figures, a.Figures)
			}
		}
	}

	// The review and its document.
	review, err := e.svc.Reports.Review(e.ctx, f.leader, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if !sameCounts(review.Figures.Totals, want) || review.Figures.AsOf != figures.AsOf {
		t.Errorf("%s: review %+v, figures %+v", where, review.Figures.Totals, want)
	}
	page, err := e.svc.Reports.Page(e.ctx, f.leader, models.ReportReview, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	sentence := strings.TrimSuffix(web.FiguresSentence("vi", want), ".")
	if !strings.Contains(allText(page.Document), sentence) {
		t.Errorf("%s: the review document lacks %q", where, sentence)
	}

	checkLeadersDigest(t, e, f, now, frozen, sentence, where)
}

// playGeneratedMonth creates 5 to 24 tasks and works through the month:
// each task meets a random fate on a random day. It returns the number of
// tasks, the Monday morning the figures are read on and whether the month
// was closed before.
func playGeneratedMonth(t *testing.T, e *remEnv, f *followEnv, r *rand.Rand) (int, time.Time, bool) {
	t.Helper()
	units := []models.Unit{f.lead, f.coord, f.foll}
	areas, err := e.svc.Areas.List(e.ctx, f.leader)
	if err != nil {
		t.Fatal(err)
	}
	day := func(d, h int) time.Time { return remAt(d, h, r.IntN(60)) }
	e.clk.set(day(1, 8))

	n := 5 + r.IntN(20)
	var ids []models.ID
	for i := range n {
		deadline := ""
		if r.IntN(5) > 0 {
			deadline = fmt.Sprintf("2021-10-%02d", 1+r.IntN(31))
		}
		v, err := e.svc.Tasks.Create(e.ctx, f.leader, task.TaskInput{Period: "2021-10", AreaID: areas[r.IntN(3)].ID,
			Text: fmt.Sprintf("Nhiệm vụ thử số %d", i+1), LeadUnitID: units[r.IntN(3)].ID, Deadline: deadline})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	// Work through the month: each task meets its fate on a random day.
	for _, id := range ids {
		e.clk.set(day(2+r.IntN(28), 9+r.IntN(8)))
		tv, err := e.svc.Tasks.Get(e.ctx, f.leader, id)
		if err != nil {
			t.Fatal(err)
		}
		officer := f.officer[tv.LeadUnitID]
		pct := 10 + r.IntN(80)
		switch r.IntN(7) {
		case 0: // untouched
		case 1:
			_, err = e.svc.Tasks.ReportProgress(e.ctx, officer, id, task.ProgressInput{Percent: &pct})
		case 2:
			_, err = e.svc.Tasks.ReportProgress(e.ctx, officer, id, task.ProgressInput{Done: true})
		case 3, 4: // done and accepted, on a later day
			if _, err = e.svc.Tasks.ReportProgress(e.ctx, officer, id, task.ProgressInput{Done: true}); err == nil {
				e.clk.set(e.clk.Now().Add(time.Duration(r.IntN(72)) * time.Hour))
				_, err = e.svc.Tasks.Accept(e.ctx, f.leader, id, 0, "")
			}
		case 5:
			_, err = e.svc.Tasks.Cancel(e.ctx, f.leader, id, 0, "")
		case 6:
			paused := models.StatePaused
			_, err = e.svc.Tasks.Update(e.ctx, f.leader, id, task.TaskPatch{Version: tv.Version, State: &paused})
		}
		if err != nil {
			t.Fatalf("task %s: %v", id, err)
		}
	}
	// Read on a Monday morning, when the leaders' digest goes out; the
	// month may have been closed before.
	mondays := []time.Time{remAt(25, 8, 0), time.Date(2021, 11, 1, 8, 0, 0, 0, remVN).UTC(), time.Date(2021, 11, 8, 8, 0, 0, 0, remVN).UTC()}
	now := mondays[r.IntN(len(mondays))]
	closed := now.After(remAt(31, 12, 0)) && r.IntN(2) == 0
	if closed {
		e.clk.set(time.Date(2021, 11, 1, 0, 40, 0, 0, remVN).UTC())
		if _, err := e.svc.CarryOver.CarryOver(e.ctx, f.leader, "2021-10", nil); err != nil {
			t.Fatal(err)
		}
	}
	return n, now, closed
}

// checkLeadersDigest: the leaders' digest reports an open month in the
// figures' sentence.
func checkLeadersDigest(t *testing.T, e *remEnv, f *followEnv, now time.Time, frozen bool, sentence, where string) {
	t.Helper()
	// The leaders' digest, which reports open months.
	if _, err := e.svc.Digests.RunDue(e.ctx, now); err != nil {
		t.Fatal(err)
	}
	ms, err := e.st.Outbox().List(e.ctx, store.MessageFilter{Committee: f.c.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range ms {
		if strings.HasPrefix(m.Key, "digest:leaders:") {
			found = true
			if !frozen && !strings.Contains(m.Text, sentence) {
				t.Errorf("%s: the leaders' digest lacks %q:\n%s", where, sentence, m.Text)
			}
		}
	}
	if !frozen && !found {
		t.Errorf("%s: no leaders' digest", where)
	}
}
