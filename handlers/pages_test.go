package handlers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/docx/docxtest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/imports"
)

// browser is a cookie-keeping client that sends what a browser sends on a
// same-origin form post, and checks every HTML page it gets.
type browser struct {
	t    *testing.T
	e    *testEnv
	c    *http.Client
	lang string // the <html lang> pages must have
}

// pageResult is a response after redirects: where it ended and what it said.
type pageResult struct {
	status int
	path   string // path and query of the final URL
	body   string
}

func (e *testEnv) browser() *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &browser{t: e.t, e: e, c: &http.Client{Jar: jar}, lang: "vi"}
}

func (b *browser) get(path string) pageResult {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.e.srv.URL+path, nil)
	return b.send(req)
}

// post sends a form as the page's own form would: Sec-Fetch-Site says the
// request comes from the same origin.
func (b *browser) post(path string, form url.Values) pageResult {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.send(req)
}

func (b *browser) upload(name string, data []byte) pageResult {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.e.srv.URL+"/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.send(req)
}

func (b *browser) send(req *http.Request) pageResult {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	p := pageResult{status: res.StatusCode, path: res.Request.URL.RequestURI(), body: string(data)}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			b.t.Errorf("%s: content type %q", p.path, ct)
		}
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
			b.t.Errorf("%s: no CSP", p.path)
		}
		checkHTML(b.t, p.path, p.body, b.lang)
	}
	return p
}

// login signs in (landing on the dashboard, or a unit officer's unit
// view) and opens the imports page.
func (b *browser) login(email string) pageResult {
	b.t.Helper()
	p := b.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if p.status != 200 || p.path != "/" && p.path != "/unit" {
		b.t.Fatalf("login %s: %d at %s", email, p.status, p.path)
	}
	return b.get("/imports")
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkHTML: the page is UTF-8 in NFC, has the language, closes every
// element it opens, repeats no id, carries no inline script, style or
// event handler (the CSP would refuse them), and every form control has a
// label.
func checkHTML(t *testing.T, where, body, lang string) {
	t.Helper()
	if !strings.HasPrefix(body, "<!doctype html>") {
		t.Errorf("%s: no doctype", where)
	}
	if !strings.Contains(body, `<html lang="`+lang+`">`) || !strings.Contains(body, `<meta charset="utf-8">`) {
		t.Errorf("%s: no <html lang=%q> or charset", where, lang)
	}
	if !utf8.ValidString(body) || !norm.NFC.IsNormalString(body) {
		t.Errorf("%s: not UTF-8 in NFC", where)
	}
	if strings.Contains(body, "<no value>") || strings.Contains(body, "%!") {
		t.Errorf("%s: a template gap shows", where)
	}
	z := html.NewTokenizer(strings.NewReader(body))
	var open []string
	ids, labelled := map[string]bool{}, map[string]bool{}
	var needLabel []string
	inLabel := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", where, z.Err())
			}
			if len(open) > 0 {
				t.Errorf("%s: not closed: %v", where, open)
			}
			for _, id := range needLabel {
				if !labelled[id] {
					t.Errorf("%s: control %q has no label", where, id)
				}
			}
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Key] = a.Val
				if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=…> would break the CSP", where, tok.Data, a.Key)
				}
			}
			if _, ok := attr["src"]; tok.Data == "style" || tok.Data == "script" && !ok {
				t.Errorf("%s: inline <%s>", where, tok.Data)
			}
			if id := attr["id"]; id != "" {
				if ids[id] {
					t.Errorf("%s: id %q twice", where, id)
				}
				ids[id] = true
			}
			switch tok.Data {
			case "label":
				inLabel++
				if f := attr["for"]; f != "" {
					labelled[f] = true
				}
			case "input", "select", "textarea":
				switch attr["type"] {
				case "hidden", "submit", "button":
				default:
					// A control in a table is named by aria-label (its column
					// and row), as a screen reader announces it.
					if inLabel == 0 && attr["aria-label"] == "" {
						if attr["id"] == "" {
							t.Errorf("%s: <%s name=%q> has neither id nor label", where, tok.Data, attr["name"])
						}
						needLabel = append(needLabel, attr["id"])
					}
				}
			}
			if tt == html.StartTagToken && !voidElements[tok.Data] {
				open = append(open, tok.Data)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == "label" {
				inLabel--
			}
			if len(open) == 0 || open[len(open)-1] != string(name) {
				t.Errorf("%s: </%s> does not close %v", where, name, open)
				return
			}
			open = open[:len(open)-1]
		case html.TextToken:
			if len(open) > 0 && open[len(open)-1] == "script" && strings.TrimSpace(string(z.Text())) != "" {
				t.Errorf("%s: inline script", where)
			}
		}
	}
}

