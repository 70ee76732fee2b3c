package services_test

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/internal/partydoc"
	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
)

// wardDocuments are signer blocks and distribution lists no default and
// no imported resolution contains, so each line printed can be traced to
// the settings.
func wardDocuments() models.DocumentSettings {
	return models.DocumentSettings{
		ResolutionSigner: models.Signer{Titles: []string{"T/M ĐẢNG ỦY", "K/T BÍ THƯ", "PHÓ BÍ THƯ"}, Name: "Trần Văn Ký"},
		ResolutionRecipients: []string{
			"Ban Thường vụ Đảng bộ thị xã Hương Trà (b/c)",
			"Các chi bộ khu dân cư Hương Xuân",
			"Lưu hồ sơ nghị quyết tháng",
		},
		ReportSigner: models.Signer{Titles: []string{"T/L BAN THƯỜNG VỤ", "PHÓ CHÁNH VĂN PHÒNG"}, Name: "Hồ Thị Lài"},
		ReportRecipients: []string{
			"Thường trực Đảng ủy phường Hương Xuân (b/c)",
			"Tổ giúp việc theo dõi nghị quyết",
			"Lưu hồ sơ báo cáo tháng",
		},
	}
}

// setDocuments saves the committee's document settings as its admin would.
func (w *reportWard) setDocuments(docs models.DocumentSettings) models.Committee {
	w.t.Helper()
	cm, err := w.svc.Committees.Get(w.ctx, w.admin)
	if err != nil {
		w.t.Fatal(err)
	}
	if cm, err = w.svc.Committees.Update(w.ctx, w.admin, directory.CommitteePatch{Version: cm.Version, Documents: &docs}); err != nil {
		w.t.Fatal(err)
	}
	return cm
}

