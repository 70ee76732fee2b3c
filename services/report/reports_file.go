package report

import (
	"bytes"
	"context"
	"regexp"
	"strings"

	"github.com/theodoi/theodoi/internal/partydoc"
	"github.com/theodoi/theodoi/models"
)

// ReportPage is a report for the web page: the document, and for the
// review the figures behind its charts.
type ReportPage struct {
	Kind     models.ReportKind
	Month    models.Month
	Document partydoc.Document
	Review   *ReviewReport // the review only
	// FileBase names the downloads ("bao-cao-ket-qua-thang-10-2021").
	FileBase string
}

// ReportFile is a report written out for download.
type ReportFile struct {
	Name        string // ASCII, safe in a Content-Disposition header
	ContentType string
	Data        []byte
}

// Content types of the downloads.
const (
	ContentTypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	ContentTypePDF  = "application/pdf"
)

// Page gathers a report for the actor; permissions and the unit's scope
// are applied here.
func (s *ReportService) Page(ctx context.Context, actor models.Actor, kind models.ReportKind, month string) (ReportPage, error) {
	if _, err := models.ReportScopeFor(actor, kind); err != nil {
		return ReportPage{}, err
	}
	m, err := models.ParseMonth(month)
	if err != nil {
		return ReportPage{}, models.Invalid("month", "must be YYYY-MM")
	}
	_, loc, err := s.Committees.Get(ctx, actor.CommitteeID)
	if err != nil {
		return ReportPage{}, err
	}
	page := ReportPage{Kind: kind, Month: m}
	now := s.Now()
	switch kind {
	case models.ReportReview:
		r, err := s.Review(ctx, actor, m)
		if err != nil {
			return ReportPage{}, err
		}
		page.Review = &r
		page.Document = ReviewDocument(r, now, loc)
		page.FileBase = fileBase("bao-cao-ket-qua-"+monthSlug(m), r.UnitName)
	case models.ReportCarryOver:
		r, err := s.CarryOver(ctx, actor, m)
		if err != nil {
			return ReportPage{}, err
		}
		page.Document = CarryOverDocument(r, now, loc)
		page.FileBase = fileBase("nhiem-vu-chuyen-sang-"+monthSlug(m.Next()), r.UnitName)
	case models.ReportDraft:
		r, err := s.Draft(ctx, actor, m)
		if err != nil {
			return ReportPage{}, err
		}
		page.Document = DraftDocument(r)
		page.FileBase = fileBase("du-thao-nghi-quyet-"+monthSlug(m.Next()), "")
	}
	page.Document.Normalize()
	return page, nil
}

// File writes a report as .docx or .pdf.
func (s *ReportService) File(ctx context.Context, actor models.Actor, kind models.ReportKind, month string, format models.ReportFormat) (ReportFile, error) {
	if format != models.FormatDOCX && format != models.FormatPDF {
		return ReportFile{}, models.Invalid("format", "must be docx or pdf")
	}
	page, err := s.Page(ctx, actor, kind, month)
	if err != nil {
		return ReportFile{}, err
	}
	return writeFile(page.Document, page.FileBase, format)
}

// writeFile writes a document as a .docx or PDF named base.
func writeFile(doc partydoc.Document, base string, format models.ReportFormat) (ReportFile, error) {
	var buf bytes.Buffer
	var err error
	out := ReportFile{Name: base + "." + string(format)}
	if format == models.FormatDOCX {
		out.ContentType = ContentTypeDOCX
		err = partydoc.WriteDOCX(&buf, doc)
	} else {
		out.ContentType = ContentTypePDF
		err = partydoc.WritePDF(&buf, doc)
	}
	if err != nil {
		return ReportFile{}, err
	}
	out.Data = buf.Bytes()
	return out, nil
}

// monthSlug is "thang-10-2021".
func monthSlug(m models.Month) string {
	s := string(m)
	return "thang-" + strings.TrimPrefix(s[5:], "0") + "-" + s[:4]
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// fileBase adds the unit's name, without accents, to a unit's part.
func fileBase(base, unit string) string {
	if unit == "" {
		return base
	}
	slug := strings.Trim(nonSlug.ReplaceAllString(models.Fold(unit), "-"), "-")
	if len(slug) > 60 {
		slug = strings.Trim(slug[:60], "-")
	}
	if slug == "" {
		return base
	}
	return base + "-" + slug
}
