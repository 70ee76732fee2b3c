package docx

import (
	"archive/zip"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v      int
		format string
		want   string
	}{
		{1, "decimal", "1"},
		{12, "", "12"},
		{3, "upperRoman", "III"},
		{4, "upperRoman", "IV"},
		{1994, "upperRoman", "MCMXCIV"},
		{9, "lowerRoman", "ix"},
		{0, "upperRoman", "0"},
		{4000, "upperRoman", "4000"},
		{1, "upperLetter", "A"},
		{27, "upperLetter", "AA"},
		{28, "lowerLetter", "bb"},
		{1 << 30, "upperLetter", "1073741824"},
		{5, "decimalZero", "05"},
		{15, "decimalZero", "15"},
		{2, "ordinal", "2"},
		{-1, "lowerRoman", "-1"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.v, tt.format); got != tt.want {
			t.Errorf("formatNumber(%d, %q) = %q, want %q", tt.v, tt.format, got, tt.want)
		}
	}
}

func TestNumberingStartOverride(t *testing.T) {
	start := 5
	n := &numbering{
		abstracts: map[string]*abstractNum{"0": {
			{defined: true, format: "upperRoman", text: "%1.", start: 1},
			{defined: true, format: "decimal", text: "%1.%2)", start: 1},
		}},
		nums: map[int]*numDef{
			1: {abstract: "0"},
			2: {abstract: "0", startOverride: [maxLevels]*int{&start}},
		},
		counters: map[int]*[maxLevels]counter{},
	}
	var got []string
	for _, c := range []struct{ num, lvl int }{{1, 0}, {1, 1}, {1, 1}, {2, 0}, {2, 1}, {1, 0}, {1, 1}} {
		label, _, _ := n.next(c.num, c.lvl)
		got = append(got, label)
	}
	want := "I. I.1) I.2) V. V.1) II. II.1)"
	if strings.Join(got, " ") != want {
		t.Errorf("labels %q, want %q", strings.Join(got, " "), want)
	}
}

// Reading past the budget is refused even where the headers would not
// show it: the headers are checked first, so only this reader sees it.
func TestEntryReader(t *testing.T) {
	f := &zip.File{FileHeader: zip.FileHeader{Name: "word/document.xml", UncompressedSize64: 10}}
	tests := []struct {
		name string
		r    io.Reader
		code string
	}{
		{"past the budget", strings.NewReader(strings.Repeat("x", 101)), CodeZipBomb},
		{"past the declared size", io.MultiReader(strings.NewReader("x"), errReader{zip.ErrFormat}), CodeZipBomb},
		{"broken stream", errReader{zip.ErrChecksum}, CodeCorrupt},
	}
	for _, tt := range tests {
		p := &pkg{budget: 100}
		_, err := io.ReadAll(&entryReader{r: io.LimitReader(tt.r, p.budget+1), p: p, f: f})
		if !errors.Is(err, &Error{Code: tt.code}) {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	p := &pkg{budget: 100}
	if b, err := io.ReadAll(&entryReader{r: strings.NewReader(strings.Repeat("x", 100)), p: p, f: f}); err != nil || len(b) != 100 {
		t.Errorf("exactly the budget: %d bytes, %v", len(b), err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestResolvePart(t *testing.T) {
	for _, tt := range []struct{ source, target, want string }{
		{"", "word/document.xml", "word/document.xml"},
		{"", "/word/document2.xml", "word/document2.xml"},
		{"word/document.xml", "footnotes.xml", "word/footnotes.xml"},
		{"word/document.xml", "../customXml/item.xml", "customXml/item.xml"},
		{"word/document.xml", "/word/foot%20notes.xml", "word/foot notes.xml"},
	} {
		if got := resolvePart(tt.source, tt.target); got != tt.want {
			t.Errorf("resolvePart(%q, %q) = %q, want %q", tt.source, tt.target, got, tt.want)
		}
	}
}
