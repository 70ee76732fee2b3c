package services_test

import (
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/store"
)

func setupInput() directory.SetupInput {
	return directory.SetupInput{
		Committee: models.Committee{Name: "Đảng ủy phường Hương Xuân", SuperiorBody: "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ", PlaceName: "Hương Xuân", IssuerCode: "ĐU"},
		Units: []directory.UnitInput{
			{Kind: models.UnitGovernment, Name: "UBND phường", Aliases: []string{"UBND"}},
			{Kind: models.UnitPartyBody, Name: "Văn phòng Đảng ủy", Aliases: []string{"VP"}},
		},
		Areas: []string{"Về kinh tế", "Công tác xây dựng Đảng"},
		Admin: directory.UserInput{Name: "Trần Văn Quản", Email: "quantri@huongxuan.example", Password: "mat-khau-quan-tri", PasswordFinal: true},
	}
}

// faultyServices are services whose setup fails after stage.
func faultyServices(e *remEnv, stage string) *services.Services {
	return services.New(e.st, e.clk, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{
		BaseURL: remBaseURL,
		SetupFault: func(s string) error {
			if s == stage {
				return errors.New("injected failure at " + s)
			}
			return nil
		},
	})
}

// emptyStore fails the test unless the store holds no committee, user
// or mail at all.
func emptyStore(t *testing.T, e *remEnv) {
	t.Helper()
	all, err := e.st.Committees().List(e.ctx)
	if err != nil || len(all) != 0 {
		t.Fatalf("committees left: %d (%v)", len(all), err)
	}
	if _, err := e.st.Users().GetByEmail(e.ctx, "quantri@huongxuan.example"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("administrator left: %v", err)
	}
	if msgs, _ := e.st.Outbox().List(e.ctx, store.MessageFilter{}); len(msgs) != 0 {
		t.Errorf("mail left: %d", len(msgs))
	}
}

func TestSetupCreate(t *testing.T) {
	e := newRemEnv(t, nil)
	res, err := e.svc.Setup.Create(e.ctx, setupInput())
	if err != nil {
		t.Fatal(err)
	}
	c := res.Committee
	if !c.Ready() || len(res.Units) != 2 || res.Admin.Role != models.RoleAdmin || res.Admin.MustChangePassword {
		t.Fatalf("setup result: ready %v, %d units, admin %+v", c.Ready(), len(res.Units), res.Admin)
	}
	if got := c.Documents.ResolutionSigner.Titles; len(got) != 2 || got[1] != "BÍ THƯ" {
		t.Errorf("default signer titles: %v", got)
	}
	admin := models.Actor{UserID: res.Admin.ID, CommitteeID: c.ID, Role: models.RoleAdmin}
	areas, _ := e.svc.Areas.List(e.ctx, admin)
	if len(areas) != 2 || areas[1].Name != "Công tác xây dựng Đảng" || areas[1].Position != 2 {
		t.Errorf("areas: %+v", areas)
	}
	if _, _, err := e.svc.Auth.Login(e.ctx, "quantri@huongxuan.example", "mat-khau-quan-tri", "10.0.0.1"); err != nil {
		t.Errorf("administrator login: %v", err)
	}
	invited := false
	for _, m := range e.outbox() {
		invited = invited || strings.HasPrefix(m.Key, "invitation:") && m.To[0] == "quantri@huongxuan.example"
	}
	if !invited {
		t.Error("no invitation for the administrator")
	}

	// The same name again, in another case, is refused and changes nothing.
	again := setupInput()
	again.Committee.Name = "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN"
	again.Admin.Email = "khac@huongxuan.example"
	if _, err := e.svc.Setup.Create(e.ctx, again); !errors.Is(err, models.ErrDuplicate) {
		t.Errorf("same name: %v", err)
	}
	if all, _ := e.st.Committees().List(e.ctx); len(all) != 1 {
		t.Errorf("committees after the refused one: %d", len(all))
	}
}

func TestSetupValidation(t *testing.T) {
	e := newRemEnv(t, nil)
	in := setupInput()
	in.Committee.Name = " "
	in.Units[1].Name = ""
	in.Areas = append(in.Areas, "về kinh tế")
	in.Admin.Email = "không phải địa chỉ"
	in.Admin.Password = "ngắn"
	_, err := e.svc.Setup.Create(e.ctx, in)
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	for _, f := range []string{"name", "units[1].name", "areas[2]", "admin.email", "admin.password"} {
		if ve.Fields[f] == "" {
			t.Errorf("no problem reported for %s: %v", f, ve.Fields)
		}
	}
	emptyStore(t, e)
}

// TestSetupFailureLeavesNothing: whatever stage fails, nothing remains,
// and the same setup then succeeds.
func TestSetupFailureLeavesNothing(t *testing.T) {
	for _, stage := range []string{directory.StageCommittee, directory.StageUnits, directory.StageUsers} {
		t.Run(stage, func(t *testing.T) {
			e := newRemEnv(t, nil)
			if _, err := faultyServices(e, stage).Setup.Create(e.ctx, setupInput()); err == nil || !strings.Contains(err.Error(), "injected") {
				t.Fatalf("want the injected failure, got %v", err)
			}
			emptyStore(t, e)
			if _, err := e.svc.Setup.Create(e.ctx, setupInput()); err != nil {
				t.Fatalf("after the failure: %v", err)
			}
		})
	}
}

