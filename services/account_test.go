package services_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/ferrettest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/mongo"
	"github.com/theodoi/theodoi/store/sqlite"
)

func newAccount(t *testing.T) (*remEnv, models.Actor, string) {
	t.Helper()
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	u, pw, err := e.svc.Users.Create(e.ctx, c.admin, directory.UserInput{Name: "Nguyễn Thị Hoa", Email: "hoa@phuong.example", Role: models.RoleOffice, GeneratePassword: true})
	if err != nil {
		t.Fatal(err)
	}
	if !u.MustChangePassword {
		t.Error("a generated password is not marked for change")
	}
	return e, models.Actor{UserID: u.ID, CommitteeID: c.c.ID, Role: u.Role}, pw
}

func TestChangePassword(t *testing.T) {
	e, me, pw := newAccount(t)
	token, _, err := e.svc.Auth.Login(e.ctx, "hoa@phuong.example", pw, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	const next = "một mật khẩu mới đủ dài"
	if err := e.svc.Auth.ChangePassword(e.ctx, me, "sai mật khẩu", next); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("wrong current password: %v", err)
	}
	if err := e.svc.Auth.ChangePassword(e.ctx, me, pw, "ngắn"); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("short new password: %v", err)
	}
	if _, _, err := e.svc.Auth.Login(e.ctx, "hoa@phuong.example", pw, "10.0.0.1"); err != nil {
		t.Fatalf("refused changes must leave the password: %v", err)
	}
	if err := e.svc.Auth.ChangePassword(e.ctx, me, pw, next); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Auth.Authenticate(e.ctx, token); !errors.Is(err, models.ErrUnauthenticated) {
		t.Errorf("old session after the change: %v", err)
	}
	if _, _, err := e.svc.Auth.Login(e.ctx, "hoa@phuong.example", pw, "10.0.0.1"); !errors.Is(err, models.ErrUnauthenticated) {
		t.Errorf("old password: %v", err)
	}
	if _, _, err := e.svc.Auth.Login(e.ctx, "hoa@phuong.example", next, "10.0.0.1"); err != nil {
		t.Errorf("new password: %v", err)
	}
}

