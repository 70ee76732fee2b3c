// Package core is what every service package shares: the store, the
// clock, the committees with their zones, and the few rules each use case
// applies the same way (permission, id check, conflict retry, audit entry,
// text normalisation). It holds no use case of its own.
package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// Base is embedded by every service.
type Base struct {
	Store      store.Store
	Clock      models.Clock
	Log        *slog.Logger
	Committees *Committees
	// Recipients is told when a committee's units, people or mail
	// choices change, so who hears of follow-up events is read again.
	Recipients Forgetter
	// Instance names this replica in leases and the outbox.
	Instance string
}

// Forgetter drops what it keeps about one committee.
type Forgetter interface {
	Forget(committee models.ID)
}

// Now is the clock's time in UTC, to the millisecond the stores keep.
func (b Base) Now() time.Time { return b.Clock.Now().UTC().Truncate(time.Millisecond) }

// Audit builds an entry for a change made by actor.
func (b Base) Audit(actor models.Actor, entity string, id models.ID, action string, before, after any) models.AuditEntry {
	now := b.Now()
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

// ForgetRecipients tells the follow-up fan-out that a committee's
// directory changed.
func (b Base) ForgetRecipients(committee models.ID) {
	if b.Recipients != nil {
		b.Recipients.Forget(committee)
	}
}

// Require fails with ErrForbidden unless the actor's role allows act.
func Require(actor models.Actor, act models.Action) error {
	if !models.Can(actor.Role, act) {
		return fmt.Errorf("%s may not %s: %w", actor.Role, act, models.ErrForbidden)
	}
	return nil
}

// CheckID refuses malformed ids before they reach a store; they can name
// nothing, so they are "not found".
func CheckID(what string, id models.ID) error {
	if !id.Valid() {
		return models.NotFound(what, id)
	}
	return nil
}

// IsConflict reports whether err is a lost race or a stale version.
func IsConflict(err error) bool { return errors.Is(err, models.ErrConflict) }

// RetryConflicts re-runs a read-modify-write a few times when another
// writer got there first; used where the caller did not pin a version.
func RetryConflicts(ctx context.Context, fn func() error) error {
	var err error
	for attempt := 1; attempt <= 8; attempt++ {
		if err = fn(); !IsConflict(err) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		Backoff(attempt)
	}
	return err
}

// Backoff pauses before retry attempt+1 after a lost race: a growing
// pause (attempt² ms) with jitter, so writers that collided once do not
// collide again in step.
func Backoff(attempt int) {
	base := time.Duration(attempt*attempt) * time.Millisecond
	time.Sleep(base/2 + rand.N(base))
}

// StaleVersion is the conflict a caller gets for an outdated version.
func StaleVersion(got, have int64) error {
	return &versionError{got: got, have: have}
}

type versionError struct{ got, have int64 }

func (e *versionError) Error() string {
	return "the record was changed by someone else (your version is outdated); reload and try again"
}
func (e *versionError) Is(target error) bool { return target == models.ErrConflict }

// SetIf copies *v into *dst when a patch field is given.
func SetIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// NFC is a person's input trimmed and in Unicode NFC.
func NFC(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

// Text is a person's multi-line input (a task's text, a note): Word's
// line and page breaks and other control characters cleaned
// (models.CleanText), then NFC.
func Text(s string) string { return NFC(models.CleanText(s)) }

// NFCAll is NFC for each string.
func NFCAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, NFC(s))
	}
	return out
}
