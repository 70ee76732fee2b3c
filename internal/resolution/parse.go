// Package resolution reads a ward Party committee's monthly resolution
// (nghị quyết) into its parts: header, the review of the month (section
// I), the tasks for the next month (section II), how it is carried out
// (section III), the distribution list and the signer. Each task comes
// with hints (dates, documents cited, a proposed deadline) that a person
// confirms before anything is tracked.
package resolution

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/models"
)

// Document is one resolution as printed; text is NFC, spelling kept.
type Document struct {
	SuperiorBody    string       `json:"superiorBody,omitempty"` // "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ"
	IssuingBody     string       `json:"issuingBody,omitempty"`  // "ĐẢNG UỶ PHƯỜNG HƯƠNG XUÂN"
	Number          Number       `json:"number"`
	Place           string       `json:"place,omitempty"` // "Hương Xuân"
	Date            models.Date  `json:"date,omitempty"`  // empty in a draft
	DocType         string       `json:"docType,omitempty"`
	Summary         string       `json:"summary,omitempty"`
	TargetMonth     models.Month `json:"targetMonth,omitempty"`
	TargetMonthFrom string       `json:"targetMonthFrom,omitempty"` // see TargetFrom…
	ReviewHeading   string       `json:"reviewHeading,omitempty"`
	Review          []Area       `json:"review"`
	TasksHeading    string       `json:"tasksHeading"`
	Tasks           []Area       `json:"tasks"`
	Implementation  string       `json:"implementation,omitempty"` // section III, paragraphs joined by "\n"
	Recipients      []string     `json:"recipients"`
	Signer          Signer       `json:"signer"`
	// Unplaced are the paragraphs of section II the reader could not
	// place under an area or item; the review lists them rather than
	// dropping or guessing.
	Unplaced []string `json:"unplaced,omitempty"`
}

// Where the target month was read from.
const (
	TargetFromSummary      = "summary"
	TargetFromTasksHeading = "tasks-heading"
	TargetFromIssueDate    = "issue-date"
)

// Number is "Số 31-NQ/ĐU" taken apart; Number is empty in a draft.
type Number struct {
	Raw        string `json:"raw,omitempty"` // "31-NQ/ĐU", "-NQ/ĐU"
	Number     string `json:"number,omitempty"`
	TypeCode   string `json:"typeCode,omitempty"`
	IssuerCode string `json:"issuerCode,omitempty"`
}

// Area is a numbered lĩnh vực inside section I or II.
type Area struct {
	Number    int                 `json:"number"` // as printed; 0 for text before the first numbered area
	Title     string              `json:"title"`
	Footnotes []document.Footnote `json:"footnotes,omitempty"` // notes on a heading with no text after ":"
	Items     []Item              `json:"items"`
}

// Item is a review paragraph (section I) or a task (section II).
type Item struct {
	Index     int                 `json:"index"` // 1-based in its area
	Text      string              `json:"text"`  // paragraphs of one item joined by "\n"
	Footnotes []document.Footnote `json:"footnotes,omitempty"`
	// Continues: the item starts with "Tiếp tục" — last month's work.
	Continues bool `json:"continues"`
	// PartlyContinues: a later sentence or clause starts with "Tiếp tục".
	PartlyContinues bool          `json:"partlyContinues"`
	Dates           []models.Date `json:"dates,omitempty"`
	DocRefs         []string      `json:"docRefs,omitempty"`
	// Deadline hints, for tasks only; a person confirms them.
	ProposedDeadline    models.Date    `json:"proposedDeadline,omitempty"`
	DeadlineReason      DeadlineReason `json:"deadlineReason,omitempty"`
	WaitingForCondition bool           `json:"waitingForCondition"`
	Condition           string         `json:"condition,omitempty"` // "khi được cấp trên phân bổ kinh phí"
	// MultipleSubtasks: several clauses or sentences that look like
	// separate work; the text is never split automatically.
	MultipleSubtasks bool `json:"multipleSubtasks"`
	// Ongoing: standing work ("Thường xuyên…", "Duy trì…", "hằng tháng")
	// that names no date of its own: it gets no deadline.
	Ongoing bool `json:"ongoing"`
	// Lead and Coordinating are the units a task table names in its
	// "Đơn vị chủ trì" and "Đơn vị phối hợp" columns, as printed; empty
	// when the resolution lists its tasks as paragraphs.
	Lead         string   `json:"lead,omitempty"`
	Coordinating []string `json:"coordinating,omitempty"`
}

