package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/theodoi/theodoi/internal/partydoc"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/words"
)

// The three reports as Party documents. Text is Vietnamese whatever the
// reader's interface language: these are documents of the committee.

var romanNumerals = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}

func roman(i int) string {
	if i >= 1 && i <= len(romanNumerals) {
		return romanNumerals[i-1]
	}
	return fmt.Sprint(i)
}

// header is the committee's heading; number is "Số     -NQ/ĐU" with the
// number left for the office to fill in.
func header(c models.Committee, typeCode string, date string) partydoc.Header {
	issuer := c.IssuerCode
	if issuer == "" {
		issuer = "ĐU"
	}
	place := c.PlaceName
	if place == "" {
		place = "………"
	}
	return partydoc.Header{
		SuperiorBody: strings.ToUpper(c.SuperiorBody),
		IssuingBody:  strings.ToUpper(c.Name),
		Number:       "Số     -" + typeCode + "/" + issuer,
		PlaceDate:    place + ", " + date,
	}
}

// issueDate is "ngày 05 tháng 11 năm 2021" for today in the committee's
// zone: Party documents write the day and month on two digits.
func issueDate(now time.Time, loc *time.Location) string {
	t := now.In(loc)
	return fmt.Sprintf("ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
}

// blankDate is the date line of a draft: the day and month are written in
// at the meeting.
func blankDate(year string) string { return "ngày     tháng     năm " + year }

// signer is a signature block of the committee's settings, as printed.
// Lines are copied: Normalize rewrites a document's strings in place, and
// the committee is shared through the cache.
func signer(s models.Signer) partydoc.Signer {
	return partydoc.Signer{Titles: slices.Clone(s.Titles), Name: s.Name}
}

// figuresTable is a count table: one row per group, then the total.
// Cancelled tasks have their own column and are out of the rate.
func figuresTable(first string, groups []models.GroupFigures, total models.Figures) *partydoc.Table {
	t := &partydoc.Table{Columns: []partydoc.Column{
		{Title: "TT", Width: 1.1, Numeric: true},
		{Title: first, Width: 4.0},
		{Title: "Tổng số", Width: 1.4, Numeric: true},
		{Title: "Hoàn thành đúng hạn", Width: 1.6, Numeric: true},
		{Title: "Hoàn thành quá hạn", Width: 1.6, Numeric: true},
		{Title: "Chưa hoàn thành, trong hạn", Width: 1.8, Numeric: true},
		{Title: "Chưa hoàn thành, quá hạn", Width: 1.8, Numeric: true},
		{Title: "Hủy", Width: 1.1, Numeric: true},
		{Title: "Tỷ lệ hoàn thành (không tính hủy)", Width: 1.9, Numeric: true},
	}}
	row := func(n, name string, f models.Figures) []string {
		rate := "—"
		if f.HasRate() {
			rate = vnPercent(f.CompletionPercent())
		}
		return []string{n, name, vnInt(f.Total), vnInt(f.DoneOnTime), vnInt(f.DoneLate), vnInt(f.OpenWithinTerm), vnInt(f.OpenOverdue), vnInt(f.Cancelled), rate}
	}
	for i, g := range groups {
		t.Rows = append(t.Rows, partydoc.Row{Cells: row(fmt.Sprint(i+1), g.Name, g.Figures)})
	}
	t.Rows = append(t.Rows, partydoc.Row{Cells: row("", "Tổng cộng", total), Total: true})
	return t
}

// officeReport is an empty report (báo cáo) the Party office writes for
// the standing committee, signed and sent as the committee's report
// settings say.
func officeReport(c models.Committee, title, summary string, now time.Time, loc *time.Location) partydoc.Document {
	docs := c.Documents.OrDefaults()
	return partydoc.Document{
		Title: title, Header: header(c, "BC", issueDate(now, loc)),
		Kind: "BÁO CÁO", Summary: []string{summary},
		Recipients: slices.Clone(docs.ReportRecipients),
		Signer:     signer(docs.ReportSigner),
	}
}

// ReviewDocument is the month's review as a report (báo cáo).
func ReviewDocument(r ReviewReport, now time.Time, loc *time.Location) partydoc.Document {
	m := r.Month
	summary := "Kết quả thực hiện nhiệm vụ " + vnMonthLong(m)
	title := "Báo cáo kết quả thực hiện nhiệm vụ " + words.VNMonth(m)
	if !r.Scope.Whole() {
		summary += " của " + r.UnitName
		title += " - " + r.UnitName
	}
	d := officeReport(r.Committee, title, summary, now, loc)
	add := func(b partydoc.Block) { d.Blocks = append(d.Blocks, b) }
	section := 0
	heading := func(text string) {
		section++
		add(partydoc.Block{Kind: partydoc.KindSection, Text: roman(section) + ". " + text})
	}
	f := r.Figures.Totals
	heading("Kết quả chung")
	who := "các đơn vị"
	if !r.Scope.Whole() {
		who = r.UnitName
	}
	add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("Trong %s, %s chủ trì thực hiện %s nhiệm vụ; %s.",
		words.VNMonth(m), who, vnInt(f.Total), figuresSentence(f))})
	if r.Frozen {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Emphasis: true, Text: "Số liệu chốt khi kết thúc tháng, tính đến hết ngày " + words.VNDay(r.Figures.AsOf) + "."})
	} else {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Emphasis: true, Text: "Tháng chưa kết thúc; số liệu tính đến ngày " + words.VNDay(r.Figures.AsOf) + "."})
	}
	if len(r.Figures.Areas) > 0 {
		add(partydoc.Block{Kind: partydoc.KindTable, Table: figuresTable("Lĩnh vực", r.Figures.Areas, f)})
	}
	if r.Scope.Whole() && len(r.Figures.Units) > 0 {
		heading("Kết quả theo đơn vị chủ trì")
		add(partydoc.Block{Kind: partydoc.KindTable, Table: figuresTable("Đơn vị chủ trì", r.Figures.Units, f)})
	}

	heading("Kết quả thực hiện từng nhiệm vụ")
	if r.Tasks == 0 {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: "Không có nhiệm vụ nào trong tháng."})
	}
	for i, a := range r.Areas {
		add(partydoc.Block{Kind: partydoc.KindArea, Text: fmt.Sprintf("%d. %s", i+1, orText(a.Name, "Lĩnh vực khác"))})
		t := &partydoc.Table{Columns: []partydoc.Column{
			{Title: "TT", Width: 1.0, Numeric: true},
			{Title: "Nhiệm vụ", Width: 6},
			{Title: "Đơn vị chủ trì", Width: 2.6},
			{Title: "Kết quả", Width: 2.8},
			{Title: "Tiến độ gần nhất", Width: 4.8},
		}}
		for j, row := range a.Rows {
			t.Rows = append(t.Rows, partydoc.Row{Cells: []string{
				fmt.Sprint(j + 1), taskCell(row.Task), row.LeadName, resultCell(row), row.Note,
			}})
		}
		add(partydoc.Block{Kind: partydoc.KindTable, Table: t})
	}

	heading("Nhiệm vụ từ các tháng trước chuyển sang")
	if len(r.CarriedIn) == 0 {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: "Không có nhiệm vụ nào chuyển từ các tháng trước."})
	} else {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("Có %s nhiệm vụ chuyển từ các tháng trước sang %s.", vnInt(len(r.CarriedIn)), words.VNMonth(m))})
		add(partydoc.Block{Kind: partydoc.KindTable, Table: carriedInTable(r.CarriedIn)})
	}

	next := m.Next()
	if r.Projected {
		heading("Nhiệm vụ dự kiến chuyển sang " + words.VNMonth(next))
	} else {
		heading("Nhiệm vụ chuyển sang " + words.VNMonth(next))
	}
	if len(r.CarriedOut) == 0 {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: "Không có nhiệm vụ nào chuyển sang tháng sau."})
	} else {
		verb := "được chuyển"
		if r.Projected {
			verb = "chưa hoàn thành, sẽ chuyển"
		}
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("Có %s nhiệm vụ %s sang %s để tiếp tục thực hiện.", vnInt(len(r.CarriedOut)), verb, words.VNMonth(next))})
		add(partydoc.Block{Kind: partydoc.KindTable, Table: carriedOutTable(r.CarriedOut)})
	}
	return d
}

