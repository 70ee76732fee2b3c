package handlers

import (
	"mime"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/report"
	"github.com/theodoi/theodoi/web"
)

// The unit's own month report (/unit/report, "Báo cáo của đơn vị"): the
// tasks a unit leads and those it coordinates in a month, as a report
// headed and signed by the unit, with its .docx and PDF, and the same as
// JSON or a file from /api/v1/units/{id}/report/{month}. A unit officer
// reads its own unit's; those who read all tasks pick the unit (?unit=).
// Who reads what is the service's to decide.

type unitReportView struct {
	web.Layout
	Heading, Status string
	Choose          []option // units to pick from, for those who read every unit
	Months          []option
	MonthParam      string // the month asked for, kept while a unit is picked
	DocxURL, PDFURL string
	UnitHref        string // the unit's task view
	documentView
}

// unitReportQuery reads ?unit= and ?month=; the service checks both.
func unitReportQuery(c *gin.Context) report.UnitReportQuery {
	return report.UnitReportQuery{Unit: models.ID(c.Query("unit")), Month: c.Query("month")}
}

// unitReportHref links a unit page; the unit is named only for people
// who pick it (an officer's is implied).
func unitReportHref(path string, a models.Actor, unit models.ID, month models.Month) string {
	q := url.Values{}
	if a.Role != models.RoleUnit && unit != "" {
		q.Set("unit", string(unit))
	}
	if month != "" {
		q.Set("month", string(month))
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

func (p *pages) unitReportPage(c *gin.Context) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	q := unitReportQuery(c)
	v := unitReportView{Layout: p.layout(c, "unitreport.title", "unit"), MonthParam: q.Month}
	picks := a.Role != models.RoleUnit
	if picks && q.Unit == "" { // nothing to show until a unit is picked
		units, err := p.svc.Units.List(ctx, a)
		if err != nil {
			p.fail(c, err)
			return
		}
		v.Heading = v.Title
		v.Choose = unitOptions(units, nil, web.T(lang, "unit.choose"))
		p.render(c, http.StatusOK, "unit_report", v)
		return
	}
	page, err := p.svc.Reports.UnitReportPage(ctx, a, q)
	if err != nil {
		p.fail(c, err)
		return
	}
	r := page.Report
	if picks {
		units, err := p.svc.Units.List(ctx, a)
		if err != nil {
			p.fail(c, err)
			return
		}
		v.Choose = unitOptions(units, []models.ID{r.Unit.ID}, "")
	}
	v.Heading = web.T(lang, "unitreport.heading", r.Unit.Name, monthLabel(r.Month))
	v.Title = v.Heading
	if r.Frozen {
		v.Status = web.T(lang, "report.status.frozen", dateLabel(r.Figures.AsOf))
	} else {
		v.Status = web.T(lang, "report.status.live", dateLabel(r.Figures.AsOf))
	}
	for _, m := range page.Months {
		v.Months = append(v.Months, option{Value: string(m), Label: monthLabel(m), Selected: m == r.Month})
	}
	v.MonthParam = string(r.Month)
	v.DocxURL = unitReportHref("/unit/report.docx", a, r.Unit.ID, r.Month)
	v.PDFURL = unitReportHref("/unit/report.pdf", a, r.Unit.ID, r.Month)
	v.UnitHref = unitReportHref("/unit", a, r.Unit.ID, "")
	v.documentView = documentViewOf(page.Document)
	p.render(c, http.StatusOK, "unit_report", v)
}

// unitReportFile answers /unit/report.docx and /unit/report.pdf.
func (p *pages) unitReportFile(format models.ReportFormat) gin.HandlerFunc {
	return func(c *gin.Context) {
		f, err := p.svc.Reports.UnitReportFile(c.Request.Context(), actor(c), unitReportQuery(c), format)
		if err != nil {
			p.fail(c, err)
			return
		}
		sendReportFile(c, f)
	}
}

func (p *pages) unitReportDOCX(c *gin.Context) { p.unitReportFile(models.FormatDOCX)(c) }
func (p *pages) unitReportPDF(c *gin.Context)  { p.unitReportFile(models.FormatPDF)(c) }

// sendReportFile sends a report as a download with its ASCII name.
func sendReportFile(c *gin.Context, f report.ReportFile) {
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	c.Data(http.StatusOK, f.ContentType, f.Data)
}

// unitReport answers GET /api/v1/units/{id}/report/{month}?format=json
// (the default), docx or pdf.
func (a *api) unitReport(c *gin.Context) {
	ctx, q := c.Request.Context(), report.UnitReportQuery{Unit: pathID(c), Month: c.Param("month")}
	switch format := c.DefaultQuery("format", "json"); format {
	case "json":
		r, err := a.svc.Reports.UnitReport(ctx, actor(c), q)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, toUnitReportResponse(r))
	case string(models.FormatDOCX), string(models.FormatPDF):
		f, err := a.svc.Reports.UnitReportFile(ctx, actor(c), q, models.ReportFormat(format))
		if err != nil {
			writeError(c, err)
			return
		}
		sendReportFile(c, f)
	default:
		writeError(c, models.Invalid("format", "must be json, docx or pdf"))
	}
}

