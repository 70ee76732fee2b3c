package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/handlers"
	"github.com/theodoi/theodoi/models"
)

// TestJobStatesOfASharedInstallation: with two committees on one
// installation, a committee's administrator sees when the jobs ran and
// whether they failed, not their summaries and errors, which name other
// committees' counts and the server's paths.
func TestJobStatesOfASharedInstallation(t *testing.T) {
	e := newTestEnv(t) // two committees
	at := time.Date(2021, 10, 5, 2, 0, 0, 0, time.UTC)
	e.serveWith(handlers.Deps{JobStates: func(context.Context) []models.JobState {
		return []models.JobState{{Name: "backup", Spec: "@every 1h", LastRunAt: at, LastErrorAt: at,
			LastSummary: "copied to /srv/theodoi/backups/theodoi-20211005.db", LastError: "disk full at /srv/theodoi", LastInstance: "may-chu-1"}}
	}})
	var out struct{ Items []models.JobState }
	if st := e.do("admin", "GET", "/api/v1/jobs", nil, &out); st != 200 || len(out.Items) != 1 {
		t.Fatalf("jobs: %d %+v", st, out)
	}
	got := out.Items[0]
	if got.LastSummary != "" || got.LastInstance != "" || strings.Contains(got.LastError, "/srv") || got.LastError == "" || !got.LastRunAt.Equal(at) {
		t.Errorf("a committee admin sees %+v", got)
	}
	b := e.browser()
	b.login("admin@thu.example")
	if page := b.get("/admin/jobs"); strings.Contains(page.body, "/srv/theodoi") || !strings.Contains(page.body, "theodoi jobs list") {
		t.Error("the jobs page shows the installation's details to a committee's administrator")
	}
}
