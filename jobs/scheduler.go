// Package jobs runs the background work on a schedule: a thin wrapper
// around robfig/cron in UTC. Each job is a function of (ctx, now) that
// calls one service method. Jobs do not overlap with themselves, a panic
// is recovered and logged, and every run is logged once with its outcome.
// Exactly-once behaviour across replicas and after downtime is not the
// scheduler's business: the services claim work in the store (leases,
// outbox claims, a ledger of calendar work), so every replica may run
// every tick.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/theodoi/theodoi/models"
)

// Func is one run of a job as of now; it returns a short summary of what it
// did ("sent 3, retried 1") for the log and the job page.
type Func func(ctx context.Context, now time.Time) (summary string, err error)

// Job is a named schedule.
type Job struct {
	Name string
	// Spec is a cron spec in UTC ("*/1 * * * *", "@every 30s"); jobs that
	// follow a committee's local time run often and decide in the service.
	Spec string
	Run  Func
	// AtStart also runs the job once when the scheduler starts, which
	// catches up work missed while the server was down.
	AtStart bool
}

// State is what admins see of a job (models.JobState, so that the
// handlers can show it without depending on the scheduler).
type State = models.JobState

// Scheduler owns the cron instance and the jobs' states.
type Scheduler struct {
	cron  *cron.Cron
	log   *slog.Logger
	clock func() time.Time
	ctx   context.Context
	stop  context.CancelFunc

	mu     sync.Mutex
	jobs   map[string]*entry
	wg     sync.WaitGroup
	closed bool

	// record, when set, keeps each finished run where every replica's
	// administrators can see it (the store); see OnFinish.
	record func(ctx context.Context, r models.JobRun)
	// instance names this replica in recorded runs.
	instance string
}

// OnFinish makes the scheduler hand every finished run to record, named
// as run by instance. Call it before Start.
func (s *Scheduler) OnFinish(instance string, record func(ctx context.Context, r models.JobRun)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.instance, s.record = instance, record
}

type entry struct {
	job   Job
	id    cron.EntryID
	state State
	busy  sync.Mutex // a job never overlaps itself
}

// New makes a scheduler; clock is time.Now in production, a fake in tests.
func New(log *slog.Logger, clock func() time.Time) *Scheduler {
	ctx, stop := context.WithCancel(context.Background())
	return &Scheduler{
		cron: cron.New(cron.WithLocation(time.UTC)),
		log:  log, clock: clock, ctx: ctx, stop: stop,
		jobs: map[string]*entry{},
	}
}

// Add registers a job; a bad spec is an error.
func (s *Scheduler) Add(j Job) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[j.Name]; dup {
		return fmt.Errorf("job %q added twice", j.Name)
	}
	e := &entry{job: j, state: State{Name: j.Name, Spec: j.Spec}}
	id, err := s.cron.AddFunc(j.Spec, func() { s.runEntry(e) })
	if err != nil {
		return fmt.Errorf("job %q: schedule %q: %w", j.Name, j.Spec, err)
	}
	e.id = id
	s.jobs[j.Name] = e
	return nil
}

// Start runs the AtStart jobs once, in the background, and starts the clock.
func (s *Scheduler) Start() {
	s.mu.Lock()
	var atStart []*entry
	for _, e := range s.jobs {
		if e.job.AtStart {
			atStart = append(atStart, e)
		}
	}
	s.mu.Unlock()
	for _, e := range atStart {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.runEntry(e)
		}()
	}
	s.cron.Start()
}

