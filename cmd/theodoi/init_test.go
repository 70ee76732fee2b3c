package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

var initArgs = []string{"init",
	"--committee", "Đảng ủy phường Hương Xuân", "--superior", "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ", "--place", "Hương Xuân",
	"--issuer-code", "ĐU", "--admin-email", "quantri@huongxuan.example", "--admin-name", "Trần Văn Quản",
}

const initPassword = "mat-khau-cua-quan-tri"

// runIn runs one command with the data dir and, optionally, a setup fault.
func runIn(t *testing.T, dir string, fault func(string) error, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	env := &environment{
		getenv: getenvFrom(map[string]string{"THEODOI_DATA_DIR": dir, "THEODOI_LOG_LEVEL": "warn", "THEODOI_DEMO": "false"}),
		stdin:  strings.NewReader(stdin), stdout: &out, stderr: io.Discard, setupFault: fault,
	}
	err := runCommand(context.Background(), args[0], args[1:], env)
	return out.String(), err
}

// openData opens the data dir's store beside a running server (SQLite in
// WAL mode lets both read and write).
func openData(t *testing.T, dir string) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "theodoi.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestInitThenServe: a ward sets itself up from the command line, signs
// in over the API, finds the standard units and areas, adds two people,
// whose invitations are in the outbox, and one of them follows the link.
func TestInitThenServe(t *testing.T) {
	dir := t.TempDir()
	out, err := runIn(t, dir, nil, initPassword+"\n", initArgs...)
	if err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Đảng ủy phường Hương Xuân") {
		t.Errorf("init output: %s", out)
	}
	url, serverOut, stop := startServerEnv(t, map[string]string{"THEODOI_DATA_DIR": dir, "THEODOI_DEMO": "false"})
	defer stop()
	if strings.Contains(serverOut.String(), "/setup?token=") {
		t.Error("setup link offered although a committee exists")
	}
	var admin struct {
		Token string
		User  struct{ MustChangePassword bool }
	}
	if st := call(t, "POST", url+"/api/v1/auth/login", "", map[string]string{"email": "quantri@huongxuan.example", "password": initPassword}, &admin); st != 200 {
		t.Fatalf("admin login: %d", st)
	}
	if admin.User.MustChangePassword {
		t.Error("a password given to init must be final")
	}
	var units struct {
		Items []struct {
			ID, Name, Kind string
			Aliases        []string
		}
	}
	if st := call(t, "GET", url+"/api/v1/units", admin.Token, nil, &units); st != 200 {
		t.Fatalf("units: %d", st)
	}
	withAliases, unitID := 0, ""
	for _, u := range units.Items {
		if len(u.Aliases) > 0 {
			withAliases++
		}
		if strings.HasPrefix(u.Name, "UBND") {
			unitID = u.ID
		}
	}
	if len(units.Items) < 12 || withAliases < 12 || unitID == "" {
		t.Fatalf("standard units: %d, %d with aliases, UBND %q", len(units.Items), withAliases, unitID)
	}
	var areas struct{ Items []struct{ Name string } }
	if st := call(t, "GET", url+"/api/v1/areas", admin.Token, nil, &areas); st != 200 || len(areas.Items) != 7 {
		t.Fatalf("areas: %d, %d", st, len(areas.Items))
	}
	for _, p := range []map[string]any{
		{"name": "Lê Thị Bí Thư", "email": "bithu@huongxuan.example", "role": "leader"},
		{"name": "Phan Văn Đơn Vị", "email": "ubnd@huongxuan.example", "role": "unit", "unitId": unitID},
	} {
		if st := call(t, "POST", url+"/api/v1/users", admin.Token, p, nil); st != 201 {
			t.Fatalf("create %v: %d", p["email"], st)
		}
	}
	var outbox struct {
		Items []struct {
			Key, Subject string
			To           []string
		}
	}
	call(t, "GET", url+"/api/v1/outbox", admin.Token, nil, &outbox)
	invited := map[string]bool{}
	for _, m := range outbox.Items {
		if strings.HasPrefix(m.Key, "invitation:") {
			invited[m.To[0]] = true
		}
	}
	if !invited["bithu@huongxuan.example"] || !invited["ubnd@huongxuan.example"] {
		t.Fatalf("invitations in the outbox: %v", invited)
	}

	link := invitationLink(t, openData(t, dir), "bithu@huongxuan.example")
	token := strings.TrimPrefix(link[strings.Index(link, "/invite?"):], "/invite?token=")
	if st := call(t, "GET", url+"/invite?token="+token, "", nil, nil); st != 200 {
		t.Errorf("invitation page: %d", st)
	}
	var accepted struct {
		Token string
		User  struct {
			Email              string
			MustChangePassword bool
		}
	}
	if st := call(t, "POST", url+"/api/v1/auth/invitation", "", map[string]string{"token": token, "password": "mat-khau-bi-thu-tu-chon"}, &accepted); st != 200 || accepted.Token == "" {
		t.Fatalf("accept invitation: %d", st)
	}
	if st := call(t, "GET", url+"/api/v1/tasks", accepted.Token, nil, nil); st != 200 || accepted.User.MustChangePassword {
		t.Errorf("signed in through the invitation: tasks %d, must change %v", st, accepted.User.MustChangePassword)
	}
	if st := call(t, "POST", url+"/api/v1/auth/invitation", "", map[string]string{"token": token, "password": "mat-khau-lan-hai-nua"}, nil); st != 404 {
		t.Errorf("invitation used twice: %d", st)
	}
	if st := call(t, "POST", url+"/api/v1/auth/login", "", map[string]string{"email": "bithu@huongxuan.example", "password": "mat-khau-bi-thu-tu-chon"}, nil); st != 200 {
		t.Errorf("login with the chosen password: %d", st)
	}
}

