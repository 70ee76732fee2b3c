package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/theodoi/theodoi/models"
)

// Committees

type committees struct{ s *Store }

const committeeCols = `id, name, superior_body, issuer_code, place_name, time_zone, documents, incomplete, version, created_at, updated_at`

func scanCommittee(sc func(...any) error) (models.Committee, error) {
	var c models.Committee
	var documents string
	var incomplete, version, created, updated any
	err := sc(&c.ID, &c.Name, &c.SuperiorBody, &c.IssuerCode, &c.PlaceName, &c.TimeZone, &documents, &incomplete, &version, &created, &updated)
	_ = json.Unmarshal([]byte(documents), &c.Documents) // '{}' for committees made before documents were kept
	d := &c.Documents
	for _, l := range []*[]string{&d.ResolutionSigner.Titles, &d.ResolutionRecipients, &d.ReportSigner.Titles, &d.ReportRecipients} {
		if *l == nil {
			*l = []string{}
		}
	}
	c.Incomplete = intOf(incomplete) != 0
	c.Version, c.CreatedAt, c.UpdatedAt = intOf(version), timeOf(created), timeOf(updated)
	return c, err
}

func documentsArg(d models.DocumentSettings) string {
	b, _ := json.Marshal(d)
	return string(b)
}

func (r committees) Create(ctx context.Context, c models.Committee, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO committees (`+committeeCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Name, c.SuperiorBody, c.IssuerCode, c.PlaceName, c.TimeZone, documentsArg(c.Documents), boolArg(c.Incomplete),
			c.Version, timeArg(c.CreatedAt), timeArg(c.UpdatedAt))
		if err != nil {
			return mapErr(err, "committee "+string(c.ID))
		}
		return tx.audit(audit)
	})
}

func (r committees) Get(ctx context.Context, id models.ID) (models.Committee, error) {
	return cachedRead(r.s.records, &r.s.records.committees, string(id), func() (models.Committee, error) {
		ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
		defer cancel()
		rows, err := r.s.query(ctx, `SELECT `+committeeCols+` FROM committees WHERE id = ?`, id)
		if err != nil {
			return models.Committee{}, err
		}
		return one(rows, scanCommittee, "committee", id)
	})
}

func (r committees) List(ctx context.Context) ([]models.Committee, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+committeeCols+` FROM committees ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanCommittee)
}

func (r committees) Update(ctx context.Context, c models.Committee, expected int64, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE committees SET name = ?, superior_body = ?, issuer_code = ?, place_name = ?, time_zone = ?,
    documents = ?, incomplete = ?, version = ?, created_at = ?, updated_at = ? WHERE id = ? AND version = ?`,
			c.Name, c.SuperiorBody, c.IssuerCode, c.PlaceName, c.TimeZone, documentsArg(c.Documents), boolArg(c.Incomplete),
			c.Version, timeArg(c.CreatedAt), timeArg(c.UpdatedAt), c.ID, expected)
		if err != nil {
			return mapErr(err, "committee "+string(c.ID))
		}
		if !ok {
			return tx.versionMiss("committee", c.ID, `SELECT 1 FROM committees WHERE id = ?`, c.ID)
		}
		return tx.audit(audit)
	})
}

// purgeOrder lists every table holding a committee's rows, children
// before the rows they reference.
var purgeOrder = []string{
	"sessions", "one_time_tokens", "mail_prefs", "outbox", "ledger", "notices",
	"attachments", "progress", "task_units", "tasks", "import_files", "imports",
	"periods", "areas", "users", "units", "audit",
}

// Purge deletes the rows, then the attachments' files: a purge cut short
// between the two is finished by running it again.
func (r committees) Purge(ctx context.Context, id models.ID) error {
	err := r.s.inTx(ctx, func(tx *tx) error {
		for _, table := range purgeOrder {
			if _, err := tx.exec(`DELETE FROM `+table+` WHERE committee_id = ?`, id); err != nil {
				return fmt.Errorf("purge %s: %w", table, err)
			}
		}
		_, err := tx.exec(`DELETE FROM committees WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return err
	}
	if err := r.s.files.removeCommittee(id); err != nil {
		return fmt.Errorf("purge attachment files of committee %s: %w", id, err)
	}
	return nil
}

// Units

type units struct{ s *Store }

const unitCols = `id, committee_id, kind, name, aliases, emails, active, version, created_at, updated_at`

