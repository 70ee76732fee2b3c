package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/theodoi/theodoi/internal/partydoc"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/internal/words"
	"github.com/theodoi/theodoi/store"
)

// A unit's own month report (báo cáo của đơn vị): what a chi bộ or an
// organisation brings to its monthly meeting. Unlike the review's unit
// part, it lists the tasks the unit coordinates as well as those it leads,
// and it is headed and signed as the unit's document, under the committee.
// Its figures are the review's for the unit: they count the tasks it
// leads, as of the same day.

// UnitReportQuery names the report: Unit "" is the actor's own unit (a
// unit officer's), Month "" is this month in the committee's zone.
type UnitReportQuery struct {
	Unit  models.ID
	Month string
}

// UnitReport is one unit's month.
type UnitReport struct {
	Committee models.Committee
	Unit      models.Unit
	Month     models.Month
	// Frozen: the month was carried over; its open tasks are judged as of
	// the day its figures were frozen, not today.
	Frozen bool
	// Figures count the tasks the unit leads (Totals, and Areas with
	// their names); coordinated tasks count for their lead unit.
	Figures      models.MonthFigures
	Lead         []UnitReportRow
	Coordinating []UnitReportRow
}

// Roles of a unit on a task, as the unit report marks its rows.
const (
	UnitRoleLead         = "lead"         // chủ trì
	UnitRoleCoordinating = "coordinating" // phối hợp
)

// UnitReportRow is one task as the unit report shows it.
type UnitReportRow struct {
	Task     models.Task
	Role     string // UnitRoleLead or UnitRoleCoordinating
	AreaName string
	LeadName string
	Bucket   models.Bucket
	Note     string // the latest progress note, "" when none
}

// UnitReportPage is the unit report for the web page: the report, its
// document, the months worth picking and the file name of the downloads.
type UnitReportPage struct {
	Report   UnitReport
	Document partydoc.Document
	// Months are the months to pick from, newest first: this month, the
	// one shown and the recent months in which the unit has tasks.
	Months   []models.Month
	FileBase string // "bao-cao-don-vi-thang-10-2021-chi-bo-tdp-thuong-khe"
}

// unitReportMonths bounds how many of the committee's months are looked
// through for the unit's tasks.
const unitReportMonths = 24

// unitReportUnit decides whose report the actor reads: any unit for those
// who read all tasks (who must name it), only its own for a unit officer.
// Another unit is "not found" to an officer, as another unit's task is.
func unitReportUnit(a models.Actor, unit models.ID) (models.ID, error) {
	switch {
	case models.Can(a.Role, models.ActReadAllTasks):
		if unit == "" {
			return "", models.Invalid("unit", "required")
		}
	case a.Role == models.RoleUnit && a.UnitID != "":
		if unit != "" && unit != a.UnitID {
			return "", models.NotFound("unit", unit)
		}
		unit = a.UnitID
	default:
		return "", core.Require(a, models.ActReadAllTasks)
	}
	if err := core.CheckID("unit", unit); err != nil {
		return "", err
	}
	return unit, nil
}

// UnitReport is the month report of one unit for the actor.
func (s *ReportService) UnitReport(ctx context.Context, actor models.Actor, q UnitReportQuery) (UnitReport, error) {
	unit, err := unitReportUnit(actor, q.Unit)
	if err != nil {
		return UnitReport{}, err
	}
	month, err := s.unitReportMonth(ctx, actor, q.Month)
	if err != nil {
		return UnitReport{}, err
	}
	d, err := s.load(ctx, actor, month)
	if err != nil {
		return UnitReport{}, err
	}
	u, ok := d.units[unit]
	if !ok {
		return UnitReport{}, models.NotFound("unit", unit)
	}
	return s.unitReport(ctx, d, u)
}