// docxLines is a Word file's paragraphs as a reader gets them, tables
// cell by cell: the closing block ends the list, "Nơi nhận:" and its
// lines first, then the signer's column.
func docxLines(t *testing.T, data []byte) []string {
	t.Helper()
	blocks, err := docx.Read(data, docx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range blocks {
		out = append(out, strings.TrimSpace(b.Text))
	}
	return out
}

// checkClosing: the document and its Word file end with exactly these
// recipients and this signer.
func checkClosing(t *testing.T, where string, d partydoc.Document, lines []string, s models.Signer, recipients []string) {
	t.Helper()
	if !slices.Equal(d.Recipients, recipients) || !slices.Equal(d.Signer.Titles, s.Titles) || d.Signer.Name != s.Name {
		t.Errorf("%s: recipients %q, signer %+v; want %q, %+v", where, d.Recipients, d.Signer, recipients, s)
	}
	want := []string{"Nơi nhận:"}
	for _, r := range recipients {
		want = append(want, "- "+r)
	}
	want = append(want, s.Titles...)
	if s.Name != "" {
		want = append(want, s.Name)
	}
	i := slices.Index(lines, "Nơi nhận:")
	if i < 0 || !slices.Equal(lines[i:], want) {
		if i < 0 {
			i = max(0, len(lines)-len(want))
		}
		t.Errorf("%s: the Word file closes with\n%q\nwant\n%q", where, lines[i:], want)
	}
}

// TestReportDocumentsAreSignedAndSentAsTheCommitteeSays: the review and
// the carry-over list carry the report blocks, the draft the resolution
// blocks, on the page and in the Word file; the ward's own imported
// resolution (signed by its secretary) changes neither.
func TestReportDocumentsAreSignedAndSentAsTheCommitteeSays(t *testing.T) {
	w := newReportWard(t)
	docs := wardDocuments()
	w.setDocuments(docs)
	cases := []struct {
		kind       models.ReportKind
		signer     models.Signer
		recipients []string
	}{
		{models.ReportReview, docs.ReportSigner, docs.ReportRecipients},
		{models.ReportCarryOver, docs.ReportSigner, docs.ReportRecipients},
		{models.ReportDraft, docs.ResolutionSigner, docs.ResolutionRecipients},
	}
	for _, c := range cases {
		page, err := w.svc.Reports.Page(w.ctx, w.leader, c.kind, "2021-10")
		if err != nil {
			t.Fatal(err)
		}
		f, err := w.svc.Reports.File(w.ctx, w.leader, c.kind, "2021-10", models.FormatDOCX)
		if err != nil {
			t.Fatal(err)
		}
		lines := docxLines(t, f.Data)
		checkClosing(t, string(c.kind), page.Document, lines, c.signer, c.recipients)
		// The imported resolution's closing lines are nowhere.
		text := strings.Join(lines, "\n")
		for _, stray := range []string{"Nguyễn Tiến Giang", "UVTV Thị ủy phụ trách cụm (b/c)", "Lưu VP Đảng ủy"} {
			if strings.Contains(text, stray) {
				t.Errorf("%s prints %q, which is not in the committee's settings", c.kind, stray)
			}
		}
	}
}

// TestReportDocumentsFallBackToTheDefaultBlocks: a committee that never
// set its blocks (stored as {}) still prints a signer and "Nơi nhận"; a
// new committee starts with the defaults.
func TestReportDocumentsFallBackToTheDefaultBlocks(t *testing.T) {
	w := newReportWard(t)
	def := models.DefaultDocumentSettings()
	if !reflect.DeepEqual(w.c.Documents, def) {
		t.Errorf("a new committee's blocks: %+v", w.c.Documents)
	}
	cm := w.setDocuments(models.DocumentSettings{})
	if len(cm.Documents.ReportRecipients) != 0 || len(cm.Documents.ResolutionSigner.Titles) != 0 {
		t.Fatalf("the empty settings were not kept: %+v", cm.Documents)
	}
	for kind, want := range map[models.ReportKind]struct {
		signer     models.Signer
		recipients []string
	}{
		models.ReportReview:    {def.ReportSigner, def.ReportRecipients},
		models.ReportCarryOver: {def.ReportSigner, def.ReportRecipients},
		models.ReportDraft:     {def.ResolutionSigner, def.ResolutionRecipients},
	} {
		page, err := w.svc.Reports.Page(w.ctx, w.leader, kind, "2021-10")
		if err != nil {
			t.Fatal(err)
		}
		f, err := w.svc.Reports.File(w.ctx, w.leader, kind, "2021-10", models.FormatDOCX)
		if err != nil {
			t.Fatal(err)
		}
		checkClosing(t, string(kind), page.Document, docxLines(t, f.Data), want.signer, want.recipients)
	}
}

// TestReportDraftIgnoresAnotherCommitteesResolution: a resolution of
// another ward, signed by its secretary and sent to the town committee,
// is imported by mistake. The draft that follows it takes section III
// from it and nothing else: header, place, signer and recipients stay the
// committee's, and the committee record is untouched.
func TestReportDraftIgnoresAnotherCommitteesResolution(t *testing.T) {
	w := newReportWard(t)
	docs := wardDocuments()
	before := w.setDocuments(docs)

	w.at(vn(time.November, 3, 9))
	data, err := os.ReadFile("testdata/nghi-quyet-phuong-ben-do.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.Imports.Upload(w.ctx, w.leader, "nghi-quyet-45.txt", "text/plain", data)
	if err != nil {
		t.Fatal(err)
	}
	imp := res.Import
	var parsed resolution.Document
	if err := json.Unmarshal(imp.Document, &parsed); err != nil {
		t.Fatal(err)
	}
	// The trap is set: the parser did read the other ward's closing parts.
	if imp.Month != "2021-11" || len(imp.Items) != 1 || parsed.Place != "Bến Đò" || parsed.Signer.Name != "Nguyễn Tiến Giang" ||
		!slices.ContainsFunc(parsed.Recipients, func(r string) bool { return strings.Contains(r, "Thị ủy") }) {
		t.Fatalf("the fixture parsed as month %s, %d items, place %q, signer %+v, recipients %q",
			imp.Month, len(imp.Items), parsed.Place, parsed.Signer, parsed.Recipients)
	}
	items := imp.Items
	items[0].AreaID, items[0].LeadUnitID, items[0].CoordinatingUnitIDs = w.areas[2].ID, w.units["vp"].ID, []models.ID{}
	if imp, err = w.svc.Imports.SaveItems(w.ctx, w.leader, imp.ID, imp.Version, items); err != nil {
		t.Fatal(err)
	}
	if _, err = w.svc.Imports.Commit(w.ctx, w.leader, imp.ID, imp.Version); err != nil {
		t.Fatal(err)
	}

	page, err := w.svc.Reports.Page(w.ctx, w.leader, models.ReportDraft, "2021-11")
	if err != nil {
		t.Fatal(err)
	}
	d := page.Document
	if d.Header.IssuingBody != "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN" || d.Header.SuperiorBody != "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ" ||
		d.Header.PlaceDate != "Hương Xuân, ngày     tháng     năm 2021" || d.Header.Number != "Số     -NQ/ĐU" {
		t.Errorf("header %+v", d.Header)
	}
	// The import is the resolution this draft follows: its section III is there.
	if !strings.Contains(allText(d), "Các chi bộ ven sông quán triệt Nghị quyết đến từng đảng viên trong kỳ sinh hoạt tháng 11.") {
		t.Fatalf("the draft does not follow the imported resolution:\n%s", allText(d))
	}
	f, err := w.svc.Reports.File(w.ctx, w.leader, models.ReportDraft, "2021-11", models.FormatDOCX)
	if err != nil {
		t.Fatal(err)
	}
	lines := docxLines(t, f.Data)
	checkClosing(t, "draft", d, lines, docs.ResolutionSigner, docs.ResolutionRecipients)
	text := strings.Join(lines, "\n")
	for _, stray := range []string{"Nguyễn Tiến Giang", "Thị ủy", "Bến Đò, ngày", "SÔNG LAM", "PHƯỜNG BẾN ĐÒ"} {
		if strings.Contains(text, stray) {
			t.Errorf("the draft's Word file prints %q from the other ward's resolution", stray)
		}
	}
	if !strings.Contains(text, "Hương Xuân, ngày") {
		t.Error("the Word file lacks the committee's place")
	}
	after, err := w.svc.Committees.Get(w.ctx, w.admin)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("the import changed the committee:\nbefore %+v\nafter  %+v", before, after)
	}

	// Without a place of its own the committee leaves the place blank;
	// the imported "Bến Đò" is not borrowed.
	empty := ""
	if _, err := w.svc.Committees.Update(w.ctx, w.admin, directory.CommitteePatch{Version: after.Version, PlaceName: &empty}); err != nil {
		t.Fatal(err)
	}
	page, err = w.svc.Reports.Page(w.ctx, w.leader, models.ReportDraft, "2021-11")
	if err != nil {
		t.Fatal(err)
	}
	if got := page.Document.Header.PlaceDate; got != "………, ngày     tháng     năm 2021" {
		t.Errorf("a committee without a place: %q", got)
	}
}