// TestSetupIncomplete: a committee whose setup died half-way (no chance
// to clean up) is not listed, nobody signs into it, and setting it up
// again replaces it.
func TestSetupIncomplete(t *testing.T) {
	e := newRemEnv(t, nil)
	c, err := e.svc.Setup.Begin(e.ctx, setupInput().Committee, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.Users.CreateFirst(e.ctx, c.ID, directory.UserInput{Name: "A", Email: "quantri@huongxuan.example", Role: models.RoleAdmin, Password: "mat-khau-quan-tri"}); err != nil {
		t.Fatal(err)
	}
	if listed, _ := e.svc.Committees.List(e.ctx); len(listed) != 0 {
		t.Errorf("incomplete committee listed: %v", listed)
	}
	if has, _ := e.svc.Setup.HasCommittee(e.ctx); has {
		t.Error("HasCommittee counts an incomplete committee")
	}
	if _, _, err := e.svc.Auth.Login(e.ctx, "quantri@huongxuan.example", "mat-khau-quan-tri", "10.0.0.1"); !errors.Is(err, models.ErrUnauthenticated) {
		t.Errorf("login into an incomplete committee: %v", err)
	}
	res, err := e.svc.Setup.Create(e.ctx, setupInput())
	if err != nil {
		t.Fatalf("setting up again: %v", err)
	}
	if _, err := e.st.Committees().Get(e.ctx, c.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("the half-made committee is still there: %v", err)
	}
	if res.Admin.CommitteeID != res.Committee.ID {
		t.Error("administrator in the wrong committee")
	}
}

// TestSetupToken: the first-run link opens the page until it is used; a
// refused form leaves it usable; after setup it is dead.
func TestSetupToken(t *testing.T) {
	e := newRemEnv(t, nil)
	token, _, err := e.svc.Setup.IssueToken(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Setup.CheckToken(e.ctx, token); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	if err := e.svc.Setup.CheckToken(e.ctx, "wrong"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("wrong token: %v", err)
	}
	bad := setupInput()
	bad.Admin.Email = ""
	if _, err := e.svc.Setup.CreateWithToken(e.ctx, token, bad); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("bad input: %v", err)
	}
	injected := faultyServices(e, directory.StageUnits)
	if _, err := injected.Setup.CreateWithToken(e.ctx, token, setupInput()); err == nil {
		t.Error("injected failure not reported")
	}
	if err := e.svc.Setup.CheckToken(e.ctx, token); err != nil {
		t.Fatalf("token after refused attempts: %v", err)
	}
	if _, err := e.svc.Setup.CreateWithToken(e.ctx, token, setupInput()); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Setup.CheckToken(e.ctx, token); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("token after setup: %v", err)
	}
	if _, _, err := e.svc.Setup.IssueToken(e.ctx); !errors.Is(err, models.ErrConflict) {
		t.Errorf("a setup token with a committee in place: %v", err)
	}
}

// TestInvitation: a new account without a password chooses one through
// its invitation link, once; a handed-out password must change, and a
// change clears that.
func TestInvitation(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	u, pw, err := e.svc.Users.Create(e.ctx, c.admin, directory.UserInput{Name: "Lê Thị Mời", Email: "moi@phuong.example", Role: models.RoleLeader})
	if err != nil || pw != "" || u.HasPassword() {
		t.Fatalf("create: %v, password %q, has %v", err, pw, u.HasPassword())
	}
	var link string
	for _, m := range e.outbox() {
		if strings.HasPrefix(m.Key, "invitation:") && m.To[0] == "moi@phuong.example" {
			link = m.Text[strings.Index(m.Text, remBaseURL+"/invite?token="):]
			link = strings.Fields(link)[0]
		}
	}
	if link == "" {
		t.Fatal("no invitation queued")
	}
	token := link[strings.Index(link, "token=")+len("token="):]
	info, err := e.svc.Auth.CheckInvitation(e.ctx, token)
	if err != nil || info.Email != "moi@phuong.example" || info.Committee != "Đảng ủy phường Hương Xuân" {
		t.Fatalf("check: %+v %v", info, err)
	}
	if _, err := e.svc.Auth.AcceptInvitation(e.ctx, token, "ngắn"); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("short password: %v", err)
	}
	got, err := e.svc.Auth.AcceptInvitation(e.ctx, token, "mat-khau-tu-chon")
	if err != nil || got.MustChangePassword || !got.HasPassword() {
		t.Fatalf("accept: %+v %v", got, err)
	}
	if _, err := e.svc.Auth.AcceptInvitation(e.ctx, token, "mat-khau-lan-nua"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("second use: %v", err)
	}
	if _, _, err := e.svc.Auth.Login(e.ctx, "moi@phuong.example", "mat-khau-tu-chon", "10.0.0.1"); err != nil {
		t.Errorf("login: %v", err)
	}

	typed, _, err := e.svc.Users.Create(e.ctx, c.admin, directory.UserInput{Name: "Phan Văn Gõ", Email: "go@phuong.example", Role: models.RoleViewer, Password: "mat-khau-quan-tri-go"})
	if err != nil || !typed.MustChangePassword {
		t.Fatalf("typed by the administrator: must change %v, %v", typed.MustChangePassword, err)
	}
	me := models.Actor{UserID: typed.ID, CommitteeID: c.c.ID, Role: typed.Role}
	if err := e.svc.Auth.ChangePassword(e.ctx, me, "mat-khau-quan-tri-go", "mat-khau-cua-rieng-toi"); err != nil {
		t.Fatal(err)
	}
	if after, _ := e.svc.Auth.CurrentUser(e.ctx, me); after.MustChangePassword {
		t.Error("still must change after changing")
	}
	own, _, err := e.svc.Users.CreateFirst(e.ctx, c.c.ID, directory.UserInput{Name: "Vận Hành", Email: "vh@phuong.example", Role: models.RoleViewer, Password: "mat-khau-van-hanh"})
	if err != nil || own.MustChangePassword {
		t.Errorf("operator's own password: must change %v, %v", own.MustChangePassword, err)
	}
}
