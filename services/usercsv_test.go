package services_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
)

// csvCommittee is a committee with three units to name in lists of people.
type csvCommittee struct {
	*remCommittee
	phunu, doan, chibo models.Unit
}

func newCSVCommittee(t *testing.T) *csvCommittee {
	t.Helper()
	e := newRemEnv(t, nil)
	c := &csvCommittee{remCommittee: e.committee("Đảng ủy phường Hương Xuân", "")}
	add := func(name string, aliases ...string) models.Unit {
		u, err := e.svc.Units.Create(e.ctx, c.admin, directory.UnitInput{Kind: models.UnitMassOrg, Name: name, Aliases: aliases})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	c.phunu = add("Hội Liên hiệp Phụ nữ phường", "Hội LHPN")
	c.doan = add("Đoàn TNCS Hồ Chí Minh phường", "Đoàn TN")
	c.chibo = add("Chi bộ Khu phố 1", "CB KP1")
	return c
}

func (c *csvCommittee) users() map[string]models.User {
	c.e.tb.Helper()
	list, err := c.e.svc.Users.List(c.e.ctx, c.admin)
	if err != nil {
		c.e.tb.Fatal(err)
	}
	out := map[string]models.User{}
	for _, u := range list {
		out[u.Email] = u
	}
	return out
}

func (c *csvCommittee) importCSV(actor models.Actor, text string) directory.UserImportResult {
	c.e.tb.Helper()
	res, err := c.e.svc.Users.ImportCSV(c.e.ctx, actor, []byte(text))
	if err != nil {
		c.e.tb.Fatalf("ImportCSV: %v", err)
	}
	return res
}

func lineProblems(lines []directory.UserImportLine) map[int]string {
	out := map[int]string{}
	for _, l := range lines {
		out[l.Line] = l.Problem
	}
	return out
}

// TestImportCSVTwoHundredPeople: 200 people, three of them wrong. The 197
// others are made at once; the file sent again makes nobody twice.
func TestImportCSVTwoHundredPeople(t *testing.T) {
	c := newCSVCommittee(t)
	roles := []string{"Lãnh đạo", "van phong", "VIEWER", "đơn vị", "Xem", "unit"}
	units := []string{"Hội LHPN", "doan tn", string(c.chibo.ID), "HỘI LIÊN HIỆP PHỤ NỮ PHƯỜNG", "Chi bộ khu phố 1", "CB KP1"}
	var b strings.Builder
	b.WriteString("họ tên,email,vai trò,đơn vị\n")
	wantFailed := map[int]string{}
	for i := 1; i <= 200; i++ {
		line := i + 1 // the header is line 1
		name, email, role, unit := fmt.Sprintf("Nguyễn Văn Người %03d", i), fmt.Sprintf("nguoi%03d@huongxuan.example", i), roles[i%len(roles)], units[i%len(units)]
		switch line {
		case 18:
			role, wantFailed[line] = "trưởng ban", directory.ProblemRoleUnknown
		case 101:
			unit, wantFailed[line] = "Chi bộ Khu phố 9", directory.ProblemUnitUnknown
		case 180:
			email, wantFailed[line] = "nguoi180@", directory.ProblemEmailInvalid
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", name, email, role, unit)
	}
	before := len(c.users())

	res := c.importCSV(c.admin, b.String())
	if len(res.Created) != 197 || len(res.Skipped) != 0 || len(res.Failed) != 3 {
		t.Fatalf("first run: %d created, %d skipped, %d failed %v", len(res.Created), len(res.Skipped), len(res.Failed), res.Failed)
	}
	if got := lineProblems(res.Failed); fmt.Sprint(got) != fmt.Sprint(wantFailed) {
		t.Errorf("failed lines %v, want %v", got, wantFailed)
	}
	if res.Failed[2].Email != "nguoi180@" || res.Failed[0].Email != "nguoi017@huongxuan.example" {
		t.Errorf("failed lines name their addresses: %+v", res.Failed)
	}
	stored := c.users()
	if len(stored) != before+197 {
		t.Errorf("%d users stored, want %d", len(stored), before+197)
	}
	for i, want := range map[int]struct {
		role models.Role
		unit models.ID
	}{
		1: {models.RoleOffice, c.doan.ID}, 2: {models.RoleViewer, c.chibo.ID}, 3: {models.RoleUnit, c.phunu.ID},
		5: {models.RoleUnit, c.chibo.ID}, 6: {models.RoleLeader, c.phunu.ID},
	} {
		u := stored[fmt.Sprintf("nguoi%03d@huongxuan.example", i)]
		if u.Role != want.role || u.UnitID != want.unit || u.Name != fmt.Sprintf("Nguyễn Văn Người %03d", i) || u.Language != "vi" {
			t.Errorf("person %d stored as %+v, want %v", i, u, want)
		}
	}

	again := c.importCSV(c.admin, b.String())
	if len(again.Created) != 0 || len(again.Skipped) != 197 || len(again.Failed) != 3 {
		t.Fatalf("second run: %d created, %d skipped, %d failed", len(again.Created), len(again.Skipped), len(again.Failed))
	}
	if got := lineProblems(again.Failed); fmt.Sprint(got) != fmt.Sprint(wantFailed) {
		t.Errorf("second run failed lines %v, want %v", got, wantFailed)
	}
	if s := again.Skipped[0]; s.Line != 2 || s.Email != "nguoi001@huongxuan.example" || s.Problem != directory.ProblemEmailExists {
		t.Errorf("first skipped line: %+v", s)
	}
	if n := len(c.users()); n != before+197 {
		t.Errorf("the second run changed the users: %d", n)
	}
}

// TestImportCSVSemicolonBOMVietnameseHeader: Excel in a Vietnamese locale
// saves "CSV UTF-8" with a byte order mark and semicolons; the header may
// come in any order, case and Unicode form, with columns we do not use.
func TestImportCSVSemicolonBOMVietnameseHeader(t *testing.T) {
	c := newCSVCommittee(t)
	header := "\ufeffSTT;" + norm.NFD.String("THƯ ĐIỆN TỬ") + ";Đơn vị;Họ và tên;" + norm.NFD.String("Vai trò") + ";Ngôn ngữ\r\n"
	text := header +
		"1;Hoa.Tran@HuongXuan.example;Hội LHPN;Trần Thị Hoa;;\r\n" +
		"\r\n" +
		";;;;;\r\n" +
		"2;lan@huongxuan.example;;\"Lê Thị Lan; Văn phòng\";VĂN PHÒNG;English\r\n" +
		"3;minh@huongxuan.example;Đoàn TN;Phạm Văn Minh;quản trị;tiếng Việt\r\n" +
		"4;khanh@huongxuan.example;Đoàn TN;Võ Khánh;lãnh đạo;tiếng Pháp\r\n"
	res := c.importCSV(c.admin, text)
	if len(res.Created) != 3 || len(res.Failed) != 1 {
		t.Fatalf("created %d, failed %v", len(res.Created), res.Failed)
	}
	if f := res.Failed[0]; f.Line != 7 || f.Problem != directory.ProblemLangUnknown {
		t.Errorf("failed %+v, want line 7 (blank lines count) language.unknown", f)
	}
	users := c.users()
	hoa, lan, minh := users["hoa.tran@huongxuan.example"], users["lan@huongxuan.example"], users["minh@huongxuan.example"]
	if hoa.Name != "Trần Thị Hoa" || hoa.Role != models.RoleUnit || hoa.UnitID != c.phunu.ID {
		t.Errorf("an empty role with a unit makes a unit officer: %+v", hoa)
	}
	if lan.Name != "Lê Thị Lan; Văn phòng" || lan.Role != models.RoleOffice || lan.UnitID != "" || lan.Language != "en" {
		t.Errorf("lan: %+v", lan)
	}
	if minh.Role != models.RoleAdmin || minh.UnitID != c.doan.ID || minh.Language != "vi" {
		t.Errorf("minh: %+v", minh)
	}
}

// TestImportCSVPastedFromSpreadsheet: cells copied from a spreadsheet
// arrive separated by tabs, with empty cells kept in place.
func TestImportCSVPastedFromSpreadsheet(t *testing.T) {
	c := newCSVCommittee(t)
	res := c.importCSV(c.admin, "Name\tE-mail\tUnit\tRole\nHồ Văn An\tan@huongxuan.example\t\tleader\n")
	if len(res.Created) != 1 || res.Created[0].Role != models.RoleLeader || res.Created[0].UnitID != "" {
		t.Fatalf("%+v", res)
	}
}

// TestImportCSVUnusableFile: without a name or an e-mail column, or over
// the line limit, the file is refused and nobody is created.
func TestImportCSVUnusableFile(t *testing.T) {
	c := newCSVCommittee(t)
	many := "họ tên,email\n" + strings.Repeat("Một Người,mot@huongxuan.example\n", directory.MaxImportLines+1)
	for name, text := range map[string]string{
		"no email column": "họ tên;vai trò;đơn vị\nTrần Thị Hoa;đơn vị;Hội LHPN\n",
		"no name column":  "email,vai trò\nhoa@huongxuan.example,xem\n",
		"empty":           "\ufeff\n\n",
		"twice":           "email,họ tên,thư điện tử\nhoa@huongxuan.example,Hoa,hoa@huongxuan.example\n",
		"not UTF-8":       "h\xe4 t\xean,email\nHoa,hoa@huongxuan.example\n",
		"too many lines":  many,
	} {
		before := len(c.users())
		res, err := c.e.svc.Users.ImportCSV(c.e.ctx, c.admin, []byte(text))
		var ve *models.ValidationError
		if !errors.Is(err, models.ErrInvalid) || !errors.As(err, &ve) || ve.Fields["file"] == "" {
			t.Errorf("%s: %v", name, err)
		}
		if len(res.Created) != 0 || len(c.users()) != before {
			t.Errorf("%s: created %d", name, len(res.Created))
		}
	}
}

// TestImportCSVLineProblems: what each kind of wrong line is reported as.
func TestImportCSVLineProblems(t *testing.T) {
	c := newCSVCommittee(t)
	// Two active units answer to "Hội", one disabled unit to its name.
	for _, name := range []string{"Hội Cựu chiến binh phường", "Hội Nông dân phường"} {
		if _, err := c.e.svc.Units.Create(c.e.ctx, c.admin, directory.UnitInput{Kind: models.UnitMassOrg, Name: name, Aliases: []string{"Hội"}}); err != nil {
			t.Fatal(err)
		}
	}
	old, err := c.e.svc.Units.Create(c.e.ctx, c.admin, directory.UnitInput{Kind: models.UnitMassOrg, Name: "Tổ dân phố 12 (cũ)"})
	if err != nil {
		t.Fatal(err)
	}
	off := false
	if _, err := c.e.svc.Units.Update(c.e.ctx, c.admin, old.ID, directory.UnitPatch{Version: old.Version, Active: &off}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		line, want string // want: a problem, or "" to be created
	}{
		{"Đủ Thông Tin,du@huongxuan.example,đơn vị,CB KP1", ""},
		{"Trùng Địa Chỉ,DU@huongxuan.example,xem,", directory.ProblemEmailDuplicate},
		{"Không Địa Chỉ,,xem,", directory.ProblemEmailRequired},
		{"Sai Địa Chỉ,sai địa chỉ@huongxuan.example,xem,", directory.ProblemEmailInvalid},
		{",khongten@huongxuan.example,xem,", "name.required"},
		{"Hai Đơn Vị,haidonvi@huongxuan.example,đơn vị,hội", directory.ProblemUnitAmbiguous},
		{"Đơn Vị Cũ,donvicu@huongxuan.example,đơn vị,To dan pho 12 (cu)", directory.ProblemUnitDisabled},
		{"Thiếu Đơn Vị,thieudonvi@huongxuan.example,cán bộ đơn vị,", directory.ProblemUnitRequired},
		{"Vai Trò Lạ,vaitrola@huongxuan.example,bí thư,", directory.ProblemRoleUnknown},
		{strings.Repeat("Dài ", 60) + ",dai@huongxuan.example,xem,", "name.too_long"},
		{"Chỉ Xem,chixem@huongxuan.example,,", ""},
	}
	var b strings.Builder
	b.WriteString("họ tên,email,vai trò,đơn vị\n")
	for _, tc := range cases {
		b.WriteString(tc.line + "\n")
	}
	res := c.importCSV(c.admin, b.String())
	got := lineProblems(res.Failed)
	for i, tc := range cases {
		if got[i+2] != tc.want {
			t.Errorf("line %d %q: problem %q, want %q", i+2, tc.line, got[i+2], tc.want)
		}
	}
	if len(res.Created) != 2 || res.Created[1].Role != models.RoleViewer {
		t.Errorf("created %+v", res.Created)
	}
}

// TestImportCSVAnotherCommitteesAddress: people log in with their address
// alone, so one used by another committee is a line error, not a skip.
func TestImportCSVAnotherCommitteesAddress(t *testing.T) {
	c := newCSVCommittee(t)
	other := c.e.committee("Đảng ủy phường Hương Văn", "")
	if _, _, err := c.e.svc.Users.Create(c.e.ctx, other.admin, directory.UserInput{Name: "Ngô Văn Bình", Email: "binh@huongvan.example", Role: models.RoleLeader}); err != nil {
		t.Fatal(err)
	}
	res := c.importCSV(c.admin, "họ tên,email,vai trò\nNgô Văn Bình,Binh@HuongVan.example,lãnh đạo\n")
	if len(res.Created) != 0 || len(res.Skipped) != 0 || len(res.Failed) != 1 {
		t.Fatalf("%+v", res)
	}
	if f := res.Failed[0]; f.Line != 2 || f.Email != "binh@huongvan.example" || f.Problem != directory.ProblemEmailTaken {
		t.Errorf("failed %+v", f)
	}
	if _, ok := c.users()["binh@huongvan.example"]; ok {
		t.Error("the address was moved into this committee")
	}
}

func TestImportCSVForbidden(t *testing.T) {
	c := newCSVCommittee(t)
	text := "họ tên,email\nTrần Thị Hoa,hoa@huongxuan.example\n"
	for name, a := range map[string]models.Actor{"leader": c.leader, "unit officer": c.officer(c.phunu)} {
		if _, err := c.e.svc.Users.ImportCSV(c.e.ctx, a, []byte(text)); !errors.Is(err, models.ErrForbidden) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, ok := c.users()["hoa@huongxuan.example"]; ok {
		t.Error("a refused import created a user")
	}
}
