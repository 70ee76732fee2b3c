package partydoc

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// The package step finishes what godocx writes: real footnotes
// (word/footnotes.xml, its relationship, content type and settings), the
// page headers with the page number, the document's own properties, and
// no leftovers of the library's template (its preview picture and its
// Word 2010 style copy, which would show another document's thumbnail
// and fonts).

const (
	footnotesPart = "word/footnotes.xml"
	relFootnotes  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
	ctFootnotes   = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
	nsW           = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

	// The page number is in the header, centred, from the second page
	// (Hướng dẫn 36-HD/VPTW); the first page's header is empty.
	headerPart      = "word/header1.xml"
	firstHeaderPart = "word/header2.xml"
	relHeader       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
	ctHeader        = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
)

// dropped are template parts left out of the package.
var dropped = map[string]bool{
	"docProps/thumbnail.jpeg":    true,
	"word/stylesWithEffects.xml": true,
}

var (
	markerRe = regexp.MustCompile(`<w:t[^>]*>\x{E000}(\d+)\x{E001}</w:t>`)
	// godocx writes empty elements with an end tag; Word's own files
	// close them with "/>". Both are matched.
	thumbRelRe   = regexp.MustCompile(`<Relationship [^>]*Target="docProps/thumbnail.jpeg"[^>]*?(?:/>|></Relationship>)`)
	effectsRelRe = regexp.MustCompile(`<Relationship [^>]*Target="stylesWithEffects.xml"[^>]*?(?:/>|></Relationship>)`)
	effectsCTRe  = regexp.MustCompile(`<Override PartName="/word/stylesWithEffects.xml"[^>]*?(?:/>|></Override>)`)
	previewRe    = regexp.MustCompile(`<w:savePreviewPicture/>`)
)

func finishPackage(w io.Writer, raw []byte, title string, notes []Note) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return fmt.Errorf("docx package: %w", err)
	}
	zw := zip.NewWriter(w)
	for _, f := range zr.File {
		if dropped[f.Name] {
			continue
		}
		if !rewritten[f.Name] { // copied as compressed: styles.xml alone is 400 kB
			if err := copyZipFile(zw, f); err != nil {
				return err
			}
			continue
		}
		data, err := readZipFile(f)
		if err != nil {
			return err
		}
		switch f.Name {
		case "word/document.xml":
			data = markerRe.ReplaceAll(data, []byte(`<w:footnoteReference w:id="$1"/>`))
			// headerReference comes first in CT_SectPr.
			data = insertAfter(data, "<w:sectPr>",
				`<w:headerReference w:type="default" r:id="rIdPartyHeader"/><w:headerReference w:type="first" r:id="rIdPartyHeaderFirst"/>`)
		case "word/_rels/document.xml.rels":
			data = effectsRelRe.ReplaceAll(data, nil)
			data = insertBefore(data, "</Relationships>",
				`<Relationship Id="rIdPartyHeader" Type="`+relHeader+`" Target="header1.xml"/>`+
					`<Relationship Id="rIdPartyHeaderFirst" Type="`+relHeader+`" Target="header2.xml"/>`)
			if len(notes) > 0 {
				data = insertBefore(data, "</Relationships>",
					`<Relationship Id="rIdPartyFootnotes" Type="`+relFootnotes+`" Target="footnotes.xml"/>`)
			}
		case "_rels/.rels":
			data = thumbRelRe.ReplaceAll(data, nil)
		case "[Content_Types].xml":
			data = effectsCTRe.ReplaceAll(data, nil)
			data = insertBefore(data, "</Types>",
				`<Override PartName="/`+headerPart+`" ContentType="`+ctHeader+`"/>`+
					`<Override PartName="/`+firstHeaderPart+`" ContentType="`+ctHeader+`"/>`)
			if len(notes) > 0 {
				data = insertBefore(data, "</Types>", `<Override PartName="/`+footnotesPart+`" ContentType="`+ctFootnotes+`"/>`)
			}
		case "word/settings.xml":
			data = previewRe.ReplaceAll(data, nil)
			if len(notes) > 0 {
				// footnotePr comes right before compat in CT_Settings.
				data = insertBefore(data, "<w:compat>", `<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>`)
			}
		case "docProps/core.xml":
			data = coreProperties(title)
		case "docProps/app.xml":
			data = appProperties()
		}
		if err := writeZipFile(zw, f.Name, data); err != nil {
			return err
		}
	}
	if len(notes) > 0 {
		if err := writeZipFile(zw, footnotesPart, footnotesXML(notes)); err != nil {
			return err
		}
	}
	if err := writeZipFile(zw, headerPart, pageNumberHeader); err != nil {
		return err
	}
	if err := writeZipFile(zw, firstHeaderPart, emptyHeader); err != nil {
		return err
	}
	return zw.Close()
}

