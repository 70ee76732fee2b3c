package models

import "time"

// MessageState is where a queued e-mail stands.
type MessageState string

const (
	MessagePending MessageState = "pending" // waiting for its next attempt
	MessageSending MessageState = "sending" // claimed by a dispatcher until its lease ends
	MessageSent    MessageState = "sent"
	MessageFailed  MessageState = "failed" // gave up after the last attempt; an admin may resend
)

// Message is one e-mail in the outbox. Mail is written here after the state
// it reports is saved, and delivered by the dispatcher; Key makes queuing
// idempotent ("digest:unit:U:2021-W41" is queued once however often the
// job runs).
type Message struct {
	ID          ID       `json:"id"`
	CommitteeID ID       `json:"committeeId"`
	Key         string   `json:"key"`
	To          []string `json:"to"`
	Subject     string   `json:"subject"`
	Text        string   `json:"-"` // bodies are not listed through the API
	HTML        string   `json:"-"`
	MessageID   string   `json:"messageId"` // stable across retries
	// Unsubscribe is the one-click unsubscribe address of the recipient
	// (RFC 8058); empty for mail that cannot be declined.
	Unsubscribe string       `json:"unsubscribe,omitempty"`
	State       MessageState `json:"state"`
	Attempts    int          `json:"attempts"`
	NextAt      time.Time    `json:"nextAt"` // when it may be tried (again)
	Owner       string       `json:"owner,omitempty"`
	LeaseUntil  *time.Time   `json:"leaseUntil,omitempty"`
	LastError   string       `json:"lastError,omitempty"`
	CreatedAt   time.Time    `json:"createdAt"`
	SentAt      *time.Time   `json:"sentAt,omitempty"`
}

// Lease is a named piece of singleton work held by one owner until it
// expires; another replica may take it over after that.
type Lease struct {
	Name      string    `json:"name"`
	Owner     string    `json:"owner"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// LedgerEntry records that a calendar job did its work for one natural key
// ("carryover:2021-10" for a committee), so it is done once, even when
// the run is repeated or caught up after downtime.
type LedgerEntry struct {
	CommitteeID ID        `json:"committeeId"`
	Job         string    `json:"job"`
	Key         string    `json:"key"`
	DoneAt      time.Time `json:"doneAt"`
	Detail      string    `json:"detail,omitempty"`
}