// taskCell is a task as the review's tables print it, with what the
// resolution added: the condition a waiting task waits for and the
// task's footnotes.
func taskCell(t models.Task) string {
	s := t.Text
	if t.Condition != "" {
		s += "\nChờ điều kiện: " + t.Condition
	}
	for _, n := range t.Footnotes {
		s += "\nChú thích " + n
	}
	return s + "\nThời hạn: " + deadlineText(t.Deadline)
}

func resultCell(row ReviewRow) string {
	switch row.Task.State {
	case models.StateDone:
		return words.UpperFirst(bucketLabel(row.Bucket))
	case models.StateCancelled:
		return stateLabel(row.Task.State)
	}
	s := stateLabel(row.Task.State)
	if (row.Task.State == models.StateInProgress || row.Task.State == models.StateCarried) && row.Task.Percent > 0 {
		s += fmt.Sprintf(" (%d%%)", row.Task.Percent)
	}
	return s + "\n" + words.UpperFirst(bucketLabel(row.Bucket))
}

func carriedInTable(rows []ReviewRow) *partydoc.Table {
	t := &partydoc.Table{Columns: []partydoc.Column{
		{Title: "TT", Width: 1.0, Numeric: true},
		{Title: "Nhiệm vụ", Width: 7},
		{Title: "Đơn vị chủ trì", Width: 2.8},
		{Title: "Số lần chuyển", Width: 1.9, Numeric: true},
		{Title: "Kết quả trong tháng", Width: 3.4},
	}}
	for i, row := range rows {
		t.Rows = append(t.Rows, partydoc.Row{Cells: []string{fmt.Sprint(i + 1), row.Task.Text, row.LeadName, fmt.Sprint(row.Task.CarryCount), resultCell(row)}})
	}
	return t
}