// unitReportMonth is the month asked for, or this month.
func (s *ReportService) unitReportMonth(ctx context.Context, actor models.Actor, month string) (models.Month, error) {
	if month != "" {
		m, err := models.ParseMonth(month)
		if err != nil {
			return "", models.Invalid("month", "must be YYYY-MM")
		}
		return m, nil
	}
	_, loc, err := s.Committees.Get(ctx, actor.CommitteeID)
	if err != nil {
		return "", err
	}
	return models.DateOf(s.Now(), loc).Month(), nil
}

func (s *ReportService) unitReport(ctx context.Context, d *monthData, u models.Unit) (UnitReport, error) {
	r := UnitReport{Committee: d.committee, Unit: u, Month: d.month, Frozen: d.frozen != nil}
	var lead, coord, both []models.Task
	for _, t := range d.tasks {
		switch {
		case t.LeadUnitID == u.ID:
			lead = append(lead, t)
		case t.Coordinates(u.ID):
			coord = append(coord, t)
		default:
			continue
		}
		both = append(both, t)
	}
	asOf := d.asOf(s.Now())
	clock := models.FiguresClock(asOf, d.loc)
	r.Figures = models.CountFigures(d.month, lead, asOf, d.loc)
	r.Figures.Units = slices.DeleteFunc(r.Figures.Units, func(g models.GroupFigures) bool { return g.ID != u.ID })
	for i := range r.Figures.Units {
		r.Figures.Units[i].Name = u.Name
	}
	for i := range r.Figures.Areas {
		r.Figures.Areas[i].Name = d.areaName(r.Figures.Areas[i].ID)
	}
	notes, err := s.latestNotes(ctx, d.committee.ID, both)
	if err != nil {
		return UnitReport{}, err
	}
	row := func(t models.Task, role string) UnitReportRow {
		return UnitReportRow{Task: t, Role: role, AreaName: d.areaName(t.AreaID), LeadName: d.unitName(t.LeadUnitID),
			Bucket: models.BucketOf(t, clock), Note: notes[t.ID]}
	}
	for _, t := range lead {
		r.Lead = append(r.Lead, row(t, UnitRoleLead))
	}
	for _, t := range coord {
		r.Coordinating = append(r.Coordinating, row(t, UnitRoleCoordinating))
	}
	return r, nil
}

// UnitReportPage gathers the unit report, its document and the months to
// pick from.
func (s *ReportService) UnitReportPage(ctx context.Context, actor models.Actor, q UnitReportQuery) (UnitReportPage, error) {
	r, err := s.UnitReport(ctx, actor, q)
	if err != nil {
		return UnitReportPage{}, err
	}
	_, loc, err := s.Committees.Get(ctx, actor.CommitteeID)
	if err != nil {
		return UnitReportPage{}, err
	}
	now := s.Now()
	months, err := s.unitMonths(ctx, r.Committee.ID, r.Unit.ID)
	if err != nil {
		return UnitReportPage{}, err
	}
	months = append(months, models.DateOf(now, loc).Month(), r.Month)
	slices.Sort(months)
	months = slices.Compact(months)
	slices.Reverse(months)
	page := UnitReportPage{
		Report: r, Document: UnitReportDocument(r, now, loc), Months: months,
		FileBase: fileBase("bao-cao-don-vi-"+monthSlug(r.Month), r.Unit.Name),
	}
	page.Document.Normalize()
	return page, nil
}

