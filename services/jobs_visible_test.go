package services_test

import (
	"testing"

	"github.com/theodoi/theodoi/models"
)

// TestJobStatesOfOneCommittee: on an installation of one committee its
// administrator is the operator too, and reads the job states whole.
func TestJobStatesOfOneCommittee(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	states := []models.JobState{{Name: "backup", LastSummary: "copied to data/backups/theodoi.db", LastError: "disk full", LastInstance: "a"}}
	got, err := e.svc.Jobs.ForActor(e.ctx, c.admin, states)
	if err != nil || got[0] != states[0] {
		t.Errorf("one committee's admin sees %+v (%v)", got, err)
	}
	if _, err := e.svc.Jobs.ForActor(e.ctx, c.leader, states); err == nil {
		t.Error("a leader read the job states")
	}
}