// resetLink is the link in the newest password-reset e-mail.
func resetLink(t *testing.T, e *remEnv) string {
	t.Helper()
	var m *models.Message
	for _, msg := range e.outbox() {
		if strings.HasPrefix(msg.Key, "password-reset:") {
			m = &msg
		}
	}
	if m == nil {
		t.Fatal("no reset e-mail queued")
	}
	i := strings.Index(m.Text, remBaseURL+"/password/reset?token=")
	if i < 0 {
		t.Fatalf("no link in %q", m.Text)
	}
	link := strings.Fields(m.Text[i:])[0]
	if !strings.Contains(m.HTML, `href="`+strings.ReplaceAll(link, "&", "&amp;")+`"`) || m.To[0] != "hoa@phuong.example" {
		t.Fatalf("html or recipient wrong: %v %s", m.To, m.HTML)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("token")
}

func TestPasswordReset(t *testing.T) {
	e, _, pw := newAccount(t)
	// Unknown addresses get the same answer and no mail.
	if err := e.svc.Auth.RequestPasswordReset(e.ctx, "nobody@phuong.example", "10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	for _, m := range e.outbox() {
		if strings.HasPrefix(m.Key, "password-reset:") {
			t.Fatalf("a reset message for an unknown address: %v", m.To)
		}
	}
	if err := e.svc.Auth.RequestPasswordReset(e.ctx, "not an address", "10.0.0.2"); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("malformed address: %v", err)
	}

	if err := e.svc.Auth.RequestPasswordReset(e.ctx, "Hoa@Phuong.example", "10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	first := resetLink(t, e)
	e.clk.set(e.clk.Now().Add(time.Second))
	if err := e.svc.Auth.RequestPasswordReset(e.ctx, "hoa@phuong.example", "10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	second := resetLink(t, e)
	if first == second {
		t.Fatal("the same token twice")
	}
	if err := e.svc.Auth.ResetPassword(e.ctx, first, "mật khẩu mới từ liên kết"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("a replaced link: %v", err)
	}
	if err := e.svc.Auth.ResetPassword(e.ctx, second, "ngắn"); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("short password: %v", err)
	}
	if err := e.svc.Auth.ResetPassword(e.ctx, second, "mật khẩu mới từ liên kết"); err != nil {
		t.Fatalf("a short password must not use the link up: %v", err)
	}
	if err := e.svc.Auth.ResetPassword(e.ctx, second, "lại một mật khẩu khác"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("the link twice: %v", err)
	}
	if _, _, err := e.svc.Auth.Login(e.ctx, "hoa@phuong.example", pw, "10.0.0.1"); !errors.Is(err, models.ErrUnauthenticated) {
		t.Errorf("old password after reset: %v", err)
	}
	if _, _, err := e.svc.Auth.Login(e.ctx, "hoa@phuong.example", "mật khẩu mới từ liên kết", "10.0.0.1"); err != nil {
		t.Errorf("new password: %v", err)
	}

	// A link is good for an hour.
	if err := e.svc.Auth.RequestPasswordReset(e.ctx, "hoa@phuong.example", "10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	late := resetLink(t, e)
	e.clk.set(e.clk.Now().Add(directory.PasswordResetTTL + time.Second))
	if err := e.svc.Auth.ResetPassword(e.ctx, late, "mật khẩu quá hạn dùng"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("expired link: %v", err)
	}
}

func TestUpdateProfile(t *testing.T) {
	e, me, _ := newAccount(t)
	name, lang := "  Nguyễn Thị Hoa (Văn phòng)  ", "en"
	u, err := e.svc.Users.UpdateProfile(e.ctx, me, directory.ProfilePatch{Name: &name, Language: &lang})
	if err != nil || u.Name != "Nguyễn Thị Hoa (Văn phòng)" || u.Language != "en" || u.Role != models.RoleOffice {
		t.Fatalf("%+v %v", u, err)
	}
	bad := "fr"
	if _, err := e.svc.Users.UpdateProfile(e.ctx, me, directory.ProfilePatch{Language: &bad}); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("language fr: %v", err)
	}
	empty := " "
	if _, err := e.svc.Users.UpdateProfile(e.ctx, me, directory.ProfilePatch{Name: &empty}); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("empty name: %v", err)
	}
	if _, err := e.svc.Users.UpdateProfile(e.ctx, models.Actor{}, directory.ProfilePatch{Name: &name}); !errors.Is(err, models.ErrUnauthenticated) {
		t.Errorf("anonymous: %v", err)
	}
}

// gatedStore holds every look-up by address until the test opens the gate.
type gatedStore struct {
	store.Store
	gate chan struct{}
}

func (s *gatedStore) Users() store.Users { return gatedUsers{s.Store.Users(), s.gate} }

type gatedUsers struct {
	store.Users
	gate chan struct{}
}

func (u gatedUsers) GetByEmail(ctx context.Context, email string) (models.User, error) {
	<-u.gate
	return u.Users.GetByEmail(ctx, email)
}