// unitMonths are the committee's recent months in which the unit leads or
// coordinates a task.
func (s *ReportService) unitMonths(ctx context.Context, committee, unit models.ID) ([]models.Month, error) {
	periods, err := s.Store.Periods().List(ctx, committee)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(periods, func(a, b models.Period) int { return strings.Compare(string(b.Month), string(a.Month)) })
	var out []models.Month
	for _, p := range periods[:min(len(periods), unitReportMonths)] {
		tasks, _, err := s.Store.Tasks().List(ctx, store.TaskFilter{Committee: committee, Period: p.Month, UnitID: unit, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(tasks) > 0 {
			out = append(out, p.Month)
		}
	}
	return out, nil
}

// UnitReportFile writes the unit report as .docx or .pdf.
func (s *ReportService) UnitReportFile(ctx context.Context, actor models.Actor, q UnitReportQuery, format models.ReportFormat) (ReportFile, error) {
	if format != models.FormatDOCX && format != models.FormatPDF {
		return ReportFile{}, models.Invalid("format", "must be docx or pdf")
	}
	r, err := s.UnitReport(ctx, actor, q)
	if err != nil {
		return ReportFile{}, err
	}
	_, loc, err := s.Committees.Get(ctx, actor.CommitteeID)
	if err != nil {
		return ReportFile{}, err
	}
	doc := UnitReportDocument(r, s.Now(), loc)
	doc.Normalize()
	return writeFile(doc, fileBase("bao-cao-don-vi-"+monthSlug(r.Month), r.Unit.Name), format)
}

// UnitReportDocument is the unit report as the unit's own report (báo
// cáo): the unit issues it under its committee and signs it.
func UnitReportDocument(r UnitReport, now time.Time, loc *time.Location) partydoc.Document {
	m := r.Month
	place := r.Committee.PlaceName
	if place == "" {
		place = "………"
	}
	d := partydoc.Document{
		Title: "Báo cáo kết quả thực hiện nhiệm vụ " + words.VNMonth(m) + " - " + r.Unit.Name,
		Header: partydoc.Header{
			SuperiorBody: strings.ToUpper(partyOrganisation(r.Committee.Name)),
			IssuingBody:  strings.ToUpper(r.Unit.Name),
			Number:       unitReportNumber(r.Unit),
			PlaceDate:    place + ", " + issueDate(now, loc),
		},
		Kind:       "BÁO CÁO",
		Summary:    []string{"Kết quả thực hiện nhiệm vụ " + words.VNMonth(m)},
		Recipients: unitReportRecipients(r),
		Signer:     unitReportSigner(r.Unit),
	}
	add := func(b partydoc.Block) { d.Blocks = append(d.Blocks, b) }
	f := r.Figures.Totals

	add(partydoc.Block{Kind: partydoc.KindSection, Text: "I. Kết quả chung"})
	if f.Total > 0 {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("Trong %s, %s chủ trì thực hiện %s nhiệm vụ; %s.",
			words.VNMonth(m), r.Unit.Name, vnInt(f.Total), figuresSentence(f))})
	} else {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("Trong %s, %s không chủ trì nhiệm vụ nào.", words.VNMonth(m), r.Unit.Name)})
	}
	if n := len(r.Coordinating); n > 0 {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("Đơn vị phối hợp thực hiện %s nhiệm vụ do đơn vị khác chủ trì (mục III).", vnInt(n))})
	}
	add(partydoc.Block{Kind: partydoc.KindParagraph, Emphasis: true,
		Text: "Số liệu trên chỉ tính các nhiệm vụ do đơn vị chủ trì; các nhiệm vụ đơn vị phối hợp được liệt kê riêng và tính vào số liệu của đơn vị chủ trì."})
	if r.Frozen {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Emphasis: true, Text: "Tháng đã kết thúc; số liệu tính đến hết ngày " + words.VNDay(r.Figures.AsOf) + "."})
	} else {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Emphasis: true, Text: "Tháng chưa kết thúc; số liệu tính đến ngày " + words.VNDay(r.Figures.AsOf) + "."})
	}
	if f.Total > 0 {
		add(partydoc.Block{Kind: partydoc.KindTable, Table: figuresTable("Lĩnh vực", r.Figures.Areas, f)})
	}

	add(partydoc.Block{Kind: partydoc.KindSection, Text: "II. Nhiệm vụ chủ trì"})
	if len(r.Lead) == 0 {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: "Không có nhiệm vụ nào do đơn vị chủ trì trong tháng."})
	} else {
		add(partydoc.Block{Kind: partydoc.KindTable, Table: unitTaskTable(r.Lead, false)})
	}

	add(partydoc.Block{Kind: partydoc.KindSection, Text: "III. Nhiệm vụ phối hợp"})
	if len(r.Coordinating) == 0 {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: "Không có nhiệm vụ nào đơn vị phối hợp thực hiện trong tháng."})
	} else {
		add(partydoc.Block{Kind: partydoc.KindTable, Table: unitTaskTable(r.Coordinating, true)})
	}
	return d
}

