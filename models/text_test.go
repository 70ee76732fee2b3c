package models

import "testing"

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Dòng một\vdòng hai":     "Dòng một\ndòng hai",
		"Trang\fmới":             "Trang\nmới",
		"a\r\nb\rc":              "a\nb\nc",
		"x\u2028y\u2029z":        "x\ny\nz",
		"tab\tgiữ nguyên":        "tab\tgiữ nguyên",
		"nul\x00esc\x1bdel\x7f.": "nul esc del .",
		"không đổi":              "không đổi",
	} {
		got := CleanText(in)
		if got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
		p := Problems{}
		CheckText(p, "text", got, 100)
		if len(p) != 0 {
			t.Errorf("CleanText(%q) = %q still fails the text rule: %v", in, got, p)
		}
	}
}
