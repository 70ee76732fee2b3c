package services_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/suggest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store/sqlite"
)

// importEnv is a ward with importFive uploaded, every item assigned to
// the lead unit and saved, ready to commit.
type importEnv struct {
	*followEnv
	e   *remEnv
	imp models.Import
}

func newImportEnv(t *testing.T, e *remEnv, text string) *importEnv {
	t.Helper()
	f := newFollowEnv(e)
	res, err := e.svc.Imports.Upload(e.ctx, f.leader, "nq.txt", "text/plain", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	items := res.Import.Items
	for i := range items {
		items[i].AreaID, items[i].LeadUnitID, items[i].CoordinatingUnitIDs, items[i].FollowUpUnitID = f.area, f.lead.ID, []models.ID{}, ""
	}
	imp, err := e.svc.Imports.SaveItems(e.ctx, f.leader, res.Import.ID, res.Import.Version, items)
	if err != nil {
		t.Fatal(err)
	}
	return &importEnv{followEnv: f, e: e, imp: imp}
}

// save replaces the items and keeps the saved import.
func (ie *importEnv) save(t *testing.T, items []models.ImportItem) {
	t.Helper()
	imp, err := ie.e.svc.Imports.SaveItems(ie.e.ctx, ie.leader, ie.imp.ID, ie.imp.Version, items)
	if err != nil {
		t.Fatal(err)
	}
	ie.imp = imp
}

// monthTasks are the committee's tasks of October 2021.
func (ie *importEnv) monthTasks(t *testing.T) []task.TaskView {
	t.Helper()
	page, err := ie.e.svc.Tasks.List(ie.e.ctx, ie.leader, task.TaskQuery{Period: "2021-10", PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	return page.Tasks
}

// TestImportSaveCleansWordBreaks: Word's soft line break (a vertical tab)
// and a page break in an item's text become line breaks when the review
// is saved, so what saves also commits; a control character the rules
// refuse is refused at save, not at commit.
func TestImportSaveCleansWordBreaks(t *testing.T) {
	e := newRemEnv(t, nil)
	ie := newImportEnv(t, e, importFive)
	items := ie.imp.Items
	items[0].Text = "Tổ chức tọa đàm\vkỷ niệm ngày Phụ nữ Việt Nam 20/10\f"
	ie.save(t, items)
	if got := ie.imp.Items[0].Text; got != "Tổ chức tọa đàm\nkỷ niệm ngày Phụ nữ Việt Nam 20/10" {
		t.Errorf("saved text %q", got)
	}
	if _, err := e.svc.Imports.Commit(e.ctx, ie.leader, ie.imp.ID, ie.imp.Version); err != nil {
		t.Fatalf("commit after saving Word's breaks: %v", err)
	}
	if n := len(ie.monthTasks(t)); n != 5 {
		t.Errorf("%d tasks, want 5", n)
	}
}

// TestImportFailedCommitReturnsToDraft: when creating the tasks fails, the
// import is a draft again (not stuck "committing"), and committing it
// again creates its tasks once.
func TestImportFailedCommitReturnsToDraft(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "f.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fs := &faultyStore{Store: st}
	e := newRemEnvOn(t, fs, nil)
	ie := newImportEnv(t, e, importFive)
	fs.failCreateMany.Store(1)
	if _, err := e.svc.Imports.Commit(e.ctx, ie.leader, ie.imp.ID, ie.imp.Version); !errors.Is(err, errInjected) {
		t.Fatalf("commit: %v, want the injected failure", err)
	}
	back, err := e.svc.Imports.Get(e.ctx, ie.leader, ie.imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if back.Status != models.ImportDraft || len(back.TaskIDs) != 0 {
		t.Fatalf("after a failed commit: %s with %d task ids, want a draft", back.Status, len(back.TaskIDs))
	}
	if _, err := e.svc.Imports.Commit(e.ctx, ie.leader, back.ID, back.Version); err != nil {
		t.Fatalf("commit again: %v", err)
	}
	if n := len(ie.monthTasks(t)); n != 5 {
		t.Errorf("%d tasks, want 5", n)
	}
}

// TestImportKeepsWhatTheResolutionSays: a task that waits for a condition
// is created tạm dừng with the condition, and footnotes travel with it.
func TestImportKeepsWhatTheResolutionSays(t *testing.T) {
	e := newRemEnv(t, nil)
	ie := newImportEnv(t, e, importFive)
	items := ie.imp.Items
	items[1].Flags = append(items[1].Flags, suggest.FlagWaitingCondition)
	items[1].Condition = "khi được cấp trên phân bổ kinh phí"
	items[1].Deadline = ""
	items[1].Footnotes = []string{"2: 05 công trình xây mới, 08 công trình sửa chữa"}
	ie.save(t, items)
	imp, err := e.svc.Imports.Commit(e.ctx, ie.leader, ie.imp.ID, ie.imp.Version)
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Tasks.Get(e.ctx, ie.leader, imp.TaskIDs[1])
	if err != nil {
		t.Fatal(err)
	}
	if v.State != models.StatePaused || v.Condition != "khi được cấp trên phân bổ kinh phí" || v.Deadline != "" {
		t.Errorf("waiting task: state %s, condition %q, deadline %q", v.State, v.Condition, v.Deadline)
	}
	if len(v.Footnotes) != 1 || !strings.Contains(v.Footnotes[0], "08 công trình sửa chữa") {
		t.Errorf("footnotes %q", v.Footnotes)
	}
	if v.Source == nil || v.Source.Resolution != "31-NQ/ĐU" || v.Source.ItemIndex != 2 {
		t.Errorf("source %+v", v.Source)
	}
	// The month's review prints them with the task.
	page, err := e.svc.Reports.Page(e.ctx, ie.leader, models.ReportReview, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "review report", docText(page.Document), "Chờ điều kiện: khi được cấp trên phân bổ kinh phí",
		"Chú thích 2: 05 công trình xây mới, 08 công trình sửa chữa")
}

// TestImportReplacesEarlierCopy: a corrected copy of the month's
// resolution (another number) is warned of; replacing updates the tasks
// nobody has worked on, leaves the reported one alone, adds the new item
// and cancels the untouched task the copy no longer has.
func TestImportReplacesEarlierCopy(t *testing.T) {
	e := newRemEnv(t, nil)
	ie := newImportEnv(t, e, importFive)
	first, err := e.svc.Imports.Commit(e.ctx, ie.leader, ie.imp.ID, ie.imp.Version)
	if err != nil {
		t.Fatal(err)
	}
	half := 50
	reported := first.TaskIDs[0]
	if _, err := e.svc.Tasks.ReportProgress(e.ctx, ie.officer[ie.lead.ID], reported, task.ProgressInput{Percent: &half, Note: "Đã mời đại biểu"}); err != nil {
		t.Fatal(err)
	}
	corrected := strings.NewReplacer("Số 31-NQ/ĐU", "Số 32-NQ/ĐU",
		"- Tổ chức tọa đàm kỷ niệm ngày Phụ nữ Việt Nam 20/10.", "- Tổ chức mít tinh kỷ niệm ngày Phụ nữ Việt Nam 20/10.",
		"- Vận động hội viên đóng góp quỹ vì người nghèo.", "- Vận động hội viên và nhân dân đóng góp quỹ vì người nghèo.",
		"- Tham gia vệ sinh môi trường khu dân cư.\n", "").Replace(importFive) // the fifth item is gone
	corrected = strings.Replace(corrected, "- Phối hợp tuyên truyền phòng, chống dịch bệnh.",
		"- Phối hợp tuyên truyền phòng, chống dịch bệnh.\n- Ra quân dọn vệ sinh kênh mương.", 1)
	second := newImportOn(t, ie, corrected)
	earlier, err := e.svc.Imports.Earlier(e.ctx, ie.leader, second)
	if err != nil || earlier.ID != first.ID {
		t.Fatalf("earlier import: %v %v, want %s", earlier.ID, err, first.ID)
	}
	res, err := e.svc.Imports.Replace(e.ctx, ie.leader, second.ID, second.Version)
	if err != nil {
		t.Fatal(err)
	}
	if res.Updated != 3 || res.Kept != 1 || res.Created != 1 || res.Cancelled != 1 {
		t.Errorf("replace: updated %d, kept %d, created %d, cancelled %d; want 3, 1, 1, 1", res.Updated, res.Kept, res.Created, res.Cancelled)
	}
	byText := map[string]task.TaskView{}
	for _, v := range ie.monthTasks(t) {
		byText[v.Text] = v
	}
	if v := byText["Tổ chức tọa đàm kỷ niệm ngày Phụ nữ Việt Nam 20/10."]; v.ID != reported || v.Percent != 50 {
		t.Errorf("the reported task changed: %+v", v)
	}
	if v, ok := byText["Vận động hội viên và nhân dân đóng góp quỹ vì người nghèo."]; !ok || v.ID != first.TaskIDs[1] || v.Source.Resolution != "32-NQ/ĐU" {
		t.Errorf("the untouched task was not updated in place: %+v", v)
	}
	if v := byText["Tham gia vệ sinh môi trường khu dân cư."]; v.State != models.StateCancelled {
		t.Errorf("the dropped item's task is %s, want cancelled", v.State)
	}
	if _, ok := byText["Ra quân dọn vệ sinh kênh mương."]; !ok || len(byText) != 6 {
		t.Errorf("tasks after replace: %d, the new item present %v", len(byText), ok)
	}
	old, err := e.svc.Imports.Get(e.ctx, ie.leader, first.ID)
	if err != nil || old.Status != models.ImportReplaced {
		t.Errorf("the earlier import is %s (%v), want replaced", old.Status, err)
	}
}

// newImportOn uploads text into ie's committee with every item assigned.
func newImportOn(t *testing.T, ie *importEnv, text string) models.Import {
	t.Helper()
	e := ie.e
	res, err := e.svc.Imports.Upload(e.ctx, ie.leader, "nq-sua.txt", "text/plain", []byte(text))
	if err != nil || res.Existing {
		t.Fatalf("upload: %v (existing %v)", err, res.Existing)
	}
	items := res.Import.Items
	for i := range items {
		items[i].AreaID, items[i].LeadUnitID, items[i].CoordinatingUnitIDs, items[i].FollowUpUnitID = ie.area, ie.lead.ID, []models.ID{}, ""
	}
	imp, err := e.svc.Imports.SaveItems(e.ctx, ie.leader, res.Import.ID, res.Import.Version, items)
	if err != nil {
		t.Fatal(err)
	}
	return imp
}

// TestImportStuckCommittingCanBeDiscarded: an import left "committing" by
// an older version, with none of its tasks created, can be discarded, and
// the same file can then be imported again.
func TestImportStuckCommittingCanBeDiscarded(t *testing.T) {
	e := newRemEnv(t, nil)
	ie := newImportEnv(t, e, importFive)
	stuck := ie.imp
	stuck.Status, stuck.TaskIDs = models.ImportCommitting, []models.ID{models.NewID(e.clk.Now()), models.NewID(e.clk.Now())}
	stuck.Version++
	audit := models.AuditEntry{ID: models.NewID(e.clk.Now()), CommitteeID: stuck.CommitteeID, At: e.clk.Now(), Entity: models.EntityImport, EntityID: stuck.ID, Action: "committing"}
	if err := e.st.Imports().Update(e.ctx, stuck, ie.imp.Version, audit); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Imports.Discard(e.ctx, ie.leader, stuck.ID, stuck.Version); err != nil {
		t.Fatalf("discarding a stuck import: %v", err)
	}
	res, err := e.svc.Imports.Upload(e.ctx, ie.leader, "nq.txt", "text/plain", []byte(importFive))
	if err != nil || res.Existing {
		t.Fatalf("the same file again: %v (existing %v)", err, res.Existing)
	}
}
