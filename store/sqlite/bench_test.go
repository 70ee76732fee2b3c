package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

// benchData is one committee with 10,000 tasks over 40 units and 7 areas,
// as the HTTP benchmark seeds it, built once for all benchmarks.
type benchData struct {
	path      string
	committee models.ID
	units     []models.ID
	tasks     []models.ID
}

var (
	benchOnce sync.Once
	bench     benchData
	benchErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.path != "" {
		os.RemoveAll(filepath.Dir(bench.path))
	}
	os.Exit(code)
}

func seeded(b *testing.B) benchData {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "theodoi-bench-")
		if err != nil {
			benchErr = err
			return
		}
		bench, benchErr = seed(context.Background(), dir, 10_000, 40)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return bench
}

// seed writes a committee with nTasks tasks in one month over nUnits units
// and the default areas, each task with a lead and one coordinating unit.
func seed(ctx context.Context, dir string, nTasks, nUnits int) (benchData, error) {
	d := benchData{path: filepath.Join(dir, "bench.db")}
	s, err := sqlite.Open(ctx, d.path, sqlite.Options{})
	if err != nil {
		return d, err
	}
	defer s.Close()
	now := time.Now().UTC()
	c := models.Committee{ID: models.NewID(now), Name: "Đảng ủy phường Đo Hiệu Năng", TimeZone: models.DefaultTimeZone, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.Committees().Create(ctx, c, models.AuditEntry{}); err != nil {
		return d, err
	}
	d.committee = c.ID
	for i := range nUnits {
		u := models.Unit{ID: models.NewID(now), CommitteeID: c.ID, Kind: models.UnitPartyCell, Name: fmt.Sprintf("Chi bộ TDP số %d", i+1), Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.Units().Create(ctx, u, models.AuditEntry{}); err != nil {
			return d, err
		}
		d.units = append(d.units, u.ID)
	}
	var areas []models.Area
	for i, name := range models.DefaultAreas {
		a := models.Area{ID: models.NewID(now), CommitteeID: c.ID, Name: name, Position: i + 1, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.Areas().Create(ctx, a, models.AuditEntry{}); err != nil {
			return d, err
		}
		areas = append(areas, a)
	}
	month := models.DateOf(now, c.Location()).Month()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range nTasks {
		at := now.Add(time.Duration(i) * time.Millisecond)
		lead := d.units[i%nUnits]
		coord := d.units[(i+1+r.IntN(nUnits-1))%nUnits]
		t := models.Task{
			ID: models.NewID(at), CommitteeID: c.ID, Period: month, AreaID: areas[i%len(areas)].ID,
			Text:       fmt.Sprintf("Tiếp tục triển khai nhiệm vụ số %d: tuyên truyền, vận động nhân dân thực hiện tốt các chủ trương của Đảng", i),
			LeadUnitID: lead, CoordinatingUnitIDs: []models.ID{coord}, State: models.StateNotStarted,
			Version: 1, CreatedBy: "leader", CreatedAt: at, UpdatedBy: "leader", UpdatedAt: at,
		}
		if i%5 != 0 {
			t.Deadline = month.FirstDay().AddDays(r.IntN(28))
		}
		t.Derive(c.Location(), areas[i%len(areas)].Position)
		audit := models.AuditEntry{ID: models.NewID(at), CommitteeID: c.ID, ActorID: "leader", At: at, Entity: models.EntityTask, EntityID: t.ID, Action: "create"}
		if err := s.Tasks().Create(ctx, t, audit); err != nil {
			return d, err
		}
		d.tasks = append(d.tasks, t.ID)
	}
	return d, nil
}

func openBench(b *testing.B) (*sqlite.Store, benchData) {
	d := seeded(b)
	s := open(b, d.path)
	b.Cleanup(func() { s.Close() })
	return s, d
}

// BenchmarkListByUnit lists pages 1-3 of 50 of one unit's tasks (about
// 500 of 10,000), as GET /api/v1/tasks?unit=…&perPage=50 does, with the
// caches warm (no writes), after a write, and with nothing cached.
func BenchmarkListByUnit(b *testing.B) {
	s, d := openBench(b)
	list := func(ctx context.Context, i int) error {
		ts, total, err := s.Tasks().List(ctx, store.TaskFilter{
			Committee: d.committee, UnitID: d.units[i%len(d.units)], Offset: 50 * (i % 3), Limit: 50,
		})
		if err == nil && (len(ts) != 50 || total < 150) {
			err = fmt.Errorf("got %d tasks of %d", len(ts), total)
		}
		return err
	}
	b.Run("serial", func(b *testing.B) { serial(b, list) })
	b.Run("parallel8", func(b *testing.B) { parallel8(b, list) })
	// As after every write: the index is read and the total counted again.
	b.Run("lists-invalidated", func(b *testing.B) {
		serial(b, func(ctx context.Context, i int) error { s.DropCaches(false); return list(ctx, i) })
	})
	// Nothing cached: every row is read from the table too.
	b.Run("cold", func(b *testing.B) {
		serial(b, func(ctx context.Context, i int) error { s.DropCaches(true); return list(ctx, i) })
	})
}

// BenchmarkGet reads one task by id.
func BenchmarkGet(b *testing.B) {
	s, d := openBench(b)
	get := func(ctx context.Context, i int) error {
		_, err := s.Tasks().Get(ctx, d.committee, d.tasks[(i*7919)%len(d.tasks)])
		return err
	}
	b.Run("serial", func(b *testing.B) { serial(b, get) })
	b.Run("parallel8", func(b *testing.B) { parallel8(b, get) })
}

func serial(b *testing.B, fn func(context.Context, int) error) {
	ctx := b.Context()
	defer reportCPU(b)()
	for i := 0; b.Loop(); i++ {
		if err := fn(ctx, i); err != nil {
			b.Fatal(err)
		}
	}
}

// parallel8 runs fn from 8 goroutines (at least), like the HTTP benchmark's clients.
func parallel8(b *testing.B, fn func(context.Context, int) error) {
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((8 + procs - 1) / procs)
	var n atomic.Int64
	ctx := b.Context()
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := fn(ctx, int(n.Add(1))); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// reportCPU adds the process CPU time per operation, which says more than
// wall time on a machine shared with other work.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBaseline is the cost of any query through database/sql and the
// driver, to read the other numbers against.
func BenchmarkBaseline(b *testing.B) {
	s, _ := openBench(b)
	serial(b, func(ctx context.Context, _ int) error { return s.Select1(ctx) })
}
