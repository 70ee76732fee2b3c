package web

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
)

// Mail bodies are templates under templates/mail/, beside the pages, with
// the same text catalog: t, date and month work as on pages.

var mailTemplates = sync.OnceValues(func() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, lang := range Languages {
		funcs := template.FuncMap{
			"t":     func(key string, args ...any) string { return T(lang, key, args...) },
			"lang":  func() string { return lang },
			"date":  func(d any) string { return DateLabel(fmt.Sprint(d)) },
			"month": func(m any) string { return MonthLabel(fmt.Sprint(m)) },
		}
		t, err := template.New("mail").Funcs(funcs).ParseFS(files, "templates/mail/*.html")
		if err != nil {
			return nil, err
		}
		out[lang] = t
	}
	return out, nil
})

// MailHTML renders the mail template name ("notify.html") in lang.
func MailHTML(lang, name string, data any) (string, error) {
	sets, err := mailTemplates()
	if err != nil {
		return "", err
	}
	t, ok := sets[lang]
	if !ok {
		t = sets[Languages[0]]
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("mail %s: %w", name, err)
	}
	return buf.String(), nil
}
