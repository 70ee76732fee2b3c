package models

import (
	"fmt"
	"time"
)

// Attachment is an evidence file (minh chứng) a unit attaches to a task,
// usually with a progress report. The record is kept after removal, so
// the audit trail can show what was removed; the bytes are no longer
// served then.
type Attachment struct {
	ID          ID         `json:"id"`
	CommitteeID ID         `json:"committeeId"`
	TaskID      ID         `json:"taskId"`
	ProgressID  ID         `json:"progressId,omitempty"` // the progress report it came with, if any
	Name        string     `json:"name"`                 // the file name as uploaded (cleaned by the caller)
	Type        string     `json:"type"`                 // content type detected from the bytes
	Size        int64      `json:"size"`
	SHA256      string     `json:"sha256"`           // lowercase hex
	UnitID      ID         `json:"unitId,omitempty"` // the uploader's unit
	CreatedBy   ID         `json:"createdBy"`
	CreatedAt   time.Time  `json:"createdAt"`
	RemovedAt   *time.Time `json:"removedAt,omitempty"`
	RemovedBy   ID         `json:"removedBy,omitempty"`
}

// EntityAttachment names attachments in the audit log.
const EntityAttachment = "attachment"

// Check rejects a record the stores cannot keep: well-formed ids (the
// embedded store names directories after the committee id), a task, a
// size that is not negative, a SHA-256 in lowercase hex (it names the
// stored bytes) and a creation time.
func (a Attachment) Check() error {
	switch {
	case !a.ID.Valid() || !a.CommitteeID.Valid() || a.TaskID == "":
		return fmt.Errorf("attachment %q: id, committee and task are required: %w", a.ID, ErrInvalid)
	case a.Size < 0:
		return fmt.Errorf("attachment %s: size %d: %w", a.ID, a.Size, ErrInvalid)
	case !isSHA256Hex(a.SHA256):
		return fmt.Errorf("attachment %s: sha256 %q is not 64 lowercase hex digits: %w", a.ID, a.SHA256, ErrInvalid)
	case a.CreatedAt.IsZero():
		return fmt.Errorf("attachment %s: no creation time: %w", a.ID, ErrInvalid)
	}
	return nil
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// SameUpload reports whether b records the same upload as a: every field
// set when it was created is equal (times to the millisecond, as the
// stores keep them). A store takes a Create of the same upload again as a
// retry, whatever happened to the record since (a removal).
func (a Attachment) SameUpload(b Attachment) bool {
	sameTime := a.CreatedAt.Truncate(time.Millisecond).Equal(b.CreatedAt.Truncate(time.Millisecond))
	a.RemovedAt, a.RemovedBy, a.CreatedAt = nil, "", time.Time{}
	b.RemovedAt, b.RemovedBy, b.CreatedAt = nil, "", time.Time{}
	return sameTime && a == b
}
