package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// usersCSV names units of the test committee by alias-free names in other
// spellings; line 4 has a role nobody has, line 5 is an existing user.
const usersCSV = "Họ và tên;Email;Vai trò;Đơn vị\n" +
	"Trần Thị Hoa;hoa@thu.example;đơn vị;HỘI LHPN PHƯỜNG\n" +
	"Lê Văn Nam;nam@thu.example;lãnh đạo;\n" +
	"Phạm Thị Lan;lan@thu.example;bí thư;\n" +
	"Người dùng viewer;viewer@thu.example;xem;\n"

type csvAnswer struct {
	Created []struct {
		Email  string `json:"email"`
		Role   string `json:"role"`
		UnitID string `json:"unitId"`
	} `json:"created"`
	Skipped []csvLine `json:"skipped"`
	Failed  []csvLine `json:"failed"`
	Code    string    `json:"code"`
	Fields  map[string]string
}

type csvLine struct {
	Line    int    `json:"line"`
	Email   string `json:"email"`
	Problem string `json:"problem"`
	Message string `json:"message"`
}

// multipartCSV is a form with the list in field "file" and, when text is
// set, the pasted list in field "text".
func multipartCSV(file, text string) (string, *bytes.Buffer) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if text != "" {
		mw.WriteField("text", text)
	}
	fw, _ := mw.CreateFormFile("file", "danh-sach.csv")
	fw.Write([]byte(file))
	mw.Close()
	return mw.FormDataContentType(), &body
}

func (e *testEnv) importCSVMultipart(role, file string, out any) int {
	e.t.Helper()
	ct, body := multipartCSV(file, "")
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/users/import", body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(data, out); err != nil {
		e.t.Fatalf("decode %s: %v", data, err)
	}
	return res.StatusCode
}

func (e *testEnv) userEmails() map[string]string {
	e.t.Helper()
	list, err := e.svc.Users.List(context.Background(), e.actors["admin"])
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]string{}
	for _, u := range list {
		out[u.Email] = string(u.Role) + " " + string(u.UnitID)
	}
	return out
}

func TestUsersCSVAPI(t *testing.T) {
	e := newTestEnv(t)
	var out csvAnswer
	if st := e.doRaw("unitLead", "POST", "/api/v1/users/import", "text/csv", usersCSV, &out); st != 403 || out.Code != "forbidden" {
		t.Errorf("unit officer: %d %+v", st, out)
	}
	if st := e.importCSVMultipart("office", usersCSV, &out); st != 403 {
		t.Errorf("office, multipart: %d", st)
	}
	if _, ok := e.userEmails()["hoa@thu.example"]; ok {
		t.Fatal("a refused import created a user")
	}

	out = csvAnswer{}
	if st := e.doRaw("admin", "POST", "/api/v1/users/import", "text/csv; charset=utf-8", usersCSV, &out); st != 200 {
		t.Fatalf("admin, text/csv: %d %+v", st, out)
	}
	if len(out.Created) != 2 || out.Created[0].Email != "hoa@thu.example" || out.Created[0].Role != "unit" || out.Created[0].UnitID != string(e.units["lead"]) ||
		out.Created[1].Role != "leader" {
		t.Errorf("created %+v", out.Created)
	}
	if len(out.Failed) != 1 || out.Failed[0] != (csvLine{Line: 4, Email: "lan@thu.example", Problem: "role.unknown", Message: "Vai trò không rõ (quản trị, lãnh đạo, văn phòng, đơn vị, xem)"}) {
		t.Errorf("failed %+v", out.Failed)
	}
	if len(out.Skipped) != 1 || out.Skipped[0].Line != 5 || out.Skipped[0].Problem != "email.exists" || out.Skipped[0].Message != "Đã có" {
		t.Errorf("skipped %+v", out.Skipped)
	}

	// The same list as a file: nothing twice; the fixed line now goes in.
	out = csvAnswer{}
	fixed := strings.Replace(usersCSV, "bí thư", "văn phòng", 1)
	if st := e.importCSVMultipart("admin", fixed, &out); st != 200 || len(out.Created) != 1 || len(out.Skipped) != 3 || len(out.Failed) != 0 {
		t.Errorf("admin, multipart: %d %+v", st, out)
	}
	if got := e.userEmails()["lan@thu.example"]; got != "office " {
		t.Errorf("lan: %q", got)
	}

	for name, req := range map[string][2]string{
		"no email column": {"text/csv", "họ tên,vai trò\nAi Đó,xem\n"},
		"JSON body":       {"application/json", `{"users": []}`},
	} {
		out = csvAnswer{}
		if st := e.doRaw("admin", "POST", "/api/v1/users/import", req[0], req[1], &out); st != 422 || out.Fields["file"] == "" {
			t.Errorf("%s: %d %+v", name, st, out)
		}
	}
}

