package services

import (
	"log/slog"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/export"
	"github.com/theodoi/theodoi/services/feed"
	"github.com/theodoi/theodoi/services/imports"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/services/report"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
)

// Options tune the services; zero values take the defaults.
type Options struct {
	DueSoonDays        int
	SessionIdle        time.Duration
	SessionMaxAge      time.Duration
	LoginRatePerMinute int
	ImportMaxBytes     int64
	// BaseURL is the site's public address, for links in mail.
	BaseURL string
	// Mailer delivers queued mail; nil means mail is queued but not sent.
	Mailer outbox.Mailer
	Mail   outbox.MailOptions
	// Reminders tunes the daily reminders.
	Reminders notify.ReminderOptions
	// CarryOver tunes the month-end carry-over.
	CarryOver monthend.CarryOverOptions
	// Digests tunes the weekly digests.
	Digests notify.DigestOptions
	// Notify tunes follow-up notices (the gathering window).
	Notify notify.NotifyOptions
	// SetupFault, for tests only, may fail a committee's setup after a
	// stage (see directory.SetupService) to prove it leaves nothing behind.
	SetupFault func(stage string) error
}

func (o *Options) defaults() {
	if o.DueSoonDays < 0 {
		o.DueSoonDays = models.DefaultDueSoonDays
	}
	if o.SessionIdle <= 0 {
		o.SessionIdle = 12 * time.Hour
	}
	if o.SessionMaxAge <= 0 {
		o.SessionMaxAge = 7 * 24 * time.Hour
	}
	if o.LoginRatePerMinute <= 0 {
		o.LoginRatePerMinute = 10
	}
	if o.ImportMaxBytes <= 0 {
		o.ImportMaxBytes = imports.DefaultImportMaxBytes
	}
	o.Mail.Defaults()
}

// Services bundles the use cases over one store: the one value cmd wires
// and handlers and jobs receive.
type Services struct {
	Auth       *directory.AuthService
	Committees *directory.CommitteeService
	Units      *directory.UnitService
	Users      *directory.UserService
	Areas      *directory.AreaService
	Periods    *directory.PeriodService
	Audit      *directory.AuditService
	Jobs       *directory.JobService
	Setup      *directory.SetupService
	Tasks      *task.TaskService
	Imports    *imports.ImportService
	Mail       *outbox.MailService
	MailPrefs  *outbox.MailPrefService
	Notices    *notify.NoticeService
	Notify     *notify.NotifyService
	Reminders  *notify.ReminderService
	Digests    *notify.DigestService
	CarryOver  *monthend.CarryOverService
	Reports    *report.ReportService
	Feeds      *feed.FeedService
	Exports    *export.ExportService
}

// New wires the services, lower packages first (see doc.go).
func New(st store.Store, clock models.Clock, log *slog.Logger, opts Options) *Services {
	opts.defaults()
	recipients := notify.NewRecipientCache()
	b := core.Base{Store: st, Clock: clock, Log: log, Committees: core.NewCommittees(st.Committees()),
		Recipients: recipients, Instance: opts.Mail.Instance}
	outbox, prefs := outbox.New(b, opts.Mailer, opts.Mail)
	dir := directory.New(b, outbox, directory.Options{SessionIdle: opts.SessionIdle, SessionMaxAge: opts.SessionMaxAge,
		LoginRatePerMinute: opts.LoginRatePerMinute, BaseURL: opts.BaseURL, SetupFault: opts.SetupFault})
	follow := notify.New(b, recipients, outbox, notify.Options{BaseURL: opts.BaseURL, DueSoonDays: opts.DueSoonDays,
		Reminders: opts.Reminders, Digests: opts.Digests, Notify: opts.Notify})
	tasks, writer := task.New(b, follow.Fanout, dir.Periods, opts.DueSoonDays)
	return &Services{
		Auth:       dir.Auth,
		Committees: dir.Committees,
		Units:      dir.Units,
		Users:      dir.Users,
		Areas:      dir.Areas,
		Periods:    dir.Periods,
		Audit:      dir.Audit,
		Jobs:       dir.Jobs,
		Setup:      dir.Setup,
		Tasks:      tasks,
		Imports:    imports.New(b, writer, dir, opts.ImportMaxBytes),
		Mail:       outbox,
		MailPrefs:  prefs,
		Notices:    follow.Notices,
		Notify:     follow.Notify,
		Reminders:  follow.Reminders,
		Digests:    follow.Digests,
		CarryOver:  monthend.New(b, writer, outbox, dir.Periods, opts.BaseURL, opts.CarryOver),
		Reports:    report.New(b, opts.CarryOver),
		Feeds:      feed.New(b, opts.BaseURL),
		Exports:    export.New(b, tasks, dir.Periods),
	}
}
