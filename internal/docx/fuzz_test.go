package docx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/internal/docx/docxtest"
)

var writeSeeds = flag.Bool("write-fuzz-seeds", false, "rewrite the FuzzRead seed corpus in testdata/fuzz/FuzzRead")

// emptyZip is a zip with no entries: only the end-of-central-directory record.
var emptyZip = append([]byte("PK\x05\x06"), make([]byte, 18)...)

func FuzzRead(f *testing.F) {
	// testdata/fuzz/FuzzRead holds small .docx files (see fuzzSeeds).
	f.Add([]byte{})
	f.Add(emptyZip)
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, err := docx.Read(data, docx.DefaultLimits())
		if err != nil {
			var e *docx.Error
			if !errors.As(err, &e) || e.Vi == "" || e.En == "" || blocks != nil {
				t.Fatalf("Read = %d blocks, %#v", len(blocks), err)
			}
			switch e.Code {
			case docx.CodeTooLarge, docx.CodeZipBomb, docx.CodeNotDocx, docx.CodeLegacyDoc, docx.CodeXMLTooDeep, docx.CodeCorrupt:
			default:
				t.Fatalf("unknown code %q", e.Code)
			}
			return
		}
		for _, b := range blocks {
			checkText(t, b.Text, false)
			if strings.ContainsAny(b.Text, "\r\n") {
				t.Fatalf("line break in block %q", b.Text)
			}
			for _, n := range b.Notes {
				checkText(t, n.Text, true) // a footnote may be empty
				if n.Number < 0 || n.Text != strings.TrimSpace(n.Text) {
					t.Fatalf("footnote %d %q", n.Number, n.Text)
				}
			}
		}
	})
}

func checkText(t *testing.T, s string, emptyOK bool) {
	t.Helper()
	last, _ := utf8.DecodeLastRuneInString(s)
	if s == "" && !emptyOK || !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) || unicode.IsSpace(last) {
		t.Fatalf("bad text %q", s)
	}
}

// fuzzSeeds are small documents built by docxtest, repacked without
// compression and with CRC 0 (archive/zip then skips the check) so that
// mutations reach the XML instead of breaking the inflate stream.
func fuzzSeeds(t *testing.T) map[string][]byte {
	seeds := map[string][]byte{}
	add := func(name string, b *docxtest.Builder) {
		data, err := b.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		seeds[name] = stored(t, data)
	}
	add("paragraphs", docxtest.New().Paragraph("NGHỊ QUYẾT").Para(docxtest.Text("*\tHương Xuân"), docxtest.Break(), docxtest.Text("Số 31-NQ/ĐU")))
	add("bullets-footnotes", docxtest.New().Numbered(0, "Tình hình").Numbered(1, "Về kinh tế").
		BulletPara(docxtest.Text("Thu ngân sách"), docxtest.Note("Trong đó:\t0,5ha"), docxtest.Text(".")).
		StyledPara("ListBullet2", docxtest.Text("kiểu"), docxtest.CustomNote("*", "sao")))
	add("table-changes-fields", docxtest.New().Table([]docxtest.Cell{{"ĐẢNG BỘ", "*"}, {"ĐẢNG CỘNG SẢN VIỆT NAM"}}).
		Para(docxtest.Text("Đã "), docxtest.Deleted("không "), docxtest.Inserted("xong"), docxtest.Hidden("ẩn"), docxtest.Field("PAGE", "3")))
	add("grid-task-table", docxtest.New().Grid(4,
		docxtest.GridRow{{docxtest.Text("TT")}, {docxtest.Text("Nội dung")}, {docxtest.Text("Chủ trì")}, {docxtest.Text("Thời hạn")}},
		docxtest.GridRow{{docxtest.Text("I")}, {docxtest.Text("KINH TẾ")}},
		docxtest.GridRow{{docxtest.Text("1")}, {docxtest.Text("Thu thuế"), docxtest.Note("Nợ đọng")}, {docxtest.Text("UBND\nMTTQ")}, {docxtest.Text("Quý IV")}}).
		ListPara(1, 1, docxtest.Text("phần việc")))
	random := make([]byte, 512)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	seeds["random"] = random
	seeds["empty-zip"] = emptyZip
	return seeds
}

// stored rewrites a zip with every entry stored and CRC 0.
func stored(t *testing.T, data []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		n := uint64(len(body))
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Store, CompressedSize64: n, UncompressedSize64: n})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteFuzzSeeds regenerates the committed seed corpus:
//
//	go test ./internal/docx -run TestWriteFuzzSeeds -write-fuzz-seeds
func TestWriteFuzzSeeds(t *testing.T) {
	seeds := fuzzSeeds(t)
	for name, data := range seeds {
		if _, err := docx.Read(data, docx.DefaultLimits()); err != nil && !strings.HasPrefix(name, "random") && name != "empty-zip" {
			t.Errorf("seed %s does not read: %v", name, err)
		}
	}
	if !*writeSeeds {
		t.Skip("run with -write-fuzz-seeds to rewrite testdata/fuzz/FuzzRead")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzRead")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range seeds {
		file := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if len(file) > 20<<10 {
			t.Errorf("seed %s is %d bytes", name, len(file))
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(file), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
