package resolution

import (
	"slices"
	"strings"

	"github.com/theodoi/theodoi/models"
)

// walker reads the body (the sections) one line at a time.
type walker struct {
	doc        *Document
	scheme     scheme // of the first section heading
	secNum     int    // the current section's number
	kind       sectionKind
	areas      *[]Area // nil: a section we do not read, or a repeated one
	out        outline
	table      *taskTable // an open task table
	more       map[itemKey][]string
	impl       []string
	hasTasks   bool
	tasksMonth models.Month
}

// itemKey finds an item whose continuation lines are joined at the end:
// appending to Text as they come is quadratic.
type itemKey struct {
	kind        sectionKind
	area, index int
}

// readBody walks the sections. It reports whether a tasks section was
// seen and the month named in its heading.
func readBody(doc *Document, lines []line) (hasTasks bool, tasksMonth models.Month) {
	w := &walker{doc: doc, more: map[itemKey][]string{}}
	for _, l := range lines {
		w.line(l)
	}
	w.endSection()
	doc.Implementation = strings.Join(w.impl, "\n")
	w.join(sectionReview, doc.Review)
	w.join(sectionTasks, doc.Tasks)
	return w.hasTasks, w.tasksMonth
}

func (w *walker) line(l line) {
	if w.table != nil && w.tableLine(l) {
		return
	}
	if h, ok := headingOf(l); ok && !w.romanArea(h) && acceptsHeading(h, w.scheme, w.secNum) {
		w.openSection(h)
		return
	}
	switch {
	case w.kind == sectionImplementation:
		w.impl = append(w.impl, l.text)
		return
	case w.areas == nil:
		return
	}
	if w.kind == sectionTasks && w.openTable(l) {
		return
	}
	if l.cells != nil {
		w.otherTableRow(l)
		return
	}
	if w.areaHeading(l) {
		return
	}
	w.item(l)
}

func (w *walker) openSection(h heading) {
	w.endSection()
	if w.scheme == schemeNone || h.scheme == w.scheme {
		w.scheme, w.secNum = h.scheme, h.n
	}
	w.kind, w.areas, w.out = h.kind, nil, outline{}
	switch h.kind {
	case sectionReview:
		if w.doc.ReviewHeading == "" {
			w.doc.ReviewHeading, w.areas = h.title, &w.doc.Review
		}
	case sectionTasks:
		if !w.hasTasks {
			w.hasTasks, w.doc.TasksHeading, w.areas = true, h.title, &w.doc.Tasks
			w.tasksMonth = lastMonthIn(h.title)
		}
	}
}

// endSection settles what the section left open.
func (w *walker) endSection() {
	w.table = nil
	if w.areas == nil {
		return
	}
	w.settlePending(false)
	flattenEmptyAreas(w.areas)
}

// otherTableRow reads a .docx table row that is not part of a task table.
// In the review it is the paragraphs of its cells. In the tasks it is no
// form of task the reader knows: splitting it into tasks would be a
// guess, so the row is listed as unplaced.
func (w *walker) otherTableRow(l line) {
	var filled []string
	for _, c := range l.cells {
		if c = strings.TrimSpace(c); c != "" {
			filled = append(filled, c)
		}
	}
	if w.kind == sectionTasks {
		w.settlePending(false)
		w.doc.Unplaced = append(w.doc.Unplaced, strings.Join(filled, " | "))
		return
	}
	notes := l.notes
	for _, c := range filled {
		for _, p := range strings.Split(c, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				w.line(newLine(p, notes))
				notes = nil
			}
		}
	}
}

// join numbers the items and joins their continuation lines.
func (w *walker) join(kind sectionKind, areas []Area) {
	for a := range areas {
		for i := range areas[a].Items {
			it := &areas[a].Items[i]
			it.Index = i + 1
			if m := w.more[itemKey{kind, a, i}]; len(m) > 0 {
				it.Text = strings.Join(append([]string{it.Text}, m...), "\n")
			}
		}
	}
}

// flattenEmptyAreas: numbered lines with nothing under any of them, and
// worded as sentences, are the tasks themselves ("1. Rà soát hồ sơ đất
// đai.", "2. Tổ chức …"), not areas. Short titles stay areas: their tasks
// may be in a form the reader did not place.
func flattenEmptyAreas(areas *[]Area) {
	if len(*areas) == 0 || countItems(*areas) > 0 || !slices.ContainsFunc(*areas, titledAsSentence) {
		return
	}
	flat := Area{Items: []Item{}}
	for _, a := range *areas {
		if a.Title != "" {
			flat.Items = append(flat.Items, Item{Text: a.Title, Footnotes: a.Footnotes})
		}
	}
	if len(flat.Items) > 0 {
		*areas = []Area{flat}
	}
}

func titledAsSentence(a Area) bool {
	return strings.HasSuffix(a.Title, ".") || strings.HasSuffix(a.Title, ";") || countWords(a.Title) > maxVeWords
}
