package docx_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/internal/docx/docxtest"
)

// zeros is n bytes of zeros deflated: a few kilobytes per 10 MB.
func zeros(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestSpeed)
	chunk := make([]byte, 1<<20)
	for left := n; left > 0; left -= len(chunk) {
		if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadRefusesHostileInput(t *testing.T) {
	valid, err := docxtest.New().Paragraph("Nghị quyết").Bytes()
	if err != nil {
		t.Fatal(err)
	}
	const bomb = 60 << 20
	inflated := zeros(t, bomb)
	deep := strings.Repeat("<w:p>", 10000) + strings.Repeat("</w:p>", 10000)
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	manyEntries := func() []byte {
		var parts []part
		for i := range 2000 {
			parts = append(parts, part{name: fmt.Sprintf("word/media/image%d.png", i), data: []byte{byte(i)}})
		}
		return zipOf(t, append(parts, part{name: "word/document.xml", data: documentXML("")})...)
	}

	tests := []struct {
		name string
		data []byte
		lim  docx.Limits
		code string
	}{
		{"empty file", nil, docx.Limits{}, docx.CodeNotDocx},
		{"random bytes", random, docx.Limits{}, docx.CodeNotDocx},
		{"random bytes after PK", append([]byte("PK\x03\x04"), random...), docx.Limits{}, docx.CodeCorrupt},
		{"legacy .doc", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, random...), docx.Limits{}, docx.CodeLegacyDoc},
		{"empty zip", zipOf(t), docx.Limits{}, docx.CodeNotDocx},
		{"zip without word/document.xml", zipOf(t, part{name: "word/styles.xml", data: []byte("<w:styles/>")}), docx.Limits{}, docx.CodeNotDocx},
		{"file over the limit", bytes.Repeat([]byte("PK"), 5<<20+1), docx.Limits{}, docx.CodeTooLarge},
		{"file over a custom limit", valid, docx.Limits{MaxFileBytes: 100}, docx.CodeTooLarge},
		{"2,000 entries", manyEntries(), docx.Limits{}, docx.CodeTooLarge},
		{"zip bomb: 60 MB of zeros", zipOf(t, part{data: inflated, raw: &zip.FileHeader{
			Name: "word/document.xml", Method: zip.Deflate, CompressedSize64: uint64(len(inflated)), UncompressedSize64: bomb}}), docx.Limits{}, docx.CodeZipBomb},
		{"header lies about the size", zipOf(t, part{data: inflated, raw: &zip.FileHeader{
			Name: "word/document.xml", Method: zip.Deflate, CompressedSize64: uint64(len(inflated)), UncompressedSize64: 1000}}), docx.Limits{}, docx.CodeZipBomb},
		{"entries declare too much together", zipOf(t,
			part{name: "word/document.xml", data: documentXML("")},
			part{data: inflated, raw: &zip.FileHeader{Name: "word/media/a.bin", Method: zip.Deflate, CompressedSize64: uint64(len(inflated)), UncompressedSize64: 30 << 20}},
			part{data: inflated, raw: &zip.FileHeader{Name: "word/media/b.bin", Method: zip.Deflate, CompressedSize64: uint64(len(inflated)), UncompressedSize64: 30 << 20}},
		), docx.Limits{}, docx.CodeZipBomb},
		{"XML nested 10,000 deep", zipOf(t, part{name: "word/document.xml", data: documentXML(deep)}), docx.Limits{}, docx.CodeXMLTooDeep},
		{"deep footnotes", zipOf(t, part{name: "word/document.xml", data: documentXML("")},
			part{name: "word/footnotes.xml", data: []byte(strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300))}), docx.Limits{}, docx.CodeXMLTooDeep},
		{"depth over a custom limit", valid, docx.Limits{MaxXMLDepth: 3}, docx.CodeXMLTooDeep},
		{"malformed XML", zipOf(t, part{name: "word/document.xml", data: []byte(`<w:document ` + wordNS + `><w:body><w:p>`)}), docx.Limits{}, docx.CodeCorrupt},
		{"entity expansion", zipOf(t, part{name: "word/document.xml", data: []byte(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>` +
			`<w:document ` + wordNS + `><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`)}), docx.Limits{}, docx.CodeCorrupt},
		{"bad checksum", zipOf(t, part{data: []byte("<x/>"), raw: &zip.FileHeader{
			Name: "word/document.xml", Method: zip.Store, CRC32: 12345, CompressedSize64: 4, UncompressedSize64: 4}}), docx.Limits{}, docx.CodeCorrupt},
		{"truncated", valid[:len(valid)/2], docx.Limits{}, docx.CodeCorrupt},
		{"unknown compression method", zipOf(t, part{data: []byte("<x/>"), raw: &zip.FileHeader{
			Name: "word/document.xml", Method: 99, CompressedSize64: 4, UncompressedSize64: 4}}), docx.Limits{}, docx.CodeCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var blocks any
			var err error
			alloc := allocated(func() { blocks, err = docx.Read(tt.data, tt.lim) })
			var e *docx.Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("Read = %v, %v; want code %s", blocks, err, tt.code)
			}
			if !norm.NFC.IsNormalString(e.Vi) || e.Error() != e.Vi+" / "+e.En {
				t.Errorf("message %q", e.Error())
			}
			if !errors.Is(err, &docx.Error{Code: tt.code}) {
				t.Errorf("errors.Is does not match code %s", tt.code)
			}
			// Refusing must not inflate the bomb: allow the reader's buffers,
			// nothing near the 50 MB limit.
			if alloc > 8<<20 {
				t.Errorf("allocated %d MB to refuse", alloc>>20)
			}
		})
	}
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A large real part reads under the default limits and is refused under a
// smaller budget.
func TestReadBudget(t *testing.T) {
	body := strings.Repeat(`<w:p><w:r><w:t>Tiếp tục thực hiện</w:t></w:r></w:p>`, 20000) // ~1 MB
	data := zipOf(t, part{name: "word/document.xml", data: documentXML(body)})
	blocks, err := docx.Read(data, docx.Limits{})
	if err != nil || len(blocks) != 20000 {
		t.Fatalf("Read = %d blocks, %v", len(blocks), err)
	}
	_, err = docx.Read(data, docx.Limits{MaxUncompressedBytes: 100 << 10})
	if !errors.Is(err, &docx.Error{Code: docx.CodeZipBomb}) {
		t.Fatalf("Read with a 100 KB budget = %v, want zip_bomb", err)
	}
}

func TestErrorMessages(t *testing.T) {
	e := &docx.Error{Code: docx.CodeLegacyDoc, Vi: "Tệp cũ.", En: "old file"}
	if e.Error() != "Tệp cũ. / old file" {
		t.Errorf("Error() = %q", e.Error())
	}
	_, err := docx.Read([]byte{0xD0, 0xCF, 0x11, 0xE0}, docx.Limits{})
	var got *docx.Error
	if !errors.As(err, &got) || !strings.Contains(got.Vi, "lưu lại dưới dạng .docx") || !strings.Contains(got.En, "save it as .docx") {
		t.Errorf("legacy message = %v", err)
	}
}

// Spans pad a row with empty cells only up to a bound, however many
// spanning cells a row holds.
func TestSpansDoNotAmplify(t *testing.T) {
	span := `<w:tc><w:tcPr><w:gridSpan w:val="1000000"/></w:tcPr><w:p/></w:tc>`
	row := `<w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>` + strings.Repeat(span, 2000) + `</w:tr>`
	data := zipOf(t, part{name: "word/document.xml", data: documentXML(`<w:tbl>` + row + `</w:tbl>`)})
	blocks, err := docx.Read(data, docx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 1 || len(blocks[0].Cells) > 2001+64 { // a cell per w:tc, and the padding bound
		t.Fatalf("%d blocks, %d cells", len(blocks), len(blocks[0].Cells))
	}
}
