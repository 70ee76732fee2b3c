package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// The outbox, leases and the ledger never change a task list, so their
// writes keep the list cache. Each write is one statement (or a statement
// and the lookup that explains a miss) in the single write transaction, so
// it is atomic against every other writer of the file.

type outbox struct{ s *Store }

const messageCols = `id, committee_id, key, recipients, subject, text, html, message_id, state, attempts,
    next_at, owner, lease_until, last_error, created_at, sent_at, unsubscribe`

func scanMessage(sc func(...any) error) (models.Message, error) {
	var m models.Message
	var recipients string
	var attempts, nextAt, leaseUntil, created, sent any
	if err := sc(&m.ID, &m.CommitteeID, &m.Key, &recipients, &m.Subject, &m.Text, &m.HTML, &m.MessageID, &m.State,
		&attempts, &nextAt, &m.Owner, &leaseUntil, &m.LastError, &created, &sent, &m.Unsubscribe); err != nil {
		return m, err
	}
	m.To = stringsOf(recipients)
	m.Attempts, m.NextAt, m.LeaseUntil = int(intOf(attempts)), timeOf(nextAt), timePtrOf(leaseUntil)
	m.CreatedAt, m.SentAt = timeOf(created), timePtrOf(sent)
	return m, nil
}

// dueCond selects what Claim may take: pending and due, or sending with an
// expired lease. Its two arguments are now, twice.
const dueCond = `((state = 'pending' AND next_at <= ?) OR (state = 'sending' AND lease_until < ?))`

// claimMessages picks the due ids in next_at order (on outbox_claim) and
// takes them in the same statement. The UPDATE repeats the condition, so
// it states on its own what may be taken; there the unary + keeps the
// planner from walking outbox_claim again over every due row, and it
// looks the chosen ids up by key instead.
const claimMessages = `UPDATE outbox SET state = 'sending', owner = ?, lease_until = ?, attempts = attempts + 1
WHERE id IN (SELECT id FROM outbox WHERE ` + dueCond + ` ORDER BY next_at, id LIMIT ?)
  AND ((+state = 'pending' AND next_at <= ?) OR (+state = 'sending' AND lease_until < ?))
RETURNING ` + messageCols

// Enqueue stores the message as pending, with no attempts yet; a zero
// NextAt means at CreatedAt. The conflict target is (committee_id, key),
// which SQLite checks before the primary key, so a retry of the same
// Enqueue (same id and key) is a no-op too; an id taken by another key is
// ErrDuplicate.
func (r outbox) Enqueue(ctx context.Context, m models.Message) (bool, error) {
	if err := checkMessage(m); err != nil {
		return false, err
	}
	nextAt := m.NextAt
	if nextAt.IsZero() {
		nextAt = m.CreatedAt
	}
	var queued bool
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		res, err := tx.exec(`INSERT INTO outbox (`+messageCols+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', NULL, '', ?, NULL, ?)
ON CONFLICT (committee_id, key) DO NOTHING`,
			string(m.ID), string(m.CommitteeID), m.Key, stringsArg(m.To), m.Subject, m.Text, m.HTML, m.MessageID,
			timeArg(nextAt), timeArg(m.CreatedAt), m.Unsubscribe)
		if err != nil {
			return mapErr(err, "message "+string(m.ID))
		}
		n, err := res.RowsAffected()
		queued = n == 1
		return err
	})
	return queued, err
}

// checkMessage rejects a message the outbox could not keep its promises for.
func checkMessage(m models.Message) error {
	switch {
	case m.ID == "" || m.CommitteeID == "":
		return fmt.Errorf("message: id and committee are required: %w", models.ErrInvalid)
	case m.Key == "":
		return fmt.Errorf("message %s: a key is required (it makes queuing idempotent): %w", m.ID, models.ErrInvalid)
	case m.CreatedAt.IsZero():
		return fmt.Errorf("message %s: creation time is required: %w", m.ID, models.ErrInvalid)
	}
	return nil
}

// checkClaim rejects claims that could not hold: without a lease a claimed
// message would be due again at once.
func checkClaim(owner string, lease time.Duration, limit int) error {
	if owner == "" || lease <= 0 || limit <= 0 {
		return fmt.Errorf("claim messages: owner, a positive lease and a positive limit are required: %w", models.ErrInvalid)
	}
	return nil
}

func (r outbox) Claim(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]models.Message, error) {
	if err := checkClaim(owner, lease, limit); err != nil {
		return nil, err
	}
	at := now.UnixNano()
	var claimed []models.Message
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		rows, err := tx.query(claimMessages, owner, now.Add(lease).UnixNano(), at, at, limit, at, at)
		if err != nil {
			return fmt.Errorf("claim messages: %w", err)
		}
		claimed, err = collect(rows, scanMessage)
		if err != nil {
			return fmt.Errorf("claim messages: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// RETURNING comes in no particular order.
	slices.SortFunc(claimed, func(a, b models.Message) int {
		return cmp.Or(a.NextAt.Compare(b.NextAt), strings.Compare(string(a.ID), string(b.ID)))
	})
	return claimed, nil
}

// MarkSent keeps the owner (who delivered it) and drops the lease.
func (r outbox) MarkSent(ctx context.Context, id models.ID, owner string, at time.Time) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE outbox SET state = 'sent', sent_at = ?, lease_until = NULL
WHERE id = ? AND owner = ? AND state = 'sending'`, timeArg(at), string(id), owner)
		if err != nil || ok {
			return err
		}
		return tx.leaseLost(id)
	})
}

