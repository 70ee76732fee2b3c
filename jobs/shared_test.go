package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
)

func TestOnFinishRecordsEveryRun(t *testing.T) {
	s := New(slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	var mu sync.Mutex
	var runs []models.JobRun
	s.OnFinish("replica-a", func(_ context.Context, r models.JobRun) {
		mu.Lock()
		runs = append(runs, r)
		mu.Unlock()
	})
	fail := true
	if err := s.Add(Job{Name: "digests", Spec: "@every 1h", Run: func(context.Context, time.Time) (string, error) {
		if fail {
			return "half", errors.New("smtp down")
		}
		return "queued 3", nil
	}}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2021, 10, 11, 0, 30, 0, 0, time.UTC)
	s.RunNow(t.Context(), "digests", at)
	fail = false
	s.RunNow(t.Context(), "digests", at.Add(time.Hour))
	if len(runs) != 2 || runs[0].Error != "smtp down" || runs[0].Summary != "half" || runs[1].Error != "" ||
		runs[1].Instance != "replica-a" || !runs[1].StartedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("recorded %+v", runs)
	}
}

func TestWithShared(t *testing.T) {
	t0 := time.Date(2021, 10, 11, 0, 0, 0, 0, time.UTC)
	local := []State{
		{Name: "dispatch", Spec: "@every 1m", LastRunAt: t0.Add(5 * time.Minute), LastSummary: "sent 1", LastOKAt: t0.Add(5 * time.Minute), Runs: 5},
		{Name: "reminders", Spec: "@every 5m", Running: true},
	}
	shared := []models.JobStatus{
		// Another replica ran dispatch later, and failed.
		{Name: "dispatch", LastRunAt: t0.Add(6 * time.Minute), LastSummary: "sent 0", LastInstance: "b", LastOKAt: t0.Add(5 * time.Minute),
			LastError: "timeout", LastErrorAt: t0.Add(6 * time.Minute), Runs: 12, Failures: 1},
		// An older run than this replica's own is not "last".
		{Name: "reminders", LastRunAt: t0, LastOKAt: t0, LastError: "old", LastErrorAt: t0.Add(-time.Hour), Runs: 3},
		{Name: "sessions", LastRunAt: t0, LastOKAt: t0, Runs: 1},
	}
	got := WithShared(local, shared)
	if len(got) != 3 || got[0].Name != "dispatch" || got[1].Name != "reminders" || got[2].Name != "sessions" {
		t.Fatalf("%+v", got)
	}
	d := got[0]
	if d.Spec != "@every 1m" || d.LastSummary != "sent 0" || d.LastInstance != "b" || d.LastError != "timeout" || d.Runs != 12 || d.Failures != 1 {
		t.Errorf("dispatch %+v", d)
	}
	r := got[1]
	if !r.Running || r.LastError != "" || !r.LastRunAt.Equal(t0) || r.Runs != 3 {
		t.Errorf("reminders %+v", r) // the old error was followed by a success
	}
}
