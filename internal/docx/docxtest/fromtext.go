package docxtest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// BulletStyle is how FromText writes lines that start with "-".
type BulletStyle int

const (
	// TypedDash keeps the "-" as text, as many committees type it.
	TypedDash BulletStyle = iota
	// WordNumbering makes the line a Word list bullet and drops the "-".
	WordNumbering
)

var footnoteRef = regexp.MustCompile(`\[footnoteRef:(\d+)\]`)

// FromText converts a Word text export (the format of
// shared/samples/*.txt) into a .docx: each line a paragraph, tabs as w:tab,
// "[footnoteRef:N]" a real footnote whose body is the "[N: …]" at the end of
// the same line, and "-" bullets (a dash then a space or tab, after optional
// indentation) written as bullets chooses.
func FromText(text string, bullets BulletStyle) ([]byte, error) {
	return Convert(text, Options{Bullets: bullets})
}

// Options say which typed marks of a text export Convert turns into the
// Word structures that print them.
type Options struct {
	Bullets BulletStyle // "-" lines
	// SubBullets writes "+" lines as level-1 Word bullets.
	SubBullets bool
	// Outline writes "I. ", "1. " and "1.1. " at the start of a line as
	// one Word outline list (level 0, 1, 2), as a numbered heading style
	// does; the text's numbers must be the ones Word would count.
	Outline bool
	// Letters writes "a) " items as a Word lettered list that restarts
	// after each numbered heading.
	Letters bool
	// Tables writes each run of lines that start with "|" as a Word
	// table, a cell between each pair of bars; a row with fewer cells
	// spans its last one over the rest.
	Tables bool
}

// Convert is FromText with more of the text's marks made real.
func Convert(text string, opt Options) ([]byte, error) {
	b := New()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	letters := 0 // numId of the open lettered list
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSuffix(lines[i], "\r")
		if opt.Tables && isTableRow(line) {
			n, err := b.table(lines[i:])
			if err != nil {
				return nil, fmt.Errorf("docxtest: line %d: %w", i+1, err)
			}
			i += n - 1
			continue
		}
		runs, err := lineRuns(line)
		if err != nil {
			return nil, fmt.Errorf("docxtest: line %d: %w", i+1, err)
		}
		letters = b.convertLine(runs, opt, letters)
	}
	return b.Bytes()
}

var (
	outlineRoman  = regexp.MustCompile(`^[IVX]+\. (\S.*)$`)
	outlineArabic = regexp.MustCompile(`^\d{1,2}\. (\S.*)$`)
	outlineDotted = regexp.MustCompile(`^\d{1,2}\.\d{1,2}\. (\S.*)$`)
	letterItem    = regexp.MustCompile(`^[a-zđ]\) (\S.*)$`)
)

// convertLine writes one line's paragraph and returns the lettered list
// still open after it.
func (b *Builder) convertLine(runs []Run, opt Options, letters int) int {
	first := runs[0].text
	labelled := func(re *regexp.Regexp) bool {
		m := re.FindStringSubmatch(first)
		if m != nil {
			runs[0].text = m[1]
		}
		return m != nil
	}
	switch {
	case opt.Bullets == WordNumbering && cutBulletInto(&runs[0], "-"):
		b.BulletPara(runs...)
	case opt.SubBullets && cutBulletInto(&runs[0], "+"):
		b.ListPara(bulletNumID, 1, runs...)
	case opt.Outline && labelled(outlineRoman):
		b.paragraph(numPr(numberedNumID, 0), runs...)
		return 0
	case opt.Outline && labelled(outlineDotted):
		b.paragraph(numPr(numberedNumID, 2), runs...)
	case opt.Outline && labelled(outlineArabic):
		b.paragraph(numPr(numberedNumID, 1), runs...)
		return 0
	case opt.Letters && labelled(letterItem):
		if letters == 0 {
			letters = b.NewList(LetterList)
		}
		b.ListPara(letters, 0, runs...)
	default:
		if outlineRoman.MatchString(first) || outlineArabic.MatchString(first) {
			letters = 0
		}
		b.Para(runs...)
	}
	return letters
}

// cutBulletInto removes a leading bullet mark from a text run.
func cutBulletInto(r *Run, mark string) bool {
	rest, ok := cutBullet(r.text, mark)
	if ok {
		r.text = rest
	}
	return ok
}

// cutBullet removes a leading bullet mark: "\t- text" → "text".
func cutBullet(s, mark string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimLeft(s, " \t"), mark)
	if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
		return s, false // "-----" and "-x" are not bullets
	}
	return strings.TrimLeft(rest, " \t"), true
}

// lineRuns splits a line into text and footnote runs; the first run is
// always text.
func lineRuns(line string) ([]Run, error) {
	refs := footnoteRef.FindAllStringSubmatchIndex(line, -1)
	if refs == nil {
		return []Run{Text(line)}, nil
	}
	// The bodies follow the last reference, in reference order.
	first := line[refs[0][2]:refs[0][3]]
	tail := refs[len(refs)-1][1]
	at := strings.Index(line[tail:], "["+first+":")
	if at < 0 {
		return nil, fmt.Errorf("no body [%s: …] after the last footnote reference", first)
	}
	bodies, err := noteBodies(line[tail+at:])
	if err != nil {
		return nil, err
	}
	text := line[:tail+at]
	runs := []Run{}
	prev := 0
	for _, r := range refs {
		n := text[r[2]:r[3]]
		body, ok := bodies[n]
		if !ok {
			return nil, fmt.Errorf("footnote %s has no body", n)
		}
		delete(bodies, n)
		runs = append(runs, Text(text[prev:r[0]]), Note(body))
		prev = r[1]
	}
	if len(bodies) > 0 {
		return nil, fmt.Errorf("%d footnote bodies without a reference", len(bodies))
	}
	return append(runs, Text(text[prev:])), nil
}

// noteBodies parses "[1: text] [2: text]" (brackets may nest inside a
// body); bodies are trimmed.
func noteBodies(s string) (map[string]string, error) {
	bodies := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		num, rest, ok := strings.Cut(s, ":")
		if !ok || !strings.HasPrefix(num, "[") {
			return nil, fmt.Errorf("footnote body expected at %q", s)
		}
		if _, err := strconv.Atoi(num[1:]); err != nil {
			return nil, fmt.Errorf("footnote body expected at %q", s)
		}
		end, depth := -1, 1
		for i := 0; i < len(rest) && end < 0; i++ {
			switch rest[i] {
			case '[':
				depth++
			case ']':
				if depth--; depth == 0 {
					end = i
				}
			}
		}
		if end < 0 {
			return nil, fmt.Errorf("footnote body %s is not closed", num)
		}
		bodies[num[1:]] = strings.TrimSpace(rest[:end])
		s = rest[end+1:]
	}
	return bodies, nil
}
