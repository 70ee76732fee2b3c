package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/theodoi/theodoi/config"
	"github.com/theodoi/theodoi/internal/backup"
	"github.com/theodoi/theodoi/internal/mailer"
	"github.com/theodoi/theodoi/jobs"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/services/outbox"
)

// newMailer sends over SMTP when a host is configured, else writes .eml
// files under the data directory so a new user can see what would be sent.
func newMailer(cfg config.Config) (outbox.Mailer, string, error) {
	if cfg.SMTPHost != "" {
		m, err := mailer.NewSMTP(mailer.SMTPConfig{
			Host: cfg.SMTPHost, Port: cfg.SMTPPort, TLS: cfg.SMTPTLS,
			User: cfg.SMTPUser, Password: cfg.SMTPPassword.Value(), From: cfg.SMTPFrom,
		})
		return m, "smtp://" + cfg.SMTPHost, err
	}
	dir := filepath.Join(cfg.DataDir, "mail")
	m, err := mailer.NewDirectory(dir)
	return m, dir, err
}

// mailOptions derives the dispatcher's settings from the configuration.
func mailOptions(cfg config.Config) outbox.MailOptions {
	host := "theodoi.local"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return outbox.MailOptions{From: cfg.SMTPFrom, Host: host, Instance: instanceName(), IsPermanent: mailer.IsPermanent}
}

// instanceName tells replicas apart as owners of claimed work.
func instanceName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// scheduleJobs registers the background work. Every replica runs every
// job: the services claim work in the store, so nothing happens twice,
// and the calendar jobs run often and decide from the committee's local
// time and the ledger whether there is anything to do (which also catches
// up after downtime).
//
// On the embedded store a "backup" job also copies the database now and
// then (THEODOI_BACKUP_*); a MongoDB deployment is backed up with its own
// tools.
func scheduleJobs(s *jobs.Scheduler, svc *services.Services, st storeLike, cfg config.Config, log *slog.Logger) error {
	s.OnFinish(svc.Mail.Instance(), func(ctx context.Context, r models.JobRun) {
		if err := svc.Jobs.Record(ctx, r); err != nil {
			log.Warn("job run not recorded", "job", r.Name, "error", err.Error())
		}
	})
	list := []jobs.Job{
		{Name: "dispatch", Spec: "@every " + cfg.DispatchEvery.String(), AtStart: true, Run: func(ctx context.Context, now time.Time) (string, error) {
			res, err := svc.Mail.Dispatch(ctx, now)
			return res.String(), err
		}},
		{Name: "reminders", Spec: "@every 5m", AtStart: true, Run: svc.Reminders.RunDue},
		{Name: "digests", Spec: "@every 5m", AtStart: true, Run: svc.Digests.RunDue},
		{Name: "carryover", Spec: "@every 5m", AtStart: true, Run: svc.CarryOver.RunDue},
		{Name: notify.NotifyJob, Spec: "@every 1m", AtStart: true, Run: svc.Notify.RunDue},
		{Name: "sessions", Spec: "@every 1h", Run: func(ctx context.Context, _ time.Time) (string, error) {
			n, err := svc.Auth.PurgeSessions(ctx)
			return fmt.Sprintf("purged %d", n), err
		}},
	}
	if src, ok := st.(backup.Source); ok && cfg.BackupKeep > 0 {
		p := backup.Policy{Dir: cfg.BackupDirectory(), Every: cfg.BackupEvery, Keep: cfg.BackupKeep}
		list = append(list, jobs.Job{Name: "backup", Spec: "@every 1h", AtStart: true, Run: func(ctx context.Context, now time.Time) (string, error) {
			return backup.RunDue(ctx, src, p, now)
		}})
	}
	for _, j := range list {
		if err := s.Add(j); err != nil {
			return err
		}
	}
	return nil
}

