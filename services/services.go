// Package services holds the use cases. Every method takes the context
// first and, where a person acts, the models.Actor; permissions are
// enforced here, not only in handlers. Services depend on store interfaces
// and a clock, never on gin or a database driver.
package services

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/theodoi/theodoi/models"
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
	Mailer Mailer
	Mail   MailOptions
	// Reminders tunes the daily reminders.
	Reminders ReminderOptions
	// CarryOver tunes the month-end carry-over.
	CarryOver CarryOverOptions
	// Digests tunes the weekly digests.
	Digests DigestOptions
	// Notify tunes follow-up notices (the gathering window).
	Notify NotifyOptions
	// SetupFault, for tests only, may fail a committee's setup after a
	// stage (see SetupService) to prove it leaves nothing behind.
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
		o.ImportMaxBytes = DefaultImportMaxBytes
	}
	o.Mail.defaults()
}

// Services bundles the use cases over one store.
type Services struct {
	Auth       *AuthService
	Committees *CommitteeService
	Units      *UnitService
	Users      *UserService
	Areas      *AreaService
	Periods    *PeriodService
	Tasks      *TaskService
	Audit      *AuditService
	Imports    *ImportService
	Mail       *MailService
	CarryOver  *CarryOverService
	Reminders  *ReminderService
	Digests    *DigestService
	Reports    *ReportService
	MailPrefs  *MailPrefService
	Jobs       *JobService
	Feeds      *FeedService
	Setup      *SetupService
	Notices    *NoticeService
	Notify     *NotifyService
}

// New wires the services.
func New(st store.Store, clock models.Clock, log *slog.Logger, opts Options) *Services {
	opts.defaults()
	cc := newCommitteeCache(st.Committees(), clock)
	b := base{store: st, clock: clock, log: log, committees: cc, recipients: &recipientCache{}}
	auth := newAuthService(b, opts)
	mail := &MailService{base: b, mailer: opts.Mailer, opts: opts.Mail}
	auth.mail = mail
	units := &UnitService{base: b}
	users := &UserService{base: b, auth: auth}
	events := &eventFanout{base: b, opts: opts.Notify}
	writer := &taskWriter{base: b, events: events}
	return &Services{
		Auth:       auth,
		Committees: &CommitteeService{base: b},
		Units:      units,
		Users:      users,
		Setup:      &SetupService{base: b, units: units, users: users, fault: opts.SetupFault},
		Areas:      &AreaService{base: b},
		Periods:    &PeriodService{base: b},
		Tasks:      &TaskService{base: b, dueSoonDays: opts.DueSoonDays, writer: writer},
		Audit:      &AuditService{base: b},
		Imports:    &ImportService{base: b, writer: writer, maxBytes: opts.ImportMaxBytes},
		Mail:       mail,
		CarryOver:  &CarryOverService{base: b, writer: writer, mail: mail, baseURL: opts.BaseURL, opts: opts.CarryOver},
		Reminders:  &ReminderService{base: b, mail: mail, baseURL: opts.BaseURL, opts: opts.Reminders},
		MailPrefs:  &MailPrefService{base: b},
		Notices:    &NoticeService{base: b},
		Notify:     &NotifyService{base: b, mail: mail, baseURL: opts.BaseURL, opts: opts.Notify},
		Feeds:      &FeedService{base: b, baseURL: opts.BaseURL},
		Jobs:       &JobService{base: b},
		Digests:    &DigestService{base: b, mail: mail, baseURL: opts.BaseURL, dueSoonDays: opts.DueSoonDays, opts: opts.Digests},
		Reports:    &ReportService{base: b, carry: opts.CarryOver},
	}
}

// base is what every service shares.
type base struct {
	store      store.Store
	clock      models.Clock
	log        *slog.Logger
	committees *committeeCache
	// recipients caches who hears of follow-up events (see events.go).
	recipients *recipientCache
}

func (b base) now() time.Time { return b.clock.Now().UTC().Truncate(time.Millisecond) }

// audit builds an entry for a change made by actor.
func (b base) audit(actor models.Actor, entity string, id models.ID, action string, before, after any) models.AuditEntry {
	now := b.now()
	return models.AuditEntry{
		ID:          models.NewID(now),
		CommitteeID: actor.CommitteeID,
		ActorID:     actor.UserID,
		At:          now,
		Entity:      entity,
		EntityID:    id,
		Action:      action,
		Before:      snapshot(before),
		After:       snapshot(after),
	}
}

func snapshot(v any) []byte {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

// require fails with ErrForbidden unless the actor's role allows act.
func require(actor models.Actor, act models.Action) error {
	if !models.Can(actor.Role, act) {
		return fmt.Errorf("%s may not %s: %w", actor.Role, act, models.ErrForbidden)
	}
	return nil
}

// checkID refuses malformed ids before they reach a store; they can name
// nothing, so they are "not found".
func checkID(what string, id models.ID) error {
	if !id.Valid() {
		return models.NotFound(what, id)
	}
	return nil
}

// retryConflicts re-runs a read-modify-write a few times when another
// writer got there first; used where the caller did not pin a version.
func retryConflicts(ctx context.Context, fn func() error) error {
	var err error
	for range 5 {
		if err = fn(); !isConflict(err) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return err
}
