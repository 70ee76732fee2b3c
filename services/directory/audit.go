package directory

import (
	"context"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/store"
)

// AuditService reads the audit trail.
type AuditService struct{ core.Base }

var auditEntities = []string{models.EntityTask, models.EntityUnit, models.EntityUser, models.EntityPeriod, models.EntityArea, models.EntityCommittee}

// AuditQuery selects entries; Page is 1-based.
type AuditQuery struct {
	Entity  string
	ID      models.ID
	Page    int
	PerPage int
}

func (s *AuditService) List(ctx context.Context, actor models.Actor, q AuditQuery) ([]models.AuditEntry, error) {
	if err := core.Require(actor, models.ActReadAudit); err != nil {
		return nil, err
	}
	p := models.Problems{}
	if q.Entity != "" && !core.Contains(auditEntities, q.Entity) {
		p.Add("entity", "must be one of task, unit, user, period, area, committee")
	}
	if q.ID != "" && !q.ID.Valid() {
		p.Add("id", "malformed id")
	}
	page, perPage := core.Paging(p, q.Page, q.PerPage)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.Store.Audit().List(ctx, store.AuditFilter{
		Committee: actor.CommitteeID, Entity: q.Entity, EntityID: q.ID,
		Offset: (page - 1) * perPage, Limit: perPage,
	})
}