// formValues is what a browser would submit from the form with action:
// hidden and text fields, textareas, the selected options, ticked boxes;
// nothing inside a disabled fieldset.
func formValues(t *testing.T, body, action string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	text := func(n *html.Node) string {
		var sb strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				sb.WriteString(c.Data)
			}
		}
		return sb.String()
	}
	var form *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if a, _ := attr(n, "action"); n.Type == html.ElementNode && n.Data == "form" && a == action {
			form = n
		}
		for c := n.FirstChild; c != nil && form == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("no form posting to %s", action)
	}
	vals := url.Values{}
	var walk func(n *html.Node, disabled bool)
	walk = func(n *html.Node, disabled bool) {
		if n.Type == html.ElementNode {
			_, off := attr(n, "disabled")
			disabled = disabled || off
			name, _ := attr(n, "name")
			switch {
			case n.Data == "input" && !disabled && name != "":
				typ, _ := attr(n, "type")
				v, _ := attr(n, "value")
				switch typ {
				case "submit", "button", "file":
				case "checkbox", "radio":
					if _, on := attr(n, "checked"); on {
						vals.Add(name, v)
					}
				default:
					vals.Add(name, v)
				}
			case n.Data == "textarea" && !disabled && name != "":
				vals.Add(name, text(n))
			case n.Data == "select" && !disabled && name != "":
				first, chosen := "", false
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if o.Type != html.ElementNode || o.Data != "option" {
						continue
					}
					v, _ := attr(o, "value")
					if first == "" && !chosen {
						first = v
					}
					if _, sel := attr(o, "selected"); sel && !chosen {
						vals.Add(name, v)
						chosen = true
					}
				}
				if !chosen {
					vals.Add(name, first)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, disabled)
		}
	}
	walk(form, false)
	return vals
}

func TestPagesLogin(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	if p := b.get("/"); p.status != 200 || p.path != "/login" || !strings.Contains(p.body, `<label for="login-email">`) {
		t.Fatalf("home without a session: %d at %s", p.status, p.path)
	}
	if p := b.get("/imports"); p.path != "/login?next=%2Fimports" {
		t.Errorf("imports without a session ended at %s", p.path)
	}
	p := b.post("/login", url.Values{"email": {"leader@thu.example"}, "password": {"sai-mật-khẩu"}})
	if p.status != 401 || !strings.Contains(p.body, "Email hoặc mật khẩu không đúng") || !strings.Contains(p.body, `value="leader@thu.example"`) {
		t.Errorf("wrong password: %d %s", p.status, p.body)
	}
	if p := b.post("/login", url.Values{"email": {"leader@thu.example"}}); p.status != 422 || !strings.Contains(p.body, "Vui lòng nhập email và mật khẩu") {
		t.Errorf("no password: %d", p.status)
	}

	// The login sets the API's session cookie.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", e.srv.URL+"/login", strings.NewReader(url.Values{"email": {"leader@thu.example"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	ck := res.Header.Get("Set-Cookie")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/" || !strings.HasPrefix(ck, "theodoi_session=") ||
		!strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax") || !strings.Contains(ck, "Path=/") {
		t.Errorf("login: %d to %q, cookie %q", res.StatusCode, res.Header.Get("Location"), ck)
	}

	b.login("leader@thu.example")
	u, _ := url.Parse(e.srv.URL)
	if cks := b.c.Jar.Cookies(u); len(cks) != 1 || cks[0].Name != "theodoi_session" {
		t.Errorf("cookies after login: %v", cks)
	}
	if p := b.get("/"); p.path != "/" || !strings.Contains(p.body, "Tình hình thực hiện nhiệm vụ tháng") {
		t.Errorf("home with a session ended at %s", p.path)
	}
	if p := b.get("/login"); p.path != "/" {
		t.Errorf("login page with a session ended at %s", p.path)
	}
	if p := b.post("/logout", nil); p.path != "/login?notice=logged_out" || !strings.Contains(p.body, "Đã đăng xuất") {
		t.Errorf("logout: %d at %s", p.status, p.path)
	}
	if p := b.get("/imports"); p.path != "/login?next=%2Fimports" {
		t.Errorf("after logout, imports ended at %s", p.path)
	}

	// A browser set up in English still gets Vietnamese (the office PC's
	// language is no choice); English by the user's profile after login.
	req, _ = http.NewRequest("GET", e.srv.URL+"/login", nil)
	req.Header.Set("Accept-Language", "en-US,en;q=0.9,vi;q=0.8")
	if p := b.send(req); !strings.Contains(p.body, "Đăng nhập") || strings.Contains(p.body, "Log in") {
		t.Errorf("login page for an English browser: %s", p.body)
	}
	b.lang = "en"
	if _, _, err := e.svc.Users.CreateFirst(context.Background(), e.actors["admin"].CommitteeID, directory.UserInput{
		Name: "Leader EN", Email: "en@thu.example", Role: models.RoleLeader, Language: "en", Password: testPassword,
	}); err != nil {
		t.Fatal(err)
	}
	if p := b.login("en@thu.example"); !strings.Contains(p.body, "Upload a resolution") {
		t.Errorf("English imports page: %s", p.body)
	}
}

