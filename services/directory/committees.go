package directory

import (
	"context"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// CommitteeService reads and edits the committee itself.
type CommitteeService struct{ core.Base }

// Create sets up a committee with the default areas. It is for the command
// line and the demo loader: no web user may create committees.
func (s *CommitteeService) Create(ctx context.Context, c models.Committee) (models.Committee, error) {
	c.Documents = c.Documents.OrDefaults()
	if err := c.Validate(); err != nil {
		return models.Committee{}, err
	}
	now := s.Now()
	c.ID = models.NewID(now)
	c.Version = 1
	c.CreatedAt, c.UpdatedAt = now, now
	system := models.Actor{CommitteeID: c.ID}
	if err := s.Store.Committees().Create(ctx, c, s.Audit(system, models.EntityCommittee, c.ID, "create", nil, c)); err != nil {
		return models.Committee{}, err
	}
	for i, name := range models.DefaultAreas {
		a := models.Area{ID: models.NewID(now), CommitteeID: c.ID, Name: name, Position: i + 1, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.Store.Areas().Create(ctx, a, s.Audit(system, models.EntityArea, a.ID, "create", nil, a)); err != nil {
			return models.Committee{}, err
		}
	}
	return c, nil
}

// List is for the command line (choosing a committee): the complete
// committees, not those still being set up.
func (s *CommitteeService) List(ctx context.Context) ([]models.Committee, error) {
	return core.ReadyCommittees(ctx, s.Store.Committees())
}

// Get returns the actor's own committee.
func (s *CommitteeService) Get(ctx context.Context, actor models.Actor) (models.Committee, error) {
	if err := core.Require(actor, models.ActReadDirectory); err != nil {
		return models.Committee{}, err
	}
	return s.Store.Committees().Get(ctx, actor.CommitteeID)
}

// CommitteePatch holds the fields an admin may change; nil leaves a field alone.
type CommitteePatch struct {
	Version      int64
	Name         *string
	SuperiorBody *string
	IssuerCode   *string
	PlaceName    *string
	TimeZone     *string
	// Documents replaces the signer blocks and distribution lists whole.
	Documents *models.DocumentSettings
}

func (s *CommitteeService) Update(ctx context.Context, actor models.Actor, p CommitteePatch) (models.Committee, error) {
	if err := core.Require(actor, models.ActManageCommittee); err != nil {
		return models.Committee{}, err
	}
	old, err := s.Store.Committees().Get(ctx, actor.CommitteeID)
	if err != nil {
		return models.Committee{}, err
	}
	if p.Version != old.Version {
		return models.Committee{}, core.StaleVersion(p.Version, old.Version)
	}
	c := old
	core.SetIf(&c.Name, p.Name)
	core.SetIf(&c.SuperiorBody, p.SuperiorBody)
	core.SetIf(&c.IssuerCode, p.IssuerCode)
	core.SetIf(&c.PlaceName, p.PlaceName)
	core.SetIf(&c.TimeZone, p.TimeZone)
	core.SetIf(&c.Documents, p.Documents)
	if err := c.Validate(); err != nil {
		return models.Committee{}, err
	}
	c.Version++
	c.UpdatedAt = s.Now()
	if err := s.Store.Committees().Update(ctx, c, old.Version, s.Audit(actor, models.EntityCommittee, c.ID, "update", old, c)); err != nil {
		return models.Committee{}, err
	}
	return c, nil
}
