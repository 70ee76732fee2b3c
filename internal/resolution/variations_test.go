package resolution

import (
	"bytes"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/document"
)

var (
	dotNumeral  = regexp.MustCompile(`(?m)^(I{1,3})\. `)
	dashNumeral = regexp.MustCompile(`(?m)^(I{1,3})- `)
	bulletStart = regexp.MustCompile(`(?m)^[ \t]*- `)
)

// Each variation is something Word, an editor or a typist does to the
// same resolution; the parsed Document must not change.
var variations = []struct {
	name string
	edit func([]byte) []byte
}{
	{"CRLF", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }},
	{"CR", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r")) }},
	{"BOM", func(b []byte) []byte { return append([]byte("\uFEFF"), b...) }},
	{"NFD", norm.NFD.Bytes},
	{"I- numerals", func(b []byte) []byte { return dotNumeral.ReplaceAll(b, []byte("$1- ")) }},
	{"I - numerals", func(b []byte) []byte {
		b = dashNumeral.ReplaceAll(b, []byte("$1. "))
		return dotNumeral.ReplaceAll(b, []byte("$1 - "))
	}},
	{"I. numerals", func(b []byte) []byte { return dashNumeral.ReplaceAll(b, []byte("$1. ")) }},
	{"tabs and spaces before bullets", func(b []byte) []byte { return bulletStart.ReplaceAll(b, []byte(" \t  - ")) }},
	{"UTF-16LE with BOM", func(b []byte) []byte {
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(b)
		if err != nil {
			panic(err)
		}
		return out
	}},
	{"all at once", func(b []byte) []byte {
		b = bulletStart.ReplaceAll(dotNumeral.ReplaceAll(b, []byte("$1- ")), []byte("\t- "))
		return bytes.ReplaceAll(norm.NFD.Bytes(b), []byte("\n"), []byte("\r\n"))
	}},
}

// textSources are every resolution the tests hold: the sample (when
// present), the draft fixture and the committees' styles.
func textSources() map[string]func(testing.TB) []byte {
	sources := map[string]func(testing.TB) []byte{"fixture": readFixture, "sample": readSample}
	for _, fx := range styleFixtures {
		sources[fx.file] = func(tb testing.TB) []byte { return readStyleFixture(tb, fx.file) }
	}
	return sources
}

func TestVariationsParseIdentically(t *testing.T) {
	for name, read := range textSources() {
		t.Run(name, func(t *testing.T) {
			data := read(t)
			want := parseText(t, data)
			for _, v := range variations {
				t.Run(v.name, func(t *testing.T) {
					edited := v.edit(bytes.Clone(data))
					if bytes.Equal(edited, data) && !strings.HasPrefix(v.name, "I") {
						t.Fatal("the variation changed nothing")
					}
					if got := parseText(t, edited); !reflect.DeepEqual(got, want) {
						t.Errorf("parsed differently\n got %+v\nwant %+v", got, want)
					}
				})
			}
		})
	}
}

// The .docx reader gives Word list paragraphs (no typed "-") and real
// footnotes; the same resolution must parse the same way.
func TestWordListBlocksParseIdentically(t *testing.T) {
	for name, read := range textSources() {
		t.Run(name, func(t *testing.T) {
			blocks, err := ReadText(read(t))
			if err != nil {
				t.Fatal(err)
			}
			want, err := Parse(blocks)
			if err != nil {
				t.Fatal(err)
			}
			var listed []document.Block
			for _, b := range blocks {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(b.Text), "- "); ok {
					b.Text, b.ListItem = rest, true
				}
				listed = append(listed, b)
			}
			got, err := Parse(listed)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("list blocks parsed differently\n got %+v\nwant %+v", got, want)
			}
		})
	}
}