// TestPagesLoginRateLimited: too many failed logins get a clear message.
func TestPagesLoginRateLimited(t *testing.T) {
	e := newTestEnvWith(t, services.Options{LoginRatePerMinute: 20})
	b := e.browser()
	for i := 0; i < 50; i++ {
		p := b.post("/login", url.Values{"email": {"leader@thu.example"}, "password": {"sai"}})
		if p.status == 429 {
			if !strings.Contains(p.body, "Đăng nhập sai quá nhiều lần") || !strings.Contains(p.body, `value="leader@thu.example"`) {
				t.Errorf("rate limited page: %s", p.body)
			}
			return
		}
		if p.status != 401 {
			t.Fatalf("attempt %d: %d", i, p.status)
		}
	}
	t.Error("never rate limited")
}

var reviewPath = regexp.MustCompile(`^/imports/([0-9A-Za-z]+)(\?.*)?$`)

// TestPagesImportFlow: a leader uploads a resolution, reviews it, splits
// and drops items, fills what the importer left blank, and creates the
// tasks; uploading it again creates nothing.
func TestPagesImportFlow(t *testing.T) {
	t.Run("draft fixture", func(t *testing.T) {
		data, err := os.ReadFile("../internal/resolution/testdata/nghi-quyet-an-hoa-du-thao.txt")
		if err != nil {
			t.Fatal(err)
		}
		pageImportFlow(t, "du-thao-an-hoa.txt", data, false)
	})
	t.Run("shared sample", func(t *testing.T) {
		data, err := os.ReadFile(samplePath)
		if err != nil {
			t.Skip("the shared sample is not here:", err)
		}
		pageImportFlow(t, "nghi-quyet-31.txt", data, true)
	})
}

