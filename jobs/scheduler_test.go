package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestRunNowRecordsStateAndRecoversPanics(t *testing.T) {
	s := New(quiet(), time.Now)
	at := time.Date(2021, 11, 1, 0, 30, 0, 0, time.UTC)
	var seen time.Time
	must(t, s.Add(Job{Name: "ok", Spec: "@every 1h", Run: func(_ context.Context, now time.Time) (string, error) {
		seen = now
		return "sent 2", nil
	}}))
	must(t, s.Add(Job{Name: "boom", Spec: "@every 1h", Run: func(context.Context, time.Time) (string, error) { panic("oops") }}))
	must(t, s.Add(Job{Name: "fails", Spec: "@every 1h", Run: func(context.Context, time.Time) (string, error) {
		return "", errors.New("smtp down")
	}}))
	if sum, err := s.RunNow(context.Background(), "ok", at); err != nil || sum != "sent 2" || !seen.Equal(at) {
		t.Fatalf("ok: %q %v %v", sum, err, seen)
	}
	if _, err := s.RunNow(context.Background(), "boom", at); err == nil {
		t.Fatal("panic not reported")
	}
	if _, err := s.RunNow(context.Background(), "fails", at); err == nil {
		t.Fatal("error not reported")
	}
	if _, err := s.RunNow(context.Background(), "nope", at); err == nil {
		t.Fatal("unknown job accepted")
	}
	states := map[string]State{}
	for _, st := range s.States() {
		states[st.Name] = st
	}
	if st := states["ok"]; st.Runs != 1 || !st.LastOKAt.Equal(at) || st.LastSummary != "sent 2" || st.LastError != "" {
		t.Errorf("ok state: %+v", st)
	}
	if st := states["boom"]; st.Runs != 1 || st.LastError == "" || !st.LastOKAt.IsZero() {
		t.Errorf("boom state: %+v", st)
	}
	if st := states["fails"]; st.LastError != "smtp down" {
		t.Errorf("fails state: %+v", st)
	}
	if err := s.Add(Job{Name: "ok", Spec: "@every 1h"}); err == nil {
		t.Error("duplicate name accepted")
	}
	if err := s.Add(Job{Name: "bad", Spec: "every now and then"}); err == nil {
		t.Error("bad spec accepted")
	}
}

func TestNoOverlapAndAtStartAndStop(t *testing.T) {
	s := New(quiet(), time.Now)
	release := make(chan struct{})
	var runs, concurrent, maxConcurrent atomic.Int32
	must(t, s.Add(Job{Name: "slow", Spec: "@every 1h", AtStart: true, Run: func(ctx context.Context, _ time.Time) (string, error) {
		runs.Add(1)
		n := concurrent.Add(1)
		defer concurrent.Add(-1)
		if n > maxConcurrent.Load() {
			maxConcurrent.Store(n)
		}
		select {
		case <-release:
		case <-ctx.Done():
			return "", ctx.Err()
		}
		return "", nil
	}}))
	s.Start()
	deadline := time.Now().Add(5 * time.Second)
	for runs.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if runs.Load() != 1 {
		t.Fatal("AtStart job did not run")
	}
	if _, err := s.RunNow(context.Background(), "slow", time.Now()); err == nil {
		t.Error("a second run overlapped the first")
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if maxConcurrent.Load() != 1 {
		t.Errorf("ran %d at once", maxConcurrent.Load())
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
