package resolution

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/theodoi/theodoi/models"
)

// signerTitleRe: "T/M ĐẢNG ỦY", "K/T BÍ THƯ", "TM. BAN THƯỜNG VỤ" (folded).
var signerTitleRe = regexp.MustCompile(`^(t/m|tm\.|k/t|kt\.|t/l|tl\.)\s*\S`)

// maxRecipientRunes: a distribution line is short; a longer bullet at the
// end of section III is an instruction, not a recipient.
const maxRecipientRunes = 120

// tailStart finds where the distribution list and signature begin:
// "Nơi nhận:" or a "T/M …" line after the first section; without them,
// the run of short bullets and signature lines that ends section III.
func tailStart(lines []line, from int) int {
	implStart := -1
	roman := 0
	for i := from; i < len(lines); i++ {
		l := lines[i]
		if k, n, ok := sectionHeading(l, roman); ok {
			roman = n
			if k == sectionImplementation {
				implStart = i
			}
			continue
		}
		if !l.bullet && startsTail(l.text) {
			return i
		}
	}
	end := len(lines)
	for end > from && end > implStart+1 {
		l := lines[end-1]
		if isSignatureOnly(l) || (implStart >= 0 && l.bullet && recipientLength(l) <= maxRecipientRunes) {
			end--
			continue
		}
		break
	}
	return end
}

// startsTail: "Nơi nhận:" or "T/M …" opens the line (before any column gap).
func startsTail(s string) bool {
	if i := strings.IndexAny(s, "\t:"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 40 {
		s = s[:40] // the words that matter are short; folding a paragraph is not
	}
	f := models.Fold(s)
	return strings.HasPrefix(f, "noi nhan") || signerTitleRe.MatchString(f)
}

func recipientLength(l line) int {
	cols := columns(l.text)
	if len(cols) == 0 {
		return 0
	}
	return utf8.RuneCountInString(cols[0])
}

// isSignatureOnly: a line that holds only a title, a name or "(Đã ký)".
func isSignatureOnly(l line) bool {
	if l.bullet || l.sub {
		return false
	}
	cols := columns(l.raw)
	for _, c := range cols {
		if !isSignerTitle(c) && !looksLikeName(c) && !isSignedNote(c) {
			return false
		}
	}
	return len(cols) > 0
}

// parseTail reads recipients and the signer. The signer's block is the
// right-hand column, so it can be glued to a recipient line through tabs.
func parseTail(doc *Document, lines []line) {
	listed := false
	for _, l := range lines {
		cols := columns(l.raw)
		for i, c := range cols {
			f := models.Fold(c)
			switch {
			case i == 0 && strings.HasPrefix(f, "noi nhan"):
				listed = true
				if _, after, ok := strings.Cut(c, ":"); ok {
					addRecipient(doc, after)
				}
			case i == 0 && (l.bullet || l.sub):
				addRecipient(doc, c)
			case isSignedNote(c):
			case isSignerTitle(c):
				doc.Signer.Titles = append(doc.Signer.Titles, c)
			case looksLikeName(c):
				doc.Signer.Name = c
			case i == 0 && listed:
				addRecipient(doc, c)
			}
		}
	}
}

func addRecipient(doc *Document, s string) {
	if _, rest, ok := cutBullet(strings.TrimSpace(s)); ok {
		s = rest
	}
	s = strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",;.", r) })
	if s = strings.TrimSpace(s); s != "" {
		doc.Recipients = append(doc.Recipients, s)
	}
}

// isSignerTitle: a short line in capitals that names a role ("BÍ THƯ",
// "T/M ĐẢNG ỦY"); a name in capitals is not a title.
func isSignerTitle(s string) bool {
	if !isCaps(s) || len(strings.Fields(s)) > 8 || strings.ContainsAny(s, "0123456789") {
		return false
	}
	f := models.Fold(s)
	if signerTitleRe.MatchString(f) {
		return true
	}
	for _, k := range titleWords {
		if strings.Contains(f, k) {
			return true
		}
	}
	return false
}

var titleWords = []string{"bi thu", "chu tich", "truong", "pho ", "thuong truc", "thuong vu",
	"dang uy", "dang bo", "chi bo", "uy ban", "ban chap hanh", "van phong", "uy vien", "ky thay"}

// isSignedNote: "(Đã ký)", "(ký, ghi rõ họ tên)", "(Đã ký và đóng dấu)".
func isSignedNote(s string) bool {
	return strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && strings.Contains(models.Fold(s), "ky")
}

// looksLikeName: two to six capitalised words ("Nguyễn Tiến Giang", or
// "NGUYỄN TIẾN GIANG" when it is not a title).
func looksLikeName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 6 || isSignerTitle(s) {
		return false
	}
	caps := isCaps(s)
	for _, w := range words {
		for i, r := range w {
			if !unicode.IsLetter(r) || (i == 0 && !unicode.IsUpper(r)) || (i > 0 && !caps && !unicode.IsLower(r)) {
				return false
			}
		}
	}
	return true
}
