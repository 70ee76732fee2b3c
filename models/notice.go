package models

import (
	"fmt"
	"time"
)

// NoticeKind is a follow-up event as its recipient hears of it.
type NoticeKind string

const (
	NoticeAssigned     NoticeKind = "assigned"     // to the lead unit: a new task, or the lead moved to it
	NoticeCoordinating NoticeKind = "coordinating" // to a unit newly added as coordinating
	NoticeChanged      NoticeKind = "changed"      // to the task's units: deadline or text changed
	NoticeChase        NoticeKind = "chase"        // to the lead unit: a follow-up note (đôn đốc)
	NoticeProgress     NoticeKind = "progress"     // to leaders and the follow-up unit: a unit reported
	NoticeAwaiting     NoticeKind = "awaiting"     // to leaders and the follow-up unit: reported done
	NoticeAccepted     NoticeKind = "accepted"     // to the lead unit
	NoticeReopened     NoticeKind = "reopened"     // to the lead unit, with the reason
	NoticeCancelled    NoticeKind = "cancelled"    // to the lead unit
	NoticeCarried      NoticeKind = "carried"      // to the lead unit: moved into next month
)

// NoticeKinds lists every kind, in the order the mail choices show them.
var NoticeKinds = []NoticeKind{NoticeAssigned, NoticeCoordinating, NoticeChanged, NoticeChase,
	NoticeProgress, NoticeAwaiting, NoticeAccepted, NoticeReopened, NoticeCancelled, NoticeCarried}

// MailedNoticeKinds are the kinds a person chooses how to be mailed:
// all but carried tasks, which the carry-over notice already mails.
var MailedNoticeKinds = []NoticeKind{NoticeAssigned, NoticeCoordinating, NoticeChanged, NoticeChase,
	NoticeProgress, NoticeAwaiting, NoticeAccepted, NoticeReopened, NoticeCancelled}

func (k NoticeKind) Valid() bool {
	for _, x := range NoticeKinds {
		if x == k {
			return true
		}
	}
	return false
}

// NotifyMode is how a person wants to hear of a kind of event by e-mail.
type NotifyMode string

const (
	NotifyNow    NotifyMode = "now"    // gathered over a short window, then mailed
	NotifyDigest NotifyMode = "digest" // in the daily digest of follow-up events
	NotifyOff    NotifyMode = "off"    // in the app only
)

func (m NotifyMode) Valid() bool { return m == NotifyNow || m == NotifyDigest || m == NotifyOff }

// DefaultNotifyMode is the choice of an address that has not chosen: what
// asks a unit to act (a new task, a chase note, a reopened task) and what
// asks leaders to act (work awaiting acceptance) comes at once; the rest
// in the daily digest. Carried tasks are already in the carry-over notice.
func DefaultNotifyMode(k NoticeKind) NotifyMode {
	switch k {
	case NoticeAssigned, NoticeCoordinating, NoticeChase, NoticeAwaiting, NoticeReopened:
		return NotifyNow
	case NoticeCarried:
		return NotifyOff
	}
	return NotifyDigest
}

// Notice is one follow-up event for one recipient: a person (UserID, seen
// in the app and mailed to their address) or a unit's contact mailbox
// (Address only). Its id is derived from the change and the recipient, so
// a retried change stores it once.
type Notice struct {
	ID          ID         `json:"id"`
	CommitteeID ID         `json:"committeeId"`
	Kind        NoticeKind `json:"kind"`
	TaskID      ID         `json:"taskId"`
	// TaskText is the task's text when the event happened, so the notice
	// still reads right after the task is edited.
	TaskText string    `json:"taskText"`
	Note     string    `json:"note,omitempty"` // the chase note, the reason for reopening
	Deadline Date      `json:"deadline,omitempty"`
	ActorID  ID        `json:"actorId,omitempty"`
	At       time.Time `json:"at"`

	UserID  ID     `json:"userId,omitempty"`
	Address string `json:"address,omitempty"`
	Lang    string `json:"lang,omitempty"`
	// MailDue is when the notice may be mailed: At plus the gathering
	// window, or the next daily digest; nil when it is not mailed.
	MailDue  *time.Time `json:"mailDue,omitempty"`
	MailNow  bool       `json:"mailNow,omitempty"` // chosen "now": it joins any message sent before MailDue
	MailedAt *time.Time `json:"mailedAt,omitempty"`
	ReadAt   *time.Time `json:"readAt,omitempty"`
}

// NoticeRetention is how long notices are kept.
const NoticeRetention = 90 * 24 * time.Hour

// MaxNoticeText bounds the task text kept in a notice.
const MaxNoticeText = 300

// Check rejects a notice no listing could find again: the stores refuse
// one without an id, a committee or a time.
func (n Notice) Check() error {
	if n.ID == "" || n.CommitteeID == "" || n.At.IsZero() {
		return fmt.Errorf("notice %q: id, committee and time are required: %w", n.ID, ErrInvalid)
	}
	return nil
}