// pageNumberHeader is the header of the second and later pages: the
// page number, a PAGE field, centred, in the body's 14 pt. The field has
// no stored result: Word and LibreOffice compute it when they lay out.
var pageNumberHeader = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<w:hdr xmlns:w="` + nsW + `"><w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/></w:pPr>` +
	`<w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
	`<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
	`<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`)

// emptyHeader is the first page's header.
var emptyHeader = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<w:hdr xmlns:w="` + nsW + `"><w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p></w:hdr>`)

// rewritten are the parts the package step changes.
var rewritten = map[string]bool{
	"word/document.xml": true, "word/_rels/document.xml.rels": true, "_rels/.rels": true,
	"[Content_Types].xml": true, "word/settings.xml": true, "docProps/core.xml": true, "docProps/app.xml": true,
}

func copyZipFile(zw *zip.Writer, f *zip.File) error {
	r, err := f.OpenRaw()
	if err != nil {
		return fmt.Errorf("docx package %s: %w", f.Name, err)
	}
	w, err := zw.CreateRaw(&f.FileHeader)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("docx package %s: %w", f.Name, err)
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func writeZipFile(zw *zip.Writer, name string, data []byte) error {
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Unix(0, 0).UTC()})
	if err != nil {
		return err
	}
	_, err = fw.Write(data)
	return err
}

// insertAfter puts insert right after the first anchor.
func insertAfter(data []byte, anchor, insert string) []byte {
	i := bytes.Index(data, []byte(anchor))
	if i < 0 {
		return data
	}
	i += len(anchor)
	out := make([]byte, 0, len(data)+len(insert))
	out = append(out, data[:i]...)
	out = append(out, insert...)
	return append(out, data[i:]...)
}

func insertBefore(data []byte, anchor, insert string) []byte {
	i := bytes.LastIndex(data, []byte(anchor))
	if i < 0 {
		return data
	}
	out := make([]byte, 0, len(data)+len(insert))
	out = append(out, data[:i]...)
	out = append(out, insert...)
	return append(out, data[i:]...)
}

// footnotesXML is word/footnotes.xml: the two separators Word expects,
// then each note, 12 pt, with its reference mark.
func footnotesXML(notes []Note) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:footnotes xmlns:w="` + nsW + `">`)
	tight := `<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>`
	b.WriteString(`<w:footnote w:type="separator" w:id="-1"><w:p>` + tight + `<w:r><w:separator/></w:r></w:p></w:footnote>`)
	b.WriteString(`<w:footnote w:type="continuationSeparator" w:id="0"><w:p>` + tight + `<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>`)
	size := fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, 2*sizeRecipient, 2*sizeRecipient)
	for _, n := range notes {
		fmt.Fprintf(&b, `<w:footnote w:id="%d"><w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr>`, n.Number)
		b.WriteString(`<w:r><w:rPr>` + size + `<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>`)
		b.WriteString(`<w:r><w:rPr>` + size + `</w:rPr><w:t xml:space="preserve"> `)
		xml.EscapeText(&writerAdapter{&b}, []byte(n.Text)) //nolint:errcheck // strings.Builder does not fail
		b.WriteString(`</w:t></w:r></w:p></w:footnote>`)
	}
	b.WriteString(`</w:footnotes>`)
	return []byte(b.String())
}

type writerAdapter struct{ b *strings.Builder }

func (w *writerAdapter) Write(p []byte) (int, error) { return w.b.Write(p) }

func coreProperties(title string) []byte {
	var t strings.Builder
	xml.EscapeText(&writerAdapter{&t}, []byte(title)) //nolint:errcheck // strings.Builder does not fail
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + t.String() + `</dc:title><dc:language>vi-VN</dc:language><dc:creator>theodoi</dc:creator>` +
		`</cp:coreProperties>`)
}

func appProperties() []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
		`<Application>theodoi</Application></Properties>`)
}
