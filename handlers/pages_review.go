package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/web"
)

// The review page: an overview table first (one row per item, the
// suggestions a reviewer should look at first on top), then each item in
// full. Units are chosen from one searchable list shared by the page, so
// the page stays small however many units the committee has; the
// coordinating units' check boxes are loaded for the item being edited.

type reviewView struct {
	web.Layout
	ID, FileName, FileURL       string
	Number, Date, Month, Status string
	StatusCode                  string
	Editable                    bool
	Version                     int64
	Count, Low                  int
	Problems                    []pageProblem
	Overview                    []itemRow
	Groups                      []itemGroup
	UnitNames                   []string
	// Elsewhere warns that another body issued the resolution.
	Elsewhere string
	// Earlier is the month's committed import this one would replace.
	Earlier *earlierImport
	// TasksURL lists the tasks a committed import created.
	TasksURL string
	// Unplaced are paragraphs of section II the reader could not place.
	Unplaced []string
}

type earlierImport struct {
	URL, Number string
	Tasks       int
}

type pageProblem struct {
	Anchor, Text string
	order        int
}

type itemGroup struct {
	Title string
	Rows  []itemRow
}

type itemRow struct {
	Index                    int
	Key, Anchor, Text, Start string
	Areas                    []option
	Lead, FollowUp           string
	CoordIDs                 []models.ID
	CoordSummary             string
	Deadline, DeadlineReason string
	Suggestion, Confidence   string
	Low                      bool
	Condition                string
	Flags, Footnotes         []string
	Splits                   []option
	Dropped                  bool
	Err                      map[string]string // by field: "leadUnitId"
}

type option struct {
	Value, Label string
	Selected     bool
}

// docHeader is what the review page shows of the parsed resolution.
type docHeader struct {
	Date     models.Date `json:"date"`
	Unplaced []string    `json:"unplaced"`
}

// reviewPage builds the review page for items (the stored ones, or the
// reviewer's rejected input) with problems keyed like "items[3].leadUnitId".
func (p *pages) reviewPage(c *gin.Context, imp models.Import, items []models.ImportItem, problems map[string]string) (reviewView, error) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	units, err := p.svc.Units.List(ctx, a)
	if err != nil {
		return reviewView{}, err
	}
	areas, err := p.svc.Areas.List(ctx, a)
	if err != nil {
		return reviewView{}, err
	}
	var head docHeader
	_ = json.Unmarshal(imp.Document, &head) // the header is only shown; a gap shows as unknown
	v := reviewView{
		Layout: p.layout(c, "review.title", "imports"),
		ID:     string(imp.ID), FileName: imp.FileName, FileURL: "/api/v1/imports/" + string(imp.ID) + "/file",
		Number:     p.docNumber(c, imp),
		Date:       orText(dateLabel(head.Date), web.T(lang, "review.no_date")),
		Month:      orText(monthLabel(imp.Month), web.T(lang, "review.unknown")),
		Status:     web.T(lang, "status."+string(imp.Status)),
		StatusCode: string(imp.Status),
		Editable:   imp.Status == models.ImportDraft,
		Version:    imp.Version,
		Count:      len(items),
		Unplaced:   head.Unplaced,
	}
	v.Title = v.Title + " " + orText(imp.DocNumber, imp.FileName)
	if imp.Status == models.ImportCommitted && len(imp.TaskIDs) > 0 {
		v.TasksURL = "/tasks?period=" + string(imp.Month)
	}
	if err := p.reviewWarnings(c, imp, &v); err != nil {
		return reviewView{}, err
	}
	rowErr := v.addProblems(lang, items, problems)

	names := unitNames(units)
	for _, u := range units {
		if u.Active {
			v.UnitNames = append(v.UnitNames, u.Name)
		}
	}
	group := map[string]int{}
	for i, it := range items {
		row := reviewRow(lang, i, it, areas, names, rowErr[i])
		if row.Low && !it.Dropped {
			v.Low++
		}
		v.Overview = append(v.Overview, row)
		gkey, title := areaGroup(lang, it, areas)
		g, ok := group[gkey]
		if !ok {
			g = len(v.Groups)
			group[gkey] = g
			v.Groups = append(v.Groups, itemGroup{Title: title})
		}
		v.Groups[g].Rows = append(v.Groups[g].Rows, row)
	}
	// What needs a look comes first; otherwise the resolution's order.
	sort.SliceStable(v.Overview, func(x, y int) bool { return v.Overview[x].Low && !v.Overview[y].Low })
	return v, nil
}

