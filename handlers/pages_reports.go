package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/internal/partydoc"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/web"
)

// The report pages: the month's review, the carry-over list and the draft
// resolution, each shown as the document it downloads as, in print layout.

type reportView struct {
	web.Layout
	Kind       string
	MonthParam string // "2021-10", for links
	Heading    string
	Status     string
	CanDraft   bool
	DocxURL    string
	PDFURL     string
	documentView
	Charts []chartSection
	Legend []chartBar
}

// documentView is a Party document as a page shows it.
type documentView struct {
	Doc    partydoc.Document
	Blocks []reportBlock
	Notes  []partydoc.Note
}

// documentViewOf numbers d's footnotes and sizes its tables' columns as
// the Word file does.
func documentViewOf(d partydoc.Document) documentView {
	v := documentView{Doc: d, Notes: d.Notes()}
	var tables []partydoc.Table
	for _, b := range d.Blocks {
		if b.Table != nil {
			tables = append(tables, *b.Table)
		}
	}
	shares, err := partydoc.ColumnShares(tables...)
	n, t := 0, 0
	for _, b := range d.Blocks {
		rb := reportBlock{Block: b}
		if b.Table != nil {
			if err == nil {
				rb.Widths = percents(shares[t])
			} else {
				rb.Widths = columnPercents(b.Table.Columns) // the writer's own proportions
			}
			t++
		}
		for range b.Notes {
			n++
			rb.Refs = append(rb.Refs, n)
		}
		v.Blocks = append(v.Blocks, rb)
	}
	return v
}

// percents writes shares as <col width> values.
func percents(shares []float64) []string {
	out := make([]string, len(shares))
	for i, p := range shares {
		out[i] = fmt.Sprintf("%.1f%%", p)
	}
	return out
}

// reportBlock is a block with the numbers of its footnotes and, for a
// table, its column widths in percent (as <col width>, which the CSP allows).
type reportBlock struct {
	partydoc.Block
	Refs   []int
	Widths []string
}

// chartSection is a set of bars on one scale (all units, or all areas).
type chartSection struct {
	ID    string
	Title string
	Rows  []chartRow
}

type chartRow struct {
	ID      string // the SVG title's id
	Name    string
	Label   string // the text alternative: every bucket in words
	Total   int
	Percent string
	Bars    []chartBar
}

// chartBar is one bucket's segment; X and Width are in the SVG's 0–200
// viewBox units, so the bars of a section share a scale.
type chartBar struct {
	Class string
	Label string
	Count int
	X     float64
	Width float64
}

// chartWidth is the SVG viewBox width of a full bar.
const chartWidth = 200.0

func (p *pages) reportPage(kind models.ReportKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		v, err := p.reportView(c, kind)
		if err != nil {
			p.fail(c, err)
			return
		}
		p.render(c, http.StatusOK, "report_document", v)
	}
}

func (p *pages) reportView(c *gin.Context, kind models.ReportKind) (reportView, error) {
	a := actor(c)
	page, err := p.svc.Reports.Page(c.Request.Context(), a, kind, c.Param("month"))
	if err != nil {
		return reportView{}, err
	}
	lang := language(c)
	month := string(page.Month)
	v := reportView{
		Layout: p.layout(c, "report.title."+string(kind), "reports"),
		Kind:   string(kind), MonthParam: month,
	}
	if _, err := models.ReportScopeFor(a, models.ReportDraft); err == nil {
		v.CanDraft = true
	}
	label := monthLabel(page.Month)
	next := monthLabel(page.Month.Next())
	switch kind {
	case models.ReportReview:
		v.Heading = web.T(lang, "report.heading.review", label)
	case models.ReportCarryOver:
		v.Heading = web.T(lang, "report.heading.carryover", next)
	case models.ReportDraft:
		v.Heading = web.T(lang, "report.heading.draft", next)
	}
	v.Title = v.Heading
	base := "/api/v1/periods/" + url.PathEscape(month) + "/reports/" + string(kind) + "?format="
	v.DocxURL, v.PDFURL = base+"docx", base+"pdf"
	v.documentView = documentViewOf(page.Document)
	if r := page.Review; r != nil {
		if r.Frozen {
			v.Status = web.T(lang, "report.status.frozen", dateLabel(r.Figures.AsOf))
		} else {
			v.Status = web.T(lang, "report.status.live", dateLabel(r.Figures.AsOf))
		}
		v.Legend = legend(lang)
		if r.Scope.Whole() || len(r.Figures.Units) > 0 {
			v.Charts = append(v.Charts, chart("units", web.T(lang, "report.chart.units"), r.Figures.Units, lang))
		}
		v.Charts = append(v.Charts, chart("areas", web.T(lang, "report.chart.areas"), r.Figures.Areas, lang))
	}
	return v, nil
}