// MarkRetry lets the message go: nobody holds it until it is claimed again.
func (r outbox) MarkRetry(ctx context.Context, id models.ID, owner string, nextAt time.Time, lastErr string, failed bool) error {
	state := models.MessagePending
	if failed {
		state = models.MessageFailed
	}
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE outbox SET state = ?, next_at = ?, last_error = ?, owner = '', lease_until = NULL
WHERE id = ? AND owner = ? AND state = 'sending'`, string(state), timeArg(nextAt), lastErr, string(id), owner)
		if err != nil || ok {
			return err
		}
		return tx.leaseLost(id)
	})
}

// leaseLost explains why a write by the holder of a message matched
// nothing: the message is missing, or someone else holds it now (or it is
// no longer sending).
func (t *tx) leaseLost(id models.ID) error {
	ok, err := t.exists(`SELECT 1 FROM outbox WHERE id = ?`, string(id))
	switch {
	case err != nil:
		return err
	case !ok:
		return models.NotFound("message", id)
	}
	return fmt.Errorf("message %s: not held by this owner (lease lost): %w", id, models.ErrConflict)
}

func (r outbox) Resend(ctx context.Context, committee, id models.ID, now time.Time) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE outbox SET state = 'pending', attempts = 0, next_at = ?, owner = '', lease_until = NULL
WHERE id = ? AND committee_id = ? AND state = 'failed'`, timeArg(now), string(id), string(committee))
		if err != nil || ok {
			return err
		}
		found, err := tx.exists(`SELECT 1 FROM outbox WHERE id = ? AND committee_id = ?`, string(id), string(committee))
		switch {
		case err != nil:
			return err
		case !found:
			return models.NotFound("message", id)
		}
		return fmt.Errorf("message %s: only a failed message can be resent: %w", id, models.ErrConflict)
	})
}

func (r outbox) Get(ctx context.Context, committee, id models.ID) (models.Message, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+messageCols+` FROM outbox WHERE id = ? AND committee_id = ?`, string(id), string(committee))
	if err != nil {
		return models.Message{}, err
	}
	return one(rows, scanMessage, "message", id)
}

// defaultMessageLimit is List's page when the caller gives none.
const defaultMessageLimit = 100

