package handlers_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
)

// committeeDocuments are blocks no default contains.
func committeeDocuments() models.DocumentSettings {
	return models.DocumentSettings{
		ResolutionSigner:     models.Signer{Titles: []string{"T/M ĐẢNG ỦY", "K/T BÍ THƯ", "PHÓ BÍ THƯ"}, Name: "Trần Văn Ký"},
		ResolutionRecipients: []string{"Ban Thường vụ Đảng bộ thị xã (b/c)", "Các chi bộ khu dân cư Thử Nghiệm", "Lưu hồ sơ nghị quyết tháng"},
		ReportSigner:         models.Signer{Titles: []string{"T/L BAN THƯỜNG VỤ", "PHÓ CHÁNH VĂN PHÒNG"}, Name: "Hồ Thị Lài"},
		ReportRecipients:     []string{"Thường trực Đảng ủy phường Thử Nghiệm (b/c)", "Tổ giúp việc theo dõi nghị quyết", "Lưu hồ sơ báo cáo tháng"},
	}
}

// closingHTML is how a report page prints a signer block and its list.
func closingHTML(s models.Signer, recipients []string) []string {
	var out []string
	for _, r := range recipients {
		out = append(out, "<li>- "+html.EscapeString(r)+"</li>")
	}
	for _, l := range s.Titles {
		out = append(out, `<p class="paper-strong">`+html.EscapeString(l)+"</p>")
	}
	return append(out, `<p class="paper-strong">`+html.EscapeString(s.Name)+"</p>")
}

// TestCommitteeDocumentsAPI: PATCH /api/v1/committee replaces the blocks
// and GET returns them; a list too long or a stale version changes
// nothing; the report pages then print the blocks.
func TestCommitteeDocumentsAPI(t *testing.T) {
	e := reportEnv(t)
	var cm models.Committee
	if st := e.do("admin", "GET", "/api/v1/committee", nil, &cm); st != 200 {
		t.Fatalf("get: %d", st)
	}
	if !reflect.DeepEqual(cm.Documents, models.DefaultDocumentSettings()) {
		t.Errorf("a new committee's blocks: %+v", cm.Documents)
	}
	docs := committeeDocuments()
	sent := map[string]any{"version": cm.Version, "documents": map[string]any{
		"resolutionSigner":     map[string]any{"titles": slices.Concat(docs.ResolutionSigner.Titles, []string{"  "}), "name": " " + docs.ResolutionSigner.Name + " "},
		"resolutionRecipients": docs.ResolutionRecipients,
		"reportSigner":         map[string]any{"titles": docs.ReportSigner.Titles, "name": docs.ReportSigner.Name},
		"reportRecipients":     slices.Concat([]string{""}, docs.ReportRecipients),
	}}
	var saved models.Committee
	if st := e.do("admin", "PATCH", "/api/v1/committee", sent, &saved); st != 200 {
		t.Fatalf("patch: %d", st)
	}
	if !reflect.DeepEqual(saved.Documents, docs) || saved.Version != cm.Version+1 || saved.Name != cm.Name || saved.PlaceName != cm.PlaceName {
		t.Errorf("patched: %+v", saved)
	}
	var got models.Committee
	if e.do("admin", "GET", "/api/v1/committee", nil, &got); !reflect.DeepEqual(got.Documents, docs) {
		t.Errorf("read back: %+v", got.Documents)
	}

	long := make([]string, 201)
	for i := range long {
		long[i] = fmt.Sprintf("Chi bộ tổ dân phố số %d", i+1)
	}
	var problem struct {
		Fields map[string]string `json:"fields"`
	}
	st := e.do("admin", "PATCH", "/api/v1/committee", map[string]any{"version": saved.Version, "placeName": "Nơi Khác",
		"documents": map[string]any{"reportRecipients": long}}, &problem)
	if st != 422 || problem.Fields["documents.reportRecipients"] != "at most 20 lines" {
		t.Errorf("201 recipients: %d %v", st, problem.Fields)
	}
	if st := e.do("admin", "PATCH", "/api/v1/committee", map[string]any{"version": cm.Version,
		"documents": map[string]any{"reportRecipients": []string{"Nơi nhận cũ"}}}, nil); st != 409 {
		t.Errorf("stale version: %d", st)
	}
	if st := e.do("leader", "PATCH", "/api/v1/committee", map[string]any{"version": saved.Version,
		"documents": map[string]any{}}, nil); st != 403 {
		t.Errorf("a leader edits the blocks: %d", st)
	}
	if e.do("admin", "GET", "/api/v1/committee", nil, &got); !reflect.DeepEqual(got, saved) {
		t.Errorf("refused patches changed the committee:\n%+v\n%+v", got, saved)
	}

	// The pages print the blocks: the report ones on the review and the
	// carry-over list, the resolution ones on the draft.
	b := e.as("leader")
	for kind, want := range map[string][]string{
		"review":    closingHTML(docs.ReportSigner, docs.ReportRecipients),
		"carryover": closingHTML(docs.ReportSigner, docs.ReportRecipients),
		"draft":     closingHTML(docs.ResolutionSigner, docs.ResolutionRecipients),
	} {
		r := b.get("/periods/2021-10/reports/" + kind)
		if r.status != 200 {
			t.Fatalf("%s: %d", kind, r.status)
		}
		for _, w := range want {
			if !strings.Contains(r.body, w) {
				t.Errorf("the %s page lacks %s", kind, w)
			}
		}
	}
}

