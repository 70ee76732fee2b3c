package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the integrity check reads the file itself
)

// crashChildEnv turns TestCrashChild into the server that
// TestCrashDurability starts, kills and starts again.
const crashChildEnv = "THEODOI_CRASH_CHILD"

const (
	crashRounds  = 3
	crashWriters = 8
	// crashAckedBeforeKill is how many writes are answered before the kill;
	// modest, so the test stays quick under -race.
	crashAckedBeforeKill = 40
	// crashDeadline bounds every wait; generous, since -race on two cores
	// starts slowly. Nothing asserts on time.
	crashDeadline       = 90 * time.Second
	crashLeaderEmail    = "doben@huongxuan.example"
	crashLeaderPassword = "mat-khau-kiem-tra-do-ben"
)

// TestCrashChild is the server half of TestCrashDurability, run in a child
// process of the test binary; on its own it skips.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) != "1" {
		t.Skip("runs only as the child of TestCrashDurability")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Closing stdin is the parent's clean stop; it also ends an orphan
	// whose parent died.
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	if err := run(ctx, []string{"serve"}, os.Getenv, strings.NewReader(""), os.Stdout, os.Stderr); err != nil {
		t.Fatal(err)
	}
}

// TestCrashDurability: kill -9 under 8 writers, 3 rounds on one data
// directory; after each restart every acknowledged write (of this round and
// the earlier ones) is there, and PRAGMA integrity_check says ok.
func TestCrashDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills server processes")
	}
	if os.Getenv(crashChildEnv) != "" {
		t.Skip("inside a crash child")
	}
	dir := t.TempDir()
	setUpCrashCommittee(t, dir)
	var fx crashFixture
	var acked []crashWrite
	for round := 1; round <= crashRounds; round++ {
		srv := startCrashChild(t, dir)
		if fx.token == "" {
			fx = crashSignIn(t, srv.url)
		}
		res := writeUntilKilled(t, srv, fx, round)
		acked = append(acked, res.acked...)

		again := startCrashChild(t, dir)
		verifyAcked(t, again.url, fx.token, acked)
		again.stop(t)
		checkIntegrity(t, filepath.Join(dir, "theodoi.db"))
		t.Logf("round %d: %d writes acknowledged before kill -9, %d unanswered, %d refused %v; all %d acknowledged so far present; integrity_check ok",
			round, len(res.acked), res.unanswered, len(res.refused), res.refused, len(acked))
	}
}

// setUpCrashCommittee creates a committee and a leader (admins may not
// assign tasks) with final passwords, through the commands.
func setUpCrashCommittee(t *testing.T, dir string) {
	t.Helper()
	if out, err := runIn(t, dir, nil, initPassword+"\n", initArgs...); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	out, err := runIn(t, dir, nil, crashLeaderPassword+"\n",
		"user", "add", "--email", crashLeaderEmail, "--name", "Nguyễn Văn Độ Bền", "--role", "leader")
	if err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
}

// crashChild is one server process on the data directory.
type crashChild struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	out     *syncBuffer // stdout: the listening address
	errOut  *syncBuffer // stderr: logs, panics and race reports
	exited  chan struct{}
	waitErr error // set before exited is closed
	url     string
}

// startCrashChild starts the test binary as `theodoi serve` on dir and
// waits until /readyz answers 200; the cleanup kills it if still running.
func startCrashChild(t *testing.T, dir string) *crashChild {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.timeout=10m")
	cmd.Env = append(withoutTheodoiEnv(os.Environ()), crashChildEnv+"=1",
		"THEODOI_DATA_DIR="+dir, "THEODOI_ADDR=127.0.0.1:0", "THEODOI_DEMO=false",
		"THEODOI_LOG_LEVEL=warn", "THEODOI_BACKUP_KEEP=0")
	c := &crashChild{cmd: cmd, out: &syncBuffer{}, errOut: &syncBuffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = c.out, c.errOut
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.stdin = stdin
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(c.kill)
	c.url = c.awaitURL(t)
	c.awaitReady(t)
	return c
}

// withoutTheodoiEnv drops the caller's THEODOI_* settings so the child's
// configuration is only what the test sets.
func withoutTheodoiEnv(env []string) []string {
	kept := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "THEODOI_") {
			kept = append(kept, kv)
		}
	}
	return kept
}

var servingOn = regexp.MustCompile(`serving on http://\S+:(\d+)`)