// A reset request is answered before the account is looked up, so the
// time it takes cannot tell whether the address has an account.
func TestPasswordResetAnswersBeforeTheLookUp(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	gated := &gatedStore{Store: st, gate: make(chan struct{})}
	e := newRemEnvOn(t, gated, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	if _, _, err := e.svc.Users.Create(e.ctx, c.admin, directory.UserInput{Name: "Nguyễn Thị Hoa", Email: "hoa@phuong.example", Role: models.RoleOffice, GeneratePassword: true}); err != nil {
		t.Fatal(err)
	}
	answered := make(chan error, 2)
	for _, addr := range []string{"hoa@phuong.example", "nobody@phuong.example"} {
		go func() { answered <- e.svc.Auth.RequestPasswordReset(e.ctx, addr, "10.0.0.2") }()
	}
	for range 2 {
		select {
		case err := <-answered:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the request waited for the account's look-up")
		}
	}
	close(gated.gate)
	if tok := resetLink(t, e); tok == "" {
		t.Fatal("no reset link once the look-up ran")
	}
}

// A session in use stays open however short the idle limit is; one left
// alone for longer than the limit ends.
func TestShortIdleSessionInUseStaysOpen(t *testing.T) {
	e, _, pw := newAccount(t)
	svc := services.New(e.st, e.clk, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{
		BaseURL: remBaseURL, SessionIdle: 5 * time.Second,
	})
	token, _, err := svc.Auth.Login(e.ctx, "hoa@phuong.example", pw, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 15 {
		e.clk.set(e.clk.Now().Add(2 * time.Second))
		if _, err := svc.Auth.Authenticate(e.ctx, token); err != nil {
			t.Fatalf("request %d, %d s after signing in: %v", i+1, 2*(i+1), err)
		}
	}
	e.clk.set(e.clk.Now().Add(6 * time.Second))
	if _, err := svc.Auth.Authenticate(e.ctx, token); !errors.Is(err, models.ErrUnauthenticated) {
		t.Errorf("after 6 s without a request: %v", err)
	}
}

// Two replicas over one store: what one changes, the other acts on at
// once (no per-replica copy of sessions, people or committees).
func TestReplicasSeeChangesAtOnce(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { replicasSeeChanges(t, newRemEnv(t, nil)) })
	t.Run("FerretDB", func(t *testing.T) {
		st, err := mongo.Open(context.Background(), ferrettest.StartT(t)+"?maxPoolSize=1", mongo.Options{Database: "replicas"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		replicasSeeChanges(t, newRemEnvOn(t, st, nil))
	})
}

func replicasSeeChanges(t *testing.T, e *remEnv) {
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	u, _, err := e.svc.Users.Create(e.ctx, c.admin, directory.UserInput{Name: "Nguyễn Thị Hoa", Email: "hoa@phuong.example", Role: models.RoleOffice, Password: "mật khẩu đủ dài để dùng", PasswordFinal: true})
	if err != nil {
		t.Fatal(err)
	}
	a, b := e.svc, remServices(e.st, e.clk, "b", nil)
	token, _, err := a.Auth.Login(e.ctx, "hoa@phuong.example", "mật khẩu đủ dài để dùng", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if who, err := b.Auth.Authenticate(e.ctx, token); err != nil || who.Role != models.RoleOffice {
		t.Fatalf("replica b before any change: %+v %v", who, err)
	}
	leader := models.RoleLeader
	if u, err = a.Users.Update(e.ctx, c.admin, u.ID, directory.UserPatch{Version: u.Version, Role: &leader}); err != nil {
		t.Fatal(err)
	}
	if who, err := b.Auth.Authenticate(e.ctx, token); err != nil || who.Role != models.RoleLeader {
		t.Errorf("replica b after the role changed on a: %+v %v", who, err)
	}
	zone := "Asia/Bangkok"
	cm, err := b.Committees.Get(e.ctx, c.admin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Committees.Update(e.ctx, c.admin, directory.CommitteePatch{Version: cm.Version, TimeZone: &zone}); err != nil {
		t.Fatal(err)
	}
	if cm, err := b.Committees.Get(e.ctx, c.admin); err != nil || cm.TimeZone != zone {
		t.Errorf("replica b after the zone changed on a: %q %v", cm.TimeZone, err)
	}
	disabled := true
	if _, err := a.Users.Update(e.ctx, c.admin, u.ID, directory.UserPatch{Version: u.Version, Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Auth.Authenticate(e.ctx, token); !errors.Is(err, models.ErrUnauthenticated) {
		t.Errorf("replica b after the account was disabled on a: %v", err)
	}
}