// buckets in the order the bars stack: finished first, overdue last.
var buckets = []struct {
	class, key string
	count      func(models.Figures) int
}{
	{"bucket-on-time", "report.bucket.done_on_time", func(f models.Figures) int { return f.DoneOnTime }},
	{"bucket-late", "report.bucket.done_late", func(f models.Figures) int { return f.DoneLate }},
	{"bucket-within", "report.bucket.open_within_term", func(f models.Figures) int { return f.OpenWithinTerm }},
	{"bucket-overdue", "report.bucket.open_overdue", func(f models.Figures) int { return f.OpenOverdue }},
}

func legend(lang string) []chartBar {
	out := make([]chartBar, len(buckets))
	for i, b := range buckets {
		out[i] = chartBar{Class: b.class, Label: web.T(lang, b.key)}
	}
	return out
}

// chart lays out one stacked bar per group, scaled to the largest group.
func chart(id, title string, groups []models.GroupFigures, lang string) chartSection {
	s := chartSection{ID: id, Title: title}
	most := 1
	for _, g := range groups {
		most = max(most, g.Done+g.Open)
	}
	for i, g := range groups {
		row := chartRow{ID: fmt.Sprintf("chart-%s-%d", id, i+1), Name: orText(g.Name, web.T(lang, "report.chart.unnamed")), Total: g.Total,
			Percent: web.T(lang, "fig.rate.none")}
		if g.HasRate() {
			row.Percent = web.Percent(lang, g.CompletionPercent()) + "%"
		}
		x := 0.0
		var words []string
		for _, b := range buckets {
			n := b.count(g.Figures)
			w := chartWidth * float64(n) / float64(most)
			row.Bars = append(row.Bars, chartBar{Class: b.class, Label: web.T(lang, b.key), Count: n, X: x, Width: w})
			words = append(words, fmt.Sprintf("%s: %d", web.T(lang, b.key), n))
			x += w
		}
		row.Label = row.Name + " — " + strings.Join(words, "; ")
		s.Rows = append(s.Rows, row)
	}
	return s
}

// The routes of the three reports (routes.go), as pages and as downloads.
func (p *pages) reportReviewPage(c *gin.Context)    { p.reportPage(models.ReportReview)(c) }
func (p *pages) reportCarryOverPage(c *gin.Context) { p.reportPage(models.ReportCarryOver)(c) }
func (p *pages) reportDraftPage(c *gin.Context)     { p.reportPage(models.ReportDraft)(c) }
func (p *pages) reportReviewAPI(c *gin.Context)     { p.reportAPI(models.ReportReview)(c) }
func (p *pages) reportCarryOverAPI(c *gin.Context)  { p.reportAPI(models.ReportCarryOver)(c) }
func (p *pages) reportDraftAPI(c *gin.Context)      { p.reportAPI(models.ReportDraft)(c) }

func columnPercents(cols []partydoc.Column) []string {
	total := 0.0
	for _, c := range cols {
		total += max(c.Width, 0.1)
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = fmt.Sprintf("%.1f%%", 100*max(c.Width, 0.1)/total)
	}
	return out
}
