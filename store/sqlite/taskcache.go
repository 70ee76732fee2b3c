package sqlite

import (
	"fmt"
	"slices"
	"sync"

	"github.com/theodoi/theodoi/models"
)

// taskCache holds tasks as last read, by rowid. An entry is used only when
// the index row of the page shows the same id, version and area position,
// so it can never serve a stale task: every update moves the version, and
// moving an area changes the position without one.
type taskCache struct {
	mu      sync.RWMutex
	entries map[int64]cachedTask
}

type cachedTask struct {
	version int64
	areaPos int
	task    models.Task
}

const taskCacheSize = 20_000

func newTaskCache() *taskCache { return &taskCache{entries: map[int64]cachedTask{}} }

// lookup returns the page with the cached tasks filled in, and the indexes
// of the rows still to read.
func (c *taskCache) lookup(page []pageRow) ([]models.Task, []int) {
	list := make([]models.Task, len(page))
	var missing []int
	c.mu.RLock()
	defer c.mu.RUnlock()
	for i, p := range page {
		e, ok := c.entries[p.rid]
		if !ok || e.version != p.version || e.areaPos != p.areaPos || string(e.task.ID) != p.id {
			missing = append(missing, i)
			continue
		}
		list[i] = cloneTask(e.task)
	}
	return list, missing
}

// fill puts the rows read for the missing page rows into list and the cache.
func (c *taskCache) fill(page []pageRow, missing []int, fetched []models.Task, list []models.Task) error {
	byID := make(map[models.ID]models.Task, len(fetched))
	for _, t := range fetched {
		byID[t.ID] = t
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries)+len(missing) > taskCacheSize {
		clear(c.entries)
	}
	for _, i := range missing {
		p := page[i]
		t, ok := byID[models.ID(p.id)]
		if !ok {
			return fmt.Errorf("task %s vanished while listed", p.id)
		}
		list[i] = cloneTask(t)
		// In one read transaction the row matches its index entry; the
		// check is cheap insurance against caching what it does not say.
		if t.Version == p.version && t.AreaPosition == p.areaPos {
			c.entries[p.rid] = cachedTask{version: p.version, areaPos: p.areaPos, task: t}
		}
	}
	return nil
}

// cloneTask copies what a caller could change through a task value.
func cloneTask(t models.Task) models.Task {
	t.CoordinatingUnitIDs = slices.Clone(t.CoordinatingUnitIDs)
	if t.Source != nil {
		src := *t.Source
		t.Source = &src
	}
	if t.AcceptedAt != nil {
		at := *t.AcceptedAt
		t.AcceptedAt = &at
	}
	return t
}
