// Command theodoi-bench measures the API over HTTP against a real theodoi
// server process: it seeds a committee with many tasks into a fresh
// embedded store, starts `theodoi serve` on it, drives it at a given
// concurrency and reports throughput, latency percentiles, errors and the
// server's peak resident memory.
//
//	go run ./cmd/theodoi-bench -tasks 10000 -concurrency 8 -duration 10s
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store/sqlite"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "theodoi-bench:", err)
		os.Exit(1)
	}
}

type options struct {
	tasks       int
	units       int
	concurrency int
	duration    time.Duration
	server      string
	keep        bool
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("theodoi-bench", flag.ContinueOnError)
	fs.IntVar(&o.tasks, "tasks", 10000, "tasks to seed in one committee")
	fs.IntVar(&o.units, "units", 40, "units to spread the tasks over")
	fs.IntVar(&o.concurrency, "concurrency", 8, "concurrent clients")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each phase")
	fs.StringVar(&o.server, "server", "", "theodoi binary (default: build ./cmd/theodoi)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary data directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "theodoi-bench-")
	if err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(dir)
	}
	if o.server == "" {
		o.server = filepath.Join(dir, "theodoi")
		fmt.Fprintln(out, "building ./cmd/theodoi …")
		build := exec.CommandContext(ctx, "go", "build", "-o", o.server, "./cmd/theodoi")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	dataDir := filepath.Join(dir, "data")
	start := time.Now()
	seed, err := seedStore(ctx, dataDir, o)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(out, "seeded %d tasks over %d units in %s\n", o.tasks, o.units, time.Since(start).Round(time.Millisecond))

	srv, err := startServer(ctx, o.server, dataDir)
	if err != nil {
		return err
	}
	defer srv.stop()

	c := &client{base: srv.url, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.concurrency * 2}}}
	token, err := c.login(seed.leaderEmail, seed.password)
	if err != nil {
		return err
	}
	ids, err := c.taskIDs(token, seed.unitIDs[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "server pid %d on %s; concurrency %d; %s per phase\n\n", srv.cmd.Process.Pid, srv.url, o.concurrency, o.duration)
	fmt.Fprintf(out, "%-34s %10s %9s %9s %9s %7s\n", "phase", "req/s", "p50 ms", "p99 ms", "requests", "errors")

	phases := []struct {
		name string
		req  func(r *rand.Rand, i int) (method, path string, body any)
	}{
		{"list 50/page filtered by unit", func(r *rand.Rand, _ int) (string, string, any) {
			u := seed.unitIDs[r.IntN(len(seed.unitIDs))]
			return "GET", "/api/v1/tasks?perPage=50&unit=" + string(u) + "&page=" + strconv.Itoa(1+r.IntN(3)), nil
		}},
		{"get one task", func(r *rand.Rand, _ int) (string, string, any) {
			return "GET", "/api/v1/tasks/" + ids[r.IntN(len(ids))], nil
		}},
		{"create task", func(r *rand.Rand, i int) (string, string, any) {
			return "POST", "/api/v1/tasks", map[string]any{
				"period": string(seed.month), "areaId": seed.areaIDs[r.IntN(len(seed.areaIDs))],
				"text":       fmt.Sprintf("Nhiệm vụ đo hiệu năng số %d: rà soát, cập nhật số liệu và báo cáo kết quả", i),
				"leadUnitId": seed.unitIDs[r.IntN(len(seed.unitIDs))], "deadline": string(seed.month.LastDay()),
			}
		}},
	}
	for _, ph := range phases {
		res := drive(ctx, c, token, o, ph.req)
		fmt.Fprintf(out, "%-34s %10.0f %9.2f %9.2f %9d %7d\n", ph.name, res.rate(), ms(res.pct(50)), ms(res.pct(99)), len(res.lat), res.errors)
		if res.errors > 0 {
			fmt.Fprintf(out, "  first error: %s\n", res.firstErr)
		}
	}
	rss, err := peakRSS(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nserver peak RSS (VmHWM): %.1f MB\n", float64(rss)/(1<<20))
	return nil
}

type seedInfo struct {
	leaderEmail, password string
	month                 models.Month
	unitIDs               []models.ID
	areaIDs               []models.ID
}

type benchClock struct{}

func (benchClock) Now() time.Time { return time.Now().UTC() }

// seedStore writes the committee straight through the services into the
// data directory, before the server starts.
func seedStore(ctx context.Context, dataDir string, o options) (seedInfo, error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return seedInfo{}, err
	}
	st, err := sqlite.Open(ctx, filepath.Join(dataDir, "theodoi.db"), sqlite.Options{})
	if err != nil {
		return seedInfo{}, err
	}
	defer st.Close()
	svc := services.New(st, benchClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{})
	c, err := svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Đo Hiệu Năng", IssuerCode: "ĐU"})
	if err != nil {
		return seedInfo{}, err
	}
	info := seedInfo{leaderEmail: "leader@bench.example", password: "mat-khau-do-hieu-nang", month: models.DateOf(time.Now(), c.Location()).Month()}
	admin := models.Actor{CommitteeID: c.ID, Role: models.RoleAdmin}
	for i := range o.units {
		// Each unit has a mailbox and an officer, so every task created
		// in the run causes follow-up notices as in a real ward.
		u, err := svc.Units.Create(ctx, admin, directory.UnitInput{Kind: models.UnitPartyCell, Name: fmt.Sprintf("Chi bộ TDP số %d", i+1),
			Emails: []string{fmt.Sprintf("chibo%d@bench.example", i+1)}})
		if err != nil {
			return seedInfo{}, err
		}
		info.unitIDs = append(info.unitIDs, u.ID)
		_, _, err = svc.Users.CreateFirst(ctx, c.ID, directory.UserInput{Name: fmt.Sprintf("Bí thư chi bộ %d", i+1), Email: fmt.Sprintf("canbo%d@bench.example", i+1),
			Role: models.RoleUnit, UnitID: u.ID, Password: info.password})
		if err != nil {
			return seedInfo{}, err
		}
	}
	leaderUser, _, err := svc.Users.CreateFirst(ctx, c.ID, directory.UserInput{Name: "Bí thư", Email: info.leaderEmail, Role: models.RoleLeader, Password: info.password})
	if err != nil {
		return seedInfo{}, err
	}
	leader := models.Actor{UserID: leaderUser.ID, CommitteeID: c.ID, Role: models.RoleLeader}
	areas, err := svc.Areas.List(ctx, leader)
	if err != nil {
		return seedInfo{}, err
	}
	for _, a := range areas {
		info.areaIDs = append(info.areaIDs, a.ID)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range o.tasks {
		lead := info.unitIDs[i%len(info.unitIDs)]
		coord := info.unitIDs[(i+1+r.IntN(len(info.unitIDs)-1))%len(info.unitIDs)]
		deadline := ""
		if i%5 != 0 {
			deadline = string(info.month.FirstDay().AddDays(r.IntN(28)))
		}
		_, err := svc.Tasks.Create(ctx, leader, task.TaskInput{
			Period: string(info.month), AreaID: info.areaIDs[i%len(info.areaIDs)],
			Text:       fmt.Sprintf("Tiếp tục triển khai nhiệm vụ số %d: tuyên truyền, vận động nhân dân thực hiện tốt các chủ trương của Đảng", i),
			LeadUnitID: lead, CoordinatingUnitIDs: []models.ID{coord}, Deadline: deadline,
		})
		if err != nil {
			return seedInfo{}, err
		}
	}
	return info, nil
}

type server struct {
	cmd *exec.Cmd
	url string
}

func startServer(ctx context.Context, bin, dataDir string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = append(os.Environ(), "THEODOI_ADDR="+addr, "THEODOI_DATA_DIR="+dataDir, "THEODOI_DEMO=false", "THEODOI_LOGIN_RATE_PER_MINUTE=1000")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard // the access log is written, as in production, and dropped
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, url: "http://" + addr}
	for range 100 {
		if res, err := http.Get(s.url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	return nil, errors.New("server did not become ready")
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
	}
}

type client struct {
	base string
	http *http.Client
}

func (c *client) do(token, method, path string, body any) (int, []byte, error) {
	return c.doInto(nil, token, method, path, body)
}

// doInto reads the response into buf (reused between calls, so the load
// generator's own garbage does not eat the CPU it shares with the server).
func (c *client) doInto(buf *bytes.Buffer, token, method, path string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	_, err = buf.ReadFrom(res.Body)
	return res.StatusCode, buf.Bytes(), err
}

func (c *client) login(email, password string) (string, error) {
	st, data, err := c.do("", "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	if err != nil || st != 200 {
		return "", fmt.Errorf("login: %d %s %v", st, data, err)
	}
	var out struct{ Token string }
	return out.Token, json.Unmarshal(data, &out)
}

func (c *client) taskIDs(token string, unit models.ID) ([]string, error) {
	st, data, err := c.do(token, "GET", "/api/v1/tasks?perPage=200", nil)
	if err != nil || st != 200 {
		return nil, fmt.Errorf("list: %d %v", st, err)
	}
	var page struct{ Items []struct{ ID string } }
	if err := json.Unmarshal(data, &page); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(page.Items))
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	if len(ids) == 0 {
		return nil, errors.New("no tasks listed")
	}
	return ids, nil
}