func scanUnit(sc func(...any) error) (models.Unit, error) {
	var u models.Unit
	var aliases, emails string
	var active, version, created, updated any
	if err := sc(&u.ID, &u.CommitteeID, &u.Kind, &u.Name, &aliases, &emails, &active, &version, &created, &updated); err != nil {
		return u, err
	}
	u.Aliases, u.Emails = stringsOf(aliases), stringsOf(emails)
	u.Active, u.Version, u.CreatedAt, u.UpdatedAt = intOf(active) != 0, intOf(version), timeOf(created), timeOf(updated)
	return u, nil
}

// kindRank orders kinds as models.UnitKinds lists them; unknown kinds last.
func kindRank(k models.UnitKind) int {
	if i := slices.Index(models.UnitKinds, k); i >= 0 {
		return i
	}
	return len(models.UnitKinds)
}

func (r units) Create(ctx context.Context, u models.Unit, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO units (id, committee_id, kind, kind_rank, name, aliases, emails, active, version, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.CommitteeID, u.Kind, kindRank(u.Kind), u.Name, stringsArg(u.Aliases), stringsArg(u.Emails),
			boolArg(u.Active), u.Version, timeArg(u.CreatedAt), timeArg(u.UpdatedAt))
		if err != nil {
			return mapErr(err, "unit "+string(u.ID))
		}
		return tx.audit(audit)
	})
}

func (r units) Get(ctx context.Context, committee, id models.ID) (models.Unit, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+unitCols+` FROM units WHERE id = ? AND committee_id = ?`, id, committee)
	if err != nil {
		return models.Unit{}, err
	}
	return one(rows, scanUnit, "unit", id)
}

func (r units) List(ctx context.Context, committee models.ID) ([]models.Unit, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+unitCols+` FROM units WHERE committee_id = ? ORDER BY kind_rank, name, id`, committee)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUnit)
}

func (r units) Update(ctx context.Context, u models.Unit, expected int64, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE units SET kind = ?, kind_rank = ?, name = ?, aliases = ?, emails = ?, active = ?,
    version = ?, created_at = ?, updated_at = ? WHERE id = ? AND committee_id = ? AND version = ?`,
			u.Kind, kindRank(u.Kind), u.Name, stringsArg(u.Aliases), stringsArg(u.Emails), boolArg(u.Active),
			u.Version, timeArg(u.CreatedAt), timeArg(u.UpdatedAt), u.ID, u.CommitteeID, expected)
		if err != nil {
			return mapErr(err, "unit "+string(u.ID))
		}
		if !ok {
			return tx.versionMiss("unit", u.ID, `SELECT 1 FROM units WHERE id = ? AND committee_id = ?`, u.ID, u.CommitteeID)
		}
		return tx.audit(audit)
	})
}

func stringsArg(s []string) string {
	if len(s) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func stringsOf(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out)
	if out == nil {
		out = []string{}
	}
	return out
}

// Users

type users struct{ s *Store }

const userCols = `id, committee_id, name, email, role, unit_id, language, disabled, password_hash, must_change_password, version, created_at, updated_at`

func scanUser(sc func(...any) error) (models.User, error) {
	var u models.User
	var disabled, mustChange, version, created, updated any
	err := sc(&u.ID, &u.CommitteeID, &u.Name, &u.Email, &u.Role, &u.UnitID, &u.Language, &disabled, &u.PasswordHash, &mustChange, &version, &created, &updated)
	u.Disabled, u.MustChangePassword = intOf(disabled) != 0, intOf(mustChange) != 0
	u.Version, u.CreatedAt, u.UpdatedAt = intOf(version), timeOf(created), timeOf(updated)
	return u, err
}

func (r users) Create(ctx context.Context, u models.User, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO users (`+userCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.CommitteeID, u.Name, u.Email, u.Role, u.UnitID, u.Language, boolArg(u.Disabled), u.PasswordHash,
			boolArg(u.MustChangePassword), u.Version, timeArg(u.CreatedAt), timeArg(u.UpdatedAt))
		if err != nil {
			return mapErr(err, "user "+string(u.ID))
		}
		return tx.audit(audit)
	})
}

func (r users) Get(ctx context.Context, committee, id models.ID) (models.User, error) {
	return cachedRead(r.s.records, &r.s.records.users, string(committee)+"/"+string(id), func() (models.User, error) {
		ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
		defer cancel()
		rows, err := r.s.query(ctx, `SELECT `+userCols+` FROM users WHERE id = ? AND committee_id = ?`, id, committee)
		if err != nil {
			return models.User{}, err
		}
		return one(rows, scanUser, "user", id)
	})
}

