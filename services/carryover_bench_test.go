package services_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

// BenchmarkCarryOver carries over October for 1,000 committees of 100
// unfinished tasks each (100,000 tasks) on the embedded store, through
// RunDue as the scheduler calls it at 00:30 on 1 November. Each committee
// has three units with addresses and a leader, so four notices each are
// queued too. Seeding goes through the store and is not timed.
func BenchmarkCarryOver(b *testing.B) {
	const committees, perCommittee = 1000, 100
	for b.Loop() {
		b.StopTimer()
		st, svc := seedCarryOver(b, committees, perCommittee)
		at := time.Date(2021, 11, 1, 0, 30, 0, 0, ict)
		b.StartTimer()
		summary, err := svc.CarryOver.RunDue(b.Context(), at)
		b.StopTimer()
		if err != nil || !strings.Contains(summary, fmt.Sprintf("carried over %d months (%d tasks)", committees, committees*perCommittee)) {
			b.Fatalf("%s: %v", summary, err)
		}
		msgs, err := st.Outbox().List(b.Context(), store.MessageFilter{Limit: 5000})
		if err != nil || len(msgs) != 4*committees {
			b.Fatalf("%d notices queued, want %d: %v", len(msgs), 4*committees, err)
		}
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(committees*perCommittee)*float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
}

func seedCarryOver(b *testing.B, committees, perCommittee int) (store.Store, *services.Services) {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{OpTimeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2021, 10, 20, 3, 0, 0, 0, time.UTC)
	clock := &movingClock{now: now}
	svc := services.New(st, clock, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{})
	loc := models.Committee{}.Location()
	states := []models.WorkState{models.StateNotStarted, models.StateInProgress, models.StateAwaiting, models.StatePaused}
	deadlines := []models.Date{"2021-10-15", "2021-10-31", "2021-11-15", ""}
	for ci := range committees {
		c := models.Committee{ID: models.NewID(now), Name: fmt.Sprintf("Đảng ủy phường %d", ci), TimeZone: models.DefaultTimeZone, Version: 1, CreatedAt: now, UpdatedAt: now}
		audit := func(entity string, id models.ID) models.AuditEntry {
			return models.AuditEntry{ID: models.NewID(now), CommitteeID: c.ID, At: now, Entity: entity, EntityID: id, Action: "create"}
		}
		must := func(err error) {
			if err != nil {
				b.Fatal(err)
			}
		}
		must(st.Committees().Create(ctx, c, audit(models.EntityCommittee, c.ID)))
		area := models.Area{ID: models.NewID(now), CommitteeID: c.ID, Name: "Về kinh tế", Position: 1, Version: 1, CreatedAt: now, UpdatedAt: now}
		must(st.Areas().Create(ctx, area, audit(models.EntityArea, area.ID)))
		var units []models.ID
		for ui := range 3 {
			u := models.Unit{ID: models.NewID(now), CommitteeID: c.ID, Kind: models.UnitMassOrg, Name: fmt.Sprintf("Đơn vị %d", ui),
				Emails: []string{fmt.Sprintf("u%d.c%d@phuong.example", ui, ci)}, Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
			must(st.Units().Create(ctx, u, audit(models.EntityUnit, u.ID)))
			units = append(units, u.ID)
		}
		leader := models.User{ID: models.NewID(now), CommitteeID: c.ID, Name: "Bí thư", Email: fmt.Sprintf("bithu.c%d@phuong.example", ci),
			Role: models.RoleLeader, Language: "vi", PasswordHash: "x", Version: 1, CreatedAt: now, UpdatedAt: now}
		must(st.Users().Create(ctx, leader, audit(models.EntityUser, leader.ID)))
		p := models.Period{ID: models.NewID(now), CommitteeID: c.ID, Month: "2021-10", Status: models.PeriodOpen, Version: 1, CreatedAt: now, UpdatedAt: now}
		must(st.Periods().Create(ctx, p, audit(models.EntityPeriod, p.ID)))
		tasks := make([]models.Task, perCommittee)
		audits := make([]models.AuditEntry, perCommittee)
		for ti := range tasks {
			t := models.Task{ID: models.NewID(now), CommitteeID: c.ID, Period: "2021-10", AreaID: area.ID,
				Text:       fmt.Sprintf("Tiếp tục triển khai nhiệm vụ số %d của tháng, báo cáo kết quả về Ban Thường vụ", ti+1),
				LeadUnitID: units[ti%3], CoordinatingUnitIDs: []models.ID{units[(ti+1)%3]}, Deadline: deadlines[ti%len(deadlines)],
				State: states[ti%len(states)], Percent: (ti * 7) % 100, Version: 1, CreatedAt: now, UpdatedAt: now}
			t.Derive(loc, area.Position)
			tasks[ti], audits[ti] = t, audit(models.EntityTask, t.ID)
		}
		must(st.Tasks().CreateMany(ctx, tasks, audits))
	}
	clock.Set(time.Date(2021, 11, 1, 0, 30, 0, 0, ict))
	return st, svc
}
