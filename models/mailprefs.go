package models

import "time"

// DigestFrequency is how often an address gets the digest (bản tin).
type DigestFrequency string

const (
	DigestOff    DigestFrequency = "off"
	DigestWeekly DigestFrequency = "weekly" // the default
	DigestDaily  DigestFrequency = "daily"
)

func (f DigestFrequency) Valid() bool {
	return f == DigestOff || f == DigestWeekly || f == DigestDaily
}

// MailKind is what a message is, as far as preferences go. Notices that
// report a decision (carry-over, password reset) have no kind: they are
// always sent.
type MailKind string

const (
	MailWeeklyDigest MailKind = "digest-weekly"
	MailDailyDigest  MailKind = "digest-daily"
	MailReminder     MailKind = "reminder"
)

// MailPrefs are the choices of one address in one committee: a person's
// own address (set on the profile page) or a unit's mailbox (through the
// unsubscribe link in every digest and reminder). An address without
// stored choices gets the weekly digest and the reminders.
type MailPrefs struct {
	CommitteeID ID              `json:"committeeId"`
	Address     string          `json:"address"`
	Digest      DigestFrequency `json:"digest"`
	Reminders   bool            `json:"reminders"`
	// Notify holds the address's choice per follow-up event kind; a kind
	// not in it takes DefaultNotifyMode.
	Notify map[NoticeKind]NotifyMode `json:"notify,omitempty"`
	// Token is the address's unsubscribe key, put into its mail's links;
	// it lets the holder change these choices and nothing else.
	Token     string    `json:"-"`
	Version   int64     `json:"version"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// DefaultMailPrefs are an address's choices until it changes them.
func DefaultMailPrefs(committee ID, address string) MailPrefs {
	return MailPrefs{CommitteeID: committee, Address: address, Digest: DigestWeekly, Reminders: true}
}

// Wants reports whether the address gets mail of kind k.
func (p MailPrefs) Wants(k MailKind) bool {
	switch k {
	case MailWeeklyDigest:
		return p.Digest == DigestWeekly || p.Digest == DigestDaily
	case MailDailyDigest:
		return p.Digest == DigestDaily
	case MailReminder:
		return p.Reminders
	}
	return true
}

// NotifyMode is how the address hears of events of kind k by e-mail.
func (p MailPrefs) NotifyMode(k NoticeKind) NotifyMode {
	if k == NoticeCarried {
		return NotifyOff // mailed by the carry-over notice
	}
	if m, ok := p.Notify[k]; ok && m.Valid() {
		return m
	}
	return DefaultNotifyMode(k)
}

// OneTimeToken is a secret sent by e-mail that allows one action once
// (resetting a password). Only its hash is stored; taking it deletes it.
type OneTimeToken struct {
	Hash        string    `json:"-"`
	Purpose     string    `json:"purpose"`
	CommitteeID ID        `json:"committeeId"`
	UserID      ID        `json:"userId"`
	CreatedAt   time.Time `json:"createdAt"`
	ExpiresAt   time.Time `json:"expiresAt"`
}

// TokenPasswordReset is the purpose of a password-reset link.
const TokenPasswordReset = "password-reset"

// TokenInvitation is the purpose of an invitation link: a new account's
// person chooses a password with it.
const TokenInvitation = "invitation"

// TokenSetup is the purpose of the first-run setup link, printed by a
// server that starts with no committee; it belongs to no committee.
const TokenSetup = "setup"