func (r users) GetByEmail(ctx context.Context, email string) (models.User, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+userCols+` FROM users WHERE email = ?`, email)
	if err != nil {
		return models.User{}, err
	}
	list, err := collect(rows, scanUser)
	switch {
	case err != nil:
		return models.User{}, err
	case len(list) == 0:
		return models.User{}, fmt.Errorf("user by e-mail: %w", models.ErrNotFound) // no address in errors that may be logged
	}
	return list[0], nil
}

func (r users) List(ctx context.Context, committee models.ID) ([]models.User, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+userCols+` FROM users WHERE committee_id = ? ORDER BY name, id`, committee)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUser)
}

func (r users) Update(ctx context.Context, u models.User, expected int64, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE users SET name = ?, email = ?, role = ?, unit_id = ?, language = ?, disabled = ?, password_hash = ?,
    must_change_password = ?, version = ?, created_at = ?, updated_at = ? WHERE id = ? AND committee_id = ? AND version = ?`,
			u.Name, u.Email, u.Role, u.UnitID, u.Language, boolArg(u.Disabled), u.PasswordHash, boolArg(u.MustChangePassword),
			u.Version, timeArg(u.CreatedAt), timeArg(u.UpdatedAt), u.ID, u.CommitteeID, expected)
		if err != nil {
			return mapErr(err, "user "+string(u.ID))
		}
		if !ok {
			return tx.versionMiss("user", u.ID, `SELECT 1 FROM users WHERE id = ? AND committee_id = ?`, u.ID, u.CommitteeID)
		}
		return tx.audit(audit)
	})
}

// Sessions

type sessions struct{ s *Store }

func (r sessions) Create(ctx context.Context, s models.Session) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO sessions (token_hash, committee_id, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			s.TokenHash, s.CommitteeID, s.UserID, timeArg(s.CreatedAt), timeArg(s.LastSeenAt), timeArg(s.ExpiresAt))
		return mapErr(err, "session")
	})
}

func (r sessions) Get(ctx context.Context, tokenHash string) (models.Session, error) {
	return cachedRead(r.s.records, &r.s.records.sessions, tokenHash, func() (models.Session, error) {
		return r.read(ctx, tokenHash)
	})
}

func (r sessions) read(ctx context.Context, tokenHash string) (models.Session, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	s := models.Session{TokenHash: tokenHash}
	var created, seen, expires any
	err := r.s.get(ctx, fmt.Errorf("session: %w", models.ErrNotFound),
		`SELECT user_id, committee_id, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = ?`, []any{tokenHash},
		&s.UserID, &s.CommitteeID, &created, &seen, &expires)
	if err != nil {
		return models.Session{}, err
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = timeOf(created), timeOf(seen), timeOf(expires)
	return s, nil
}

func (r sessions) Touch(ctx context.Context, tokenHash string, at time.Time) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, timeArg(at), tokenHash)
		if err == nil && !ok {
			err = fmt.Errorf("session: %w", models.ErrNotFound)
		}
		return err
	})
}

func (r sessions) Delete(ctx context.Context, tokenHash string) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

func (r sessions) DeleteForUser(ctx context.Context, user models.ID) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, user)
		return err
	})
}

func (r sessions) DeleteExpired(ctx context.Context, now time.Time, idle time.Duration) (int, error) {
	var n int64
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		idleBefore := int64(-1 << 63) // no idle limit
		if idle > 0 {
			idleBefore = now.Add(-idle).UnixNano()
		}
		res, err := tx.exec(`DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?`, now.UnixNano(), idleBefore)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// Areas

type areas struct{ s *Store }

const areaCols = `id, committee_id, name, position, version, created_at, updated_at`

func scanArea(sc func(...any) error) (models.Area, error) {
	var a models.Area
	var pos, version, created, updated any
	err := sc(&a.ID, &a.CommitteeID, &a.Name, &pos, &version, &created, &updated)
	a.Position, a.Version, a.CreatedAt, a.UpdatedAt = int(intOf(pos)), intOf(version), timeOf(created), timeOf(updated)
	return a, err
}

func (r areas) Create(ctx context.Context, a models.Area, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO areas (`+areaCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.CommitteeID, a.Name, a.Position, a.Version, timeArg(a.CreatedAt), timeArg(a.UpdatedAt))
		if err != nil {
			return mapErr(err, "area "+string(a.ID))
		}
		return tx.audit(audit)
	})
}