// pageImportFlow runs the flow on one resolution; numbered says it has a
// number, by which its .docx is recognised too (a draft only by its bytes).
func pageImportFlow(t *testing.T, name string, data []byte, numbered bool) {
	e := newTestEnv(t)
	e.addDemoUnits()
	b := e.browser()
	list := b.login("leader@thu.example")
	if !strings.Contains(list.body, "<h1>Nhập nghị quyết</h1>") || !strings.Contains(list.body, `accept=".docx,.txt`) ||
		!strings.Contains(list.body, "Chưa có nghị quyết nào") {
		t.Fatalf("imports page: %s", list.body)
	}

	p := b.upload(name, data)
	m := reviewPath.FindStringSubmatch(p.path)
	if p.status != 200 || m == nil || m[2] != "" {
		t.Fatalf("upload: %d at %s: %s", p.status, p.path, p.body)
	}
	id := m[1]
	base := "/imports/" + id
	imp := getImport(t, e, id)
	if len(imp.Items) < 4 {
		t.Fatalf("%d items", len(imp.Items))
	}
	if !strings.Contains(p.body, "Đang rà soát") || !strings.Contains(p.body, monthVN(imp.Month)) {
		t.Errorf("review header lacks the status or month %s", imp.Month)
	}
	names := e.unitNames()
	suggested := 0
	for i, it := range imp.Items {
		if !strings.Contains(p.body, fmt.Sprintf(`name="items[%d].key" value="%s"`, i, it.Key)) {
			t.Errorf("item %s not on the page", it.Key)
		}
		if it.LeadUnitID != "" {
			suggested++
			if !strings.Contains(p.body, fmt.Sprintf(`name="items[%d].lead" list="unit-names" value="%s"`, i, html.EscapeString(names[it.LeadUnitID]))) {
				t.Errorf("item %s: suggested lead not filled in", it.Key)
			}
		}
	}
	if suggested == 0 {
		t.Error("no item had a suggested lead")
	}

	// An unknown unit: the page comes back with the problem at the top and
	// at the row, and nothing is saved.
	form := formValues(t, p.body, base+"/items")
	bad := cloneValues(form)
	bad.Set("items[0].lead", "Ban không có thật")
	r := b.post(base+"/items", bad)
	if r.status != 422 || !strings.Contains(r.body, `id="i0-lead-error"`) || !strings.Contains(r.body, `href="#item-0"`) ||
		!strings.Contains(r.body, "Đơn vị không tồn tại") || !strings.Contains(r.body, "Chưa lưu được") {
		t.Errorf("bad unit: %d %s", r.status, r.body)
	}
	if got := getImport(t, e, id); got.Version != imp.Version {
		t.Errorf("bad unit saved: version %d → %d", imp.Version, got.Version)
	}
	// A form from another version: asked to reload.
	stale := cloneValues(form)
	stale.Set("version", strconv.FormatInt(imp.Version+1, 10))
	if r := b.post(base+"/items", stale); r.status != 409 || !strings.Contains(r.body, "Vui lòng tải lại trang") {
		t.Errorf("stale form: %d", r.status)
	}

	// A failed split shows the problem on the row it belongs to.
	bad = cloneValues(form)
	bad.Set("items[3].lead", "Ban không có thật")
	r = b.post(base+"/items/"+imp.Items[1].Key+"/split", bad)
	if r.status != 422 || !strings.Contains(r.body, `id="i3-lead-error"`) || strings.Contains(r.body, `id="i4-lead-error"`) ||
		strings.Count(r.body, `<article id="item-`) != len(imp.Items) {
		t.Errorf("failed split: %d", r.status)
	}
	if got := getImport(t, e, id); got.Version != imp.Version {
		t.Errorf("failed split saved: version %d → %d", imp.Version, got.Version)
	}

	// Split the second item: a copy keyed ".b" follows it.
	r = b.post(base+"/items/"+imp.Items[1].Key+"/split", form)
	if r.status != 200 || !strings.Contains(r.path, "notice=split") || !strings.Contains(r.body, "Đã tách nhiệm vụ") {
		t.Fatalf("split: %d at %s", r.status, r.path)
	}
	before := imp.Items[1].Text
	imp = getImport(t, e, id)
	if imp.Items[2].Key != imp.Items[1].Key+".b" {
		t.Errorf("split: %s then %s", imp.Items[1].Key, imp.Items[2].Key)
	}
	// Cut at the first place the page offers, or copied whole when the
	// text has one sentence.
	if joined := imp.Items[1].Text + " " + imp.Items[2].Text; joined != before && imp.Items[2].Text != before {
		t.Errorf("split %q into %q and %q", before, imp.Items[1].Text, imp.Items[2].Text)
	}

	// Committing with an item lacking its lead unit: refused at that row.
	form = formValues(t, r.body, base+"/items")
	form.Set("items[0].lead", "")
	if r := b.post(base+"/commit", form); r.status != 422 || !strings.Contains(r.body, "Chọn đơn vị chủ trì") || !strings.Contains(r.body, `id="i0-lead-error"`) {
		t.Errorf("commit without a lead: %d", r.status)
	}

	// The reviewer drops the first item, edits a text and fills the blanks.
	imp = getImport(t, e, id)
	r = b.get(base)
	form = formValues(t, r.body, base+"/items")
	form.Set("items[0].dropped", "1")
	form.Set("items[1].text", "Phần một: "+form.Get("items[1].text"))
	kept := 0
	for i := range imp.Items {
		f := fmt.Sprintf("items[%d].", i)
		if form.Get(f+"lead") == "" {
			form.Set(f+"lead", names[e.units["lead"]])
		}
		if form.Get(f+"areaId") == "" {
			form.Set(f+"areaId", string(e.areaID))
		}
		if i > 0 {
			kept++
		}
	}
	if r := b.post(base+"/items", form); r.status != 200 || !strings.Contains(r.path, "notice=saved") || !strings.Contains(r.body, "Đã lưu các thay đổi") {
		t.Fatalf("save: %d at %s: %s", r.status, r.path, r.body)
	}
	imp = getImport(t, e, id)
	if !imp.Items[0].Dropped || !strings.HasPrefix(imp.Items[1].Text, "Phần một: ") || imp.Items[1].Source.ItemIndex == 0 {
		t.Errorf("saved items: %+v", imp.Items[:2])
	}

	r = b.post(base+"/commit", url.Values{"version": {strconv.FormatInt(imp.Version, 10)}})
	want := fmt.Sprintf("Đã tạo %d nhiệm vụ cho tháng %s", kept, monthVN(imp.Month))
	if r.status != 200 || !strings.Contains(r.path, "notice=committed") || !strings.Contains(r.body, want) {
		t.Fatalf("commit: %d at %s, want %q: %s", r.status, r.path, want, r.body)
	}
	if !strings.Contains(r.body, "<fieldset class=\"items\" disabled>") || strings.Contains(r.body, "/commit\"") {
		t.Error("a committed import is still editable")
	}
	if n := taskCount(t, e, imp.Month); n != kept {
		t.Errorf("tasks in %s: %d, want %d", imp.Month, n, kept)
	}
	if !strings.Contains(r.body, `id="created-tasks"`) {
		t.Error("the committed import does not link to its tasks")
	}
	// The months page names the month's resolution and links to it.
	months := b.get("/periods")
	if !strings.Contains(months.body, `href="`+base+`"`) || numbered && !strings.Contains(months.body, imp.DocNumber) {
		t.Errorf("months page lacks the resolution of %s", imp.Month)
	}
	if done := getImport(t, e, id); numbered && len(done.TaskIDs) > 0 {
		if tp := b.get("/tasks/" + done.TaskIDs[0]); !strings.Contains(tp.body, `<a href="`+base+`" id="task-source">`) {
			t.Error("a created task does not link to its resolution's import")
		}
	}

	// The same file again: the earlier import, with a notice; nothing new.
	r = b.upload("lai-lan-nua.txt", data)
	if r.status != 200 || r.path != base+"?notice=existing" || !strings.Contains(r.body, "Nghị quyết này đã được nhập trước đó") {
		t.Errorf("second upload: %d at %s", r.status, r.path)
	}
	if numbered {
		asDocx, err := docxtest.FromText(string(data), docxtest.WordNumbering)
		if err != nil {
			t.Fatal(err)
		}
		if r := b.upload("ban-word.docx", asDocx); r.path != base+"?notice=existing" {
			t.Errorf("the same resolution as .docx: %d at %s", r.status, r.path)
		}
	}
	if n := taskCount(t, e, imp.Month); n != kept {
		t.Errorf("tasks after the second upload: %d, want %d", n, kept)
	}
	if r := b.get("/imports"); strings.Count(r.body, `href="/imports/`) != 1 || !strings.Contains(r.body, "Đã tạo nhiệm vụ") {
		t.Errorf("imports list after the second upload: %s", r.body)
	}
}

