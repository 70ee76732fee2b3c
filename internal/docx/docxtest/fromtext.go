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
	b := New()
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		runs, err := lineRuns(strings.TrimSuffix(line, "\r"))
		if err != nil {
			return nil, fmt.Errorf("docxtest: line %d: %w", i+1, err)
		}
		if rest, ok := cutBullet(runs[0].text); ok && bullets == WordNumbering {
			runs[0].text = rest
			b.BulletPara(runs...)
			continue
		}
		b.Para(runs...)
	}
	return b.Bytes()
}

// cutBullet removes a leading "-" bullet: "\t- text" → "text".
func cutBullet(s string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimLeft(s, " \t"), "-")
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