func (r areas) Get(ctx context.Context, committee, id models.ID) (models.Area, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+areaCols+` FROM areas WHERE id = ? AND committee_id = ?`, id, committee)
	if err != nil {
		return models.Area{}, err
	}
	return one(rows, scanArea, "area", id)
}

func (r areas) List(ctx context.Context, committee models.ID) ([]models.Area, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+areaCols+` FROM areas WHERE committee_id = ? ORDER BY position, name, id`, committee)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanArea)
}

// Update also moves the sort key of the area's tasks, in the same
// transaction, when the position changed.
func (r areas) Update(ctx context.Context, a models.Area, expected int64, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE areas SET name = ?, position = ?, version = ?, created_at = ?, updated_at = ?
WHERE id = ? AND committee_id = ? AND version = ?`,
			a.Name, a.Position, a.Version, timeArg(a.CreatedAt), timeArg(a.UpdatedAt), a.ID, a.CommitteeID, expected)
		if err != nil {
			return mapErr(err, "area "+string(a.ID))
		}
		if !ok {
			return tx.versionMiss("area", a.ID, `SELECT 1 FROM areas WHERE id = ? AND committee_id = ?`, a.ID, a.CommitteeID)
		}
		if _, err := tx.exec(`UPDATE task_units SET area_position = ? WHERE committee_id = ? AND area_id = ? AND area_position <> ?
AND task_rid IN (SELECT rid FROM tasks WHERE committee_id = ? AND area_id = ?)`,
			a.Position, a.CommitteeID, a.ID, a.Position, a.CommitteeID, a.ID); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE tasks SET area_position = ? WHERE committee_id = ? AND area_id = ? AND area_position <> ?`,
			a.Position, a.CommitteeID, a.ID, a.Position); err != nil {
			return err
		}
		return tx.audit(audit)
	})
}

// Periods

type periods struct{ s *Store }

const periodCols = `id, committee_id, month, status, resolution_number, resolution_date, version, created_at, updated_at`

func scanPeriod(sc func(...any) error) (models.Period, error) {
	var p models.Period
	var version, created, updated any
	err := sc(&p.ID, &p.CommitteeID, &p.Month, &p.Status, &p.ResolutionNumber, &p.ResolutionDate, &version, &created, &updated)
	p.Version, p.CreatedAt, p.UpdatedAt = intOf(version), timeOf(created), timeOf(updated)
	return p, err
}

func (r periods) Create(ctx context.Context, p models.Period, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO periods (`+periodCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.CommitteeID, p.Month, p.Status, p.ResolutionNumber, p.ResolutionDate, p.Version, timeArg(p.CreatedAt), timeArg(p.UpdatedAt))
		if err != nil {
			return mapErr(err, "period "+string(p.Month))
		}
		return tx.audit(audit)
	})
}

func (r periods) Get(ctx context.Context, committee models.ID, month models.Month) (models.Period, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+periodCols+` FROM periods WHERE committee_id = ? AND month = ?`, committee, month)
	if err != nil {
		return models.Period{}, err
	}
	return one(rows, scanPeriod, "period", models.ID(month))
}

func (r periods) List(ctx context.Context, committee models.ID) ([]models.Period, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+periodCols+` FROM periods WHERE committee_id = ? ORDER BY month DESC`, committee)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanPeriod)
}

func (r periods) Update(ctx context.Context, p models.Period, expected int64, audit models.AuditEntry) error {
	return r.s.inTx(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE periods SET month = ?, status = ?, resolution_number = ?, resolution_date = ?,
    version = ?, created_at = ?, updated_at = ? WHERE id = ? AND committee_id = ? AND version = ?`,
			p.Month, p.Status, p.ResolutionNumber, p.ResolutionDate, p.Version, timeArg(p.CreatedAt), timeArg(p.UpdatedAt),
			p.ID, p.CommitteeID, expected)
		if err != nil {
			return mapErr(err, "period "+string(p.Month))
		}
		if !ok {
			return tx.versionMiss("period", p.ID, `SELECT 1 FROM periods WHERE id = ? AND committee_id = ?`, p.ID, p.CommitteeID)
		}
		return tx.audit(audit)
	})
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(func(...any) error) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// one scans the single row a lookup by key returns, or reports it missing.
func one[T any](rows *sql.Rows, scan func(func(...any) error) (T, error), what string, id models.ID) (T, error) {
	list, err := collect(rows, scan)
	var zero T
	switch {
	case err != nil:
		return zero, err
	case len(list) == 0:
		return zero, models.NotFound(what, id)
	}
	return list[0], nil
}
