package core

import (
	"context"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// ReadyCommittees lists the committees whose setup is complete: the ones
// jobs run for and people use.
func ReadyCommittees(ctx context.Context, repo store.Committees) ([]models.Committee, error) {
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

// CommitteeCache keeps committees (mainly their time zone) for a short
// while: every task response needs the zone, and committees rarely change.
type CommitteeCache struct {
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

// NewCommitteeCache reads through repo.
func NewCommitteeCache(repo store.Committees, clock models.Clock) *CommitteeCache {
	return &CommitteeCache{repo: repo, clock: clock, items: map[models.ID]cachedCommittee{}}
}

// Get returns the committee and its time zone.
func (c *CommitteeCache) Get(ctx context.Context, id models.ID) (models.Committee, *time.Location, error) {
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

// Forget drops a committee after it was changed on this replica.
func (c *CommitteeCache) Forget(id models.ID) {
	c.mu.Lock()
	delete(c.items, id)
	c.mu.Unlock()
}
