package resolution

import (
	"reflect"
	"testing"

	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/internal/docx/docxtest"
)

// TestDocxParsesLikeText: the same resolution as a Word file — with real
// footnotes, and bullets either as Word list numbering or as typed "-" —
// gives the same header, tasks and footnotes as its text export.
func TestDocxParsesLikeText(t *testing.T) {
	sources := map[string]func(testing.TB) []byte{"fixture": readFixture, "sample": readSample}
	for name, read := range sources {
		for style, styleName := range map[docxtest.BulletStyle]string{docxtest.WordNumbering: "word-numbering", docxtest.TypedDash: "typed-dash"} {
			t.Run(name+"/"+styleName, func(t *testing.T) {
				text := read(t)
				want := parseText(t, text)
				file, err := docxtest.FromText(string(text), style)
				if err != nil {
					t.Fatal(err)
				}
				blocks, err := docx.Read(file, docx.DefaultLimits())
				if err != nil {
					t.Fatal(err)
				}
				got, err := Parse(blocks)
				if err != nil {
					t.Fatal(err)
				}
				if got.Number != want.Number || got.Date != want.Date || got.TargetMonth != want.TargetMonth || got.Place != want.Place {
					t.Errorf("header: got %+v %s %s %s, want %+v %s %s %s", got.Number, got.Date, got.TargetMonth, got.Place, want.Number, want.Date, want.TargetMonth, want.Place)
				}
				if !reflect.DeepEqual(got.Tasks, want.Tasks) {
					t.Errorf("tasks differ:\n got %+v\nwant %+v", got.Tasks, want.Tasks)
				}
				if !reflect.DeepEqual(got.Review, want.Review) {
					t.Errorf("review differs")
				}
			})
		}
	}
}
