package sqlite

import (
	"context"
	"time"

	"github.com/theodoi/theodoi/models"
)

type jobRuns struct{ s *Store }

// Record is one upsert: the counters always add up, and the "last" fields
// move only forward in time, whatever order replicas report in.
func (r jobRuns) Record(ctx context.Context, run models.JobRun) error {
	at := run.StartedAt.UTC().UnixNano()
	okAt, errAt, failed := int64(0), int64(0), 0
	if run.Error == "" {
		okAt = at
	} else {
		errAt, failed = at, 1
	}
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`INSERT INTO job_status (name, last_run_at, last_took, last_summary, last_instance, last_ok_at, last_error, last_error_at, runs, failures)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
ON CONFLICT (name) DO UPDATE SET
    last_took     = CASE WHEN excluded.last_run_at >= last_run_at THEN excluded.last_took ELSE last_took END,
    last_summary  = CASE WHEN excluded.last_run_at >= last_run_at THEN excluded.last_summary ELSE last_summary END,
    last_instance = CASE WHEN excluded.last_run_at >= last_run_at THEN excluded.last_instance ELSE last_instance END,
    last_run_at   = max(last_run_at, excluded.last_run_at),
    last_ok_at    = max(last_ok_at, excluded.last_ok_at),
    last_error    = CASE WHEN excluded.last_error_at > last_error_at THEN excluded.last_error ELSE last_error END,
    last_error_at = max(last_error_at, excluded.last_error_at),
    runs          = runs + 1,
    failures      = failures + excluded.failures`,
			run.Name, at, int64(run.Took), run.Summary, run.Instance, okAt, run.Error, errAt, failed)
		return err
	})
}

func (r jobRuns) List(ctx context.Context) ([]models.JobStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT name, last_run_at, last_took, last_summary, last_instance, last_ok_at, last_error, last_error_at, runs, failures
FROM job_status ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(sc func(...any) error) (models.JobStatus, error) {
		var j models.JobStatus
		var runAt, took, okAt, errAt int64
		err := sc(&j.Name, &runAt, &took, &j.LastSummary, &j.LastInstance, &okAt, &j.LastError, &errAt, &j.Runs, &j.Failures)
		j.LastRunAt, j.LastTook, j.LastOKAt, j.LastErrorAt = nanos(runAt), time.Duration(took), nanos(okAt), nanos(errAt)
		return j, err
	})
}

// nanos is a stored Unix-nanosecond time; 0 is "never" (the zero time).
func nanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
