// Package outbox queues mail and delivers it, once per key, with each
// address's choices and unsubscribe link.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/store"
)

// Mailer delivers one message; internal/mailer sends over SMTP or writes
// .eml files.
type Mailer interface {
	Send(ctx context.Context, m models.Message, from string) error
}

// MailOptions tune queuing and delivery.
type MailOptions struct {
	From string // "theodoi@phuong.example"
	// Host names the Message-ID domain ("<id@host>").
	Host string
	// Instance identifies this replica as the owner of claimed messages.
	Instance    string
	Lease       time.Duration // how long a claim lasts (default 2m)
	Batch       int           // messages claimed at a time (default 20)
	MaxAttempts int           // then the message is failed (default 8)
	Backoff     time.Duration // first retry delay, doubled each time (default 1m, at most 6h)
	// IsPermanent tells errors not worth retrying (a 550 reply) from others.
	IsPermanent func(error) bool
}

// Defaults fills in the zero fields.
func (o *MailOptions) Defaults() {
	if o.Host == "" {
		o.Host = "theodoi.local"
	}
	if o.Instance == "" {
		o.Instance = "theodoi"
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.Batch <= 0 {
		o.Batch = 20
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Minute
	}
	if o.IsPermanent == nil {
		o.IsPermanent = func(error) bool { return false }
	}
}

// MailService writes mail to the outbox and delivers it. Services queue
// mail only after the state it reports is saved; delivery happens later,
// with retries, so a slow or absent mail server never blocks a user.
type MailService struct {
	core.Base
	mailer Mailer
	opts   MailOptions
}

// Queue stores a message for delivery unless one with the same key was
// queued already for the committee; it reports whether it queued.
func (s *MailService) Queue(ctx context.Context, m models.Message) (bool, error) {
	p := models.Problems{}
	if m.Key == "" || len(m.Key) > 200 {
		p.Add("key", "required, at most 200 characters")
	}
	if len(m.To) == 0 {
		p.Add("to", "at least one recipient")
	}
	for _, to := range m.To {
		if _, ok := models.NormalizeEmail(to); !ok {
			p.Add("to", "not an e-mail address: "+to)
		}
	}
	if strings.TrimSpace(m.Subject) == "" {
		p.Add("subject", "required")
	}
	if err := p.Err(); err != nil {
		return false, err
	}
	now := s.Now()
	m.ID = models.NewID(now)
	m.MessageID = fmt.Sprintf("<%s@%s>", m.ID, s.opts.Host)
	m.State, m.Attempts, m.NextAt, m.CreatedAt = models.MessagePending, 0, now, now
	m.Owner, m.LeaseUntil, m.SentAt, m.LastError = "", nil, nil, ""
	return s.Store.Outbox().Enqueue(ctx, m)
}

// DispatchResult counts one dispatcher run.
type DispatchResult struct {
	Sent, Retried, Failed int
}

func (r DispatchResult) String() string {
	return fmt.Sprintf("sent %d, retried %d, failed %d", r.Sent, r.Retried, r.Failed)
}

// Dispatch delivers every message due at now, batch by batch, until none
// is left. Claims are atomic in the store, so several replicas can
// dispatch at once without sending a message twice while its lease runs.
func (s *MailService) Dispatch(ctx context.Context, now time.Time) (DispatchResult, error) {
	var res DispatchResult
	if s.mailer == nil {
		return res, errors.New("no mailer configured")
	}
	for ctx.Err() == nil {
		batch, err := s.Store.Outbox().Claim(ctx, s.opts.Instance, now, s.opts.Lease, s.opts.Batch)
		if err != nil {
			return res, err
		}
		if len(batch) == 0 {
			return res, nil
		}
		for _, m := range batch {
			if err := s.deliver(ctx, m, now, &res); err != nil {
				return res, err
			}
		}
	}
	return res, ctx.Err()
}

func (s *MailService) deliver(ctx context.Context, m models.Message, now time.Time, res *DispatchResult) error {
	sendErr := s.mailer.Send(ctx, m, s.opts.From)
	if sendErr == nil {
		res.Sent++
		err := s.Store.Outbox().MarkSent(ctx, m.ID, s.opts.Instance, s.Now())
		if errors.Is(err, models.ErrConflict) {
			return nil // the lease ran out meanwhile; the message may go out once more, never lost
		}
		return err
	}
	failed := s.opts.IsPermanent(sendErr) || m.Attempts >= s.opts.MaxAttempts
	next := now.Add(backoff(s.opts.Backoff, m.Attempts))
	if failed {
		res.Failed++
	} else {
		res.Retried++
	}
	s.Log.Warn("mail not delivered", "message_id", string(m.ID), "attempt", m.Attempts, "failed", failed, "error", sendErr.Error())
	err := s.Store.Outbox().MarkRetry(ctx, m.ID, s.opts.Instance, next, truncate(sendErr.Error(), 500), failed)
	if errors.Is(err, models.ErrConflict) {
		return nil
	}
	return err
}

// backoff doubles from base with each attempt, up to six hours.
func backoff(base time.Duration, attempts int) time.Duration {
	d := base
	for i := 1; i < attempts && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// OutboxQuery is one page of an admin's outbox listing.
type OutboxQuery struct {
	State models.MessageState // "" for every state
	// After is the Next of the page before, or "" for the newest messages.
	After string
	Limit int // default and at most OutboxPageSize
}

// OutboxPage is a page of messages, newest first; Next, when not empty,
// continues with the older ones.
type OutboxPage struct {
	Messages []models.Message
	Next     string
}

// OutboxPageSize is how many messages a page of the outbox lists at most.
const OutboxPageSize = 100

// Outbox lists a committee's messages for an admin, a page at a time.
func (s *MailService) Outbox(ctx context.Context, actor models.Actor, q OutboxQuery) (OutboxPage, error) {
	if err := core.Require(actor, models.ActManageUsers); err != nil {
		return OutboxPage{}, err
	}
	f := store.MessageFilter{Committee: actor.CommitteeID, State: q.State, Limit: q.Limit}
	if f.Limit <= 0 || f.Limit > OutboxPageSize {
		f.Limit = OutboxPageSize
	}
	if q.After != "" {
		c, err := parseMessageCursor(q.After)
		if err != nil {
			return OutboxPage{}, err
		}
		f.Before = c
	}
	f.Limit++ // one more says whether another page follows
	msgs, err := s.Store.Outbox().List(ctx, f)
	if err != nil {
		return OutboxPage{}, err
	}
	page := OutboxPage{Messages: msgs}
	if len(msgs) == f.Limit {
		page.Messages = msgs[:f.Limit-1]
		last := page.Messages[len(page.Messages)-1]
		page.Next = fmt.Sprintf("%d.%s", last.CreatedAt.UnixNano(), last.ID)
	}
	return page, nil
}

// parseMessageCursor reads an OutboxPage.Next: "<creation time in unix
// nanoseconds>.<message id>".
func parseMessageCursor(s string) (*store.MessageCursor, error) {
	at, id, ok := strings.Cut(s, ".")
	ns, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || ns <= 0 || !models.ID(id).Valid() {
		return nil, models.Invalid("after", "not a position in the outbox; start from the newest messages")
	}
	return &store.MessageCursor{CreatedAt: time.Unix(0, ns).UTC(), ID: models.ID(id)}, nil
}

// Resend queues a failed message again (an admin's action).
func (s *MailService) Resend(ctx context.Context, actor models.Actor, id models.ID) error {
	if err := core.Require(actor, models.ActManageUsers); err != nil {
		return err
	}
	if err := core.CheckID("message", id); err != nil {
		return err
	}
	return s.Store.Outbox().Resend(ctx, actor.CommitteeID, id, s.Now())
}

// Instance names this replica as the owner of the work it claims.
func (s *MailService) Instance() string { return s.opts.Instance }

// New is the outbox over b, delivering through mailer (nil: mail is
// queued but not sent); opts must have their defaults.
func New(b core.Base, mailer Mailer, opts MailOptions) (*MailService, *MailPrefService) {
	return &MailService{Base: b, mailer: mailer, opts: opts}, &MailPrefService{Base: b}
}
