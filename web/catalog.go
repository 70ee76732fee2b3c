package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Page text lives in i18n/<section>.<lang>.json (flat "key": "text"),
// Vietnamese first (DOMAIN.md §4 vocabulary). Each part of the interface
// keeps its own section file; go-i18n loads them all into one bundle and
// resolves each key for each language once, with Vietnamese as the
// fallback, so T is a map lookup at render time.

// T is the page text for key in lang, formatted with args like
// fmt.Sprintf. A key missing in lang falls back to Vietnamese, and a key
// missing there shows itself, so a gap is visible rather than blank.
func T(lang, key string, args ...any) string {
	c := texts()
	s, ok := c.resolved[lang][key]
	if !ok {
		if s, ok = c.resolved[Languages[0]][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Has reports whether key has text in Vietnamese.
func Has(key string) bool {
	_, ok := texts().resolved[Languages[0]][key]
	return ok
}

// catalog is the loaded text: what each file holds (for tests) and what
// each language resolves every key to.
type catalog struct {
	own      map[string]map[string]string // lang → key → text as written for that language
	resolved map[string]map[string]string // lang → key → text after fallback
}

// texts loads the embedded catalog once. The files are part of the
// binary, so a bad file is a bug the tests catch; it panics.
var texts = sync.OnceValue(func() *catalog {
	c, err := loadCatalog(files)
	if err != nil {
		panic(err)
	}
	return c
})

func loadCatalog(fsys fs.FS) (*catalog, error) {
	bundle := i18n.NewBundle(language.Vietnamese)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	names, err := fs.Glob(fsys, "i18n/*.json")
	if err != nil {
		return nil, err
	}
	c := &catalog{own: map[string]map[string]string{}, resolved: map[string]map[string]string{}}
	keys := map[string]bool{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		// section.lang.json: go-i18n takes the language from the name.
		parts := strings.Split(strings.TrimSuffix(path.Base(name), ".json"), ".")
		lang := parts[len(parts)-1]
		var flat map[string]string
		if err := json.Unmarshal(data, &flat); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if _, err := bundle.ParseMessageFileBytes(data, name); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if c.own[lang] == nil {
			c.own[lang] = map[string]string{}
		}
		for k, v := range flat {
			if _, dup := c.own[lang][k]; dup {
				return nil, fmt.Errorf("%s: key %q is defined twice", name, k)
			}
			c.own[lang][k] = v
			keys[k] = true
		}
	}
	for _, lang := range Languages {
		loc := i18n.NewLocalizer(bundle, lang, Languages[0])
		c.resolved[lang] = map[string]string{}
		for k := range keys {
			s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: k})
			if err != nil {
				continue // in neither language: T shows the key
			}
			c.resolved[lang][k] = s
		}
	}
	return c, nil
}
