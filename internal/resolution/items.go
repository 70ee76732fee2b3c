package resolution

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/theodoi/theodoi/models"
)

// analyse fills an item's hints from its text. Review paragraphs get only
// their dates and document references.
func analyse(it *Item, target models.Month, task bool) {
	var ranges []dateRange
	it.Dates, ranges = findDates(it.Text)
	it.DocRefs = findDocRefs(it.Text)
	if !task {
		return
	}
	f := foldWords(it.Text)
	it.Continues = strings.HasPrefix(f.text, "tiep tuc")
	parts := clauses(it.Text)
	separate := 0
	for i, p := range parts {
		// Only a clause's first words matter here; folding them is enough.
		head := models.Fold(firstBytes(p, 32))
		if i > 0 && strings.HasPrefix(head, "tiep tuc") {
			it.PartlyContinues = true
		}
		if countWords(p) >= 3 && !startsWithAny(head, qualifiers) {
			separate++
		}
	}
	it.MultipleSubtasks = separate >= 2
	proposeDeadline(it, f, parts, ranges, target)
}

// firstBytes cuts s to at most n bytes, on a rune boundary.
func firstBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func countWords(s string) int {
	n, inWord := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			inWord = false
		} else if !inWord {
			inWord = true
			n++
		}
	}
	return n
}

// qualifiers open a clause that narrows the one before it ("…; nhất là
// …") instead of adding work.
var qualifiers = []string{"nhat la", "dac biet", "trong do", "ke ca", "bao gom", "chu trong", "uu tien", "nhu "}

func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// folded is a text folded word by word (models.Fold), so that a match in
// the folded text maps back to the original words.
type folded struct {
	words  []string // original words
	text   string   // folded words joined by single spaces
	starts []int    // offset of each word in text
}

func foldWords(s string) folded {
	f := folded{words: strings.Fields(s), text: models.Fold(s)}
	// Folding the whole text at once is cheaper; it lines up with the
	// words unless a "word" was nothing but combining marks.
	if folds := strings.Fields(f.text); len(folds) == len(f.words) {
		off := 0
		for _, w := range folds {
			f.starts = append(f.starts, off)
			off += len(w) + 1
		}
		return f
	}
	var b strings.Builder
	for i, w := range f.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		f.starts = append(f.starts, b.Len())
		b.WriteString(models.Fold(w))
	}
	f.text = b.String()
	return f
}

// wordAt is the index of the word holding offset off of f.text.
func (f folded) wordAt(off int) int {
	return sort.Search(len(f.starts), func(i int) bool { return f.starts[i] > off }) - 1
}

// clauses splits a text at ";", at line breaks and at sentence ends (a
// "." followed by a capital), but not after an abbreviation ("TP. HCM").
func clauses(s string) []string {
	var out []string
	add := func(p string) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		end := i + size
		split := false
		switch r {
		case ';', '\n':
			split = true
		case '.', '…', '!', '?':
			split = capitalFollows(s[end:]) && !abbreviationBefore(s[:i])
		}
		if split {
			add(s[start:end])
			start = end
		}
		i = end
	}
	add(s[start:])
	return out
}

func capitalFollows(s string) bool {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if len(t) == len(s) || t == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

func abbreviationBefore(s string) bool {
	w := s[strings.LastIndexFunc(s, unicode.IsSpace)+1:]
	return w != "" && utf8.RuneCountInString(w) <= 3 && isCaps(w)
}