// TestCommitteeDocumentsPage: the admin page shows the blocks the
// documents print, saves all six fields, shows problems beside the field
// and saves nothing then, and keeps its stale-version handling.
func TestCommitteeDocumentsPage(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	b := e.as("admin")
	form := formValues(t, b.get("/admin/committee").body, "/admin/committee")
	def := models.DefaultDocumentSettings()
	if form.Get("resolutionSignerTitles") != strings.Join(def.ResolutionSigner.Titles, "\n") ||
		form.Get("reportRecipients") != strings.Join(def.ReportRecipients, "\n") || form.Get("reportSignerName") != "" {
		t.Fatalf("form: %q", form)
	}
	stale := cloneValues(form)

	for field, c := range map[string]struct{ value, id, want string }{
		"reportSignerTitles":   {"MỘT\nHAI\nBA\nBỐN\nNĂM", "cm-report-titles-error", "Tối đa 4 dòng."},
		"resolutionRecipients": {strings.Repeat("Chi bộ\n", 21), "cm-resolution-recipients-error", "Tối đa 20 dòng."},
		"resolutionSignerName": {strings.Repeat("Trần ", 30), "cm-resolution-name-error", "Nội dung quá dài."},
	} {
		bad := cloneValues(form)
		bad.Set(field, c.value)
		r := b.post("/admin/committee", bad)
		if r.status != 422 || !strings.Contains(r.body, `id="`+c.id+`" class="field-error">`+c.want) {
			t.Errorf("bad %s: %d", field, r.status)
		}
	}
	if cm, _ := e.svc.Committees.Get(ctx, e.actors["admin"]); cm.Version != 1 {
		t.Fatalf("a refused form saved: version %d", cm.Version)
	}

	docs := committeeDocuments()
	form.Set("resolutionSignerTitles", strings.Join(docs.ResolutionSigner.Titles, "\r\n")+"\r\n")
	form.Set("resolutionSignerName", docs.ResolutionSigner.Name)
	form.Set("resolutionRecipients", "\n"+strings.Join(docs.ResolutionRecipients, "\r\n\r\n"))
	form.Set("reportSignerTitles", strings.Join(docs.ReportSigner.Titles, "\n"))
	form.Set("reportSignerName", "  "+docs.ReportSigner.Name)
	form.Set("reportRecipients", strings.Join(docs.ReportRecipients, "\n"))
	if r := b.post("/admin/committee", form); r.status != 200 || !strings.Contains(r.body, "Đã lưu thông tin cấp ủy") {
		t.Fatalf("save: %d at %s", r.status, r.path)
	}
	cm, _ := e.svc.Committees.Get(ctx, e.actors["admin"])
	if !reflect.DeepEqual(cm.Documents, docs) || cm.Version != 2 {
		t.Fatalf("saved %+v (version %d)", cm.Documents, cm.Version)
	}
	again := formValues(t, b.get("/admin/committee").body, "/admin/committee")
	if again.Get("resolutionSignerName") != "Trần Văn Ký" || again.Get("reportSignerTitles") != "T/L BAN THƯỜNG VỤ\nPHÓ CHÁNH VĂN PHÒNG" {
		t.Errorf("the page after saving: %q", again)
	}

	// A form made before that save: refused, the stored blocks shown
	// beside the user's input, nothing saved.
	stale.Set("reportSignerName", "Lê Văn Cũ")
	r := b.post("/admin/committee", stale)
	if r.status != 409 || !strings.Contains(r.body, "<dd>Trần Văn Ký</dd>") || !strings.Contains(r.body, `value="Lê Văn Cũ"`) ||
		!strings.Contains(r.body, "<br>- Tổ giúp việc theo dõi nghị quyết<br>") {
		t.Errorf("stale: %d", r.status)
	}
	// A post of the header alone leaves the blocks as they are.
	if r := b.post("/admin/committee", url.Values{"version": {"2"}, "name": {cm.Name}, "placeName": {"Hương Xuân"}, "timeZone": {cm.TimeZone}, "issuerCode": {cm.IssuerCode}}); r.status != 200 {
		t.Errorf("header only: %d", r.status)
	}
	cm, _ = e.svc.Committees.Get(ctx, e.actors["admin"])
	if !reflect.DeepEqual(cm.Documents, docs) || cm.PlaceName != "Hương Xuân" || cm.Version != 3 {
		t.Errorf("after a header-only save: %+v", cm)
	}

	// Those who may only look see the blocks.
	if r := e.as("leader").get("/admin/committee"); r.status != 200 || !strings.Contains(r.body, "<dd>Hồ Thị Lài</dd>") ||
		!strings.Contains(r.body, "T/M ĐẢNG ỦY<br>K/T BÍ THƯ<br>PHÓ BÍ THƯ") || strings.Contains(r.body, "<textarea") {
		t.Errorf("read-only page: %d", r.status)
	}
}
