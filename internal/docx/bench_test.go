package docx_test

import (
	"os"
	"testing"

	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/internal/docx/docxtest"
)

// BenchmarkReadSample reads the sample resolution as a .docx with Word
// bullets and footnotes (the fixture when the sample is absent).
func BenchmarkReadSample(b *testing.B) {
	text, err := os.ReadFile(samplePath)
	if err != nil {
		text, err = os.ReadFile(fixturePath)
	}
	if err != nil {
		b.Fatal(err)
	}
	data, err := docxtest.FromText(string(text), docxtest.WordNumbering)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docx.Read(data, docx.DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}
