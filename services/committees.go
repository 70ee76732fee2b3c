package services

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

func isConflict(err error) bool { return errors.Is(err, models.ErrConflict) }

// CommitteeService reads and edits the committee itself.
type CommitteeService struct{ base }

// Create sets up a committee with the default areas. It is for the command
// line and the demo loader: no web user may create committees.
func (s *CommitteeService) Create(ctx context.Context, c models.Committee) (models.Committee, error) {
	c.Documents = c.Documents.OrDefaults()
	if err := c.Validate(); err != nil {
		return models.Committee{}, err
	}
	now := s.now()
	c.ID = models.NewID(now)
	c.Version = 1
	c.CreatedAt, c.UpdatedAt = now, now
	system := models.Actor{CommitteeID: c.ID}
	if err := s.store.Committees().Create(ctx, c, s.audit(system, models.EntityCommittee, c.ID, "create", nil, c)); err != nil {
		return models.Committee{}, err
	}
	for i, name := range models.DefaultAreas {
		a := models.Area{ID: models.NewID(now), CommitteeID: c.ID, Name: name, Position: i + 1, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.store.Areas().Create(ctx, a, s.audit(system, models.EntityArea, a.ID, "create", nil, a)); err != nil {
			return models.Committee{}, err
		}
	}
	return c, nil
}

// List is for the command line (choosing a committee): the complete
// committees, not those still being set up.
func (s *CommitteeService) List(ctx context.Context) ([]models.Committee, error) {
	return readyCommittees(ctx, s.store.Committees())
}

// readyCommittees lists the committees whose setup is complete: the ones
// jobs run for and people use.
func readyCommittees(ctx context.Context, repo store.Committees) ([]models.Committee, error) {
	all, err := repo.List(ctx)
	if err != nil {
		return nil, err
	}
	ready := all[:0]
	for _, c := range all {
		if c.Ready() {
			ready = append(ready, c)
		}
	}
	return ready, nil
}

// Get returns the actor's own committee.
func (s *CommitteeService) Get(ctx context.Context, actor models.Actor) (models.Committee, error) {
	if err := require(actor, models.ActReadDirectory); err != nil {
		return models.Committee{}, err
	}
	return s.store.Committees().Get(ctx, actor.CommitteeID)
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
	if err := require(actor, models.ActManageCommittee); err != nil {
		return models.Committee{}, err
	}
	old, err := s.store.Committees().Get(ctx, actor.CommitteeID)
	if err != nil {
		return models.Committee{}, err
	}
	if p.Version != old.Version {
		return models.Committee{}, staleVersion(p.Version, old.Version)
	}
	c := old
	setIf(&c.Name, p.Name)
	setIf(&c.SuperiorBody, p.SuperiorBody)
	setIf(&c.IssuerCode, p.IssuerCode)
	setIf(&c.PlaceName, p.PlaceName)
	setIf(&c.TimeZone, p.TimeZone)
	setIf(&c.Documents, p.Documents)
	if err := c.Validate(); err != nil {
		return models.Committee{}, err
	}
	c.Version++
	c.UpdatedAt = s.now()
	if err := s.store.Committees().Update(ctx, c, old.Version, s.audit(actor, models.EntityCommittee, c.ID, "update", old, c)); err != nil {
		return models.Committee{}, err
	}
	s.committees.forget(c.ID)
	return c, nil
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func staleVersion(got, have int64) error {
	return &versionError{got: got, have: have}
}

type versionError struct{ got, have int64 }

func (e *versionError) Error() string {
	return "the record was changed by someone else (your version is outdated); reload and try again"
}
func (e *versionError) Is(target error) bool { return target == models.ErrConflict }

// committeeCache keeps committees (mainly their time zone) for a short
// while: every task response needs the zone, and committees rarely change.
type committeeCache struct {
	repo  store.Committees
	clock models.Clock
	mu    sync.Mutex
	items map[models.ID]cachedCommittee
}

type cachedCommittee struct {
	c       models.Committee
	loc     *time.Location
	fetched time.Time
}

const committeeCacheTTL = time.Minute

func newCommitteeCache(repo store.Committees, clock models.Clock) *committeeCache {
	return &committeeCache{repo: repo, clock: clock, items: map[models.ID]cachedCommittee{}}
}

func (c *committeeCache) get(ctx context.Context, id models.ID) (models.Committee, *time.Location, error) {
	now := c.clock.Now()
	c.mu.Lock()
	it, ok := c.items[id]
	c.mu.Unlock()
	if ok && now.Sub(it.fetched) < committeeCacheTTL {
		return it.c, it.loc, nil
	}
	cm, err := c.repo.Get(ctx, id)
	if err != nil {
		return models.Committee{}, nil, err
	}
	it = cachedCommittee{c: cm, loc: cm.Location(), fetched: now}
	c.mu.Lock()
	c.items[id] = it
	c.mu.Unlock()
	return it.c, it.loc, nil
}

func (c *committeeCache) forget(id models.ID) {
	c.mu.Lock()
	delete(c.items, id)
	c.mu.Unlock()
}
