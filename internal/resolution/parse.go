// Package resolution reads a ward Party committee's monthly resolution
// (nghị quyết) into its parts: header, the review of the month (section
// I), the tasks for the next month (section II), how it is carried out
// (section III), the distribution list and the signer. Each task comes
// with hints (dates, documents cited, a proposed deadline) that a person
// confirms before anything is tracked.
package resolution

import (
	"slices"
	"strings"
	"unicode"

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

// Area is a lĩnh vực inside section I or II.
type Area struct {
	// Number as printed ("1.", "II."), or the area's place when areas are
	// not numbered ("Về kinh tế"); 0 for tasks listed with no area.
	Number    int                 `json:"number"`
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
	// DeadlineText is a task table's deadline column as printed ("Trước
	// 15/11/2024", "Quý IV", "Thường xuyên"); it is read before the text.
	DeadlineText string `json:"deadlineText,omitempty"`
}

// Signer is the signature block: title lines and the name.
type Signer struct {
	Titles []string `json:"titles,omitempty"` // "T/M ĐẢNG ỦY", "BÍ THƯ"
	Name   string   `json:"name,omitempty"`
}

// line is a block prepared for parsing.
type line struct {
	raw    string   // NFC, tabs kept, trailing space trimmed
	text   string   // trimmed
	bullet bool     // "-" (or a Word list paragraph); text has the dash removed
	sub    bool     // "+" sub-bullet: always part of the item above
	list   bool     // a Word list paragraph …
	level  int      // … at this list level
	cells  []string // a table row from the .docx reader
	notes  []document.Footnote
}

// Parse reads blocks from either reader into a Document. Committees
// write section II in many ways: areas as "1.", "I." or "Về …"
// paragraphs; tasks as "-" bullets with "+" parts, "a)", "1.1.", or a
// task table (see marks.go, outline.go, tasktable.go). What it cannot
// place goes to Unplaced. When there is no tasks section it returns
// *Error (CodeNoTasksSection) together with what it did read, so a
// caller can show the header it found.
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
	hasTasks, tasksMonth := readBody(&doc, lines[first:end])
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
		l := newLine(b.Text, b.Notes)
		if b.ListItem {
			l.bullet, l.list, l.level = !l.sub, true, b.ListLevel
		}
		if len(b.Cells) > 0 {
			l.cells = make([]string, len(b.Cells))
			for i, c := range b.Cells {
				l.cells[i] = norm.NFC.String(c)
			}
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

// newLine prepares one paragraph: NFC, trimmed, a typed bullet removed.
func newLine(text string, notes []document.Footnote) line {
	raw := strings.TrimRightFunc(norm.NFC.String(text), unicode.IsSpace)
	l := line{raw: raw, text: strings.TrimSpace(raw), notes: slices.Clone(notes)}
	if r, rest, ok := cutBullet(l.text); ok {
		l.text = rest
		l.bullet = r != '+'
		l.sub = r == '+'
	}
	return l
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