// invitationLink reads the newest invitation to addr from the outbox.
func invitationLink(t *testing.T, st store.Store, addr string) string {
	t.Helper()
	msgs, err := st.Outbox().List(context.Background(), store.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if strings.HasPrefix(m.Key, "invitation:") && m.To[0] == addr {
			full, err := st.Outbox().Get(context.Background(), m.CommitteeID, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if l := regexp.MustCompile(`https?://\S+/invite\?token=[A-Za-z0-9_-]+`).FindString(full.Text); l != "" {
				return l
			}
		}
	}
	t.Fatalf("no invitation to %s", addr)
	return ""
}

// TestInitCommittees: a second committee needs another name, keeps its
// own administrator, and the same name is refused.
func TestInitCommittees(t *testing.T) {
	dir := t.TempDir()
	if out, err := runIn(t, dir, nil, initPassword+"\n", initArgs...); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	again := append([]string{}, initArgs...)
	again[len(again)-3] = "khac@huongxuan.example" // another admin, same committee name
	if _, err := runIn(t, dir, nil, initPassword+"\n", again...); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("same committee name accepted: %v", err)
	}
	other := []string{"init", "--committee", "Đảng ủy xã An Hòa", "--admin-email", "quantri@anhoa.example", "--admin-name", "Võ Thị Hòa", "--units", "none"}
	if out, err := runIn(t, dir, nil, initPassword+"\n", other...); err != nil {
		t.Fatalf("second committee: %v\n%s", err, out)
	}
	st := openData(t, dir)
	all, err := st.Committees().List(context.Background())
	if err != nil || len(all) != 2 {
		t.Fatalf("committees: %d, %v", len(all), err)
	}
	for _, c := range all {
		users, _ := st.Users().List(context.Background(), c.ID)
		units, _ := st.Units().List(context.Background(), c.ID)
		if len(users) != 1 || users[0].Role != models.RoleAdmin {
			t.Errorf("%s: users %+v", c.Name, users)
		}
		if c.Name == "Đảng ủy xã An Hòa" && len(units) != 0 {
			t.Errorf("--units none made %d units", len(units))
		}
		if c.Name == "Đảng ủy phường Hương Xuân" && len(units) < 12 {
			t.Errorf("standard units: %d", len(units))
		}
	}
	if _, err := runIn(t, dir, nil, "\n", "init", "--committee", "X"); err == nil || !strings.Contains(err.Error(), "admin-email") {
		t.Errorf("missing flags: %v", err)
	}
}

// TestSetupFailureLeavesNothing: init and demo interrupted after the units
// are written leave an empty store, and succeed when run again.
func TestSetupFailureLeavesNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stage string
		args  []string
	}{
		{"init after units", directory.StageUnits, initArgs},
		{"init after users", directory.StageUsers, initArgs},
		{"demo after units", directory.StageUnits, []string{"demo"}},
		{"demo after users", directory.StageUsers, []string{"demo"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			injected := errors.New("injected failure")
			fault := func(stage string) error {
				if stage == tc.stage {
					return injected
				}
				return nil
			}
			if _, err := runIn(t, dir, fault, initPassword+"\n", tc.args...); !errors.Is(err, injected) && (err == nil || !strings.Contains(err.Error(), "injected")) {
				t.Fatalf("want the injected failure, got %v", err)
			}
			st := openData(t, dir)
			all, err := st.Committees().List(context.Background())
			if err != nil || len(all) != 0 {
				t.Fatalf("after a failed %s: %d committees (%v)", tc.args[0], len(all), err)
			}
			for _, addr := range []string{"quantri@huongxuan.example", "quantri@vanxuan.example"} {
				if _, err := st.Users().GetByEmail(context.Background(), addr); !errors.Is(err, models.ErrNotFound) {
					t.Errorf("%s left behind: %v", addr, err)
				}
			}
			msgs, err := st.Outbox().List(context.Background(), store.MessageFilter{})
			if err != nil || len(msgs) != 0 {
				t.Errorf("outbox after the failure: %d (%v)", len(msgs), err)
			}
			st.Close()
			if out, err := runIn(t, dir, nil, initPassword+"\n", tc.args...); err != nil {
				t.Fatalf("second run: %v\n%s", err, out)
			}
		})
	}
}

// TestServeOffersSetup: with no committee and no demo, the server prints
// the one-time setup address.
func TestServeOffersSetup(t *testing.T) {
	dir := t.TempDir()
	url, out, stop := startServerEnv(t, map[string]string{"THEODOI_DATA_DIR": dir, "THEODOI_DEMO": "false"})
	defer stop()
	m := regexp.MustCompile(`/setup\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no setup address printed:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "theodoi init") {
		t.Error("the command-line way is not mentioned")
	}
	if st := call(t, "GET", url+"/setup?token="+m[1], "", nil, nil); st != 200 {
		t.Errorf("setup page: %d", st)
	}
	if st := call(t, "GET", url+"/setup?token=wrong", "", nil, nil); st != 404 {
		t.Errorf("setup page with a wrong token: %d", st)
	}
}