type unitReportResponse struct {
	Unit   unitReportUnitJSON `json:"unit"`
	Month  models.Month       `json:"month"`
	AsOf   models.Date        `json:"asOf"`
	Frozen bool               `json:"frozen"`
	// Figures and Areas count the tasks the unit leads.
	Figures      models.Figures        `json:"figures"`
	Areas        []models.GroupFigures `json:"areas"`
	Lead         []unitReportTaskJSON  `json:"lead"`
	Coordinating []unitReportTaskJSON  `json:"coordinating"`
}

type unitReportUnitJSON struct {
	ID   models.ID       `json:"id"`
	Name string          `json:"name"`
	Kind models.UnitKind `json:"kind"`
}

type unitReportTaskJSON struct {
	ID           models.ID        `json:"id"`
	Role         string           `json:"role"` // lead | coordinating
	Text         string           `json:"text"`
	AreaID       models.ID        `json:"areaId"`
	AreaName     string           `json:"areaName"`
	LeadUnitID   models.ID        `json:"leadUnitId"`
	LeadUnitName string           `json:"leadUnitName"`
	State        models.WorkState `json:"state"`
	Percent      int              `json:"percent"`
	Deadline     models.Date      `json:"deadline"` // "" when ongoing
	Bucket       models.Bucket    `json:"bucket"`
	Note         string           `json:"note"` // the latest progress note
	CarryCount   int              `json:"carryCount"`
}

func toUnitReportResponse(r report.UnitReport) unitReportResponse {
	out := unitReportResponse{
		Unit:  unitReportUnitJSON{ID: r.Unit.ID, Name: r.Unit.Name, Kind: r.Unit.Kind},
		Month: r.Month, AsOf: r.Figures.AsOf, Frozen: r.Frozen,
		Figures: r.Figures.Totals, Areas: r.Figures.Areas,
		Lead: []unitReportTaskJSON{}, Coordinating: []unitReportTaskJSON{},
	}
	if out.Areas == nil {
		out.Areas = []models.GroupFigures{}
	}
	row := func(x report.UnitReportRow) unitReportTaskJSON {
		t := x.Task
		return unitReportTaskJSON{ID: t.ID, Role: x.Role, Text: t.Text, AreaID: t.AreaID, AreaName: x.AreaName,
			LeadUnitID: t.LeadUnitID, LeadUnitName: x.LeadName, State: t.State, Percent: t.Percent, Deadline: t.Deadline,
			Bucket: x.Bucket, Note: x.Note, CarryCount: t.CarryCount}
	}
	for _, x := range r.Lead {
		out.Lead = append(out.Lead, row(x))
	}
	for _, x := range r.Coordinating {
		out.Coordinating = append(out.Coordinating, row(x))
	}
	return out
}