// List of one committee walks outbox_by_time; across committees (an
// instance admin's view) it sorts the table, which stays small.
func (r outbox) List(ctx context.Context, f store.MessageFilter) ([]models.Message, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	limit := f.Limit
	if limit <= 0 {
		limit = defaultMessageLimit
	}
	var args []any
	if f.Committee != "" {
		args = append(args, string(f.Committee))
	}
	if f.State != "" {
		args = append(args, string(f.State))
	}
	if b := f.Before; b != nil {
		args = append(args, b.CreatedAt.UnixNano(), string(b.ID))
	}
	rows, err := r.s.query(ctx, listMessages(f.Committee != "", f.State != "", f.Before != nil), append(args, limit)...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanMessage)
}

// listMessages is List's query; its arguments are the committee and the
// state when filtered by them, the cursor's time and id when it continues
// a listing, then the limit.
func listMessages(byCommittee, byState, before bool) string {
	var conds []string
	if byCommittee {
		conds = append(conds, "committee_id = ?")
	}
	if byState {
		conds = append(conds, "state = ?")
	}
	if before {
		conds = append(conds, "(created_at, id) < (?, ?)")
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	return `SELECT ` + messageCols + ` FROM outbox ` + where + ` ORDER BY created_at DESC, id DESC LIMIT ?`
}

type leases struct{ s *Store }

// acquireLease inserts the lease, or takes it over when owner holds it
// already or it has expired; RETURNING yields no row when the row belongs
// to someone else and was left alone.
const acquireLease = `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
WHERE leases.owner = excluded.owner OR leases.expires_at < ?
RETURNING owner`

func (r leases) Acquire(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (models.Lease, error) {
	if name == "" || owner == "" || ttl <= 0 {
		return models.Lease{}, fmt.Errorf("lease %q: name, owner and a positive ttl are required: %w", name, models.ErrInvalid)
	}
	l := models.Lease{Name: name, Owner: owner, ExpiresAt: now.Add(ttl).UTC()}
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		var holder string
		err := tx.queryRow(acquireLease, name, owner, l.ExpiresAt.UnixNano(), now.UnixNano()).Scan(&holder)
		if err == nil && holder == owner {
			return nil
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("lease %q: %w", name, err)
		}
		return fmt.Errorf("lease %q: held by another owner: %w", name, models.ErrConflict)
	})
	if err != nil {
		return models.Lease{}, err
	}
	return l, nil
}

func (r leases) Release(ctx context.Context, name, owner string) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`DELETE FROM leases WHERE name = ? AND owner = ?`, name, owner)
		return err
	})
}

type ledger struct{ s *Store }

func (r ledger) Record(ctx context.Context, e models.LedgerEntry) error {
	what := fmt.Sprintf("ledger %s %q of committee %s", e.Job, e.Key, e.CommitteeID)
	if e.Job == "" || e.Key == "" {
		return fmt.Errorf("%s: job and key are required: %w", what, models.ErrInvalid)
	}
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO ledger (committee_id, job, key, done_at, detail) VALUES (?, ?, ?, ?, ?)`,
			string(e.CommitteeID), e.Job, e.Key, timeArg(e.DoneAt), e.Detail)
		return mapErr(err, what)
	})
}

func (r ledger) Get(ctx context.Context, committee models.ID, job, key string) (models.LedgerEntry, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	e := models.LedgerEntry{CommitteeID: committee, Job: job, Key: key}
	var doneAt any
	err := r.s.get(ctx, sql.ErrNoRows, `SELECT done_at, detail FROM ledger WHERE committee_id = ? AND job = ? AND key = ?`,
		[]any{string(committee), job, key}, &doneAt, &e.Detail)
	if errors.Is(err, sql.ErrNoRows) {
		return models.LedgerEntry{}, fmt.Errorf("ledger %s %q of committee %s: %w", job, key, committee, models.ErrNotFound)
	}
	if err != nil {
		return models.LedgerEntry{}, err
	}
	e.DoneAt = timeOf(doneAt)
	return e, nil
}

func (r ledger) Has(ctx context.Context, committee models.ID, job, key string) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	var one int
	err := r.s.get(ctx, sql.ErrNoRows, `SELECT 1 FROM ledger WHERE committee_id = ? AND job = ? AND key = ?`,
		[]any{string(committee), job, key}, &one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