// reviewWarnings fills the page's warnings: a resolution another body
// issued, and a month whose tasks an earlier import created already.
func (p *pages) reviewWarnings(c *gin.Context, imp models.Import, v *reviewView) error {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	issuer, err := p.svc.Imports.IssuedElsewhere(ctx, a, imp)
	if err != nil {
		return err
	}
	if issuer != "" {
		cm, err := p.svc.Committees.Get(ctx, a)
		if err != nil {
			return err
		}
		v.Elsewhere = web.T(lang, "review.elsewhere", issuer, cm.Name)
	}
	if imp.Status != models.ImportDraft {
		return nil
	}
	earlier, err := p.svc.Imports.Earlier(ctx, a, imp)
	switch {
	case err == nil:
		v.Earlier = &earlierImport{URL: "/imports/" + string(earlier.ID), Number: p.docNumber(c, earlier), Tasks: len(earlier.TaskIDs)}
	case !errors.Is(err, models.ErrNotFound):
		return err
	}
	return nil
}

// addProblems lists problems at the top and returns them by item and field.
func (v *reviewView) addProblems(lang string, items []models.ImportItem, problems map[string]string) map[int]map[string]string {
	rowErr := map[int]map[string]string{}
	for f, msg := range problems {
		i, sub, ok := itemField(f)
		if !ok || i >= len(items) {
			v.Problems = append(v.Problems, pageProblem{Text: fieldMessage(lang, f, msg), order: -1})
			continue
		}
		text := fieldMessage(lang, sub, msg)
		if rowErr[i] == nil {
			rowErr[i] = map[string]string{}
		}
		rowErr[i][sub] = text
		v.Problems = append(v.Problems, pageProblem{Anchor: fmt.Sprintf("item-%d", i),
			Text: web.T(lang, "review.error.item", items[i].Key, fieldLabel(lang, sub), text), order: i})
	}
	sort.SliceStable(v.Problems, func(x, y int) bool {
		if v.Problems[x].order != v.Problems[y].order {
			return v.Problems[x].order < v.Problems[y].order
		}
		return v.Problems[x].Text < v.Problems[y].Text
	})
	return rowErr
}

func reviewRow(lang string, i int, it models.ImportItem, areas []models.Area, names map[models.ID]string, errs map[string]string) itemRow {
	s := it.Suggestion
	row := itemRow{
		Index: i, Key: it.Key, Anchor: fmt.Sprintf("item-%d", i), Text: it.Text, Start: textStart(it.Text, 90),
		Areas:          areaOptions(lang, areas, it),
		Lead:           nameOf(it.LeadUnitID, names),
		FollowUp:       nameOf(it.FollowUpUnitID, names),
		CoordIDs:       it.CoordinatingUnitIDs,
		CoordSummary:   coordSummary(lang, it.CoordinatingUnitIDs, names),
		Deadline:       string(it.Deadline),
		DeadlineReason: deadlineReason(lang, it.DeadlineReason),
		Suggestion:     suggestionNote(lang, s, names),
		Low:            it.LeadUnitID == "" || it.LeadUnitID == s.LeadUnitID && s.Low(),
		Condition:      it.Condition,
		Flags:          flagLabels(lang, it),
		Footnotes:      it.Footnotes,
		Splits:         splitOptions(lang, it.Text),
		Dropped:        it.Dropped,
		Err:            errs,
	}
	if s.LeadUnitID != "" {
		row.Confidence = web.T(lang, "review.confidence", int(math.Round(s.LeadConfidence*100)))
	}
	return row
}

