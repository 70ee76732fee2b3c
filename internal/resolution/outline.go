package resolution

import (
	"strings"

	"github.com/theodoi/theodoi/internal/document"
)

// outline is what a section has shown so far of how it marks areas and
// items; the first area heading decides the area mark for the section.
type outline struct {
	areaKind  mark // markNone until the first area heading
	itemKind  mark // the mark of the current area's items
	itemLevel int  // Word list level of the current item
	marked    bool // the current item began with a mark: plain lines continue it
	// afterTable: the area's task table has ended; a plain paragraph
	// after it belongs to no row.
	afterTable bool
	// pending are plain paragraphs of the tasks section met before any
	// area or item: an introduction, or tasks listed without areas.
	pending []line
}

// romanArea: inside a section, is this Roman-numbered line an area rather
// than the next section? It is when sections are lettered ("B. Nhiệm vụ
// …" then "I. Lĩnh vực kinh tế"), or when Roman areas restart at "I."
// under a Roman section, and it continues their count. Words that name
// another kind of section ("III. Tổ chức thực hiện") still end it.
func (w *walker) romanArea(h heading) bool {
	if h.scheme != schemeRoman || w.areas == nil || (h.kind != sectionOther && h.kind != w.kind) {
		return false
	}
	switch w.out.areaKind {
	case markRoman:
	case markNone:
		if w.scheme == schemeRoman && h.n != 1 {
			return false
		}
	default:
		return false
	}
	last := w.lastAreaNumber()
	return h.n > last && h.n <= last+3
}

func (w *walker) lastAreaNumber() int {
	if n := len(*w.areas); n > 0 {
		return (*w.areas)[n-1].Number
	}
	return 0
}

// areaHeading adds an area when l is written as this section's areas
// are; the first one decides. Numbers must go up (a small gap is
// tolerated), so a sentence that happens to start with "2. " deep inside
// an area is not taken for a heading.
func (w *walker) areaHeading(l line) bool {
	if l.bullet || l.sub {
		return false
	}
	last := w.lastAreaNumber()
	var n int
	var title, rest string
	var kind mark
	if k, t, ok := numbered(l.text); ok && (w.out.areaKind == markNone || w.out.areaKind == markArabic) && k > last && k <= last+3 {
		n, kind = k, markArabic
		title, rest = splitTitle(t)
	} else if h, ok := headingOf(l); ok && w.romanArea(h) {
		n, kind = h.n, markRoman
		title, rest = splitTitle(h.title)
	} else if t, r, ok := veHeading(l.text); ok && (w.out.areaKind == markNone || w.out.areaKind == markVe) {
		n, kind, title, rest = last+1, markVe, t, r
	} else {
		return false
	}
	w.settlePending(true)
	w.out.areaKind = kind
	w.addArea(Area{Number: n, Title: title}, rest, l.notes)
	return true
}

// addArea starts an area; text after its title is its first item.
func (w *walker) addArea(a Area, rest string, notes []document.Footnote) {
	a.Items = []Item{}
	if rest != "" {
		a.Items = append(a.Items, Item{Text: rest, Footnotes: notes})
	} else {
		a.Footnotes = notes
	}
	*w.areas = append(*w.areas, a)
	w.out.itemKind, w.out.itemLevel, w.out.marked, w.out.afterTable = markNone, 0, false, false
}

// item places a line that is not a heading: a new item, or part of the
// one above.
func (w *walker) item(l line) {
	mk, text := w.markOf(l)
	if mk == markNone && w.kind == sectionTasks {
		if len(*w.areas) == 0 {
			w.out.pending = append(w.out.pending, l)
			return
		}
		if w.out.afterTable {
			w.doc.Unplaced = append(w.doc.Unplaced, l.text)
			return
		}
	}
	w.settlePending(false)
	if len(*w.areas) == 0 {
		*w.areas = append(*w.areas, Area{Items: []Item{}})
	}
	a := &(*w.areas)[len(*w.areas)-1]
	if len(a.Items) > 0 && w.continues(l, mk) {
		key := itemKey{w.kind, len(*w.areas) - 1, len(a.Items) - 1}
		w.more[key] = append(w.more[key], text)
		it := &a.Items[len(a.Items)-1]
		it.Footnotes = append(it.Footnotes, l.notes...)
		return
	}
	a.Items = append(a.Items, Item{Text: text, Footnotes: l.notes})
	w.out.marked, w.out.itemLevel, w.out.afterTable = mk != markNone, l.level, false
	if mk != markNone && (w.out.itemKind == markNone || mk.depth() < w.out.itemKind.depth()) {
		w.out.itemKind = mk
	}
}

// markOf is the item mark of a line and its text without the mark.
// Under Roman or "Về" areas, "1." marks items.
func (w *walker) markOf(l line) (mark, string) {
	switch {
	case l.sub:
		return markPlus, l.text
	case l.bullet:
		return markBullet, l.text
	}
	if w.out.areaKind == markRoman || w.out.areaKind == markVe {
		if _, t, ok := numbered(l.text); ok {
			return markArabic, t
		}
	}
	return itemMark(l.text)
}

// continues: is a line part of the item above? A "+" always is, and so
// is a deeper mark or Word list level; in the review a plain line
// continues the paragraph above, in the tasks only a marked item, since
// an area written as plain paragraphs has one task per paragraph.
func (w *walker) continues(l line, mk mark) bool {
	switch {
	case mk == markPlus:
		return true
	case mk == markBullet && l.list && w.out.itemKind == markBullet && l.level > w.out.itemLevel:
		return true
	case mk != markNone:
		return w.out.itemKind != markNone && mk.depth() > w.out.itemKind.depth()
	case w.kind == sectionReview:
		return true
	}
	return w.out.marked
}

// settlePending places the plain paragraphs met before any area or item.
// Before an area heading (heading true) they belong to no area. Before
// items, or at the end of a section without areas, they are tasks,
// except a paragraph ending in ":" that introduces what follows.
func (w *walker) settlePending(heading bool) {
	pending := w.out.pending
	w.out.pending = nil
	for _, l := range pending {
		if heading || strings.HasSuffix(l.text, ":") {
			w.doc.Unplaced = append(w.doc.Unplaced, l.text)
			continue
		}
		if len(*w.areas) == 0 {
			*w.areas = append(*w.areas, Area{Items: []Item{}})
		}
		a := &(*w.areas)[len(*w.areas)-1]
		a.Items = append(a.Items, Item{Text: l.text, Footnotes: l.notes})
	}
}
