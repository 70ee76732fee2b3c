package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func getenvFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// startServer runs `theodoi serve` in the background and returns its URL,
// its output and a stop function that waits for a clean shutdown.
func startServer(t *testing.T, dataDir string) (string, *syncBuffer, func()) {
	t.Helper()
	return startServerEnv(t, map[string]string{"THEODOI_DATA_DIR": dataDir})
}

// startServerEnv is startServer with more of the environment chosen.
func startServerEnv(t *testing.T, vars map[string]string) (string, *syncBuffer, func()) {
	t.Helper()
	out := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	all := map[string]string{"THEODOI_ADDR": "127.0.0.1:0", "THEODOI_LOG_LEVEL": "warn"}
	for k, v := range vars {
		all[k] = v
	}
	env := getenvFrom(all)
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, env, strings.NewReader(""), out, io.Discard) }()
	re := regexp.MustCompile(`serving on (http://\S+)`)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			stop := func() {
				cancel()
				select {
				case err := <-done:
					if err != nil {
						t.Errorf("serve returned %v", err)
					}
				case <-time.After(30 * time.Second):
					t.Error("serve did not stop")
				}
			}
			return m[1], out, stop
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("server did not start:\n%s", out.String())
	return "", nil, nil
}

func call(t *testing.T, method, url, token string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil {
		_ = json.NewDecoder(res.Body).Decode(out)
	}
	return res.StatusCode
}

