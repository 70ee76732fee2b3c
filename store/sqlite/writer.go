package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// SQLite has one writer at a time, so writes queue for the write
// connection. Rather than one transaction each, the writer goroutine takes
// every write waiting in the queue and commits them together (group
// commit): each runs inside its own savepoint, so one failing write is
// rolled back alone and reported to its caller, while the others share a
// single commit. Under concurrent load this turns many small commits into
// few larger ones.

// maxBatch bounds how many writes share one commit.
const maxBatch = 64

// Checkpoints (copying the write-ahead log into the database file, with
// its fsyncs) happen beside the writer: after commits, a checkpointer
// runs a passive checkpoint through the read pool, at most once per
// checkpointEvery, so the writer never waits for the disk. The writer's
// own automatic checkpoint is kept as a backstop for a log that grows
// past walBackstop pages.
const (
	checkpointEvery = 100 * time.Millisecond
	walBackstop     = 16384 // pages: 64 MB
)

type writeOp struct {
	ctx          context.Context
	fn           func(*tx) error
	changesTasks bool
	done         chan error
}

type writer struct {
	queue chan *writeOp
	wg    sync.WaitGroup
	once  sync.Once
	// committed wakes the checkpointer, which ends once it is closed.
	committed chan struct{}
	stopped   chan struct{} // closed when the write loop has ended
	ckptDone  chan struct{}
}

func (s *Store) startWriter() {
	s.writer = &writer{queue: make(chan *writeOp, maxBatch), committed: make(chan struct{}, 1),
		stopped: make(chan struct{}), ckptDone: make(chan struct{})}
	ctx, cancel := context.WithTimeout(context.Background(), s.opTimeout)
	defer cancel()
	// The write pool's one connection lives as long as the store; should
	// the pragma fail, the writer checkpoints as often as SQLite's default.
	_, _ = s.write.ExecContext(ctx, fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", walBackstop))
	s.writer.wg.Add(1)
	go s.writeLoop()
	go s.checkpointLoop()
}

// stopWriter lets queued writes finish and ends the loop and the checkpointer.
func (s *Store) stopWriter() {
	s.writer.once.Do(func() {
		close(s.writer.queue)
		s.writer.wg.Wait()
		close(s.writer.stopped)
		<-s.writer.ckptDone
	})
}

// checkpointLoop runs a passive checkpoint after commits, at most once per
// checkpointEvery. A passive checkpoint copies what it can without
// blocking the writer or readers; what it leaves is copied by the next.
func (s *Store) checkpointLoop() {
	defer close(s.writer.ckptDone)
	for range s.writer.committed {
		ctx, cancel := context.WithTimeout(context.Background(), s.opTimeout)
		_, _ = s.read.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		cancel()
		select {
		case <-time.After(checkpointEvery):
		case <-s.writer.stopped:
		}
	}
}

var errClosed = errors.New("sqlite: store closed")

// runTx queues fn and waits for its outcome. The caller always waits for
// the writer's answer, even past its own deadline: the answer says whether
// the write happened (a write whose context ends first is skipped or
// interrupted and reported as failed).
func (s *Store) runTx(ctx context.Context, changesTasks bool, fn func(tx *tx) error) (err error) {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	op := &writeOp{ctx: ctx, fn: fn, changesTasks: changesTasks, done: make(chan error, 1)}
	defer func() {
		if recover() != nil { // send on a closed queue
			err = errClosed
		}
	}()
	s.writer.queue <- op
	return s.health.observe(<-op.done)
}

func (s *Store) writeLoop() {
	defer s.writer.wg.Done()
	defer close(s.writer.committed)
	batch := make([]*writeOp, 0, maxBatch)
	for op := range s.writer.queue {
		batch = append(batch[:0], op)
	gather:
		for len(batch) < maxBatch {
			select {
			case more, ok := <-s.writer.queue:
				if !ok {
					break gather
				}
				batch = append(batch, more)
			default:
				break gather
			}
		}
		s.commitBatch(batch)
	}
}

// commitBatch runs the writes of one batch in one transaction and tells
// each caller how its write ended.
func (s *Store) commitBatch(batch []*writeOp) {
	results := make([]error, len(batch))
	ctx, cancel := context.WithTimeout(context.Background(), s.opTimeout)
	defer cancel()
	t, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		for i := range batch {
			results[i] = fmt.Errorf("begin: %w", err)
		}
		s.finish(batch, results, nil)
		return
	}
	var unprepared []string
	changed, broken := false, error(nil)
	for i, op := range batch {
		if broken != nil {
			results[i] = broken
			continue
		}
		if err := op.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := t.ExecContext(ctx, "SAVEPOINT w"); err != nil {
			broken = fmt.Errorf("savepoint: %w", err)
			results[i] = broken
			continue
		}
		w := &tx{s: s, ctx: op.ctx, tx: t}
		results[i] = op.fn(w)
		unprepared = append(unprepared, w.unprepared...)
		if results[i] != nil {
			if _, err := t.ExecContext(ctx, "ROLLBACK TO w"); err != nil {
				broken = fmt.Errorf("rollback to savepoint: %w", err)
			}
		}
		if broken == nil {
			if _, err := t.ExecContext(ctx, "RELEASE w"); err != nil {
				broken = fmt.Errorf("release savepoint: %w", err)
			}
		}
		changed = changed || (results[i] == nil && op.changesTasks)
	}
	if broken != nil {
		_ = t.Rollback()
		for i := range results {
			if results[i] == nil {
				results[i] = broken
			}
		}
		s.lists.invalidate()
		s.records.invalidate()
		s.finish(batch, results, unprepared)
		return
	}
	if err := t.Commit(); err != nil {
		for i := range results {
			if results[i] == nil {
				results[i] = fmt.Errorf("commit: %w", err)
			}
		}
		changed = true // a failed commit may still have written
	}
	if changed {
		s.lists.invalidate()
	}
	s.records.invalidate()
	select {
	case s.writer.committed <- struct{}{}:
	default: // a checkpoint is due already
	}
	s.finish(batch, results, unprepared)
}

func (s *Store) finish(batch []*writeOp, results []error, unprepared []string) {
	for i, op := range batch {
		op.done <- results[i]
	}
	if len(unprepared) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		for _, q := range unprepared {
			_, _ = s.stmt(ctx, s.write, q)
		}
	}
}