type result struct {
	lat      []time.Duration
	errors   int
	firstErr string
	elapsed  time.Duration
}

func (r result) rate() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

func (r result) pct(p int) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, len(r.lat)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// drive runs the request maker from o.concurrency goroutines for o.duration.
// Any status other than 200/201 counts as an error.
func drive(ctx context.Context, c *client, token string, o options, next func(*rand.Rand, int) (string, string, any)) result {
	var mu sync.Mutex
	var all result
	deadline := time.Now().Add(o.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range o.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			var local result
			var buf bytes.Buffer
			for i := w; time.Now().Before(deadline) && ctx.Err() == nil; i += o.concurrency {
				method, path, body := next(r, i)
				t0 := time.Now()
				st, data, err := c.doInto(&buf, token, method, path, body)
				local.lat = append(local.lat, time.Since(t0))
				if err != nil || (st != 200 && st != 201) {
					local.errors++
					if local.firstErr == "" {
						local.firstErr = fmt.Sprintf("%s %s: %d %s %v", method, path, st, strings.TrimSpace(string(data)), err)
					}
				}
			}
			mu.Lock()
			all.lat = append(all.lat, local.lat...)
			all.errors += local.errors
			if all.firstErr == "" {
				all.firstErr = local.firstErr
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	all.elapsed = time.Since(start)
	slices.Sort(all.lat)
	return all
}

// peakRSS reads the process's high-water resident set size from /proc.
func peakRSS(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("peak RSS: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("peak RSS: no VmHWM in /proc status")
}