func carriedOutTable(rows []ReviewRow) *partydoc.Table {
	t := &partydoc.Table{Columns: []partydoc.Column{
		{Title: "TT", Width: 1.0, Numeric: true},
		{Title: "Nhiệm vụ", Width: 7},
		{Title: "Đơn vị chủ trì", Width: 2.8},
		{Title: "Lần chuyển", Width: 1.9, Numeric: true},
		{Title: "Tiến độ", Width: 3.4},
	}}
	for i, row := range rows {
		progress := stateLabel(row.Task.State)
		if row.Task.Percent > 0 {
			progress = fmt.Sprintf("Đạt %d%%", row.Task.Percent)
		}
		t.Rows = append(t.Rows, partydoc.Row{Cells: []string{fmt.Sprint(i + 1), row.Task.Text, row.LeadName, fmt.Sprint(row.Task.CarryCount + 1), progress}})
	}
	return t
}

// CarryOverDocument is the list of tasks carried into the next month, by
// lead unit.
func CarryOverDocument(r CarryReport, now time.Time, loc *time.Location) partydoc.Document {
	summary := "Nhiệm vụ chuyển sang " + vnMonthLong(r.Next)
	if r.Projected {
		summary = "Nhiệm vụ dự kiến chuyển sang " + vnMonthLong(r.Next)
	}
	title := "Danh sách nhiệm vụ chuyển sang " + words.VNMonth(r.Next)
	if !r.Scope.Whole() {
		summary += " của " + r.UnitName
		title += " - " + r.UnitName
	}
	d := officeReport(r.Committee, title, summary, now, loc)
	add := func(b partydoc.Block) { d.Blocks = append(d.Blocks, b) }
	switch {
	case r.Total == 0:
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("%s không có nhiệm vụ nào chuyển sang %s.", words.UpperFirst(words.VNMonth(r.Month)), words.VNMonth(r.Next))})
	case r.Projected:
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("%s chưa kết thúc. Hiện còn %s nhiệm vụ chưa hoàn thành của %s đơn vị chủ trì; nếu kết thúc tháng lúc này, các nhiệm vụ dưới đây sẽ được chuyển sang %s.",
			words.UpperFirst(words.VNMonth(r.Month)), vnInt(r.Total), vnInt(len(r.Groups)), words.VNMonth(r.Next))})
	default:
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("%s đã kết thúc; %s nhiệm vụ chưa hoàn thành của %s đơn vị chủ trì được chuyển sang %s để tiếp tục thực hiện. Đề nghị các đơn vị khẩn trương thực hiện và cập nhật tiến độ.",
			words.UpperFirst(words.VNMonth(r.Month)), vnInt(r.Total), vnInt(len(r.Groups)), words.VNMonth(r.Next))})
	}
	for i, g := range r.Groups {
		add(partydoc.Block{Kind: partydoc.KindArea, Text: fmt.Sprintf("%d. %s (%s nhiệm vụ)", i+1, g.UnitName, vnInt(len(g.Items)))})
		t := &partydoc.Table{Columns: []partydoc.Column{
			{Title: "TT", Width: 1.0, Numeric: true},
			{Title: "Nhiệm vụ", Width: 5.6},
			{Title: "Lần chuyển", Width: 1.9, Numeric: true},
			{Title: "Thời hạn ban đầu", Width: 2.7, Numeric: true},
			{Title: "Tiến độ", Width: 2.1},
			{Title: "Ghi chú gần nhất", Width: 4.2},
		}}
		for j, it := range g.Items {
			deadline := deadlineText(it.Deadline)
			if it.NextDeadline != it.Deadline {
				deadline += "\n(mới: " + deadlineText(it.NextDeadline) + ")"
			}
			progress := stateLabel(it.State)
			if it.Percent > 0 {
				progress += fmt.Sprintf(", đạt %d%%", it.Percent)
			}
			text := it.Text
			if it.AreaName != "" {
				text += "\nLĩnh vực: " + it.AreaName
			}
			t.Rows = append(t.Rows, partydoc.Row{Cells: []string{fmt.Sprint(j + 1), text, fmt.Sprint(it.CarryCount), deadline, progress, it.Note}})
		}
		add(partydoc.Block{Kind: partydoc.KindTable, Table: t})
	}
	return d
}

