package services

import (
	"context"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// AuditService reads the audit trail.
type AuditService struct{ base }

var auditEntities = []string{models.EntityTask, models.EntityUnit, models.EntityUser, models.EntityPeriod, models.EntityArea, models.EntityCommittee}

// AuditQuery selects entries; Page is 1-based.
type AuditQuery struct {
	Entity  string
	ID      models.ID
	Page    int
	PerPage int
}

func (s *AuditService) List(ctx context.Context, actor models.Actor, q AuditQuery) ([]models.AuditEntry, error) {
	if err := require(actor, models.ActReadAudit); err != nil {
		return nil, err
	}
	p := models.Problems{}
	if q.Entity != "" && !contains(auditEntities, q.Entity) {
		p.Add("entity", "must be one of task, unit, user, period, area, committee")
	}
	if q.ID != "" && !q.ID.Valid() {
		p.Add("id", "malformed id")
	}
	page, perPage := paging(p, q.Page, q.PerPage)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.store.Audit().List(ctx, store.AuditFilter{
		Committee: actor.CommitteeID, Entity: q.Entity, EntityID: q.ID,
		Offset: (page - 1) * perPage, Limit: perPage,
	})
}

// MaxPerPage bounds every listing.
const MaxPerPage = 200

// DefaultPerPage is a page when none is asked for.
const DefaultPerPage = 50

func paging(p models.Problems, page, perPage int) (int, int) {
	if page == 0 {
		page = 1
	}
	if perPage == 0 {
		perPage = DefaultPerPage
	}
	if page < 1 || page > 100000 {
		p.Add("page", "must be between 1 and 100000")
	}
	if perPage < 1 || perPage > MaxPerPage {
		p.Add("perPage", "must be between 1 and 200")
	}
	return page, perPage
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
