package directory

import (
	"context"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// JobService keeps the outcome of every replica's background job runs in
// the store, so administrators see the same job page on any replica.
type JobService struct {
	core.Base
}

// Record stores a finished run (the scheduler calls it after each run).
func (s *JobService) Record(ctx context.Context, r models.JobRun) error {
	return s.Store.JobRuns().Record(ctx, r)
}

// Statuses lists every job's latest runs across replicas (administrators).
func (s *JobService) Statuses(ctx context.Context, actor models.Actor) ([]models.JobStatus, error) {
	if err := core.Require(actor, models.ActManageUsers); err != nil {
		return nil, err
	}
	return s.Store.JobRuns().List(ctx)
}

// AllStatuses is Statuses for the command line, which acts as the system.
func (s *JobService) AllStatuses(ctx context.Context) ([]models.JobStatus, error) {
	return s.Store.JobRuns().List(ctx)
}
