package partydoc

import (
	"io"
	"testing"
)

// BenchmarkWriters writes a month of 1,000 tasks, the carry-over list's
// table, in each format.
func BenchmarkWriters(b *testing.B) {
	d := sample()
	d.Blocks = append(d.Blocks, Block{Kind: KindTable, Table: taskTable(1000)})
	for _, w := range []struct {
		name  string
		write func(io.Writer, Document) error
	}{{"docx", WriteDOCX}, {"pdf", WritePDF}} {
		b.Run(w.name, func(b *testing.B) {
			for b.Loop() {
				if err := w.write(io.Discard, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