// Stop cancels running jobs' context, stops the clock and waits for runs
// in flight, at most until ctx ends.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	cronDone := s.cron.Stop()
	s.stop()
	done := make(chan struct{})
	go func() {
		<-cronDone.Done()
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RunNow runs one job immediately as of now (for `theodoi jobs run` and an
// admin's button) and returns its summary.
func (s *Scheduler) RunNow(ctx context.Context, name string, now time.Time) (string, error) {
	s.mu.Lock()
	e, ok := s.jobs[name]
	s.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("no job %q", name)
	}
	return s.run(ctx, e, now)
}

// States lists the jobs and their last runs, by name.
func (s *Scheduler) States() []State {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]State, 0, len(s.jobs))
	for _, e := range s.jobs {
		st := e.state
		st.NextRunAt = s.cron.Entry(e.id).Next
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (s *Scheduler) runEntry(e *entry) {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return
	}
	_, _ = s.run(s.ctx, e, s.clock())
}

// run executes one run: no overlap, panics recovered, one log line.
func (s *Scheduler) run(ctx context.Context, e *entry, now time.Time) (summary string, err error) {
	if !e.busy.TryLock() {
		s.log.Info("job skipped: still running", "job", e.job.Name)
		return "", fmt.Errorf("job %q is still running", e.job.Name)
	}
	defer e.busy.Unlock()
	s.setState(e, func(st *State) { st.Running = true })
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
			s.log.Error("job panicked", "job", e.job.Name, "panic", v, "stack", string(debug.Stack()))
		}
		took := time.Since(start)
		s.setState(e, func(st *State) {
			st.Running, st.LastRunAt, st.LastTook, st.LastSummary = false, now, took, summary
			st.Runs++
			if err != nil {
				st.LastError, st.LastErrorAt = err.Error(), now
				st.Failures++
			} else {
				st.LastError, st.LastOKAt = "", now
			}
		})
		s.mu.Lock()
		record, instance := s.record, s.instance
		s.mu.Unlock()
		if record != nil {
			r := models.JobRun{Name: e.job.Name, Instance: instance, StartedAt: now, Took: took, Summary: summary}
			if err != nil {
				r.Error = err.Error()
			}
			// Recorded even when the run was cancelled by shutdown.
			record(context.WithoutCancel(ctx), r)
		}
		attrs := []any{"job", e.job.Name, "as_of", now.Format(time.RFC3339), "took_ms", took.Milliseconds(), "summary", summary}
		if err != nil {
			s.log.Error("job failed", append(attrs, "error", err.Error())...)
		} else {
			s.log.Info("job done", attrs...)
		}
	}()
	return e.job.Run(ctx, now)
}

func (s *Scheduler) setState(e *entry, f func(*State)) {
	s.mu.Lock()
	f(&e.state)
	s.mu.Unlock()
}

// WithShared overlays the runs every replica recorded (shared, from the
// store) on this replica's own states: the last run, success and error
// are whichever is latest, wherever it ran; the schedule, the next run
// and whether it is running now stay this replica's. Jobs only another
// replica runs are listed too.
func WithShared(local []State, shared []models.JobStatus) []State {
	byName := map[string]int{}
	out := slices.Clone(local)
	for i, st := range out {
		byName[st.Name] = i
	}
	for _, sh := range shared {
		i, ok := byName[sh.Name]
		if !ok {
			out = append(out, State{Name: sh.Name})
			i = len(out) - 1
		}
		st := &out[i]
		if !sh.LastRunAt.Before(st.LastRunAt) {
			st.LastRunAt, st.LastTook, st.LastSummary, st.LastInstance = sh.LastRunAt, sh.LastTook, sh.LastSummary, sh.LastInstance
		}
		if sh.LastOKAt.After(st.LastOKAt) {
			st.LastOKAt = sh.LastOKAt
		}
		if sh.LastErrorAt.After(st.LastErrorAt) {
			st.LastError, st.LastErrorAt = sh.LastError, sh.LastErrorAt
		}
		// A success after the last error clears it, as locally.
		if !st.LastOKAt.Before(st.LastErrorAt) {
			st.LastError = ""
		}
		st.Runs, st.Failures = max(st.Runs, int(sh.Runs)), max(st.Failures, int(sh.Failures))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
