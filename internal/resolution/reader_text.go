package resolution

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/document"
)

// ReadText reads Word's plain-text export of a resolution into blocks, one
// per non-empty line. Footnotes come out of the text the way Word writes
// them: a reference "[footnoteRef:N]" in the sentence and the body
// "[N: …]" at the end of the same line.
func ReadText(data []byte) ([]document.Block, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	var lines []textLine
	for _, l := range splitLines(text) {
		lines = append(lines, splitFootnotes(l))
	}
	blocks := assembleBlocks(lines)
	if len(blocks) == 0 {
		return nil, errEmpty()
	}
	return blocks, nil
}

// decodeText checks the encoding and returns NFC text. Word's "Unicode"
// export is UTF-16 with a byte-order mark, so that is accepted too.
func decodeText(data []byte) (string, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewDecoder()
		utf8Data, err := dec.Bytes(data)
		if err != nil {
			return "", errBinary()
		}
		data = utf8Data
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return "", errEmpty()
	}
	if looksBinary(data) {
		return "", errBinary()
	}
	if !utf8.Valid(data) || looksLegacyVietnamese(data) {
		return "", errNotUTF8()
	}
	return norm.NFC.String(string(data)), nil
}

// looksBinary: text never holds NUL, and only a stray control character
// or two survive a Word export.
func looksBinary(data []byte) bool {
	if bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range data {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f') || c == 0x7F {
			ctrl++
		}
	}
	return ctrl > 0 && ctrl*100 > len(data)
}

// looksLegacyVietnamese catches TCVN3 (ABC) or Windows-1258 text that was
// converted to UTF-8 as if it were Latin-1: it is valid UTF-8, but full of
// Latin-1 symbols ("§¶ng ñy ph­êng") and lacks the letters only
// Vietnamese uses (ă, đ, ơ, ư, ạ…ỹ).
func looksLegacyVietnamese(data []byte) bool {
	latin1, odd, viet := 0, 0, 0
	for _, r := range string(data) {
		switch {
		case r >= 0xA0 && r <= 0xFF:
			latin1++
			if !strings.ContainsRune(latin1Vietnamese, r) {
				odd++
			}
		case isVietnameseOnly(r):
			viet++
		}
	}
	if viet == 0 {
		return odd >= 3 || latin1 >= 20
	}
	return odd >= 10 && odd > viet
}

// latin1Vietnamese are the Latin-1 letters Vietnamese really uses, plus a
// few symbols real documents contain.
const latin1Vietnamese = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ\u00A0°±²³½"

func isVietnameseOnly(r rune) bool {
	switch r {
	case 'ă', 'Ă', 'đ', 'Đ', 'ơ', 'Ơ', 'ư', 'Ư':
		return true
	}
	return (r >= 0x1EA0 && r <= 0x1EF9) || (r >= 0x0300 && r <= 0x0323)
}

// splitLines splits on every line end Word may write (CRLF, CR, LF; a
// manual line break \v; a page break \f) and blanks other control
// characters.
func splitLines(text string) []string {
	var lines []string
	var b strings.Builder
	flush := func() {
		lines = append(lines, b.String())
		b.Reset()
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(text) && text[i] == '\n' {
				i++
			}
			flush()
		case r == '\n' || r == '\v' || r == '\f':
			flush()
		case r == '\uFEFF':
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7F:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return lines
}

// textLine is one physical line with its footnote markers taken out.
type textLine struct {
	text   string
	refs   []int
	bodies []document.Footnote
}

var (
	footnoteRefRe       = regexp.MustCompile(`\[\s*footnoteRef\s*:\s*(\d{1,6})\s*\]`)
	footnoteBodyRe      = regexp.MustCompile(`\[\s*(\d{1,6})\s*:`)
	footnoteBodyStartRe = regexp.MustCompile(`^\[\s*(\d{1,6})\s*:`)
)

// maxNotesPerLine bounds the work on a hostile line; a real paragraph
// has a handful of notes.
const maxNotesPerLine = 100

// splitFootnotes removes the references from the sentence and peels the
// bodies off the end of the line, last first.
func splitFootnotes(line string) textLine {
	var tl textLine
	refs := map[int]bool{}
	for _, m := range footnoteRefRe.FindAllStringSubmatch(line, -1) {
		n, _ := strconv.Atoi(m[1])
		tl.refs = append(tl.refs, n)
		refs[n] = true
	}
	s := strings.TrimRightFunc(footnoteRefRe.ReplaceAllString(line, ""), unicode.IsSpace)
	var starts [][]int // every "[N:" on the line, for bodies holding unbalanced brackets
	if strings.HasSuffix(s, "]") {
		starts = footnoteBodyRe.FindAllStringSubmatchIndex(s, -1)
	}
	for len(tl.bodies) < maxNotesPerLine && strings.HasSuffix(s, "]") {
		start, n, ok := lastBody(s, refs, starts)
		if !ok {
			break
		}
		delete(refs, n)
		body := s[start : len(s)-1]
		body = body[footnoteBodyStartRe.FindStringIndex(body)[1]:]
		tl.bodies = append(tl.bodies, document.Footnote{Number: n, Text: strings.Join(strings.Fields(body), " ")})
		s = strings.TrimRightFunc(s[:start], unicode.IsSpace)
	}
	slices.Reverse(tl.bodies)
	tl.text = s
	return tl
}

// lastBody finds where the body that ends s starts: at the '[' matching
// the final ']', or, when the body holds unbalanced brackets, at the last
// "[N:" whose reference is on the line and still without a body.
func lastBody(s string, open map[int]bool, starts [][]int) (start, n int, ok bool) {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ']':
			depth++
		case '[':
			depth--
		}
		if depth == 0 {
			if m := footnoteBodyStartRe.FindStringSubmatchIndex(s[i:]); m != nil {
				n, _ = strconv.Atoi(s[i+m[2] : i+m[3]])
				return i, n, true
			}
			break
		}
	}
	for j := len(starts) - 1; j >= 0; j-- {
		m := starts[j]
		if m[1] >= len(s) {
			continue
		}
		n, _ = strconv.Atoi(s[m[2]:m[3]])
		if open[n] {
			return m[0], n, true
		}
	}
	return 0, 0, false
}

// assembleBlocks turns non-empty lines into blocks and gives each block
// the notes it references, wherever their bodies were written. A body
// nobody references stays with the block of its own line.
func assembleBlocks(lines []textLine) []document.Block {
	bodyOf := map[int]string{}
	for _, l := range lines {
		for _, f := range l.bodies {
			if _, seen := bodyOf[f.Number]; !seen {
				bodyOf[f.Number] = f.Text
			}
		}
	}
	var blocks []document.Block
	referenced := map[int]bool{}
	blockOfLine := make([]int, len(lines))
	for i, l := range lines {
		blockOfLine[i] = len(blocks) - 1
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		b := document.Block{Text: l.text}
		for _, n := range l.refs {
			if referenced[n] {
				continue // a second reference to the same note
			}
			b.Notes = append(b.Notes, document.Footnote{Number: n, Text: bodyOf[n]})
			referenced[n] = true
		}
		blockOfLine[i] = len(blocks)
		blocks = append(blocks, b)
	}
	for i, l := range lines {
		for _, f := range l.bodies {
			if referenced[f.Number] || blockOfLine[i] < 0 {
				continue
			}
			referenced[f.Number] = true
			b := &blocks[blockOfLine[i]]
			b.Notes = append(b.Notes, f)
		}
	}
	return blocks
}
