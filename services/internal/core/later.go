package core

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Later runs work after the request that asked for it has been answered,
// so how long the answer takes tells nothing about what the work found
// (whether an account exists, for one). At most limit pieces run at once;
// past that, Go refuses instead of queueing without bound.
type Later struct {
	log     *slog.Logger
	slots   chan struct{}
	timeout time.Duration
	wg      sync.WaitGroup
}

// NewLater makes a runner of at most limit pieces of work at once, each
// given timeout to finish.
func NewLater(log *slog.Logger, limit int, timeout time.Duration) *Later {
	if log == nil {
		log = slog.Default()
	}
	return &Later{log: log, slots: make(chan struct{}, limit), timeout: timeout}
}

// Go starts work in the background with a context detached from the
// request's (which ends when the answer is written) and reports whether
// it started. A failure is logged under name: the person who asked has
// already been answered.
func (l *Later) Go(ctx context.Context, name string, work func(context.Context) error) bool {
	select {
	case l.slots <- struct{}{}:
	default:
		return false
	}
	l.wg.Add(1)
	bg := context.WithoutCancel(ctx)
	go func() {
		defer l.wg.Done()
		defer func() { <-l.slots }()
		ctx, cancel := context.WithTimeout(bg, l.timeout)
		defer cancel()
		if err := work(ctx); err != nil {
			l.log.Error("background work failed", "work", name, "err", err)
		}
	}()
	return true
}

// Wait blocks until the work started so far has finished: for shutdown
// and for tests that read what the work wrote.
func (l *Later) Wait() { l.wg.Wait() }
