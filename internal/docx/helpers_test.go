package docx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/document"
)

func dump(blocks []document.Block) string {
	var w strings.Builder
	for i, b := range blocks {
		fmt.Fprintf(&w, "%2d list=%-5v level=%d %q", i, b.ListItem, b.ListLevel, b.Text)
		if b.Cells != nil {
			fmt.Fprintf(&w, " cells=%q", b.Cells)
		}
		for _, n := range b.Notes {
			fmt.Fprintf(&w, " [%d: %q]", n.Number, n.Text)
		}
		w.WriteByte('\n')
	}
	return w.String()
}

// part is one zip entry for zipOf.
type part struct {
	name string
	data []byte
	// raw, when set, writes data as already-deflated bytes with this header
	// (for archives whose headers lie).
	raw *zip.FileHeader
}

func zipOf(t testing.TB, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var err error
		if p.raw != nil {
			w, cerr := zw.CreateRaw(p.raw)
			if cerr != nil {
				t.Fatal(cerr)
			}
			_, err = w.Write(p.data)
		} else {
			w, cerr := zw.Create(p.name)
			if cerr != nil {
				t.Fatal(cerr)
			}
			_, err = w.Write(p.data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// documentXML wraps body XML in a w:document.
func documentXML(body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`)
}