// Signer is the signature block: title lines and the name.
type Signer struct {
	Titles []string `json:"titles,omitempty"` // "T/M ĐẢNG ỦY", "BÍ THƯ"
	Name   string   `json:"name,omitempty"`
}

type sectionKind int

const (
	sectionOther sectionKind = iota
	sectionReview
	sectionTasks
	sectionImplementation
)

// line is a block prepared for parsing.
type line struct {
	raw    string // NFC, tabs kept, trailing space trimmed
	text   string // trimmed
	bullet bool   // "-" (or a Word list paragraph); text has the dash removed
	sub    bool   // "+" sub-bullet: always part of the item above
	notes  []document.Footnote
}

// Parse reads blocks from either reader into a Document. When there is
// no tasks section it returns *Error (CodeNoTasksSection) together with
// what it did read, so a caller can show the header it found.
func Parse(blocks []document.Block) (Document, error) {
	lines := prepare(blocks)
	if len(lines) == 0 {
		return Document{}, errEmpty()
	}
	doc := Document{Review: []Area{}, Tasks: []Area{}, Recipients: []string{}}
	first := len(lines)
	for i, l := range lines {
		if _, _, ok := sectionHeading(l, 0); ok {
			first = i
			break
		}
	}
	parseHeader(&doc, lines[:first])
	end := tailStart(lines, first)
	hasTasks, tasksMonth := parseSections(&doc, lines[first:end])
	parseTail(&doc, lines[end:])
	if !hasTasks || countItems(doc.Tasks) == 0 {
		return doc, errNoTasks()
	}
	doc.TargetMonth, doc.TargetMonthFrom = targetMonth(doc.Summary, tasksMonth, doc.Date)
	for a := range doc.Review {
		for i := range doc.Review[a].Items {
			analyse(&doc.Review[a].Items[i], "", false)
		}
	}
	for a := range doc.Tasks {
		for i := range doc.Tasks[a].Items {
			analyse(&doc.Tasks[a].Items[i], doc.TargetMonth, true)
		}
	}
	return doc, nil
}

func prepare(blocks []document.Block) []line {
	lines := make([]line, 0, len(blocks))
	for _, b := range blocks {
		raw := strings.TrimRightFunc(norm.NFC.String(b.Text), unicode.IsSpace)
		l := line{raw: raw, text: strings.TrimSpace(raw), bullet: b.ListItem, notes: slices.Clone(b.Notes)}
		if r, rest, ok := cutBullet(l.text); ok {
			l.text = rest
			l.bullet = l.bullet || r != '+'
			l.sub = r == '+'
		}
		if l.text == "" {
			// a bare bullet or a notes-only paragraph: keep its notes
			if len(lines) > 0 {
				prev := &lines[len(lines)-1]
				prev.notes = append(prev.notes, b.Notes...)
			}
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// cutBullet removes a typed bullet; a run of dashes is a separator, not a
// bullet.
func cutBullet(s string) (rune, string, bool) {
	for _, r := range "-–—•+·" {
		if rest, ok := strings.CutPrefix(s, string(r)); ok {
			if isSeparator(s) {
				return 0, s, false
			}
			return r, strings.TrimLeftFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '-' }), true
		}
	}
	return 0, s, false
}

func isSeparator(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.Trim(s, "-–—=_*· \t") == "" && (s == "*" || len([]rune(s)) >= 3)
}

var sectionRe = regexp.MustCompile(`^([IVX]{1,5})\s*[.\-–—:]\s*(\S.*)$`)

var romans = map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}

// sectionHeading recognises "I. …", "I- …", "II - …" and classifies it by
// its words, not by its number. An unclassified heading is accepted only
// when it is the next numeral and starts with a capital, so a sentence
// like "X-quang …" is not a heading.
func sectionHeading(l line, lastRoman int) (sectionKind, int, bool) {
	if l.bullet || l.sub {
		return 0, 0, false
	}
	m := sectionRe.FindStringSubmatch(l.text)
	if m == nil {
		return 0, 0, false
	}
	n, ok := romans[m[1]]
	if !ok {
		return 0, 0, false
	}
	kind := classifySection(m[2])
	if kind == sectionOther {
		first, _ := utf8.DecodeRuneInString(m[2])
		if n != lastRoman+1 || !unicode.IsUpper(first) {
			return 0, 0, false
		}
	}
	return kind, n, true
}

