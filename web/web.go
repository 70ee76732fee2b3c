// Package web holds what browsers get: the page templates, the static
// files (app.css and the vendored htmx and Pico CSS, see
// static/vendor/README.md) and the page text in Vietnamese and English.
// Everything is embedded in the binary; there is no front-end build step.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/theodoi/theodoi/models"
)

//go:embed templates static i18n
var files embed.FS

// Languages are the languages pages are written in; the first is the default.
var Languages = []string{"vi", "en"}

// Renderer executes the page templates. It is safe for concurrent use.
type Renderer struct {
	// pages holds one template set (layout + page) per language and page,
	// each with that language's text function, so rendering needs no
	// per-request cloning.
	pages  map[string]map[string]*template.Template
	assets map[string]string // static file name → URL with a content hash
}

// Layout is what the frame around every page shows. Page data embeds it.
type Layout struct {
	Title    string // already in the page's language
	LoggedIn bool
	Nav      string // the current section ("imports"), for aria-current
	Notice   string // a confirmation, shown as a status message
	Alert    string // a problem, shown as an alert
	// Menu is the main navigation for this user's role.
	Menu []MenuItem
	// Here is the page's own path and query, where the language switch
	// comes back to.
	Here string
	// Committee is the signed-in user's committee, shown in the header.
	Committee string
	// Next is the page a sign-in goes on to (the sign-in and first
	// password forms carry it), already checked to be a path on this site.
	NextPage string
	// Unread is how many of the signed-in user's notices are unread, shown
	// by the menu's notifications link (0 also when it could not be read).
	Unread int
}

// MenuItem is one link of the main navigation; Key names its text and
// Section is matched against Layout.Nav.
type MenuItem struct {
	Href, Key, Section string
}

// New parses every page under templates/ together with the layout.
func New() (*Renderer, error) {
	assets, err := assetURLs()
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	r := &Renderer{pages: map[string]map[string]*template.Template{}, assets: assets}
	for _, lang := range Languages {
		r.pages[lang] = map[string]*template.Template{}
		for _, name := range names {
			if path.Base(name) == "layout.html" {
				continue
			}
			page := strings.TrimSuffix(path.Base(name), ".html")
			t, err := template.New("layout.html").Funcs(r.funcs(lang)).ParseFS(files, "templates/layout.html", name)
			if err != nil {
				return nil, fmt.Errorf("template %s: %w", name, err)
			}
			r.pages[lang][page] = t
		}
	}
	return r, nil
}

// Must is New for program start: the templates are embedded, so a parse
// error is a bug that tests catch.
func Must() *Renderer {
	r, err := New()
	if err != nil {
		panic(err)
	}
	return r
}

// Render writes page in lang (unknown languages fall back to Vietnamese).
// The page is rendered in full before anything is written, so a template
// error never leaves half a page.
func (r *Renderer) Render(w io.Writer, lang, page string, data any) error {
	return r.RenderFragment(w, lang, page, "layout", data)
}

// RenderFragment writes one template defined in page, without the layout:
// the part of a page that an htmx request swaps in.
func (r *Renderer) RenderFragment(w io.Writer, lang, page, name string, data any) error {
	set, ok := r.pages[lang]
	if !ok {
		set = r.pages[Languages[0]]
	}
	t, ok := set[page]
	if !ok {
		return fmt.Errorf("no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("page %s, %s: %w", page, name, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func (r *Renderer) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":       func(key string, args ...any) string { return T(lang, key, args...) },
		"lang":    func() string { return lang },
		"date":    func(d any) string { return DateLabel(fmt.Sprint(d)) },
		"month":   func(m any) string { return MonthLabel(fmt.Sprint(m)) },
		"number":  func(n int) string { return Number(lang, n) },
		"percent": func(f float64) string { return Percent(lang, f) },
		"figures": func(f models.Figures) string { return FiguresSentence(lang, f) },
		// dict passes several values to a shared template part.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"asset": func(name string) (string, error) {
			u, ok := r.assets[name]
			if !ok {
				return "", fmt.Errorf("no static file %q", name)
			}
			return u, nil
		},
	}
}

// Static is the static file tree, served under /static/.
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // "static" is embedded: cannot happen
	}
	return sub
}

// assetURLs names each static file with a hash of its content, so a
// changed file gets a new URL and every file may be cached for long.
func assetURLs() (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(Static(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Static(), name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out[name] = "/static/" + name + "?v=" + hex.EncodeToString(sum[:6])
		return nil
	})
	return out, err
}
