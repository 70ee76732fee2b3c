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

// Statuses lists every job's latest runs across replicas (administrators),
// as ForActor trims them.
func (s *JobService) Statuses(ctx context.Context, actor models.Actor) ([]models.JobStatus, error) {
	if err := core.Require(actor, models.ActManageUsers); err != nil {
		return nil, err
	}
	all, err := s.Store.JobRuns().List(ctx)
	if err != nil {
		return nil, err
	}
	shared, err := s.shared(ctx)
	if err != nil || !shared {
		return all, err
	}
	for i := range all {
		all[i].LastSummary, all[i].LastInstance, all[i].LastError = "", "", hideError(all[i].LastError)
	}
	return all, nil
}

// ForActor trims job states to what a committee's administrator may
// read. A job's run serves the whole installation, so its summary and
// error speak of every committee (counts, file paths): when the
// installation holds other committees too, the administrator sees when
// the jobs ran and whether they succeeded, not what they said; the
// operator reads them whole on the command line (theodoi jobs list).
func (s *JobService) ForActor(ctx context.Context, actor models.Actor, states []models.JobState) ([]models.JobState, error) {
	if err := core.Require(actor, models.ActManageUsers); err != nil {
		return nil, err
	}
	shared, err := s.shared(ctx)
	if err != nil || !shared {
		return states, err
	}
	out := make([]models.JobState, len(states))
	for i, st := range states {
		st.LastSummary, st.LastInstance, st.LastError = "", "", hideError(st.LastError)
		out[i] = st
	}
	return out, nil
}

// shared says whether the installation holds more than one committee.
func (s *JobService) shared(ctx context.Context) (bool, error) {
	committees, err := core.ReadyCommittees(ctx, s.Store.Committees())
	return len(committees) > 1, err
}

// InstallationWide stands for a job's error where other committees' words
// must not show; the operator finds the error itself in the server's log
// and in theodoi jobs list.
const InstallationWide = "installation-wide"

func hideError(e string) string {
	if e == "" {
		return ""
	}
	return InstallationWide
}

// AllStatuses is Statuses for the command line, which acts as the system.
func (s *JobService) AllStatuses(ctx context.Context) ([]models.JobStatus, error) {
	return s.Store.JobRuns().List(ctx)
}
