package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/handlers"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

// fixedClock is a settable clock for tests.
type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fixedClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// testEnv is a server over a fresh SQLite store with two committees: A,
// with a user per role and units, and B, an outsider.
type testEnv struct {
	t      *testing.T
	srv    *httptest.Server
	svc    *services.Services
	clock  *fixedClock
	tokens map[string]string // role name → bearer token
	actors map[string]models.Actor
	units  map[string]models.ID // lead, coord, other, office
	areaID models.ID
	areaB  models.ID
	store  store.Store
}

const testPassword = "mật-khẩu-thử-nghiệm"

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	return newTestEnvWith(t, services.Options{LoginRatePerMinute: 1000})
}

func newTestEnvWith(t *testing.T, opts services.Options) *testEnv {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := &fixedClock{now: time.Date(2021, 10, 5, 3, 0, 0, 0, time.UTC)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := services.New(st, clock, log, opts)
	e := &testEnv{t: t, svc: svc, clock: clock, tokens: map[string]string{}, actors: map[string]models.Actor{}, units: map[string]models.ID{}, store: st}

	ca, err := svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Thử Nghiệm", IssuerCode: "ĐU", PlaceName: "Thử Nghiệm"})
	if err != nil {
		t.Fatal(err)
	}
	cb, err := svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Bên Cạnh", IssuerCode: "ĐU"})
	if err != nil {
		t.Fatal(err)
	}
	e.addUser(ca.ID, "admin", models.RoleAdmin, "")
	admin := e.actors["admin"]
	for key, name := range map[string]string{"lead": "Hội LHPN phường", "coord": "Đoàn TNCS Hồ Chí Minh", "other": "Hội Nông dân phường", "office": "Văn phòng Đảng ủy"} {
		u, err := svc.Units.Create(ctx, admin, directory.UnitInput{Kind: models.UnitMassOrg, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		e.units[key] = u.ID
	}
	e.addUser(ca.ID, "leader", models.RoleLeader, "")
	e.addUser(ca.ID, "office", models.RoleOffice, "")
	e.addUser(ca.ID, "viewer", models.RoleViewer, "")
	e.addUser(ca.ID, "unitLead", models.RoleUnit, e.units["lead"])
	e.addUser(ca.ID, "unitCoord", models.RoleUnit, e.units["coord"])
	e.addUser(ca.ID, "unitOther", models.RoleUnit, e.units["other"])
	e.addUser(cb.ID, "adminB", models.RoleAdmin, "")
	e.addUser(cb.ID, "leaderB", models.RoleLeader, "")

	areas, err := svc.Areas.List(ctx, admin)
	if err != nil || len(areas) == 0 {
		t.Fatalf("areas: %v %d", err, len(areas))
	}
	e.areaID = areas[0].ID
	areasB, _ := svc.Areas.List(ctx, e.actors["adminB"])
	e.areaB = areasB[0].ID

	e.srv = httptest.NewServer(handlers.New(handlers.Deps{Services: svc, Logger: log, Ready: st.Ping}))
	t.Cleanup(e.srv.Close)
	for role := range e.actors {
		e.tokens[role] = e.login(role + "@thu.example")
	}
	return e
}

func (e *testEnv) addUser(committee models.ID, role string, r models.Role, unit models.ID) {
	e.t.Helper()
	u, _, err := e.svc.Users.CreateFirst(context.Background(), committee, directory.UserInput{
		Name: "Người dùng " + role, Email: role + "@thu.example", Role: r, UnitID: unit, Password: testPassword,
	})
	if err != nil {
		e.t.Fatalf("user %s: %v", role, err)
	}
	e.actors[role] = models.Actor{UserID: u.ID, CommitteeID: committee, Role: r, UnitID: unit}
}

func (e *testEnv) login(email string) string {
	e.t.Helper()
	var out struct{ Token string }
	if st := e.do("", "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": testPassword}, &out); st != 200 {
		e.t.Fatalf("login %s: %d", email, st)
	}
	return out.Token
}

// do sends a JSON request as role ("" for none) and decodes the answer into out.
func (e *testEnv) do(role, method, path string, body any, out any) int {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, _ := json.Marshal(b)
		rd = bytes.NewReader(buf)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, data, err)
		}
	}
	return res.StatusCode
}

// task creates a task led by "lead" and coordinated by "coord" and moves it
// to state.
func (e *testEnv) task(state models.WorkState) task.TaskView {
	e.t.Helper()
	ctx := context.Background()
	v, err := e.svc.Tasks.Create(ctx, e.actors["leader"], task.TaskInput{
		Period: "2021-10", AreaID: e.areaID, Text: "Tổ chức ra mắt câu lạc bộ “An toàn cho trẻ em”",
		LeadUnitID: e.units["lead"], CoordinatingUnitIDs: []models.ID{e.units["coord"]},
		FollowUpUnitID: e.units["office"], Deadline: "2021-10-31",
	})
	if err != nil {
		e.t.Fatal(err)
	}
	done := models.StateAwaiting
	switch state {
	case models.StateNotStarted:
		return v
	case models.StateAwaiting, models.StateDone:
		v, err = e.svc.Tasks.ReportProgress(ctx, e.actors["unitLead"], v.ID, task.ProgressInput{State: &done})
		if err != nil {
			e.t.Fatal(err)
		}
	}
	if state == models.StateDone {
		if v, err = e.svc.Tasks.Accept(ctx, e.actors["leader"], v.ID, 0, ""); err != nil {
			e.t.Fatal(err)
		}
	}
	return v
}

// doRaw sends a body with a chosen content type.
func (e *testEnv) doRaw(role, method, path, contentType, body string, out any) int {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", contentType)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil {
		_ = json.NewDecoder(res.Body).Decode(out)
	}
	return res.StatusCode
}

func decodeJSON(res *http.Response, out any) error {
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(out)
}
