package web

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	for _, lang := range Languages {
		for _, other := range Languages {
			for key := range texts().own[lang] {
				if _, ok := texts().own[other][key]; !ok {
					t.Errorf("%q is in %s but not in %s", key, lang, other)
				}
			}
		}
	}
}

func TestCatalogTextIsNFC(t *testing.T) {
	for lang, m := range texts().own {
		for key, s := range m {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%s %q is not NFC", lang, key)
			}
			if strings.TrimSpace(s) != s || s == "" {
				t.Errorf("%s %q: blank or padded text %q", lang, key, s)
			}
		}
	}
}

// TestTemplatesUseKnownKeys: every {{t "key"}} in a page or mail template
// has text, the templates are NFC, and pages are free of inline scripts
// and styles (the CSP refuses them).
func TestTemplatesUseKnownKeys(t *testing.T) {
	used := regexp.MustCompile(`\bt "([^"]+)"`)
	names, _ := fs.Glob(files, "templates/*.html")
	mails, _ := fs.Glob(files, "templates/mail/*.html")
	if len(names) < 4 || len(mails) < 7 {
		t.Fatalf("templates: %v, mail templates: %v", names, mails)
	}
	names = append(names, mails...)
	for _, name := range names {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		for _, m := range used.FindAllStringSubmatch(src, -1) {
			if !Has(m[1]) {
				t.Errorf("%s: no text for %q", name, m[1])
			}
		}
		if !norm.NFC.IsNormalString(src) {
			t.Errorf("%s is not NFC", name)
		}
		// Pages live under the CSP; mail clients need inline styles.
		page := !strings.HasPrefix(name, "templates/mail/")
		for _, bad := range []string{" style=", "<style", "<script>", " onclick=", " onsubmit=", " onchange=", "javascript:"} {
			if (page || bad != " style=") && strings.Contains(src, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
}

func TestRenderer(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"vendor/htmx.min.js", "vendor/pico.min.css", "app.css"} {
		if u := r.assets[f]; !strings.HasPrefix(u, "/static/"+f+"?v=") {
			t.Errorf("asset %s: %q", f, u)
		}
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, "vi", "no-such-page", nil); err == nil {
		t.Error("an unknown page rendered")
	}
	type page struct {
		Layout
		Email, Problem string
		Failed         bool
	}
	for lang, want := range map[string]string{"vi": `<html lang="vi">`, "en": `<html lang="en">`, "fr": `<html lang="vi">`} {
		buf.Reset()
		if err := r.Render(&buf, lang, "login", page{Layout: Layout{Title: "x"}, Email: `a"<b>@x`}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, want) || !strings.Contains(out, T(lang, "login.password")) {
			t.Errorf("%s: %s", lang, out)
		}
		if strings.Contains(out, `a"<b>`) {
			t.Errorf("%s: input not escaped", lang)
		}
	}
}

func TestT(t *testing.T) {
	if got := T("en", "notice.committed", 3, "10/2021"); got != "Created 3 tasks for 10/2021." {
		t.Errorf("en: %q", got)
	}
	if got := T("vi", "notice.committed", 3, "10/2021"); got != "Đã tạo 3 nhiệm vụ cho tháng 10/2021." {
		t.Errorf("vi: %q", got)
	}
	if got := T("fr", "login.title"); got != "Đăng nhập" {
		t.Errorf("fallback: %q", got)
	}
	if got := T("vi", "no.such.key"); got != "no.such.key" {
		t.Errorf("missing: %q", got)
	}
}
