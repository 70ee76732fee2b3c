package resolution

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/internal/docx/docxtest"
	"github.com/theodoi/theodoi/models"
)

// styleFixture is an invented resolution written the way one committee
// writes them: a text export in testdata, and the same resolution as a
// Word file built from it with the Word structures that print its marks.
type styleFixture struct {
	file   string
	docx   docxtest.Options
	header Document // compared through headerOf
	review []int    // items per review area
	tasks  []int    // tasks per area
	titles []string // of the task areas
	// numbers of the task areas; nil means 1, 2, 3 …
	numbers   []int
	areaNotes map[int][]int // task area → footnote numbers on its heading
	items     []wantItem
	unplaced  []string
}

// wantItem is what one task must parse to. Ongoing and WaitingForCondition
// follow from reason; every fixture checks that for all its tasks.
type wantItem struct {
	at        string // "area.index"
	prefix    string // the text starts so; text, when set, is the whole text
	text      string
	deadline  models.Date
	reason    DeadlineReason
	condition string
	lead      string
	coord     []string
	notes     []int
	due       string // the table's deadline column
}

func readStyleFixture(tb testing.TB, file string) []byte {
	tb.Helper()
	data, err := os.ReadFile("testdata/" + file)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// headerOf keeps what a fixture compares outside the sections.
func headerOf(d Document) Document {
	return Document{SuperiorBody: d.SuperiorBody, IssuingBody: d.IssuingBody, Number: d.Number, Place: d.Place,
		Date: d.Date, Summary: d.Summary, TargetMonth: d.TargetMonth, TargetMonthFrom: d.TargetMonthFrom,
		TasksHeading: d.TasksHeading, Signer: d.Signer, Recipients: d.Recipients}
}

func TestStyleFixtures(t *testing.T) {
	for _, fx := range styleFixtures {
		t.Run(strings.TrimSuffix(fx.file, ".txt"), func(t *testing.T) {
			text := readStyleFixture(t, fx.file)
			doc := parseText(t, text)
			checkStyleFixture(t, fx, doc)

			file, err := docxtest.Convert(string(text), fx.docx)
			if err != nil {
				t.Fatal(err)
			}
			blocks, err := docx.Read(file, docx.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			fromWord, err := Parse(blocks)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(fromWord, doc) {
				t.Errorf("the Word file parses differently\n got %+v\nwant %+v", fromWord, doc)
			}
		})
	}
}

func checkStyleFixture(t *testing.T, fx styleFixture, doc Document) {
	t.Helper()
	if got := headerOf(doc); !reflect.DeepEqual(got, fx.header) {
		t.Errorf("header\n got %+v\nwant %+v", got, fx.header)
	}
	if got := itemCounts(doc.Review); !slices.Equal(got, fx.review) {
		t.Errorf("review items per area %v, want %v", got, fx.review)
	}
	if got := itemCounts(doc.Tasks); !slices.Equal(got, fx.tasks) {
		t.Fatalf("tasks per area %v, want %v", got, fx.tasks)
	}
	for i, a := range doc.Tasks {
		want := i + 1
		if fx.numbers != nil {
			want = fx.numbers[i]
		}
		if a.Number != want || a.Title != fx.titles[i] {
			t.Errorf("task area %d is %d %q, want %d %q", i+1, a.Number, a.Title, want, fx.titles[i])
		}
		if got, want := noteNumbers(a.Footnotes), fx.areaNotes[a.Number]; !slices.Equal(got, want) {
			t.Errorf("task area %d notes %v, want %v", a.Number, got, want)
		}
		for _, it := range a.Items {
			if it.Ongoing != (it.DeadlineReason == ReasonOngoing) || it.WaitingForCondition != (it.DeadlineReason == ReasonConditional) ||
				(it.ProposedDeadline == "") != (it.Ongoing || it.WaitingForCondition) {
				t.Errorf("task %d.%d: deadline %q %q, ongoing %v, waiting %v", a.Number, it.Index,
					it.ProposedDeadline, it.DeadlineReason, it.Ongoing, it.WaitingForCondition)
			}
		}
	}
	for _, w := range fx.items {
		checkItem(t, doc, w)
	}
	if !slices.Equal(doc.Unplaced, fx.unplaced) {
		t.Errorf("unplaced %q, want %q", doc.Unplaced, fx.unplaced)
	}
}

func checkItem(t *testing.T, doc Document, w wantItem) {
	t.Helper()
	var area, index int
	if _, err := fmt.Sscanf(w.at, "%d.%d", &area, &index); err != nil {
		t.Fatalf("item %q: %v", w.at, err)
	}
	it := item(t, doc.Tasks, area, index)
	if w.text != "" && it.Text != w.text {
		t.Errorf("task %s text %q, want %q", w.at, it.Text, w.text)
	}
	if !strings.HasPrefix(it.Text, w.prefix) {
		t.Errorf("task %s = %q, want prefix %q", w.at, it.Text, w.prefix)
	}
	if it.ProposedDeadline != w.deadline || it.DeadlineReason != w.reason || it.Condition != w.condition {
		t.Errorf("task %s deadline %q %q %q, want %q %q %q", w.at, it.ProposedDeadline, it.DeadlineReason, it.Condition,
			w.deadline, w.reason, w.condition)
	}
	if it.Lead != w.lead || !slices.Equal(it.Coordinating, w.coord) || it.DeadlineText != w.due {
		t.Errorf("task %s units %q %q, column %q; want %q %q, %q", w.at, it.Lead, it.Coordinating, it.DeadlineText, w.lead, w.coord, w.due)
	}
	if got := noteNumbers(it.Footnotes); !slices.Equal(got, w.notes) {
		t.Errorf("task %s notes %v, want %v", w.at, got, w.notes)
	}
}

func itemCounts(areas []Area) []int {
	var n []int
	for _, a := range areas {
		n = append(n, len(a.Items))
	}
	return n
}

func noteNumbers(notes []document.Footnote) []int {
	var n []int
	for _, f := range notes {
		n = append(n, f.Number)
	}
	return n
}

var mergedRowRe = regexp.MustCompile(`(?m)^\| (I{1,3}) \| ([^|]*) \|$`)

// barsToTabs rewrites "| a | b |" rows as "a\tb"; footnote bodies after the
// last bar stay at the end of the line.
func barsToTabs(text []byte) []byte {
	lines := strings.Split(string(text), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "| ") {
			continue
		}
		body := ""
		if j := strings.LastIndex(l, "| ["); j >= 0 {
			l, body = l[:j+1], " "+l[j+2:]
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(l, "|"), "|"), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		lines[i] = strings.Join(cells, "\t") + body
	}
	return []byte(strings.Join(lines, "\n"))
}

// A task table reaches the text reader in other forms too: cells between
// tabs (how Word exports a table to text), and an area row merged across
// the table printed as its title alone.
func TestTaskTableTextForms(t *testing.T) {
	const file = "nghi-quyet-kim-hoa-2024-11.txt"
	text := readStyleFixture(t, file)
	want := parseText(t, text)
	forms := map[string]func([]byte) []byte{
		"tabs":             barsToTabs,
		"merged area rows": func(b []byte) []byte { return mergedRowRe.ReplaceAll(b, []byte("$1. $2")) },
	}
	for name, edit := range forms {
		t.Run(name, func(t *testing.T) {
			edited := edit(text)
			if string(edited) == string(text) {
				t.Fatal("the edit changed nothing")
			}
			if got := parseText(t, edited); !reflect.DeepEqual(got, want) {
				t.Errorf("parsed differently\n got %+v\nwant %+v", got.Tasks, want.Tasks)
			}
		})
	}
}
