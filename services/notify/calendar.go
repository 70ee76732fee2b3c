package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// Calendar jobs (reminders, digests) do a committee's work once per
// natural key (a day, a week). Every replica calls them every few minutes;
// this is the shared mechanism that makes that safe.

// calendarTally counts the committees a calendar job's run left alone, and
// the messages it found queued already; both jobs' summaries end with it.
type calendarTally struct {
	done, notYet, busy, again int
}

// String is ", skipped (already done) 3, not yet time 1, …" (zero counts
// but the first left out).
func (t calendarTally) String() string {
	s := fmt.Sprintf(", skipped (already done) %d", t.done)
	if t.notYet > 0 {
		s += fmt.Sprintf(", not yet time %d", t.notYet)
	}
	if t.busy > 0 {
		s += fmt.Sprintf(", held by another replica %d", t.busy)
	}
	if t.again > 0 {
		s += fmt.Sprintf(", already queued %d", t.again)
	}
	return s
}

// eachCommittee runs fn for every committee; a committee that fails is
// reported in the joined error and the others go on.
func eachCommittee(ctx context.Context, b core.Base, job string, fn func(models.Committee) error) (int, error) {
	committees, err := core.ReadyCommittees(ctx, b.Store.Committees())
	if err != nil {
		return 0, fmt.Errorf("%s: %w", job, err)
	}
	var errs []error
	n := 0
	for _, c := range committees {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		n++
		if err := fn(c); err != nil {
			errs = append(errs, fmt.Errorf("%s for committee %s: %w", job, c.ID, err))
		}
	}
	return n, errors.Join(errs...)
}

// onceOutcome says what onceFor did.
type onceOutcome int

const (
	onceRan  onceOutcome = iota // the work ran and was recorded
	onceDone                    // the ledger had it already
	onceBusy                    // another replica holds the lease; the next tick retries
)

// onceFor does work for (committee, job, key) at most once: the ledger
// says whether it is done; a lease (job:committee:key) keeps two replicas
// from doing it at the same time, and one that dies holding it is taken
// over when the lease ends; the ledger is checked again under the lease and
// written last, so a failure half-way leaves the key open for the next run
// (the work itself must be safe to repeat, e.g. by outbox keys). work
// returns a short detail for the ledger entry.
func onceFor(ctx context.Context, b core.Base, c models.Committee, job, key, owner string, now time.Time, ttl time.Duration,
	work func() (detail string, err error)) (onceOutcome, error) {
	if done, err := b.Store.Ledger().Has(ctx, c.ID, job, key); err != nil || done {
		return onceDone, err
	}
	lease := fmt.Sprintf("%s:%s:%s", job, c.ID, key)
	if _, err := b.Store.Leases().Acquire(ctx, lease, owner, now, ttl); err != nil {
		if errors.Is(err, models.ErrConflict) {
			return onceBusy, nil
		}
		return onceRan, err
	}
	defer func() {
		if err := b.Store.Leases().Release(context.WithoutCancel(ctx), lease, owner); err != nil {
			b.Log.Warn("lease not released", "job", job, "lease", lease, "error", err.Error())
		}
	}()
	// Another replica may have finished between the check and the lease.
	if done, err := b.Store.Ledger().Has(ctx, c.ID, job, key); err != nil || done {
		return onceDone, err
	}
	detail, err := work()
	if err != nil {
		return onceRan, err
	}
	err = b.Store.Ledger().Record(ctx, models.LedgerEntry{CommitteeID: c.ID, Job: job, Key: key, DoneAt: b.Now(), Detail: detail})
	if errors.Is(err, models.ErrDuplicate) {
		return onceRan, nil
	}
	return onceRan, err
}

// count adds an outcome that did not run to the run's counters.
func (o onceOutcome) count(done, busy *int) {
	switch o {
	case onceDone:
		*done++
	case onceBusy:
		*busy++
	}
}
