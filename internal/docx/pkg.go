package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"
)

// oleMagic starts every OLE compound file: a legacy .doc, and also a .docx
// saved with a password (Word wraps the encrypted package in OLE).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0}

// centralDirSig starts each central-directory record of a zip.
var centralDirSig = []byte("PK\x01\x02")

// pkg is an opened .docx: its parts and what is left of the inflate budget.
type pkg struct {
	files    map[string]*zip.File // by lower-case name: OPC part names ignore case
	budget   int64                // uncompressed bytes still allowed, all parts together
	maxDepth int
}

func openPackage(data []byte, lim Limits) (*pkg, error) {
	switch {
	case len(data) == 0:
		return nil, errEmpty()
	case int64(len(data)) > lim.MaxFileBytes:
		return nil, errTooLarge(lim.MaxFileBytes)
	case bytes.HasPrefix(data, oleMagic):
		return nil, errLegacy()
	case !bytes.HasPrefix(data, []byte("PK")):
		return nil, errNotZip()
	}
	// archive/zip allocates a File per central-directory record, and each
	// record starts with its own signature: counting signatures bounds the
	// entries before anything is allocated, whatever the end record claims.
	if bytes.Count(data, centralDirSig) > lim.MaxEntries {
		return nil, errTooManyEntries(lim.MaxEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if errors.Is(err, zip.ErrInsecurePath) && zr != nil {
		err = nil // names like "../x" do no harm: nothing is written to disk
	}
	if err != nil {
		return nil, errCorrupt("zip", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, errTooManyEntries(lim.MaxEntries)
	}
	p := &pkg{files: make(map[string]*zip.File, len(zr.File)), budget: lim.MaxUncompressedBytes, maxDepth: lim.MaxXMLDepth}
	// Refuse early on what the headers declare; reading still counts the
	// real bytes, since headers can lie.
	var declared uint64
	for _, f := range zr.File {
		declared += min(f.UncompressedSize64, uint64(lim.MaxUncompressedBytes)+1)
		name := strings.ToLower(f.Name)
		if _, dup := p.files[name]; !dup {
			p.files[name] = f
		}
	}
	if declared > uint64(lim.MaxUncompressedBytes) {
		return nil, errZipBomb(fmt.Sprintf("entries declare more than %d bytes", lim.MaxUncompressedBytes))
	}
	return p, nil
}

// parse streams the XML part name through fn. A missing part is not an
// error: found is false.
func (p *pkg) parse(name string, fn func(*xmlReader) error) (found bool, err error) {
	f := p.files[strings.ToLower(name)]
	if f == nil {
		return false, nil
	}
	if f.UncompressedSize64 > uint64(p.budget) {
		return true, errZipBomb(fmt.Sprintf("%s declares %d bytes", name, f.UncompressedSize64))
	}
	rc, err := f.Open()
	if err != nil {
		return true, errCorrupt(name, err)
	}
	defer rc.Close()
	er := &entryReader{r: io.LimitReader(rc, p.budget+1), p: p, f: f}
	return true, fn(newXMLReader(er, name, p.maxDepth))
}

// entryReader counts the bytes really inflated against the package budget.
type entryReader struct {
	r io.Reader
	p *pkg
	f *zip.File
}

func (r *entryReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	r.p.budget -= int64(n)
	if r.p.budget < 0 {
		return 0, errZipBomb(r.f.Name + " inflates past the limit")
	}
	if err == nil || err == io.EOF {
		return n, err
	}
	// Once an entry is open, archive/zip reports ErrFormat only when it
	// inflates past its declared size: a header lying to pass size checks.
	if errors.Is(err, zip.ErrFormat) {
		return 0, errZipBomb(fmt.Sprintf("%s inflates past the %d bytes its header declares", r.f.Name, r.f.UncompressedSize64))
	}
	return 0, errCorrupt(r.f.Name, err)
}

// rels maps a relationship kind (the last segment of its Type, such as
// "footnotes") to the part it targets.
type rels map[string]string

func (r rels) target(kind, fallback string) string {
	if t, ok := r[kind]; ok {
		return t
	}
	return fallback
}

// mainPart finds the document part through the package relationships;
// some producers name it other than word/document.xml.
func (p *pkg) mainPart() (string, error) {
	root, err := p.relations("")
	if err != nil {
		return "", err
	}
	for _, name := range []string{root["officeDocument"], "word/document.xml"} {
		if name != "" && p.files[strings.ToLower(name)] != nil {
			return name, nil
		}
	}
	return "", errNoDocument()
}

// relations reads the relationships of part ("" for the package itself).
func (p *pkg) relations(part string) (rels, error) {
	dir, file := path.Split(part)
	r := rels{}
	_, err := p.parse(dir+"_rels/"+file+".rels", func(x *xmlReader) error {
		for {
			tok, err := x.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			se, ok := tok.(xml.StartElement)
			if !ok || se.Name.Local != "Relationship" || attr(se, "TargetMode") == "External" {
				continue
			}
			typ := attr(se, "Type")
			kind := typ[strings.LastIndex(typ, "/")+1:]
			if _, seen := r[kind]; !seen && attr(se, "Target") != "" {
				r[kind] = resolvePart(part, attr(se, "Target"))
			}
		}
	})
	return r, err
}

// resolvePart turns a relationship target into a part name: absolute
// targets start at the package root, relative ones at the source's folder.
func resolvePart(source, target string) string {
	if t, err := url.PathUnescape(target); err == nil {
		target = t
	}
	if strings.HasPrefix(target, "/") {
		return path.Clean(target[1:])
	}
	return path.Join(path.Dir(source), target)
}
