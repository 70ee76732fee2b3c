package handlers

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/web"
)

// jobStates is the one place the jobs page reads the states from, the
// same source as the JSON route: this replica's schedule with every
// replica's last runs from the store.
func (ad *adminPages) jobStates(c *gin.Context) []models.JobState {
	if ad.jobSource == nil {
		return nil
	}
	return ad.jobSource(c.Request.Context())
}

type jobRow struct {
	Name, About, Schedule, Spec        string
	Running, Failing                   bool
	LastRun, LastOK, Took, Next, Error string
	Summary                            string
	Runs, Failures                     int
	Instance                           string // the replica of the last run
}

type jobsView struct {
	web.Layout
	Jobs []jobRow
}

func (ad *adminPages) jobs(c *gin.Context) {
	if !ad.require(c, mailAction) {
		return
	}
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	states, err := ad.svc.Jobs.ForActor(ctx, a, ad.jobStates(c))
	if err != nil {
		ad.fail(c, err)
		return
	}
	cm, err := ad.svc.Committees.Get(ctx, a)
	if err != nil {
		ad.fail(c, err)
		return
	}
	loc := cm.Location()
	v := jobsView{Layout: ad.adminLayout(c, "admin.jobs.title")}
	for _, s := range states {
		row := jobRow{
			Name: s.Name, Schedule: scheduleText(lang, s.Spec), Spec: s.Spec, Running: s.Running,
			LastRun: localTime(s.LastRunAt, loc), LastOK: localTime(s.LastOKAt, loc), Next: localTime(s.NextRunAt, loc),
			Error: s.LastError, Summary: s.LastSummary, Runs: s.Runs, Failures: s.Failures, Instance: s.LastInstance,
			Failing: s.LastError != "" && s.LastRunAt.After(s.LastOKAt),
		}
		if s.LastError == directory.InstallationWide {
			row.Error = web.T(lang, "admin.jobs.error_hidden")
		}
		if key := "admin.job." + s.Name; web.Has(key) {
			row.About = web.T(lang, key)
		}
		if !s.LastRunAt.IsZero() {
			row.Took = durationText(lang, s.LastTook)
		}
		v.Jobs = append(v.Jobs, row)
	}
	ad.render(c, http.StatusOK, "admin_jobs", v)
}

// scheduleText says "@every 5m0s" as "mỗi 5 phút"; other specs as written.
func scheduleText(lang, spec string) string {
	d, err := time.ParseDuration(strings.TrimPrefix(spec, "@every "))
	if err != nil || !strings.HasPrefix(spec, "@every ") || d <= 0 {
		return spec
	}
	switch {
	case d%time.Hour == 0:
		return web.T(lang, "admin.jobs.every.hours", int(d/time.Hour))
	case d%time.Minute == 0:
		return web.T(lang, "admin.jobs.every.minutes", int(d/time.Minute))
	}
	return web.T(lang, "admin.jobs.every.seconds", int(d.Round(time.Second)/time.Second))
}

// durationText writes a run's length: milliseconds under a second, else
// seconds with one decimal (a comma in Vietnamese).
func durationText(lang string, d time.Duration) string {
	if d < time.Second {
		return web.T(lang, "admin.jobs.ms", d.Milliseconds())
	}
	s := fmt.Sprintf("%.1f", d.Seconds())
	if lang == "vi" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return web.T(lang, "admin.jobs.seconds", s)
}
