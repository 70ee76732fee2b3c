package handlers_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// englishPhrases are the English catalog's texts of three words or more
// that differ from their Vietnamese: any of them on a Vietnamese page is
// English that leaked (a missing key, a text written in Go).
func englishPhrases(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../web/i18n/*.en.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("catalog: %v %v", files, err)
	}
	var out []string
	for _, en := range files {
		enText, viText := readCatalog(t, en), readCatalog(t, strings.TrimSuffix(en, ".en.json")+".vi.json")
		for key, s := range enText {
			// The fixed part before any argument is what can be looked for.
			s, _, _ = strings.Cut(s, "%")
			if len(strings.Fields(s)) >= 3 && s != viText[key] {
				out = append(out, strings.TrimSpace(s))
			}
		}
	}
	return out
}

func readCatalog(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// visibleText is the text a reader sees in body: text nodes outside
// scripts and styles, one space apart.
func visibleText(body string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				b.WriteString(strings.Join(strings.Fields(string(z.Text())), " "))
				b.WriteByte(' ')
			}
		}
	}
}

// pageAssets are the site's own files a page loads (styles, scripts,
// icons, images).
func pageAssets(body string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		attr := map[string]string{"link": "href", "script": "src", "img": "src"}[string(name)]
		for hasAttr && attr != "" {
			k, v, more := z.TagAttr()
			if string(k) == attr && strings.HasPrefix(string(v), "/") && !strings.HasPrefix(string(v), "//") {
				out = append(out, string(v))
			}
			hasAttr = more
		}
	}
}
