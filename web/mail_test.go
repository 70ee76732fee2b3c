package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestMailTemplatesUseKnownKeys: every {{t "key"}} in a mail template has
// text, the templates are NFC, and the set parses.
func TestMailTemplatesUseKnownKeys(t *testing.T) {
	if _, err := mailTemplates(); err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`\bt "([^"]+)"`)
	names, _ := fs.Glob(files, "templates/mail/*.html")
	if len(names) < 7 {
		t.Fatalf("mail templates: %v", names)
	}
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
	}
}

// A mail renders in the reader's language, Vietnamese for an unknown one.
func TestMailHTMLLanguages(t *testing.T) {
	data := struct{ Subject, Greeting, Body, Link string }{"s", "g", "b", "https://x.example/reset?token=a"}
	for lang, want := range map[string]string{"vi": "Đặt mật khẩu mới", "en": "Choose a new password", "": "Đặt mật khẩu mới"} {
		got, err := MailHTML(lang, "reset.html", data)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, want) {
			t.Errorf("%q: %s", lang, got)
		}
	}
}