// jobsCommand lists the jobs or runs one now, as of a chosen time.
func jobsCommand(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || (args[0] != "list" && args[0] != "run") {
		return errors.New("usage: theodoi jobs list | theodoi jobs run dispatch|notify|reminders|digests|carryover|sessions|backup [--at 2021-11-01T00:30:00+07:00] [--committee ID]")
	}
	sub, args := args[0], args[1:]
	name := ""
	if sub == "run" {
		if len(args) == 0 {
			return errors.New("which job? dispatch, notify, reminders, digests, carryover, sessions or backup")
		}
		name, args = args[0], args[1:]
	}
	var at, committee string
	cfg, _, err := loadConfig(env, "jobs", args, func(fs *flag.FlagSet) {
		fs.StringVar(&at, "at", "", "run as of this time (RFC 3339), default now")
		fs.StringVar(&committee, "committee", "", "carryover only: just this committee")
	})
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	if at != "" {
		if now, err = time.Parse(time.RFC3339, at); err != nil {
			return fmt.Errorf("--at: %w", err)
		}
		now = now.UTC()
	}
	log := newLogger(cfg, env.stderr)
	st, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	m, _, err := newMailer(cfg)
	if err != nil {
		return describe(err)
	}
	svc := newServicesWith(st, cfg, log, m)
	s := jobs.New(log, time.Now)
	if err := scheduleJobs(s, svc, st, cfg, log); err != nil {
		return err
	}
	if sub == "list" {
		shared, err := svc.Jobs.AllStatuses(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.stdout, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "JOB\tSCHEDULE (UTC)\tLAST RUN\tTOOK\tLAST SUCCESS\tRUNS\tFAILED\tLAST RESULT")
		for _, js := range jobs.WithShared(s.States(), shared) {
			result := js.LastSummary
			if js.LastError != "" {
				result = "error: " + js.LastError
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", js.Name, js.Spec, when(js.LastRunAt), js.LastTook.Round(time.Millisecond),
				when(js.LastOKAt), js.Runs, js.Failures, result)
		}
		tw.Flush()
		return nil
	}
	if committee != "" {
		if name != "carryover" {
			return errors.New("--committee goes with the carryover job")
		}
		summary, err := svc.CarryOver.RunDueCommittee(ctx, models.ID(committee), now)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "carryover as of %s: %s\n", now.Format(time.RFC3339), summary)
		return nil
	}
	summary, err := s.RunNow(ctx, name, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s as of %s: %s\n", name, now.Format(time.RFC3339), summary)
	return nil
}

func newServicesWith(st storeLike, cfg config.Config, log *slog.Logger, m outbox.Mailer) *services.Services {
	return newServicesAt(st, cfg, log, m, models.SystemClock{})
}

// newServicesAt is newServicesWith on a clock of the caller's (the demo
// loader replays last month).
func newServicesAt(st storeLike, cfg config.Config, log *slog.Logger, m outbox.Mailer, clock models.Clock, tweaks ...func(*services.Options)) *services.Services {
	opts := services.Options{
		DueSoonDays: cfg.DueSoonDays, SessionIdle: cfg.SessionIdle, SessionMaxAge: cfg.SessionMaxAge,
		LoginRatePerMinute: cfg.LoginRatePerMinute, ImportMaxBytes: cfg.ImportMaxBytes,
		BaseURL: cfg.BaseURL, Mailer: m, Mail: mailOptions(cfg),
		Reminders: notify.ReminderOptions{At: clockTime(cfg.ReminderAt), DueInDays: cfg.ReminderDays, OverdueEvery: cfg.ReminderOverdueEvery},
		CarryOver: monthend.CarryOverOptions{At: clockTime(cfg.CarryOverAt), Deadline: monthend.DeadlineRule(cfg.CarryOverDeadline)},
		Digests:   notify.DigestOptions{Weekday: time.Weekday(cfg.DigestWeekday), At: clockTime(cfg.DigestAt)},
		Notify:    notify.NotifyOptions{Window: cfg.NotifyWindow, DigestAt: clockTime(cfg.DigestAt)},
	}
	for _, tweak := range tweaks {
		tweak(&opts)
	}
	return services.New(st, clock, log, opts)
}

// clockTime reads a validated HH:MM; 00:00 becomes a minute past, since a
// zero duration would mean "the default".
func clockTime(s string) time.Duration {
	d, _ := config.ClockTime(s)
	return max(d, time.Minute)
}

// when is a time for the job list, or "never".
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// sharedJobStates is what the job page shows: this replica's schedule
// with the last runs of every replica from the store. If the store does
// not answer, this replica's own view is still shown.
func sharedJobStates(ctx context.Context, s *jobs.Scheduler, svc *services.Services, log *slog.Logger) []jobs.State {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	shared, err := svc.Jobs.AllStatuses(ctx)
	if err != nil {
		log.Warn("shared job states unavailable", "error", err.Error())
	}
	return jobs.WithShared(s.States(), shared)
}
