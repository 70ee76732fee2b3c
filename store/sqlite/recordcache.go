package sqlite

import (
	"sync/atomic"

	"github.com/theodoi/theodoi/models"
)

// Every request reads its session, its user and its committee before
// anything else, and these change rarely. The store remembers them for as
// long as nothing is written through it: every committed write moves the
// generation, which retires all of them at once, so within this process a
// read never returns an older record than the last write left. Another
// process writing the same file (the command line, while the server runs)
// is seen within listCacheTTL. Misses (an unknown session) are not kept.
//
// The cache lives here, not in the services, because only the embedded
// store knows every write: on MongoDB several replicas write, and that
// adapter reads the database every time.
type recordCache struct {
	gen        atomic.Uint64
	committees resultCache[models.Committee]
	users      resultCache[models.User]
	sessions   resultCache[models.Session]
}

func newRecordCache() *recordCache {
	return &recordCache{
		committees: resultCache[models.Committee]{entries: map[string]cached[models.Committee]{}},
		users:      resultCache[models.User]{entries: map[string]cached[models.User]{}},
		sessions:   resultCache[models.Session]{entries: map[string]cached[models.Session]{}},
	}
}

// generation is read before a record is, as the list cache does.
func (c *recordCache) generation() uint64 { return c.gen.Load() }

// invalidate is called after every write batch, committed or not.
func (c *recordCache) invalidate() { c.gen.Add(1) }

// cachedRead returns the record under key from rc if it is as new as the
// last write, or reads it and remembers it.
func cachedRead[T any](rc *recordCache, c *resultCache[T], key string, read func() (T, error)) (T, error) {
	gen := rc.generation()
	if v, ok := c.get(key, gen); ok {
		return v, nil
	}
	v, err := read()
	if err == nil {
		c.put(key, gen, v)
	}
	return v, err
}
