package sqlite

import (
	"context"
	"strings"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

type auditLog struct{ s *Store }

func (r auditLog) Append(ctx context.Context, e models.AuditEntry) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(insertAudit, auditArgs(e)...)
		return mapErr(err, "audit entry "+string(e.ID))
	})
}

// List returns the committee's entries newest first.
func (r auditLog) List(ctx context.Context, f store.AuditFilter) ([]models.AuditEntry, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	conds := []string{"committee_id = ?"}
	args := []any{f.Committee}
	if f.Entity != "" {
		conds = append(conds, "entity = ?")
		args = append(args, f.Entity)
	}
	if f.EntityID != "" {
		conds = append(conds, "entity_id = ?")
		args = append(args, f.EntityID)
	}
	limit, offset := limitArgs(f.Offset, f.Limit)
	rows, err := r.s.query(ctx, `SELECT id, committee_id, actor_id, at, entity, entity_id, action, before, after FROM audit
WHERE `+strings.Join(conds, " AND ")+` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(sc func(...any) error) (models.AuditEntry, error) {
		var e models.AuditEntry
		var at any
		var before, after []byte
		err := sc(&e.ID, &e.CommitteeID, &e.ActorID, &at, &e.Entity, &e.EntityID, &e.Action, &before, &after)
		e.At, e.Before, e.After = timeOf(at), before, after
		return e, err
	})
}
