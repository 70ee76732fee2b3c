package handlers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/handlers"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store/sqlite"
)

// pageBench is a committee of 10,000 tasks over 40 units, with a week of
// progress reports; the clock stands on 20 October 2021. With months = 1
// every task is in October (the worst case for the dashboard, which reads
// the month it shows); with months = 100 they are spread over the 100
// months up to October, as years of use would leave them. Requests go
// straight to the handler, so the figures are the server's time per page.
type pageBench struct {
	h        http.Handler
	leader   string // session cookies
	officer  string
	tasks    []models.ID
	unitTask models.ID // a task of the officer's unit
	svc      *services.Services
	actor    models.Actor // the officer, for writes between requests
	// leaderFeed and officerFeed are their calendar feeds' paths.
	leaderFeed, officerFeed string
}

const benchTasks = 10000

func newPageBench(b *testing.B, months int) *pageBench {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "pages.db"), sqlite.Options{OpTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	clock := &fixedClock{now: time.Date(2021, 10, 5, 2, 0, 0, 0, time.UTC)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := services.New(st, clock, log, services.Options{LoginRatePerMinute: 1000})
	c, err := svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Đo Tải", IssuerCode: "ĐU"})
	if err != nil {
		b.Fatal(err)
	}
	admin := models.Actor{CommitteeID: c.ID, Role: models.RoleAdmin}
	var units []models.ID
	for i := range 40 {
		u, err := svc.Units.Create(ctx, admin, directory.UnitInput{Kind: models.UnitPartyCell, Name: fmt.Sprintf("Chi bộ TDP số %d", i+1)})
		if err != nil {
			b.Fatal(err)
		}
		units = append(units, u.ID)
	}
	lu, _, err := svc.Users.CreateFirst(ctx, c.ID, directory.UserInput{Name: "Bí thư", Email: "bithu@do.example", Role: models.RoleLeader, Password: testPassword})
	if err != nil {
		b.Fatal(err)
	}
	ou, _, err := svc.Users.CreateFirst(ctx, c.ID, directory.UserInput{Name: "Cán bộ chi bộ", Email: "chibo@do.example", Role: models.RoleUnit, UnitID: units[20], Password: testPassword})
	if err != nil {
		b.Fatal(err)
	}
	leader := models.Actor{UserID: lu.ID, CommitteeID: c.ID, Role: models.RoleLeader}
	officer := models.Actor{UserID: ou.ID, CommitteeID: c.ID, Role: models.RoleUnit, UnitID: units[20]}
	areas, err := svc.Areas.List(ctx, leader)
	if err != nil {
		b.Fatal(err)
	}

	// The tasks go in through the store in batches (creating 10,000 one by
	// one through the service would take most of the run); they were
	// assigned two weeks before "now", so the week of reports below is
	// what the dashboard's silent-unit check reads.
	e := &pageBench{svc: svc, actor: officer}
	assigned := time.Date(2021, 9, 20, 2, 0, 0, 0, time.UTC)
	loc := c.Location()
	states := []models.WorkState{models.StateNotStarted, models.StateInProgress, models.StateInProgress, models.StateAwaiting, models.StateDone, models.StatePaused}
	for start := 0; start < benchTasks; start += 500 {
		var batch []models.Task
		var audits []models.AuditEntry
		for i := start; i < min(start+500, benchTasks); i++ {
			ar := areas[i%len(areas)]
			t := models.Task{
				ID: models.NewID(assigned), CommitteeID: c.ID, Period: monthBefore("2021-10", i%months), AreaID: ar.ID,
				Text:       fmt.Sprintf("Tiếp tục triển khai nhiệm vụ số %d: tuyên truyền, vận động nhân dân thực hiện tốt chủ trương của Đảng", i),
				LeadUnitID: units[i%40], CoordinatingUnitIDs: []models.ID{units[(i+7)%40]},
				Deadline: monthBefore("2021-10", i%months).FirstDay().AddDays(i % 28), State: states[i%len(states)], Percent: (i * 7) % 100,
				Version: 1, CreatedBy: lu.ID, CreatedAt: assigned, UpdatedBy: lu.ID, UpdatedAt: assigned,
			}
			if t.State == models.StateDone {
				at := assigned.Add(time.Duration(i%20) * 24 * time.Hour)
				t.AcceptedAt, t.AcceptedBy, t.Percent = &at, lu.ID, 100
			}
			t.Derive(loc, ar.Position)
			batch = append(batch, t)
			audits = append(audits, models.AuditEntry{ID: models.NewID(assigned), CommitteeID: c.ID, ActorID: lu.ID, At: assigned,
				Entity: models.EntityTask, EntityID: t.ID, Action: "create"})
			e.tasks = append(e.tasks, t.ID)
		}
		if err := st.Tasks().CreateMany(ctx, batch, audits); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := svc.Periods.Create(ctx, leader, directory.PeriodInput{Month: "2021-10"}); err != nil {
		b.Fatal(err)
	}
	// A week of reports from the officer's unit on its open tasks of October.
	for i, id := range e.tasks {
		if i%40 != 20 || i%months != 0 || states[i%len(states)] == models.StateDone || states[i%len(states)] == models.StateAwaiting {
			continue
		}
		if e.unitTask == "" {
			e.unitTask = id
		}
		clock.Set(time.Date(2021, 10, 1+i%5, 3, 0, 0, 0, time.UTC))
		pct := 10 + i%80
		if _, err := svc.Tasks.ReportProgress(ctx, officer, id, task.ProgressInput{Percent: &pct, Note: "Đã triển khai tại các tổ dân phố"}); err != nil {
			b.Fatal(err)
		}
	}
	clock.Set(time.Date(2021, 10, 20, 2, 0, 0, 0, time.UTC))
	e.h = handlers.New(handlers.Deps{Services: svc, Logger: log, Ready: st.Ping})
	e.leader = e.session(b, "bithu@do.example")
	e.officer = e.session(b, "chibo@do.example")
	for _, f := range []struct {
		who  models.Actor
		path *string
	}{{leader, &e.leaderFeed}, {officer, &e.officerFeed}} {
		token, err := svc.Feeds.FeedToken(ctx, f.who)
		if err != nil {
			b.Fatal(err)
		}
		*f.path = svc.Feeds.FeedURL(token) // no site address: the path alone
	}
	return e
}

// session signs in through the login page and returns the session cookie.
func (e *pageBench) session(b *testing.B, email string) string {
	b.Helper()
	form := url.Values{"email": {email}, "password": {testPassword}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == handlers.SessionCookie {
			return ck.Name + "=" + ck.Value
		}
	}
	b.Fatalf("login %s: %d", email, rec.Code)
	return ""
}

func (e *pageBench) get(b *testing.B, cookie, path, want string) {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Cookie", cookie)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
		b.Fatalf("GET %s: %d, want %q in %s", path, rec.Code, want, rec.Body.String())
	}
}

// write changes a task, which retires the store's cached listings, so the
// next page is counted from scratch.
func (e *pageBench) write(b *testing.B, i int) {
	pct := i % 100
	if _, err := e.svc.Tasks.ReportProgress(context.Background(), e.actor, e.unitTask, task.ProgressInput{Percent: &pct}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPages is the server time of each page with 10,000 tasks in the
// committee, all in the month shown (OneMonth) or spread over 100 months
// (Spread). "Warm" repeats one request (the store answers listings it was
// just asked from its short-lived cache); "AfterWrite" changes a task
// before each request (untimed), so every listing and count is read anew.
//
//	go test ./handlers/ -run '^$' -bench BenchmarkPages -benchtime 30x
func BenchmarkPages(b *testing.B) {
	for _, layout := range []struct {
		name   string
		months int
	}{{"OneMonth", 1}, {"Spread", 100}} {
		b.Run(layout.name, func(b *testing.B) { benchPages(b, newPageBench(b, layout.months)) })
	}
}

func benchPages(b *testing.B, e *pageBench) {
	task := string(e.unitTask)
	pages := []struct {
		name, path, want string
		officer          bool
	}{
		{"Dashboard", "/?month=2021-10", "count-done", false},
		{"TaskList", "/tasks?month=2021-10", "Hiển thị 1–20 trong", false},
		{"TaskListSearch", "/tasks?month=2021-10&q=nhiem+vu+so+7", "Hiển thị 1–", false},
		{"TaskListUnitSorted", "/tasks?month=2021-10&unit=" + string(e.unitTaskUnit()) + "&sort=deadline", "Hiển thị 1–", false},
		{"TaskPage", "/tasks/" + task, "Lịch sử tiến độ", false},
		{"UnitView", "/unit", "Nhiệm vụ của đơn vị", true},
		{"CalendarFeedLeader", e.leaderFeed, "END:VCALENDAR", false},
		{"CalendarFeedUnit", e.officerFeed, "END:VCALENDAR", true},
	}
	for _, p := range pages {
		cookie := e.leader
		if p.officer {
			cookie = e.officer
		}
		b.Run(p.name+"/Warm", func(b *testing.B) {
			for b.Loop() {
				e.get(b, cookie, p.path, p.want)
			}
		})
		b.Run(p.name+"/AfterWrite", func(b *testing.B) {
			i := 0
			for b.Loop() {
				b.StopTimer()
				e.write(b, i)
				i++
				b.StartTimer()
				e.get(b, cookie, p.path, p.want)
			}
		})
	}
}

func (e *pageBench) unitTaskUnit() models.ID { return e.actor.UnitID }

// monthBefore is the month n months before m.
func monthBefore(m models.Month, n int) models.Month {
	for range n {
		m = m.Prev()
	}
	return m
}

// BenchmarkExports is the server time of the exports of a month of 10,000
// tasks (the list page's export link and the month's figures), written
// as they are read.
//
//	go test ./handlers/ -run '^$' -bench BenchmarkExports -benchtime 5x -benchmem
func BenchmarkExports(b *testing.B) {
	e := newPageBench(b, 1)
	for _, p := range []struct{ name, path, want string }{
		{"TasksXLSX", "/tasks/export?month=2021-10&format=xlsx", "PK"},
		{"TasksCSV", "/tasks/export?month=2021-10&format=csv", "STT,Tháng"},
		{"FiguresXLSX", "/periods/2021-10/figures.xlsx", "PK"},
	} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e.get(b, e.leader, p.path, p.want)
			}
		})
	}
}