func classifySection(title string) sectionKind {
	f := models.Fold(title)
	switch {
	case strings.Contains(f, "to chuc thuc hien"):
		return sectionImplementation
	case strings.Contains(f, "tinh hinh") || strings.Contains(f, "ket qua") || strings.Contains(f, "danh gia"):
		return sectionReview
	case strings.Contains(f, "phuong huong") || strings.Contains(f, "nhiem vu"):
		return sectionTasks
	}
	return sectionOther
}

var areaRe = regexp.MustCompile(`^(\d{1,2})\s*[.)]\s*([^\d\s].*)$`)

// parseSections walks the body. It reports whether a tasks section was
// seen and the month named in its heading.
func parseSections(doc *Document, lines []line) (hasTasks bool, tasksMonth models.Month) {
	kind, roman := sectionOther, 0
	var areas *[]Area
	var impl []string
	lastFromBullet := false
	more := map[[3]int][]string{} // continuation lines by section, area, item
	for _, l := range lines {
		if k, n, ok := sectionHeading(l, roman); ok {
			kind, roman, areas = k, n, nil
			heading := sectionRe.FindStringSubmatch(l.text)[2]
			switch k {
			case sectionReview:
				if doc.ReviewHeading == "" {
					doc.ReviewHeading, areas = heading, &doc.Review
				}
			case sectionTasks:
				if !hasTasks {
					hasTasks, doc.TasksHeading, areas = true, heading, &doc.Tasks
					tasksMonth = lastMonthIn(heading)
				}
			}
			continue
		}
		if kind == sectionImplementation {
			impl = append(impl, l.text)
			continue
		}
		if areas == nil {
			continue // a section we do not read, or a repeated one
		}
		if title, rest, n, ok := areaHeading(l, *areas); ok {
			a := Area{Number: n, Title: title, Items: []Item{}}
			if rest != "" {
				a.Items = append(a.Items, Item{Text: rest, Footnotes: l.notes})
			} else {
				a.Footnotes = l.notes
			}
			*areas = append(*areas, a)
			lastFromBullet = false
			continue
		}
		if len(*areas) == 0 {
			*areas = append(*areas, Area{Items: []Item{}})
		}
		a := &(*areas)[len(*areas)-1]
		// A line without a bullet continues the item above in the review;
		// in the tasks it continues only a bulleted task, because an area
		// written as plain paragraphs has one task per paragraph.
		continues := len(a.Items) > 0 && (l.sub || (!l.bullet && (kind == sectionReview || lastFromBullet)))
		if continues {
			// Joined at the end: appending to Text here is quadratic.
			it := &a.Items[len(a.Items)-1]
			key := [3]int{int(kind), len(*areas) - 1, len(a.Items) - 1}
			more[key] = append(more[key], l.text)
			it.Footnotes = append(it.Footnotes, l.notes...)
		} else {
			a.Items = append(a.Items, Item{Text: l.text, Footnotes: l.notes})
			lastFromBullet = l.bullet
		}
	}
	doc.Implementation = strings.Join(impl, "\n")
	for _, sec := range []struct {
		kind  sectionKind
		areas []Area
	}{{sectionReview, doc.Review}, {sectionTasks, doc.Tasks}} {
		list := sec.areas
		for a := range list {
			for i := range list[a].Items {
				it := &list[a].Items[i]
				it.Index = i + 1
				if m := more[[3]int{int(sec.kind), a, i}]; len(m) > 0 {
					it.Text = strings.Join(append([]string{it.Text}, m...), "\n")
				}
			}
		}
	}
	return hasTasks, tasksMonth
}

// areaHeading recognises "4. Title" and "4. Title: first item…". Numbers
// must go up (a small gap is tolerated), so a sentence that happens to
// start with "2. " deep inside an area is not taken for a heading.
func areaHeading(l line, areas []Area) (title, rest string, n int, ok bool) {
	if l.bullet || l.sub {
		return "", "", 0, false
	}
	m := areaRe.FindStringSubmatch(l.text)
	if m == nil {
		return "", "", 0, false
	}
	n = atoi(m[1])
	last := 0
	if len(areas) > 0 {
		last = areas[len(areas)-1].Number
	}
	if n <= last || n > last+3 {
		return "", "", 0, false
	}
	title = strings.TrimSpace(m[2])
	if i := strings.Index(title, ": "); i >= 0 {
		title, rest = strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+2:])
	}
	return strings.TrimRight(strings.TrimSpace(title), ":"), rest, n, true
}

func countItems(areas []Area) int {
	n := 0
	for _, a := range areas {
		n += len(a.Items)
	}
	return n
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1e6 {
			return n
		}
		n = n*10 + int(c-'0')
	}
	return n
}
