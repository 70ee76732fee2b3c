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

// Committees reads committees with their time zone. It reads the
// store every time (the embedded store keeps recent records itself, and
// on MongoDB every replica must see a change at once); only the parsed
// zones are kept, since a zone's name always means the same rules.
type Committees struct {
	repo  store.Committees
	mu    sync.Mutex
	zones map[string]*time.Location
}

// NewCommittees reads through repo.
func NewCommittees(repo store.Committees) *Committees {
	return &Committees{repo: repo, zones: map[string]*time.Location{}}
}

// Get returns the committee and its time zone.
func (c *Committees) Get(ctx context.Context, id models.ID) (models.Committee, *time.Location, error) {
	cm, err := c.repo.Get(ctx, id)
	if err != nil {
		return models.Committee{}, nil, err
	}
	c.mu.Lock()
	loc, ok := c.zones[cm.TimeZone]
	c.mu.Unlock()
	if !ok {
		loc = cm.Location()
		c.mu.Lock()
		c.zones[cm.TimeZone] = loc
		c.mu.Unlock()
	}
	return cm, loc, nil
}
