package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/theodoi/theodoi/models"
)

// Mail choices and one-time tokens never change a task list, so their
// writes keep the list cache.

type mailPrefs struct{ s *Store }

const prefCols = `committee_id, address, digest, reminders, notify, token, version, updated_at`

func scanPrefs(sc func(...any) error) (models.MailPrefs, error) {
	var p models.MailPrefs
	var notify string
	var reminders, version, updated any
	err := sc(&p.CommitteeID, &p.Address, &p.Digest, &reminders, &notify, &p.Token, &version, &updated)
	p.Reminders, p.Version, p.UpdatedAt = intOf(reminders) != 0, intOf(version), timeOf(updated)
	p.Notify = notifyOf(notify)
	return p, err
}

// notifyArg is the choices per kind as a JSON object, '{}' for none.
func notifyArg(m map[models.NoticeKind]models.NotifyMode) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// notifyOf reads notifyArg's text back; no choices are an empty map, never nil.
func notifyOf(s string) map[models.NoticeKind]models.NotifyMode {
	m := map[models.NoticeKind]models.NotifyMode{}
	_ = json.Unmarshal([]byte(s), &m)
	if m == nil { // the text was JSON null
		m = map[models.NoticeKind]models.NotifyMode{}
	}
	return m
}

func (r mailPrefs) Ensure(ctx context.Context, p models.MailPrefs) (models.MailPrefs, error) {
	var out models.MailPrefs
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO mail_prefs (`+prefCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (committee_id, address) DO NOTHING`,
			p.CommitteeID, p.Address, p.Digest, boolArg(p.Reminders), notifyArg(p.Notify), p.Token, p.Version, timeArg(p.UpdatedAt))
		if err != nil {
			return mapErr(err, "mail preferences")
		}
		out, err = scanPrefs(tx.queryRow(`SELECT `+prefCols+` FROM mail_prefs WHERE committee_id = ? AND address = ?`, p.CommitteeID, p.Address).Scan)
		return err
	})
	return out, err
}

func (r mailPrefs) Get(ctx context.Context, committee models.ID, address string) (models.MailPrefs, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+prefCols+` FROM mail_prefs WHERE committee_id = ? AND address = ?`, committee, address)
	if err != nil {
		return models.MailPrefs{}, err
	}
	return one(rows, scanPrefs, "mail preferences", models.ID(address))
}

func (r mailPrefs) GetByToken(ctx context.Context, token string) (models.MailPrefs, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+prefCols+` FROM mail_prefs WHERE token = ?`, token)
	if err != nil {
		return models.MailPrefs{}, err
	}
	return one(rows, scanPrefs, "mail preferences", "")
}

func (r mailPrefs) Update(ctx context.Context, p models.MailPrefs, expected int64) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE mail_prefs SET digest = ?, reminders = ?, notify = ?, version = ?, updated_at = ?
WHERE committee_id = ? AND address = ? AND version = ?`,
			p.Digest, boolArg(p.Reminders), notifyArg(p.Notify), p.Version, timeArg(p.UpdatedAt), p.CommitteeID, p.Address, expected)
		if err != nil || ok {
			return err
		}
		var n int
		if err := tx.queryRow(`SELECT count(*) FROM mail_prefs WHERE committee_id = ? AND address = ?`, p.CommitteeID, p.Address).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("mail preferences %s: %w", p.Address, models.ErrNotFound)
		}
		return fmt.Errorf("mail preferences %s: %w", p.Address, models.ErrConflict)
	})
}

type tokens struct{ s *Store }

func (r tokens) Create(ctx context.Context, t models.OneTimeToken) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO one_time_tokens (hash, purpose, committee_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.Hash, t.Purpose, t.CommitteeID, t.UserID, timeArg(t.CreatedAt), timeArg(t.ExpiresAt))
		return mapErr(err, "token")
	})
}

// Take deletes and returns in one statement, so two takers cannot both
// get the token.
func (r tokens) Get(ctx context.Context, hash, purpose string, now time.Time) (models.OneTimeToken, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT hash, purpose, committee_id, user_id, created_at, expires_at FROM one_time_tokens
WHERE hash = ? AND purpose = ? AND expires_at > ?`, hash, purpose, now.UnixNano())
	if err != nil {
		return models.OneTimeToken{}, err
	}
	return one(rows, func(sc func(...any) error) (models.OneTimeToken, error) {
		var t models.OneTimeToken
		var created, expires any
		err := sc(&t.Hash, &t.Purpose, &t.CommitteeID, &t.UserID, &created, &expires)
		t.CreatedAt, t.ExpiresAt = timeOf(created), timeOf(expires)
		return t, err
	}, "token", "")
}

func (r tokens) Take(ctx context.Context, hash, purpose string, now time.Time) (models.OneTimeToken, error) {
	var t models.OneTimeToken
	found := false
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		found = false
		var created, expires any
		rows, err := tx.query(`DELETE FROM one_time_tokens WHERE hash = ? AND purpose = ? AND expires_at > ?
RETURNING hash, purpose, committee_id, user_id, created_at, expires_at`, hash, purpose, now.UnixNano())
		if err != nil {
			return err
		}
		defer rows.Close()
		if rows.Next() {
			if err := rows.Scan(&t.Hash, &t.Purpose, &t.CommitteeID, &t.UserID, &created, &expires); err != nil {
				return err
			}
			t.CreatedAt, t.ExpiresAt = timeOf(created), timeOf(expires)
			found = true
		}
		return rows.Err()
	})
	if err == nil && !found {
		err = fmt.Errorf("token: %w", models.ErrNotFound)
	}
	return t, err
}

func (r tokens) DeleteForUser(ctx context.Context, user models.ID, purpose string) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`DELETE FROM one_time_tokens WHERE user_id = ? AND purpose = ?`, user, purpose)
		return err
	})
}

func (r tokens) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		res, err := tx.exec(`DELETE FROM one_time_tokens WHERE expires_at <= ?`, now.UnixNano())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
