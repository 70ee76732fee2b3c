package resolution

import (
	"fmt"
	"os"
	"testing"
)

const (
	samplePath  = "../../../shared/samples/nghi-quyet-31-NQ-DU-2021-09-23.txt"
	fixturePath = "testdata/nghi-quyet-an-hoa-du-thao.txt"
)

// readSample returns the real resolution shared with the team; it is not
// in this repository, so tests that need it skip when it is absent.
func readSample(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(samplePath)
	if os.IsNotExist(err) {
		tb.Skipf("sample %s not present; the fixture tests still run", samplePath)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func readFixture(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(fixturePath)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func parseText(tb testing.TB, data []byte) Document {
	tb.Helper()
	blocks, err := ReadText(data)
	if err != nil {
		tb.Fatalf("ReadText: %v", err)
	}
	doc, err := Parse(blocks)
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return doc
}

// item finds task or review item "area.index" as printed.
func item(tb testing.TB, areas []Area, area, index int) Item {
	tb.Helper()
	for _, a := range areas {
		if a.Number == area {
			if index < 1 || index > len(a.Items) {
				tb.Fatalf("area %d has %d items, want item %d", area, len(a.Items), index)
			}
			return a.Items[index-1]
		}
	}
	tb.Fatalf("no area %d", area)
	return Item{}
}

// noteHomes maps each footnote number to "section.area.item".
func noteHomes(doc Document) map[int]string {
	homes := map[int]string{}
	for _, s := range []struct {
		name  string
		areas []Area
	}{{"I", doc.Review}, {"II", doc.Tasks}} {
		for _, a := range s.areas {
			for _, it := range a.Items {
				for _, f := range it.Footnotes {
					homes[f.Number] = fmt.Sprintf("%s.%d.%d", s.name, a.Number, it.Index)
				}
			}
		}
	}
	return homes
}