// TestPagesRefuse: cross-site posts, users who may not import, bad files,
// unknown imports.
func TestPagesRefuse(t *testing.T) {
	e := newTestEnv(t)
	data, err := os.ReadFile("../internal/resolution/testdata/nghi-quyet-an-hoa-du-thao.txt")
	if err != nil {
		t.Fatal(err)
	}
	leader := e.browser()
	leader.login("leader@thu.example")
	p := leader.upload("du-thao.txt", data)
	m := reviewPath.FindStringSubmatch(p.path)
	if m == nil {
		t.Fatalf("upload ended at %s", p.path)
	}
	id := m[1]

	// A cross-site post carrying the session cookie is refused.
	for _, h := range []map[string]string{{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}} {
		req, _ := http.NewRequest("POST", e.srv.URL+"/imports/"+id+"/discard", strings.NewReader("version=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range h {
			req.Header.Set(k, v)
		}
		if r := leader.send(req); r.status != 403 || !strings.Contains(r.body, "Yêu cầu từ trang khác bị từ chối") {
			t.Errorf("cross-site discard %v: %d", h, r.status)
		}
	}
	if imp := getImport(t, e, id); imp.Status != "draft" {
		t.Errorf("cross-site discard went through: %s", imp.Status)
	}
	req, _ := http.NewRequest("POST", e.srv.URL+"/login", strings.NewReader(url.Values{"email": {"viewer@thu.example"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	fresh := e.browser()
	if r := fresh.send(req); r.status != 403 {
		t.Errorf("cross-site login: %d", r.status)
	}
	if u, _ := url.Parse(e.srv.URL); len(fresh.c.Jar.Cookies(u)) != 0 {
		t.Error("a cross-site login set a session")
	}

	// A unit's officer may not import: a clear 403 page.
	unit := e.browser()
	unit.post("/login", url.Values{"email": {"unitLead@thu.example"}, "password": {testPassword}})
	if r := unit.get("/imports"); r.status != 403 ||
		!strings.Contains(r.body, "Không có quyền truy cập") || !strings.Contains(r.body, "Chỉ lãnh đạo") {
		t.Errorf("unit user on /imports: %d %s", r.status, r.body)
	}
	if r := unit.get("/imports/" + id); r.status != 403 {
		t.Errorf("unit user on the review page: %d", r.status)
	}
	if r := unit.upload("x.txt", data); r.status != 403 {
		t.Errorf("unit user uploading: %d", r.status)
	}
	if r := unit.post("/imports/"+id+"/commit", url.Values{"version": {"1"}}); r.status != 403 {
		t.Errorf("unit user committing: %d", r.status)
	}
	// The office sees the list but not the upload form.
	office := e.browser()
	if r := office.login("office@thu.example"); !strings.Contains(r.body, "Chỉ lãnh đạo mới được nhập") || strings.Contains(r.body, `type="file"`) {
		t.Errorf("office imports page: %s", r.body)
	}

	// Bad files: the page again with the reader's message, in the page's
	// language only.
	_, perr := imports.ParseFile("bien-ban.txt", []byte("Biên bản họp chi bộ\nNội dung: bàn về công tác tháng 10.\n"), 0)
	var fp *imports.FileProblem
	if !errors.As(perr, &fp) || !errors.Is(perr, models.ErrInvalid) || fp.Vi == "" || fp.En == "" {
		t.Fatalf("expected a file problem in both languages: %v", perr)
	}
	r := leader.upload("bien-ban.txt", []byte("Biên bản họp chi bộ\nNội dung: bàn về công tác tháng 10.\n"))
	if r.status != 422 || r.path != "/imports" || !strings.Contains(r.body, html.EscapeString(fp.Vi)) || strings.Contains(r.body, html.EscapeString(fp.En)) ||
		!strings.Contains(r.body, `id="upload-file-error"`) {
		t.Errorf("bad file: %d at %s: %s", r.status, r.path, r.body)
	}
	// A damaged Word file is told so, not taken for text.
	if r := leader.upload("hong.docx", []byte("không phải tệp zip")); r.status != 422 || !strings.Contains(r.body, "Tệp không phải là văn bản Word (.docx).") || strings.Contains(r.body, "có thể là tệp .docx") {
		t.Errorf("damaged .docx: %d %s", r.status, between(r.body, `id="upload-file-error"`, "</p>"))
	}
	if r := leader.upload("", nil); r.status != 422 || !strings.Contains(r.body, "Vui lòng chọn tệp nghị quyết") {
		t.Errorf("no file: %d", r.status)
	}
	big := bytes.Repeat([]byte("Nghị quyết "), (imports.DefaultImportMaxBytes+100<<10)/len("Nghị quyết "))
	if r := leader.upload("qua-lon.txt", big); r.status != 413 || !strings.Contains(r.body, "Tệp quá lớn: tối đa 10 MB") {
		t.Errorf("too large: %d", r.status)
	}
	var list struct{ Items []any }
	e.do("leader", "GET", "/api/v1/imports", nil, &list)
	if len(list.Items) != 1 {
		t.Errorf("%d imports stored, want only the good one", len(list.Items))
	}

	if r := leader.get("/imports/00000000000000000000000000"); r.status != 404 || !strings.Contains(r.body, "Không tìm thấy") {
		t.Errorf("unknown import: %d", r.status)
	}
	if r := leader.post("/imports/"+id+"/items/9.9/split", formValues(t, leader.get("/imports/"+id).body, "/imports/"+id+"/items")); r.status != 404 {
		t.Errorf("splitting an unknown item: %d", r.status)
	}
	// Discarded: read-only, and the list says so.
	if r := leader.post("/imports/"+id+"/discard", url.Values{"version": {strconv.FormatInt(getImport(t, e, id).Version, 10)}}); r.path != "/imports?notice=discarded" || !strings.Contains(r.body, "Đã hủy") {
		t.Errorf("discard: %d at %s", r.status, r.path)
	}
	if r := leader.post("/imports/"+id+"/commit", url.Values{"version": {strconv.FormatInt(getImport(t, e, id).Version, 10)}}); r.status != 422 || !strings.Contains(r.body, "không thể thay đổi nữa") {
		t.Errorf("committing a discarded import: %d", r.status)
	}
}

func TestPagesStatic(t *testing.T) {
	e := newTestEnv(t)
	for path, want := range map[string]string{
		"/static/vendor/htmx.min.js":  "text/javascript",
		"/static/vendor/pico.min.css": "text/css",
		"/static/app.css":             "text/css",
	} {
		res, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), want) || len(body) < 100 {
			t.Errorf("%s: %d %q %d bytes", path, res.StatusCode, res.Header.Get("Content-Type"), len(body))
		}
		if cc := res.Header.Get("Cache-Control"); strings.Contains(path, "vendor") != strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
	}
	for _, path := range []string{"/static/vendor/", "/static/", "/static/../go.mod", "/static/nope.js"} {
		res, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/static/vendor/pico.min.css", nil)
	req.Header.Set("Accept-Encoding", "br, gzip;q=0.8")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" || res.ContentLength > 30<<10 {
		t.Errorf("gzip: %q, %d bytes", res.Header.Get("Content-Encoding"), res.ContentLength)
	}
	// The layout links the assets it ships.
	p := e.browser().get("/login")
	for _, ref := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(p.body, -1) {
		res, err := http.Get(e.srv.URL + html.UnescapeString(ref[1]))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q", ref[1], res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
}

func getImport(t *testing.T, e *testEnv, id string) importJSON {
	t.Helper()
	var imp importJSON
	if st := e.do("leader", "GET", "/api/v1/imports/"+id, nil, &imp); st != 200 {
		t.Fatalf("get import: %d", st)
	}
	return imp
}

func taskCount(t *testing.T, e *testEnv, month string) int {
	t.Helper()
	var page struct{ Total int }
	if st := e.do("leader", "GET", "/api/v1/tasks?period="+month+"&perPage=200", nil, &page); st != 200 {
		t.Fatalf("tasks: %d", st)
	}
	return page.Total
}

// monthVN writes "2021-10" as the pages do: "10/2021".
func monthVN(m string) string {
	if len(m) != 7 {
		return m
	}
	return m[5:] + "/" + m[:4]
}

// selectHTML is the markup of the select named name.
func selectHTML(body, name string) string {
	i := strings.Index(body, `name="`+name+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</select>")
	if j < 0 {
		return ""
	}
	return body[i : i+j]
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