func (b *browser) postCSV(file, text string) pageResult {
	b.t.Helper()
	ct, body := multipartCSV(file, text)
	req, _ := http.NewRequest("POST", b.e.srv.URL+"/admin/users/import", body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.send(req)
}

var failedRow = regexp.MustCompile(`<th scope="row" data-label="Dòng">(\d+)</th>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>`)

func TestUsersCSVPage(t *testing.T) {
	e := newTestEnv(t)
	admin := e.as("admin")
	if p := admin.get("/admin/users"); !strings.Contains(p.body, `action="/admin/users/import" enctype="multipart/form-data"`) ||
		!strings.Contains(p.body, "Thêm nhiều người từ danh sách (CSV)") || !strings.Contains(p.body, "<code>họ tên,email,vai trò,đơn vị</code>") {
		t.Fatalf("the users page has no import form:\n%s", p.body)
	}

	// Pasted, as a browser sends it without a file: an empty file part.
	p := admin.postCSV("", usersCSV)
	if p.status != 200 || p.path != "/admin/users/import" {
		t.Fatalf("paste: %d at %s", p.status, p.path)
	}
	for _, want := range []string{"Đã tạo tài khoản: 2", "Bỏ qua vì đã có: 1", "Dòng lỗi, chưa thêm: 1"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the answer lacks %q", want)
		}
	}
	rows := failedRow.FindAllStringSubmatch(p.body, -1)
	if len(rows) != 1 || rows[0][1] != "4" || rows[0][2] != "lan@thu.example" || html.UnescapeString(rows[0][3]) != "Vai trò không rõ (quản trị, lãnh đạo, văn phòng, đơn vị, xem)" {
		t.Errorf("failed lines %q", rows)
	}
	if !strings.Contains(p.body, "Người dùng viewer") || !strings.Contains(p.body, "Trần Thị Hoa") {
		t.Error("the answer does not list the users, the new one with them")
	}

	// A file wins over pasted text; sent again, it creates nobody twice.
	p = admin.postCSV(usersCSV, "không dùng")
	for _, want := range []string{"Đã tạo tài khoản: 0", "Bỏ qua vì đã có: 3", "Dòng lỗi, chưa thêm: 1"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("second time, the answer lacks %q", want)
		}
	}

	// A list without an e-mail column is refused whole, the text kept.
	bad := "họ tên,vai trò\nAi Đó,xem\n"
	p = admin.postCSV("", bad)
	if p.status != 422 || !strings.Contains(p.body, `role="alert"`) || !strings.Contains(p.body, "dòng đầu phải có cột họ tên và cột email") ||
		!strings.Contains(p.body, ">"+bad+"</textarea>") {
		t.Errorf("no email column: %d\n%s", p.status, p.body)
	}
	if p = admin.postCSV("", ""); p.status != 422 || !strings.Contains(p.body, "hãy dán danh sách hoặc chọn tệp") {
		t.Errorf("nothing sent: %d", p.status)
	}

	// Only administrators; the office may read the list but not add to it.
	for _, role := range []string{"office", "unitLead"} {
		b := e.as(role)
		if p := b.postCSV("", "họ tên,email\nAi Đó,aido@thu.example\n"); p.status != 403 {
			t.Errorf("%s: %d", role, p.status)
		}
	}
	if _, ok := e.userEmails()["aido@thu.example"]; ok {
		t.Error("a refused post created a user")
	}
	if p := e.as("office").get("/admin/users"); strings.Contains(p.body, "/admin/users/import") {
		t.Error("the office sees the import form")
	}
}