// unitTaskTable lists tasks with their state, timeliness and latest note;
// coordinated tasks name their lead unit.
func unitTaskTable(rows []UnitReportRow, withLead bool) *partydoc.Table {
	t := &partydoc.Table{Columns: []partydoc.Column{
		{Title: "TT", Width: 1.1, Numeric: true},
		{Title: "Nhiệm vụ", Width: 5.4},
	}}
	if withLead {
		t.Columns = append(t.Columns, partydoc.Column{Title: "Đơn vị chủ trì", Width: 2.4})
	}
	t.Columns = append(t.Columns,
		partydoc.Column{Title: "Thời hạn", Width: 2.5, Numeric: true},
		partydoc.Column{Title: "Tình trạng", Width: 2.4},
		partydoc.Column{Title: "Đánh giá", Width: 2.4},
		partydoc.Column{Title: "Tiến độ gần nhất", Width: 4.2},
	)
	for i, row := range rows {
		text := row.Task.Text
		if row.AreaName != "" {
			text += "\nLĩnh vực: " + row.AreaName
		}
		cells := []string{fmt.Sprint(i + 1), text}
		if withLead {
			cells = append(cells, row.LeadName)
		}
		cells = append(cells, deadlineText(row.Task.Deadline), unitProgress(row.Task), words.UpperFirst(bucketLabel(row.Bucket)), row.Note)
		t.Rows = append(t.Rows, partydoc.Row{Cells: cells})
	}
	return t
}

// unitProgress is a task's state with its percent while it is under way.
func unitProgress(t models.Task) string {
	s := stateLabel(t.State)
	if t.State != models.StateDone && t.State != models.StateCancelled && t.Percent > 0 {
		s += fmt.Sprintf(", đạt %d%%", t.Percent)
	}
	return s
}

// partyOrganisation names the Party organisation a committee leads, as a
// subordinate body's header writes its superior: "Đảng ủy phường Hương
// Xuân" is the executive of "Đảng bộ phường Hương Xuân". Other names stay.
func partyOrganisation(committee string) string {
	words := strings.Fields(committee)
	if len(words) >= 2 && models.Fold(words[0]+" "+words[1]) == "dang uy" {
		return strings.Join(append([]string{"Đảng bộ"}, words[2:]...), " ")
	}
	return committee
}

// unitReportNumber leaves the number to the unit: "Số     -BC/CB" for a
// chi bộ (its issuer code), "Số     -BC" for others, whose codes vary.
func unitReportNumber(u models.Unit) string {
	if u.Kind == models.UnitPartyCell {
		return "Số     -BC/CB"
	}
	return "Số     -BC"
}

// unitReportSigner signs for the unit; the name is left for the pen.
func unitReportSigner(u models.Unit) partydoc.Signer {
	if u.Kind == models.UnitPartyCell {
		return partydoc.Signer{Titles: []string{"T/M CHI BỘ", "BÍ THƯ"}}
	}
	return partydoc.Signer{Titles: []string{"T/M " + strings.ToUpper(u.Name), "TRƯỞNG ĐƠN VỊ"}}
}

// unitReportRecipients send the report up to the committee and keep a copy.
func unitReportRecipients(r UnitReport) []string {
	out := []string{r.Committee.Name + " (b/c)"}
	if r.Unit.Kind == models.UnitPartyCell {
		return append(out, "Đồng chí Đảng ủy viên phụ trách chi bộ", "Lưu Chi bộ")
	}
	return append(out, "Lưu "+r.Unit.Name)
}