// awaitURL reads the bound port from the child's banner (it listens on
// port 0) and addresses it by IP, so "localhost" resolution plays no part.
func (c *crashChild) awaitURL(t *testing.T) string {
	t.Helper()
	deadline := time.After(crashDeadline)
	for {
		if m := servingOn.FindStringSubmatch(c.out.String()); m != nil {
			return "http://127.0.0.1:" + m[1]
		}
		select {
		case <-c.exited:
			t.Fatalf("server exited before listening: %v\n%s", c.waitErr, c.errOut.String())
		case <-deadline:
			t.Fatalf("server did not listen within %s:\n%s\n%s", crashDeadline, c.out.String(), c.errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (c *crashChild) awaitReady(t *testing.T) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	deadline := time.After(crashDeadline)
	for {
		if res, err := client.Get(c.url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-c.exited:
			t.Fatalf("server exited before ready: %v\n%s", c.waitErr, c.errOut.String())
		case <-deadline:
			t.Fatalf("server not ready within %s:\n%s", crashDeadline, c.errOut.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// kill is kill -9 (SIGKILL on Unix); it returns once the process is gone.
func (c *crashChild) kill() {
	_ = c.cmd.Process.Kill()
	<-c.exited
}

// stop closes the child's stdin, which shuts the server down cleanly, and
// requires a clean exit (a race report in the child fails it too).
func (c *crashChild) stop(t *testing.T) {
	t.Helper()
	c.stdin.Close()
	select {
	case <-c.exited:
	case <-time.After(crashDeadline):
		c.kill()
		t.Fatalf("server did not stop within %s:\n%s", crashDeadline, c.errOut.String())
	}
	if c.waitErr != nil {
		t.Fatalf("server stopped with %v:\n%s", c.waitErr, c.errOut.String())
	}
}

// crashFixture is what every write needs: a leader's session, an area,
// a lead unit and a month.
type crashFixture struct {
	token, areaID, unitID, period string
}

// crashSignIn signs the leader in and picks the task's area and unit. The
// session is stored, so the token outlives the restarts.
func crashSignIn(t *testing.T, url string) crashFixture {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	var login struct{ Token string }
	if st, err := crashCall(client, "POST", url+"/api/v1/auth/login", "", map[string]string{"email": crashLeaderEmail, "password": crashLeaderPassword}, &login); err != nil || st != 200 {
		t.Fatalf("leader login: %d %v", st, err)
	}
	var areas, units struct{ Items []struct{ ID string } }
	if st, err := crashCall(client, "GET", url+"/api/v1/areas", login.Token, nil, &areas); err != nil || st != 200 || len(areas.Items) == 0 {
		t.Fatalf("areas: %d %v %d", st, err, len(areas.Items))
	}
	if st, err := crashCall(client, "GET", url+"/api/v1/units", login.Token, nil, &units); err != nil || st != 200 || len(units.Items) == 0 {
		t.Fatalf("units: %d %v %d", st, err, len(units.Items))
	}
	// Next month in Vietnam (UTC+7, no daylight saving): never the month
	// the month-end job may close while the test runs.
	local := time.Now().In(time.FixedZone("ICT", 7*60*60))
	next := time.Date(local.Year(), local.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	return crashFixture{token: login.Token, areaID: areas.Items[0].ID, unitID: units.Items[0].ID, period: next}
}

// crashCall sends one JSON request and decodes a 2xx answer into out. It
// reports failures instead of failing the test, for the writers'
// goroutines.
func crashCall(client *http.Client, method, url, token string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, err // the answer was cut off: not an acknowledgement
	}
	if out != nil && res.StatusCode/100 == 2 {
		if err := json.Unmarshal(raw, out); err != nil {
			return 0, fmt.Errorf("%s %s: %w", method, url, err)
		}
	}
	return res.StatusCode, nil
}

// crashWrite is an acknowledged task: the id the server answered with and
// the text it was created with.
type crashWrite struct{ id, text string }

// crashRound is one round's writes, as the writers saw them.
type crashRound struct {
	mu         sync.Mutex
	acked      []crashWrite
	refused    []int // statuses other than 201
	unanswered int   // requests with no complete answer
	count      atomic.Int64
}

// writeUntilKilled runs the writers until enough writes are acknowledged,
// waits a little more so the kill lands at a random point, kills the child
// with SIGKILL and returns what the writers saw.
func writeUntilKilled(t *testing.T, srv *crashChild, fx crashFixture, round int) *crashRound {
	t.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: crashWriters}
	defer tr.CloseIdleConnections()
	client := &http.Client{Timeout: 30 * time.Second, Transport: tr}
	res := &crashRound{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range crashWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.write(client, srv.url, fx, round, w, stop)
		}()
	}
	writersDone := make(chan struct{})
	go func() {
		wg.Wait()
		close(writersDone)
	}()
	enough := awaitAcked(res, writersDone, srv.exited)
	time.Sleep(rand.N(200 * time.Millisecond)) // a random point mid-write
	srv.kill()
	close(stop)
	<-writersDone
	if !enough {
		t.Fatalf("round %d: only %d writes acknowledged (refused %v, unanswered %d); server log:\n%s",
			round, res.count.Load(), res.refused, res.unanswered, srv.errOut.String())
	}
	return res
}

// awaitAcked waits until crashAckedBeforeKill writes are acknowledged, or
// the writers or the server give up, or the deadline passes.
func awaitAcked(res *crashRound, writersDone, exited <-chan struct{}) bool {
	deadline := time.After(crashDeadline)
	for res.count.Load() < crashAckedBeforeKill {
		select {
		case <-writersDone:
			return false
		case <-exited:
			return false
		case <-deadline:
			return false
		case <-time.After(10 * time.Millisecond):
		}
	}
	return true
}

// write is one writer: it creates tasks until stopped, keeping the ones
// answered 201. A refusal with 4xx ends it (the request is wrong, and
// repeating it will not help); a missing answer or a 5xx is retried until
// the stop, which comes right after the kill.
func (r *crashRound) write(client *http.Client, url string, fx crashFixture, round, writer int, stop <-chan struct{}) {
	for seq := 0; ; seq++ {
		select {
		case <-stop:
			return
		default:
		}
		text := fmt.Sprintf("Kiểm tra độ bền: vòng %d, người ghi %d, lần %d", round, writer, seq)
		var created struct{ ID string }
		st, err := crashCall(client, "POST", url+"/api/v1/tasks", fx.token, map[string]any{
			"period": fx.period, "areaId": fx.areaID, "leadUnitId": fx.unitID, "text": text,
		}, &created)
		r.mu.Lock()
		switch {
		case err != nil:
			r.unanswered++
		case st == http.StatusCreated && created.ID != "":
			r.acked = append(r.acked, crashWrite{id: created.ID, text: text})
			r.count.Add(1)
		default:
			r.refused = append(r.refused, st)
		}
		r.mu.Unlock()
		switch {
		case st/100 == 4:
			return
		case err != nil || st/100 == 5:
			time.Sleep(10 * time.Millisecond) // the server is gone or failing: do not spin
		}
	}
}

// verifyAcked reads every acknowledged task back through the API, with as
// many readers as there were writers.
func verifyAcked(t *testing.T, url, token string, acked []crashWrite) {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: crashWriters}}
	defer client.CloseIdleConnections()
	pending := make(chan crashWrite)
	var mu sync.Mutex
	var missing []string
	var wg sync.WaitGroup
	for range crashWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range pending {
				if problem := readBack(client, url, token, w); problem != "" {
					mu.Lock()
					missing = append(missing, problem)
					mu.Unlock()
				}
			}
		}()
	}
	for _, w := range acked {
		pending <- w
	}
	close(pending)
	wg.Wait()
	if len(missing) > 0 {
		t.Fatalf("%d of %d acknowledged writes lost or changed after kill -9, e.g.:\n%s",
			len(missing), len(acked), strings.Join(missing[:min(len(missing), 10)], "\n"))
	}
}

// readBack returns what is wrong with one acknowledged task, or "".
func readBack(client *http.Client, url, token string, w crashWrite) string {
	var got struct{ ID, Text string }
	st, err := crashCall(client, "GET", url+"/api/v1/tasks/"+w.id, token, nil, &got)
	switch {
	case err != nil:
		return fmt.Sprintf("task %s: %v", w.id, err)
	case st != http.StatusOK:
		return fmt.Sprintf("task %s: status %d", w.id, st)
	case got.ID != w.id || got.Text != w.text:
		return fmt.Sprintf("task %s: read back as %s %q, want %q", w.id, got.ID, got.Text, w.text)
	}
	return ""
}

// checkIntegrity opens the database file read-only, beside no server, and
// requires PRAGMA integrity_check to answer exactly "ok".
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	defer rows.Close()
	var answer []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		answer = append(answer, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(answer) != 1 || answer[0] != "ok" {
		t.Fatalf("integrity_check: %q", answer)
	}
}