func areaGroup(lang string, it models.ImportItem, areas []models.Area) (key, title string) {
	i := slices.IndexFunc(areas, func(a models.Area) bool { return a.ID == it.AreaID })
	switch {
	case i >= 0:
		return "area:" + string(it.AreaID), areas[i].Name
	case it.AreaID != "":
		return "area:" + string(it.AreaID), web.T(lang, "review.unknown")
	case it.NewAreaName != "":
		return "new:" + it.NewAreaName, web.T(lang, "review.area.new", it.NewAreaName)
	}
	return "none", web.T(lang, "review.area.none")
}

// nameOf is a unit's name for an input; an id the committee lacks is
// shown as it is, so validation can name it.
func nameOf(id models.ID, names map[models.ID]string) string {
	if id == "" {
		return ""
	}
	return orText(names[id], string(id))
}

// textStart is the first n characters of a text, on one line.
func textStart(s string, n int) string { return shorten(strings.Join(strings.Fields(s), " "), n) }

// splitOptions are the places an item's text may be split: after each
// sentence, clause or line but the last. The value is a byte offset.
func splitOptions(lang, text string) []option {
	var out []option
	for _, at := range splitPoints(text) {
		out = append(out, option{Value: fmt.Sprint(at), Label: web.T(lang, "review.split.after", textEnd(text[:at], 40))})
	}
	return out
}

// splitPoints are the byte offsets after ". ", "; " and line breaks where
// a text can be cut into two tasks, each with some text.
func splitPoints(text string) []int {
	var out []int
	for i := 0; i < len(text)-1; i++ {
		switch {
		case text[i] == '\n', (text[i] == '.' || text[i] == ';') && text[i+1] == ' ':
			at := i + 1
			if strings.TrimSpace(text[:at]) != "" && strings.TrimSpace(text[at:]) != "" {
				out = append(out, at)
			}
		}
	}
	return out
}

// textEnd is the last n characters of a text, on one line.
func textEnd(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n:])
}

// reviewCoord is GET /imports/:id/items/:index/coord: the check boxes of
// one item's coordinating units, for htmx to put in place of its summary.
func (p *pages) reviewCoord(c *gin.Context) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	imp, err := p.svc.Imports.Get(ctx, a, pathID(c))
	if err != nil {
		p.fail(c, err)
		return
	}
	i, err := strconv.Atoi(c.Param("index"))
	if err != nil || i < 0 || i >= len(imp.Items) {
		p.fail(c, fmt.Errorf("import %s item %q: %w", imp.ID, c.Param("index"), models.ErrNotFound))
		return
	}
	units, err := p.svc.Units.List(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	it := imp.Items[i]
	var opts []option
	for _, o := range unitOptions(units, it.CoordinatingUnitIDs, "") {
		if models.ID(o.Value) != it.LeadUnitID {
			opts = append(opts, o)
		}
	}
	var buf bytes.Buffer
	data := struct {
		Index   int
		Options []option
	}{i, opts}
	if err := p.view.RenderFragment(&buf, lang, "review", "review-coord", data); err != nil {
		p.fail(c, err)
		return
	}
	writeCompressed(c, http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// replace commits the import in place of the month's earlier one.
func (p *pages) replace(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	version, ok := p.formVersion(c)
	if !ok {
		return
	}
	id := pathID(c)
	if _, err := p.svc.Imports.Replace(c.Request.Context(), actor(c), id, version); err != nil {
		var ve *models.ValidationError
		if !errors.As(err, &ve) {
			p.fail(c, err)
			return
		}
		imp, gerr := p.svc.Imports.Get(c.Request.Context(), actor(c), id)
		if gerr != nil {
			p.fail(c, gerr)
			return
		}
		p.itemsFailed(c, imp, imp.Items, err, -1)
		return
	}
	c.Redirect(http.StatusSeeOther, reviewURL(id, "replaced"))
}