// account finds a printed demo account's e-mail and one-time password.
func account(t *testing.T, output, role string) (string, string) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^\s+` + role + `\s+(\S+@\S+)\s+(\S+)`).FindStringSubmatch(output)
	if m == nil {
		t.Fatalf("no %s account printed in:\n%s", role, output)
	}
	return m[1], m[2]
}

// firstSignIn signs in with a printed temporary password, which allows
// nothing but changing it (403 password_change_required), changes it and
// signs in again; it returns the new session and password.
func firstSignIn(t *testing.T, url, email, temporary string) (token, password string) {
	t.Helper()
	var login struct {
		Token string
		User  struct{ MustChangePassword bool }
	}
	if st := call(t, "POST", url+"/api/v1/auth/login", "", map[string]string{"email": email, "password": temporary}, &login); st != 200 || !login.User.MustChangePassword {
		t.Fatalf("%s: login with the temporary password: %d, must change %v", email, st, login.User.MustChangePassword)
	}
	var refused struct{ Code string }
	if st := call(t, "GET", url+"/api/v1/tasks", login.Token, nil, &refused); st != 403 || refused.Code != "password_change_required" {
		t.Fatalf("%s: before changing the password: %d %q", email, st, refused.Code)
	}
	if st := call(t, "GET", url+"/api/v1/me", login.Token, nil, nil); st != 200 {
		t.Fatalf("%s: /me before changing the password: %d", email, st)
	}
	password = "chon-rieng-" + temporary
	if st := call(t, "POST", url+"/api/v1/me/password", login.Token, map[string]string{"currentPassword": temporary, "newPassword": password}, nil); st != 204 && st != 200 {
		t.Fatalf("%s: change password: %d", email, st)
	}
	if st := call(t, "POST", url+"/api/v1/auth/login", "", map[string]string{"email": email, "password": password}, &login); st != 200 || login.User.MustChangePassword {
		t.Fatalf("%s: login with the new password: %d, must change %v", email, st, login.User.MustChangePassword)
	}
	return login.Token, password
}

// webClient signs in through the sign-in page and returns the browser
// (a client with the session cookie) and the path it landed on.
func webClient(t *testing.T, base, email, password string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(neturl.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return client, res.Request.URL.Path
}

// webSignIn signs in through the sign-in page, then opens the dashboard,
// and returns the path the browser ends at.
func webSignIn(t *testing.T, base, email, password string) string {
	t.Helper()
	client, landed := webClient(t, base, email, password)
	if landed != "/password/change" {
		return landed
	}
	res, err := client.Get(base + "/tasks")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.Request.URL.Path
}

// TestFirstRunDemoAndRestart: an empty data dir gets the demo committee and
// printed accounts; the admin can log in; a leader's task and the session
// survive a restart, and the demo is not loaded twice.
func TestFirstRunDemoAndRestart(t *testing.T) {
	dir := t.TempDir()
	url, out, stop := startServer(t, dir)
	if st := call(t, "GET", url+"/healthz", "", nil, nil); st != 200 {
		t.Fatalf("healthz %d", st)
	}
	if st := call(t, "GET", url+"/readyz", "", nil, nil); st != 200 {
		t.Fatalf("readyz %d", st)
	}
	adminEmail, adminPw := account(t, out.String(), "admin")
	_, adminPw = firstSignIn(t, url, adminEmail, adminPw)
	viewerEmail, viewerPw := account(t, out.String(), "viewer")
	if path := webSignIn(t, url, viewerEmail, viewerPw); path != "/password/change" {
		t.Errorf("web sign-in with a printed password ended at %s", path)
	}
	leaderEmail, leaderPw := account(t, out.String(), "leader")
	var leader struct{ Token string }
	leader.Token, _ = firstSignIn(t, url, leaderEmail, leaderPw)

	var tasks struct {
		Total int
		Items []struct {
			ID, Period, AreaID, LeadUnitID, State string
			CarryCount                            int
		}
	}
	if st := call(t, "GET", url+"/api/v1/tasks?perPage=200", leader.Token, nil, &tasks); st != 200 || tasks.Total < 35 {
		t.Fatalf("demo tasks: %d, %d tasks", st, tasks.Total)
	}
	// Last month is closed: its unfinished tasks are in this month, carried once.
	var periods struct {
		Items []struct{ Month, Status string }
	}
	call(t, "GET", url+"/api/v1/periods", leader.Token, nil, &periods)
	if len(periods.Items) != 2 || periods.Items[0].Status != "open" || periods.Items[1].Status != "closed" {
		t.Fatalf("demo months %+v", periods.Items)
	}
	current, carried, moved := periods.Items[0].Month, 0, 0
	for _, it := range tasks.Items {
		switch {
		case it.Period == current && it.CarryCount == 1:
			carried++
		case it.State == "chuyen_ky_sau":
			moved++
		}
	}
	if carried != 3 || moved != 3 {
		t.Errorf("carried into %s: %d, marked chuyển kỳ sau: %d, want 3 and 3", current, carried, moved)
	}
	for len(tasks.Items) > 0 && tasks.Items[0].Period != current {
		tasks.Items = tasks.Items[1:]
	}
	var units struct{ Items []struct{ ID string } }
	call(t, "GET", url+"/api/v1/units", leader.Token, nil, &units)
	var created struct{ ID string }
	if st := call(t, "POST", url+"/api/v1/tasks", leader.Token, map[string]any{
		"period": tasks.Items[0].Period, "areaId": tasks.Items[0].AreaID, "text": "Kiểm tra lại sau khi khởi động lại",
		"leadUnitId": units.Items[0].ID, "coordinatingUnitIds": []string{units.Items[1].ID},
	}, &created); st != 201 {
		t.Fatalf("create: %d", st)
	}
	stop()

	url2, out2, stop2 := startServer(t, dir)
	defer stop2()
	if strings.Contains(out2.String(), adminEmail) {
		t.Error("demo loaded a second time")
	}
	var again struct{ Text string }
	if st := call(t, "GET", url2+"/api/v1/tasks/"+created.ID, leader.Token, nil, &again); st != 200 || again.Text != "Kiểm tra lại sau khi khởi động lại" {
		t.Fatalf("after restart (same session token): %d %q", st, again.Text)
	}
	if st := call(t, "POST", url2+"/api/v1/auth/login", "", map[string]string{"email": adminEmail, "password": adminPw}, nil); st != 200 {
		t.Fatalf("admin login after restart: %d", st)
	}
}

func TestUserAddAndPasswd(t *testing.T) {
	dir := t.TempDir()
	env := getenvFrom(map[string]string{"THEODOI_DATA_DIR": dir, "THEODOI_LOG_LEVEL": "warn"})
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"demo"}, env, strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"demo"}, env, strings.NewReader(""), io.Discard, io.Discard); err == nil {
		t.Error("demo loaded twice")
	}
	out.Reset()
	err := run(ctx, []string{"user", "add", "--email", "Moi@Vanxuan.Example", "--name", "Người Mới", "--role", "viewer"}, env, strings.NewReader("mot-mat-khau-dai\n"), &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "moi@vanxuan.example") {
		t.Fatalf("user add: %v %q", err, out.String())
	}
	if err := run(ctx, []string{"user", "add", "--email", "moi@vanxuan.example", "--name", "X", "--role", "viewer"}, env, strings.NewReader("mot-mat-khau-dai\n"), io.Discard, io.Discard); err == nil {
		t.Error("duplicate e-mail accepted")
	}
	if err := run(ctx, []string{"user", "add", "--email", "a@b.example", "--name", "X", "--role", "root"}, env, strings.NewReader("mot-mat-khau-dai\n"), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "role") {
		t.Errorf("bad role: %v", err)
	}
	if err := run(ctx, []string{"user", "add", "--email", "b@b.example", "--name", "X", "--role", "viewer"}, env, strings.NewReader("short\n"), io.Discard, io.Discard); err == nil {
		t.Error("short password accepted")
	}
	if err := run(ctx, []string{"user", "passwd", "--email", "moi@vanxuan.example"}, env, strings.NewReader("mat-khau-moi-rat-dai\n"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"user", "passwd", "--email", "nobody@vanxuan.example"}, env, strings.NewReader("mat-khau-moi-rat-dai\n"), io.Discard, io.Discard); err == nil {
		t.Error("unknown user accepted")
	}
}

func TestCommands(t *testing.T) {
	ctx := context.Background()
	env := getenvFrom(nil)
	var out bytes.Buffer
	if err := run(ctx, []string{"version"}, env, nil, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "theodoi ") {
		t.Errorf("version: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"help"}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "THEODOI_MONGODB_URI") {
		t.Errorf("help: %v", err)
	}
	if err := run(ctx, []string{"frobnicate"}, env, nil, io.Discard, io.Discard); err == nil {
		t.Error("unknown command accepted")
	}
	bad := getenvFrom(map[string]string{"THEODOI_DUE_SOON_DAYS": "abc"})
	if err := run(ctx, []string{"serve"}, bad, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "THEODOI_DUE_SOON_DAYS") {
		t.Errorf("bad config: %v", err)
	}
}

// TestImportCommand: --dry-run prints and stores nothing; without it a
// draft import is stored; the same file again is recognised.
func TestImportCommand(t *testing.T) {
	_, env := demoDataDir(t)
	ctx := context.Background()
	fixture := "../../internal/resolution/testdata/nghi-quyet-an-hoa-du-thao.txt"
	var out bytes.Buffer
	if err := run(ctx, []string{"import", fixture, "--dry-run", "--json"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Document struct{ TargetMonth string }
		Items    []struct{ Key, LeadUnitID string }
		Import   *struct{ ID string }
	}
	if err := json.Unmarshal(out.Bytes(), &parsed); err != nil {
		t.Fatalf("json: %v\n%s", err, out.String())
	}
	if parsed.Document.TargetMonth == "" || len(parsed.Items) == 0 || parsed.Import != nil {
		t.Fatalf("dry run: %+v", parsed)
	}
	out.Reset()
	if err := run(ctx, []string{"import", fixture}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "draft import saved") {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"import", fixture}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "already imported") {
		t.Fatalf("import again: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"import", "/nonexistent/file.docx"}, env, nil, io.Discard, io.Discard); err == nil {
		t.Error("missing file accepted")
	}
	empty := t.TempDir() + "/empty.txt"
	os.WriteFile(empty, nil, 0o600)
	if err := run(ctx, []string{"import", empty, "--dry-run"}, env, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v", err)
	}
}

// TestJobsCommand: list the jobs, then run reminders and the dispatcher as
// of a chosen morning; without SMTP the mail lands as .eml files.
// demoDataDir is a data directory with the demo committee loaded, and the
// environment that points commands at it.
func demoDataDir(t *testing.T) (string, func(string) string) {
	t.Helper()
	dir := t.TempDir()
	env := getenvFrom(map[string]string{"THEODOI_DATA_DIR": dir, "THEODOI_LOG_LEVEL": "warn"})
	if err := run(context.Background(), []string{"demo"}, env, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	return dir, env
}

// TestBackupCommand: "theodoi backup" copies the embedded database into the
// backup directory or to a named file, never over an existing one, and the
// copy opens with the demo committee in it; the backup job does the same
// on its schedule; a MongoDB deployment is pointed to its own tools.
func TestBackupCommand(t *testing.T) {
	dir, env := demoDataDir(t)
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"backup"}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), filepath.Join(dir, "backups", "theodoi-")) {
		t.Fatalf("backup: %v %q", err, out.String())
	}
	named := filepath.Join(dir, "vanxuan.db")
	if err := run(ctx, []string{"backup", named}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"backup", named}, env, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a second backup to the same file: %v", err)
	}
	copyEnv := getenvFrom(map[string]string{"THEODOI_DATA_DIR": t.TempDir(), "THEODOI_LOG_LEVEL": "warn"})
	if err := os.Rename(named, filepath.Join(copyEnv("THEODOI_DATA_DIR"), "theodoi.db")); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"demo"}, copyEnv, strings.NewReader(""), &out, io.Discard); err == nil || !strings.Contains(err.Error(), "already loaded") {
		t.Errorf("the restored copy lacks the demo committee: %v", err)
	}

	out.Reset()
	if err := run(ctx, []string{"jobs", "run", "backup"}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "newest copy from") {
		t.Errorf("backup job right after a copy: %v %q", err, out.String())
	}
	later := time.Now().UTC().Add(25 * time.Hour).Format(time.RFC3339)
	out.Reset()
	if err := run(ctx, []string{"jobs", "run", "backup", "--at", later}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "copied to") {
		t.Errorf("backup job a day later: %v %q", err, out.String())
	}
	if copies, _ := filepath.Glob(filepath.Join(dir, "backups", "theodoi-*.db")); len(copies) != 2 {
		t.Errorf("copies in the backup directory: %v", copies)
	}

	mongoEnv := getenvFrom(map[string]string{"THEODOI_MONGODB_URI": "mongodb://db.example:27017", "THEODOI_LOG_LEVEL": "warn"})
	if err := run(ctx, []string{"backup"}, mongoEnv, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "mongodump") {
		t.Errorf("backup on MongoDB: %v", err)
	}
}

func TestJobsCommand(t *testing.T) {
	_, env := demoDataDir(t)
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"jobs", "list"}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "reminders") {
		t.Fatalf("list: %v %q", err, out.String())
	}
	// Which demo tasks are due depends on today's date, so this checks that
	// the jobs run as of a given time; the services' tests check the mail.
	at := time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02") + "T08:00:00+07:00"
	out.Reset()
	if err := run(ctx, []string{"jobs", "run", "reminders", "--at", at}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "reminders as of") {
		t.Fatalf("reminders: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"jobs", "run", "dispatch", "--at", at}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "failed 0") {
		t.Fatalf("dispatch: %v %q", err, out.String())
	}
	if err := run(ctx, []string{"jobs", "run", "nothing"}, env, nil, io.Discard, io.Discard); err == nil {
		t.Error("unknown job accepted")
	}
	if err := run(ctx, []string{"jobs", "run", "reminders", "--at", "yesterday"}, env, nil, io.Discard, io.Discard); err == nil {
		t.Error("bad --at accepted")
	}
}
