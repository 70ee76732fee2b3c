package storetest

import (
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
)

func testJobRuns(e *env) {
	repo := e.s.JobRuns()
	list, err := repo.List(e.ctx)
	e.must(err)
	same(e.t, "empty", len(list), 0)

	t1, t2, t3 := base, base.Add(time.Minute), base.Add(2*time.Minute)
	e.must(repo.Record(e.ctx, models.JobRun{Name: "dispatch", Instance: "a", StartedAt: t2, Took: 3 * time.Millisecond, Summary: "sent 2"}))
	// A replica reporting an earlier run late changes the counts only.
	e.must(repo.Record(e.ctx, models.JobRun{Name: "dispatch", Instance: "b", StartedAt: t1, Took: time.Second, Summary: "sent 9", Error: "smtp down"}))
	e.must(repo.Record(e.ctx, models.JobRun{Name: "carryover", Instance: "b", StartedAt: t1, Summary: "nothing due"}))
	list, err = repo.List(e.ctx)
	e.must(err)
	if len(list) != 2 || list[0].Name != "carryover" || list[1].Name != "dispatch" {
		e.t.Fatalf("list %+v", list)
	}
	d := list[1]
	e.checkUTC("LastRunAt", d.LastRunAt)
	same(e.t, "last run", []any{ms(d.LastRunAt), d.LastTook, d.LastSummary, d.LastInstance, ms(d.LastOKAt), d.Runs, d.Failures},
		[]any{ms(t2), 3 * time.Millisecond, "sent 2", "a", ms(t2), int64(2), int64(1)})
	same(e.t, "last error", []any{d.LastError, ms(d.LastErrorAt)}, []any{"smtp down", ms(t1)})

	e.must(repo.Record(e.ctx, models.JobRun{Name: "dispatch", Instance: "c", StartedAt: t3, Took: 5 * time.Millisecond, Summary: "sent 0", Error: "timeout"}))
	list, err = repo.List(e.ctx)
	e.must(err)
	d = list[1]
	same(e.t, "after a failure", []any{ms(d.LastRunAt), d.LastSummary, d.LastInstance, ms(d.LastOKAt), d.LastError, ms(d.LastErrorAt), d.Runs, d.Failures},
		[]any{ms(t3), "sent 0", "c", ms(t2), "timeout", ms(t3), int64(3), int64(2)})
	if !list[0].LastErrorAt.IsZero() || list[0].LastError != "" {
		e.t.Errorf("a job that never failed: %+v", list[0])
	}
}

// testJobRunsConcurrent: replicas recording at once lose no run.
func testJobRunsConcurrent(e *env) {
	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			e.must(e.s.JobRuns().Record(e.ctx, models.JobRun{Name: "reminders", Instance: "r", StartedAt: base.Add(time.Duration(i) * time.Second)}))
		})
	}
	wg.Wait()
	list, err := e.s.JobRuns().List(e.ctx)
	e.must(err)
	if len(list) != 1 || list[0].Runs != n || !ms(list[0].LastRunAt).Equal(ms(base.Add((n-1)*time.Second))) {
		e.t.Errorf("after %d concurrent runs: %+v", n, list)
	}
}
