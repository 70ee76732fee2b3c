package docxtest

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// Part returns the named part of a .docx ("word/document.xml"), failing
// the test when the file is not a .docx or has no such part.
func Part(t testing.TB, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a .docx: %v", err)
	}
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatalf("the .docx has no %s", name)
	return ""
}
