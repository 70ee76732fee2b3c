// Package notify tells people what happened and what is due: the
// follow-up event table and its fan-out into notices (events.go), the
// in-app notices and their mail, the daily reminders and the digests.
package notify

import (
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/outbox"
)

// Options tune who is told what, and when.
type Options struct {
	// BaseURL is the site's public address, for links in mail.
	BaseURL     string
	DueSoonDays int
	Reminders   ReminderOptions
	Digests     DigestOptions
	Notify      NotifyOptions
}

// Services are the follow-up use cases; Fanout is what the task-change
// path calls to turn a change into notices.
type Services struct {
	Notices   *NoticeService
	Notify    *NotifyService
	Reminders *ReminderService
	Digests   *DigestService
	Fanout    *Fanout
}

// New wires follow-up over b; b.Recipients must be cache, which the
// directory's writes empty.
func New(b core.Base, cache *RecipientCache, mail *outbox.MailService, opts Options) Services {
	return Services{
		Notices:   &NoticeService{Base: b},
		Notify:    &NotifyService{Base: b, mail: mail, baseURL: opts.BaseURL, opts: opts.Notify},
		Reminders: &ReminderService{Base: b, mail: mail, baseURL: opts.BaseURL, opts: opts.Reminders},
		Digests:   &DigestService{Base: b, mail: mail, baseURL: opts.BaseURL, dueSoonDays: opts.DueSoonDays, opts: opts.Digests},
		Fanout:    &Fanout{Base: b, opts: opts.Notify, cache: cache},
	}
}
