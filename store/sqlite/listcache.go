package sqlite

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Task lists are read far more often than tasks change: the same pages of
// the same units are asked for again and again. The store remembers, per
// query, the ids on each page and the total, for as long as nothing is
// written. Every committed write through this store that can change a
// list moves the generation, which retires everything remembered at once;
// the short lifetime bounds staleness when another process writes the same
// file. The tasks themselves come from the task cache, checked by version.
type listCache struct {
	gen    atomic.Uint64
	pages  resultCache[[]pageRow]
	counts resultCache[int]
}

const (
	listCacheSize = 4096 // entries per kind
	listCacheTTL  = 2 * time.Second
)

func newListCache() *listCache {
	return &listCache{
		pages:  resultCache[[]pageRow]{entries: map[string]cached[[]pageRow]{}},
		counts: resultCache[int]{entries: map[string]cached[int]{}},
	}
}

// generation is read before a query's snapshot is taken, so whatever is
// stored under it is at least as new as that generation.
func (c *listCache) generation() uint64 { return c.gen.Load() }

// invalidate is called after every committed write that can change a list.
func (c *listCache) invalidate() { c.gen.Add(1) }

type resultCache[T any] struct {
	mu      sync.Mutex
	entries map[string]cached[T]
}

type cached[T any] struct {
	gen   uint64
	at    time.Time
	value T
}

func (c *resultCache[T]) get(key string, gen uint64) (T, bool) {
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if !ok || e.gen != gen || time.Since(e.at) > listCacheTTL {
		var zero T
		return zero, false
	}
	return e.value, true
}

// put stores value; callers never change a value once stored.
func (c *resultCache[T]) put(key string, gen uint64, value T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= listCacheSize {
		clear(c.entries)
	}
	c.entries[key] = cached[T]{gen: gen, at: time.Now(), value: value}
}

// queryKey identifies a query with its arguments, unambiguously.
func queryKey(query string, args ...any) string {
	var b strings.Builder
	b.WriteString(query)
	for _, a := range args {
		b.WriteByte(0)
		switch v := a.(type) {
		case string:
			b.WriteString(strconv.Quote(v))
		case int:
			b.WriteString(strconv.Itoa(v))
		default:
			b.WriteString(strconv.Quote(fmt.Sprint(v)))
		}
	}
	return b.String()
}
