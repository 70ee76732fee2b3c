package web

import (
	"strings"
	"testing"
)

// TestMailTemplatesParse: the mail set parses (their keys and NFC are
// checked with the pages', in TestTemplatesUseKnownKeys).
func TestMailTemplatesParse(t *testing.T) {
	if _, err := mailTemplates(); err != nil {
		t.Fatal(err)
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
