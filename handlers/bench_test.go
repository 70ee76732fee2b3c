package handlers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/theodoi/theodoi/handlers"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store/sqlite"
)

// benchEnv is a router over a SQLite store seeded with n tasks over 40
// units; requests go straight to the handler, so the numbers are the
// server's own cost per request (cmd/theodoi-bench measures over the network).
type benchEnv struct {
	h      http.Handler
	token  string
	units  []models.ID
	areas  []models.ID
	taskID []models.ID
	month  models.Month
}

func newBenchEnv(b *testing.B, n int) *benchEnv {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := services.New(st, models.SystemClock{}, log, services.Options{})
	c, _ := svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Đo"})
	admin := models.Actor{CommitteeID: c.ID, Role: models.RoleAdmin}
	e := &benchEnv{month: models.DateOf(time.Now(), c.Location()).Month()}
	for i := range 40 {
		u, err := svc.Units.Create(ctx, admin, directory.UnitInput{Kind: models.UnitPartyCell, Name: fmt.Sprintf("Chi bộ %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		e.units = append(e.units, u.ID)
	}
	lu, _, err := svc.Users.CreateFirst(ctx, c.ID, directory.UserInput{Name: "Bí thư", Email: "bt@do.example", Role: models.RoleLeader, Password: testPassword})
	if err != nil {
		b.Fatal(err)
	}
	leader := models.Actor{UserID: lu.ID, CommitteeID: c.ID, Role: models.RoleLeader}
	areas, _ := svc.Areas.List(ctx, leader)
	for _, a := range areas {
		e.areas = append(e.areas, a.ID)
	}
	for i := range n {
		v, err := svc.Tasks.Create(ctx, leader, task.TaskInput{
			Period: string(e.month), AreaID: e.areas[i%len(e.areas)], LeadUnitID: e.units[i%40],
			CoordinatingUnitIDs: []models.ID{e.units[(i+7)%40]}, Deadline: string(e.month.LastDay()),
			Text: fmt.Sprintf("Tiếp tục triển khai nhiệm vụ số %d: tuyên truyền, vận động nhân dân thực hiện tốt chủ trương", i),
		})
		if err != nil {
			b.Fatal(err)
		}
		e.taskID = append(e.taskID, v.ID)
	}
	e.h = handlers.New(handlers.Deps{Services: svc, Logger: log, Ready: st.Ping})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(`{"email":"bt@do.example","password":"`+testPassword+`"}`))
	e.h.ServeHTTP(rec, req)
	tok := rec.Body.String()
	i := strings.Index(tok, `"token":"`)
	e.token = tok[i+9 : i+9+strings.Index(tok[i+9:], `"`)]
	return e
}

func (e *benchEnv) serve(b *testing.B, method, path, body string, want int) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer "+e.token)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body.String())
	}
}

func BenchmarkAPI(b *testing.B) {
	e := newBenchEnv(b, 10000)
	var n atomic.Int64
	b.Run("ListByUnit", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := n.Add(1)
				e.serve(b, "GET", fmt.Sprintf("/api/v1/tasks?perPage=50&unit=%s&page=%d", e.units[i%40], 1+i%3), "", 200)
			}
		})
	})
	b.Run("Get", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := n.Add(1)
				e.serve(b, "GET", "/api/v1/tasks/"+string(e.taskID[int(i)%len(e.taskID)]), "", 200)
			}
		})
	})
	b.Run("Create", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := n.Add(1)
				e.serve(b, "POST", "/api/v1/tasks", fmt.Sprintf(`{"period":%q,"areaId":%q,"text":"Nhiệm vụ mới %d","leadUnitId":%q,"deadline":%q}`,
					e.month, e.areas[i%7], i, e.units[i%40], e.month.LastDay()), 201)
			}
		})
	})
}
