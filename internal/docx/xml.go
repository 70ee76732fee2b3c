package docx

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
)

// WordprocessingML namespaces: transitional (what Word writes) and strict.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// xmlReader is a streaming XML reader that refuses nesting deeper than max
// (encoding/xml has no such limit for Token) and knows the open elements.
type xmlReader struct {
	d     *xml.Decoder
	part  string
	max   int
	stack []xml.Name // open elements, innermost last
}

func newXMLReader(r io.Reader, part string, max int) *xmlReader {
	return &xmlReader{d: xml.NewDecoder(r), part: part, max: max}
}

// next returns the next token; io.EOF at the end, otherwise errors are *Error.
func (x *xmlReader) next() (xml.Token, error) {
	tok, err := x.d.Token()
	if err != nil {
		var e *Error
		if err == io.EOF || errors.As(err, &e) {
			return nil, err
		}
		return nil, errCorrupt(x.part, err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		if len(x.stack) >= x.max {
			return nil, errTooDeep(x.part, x.max)
		}
		x.stack = append(x.stack, t.Name)
	case xml.EndElement:
		x.stack = x.stack[:len(x.stack)-1]
	}
	return tok, nil
}

// skip consumes the rest of the element whose start was just read.
func (x *xmlReader) skip() error {
	for depth := len(x.stack); len(x.stack) >= depth; {
		if _, err := x.next(); err != nil {
			if err == io.EOF {
				return errCorrupt(x.part, io.ErrUnexpectedEOF)
			}
			return err
		}
	}
	return nil
}

// in reports whether the innermost open elements are these w: elements,
// outermost first: in("r", "t") is a w:t directly inside a w:r.
func (x *xmlReader) in(locals ...string) bool {
	if len(locals) > len(x.stack) {
		return false
	}
	tail := x.stack[len(x.stack)-len(locals):]
	for i, l := range locals {
		if !isW(tail[i]) || tail[i].Local != l {
			return false
		}
	}
	return true
}

func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

// attr returns the attribute by local name, whatever its prefix: producers
// disagree on whether w:val and friends carry one.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space != "xmlns" {
			return a.Value
		}
	}
	return ""
}

// attrInt returns an integer attribute; ok is false when absent or invalid.
func attrInt(se xml.StartElement, local string) (n int, ok bool) {
	n, err := strconv.Atoi(attr(se, local))
	return n, err == nil
}

// isOn reads an ST_OnOff value; absent is dflt.
func isOn(v string, dflt bool) bool {
	switch v {
	case "":
		return dflt
	case "0", "false", "off":
		return false
	}
	return true
}