// defaultImplementation is section III when no earlier resolution gives one.
var defaultImplementation = []string{
	"Các chi bộ trực thuộc, các tổ chức, đơn vị căn cứ chức năng, nhiệm vụ xây dựng kế hoạch, tổ chức thực hiện đạt kết quả Nghị quyết của Đảng ủy.",
	"Văn phòng, Ủy ban Kiểm tra, Khối Dân vận Đảng ủy thường xuyên theo dõi, đôn đốc, kịp thời báo cáo Ban Thường vụ Đảng ủy để chỉ đạo.",
}

// DraftDocument is the draft resolution for the month after r's month.
// Header, signer and recipients are the committee's own; the previous
// resolution only lends its section III.
func DraftDocument(r DraftReport) partydoc.Document {
	m := r.Review.Month
	next := m.Next()
	docs := r.Review.Committee.Documents.OrDefaults()
	d := partydoc.Document{
		Title:      "Dự thảo Nghị quyết nhiệm vụ " + words.VNMonth(next),
		Draft:      true,
		Header:     header(r.Review.Committee, "NQ", blankDate(string(m)[:4])),
		Kind:       "NGHỊ QUYẾT",
		Summary:    []string{"Nhiệm vụ " + vnMonthLong(next)},
		Recipients: slices.Clone(docs.ResolutionRecipients),
		Signer:     signer(docs.ResolutionSigner),
	}
	add := func(b partydoc.Block) { d.Blocks = append(d.Blocks, b) }

	// I. The month's results, area by area: what was done and what is
	// under way, task by task; what saw no work, counted once per area.
	add(partydoc.Block{Kind: partydoc.KindSection, Text: "I. Tình hình thực hiện nhiệm vụ " + vnMonthLong(m)})
	f := r.Review.Figures.Totals
	switch {
	case f.Total == 0:
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: "Trong " + words.VNMonth(m) + ", chưa có nhiệm vụ nào được theo dõi trên hệ thống."})
	default:
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: fmt.Sprintf("Trong %s, Đảng ủy lãnh đạo, chỉ đạo thực hiện %s nhiệm vụ trên các lĩnh vực; %s.",
			words.VNMonth(m), vnInt(f.Total), figuresSentence(f))})
		if f.Done == 0 {
			add(partydoc.Block{Kind: partydoc.KindParagraph, Text: "Trong tháng chưa có nhiệm vụ nào được xác nhận hoàn thành."})
		}
	}
	for i, a := range r.Review.Areas {
		add(partydoc.Block{Kind: partydoc.KindArea, Text: fmt.Sprintf("%d. %s", i+1, orText(a.Name, "Lĩnh vực khác"))})
		var pending []ReviewRow
		for _, row := range inSourceOrder(a.Rows) {
			if notStarted(row.Task) {
				pending = append(pending, row)
				continue
			}
			lead := r.leadUnit(row.Task.LeadUnitID, row.LeadName)
			text, notes := resultLine(row, lead, next)
			add(partydoc.Block{Kind: partydoc.KindBullet, Text: text, Notes: notes})
		}
		if len(pending) > 0 {
			add(partydoc.Block{Kind: partydoc.KindBullet, Text: pendingLine(pending, next, true)})
		}
		if a.Figures.Done > 0 && a.Figures.Open > 0 {
			s := fmt.Sprintf("Tuy nhiên, còn %s nhiệm vụ chưa hoàn thành", vnInt(a.Figures.Open))
			if a.Figures.OpenOverdue > 0 {
				s += fmt.Sprintf(", trong đó %s nhiệm vụ quá hạn", vnInt(a.Figures.OpenOverdue))
			}
			add(partydoc.Block{Kind: partydoc.KindParagraph, Text: s + "."})
		}
	}

	// II. Next month: the work that carries on, with room for new tasks.
	add(partydoc.Block{Kind: partydoc.KindSection, Text: "II. Phương hướng, nhiệm vụ " + vnMonthLong(next)})
	byArea := map[models.ID][]CarryItem{}
	for _, g := range r.Carry.Groups {
		for _, it := range g.Items {
			byArea[it.AreaID] = append(byArea[it.AreaID], it)
		}
	}
	n := 0
	listed := map[models.ID]bool{}
	writeArea := func(name string, items []CarryItem) {
		n++
		add(partydoc.Block{Kind: partydoc.KindArea, Text: fmt.Sprintf("%d. %s", n, name)})
		for _, it := range carryInSourceOrder(items) {
			add(partydoc.Block{Kind: partydoc.KindBullet, Text: continueLine(it.Text)})
		}
		add(partydoc.Block{Kind: partydoc.KindBlank})
	}
	for _, a := range r.Areas {
		listed[a.ID] = true
		writeArea(a.Name, byArea[a.ID])
	}
	for _, g := range r.Carry.Groups { // areas since removed: their work still continues
		for _, it := range g.Items {
			if !listed[it.AreaID] {
				listed[it.AreaID] = true
				writeArea(orText(it.AreaName, "Lĩnh vực khác"), byArea[it.AreaID])
			}
		}
	}

	// III. How it is carried out, as the previous resolution said.
	add(partydoc.Block{Kind: partydoc.KindSection, Text: "III. TỔ CHỨC THỰC HIỆN"})
	impl := defaultImplementation
	if p := r.Previous; p != nil {
		if lines := nonEmptyLines(p.Implementation); len(lines) > 0 {
			impl = lines
		}
	}
	for _, l := range impl {
		add(partydoc.Block{Kind: partydoc.KindParagraph, Text: l})
	}
	return d
}

func (r DraftReport) leadUnit(id models.ID, name string) models.Unit {
	for _, u := range r.units {
		if u.ID == id {
			return u
		}
	}
	return models.Unit{ID: id, Name: name}
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func orText(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

// sourceKey orders tasks as their resolution listed them (area, then
// item); tasks from no resolution keep their place after them.
func sourceKey(src *models.SourceRef) (int, int) {
	if src == nil || src.ItemIndex == 0 {
		return 1 << 30, 1 << 30
	}
	return src.AreaIndex, src.ItemIndex
}

func bySource(a, b *models.SourceRef) int {
	aa, ai := sourceKey(a)
	ba, bi := sourceKey(b)
	if aa != ba {
		return aa - ba
	}
	return ai - bi
}

// inSourceOrder is rows in the order of the resolution that set them.
func inSourceOrder(rows []ReviewRow) []ReviewRow {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b ReviewRow) int { return bySource(a.Task.Source, b.Task.Source) })
	return out
}

// carryInSourceOrder is carried items in the order of the resolution
// that set them.
func carryInSourceOrder(items []CarryItem) []CarryItem {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b CarryItem) int { return bySource(a.Source, b.Source) })
	return out
}
