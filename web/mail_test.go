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
	data := map[string]any{"Subject": "s", "Digest": false, "Items": nil, "AllLink": "https://x.example/notifications", "ProfileLink": ""}
	for lang, want := range map[string]string{"vi": "Từ lần thông báo trước", "en": "Since the last message", "": "Từ lần thông báo trước"} {
		got, err := MailHTML(lang, "notify.html", data)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, want) {
			t.Errorf("%q: %s", lang, got)
		}
	}
}
