package services_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/ferrettest"
	"github.com/theodoi/theodoi/internal/mailer"
	"github.com/theodoi/theodoi/jobs"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/mongo"
)

// TestThreeReplicasOverAMonth runs three schedulers (jobs.Scheduler with
// the server's jobs: reminders, digests, carry-over, dispatch) side by
// side every hour (every three on the MongoDB-wire server) from 1 October
// to 2 November 2021 over one store and one SMTP server, then checks that
// every message arrived exactly once, the month was carried over once and
// the shared job states count every replica's runs.
func TestThreeReplicasOverAMonth(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a month")
	}
	t.Run("SQLite", func(t *testing.T) { simulateMonth(t, nil, time.Hour) })
	t.Run("FerretDB", func(t *testing.T) {
		// FerretDB applies concurrent updates of one document unsafely, so the
		// store uses one connection: the three replicas still interleave
		// their claims, leases and ledger checks command by command.
		st, err := mongo.Open(context.Background(), ferrettest.StartT(t)+"?maxPoolSize=1", mongo.Options{Database: "monthsim"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		simulateMonth(t, st, 6*time.Hour) // coarser ticks: FerretDB is slow; SQLite runs the hourly ones
	})
}

// simulateMonth runs the month over st (nil: a fresh SQLite store), one
// round of every job on every replica each step.
func simulateMonth(t *testing.T, st store.Store, step time.Duration) {
	backend := &smtpBackend{}
	addr, _ := startSMTP(t, backend, "127.0.0.1:0")
	port, _ := strconv.Atoi(addr[strings.LastIndexByte(addr, ':')+1:])
	sender, err := mailer.NewSMTP(mailer.SMTPConfig{Host: "127.0.0.1", Port: port, TLS: mailer.TLSNone, From: "theodoi@phuong.example", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var e *remEnv
	if st == nil {
		e = newRemEnv(t, sender)
	} else {
		e = newRemEnvOn(t, st, sender)
	}
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	if _, _, err := e.svc.Users.CreateFirst(e.ctx, c.c.ID, directory.UserInput{Name: "Bí thư", Email: "bithu@phuong.example", Role: models.RoleLeader, Password: "mat-khau-bi-thu"}); err != nil {
		t.Fatal(err)
	}
	units := []models.Unit{
		c.unit("Hội LHPN phường", "phunu@phuong.example"),
		c.unit("Hội Nông dân phường", "nongdan@phuong.example"),
		c.unit("Đoàn TNCS Hồ Chí Minh phường", "doan@phuong.example"),
	}
	var open []models.ID
	for i, u := range units {
		for j, deadline := range []string{"2021-10-08", "2021-10-15", "2021-10-31", ""} {
			id := c.task(u, fmt.Sprintf("Nhiệm vụ %d.%d của %s", i+1, j+1, u.Name), deadline, units[(i+1)%3].ID)
			open = append(open, id)
		}
	}
	// One task is finished and accepted in the month: it must not be carried.
	done := models.StateAwaiting
	if _, err := e.svc.Tasks.ReportProgress(e.ctx, c.officer(units[0]), open[0], task.ProgressInput{State: &done}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Tasks.Accept(e.ctx, c.leader, open[0], 0, ""); err != nil {
		t.Fatal(err)
	}

	replicas := simReplicas(t, e, sender)
	start := time.Date(2021, 10, 1, 0, 0, 0, 0, remVN).UTC()
	end := time.Date(2021, 11, 2, 12, 0, 0, 0, remVN).UTC()
	steps := 0
	for now := start; now.Before(end); now = now.Add(step) {
		e.clk.set(now)
		steps++
		var wg sync.WaitGroup
		for _, r := range replicas {
			wg.Go(func() {
				for _, name := range []string{"reminders", "digests", "carryover", "dispatch"} {
					if _, err := r.RunNow(e.ctx, name, now); err != nil {
						t.Errorf("%s at %s: %v", name, now, err)
					}
				}
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
	}
	// The shared job states count every replica's runs.
	statuses, err := e.svc.Jobs.AllStatuses(e.ctx)
	if err != nil || len(statuses) != 4 {
		t.Fatalf("job states %+v %v", statuses, err)
	}
	for _, st := range statuses {
		if st.Runs != int64(3*steps) || st.Failures != 0 {
			t.Errorf("%s: %d runs, %d failures, want %d and 0", st.Name, st.Runs, st.Failures, 3*steps)
		}
	}

	kinds := checkDeliveredOnce(t, e, backend)
	// The month was carried once: 11 unfinished tasks, one copy each.
	nov, err := e.svc.Tasks.List(e.ctx, c.leader, task.TaskQuery{Period: "2021-11", PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	if nov.Total != len(open)-1 {
		t.Errorf("November has %d tasks, want %d", nov.Total, len(open)-1)
	}
	from := map[models.ID]bool{}
	for _, tk := range nov.Tasks {
		if from[tk.CarriedFromID] || tk.CarryCount != 1 {
			t.Errorf("task %s: carried from %s (seen before: %v), count %d", tk.ID, tk.CarriedFromID, from[tk.CarriedFromID], tk.CarryCount)
		}
		from[tk.CarriedFromID] = true
	}
	t.Logf("messages delivered once each: %v", kinds)
}

// simReplicas are three schedulers with the server's jobs over e's store.
func simReplicas(t *testing.T, e *remEnv, sender outbox.Mailer) []*jobs.Scheduler {
	t.Helper()
	// Each replica is a scheduler with the server's jobs, run by the
	// simulated clock (RunNow) rather than by cron's wall clock.
	var replicas []*jobs.Scheduler
	for i, svc := range []*services.Services{e.svc, remServices(e.st, e.clk, "b", sender), remServices(e.st, e.clk, "c", sender)} {
		s := jobs.New(slog.New(slog.NewTextHandler(io.Discard, nil)), e.clk.Now)
		s.OnFinish(fmt.Sprintf("replica-%d", i), func(ctx context.Context, r models.JobRun) {
			if err := svc.Jobs.Record(ctx, r); err != nil {
				t.Error(err)
			}
		})
		for _, j := range []jobs.Job{
			{Name: "reminders", Spec: "@every 5m", Run: svc.Reminders.RunDue},
			{Name: "digests", Spec: "@every 5m", Run: svc.Digests.RunDue},
			{Name: "carryover", Spec: "@every 5m", Run: svc.CarryOver.RunDue},
			{Name: "dispatch", Spec: "@every 30s", Run: func(ctx context.Context, now time.Time) (string, error) {
				res, err := svc.Mail.Dispatch(ctx, now)
				return res.String(), err
			}},
		} {
			if err := s.Add(j); err != nil {
				t.Fatal(err)
			}
		}
		replicas = append(replicas, s)
	}
	return replicas
}

// checkDeliveredOnce: every queued message was delivered, and exactly
// once. It returns the messages' kinds (key prefixes) and their counts.
func checkDeliveredOnce(t *testing.T, e *remEnv, backend *smtpBackend) map[string]int {
	t.Helper()
	queued := e.outbox()
	byID := map[string]int{}
	for _, r := range backend.received() {
		m, err := mail.ReadMessage(strings.NewReader(string(r.Data)))
		if err != nil {
			t.Fatal(err)
		}
		byID[m.Header.Get("Message-ID")]++
	}
	for _, m := range queued {
		if m.State != models.MessageSent {
			t.Errorf("%s is %s", m.Key, m.State)
		}
		if n := byID[m.MessageID]; n != 1 {
			t.Errorf("%s delivered %d times", m.Key, n)
		}
	}
	if len(byID) != len(queued) {
		t.Errorf("%d distinct messages delivered, %d queued", len(byID), len(queued))
	}
	kinds := map[string]int{}
	for _, m := range queued {
		kinds[strings.SplitN(m.Key, ":", 2)[0]]++
	}
	if kinds["reminder"] == 0 || kinds["digest"] == 0 || kinds["carryover"] == 0 {
		t.Errorf("message kinds %v: expected reminders, digests and carry-over notices", kinds)
	}
	return kinds
}
