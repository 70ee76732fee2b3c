// Package handlers is the HTTP layer: the JSON API under /api/v1, health
// endpoints and middleware. Every route is listed in this file.
package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
)

// Options are the HTTP settings taken from the configuration.
type Options struct {
	MaxBodyBytes  int64
	CookieSecure  bool
	SessionMaxAge time.Duration
	// ImportMaxBytes caps an uploaded resolution (the upload route's body
	// limit is this plus room for the multipart envelope).
	ImportMaxBytes int64
	// TrustedProxies may set X-Forwarded-For; none by default, so the
	// client address (used for login rate limits) cannot be forged.
	TrustedProxies []string
}

// Deps are what the handlers need.
type Deps struct {
	Services *services.Services
	Logger   *slog.Logger
	// Ready reports whether the store answers, for /readyz.
	Ready func(ctx context.Context) error
	// JobStates reports the background jobs (this replica's schedule with
	// every replica's last runs), for admins.
	JobStates func(ctx context.Context) []models.JobState
	// MailTo says where delivered mail goes: "smtp://host", or the
	// directory .eml files are written to when no SMTP server is set.
	MailTo  string
	Options Options
}

// New builds the whole HTTP handler.
func New(d Deps) http.Handler {
	if d.Options.MaxBodyBytes <= 0 {
		d.Options.MaxBodyBytes = 1 << 20
	}
	if d.Options.ImportMaxBytes <= 0 {
		d.Options.ImportMaxBytes = 10 << 20
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	if err := r.SetTrustedProxies(d.Options.TrustedProxies); err != nil {
		d.Logger.Error("trusted proxies ignored", "error", err)
		_ = r.SetTrustedProxies(nil)
	}
	r.ContextWithFallback = true

	a := &api{svc: d.Services, log: d.Logger, opts: d.Options, jobStates: d.JobStates}
	p := newPages(d)
	r.Use(requestID(), accessLog(d.Logger), recoverJSON(d.Logger), securityHeaders(), limitBody(d.Options.MaxBodyBytes, map[string]int64{
		uploadRoute:     d.Options.ImportMaxBytes + 64<<10,
		pageUploadRoute: d.Options.ImportMaxBytes + 64<<10,
	}))
	r.NoRoute(func(c *gin.Context) { writeError(c, errNoRoute) })
	r.NoMethod(func(c *gin.Context) { writeError(c, errNoMethod) })

	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", readyz(d.Ready))

	v1 := r.Group("/api/v1", noStore(), a.optionalAuth(), a.csrf())
	v1.POST("/auth/login", a.login)
	v1.POST("/auth/logout", a.logout)
	v1.POST("/auth/password/forgot", a.forgotPassword)
	v1.POST("/auth/password/reset", a.resetPassword)
	v1.POST("/auth/invitation", a.acceptInvitation)

	authed := v1.Group("", a.requireAuth())
	authed.GET("/me", a.me)
	authed.PATCH("/me", a.updateProfile)
	authed.GET("/me/mail", a.getMailPrefs)
	authed.GET("/me/calendar", a.myCalendar)
	authed.PUT("/me/mail", a.setMailPrefs)
	authed.POST("/me/password", a.changePassword)

	authed.GET("/committee", a.getCommittee)
	authed.PATCH("/committee", a.updateCommittee)

	authed.GET("/units", a.listUnits)
	authed.POST("/units", a.createUnit)
	authed.GET("/units/:id", a.getUnit)
	authed.PATCH("/units/:id", a.updateUnit)
	authed.GET("/units/:id/report/:month", a.unitReport) // pages_unit_report.go

	authed.GET("/users", a.listUsers)
	authed.POST("/users", a.createUser)
	authed.POST("/users/import", a.importUsers)
	authed.PATCH("/users/:id", a.updateUser)
	authed.POST("/users/:id/invite", a.inviteUser)

	authed.GET("/areas", a.listAreas)
	authed.POST("/areas", a.createArea)
	authed.PATCH("/areas/:id", a.updateArea)

	authed.GET("/periods", a.listPeriods)
	authed.POST("/periods", a.createPeriod)
	authed.PATCH("/periods/:month", a.updatePeriod)
	authed.POST("/periods/:month/close", a.closePeriod)
	authed.GET("/periods/:month/figures", a.monthFigures)
	authed.GET("/periods/:month/reports/review", p.reportReviewAPI)
	authed.GET("/periods/:month/reports/carryover", p.reportCarryOverAPI)
	authed.GET("/periods/:month/reports/draft", p.reportDraftAPI)

	authed.GET("/tasks", a.listTasks)
	authed.GET("/tasks/export", a.exportTasks) // exports.go
	authed.POST("/tasks", a.createTask)
	authed.POST("/tasks/bulk", a.bulkTasks)
	authed.GET("/tasks/:id", a.getTask)
	authed.PATCH("/tasks/:id", a.updateTask)
	authed.GET("/tasks/:id/progress", a.listProgress)
	authed.POST("/tasks/:id/progress", a.reportProgress)
	authed.POST("/tasks/:id/notes", a.addNote)
	authed.POST("/tasks/:id/accept", a.acceptTask)
	authed.POST("/tasks/:id/reopen", a.reopenTask)
	authed.POST("/tasks/:id/cancel", a.cancelTask)

	authed.GET("/audit", a.listAudit)

	authed.GET("/notifications", a.listNotices)
	authed.POST("/notifications/read", a.markNoticesRead)

	authed.GET("/jobs", a.listJobs)
	authed.GET("/outbox", a.listOutbox)
	authed.POST("/outbox/:id/resend", a.resendMessage)

	gate := newUploadGate() // one gate for the API and the page: both read files
	authed.POST("/imports", gate.guard(writeError), a.uploadImport)
	authed.GET("/imports", a.listImports)
	authed.GET("/imports/:id", a.getImport)
	authed.GET("/imports/:id/file", a.importFile)
	authed.PUT("/imports/:id/items", a.saveImportItems)
	authed.POST("/imports/:id/commit", a.commitImport)
	authed.POST("/imports/:id/discard", a.discardImport)
	authed.POST("/imports/:id/replace", a.replaceImport)

	// HTML pages (pages.go, pages_imports.go) and their static files.
	r.GET("/static/*filepath", p.static)
	r.GET("/favicon.ico", p.favicon) // for browsers that ask before reading the page
	site := r.Group("", noStore(), a.optionalAuth(), p.csrf())
	site.GET("/", p.home)
	site.GET("/login", p.loginForm)
	site.POST("/login", p.login)
	site.POST("/logout", p.logout)
	site.GET("/unsubscribe", p.unsubscribeForm)
	site.GET(calendarRoute, p.calendarFeed)
	site.HEAD(calendarRoute, p.calendarFeed) // some calendar apps look before they fetch
	site.POST("/unsubscribe", p.unsubscribe)
	site.GET("/setup", p.setupPage) // first run only (pages_setup.go)
	site.POST("/setup", p.setup)
	in := site.Group("", p.requireLogin())
	in.GET("/imports", p.imports)
	in.POST("/imports", gate.guard(p.fail), p.upload)
	in.GET("/imports/:id", p.review)
	in.POST("/imports/:id/items", p.saveItems)
	in.POST("/imports/:id/items/:key/split", p.splitItem)
	in.POST("/imports/:id/commit", p.commit)
	in.POST("/imports/:id/discard", p.discard)
	in.POST("/imports/:id/replace", p.replace)
	in.GET("/imports/:id/items/:index/coord", p.reviewCoord)

	// Dashboard, tasks, unit view, notifications and months
	// (pages_dashboard.go, pages_tasks*.go, pages_task*.go, pages_unit.go,
	// pages_notifications.go, pages_periods.go);
	// the language switch works with or without a session.
	site.POST("/language", p.setLanguage)
	in.GET("/tasks", p.taskList)
	in.GET("/tasks/export", p.exportTaskList)
	in.POST("/tasks", p.createTask)
	in.GET("/tasks/new", p.newTaskForm)
	in.POST("/tasks/bulk", p.bulkTasks)
	in.GET("/tasks/:id", p.taskPage)
	in.GET("/tasks/:id/edit", p.editTaskForm)
	in.POST("/tasks/:id/edit", p.editTask)
	in.POST("/tasks/:id/progress", p.reportProgress)
	in.POST("/tasks/:id/notes", p.addNote)
	in.POST("/tasks/:id/accept", p.leaderAction("accept"))
	in.POST("/tasks/:id/reopen", p.leaderAction("reopen"))
	in.POST("/tasks/:id/cancel", p.leaderAction("cancel"))
	in.GET("/unit", p.unitPage)
	in.GET("/unit/report", p.unitReportPage) // pages_unit_report.go
	in.GET("/unit/report.docx", p.unitReportDOCX)
	in.GET("/unit/report.pdf", p.unitReportPDF)
	in.GET("/notifications", p.notifications)
	in.POST("/notifications/read", p.markRead)
	in.GET("/periods", p.periods)
	in.GET("/periods/:month", p.period)
	in.GET("/periods/:month/figures.xlsx", p.exportPeriodFigures)
	in.POST("/periods/:month/close", p.closePeriod)

	// Administration (pages_admin*.go): unit officers and viewers never get in.
	ad := newAdminPages(p, d)
	adm := in.Group("/admin", ad.gate())
	adm.GET("", ad.index)
	adm.GET("/committee", ad.committee)
	adm.POST("/committee", ad.saveCommittee)
	adm.GET("/units", ad.units)
	adm.POST("/units", ad.createUnit)
	adm.GET("/units/:id", ad.unit)
	adm.POST("/units/:id", ad.saveUnit)
	adm.GET("/users", ad.users)
	adm.POST("/users", ad.createUser)
	adm.POST("/users/import", ad.importUsers)
	adm.GET("/users/:id", ad.user)
	adm.POST("/users/:id", ad.saveUser)
	adm.POST("/users/:id/invite", ad.invite)
	adm.GET("/areas", ad.areas)
	adm.POST("/areas", ad.createArea)
	adm.POST("/areas/:id", ad.saveArea)
	adm.GET("/outbox", ad.outbox)
	adm.POST("/outbox/:id/resend", ad.resend)
	adm.GET("/jobs", ad.jobs)

	// Account pages (pages_account*.go): one's own profile, mail choices
	// and password; the forgotten-password pages need no session.
	ac := newAccountPages(p)
	in.GET("/profile", ac.profile)
	in.POST("/profile", ac.saveProfile)
	in.POST("/profile/mail", ac.saveMail)
	in.POST("/profile/password", ac.changePassword)
	site.GET("/password/forgot", ac.forgotForm)
	site.POST("/password/forgot", ac.forgot)
	site.GET("/password/reset", ac.resetForm)
	site.POST("/password/reset", ac.reset)
	site.GET("/password/done", ac.signInAgain)
	site.GET("/invite", ac.invitationForm)
	site.POST("/invite", ac.acceptInvitation)
	in.GET(firstPasswordPath, ac.firstPasswordForm)
	in.POST(firstPasswordPath, ac.firstPassword)

	// Month reports (pages_reports.go); the period page links to them.
	in.GET("/periods/:month/reports/review", p.reportReviewPage)
	in.GET("/periods/:month/reports/carryover", p.reportCarryOverPage)
	in.GET("/periods/:month/reports/draft", p.reportDraftPage)
	return r
}

// uploadRoute takes files, so its body may be larger than others.
const uploadRoute = "/api/v1/imports"

// calendarRoute serves a person's feed; its file name is the token.
const calendarRoute = "/calendar/:file"

// api holds the JSON handlers.
type api struct {
	svc       *services.Services
	log       *slog.Logger
	opts      Options
	jobStates func(ctx context.Context) []models.JobState
}

func readyz(ready func(context.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if ready != nil {
			ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
			defer cancel()
			if err := ready(ctx); err != nil {
				// The reason is for the operator who reads the probe.
				c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "code": "store_unavailable", "reason": err.Error()})
				return
			}
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready"})
	}
}
