package monthend

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/figure"
	"github.com/theodoi/theodoi/services/internal/core"
)

// RunDue is the scheduler's job: every committee whose month has ended
// (at the configured local moment after it) and was not carried over yet
// is carried over now. A run after downtime carries each missed month
// once, oldest first; a committee busy with another replica is left for
// the next tick.
func (s *CarryOverService) RunDue(ctx context.Context, now time.Time) (string, error) {
	committees, err := core.ReadyCommittees(ctx, s.Store.Committees())
	if err != nil {
		return "", err
	}
	return s.runDue(ctx, committees, now)
}

// RunDueCommittee is RunDue for one committee (the command line's
// --committee).
func (s *CarryOverService) RunDueCommittee(ctx context.Context, committee models.ID, now time.Time) (string, error) {
	c, err := s.Store.Committees().Get(ctx, committee)
	if err != nil {
		return "", err
	}
	return s.runDue(ctx, []models.Committee{c}, now)
}

type dueTally struct {
	mu                                sync.Mutex
	months, tasks, busy, errs, tooOld int
	firstErrs                         []error
}

func (s *CarryOverService) runDue(ctx context.Context, committees []models.Committee, now time.Time) (string, error) {
	opts := s.opts.withDefaults()
	var tally dueTally
	work := make(chan models.Committee)
	var wg sync.WaitGroup
	for range min(opts.Workers, max(len(committees), 1)) {
		wg.Go(func() {
			for c := range work {
				s.runDueOne(ctx, c, now, &tally)
			}
		})
	}
	for _, c := range committees {
		if ctx.Err() != nil {
			break
		}
		work <- c
	}
	close(work)
	wg.Wait()
	summary := fmt.Sprintf("carried over %d months (%d tasks); %d busy elsewhere; %d failed", tally.months, tally.tasks, tally.busy, tally.errs)
	if tally.tooOld > 0 {
		summary += fmt.Sprintf("; %d months too old to carry over automatically (a leader closes them)", tally.tooOld)
	}
	if err := ctx.Err(); err != nil {
		return summary, err
	}
	return summary, errors.Join(tally.firstErrs...)
}

func (s *CarryOverService) runDueOne(ctx context.Context, c models.Committee, now time.Time, tally *dueTally) {
	fail := func(err error) {
		s.Log.Error("carry-over failed", "job", CarryOverJob, "committee_id", string(c.ID), "error", err.Error())
		tally.mu.Lock()
		defer tally.mu.Unlock()
		tally.errs++
		if len(tally.firstErrs) < 5 {
			tally.firstErrs = append(tally.firstErrs, fmt.Errorf("committee %s: %w", c.ID, err))
		}
	}
	system := models.Actor{CommitteeID: c.ID}
	// Carrying a month can create the next one, which may be due too
	// (the server slept over two month ends): look again until none is.
	for pass := 0; pass < 3; pass++ {
		months, tooOld, err := s.dueMonths(ctx, c, now)
		if err != nil {
			fail(err)
			return
		}
		if pass == 0 && tooOld > 0 {
			tally.mu.Lock()
			tally.tooOld += tooOld
			tally.mu.Unlock()
		}
		carried := false
		for _, m := range months {
			res, err := s.carry(ctx, system, m, nil, now)
			switch {
			case errors.Is(err, errBusy):
				tally.mu.Lock()
				tally.busy++
				tally.mu.Unlock()
				return // the next tick retries, oldest month first
			case err != nil:
				fail(fmt.Errorf("month %s: %w", m, err))
				return
			case !res.AlreadyDone:
				carried = true
				s.Log.Info("month carried over", "job", CarryOverJob, "committee_id", string(c.ID), "month", string(m), "carried", res.Carried)
				tally.mu.Lock()
				tally.months++
				tally.tasks += res.Carried
				tally.mu.Unlock()
			}
		}
		if !carried {
			return
		}
	}
}

// dueMonths are the committee's months, oldest first, whose carry-over
// moment has passed at now and that still need it: open months (within
// the catch-up window; tooOld counts those past it), and recently closed
// months whose carry-over started (their figures are frozen) but was not
// recorded as done.
func (s *CarryOverService) dueMonths(ctx context.Context, c models.Committee, now time.Time) (due []models.Month, tooOld int, err error) {
	periods, err := s.Store.Periods().List(ctx, c.ID)
	if err != nil {
		return nil, 0, err
	}
	opts := s.opts.withDefaults()
	loc := c.Location()
	recent := models.DateOf(now, loc).Month().Prev().Prev().Prev()
	for _, p := range periods {
		at := s.dueAt(p.Month, loc)
		switch {
		case now.Before(at):
			continue
		case p.Status == models.PeriodOpen && now.Sub(at) > opts.CatchUp:
			tooOld++
			continue
		case p.Status == models.PeriodClosed:
			if p.Month < recent {
				continue
			}
			ok, err := s.resumable(ctx, c.ID, p.Month)
			if err != nil {
				return nil, 0, err
			}
			if !ok {
				continue
			}
		}
		due = append(due, p.Month)
	}
	slices.Sort(due)
	return due, tooOld, nil
}

// resumable: a closed month whose carry-over started and did not finish.
func (s *CarryOverService) resumable(ctx context.Context, committee models.ID, m models.Month) (bool, error) {
	done, err := s.Store.Ledger().Has(ctx, committee, CarryOverJob, string(m))
	if err != nil || done {
		return false, err
	}
	return s.Store.Ledger().Has(ctx, committee, figure.CarryOverFiguresJob, string(m))
}

// dueAt is when month m is carried over automatically in loc.
func (s *CarryOverService) dueAt(m models.Month, loc *time.Location) time.Time {
	return m.LastDay().EndIn(loc).Add(s.opts.withDefaults().At)
}
