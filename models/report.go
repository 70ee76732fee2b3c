package models

import (
	"fmt"
	"time"
)

// ReportKind names one of the month's documents.
type ReportKind string

const (
	ReportReview    ReportKind = "review"    // báo cáo kết quả thực hiện nhiệm vụ tháng
	ReportCarryOver ReportKind = "carryover" // danh sách nhiệm vụ chuyển sang tháng sau
	ReportDraft     ReportKind = "draft"     // dự thảo nghị quyết tháng sau
)

// ReportFormat is how a report is delivered.
type ReportFormat string

const (
	FormatHTML ReportFormat = "html"
	FormatDOCX ReportFormat = "docx"
	FormatPDF  ReportFormat = "pdf"
)

// ParseReportFormat accepts html, docx and pdf; empty means html.
func ParseReportFormat(s string) (ReportFormat, error) {
	switch f := ReportFormat(s); f {
	case "":
		return FormatHTML, nil
	case FormatHTML, FormatDOCX, FormatPDF:
		return f, nil
	}
	return "", Invalid("format", "must be html, docx or pdf")
}

// ReportScope is how much of a report an actor gets: the whole committee,
// or (Unit set) only what one unit leads.
type ReportScope struct {
	Unit ID
}

// Whole reports whether the scope is the whole committee.
func (s ReportScope) Whole() bool { return s.Unit == "" }

// ReportScopeFor decides who gets which report: everyone who reads all
// tasks gets the review and the carry-over list whole, a unit officer gets
// the part about its own unit, and only leadership, the office and admins
// get the draft resolution, which is theirs to write.
func ReportScopeFor(a Actor, kind ReportKind) (ReportScope, error) {
	switch kind {
	case ReportReview, ReportCarryOver:
		if Can(a.Role, ActReadAllTasks) {
			return ReportScope{}, nil
		}
		if a.Role == RoleUnit && a.UnitID != "" {
			return ReportScope{Unit: a.UnitID}, nil
		}
	case ReportDraft:
		if a.Role == RoleLeader || a.Role == RoleOffice || a.Role == RoleAdmin {
			return ReportScope{}, nil
		}
	default:
		return ReportScope{}, NotFound("report", ID(kind))
	}
	return ReportScope{}, fmt.Errorf("%s may not read the %s report: %w", a.Role, kind, ErrForbidden)
}

// Bucket is where a task falls in the Government's count (see Figures).
type Bucket string

const (
	BucketDoneOnTime     Bucket = "done_on_time"     // đã hoàn thành đúng hạn
	BucketDoneLate       Bucket = "done_late"        // đã hoàn thành quá hạn
	BucketOpenWithinTerm Bucket = "open_within_term" // chưa hoàn thành, trong hạn
	BucketOpenOverdue    Bucket = "open_overdue"     // chưa hoàn thành, quá hạn
	BucketCancelled      Bucket = "cancelled"        // hủy: in no bucket
)

// BucketOf places one task as CountFigures counts it, with the clock of
// FiguresClock: the two must agree, so a report's rows add up to its
// figures.
func BucketOf(t Task, clock TimelinessClock) Bucket {
	switch {
	case t.State == StateDone:
		if clock.Of(t.State, t.Deadline, t.AcceptedAt) == TimelyDoneLate {
			return BucketDoneLate
		}
		return BucketDoneOnTime
	case t.State == StateCancelled:
		return BucketCancelled
	case t.Deadline != "" && t.Deadline < clock.Today:
		return BucketOpenOverdue
	default:
		return BucketOpenWithinTerm
	}
}

// FiguresClock is the clock CountFigures judges by on the day asOf in loc.
func FiguresClock(asOf Date, loc *time.Location) TimelinessClock {
	return TimelinessClock{loc: loc, Today: asOf, DueSoonUntil: asOf}
}
