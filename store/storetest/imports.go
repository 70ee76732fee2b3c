package storetest

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// newImport builds (does not save) an import of the fixture with every
// field set; mods adjust it.
func (e *env) newImport(f fixture, file []byte, mods ...func(*models.Import)) models.Import {
	now := e.tick()
	sum := sha256.Sum256(file)
	imp := models.Import{
		ID: e.id(), CommitteeID: f.C.ID, Status: models.ImportDraft,
		FileName: "31-NQ-ĐU tháng 10.docx", ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		FileSize: int64(len(file)), ContentHash: hex.EncodeToString(sum[:]), DocNumber: "31-NQ/ĐU", Month: "2021-10",
		// Spacing, key order and escapes that a re-encoding would change.
		Document: json.RawMessage(`{"title":  "NGHỊ QUYẾT\u0020tháng 10",` + "\n" + ` "b":[1.50,2e3], "a":{"x":null}}`),
		Items: []models.ImportItem{
			{
				Key: "2.6", AreaID: f.Areas[0].ID, Text: "Tập trung chỉ đạo thu ngân sách",
				Source:     models.SourceRef{Resolution: "31-NQ/ĐU", Section: "II", AreaIndex: 2, ItemIndex: 6},
				LeadUnitID: f.Units[0].ID, CoordinatingUnitIDs: []models.ID{f.Units[2].ID, f.Units[1].ID},
				FollowUpUnitID: f.Units[2].ID, Deadline: "2021-10-15", DeadlineReason: "ghi trong nghị quyết",
				Condition: "khi được cấp trên phân bổ kinh phí",
				Continues: true, Footnotes: []string{"(1) Theo Kế hoạch 12-KH/ĐU", "(2) Bổ sung"},
				Flags: []string{"multiple_leads", "waiting_condition"},
				Suggestion: models.Suggestion{
					LeadUnitID: f.Units[0].ID, LeadConfidence: 0.8125, LeadReason: "“UBND phường” đứng đầu câu",
					CoordinatingUnitIDs: []models.ID{f.Units[2].ID, f.Units[1].ID},
					CoordinatingReasons: []string{"phối hợp với VP", "phối hợp với Hội LHPN"},
					AreaReason:          "mục “Về kinh tế”",
				},
				Dropped: true,
			},
			{Key: "2.7.b", NewAreaName: "Về quốc phòng", Text: "Tối thiểu"}, // nil slices, zero suggestion
		},
		TaskIDs: []models.ID{e.id(), e.id()}, Version: 1,
		CreatedBy: "creator000000000000a", CreatedAt: now, UpdatedBy: "creator000000000000a", UpdatedAt: now,
	}
	for _, m := range mods {
		m(&imp)
	}
	return imp
}

// importRec builds and saves an import with its file.
func (e *env) importRec(f fixture, file []byte, mods ...func(*models.Import)) models.Import {
	e.t.Helper()
	imp := e.newImport(f, file, mods...)
	e.must(e.s.Imports().Create(e.ctx, imp, file, e.audit(f.C.ID, models.EntityImport, imp.ID, "create", nil, map[string]any{"id": imp.ID})))
	return imp
}

// normImport is what a store returns for imp: times at millisecond
// precision, nil slices empty, an empty Document nil.
func normImport(imp models.Import) models.Import {
	imp.CreatedAt, imp.UpdatedAt, imp.CommittedAt = ms(imp.CreatedAt), ms(imp.UpdatedAt), msPtr(imp.CommittedAt)
	if len(imp.Document) == 0 {
		imp.Document = nil
	}
	imp.TaskIDs = nonNil(imp.TaskIDs)
	items := make([]models.ImportItem, 0, len(imp.Items))
	for _, it := range imp.Items {
		it.CoordinatingUnitIDs = nonNil(it.CoordinatingUnitIDs)
		it.Footnotes, it.Flags = nonNil(it.Footnotes), nonNil(it.Flags)
		it.Suggestion.CoordinatingUnitIDs = nonNil(it.Suggestion.CoordinatingUnitIDs)
		it.Suggestion.CoordinatingReasons = nonNil(it.Suggestion.CoordinatingReasons)
		items = append(items, it)
	}
	imp.Items = items
	return imp
}

// listed is normImport without Document and Items, as List returns them.
func listed(imp models.Import) models.Import {
	imp = normImport(imp)
	imp.Document, imp.Items = nil, []models.ImportItem{}
	return imp
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// gotImport normalises only the times of a stored import, so a nil slice
// where the suite wants an empty one still fails the comparison.
func (e *env) gotImport(imp models.Import) models.Import {
	e.t.Helper()
	e.checkUTC("import.CreatedAt", imp.CreatedAt)
	e.checkUTC("import.UpdatedAt", imp.UpdatedAt)
	if imp.CommittedAt != nil {
		e.checkUTC("import.CommittedAt", *imp.CommittedAt)
	}
	imp.CreatedAt, imp.UpdatedAt, imp.CommittedAt = ms(imp.CreatedAt), ms(imp.UpdatedAt), msPtr(imp.CommittedAt)
	return imp
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func testImportRoundTrip(e *env) {
	f := e.fixture("C")
	committed := base.Add(48*time.Hour + 123456789)
	cases := []struct {
		name string
		mod  func(*models.Import)
	}{
		{"everything", func(imp *models.Import) {
			imp.Status, imp.CommittedAt = models.ImportCommitted, &committed
		}},
		{"minimal", func(imp *models.Import) {
			imp.DocNumber, imp.Document, imp.Items, imp.TaskIDs = "", nil, nil, nil
		}},
		{"empty slices", func(imp *models.Import) {
			imp.Document, imp.Items, imp.TaskIDs = json.RawMessage{}, []models.ImportItem{}, []models.ID{}
		}},
	}
	for _, tc := range cases {
		e.t.Run(tc.name, func(t *testing.T) {
			e := &env{t: t, ctx: e.ctx, s: e.s, clock: e.tick()}
			want := e.importRec(f, []byte("PK\x03\x04 tệp gốc"), tc.mod)
			got, err := e.s.Imports().Get(e.ctx, f.C.ID, want.ID)
			e.must(err)
			same(t, "Get", e.gotImport(got), normImport(want))
			if len(want.Document) > 0 && !bytes.Equal(got.Document, want.Document) {
				t.Errorf("Document: got %q, want %q byte for byte", got.Document, want.Document)
			}
		})
	}

	dup := e.newImport(f, []byte("first"))
	e.must(e.s.Imports().Create(e.ctx, dup, []byte("first"), e.audit(f.C.ID, models.EntityImport, dup.ID, "create", nil, nil)))
	again := dup
	again.FileName = "other.docx"
	err := e.s.Imports().Create(e.ctx, again, []byte("second"), e.audit(f.C.ID, models.EntityImport, dup.ID, "create", nil, nil))
	e.wantErr("Create same id twice", err, models.ErrDuplicate)
	got, err := e.s.Imports().Get(e.ctx, f.C.ID, dup.ID)
	e.must(err)
	same(e.t, "import after a duplicate Create", e.gotImport(got), normImport(dup))
	file, err := e.s.Imports().File(e.ctx, f.C.ID, dup.ID)
	e.must(err)
	same(e.t, "file after a duplicate Create", string(file), "first")
}

func testImportFile(e *env) {
	f := e.fixture("C")
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"small", []byte("Nghị quyết số 31-NQ/ĐU\x00\xff")},
		{"1 MB random", randomBytes(1<<20 + 7)},
		{"empty", []byte{}},
	} {
		imp := e.importRec(f, tc.data)
		got, err := e.s.Imports().File(e.ctx, f.C.ID, imp.ID)
		if err != nil {
			e.t.Errorf("%s: File: %v", tc.name, err)
			continue
		}
		if got == nil || !bytes.Equal(got, tc.data) {
			e.t.Errorf("%s: File returned %d bytes (nil: %v), want the %d bytes stored", tc.name, len(got), got == nil, len(tc.data))
		}
	}
	_, err := e.s.Imports().File(e.ctx, f.C.ID, e.id())
	e.wantErr("File of unknown import", err, models.ErrNotFound)
}

func testImportIsolation(e *env) {
	f, g := e.fixture("C1"), e.fixture("C2")
	mine := e.importRec(f, []byte("mine"))
	theirs := e.importRec(g, []byte("theirs"), func(imp *models.Import) { imp.DocNumber = "7-NQ/ĐU" })

	_, err := e.s.Imports().Get(e.ctx, g.C.ID, mine.ID)
	e.wantErr("Get another committee's import", err, models.ErrNotFound)
	_, err = e.s.Imports().Get(e.ctx, f.C.ID, e.id())
	e.wantErr("Get unknown import", err, models.ErrNotFound)
	_, err = e.s.Imports().File(e.ctx, g.C.ID, mine.ID)
	e.wantErr("File of another committee's import", err, models.ErrNotFound)
	_, err = e.s.Imports().FindSame(e.ctx, g.C.ID, mine.ContentHash, mine.DocNumber)
	e.wantErr("FindSame of another committee's hash and number", err, models.ErrNotFound)
	got, err := e.s.Imports().FindSame(e.ctx, f.C.ID, theirs.ContentHash, theirs.DocNumber)
	if err == nil {
		e.t.Errorf("FindSame found %s of another committee", got.ID)
	}
	e.wantErr("FindSame of another committee's import", err, models.ErrNotFound)

	for _, tc := range []struct {
		name      string
		committee models.ID
		want      []models.ID
	}{
		{"own committee", f.C.ID, []models.ID{mine.ID}},
		{"other committee", g.C.ID, []models.ID{theirs.ID}},
		{"unknown committee", e.id(), []models.ID{}},
	} {
		list, err := e.s.Imports().List(e.ctx, tc.committee)
		e.must(err)
		same(e.t, "List, "+tc.name, ids(list, func(imp models.Import) models.ID { return imp.ID }), tc.want)
	}

	hijack := mine
	hijack.CommitteeID, hijack.Status, hijack.Version = g.C.ID, models.ImportDiscarded, 2
	err = e.s.Imports().Update(e.ctx, hijack, 1, e.audit(g.C.ID, models.EntityImport, mine.ID, "update", nil, nil))
	e.wantErr("Update through another committee", err, models.ErrNotFound)
	got, err = e.s.Imports().Get(e.ctx, f.C.ID, mine.ID)
	e.must(err)
	same(e.t, "import after hijack attempt", e.gotImport(got), normImport(mine))
}

func testImportFindSame(e *env) {
	f := e.fixture("C")
	at := func(d time.Duration) func(*models.Import) {
		return func(imp *models.Import) { imp.CreatedAt, imp.UpdatedAt = base.Add(d), base.Add(d) }
	}
	file := func(s string) []byte { return []byte("file " + s) }
	hash := func(s string) string {
		sum := sha256.Sum256(file(s))
		return hex.EncodeToString(sum[:])
	}
	number := func(n string) func(*models.Import) { return func(imp *models.Import) { imp.DocNumber = n } }
	discarded := func(imp *models.Import) { imp.Status = models.ImportDiscarded }
	committed := func(imp *models.Import) { imp.Status = models.ImportCommitted }

	// Saved out of time order: "newest" is by CreatedAt.
	c := e.importRec(f, file("c"), number("31-NQ/ĐU"), at(3*time.Hour), committed)
	a := e.importRec(f, file("a"), number("31-NQ/ĐU"), at(1*time.Hour))
	e.importRec(f, file("b"), number(""), at(2*time.Hour))
	bLater := e.importRec(f, file("b"), number(""), at(4*time.Hour)) // the same file uploaded again
	e.importRec(f, file("b"), number(""), at(30*time.Minute))
	e.importRec(f, file("d"), number("32-NQ/ĐU"), at(5*time.Hour), discarded)
	e.importRec(f, file("dd"), number(""), at(6*time.Hour), discarded)

	for _, tc := range []struct {
		name, hash, number string
		want               *models.Import
	}{
		{"by hash", hash("a"), "", &a},
		{"by hash, newest of several", hash("b"), "", &bLater},
		{"by number, newest", hash("none"), "31-NQ/ĐU", &c},
		{"hash or number, newest of both", hash("a"), "31-NQ/ĐU", &c},
		{"number of another, hash of a newer one", hash("b"), "31-NQ/ĐU", &bLater},
		{"discarded by number", hash("none"), "32-NQ/ĐU", nil},
		{"discarded by hash and number", hash("d"), "32-NQ/ĐU", nil},
		{"discarded by hash", hash("dd"), "", nil},
		{"empty number matches no empty number", hash("none"), "", nil},
		{"nothing", hash("none"), "99-NQ/ĐU", nil},
	} {
		got, err := e.s.Imports().FindSame(e.ctx, f.C.ID, tc.hash, tc.number)
		if tc.want == nil {
			if err == nil {
				e.t.Errorf("%s: found %s, want none", tc.name, got.ID)
			}
			e.wantErr(tc.name, err, models.ErrNotFound)
			continue
		}
		if err != nil {
			e.t.Errorf("%s: %v", tc.name, err)
			continue
		}
		same(e.t, tc.name, e.gotImport(got), normImport(*tc.want))
	}

	// Discarding c makes a the newest with that number.
	upd := c
	upd.Status, upd.Version, upd.UpdatedAt = models.ImportDiscarded, 2, e.tick()
	e.must(e.s.Imports().Update(e.ctx, upd, 1, e.audit(f.C.ID, models.EntityImport, c.ID, "discard", nil, nil)))
	got, err := e.s.Imports().FindSame(e.ctx, f.C.ID, hash("none"), "31-NQ/ĐU")
	e.must(err)
	same(e.t, "by number after discarding the newest", got.ID, a.ID)
}

func testImportList(e *env) {
	f := e.fixture("C")
	none, err := e.s.Imports().List(e.ctx, f.C.ID)
	e.must(err)
	same(e.t, "List of a committee without imports", len(none), 0)

	committed := base.Add(7 * time.Hour)
	at := func(d time.Duration) func(*models.Import) {
		return func(imp *models.Import) { imp.CreatedAt, imp.UpdatedAt = base.Add(d), base.Add(d) }
	}
	second := e.importRec(f, []byte("2"), at(2*time.Hour), func(imp *models.Import) {
		imp.Status, imp.CommittedAt = models.ImportCommitted, &committed
	})
	third := e.importRec(f, []byte("3"), at(3*time.Hour), func(imp *models.Import) { imp.TaskIDs = nil })
	first := e.importRec(f, []byte("1"), at(time.Hour), func(imp *models.Import) { imp.DocNumber = "" })
	// Same time as second: the id, newest first, breaks the tie.
	tie := e.importRec(f, []byte("tie"), at(2*time.Hour))

	list, err := e.s.Imports().List(e.ctx, f.C.ID)
	e.must(err)
	want := []models.Import{third, tie, second, first}
	if len(list) != len(want) {
		e.t.Fatalf("List: got %d imports, want %d", len(list), len(want))
	}
	for i := range want {
		if list[i].Items == nil {
			e.t.Errorf("List[%d].Items: nil, want empty", i)
		}
		same(e.t, fmt.Sprintf("List[%d]", i), e.gotImport(list[i]), listed(want[i]))
	}
}

func testImportUpdate(e *env) {
	f := e.fixture("C")
	file := randomBytes(4096)
	created := e.newImport(f, file)
	createAudit := e.audit(f.C.ID, models.EntityImport, created.ID, "create", nil, map[string]any{"file": created.FileName})
	e.must(e.s.Imports().Create(e.ctx, created, file, createAudit))

	upd := created
	upd.Status = models.ImportCommitted
	upd.DocNumber = "31a-NQ/ĐU"
	upd.Month = "2021-11"
	upd.Document = json.RawMessage(`{"edited": true}`)
	upd.Items = []models.ImportItem{created.Items[1], created.Items[0]}
	upd.Items[0].Text, upd.Items[0].Dropped = "Đã sửa", true
	upd.Items[1].Suggestion.LeadConfidence = 1
	upd.TaskIDs = []models.ID{e.id()}
	committedAt := e.tick()
	upd.CommittedAt = &committedAt
	upd.Version, upd.UpdatedBy, upd.UpdatedAt = 2, "updater0000000000001", e.tick()
	updAudit := e.audit(f.C.ID, models.EntityImport, created.ID, "commit", map[string]any{"v": 1}, map[string]any{"v": 2})
	e.must(e.s.Imports().Update(e.ctx, upd, 1, updAudit))
	got, err := e.s.Imports().Get(e.ctx, f.C.ID, upd.ID)
	e.must(err)
	same(e.t, "Get after Update", e.gotImport(got), normImport(upd))
	stored, err := e.s.Imports().File(e.ctx, f.C.ID, upd.ID)
	e.must(err)
	if !bytes.Equal(stored, file) {
		e.t.Errorf("File after Update: %d bytes, not the original %d", len(stored), len(file))
	}

	for _, tc := range []struct {
		name     string
		imp      models.Import
		expected int64
		want     error
	}{
		{"stale version", withImportVersion(upd, 2), 1, models.ErrConflict},
		{"future version", withImportVersion(upd, 4), 3, models.ErrConflict},
		{"version not expected+1", withImportVersion(upd, 5), 2, models.ErrInvalid},
		{"unknown id", withImportID(withImportVersion(upd, 3), e.id()), 2, models.ErrNotFound},
	} {
		err := e.s.Imports().Update(e.ctx, tc.imp, tc.expected, e.audit(f.C.ID, models.EntityImport, tc.imp.ID, "update", nil, nil))
		e.wantErr(tc.name, err, tc.want)
	}
	got, err = e.s.Imports().Get(e.ctx, f.C.ID, upd.ID)
	e.must(err)
	same(e.t, "import after refused updates", e.gotImport(got), normImport(upd))
	e.wantAudit(f.C.ID, models.EntityImport, upd.ID, updAudit, createAudit)
}

func withImportVersion(imp models.Import, version int64) models.Import {
	imp.Version, imp.Status = version, models.ImportDiscarded
	return imp
}

func withImportID(imp models.Import, id models.ID) models.Import {
	imp.ID = id
	return imp
}

// testTaskCreateMany: tasks and their audit entries are stored together;
// a second call with the same tasks skips them (not overwriting them, not
// adding entries) and stores only the new ones.
func testTaskCreateMany(e *env) {
	f := e.fixture("C")
	var ts []models.Task
	var audits []models.AuditEntry
	for i := range 5 {
		t := e.newTask(f, func(t *models.Task) {
			t.Text = fmt.Sprintf("Nhiệm vụ %d", i)
			t.CoordinatingUnitIDs = []models.ID{f.Units[2].ID}
			t.Source = &models.SourceRef{Resolution: "31-NQ/ĐU", Section: "II", AreaIndex: 1, ItemIndex: i + 1}
		})
		ts = append(ts, t)
		audits = append(audits, e.audit(f.C.ID, models.EntityTask, t.ID, "create", nil, t))
	}
	all := store.TaskFilter{Committee: f.C.ID}
	coordinated := store.TaskFilter{Committee: f.C.ID, UnitID: f.Units[2].ID, UnitRole: store.UnitRoleCoordinating}
	wantListed := func(what string, want []models.Task) {
		e.t.Helper()
		for _, filter := range []store.TaskFilter{all, coordinated} {
			list, n, err := e.s.Tasks().List(e.ctx, filter)
			e.must(err)
			if n != len(want) || len(list) != len(want) {
				e.t.Errorf("%s, filter %+v: listed %d of %d, want %d", what, filter, len(list), n, len(want))
				continue
			}
			sorted := append([]models.Task(nil), want...)
			wantOrder(sorted)
			for i := range sorted {
				same(e.t, what+": listed task", normTask(list[i]), normTask(sorted[i]))
			}
		}
	}

	e.wantErr("more audit entries than tasks", e.s.Tasks().CreateMany(e.ctx, ts[:2], audits[:3]), models.ErrInvalid)
	e.wantErr("fewer audit entries than tasks", e.s.Tasks().CreateMany(e.ctx, ts[:3], audits[:2]), models.ErrInvalid)
	e.must(e.s.Tasks().CreateMany(e.ctx, nil, nil))
	wantListed("after refused calls", nil)

	e.must(e.s.Tasks().CreateMany(e.ctx, ts[:4], audits[:4]))
	wantListed("after CreateMany", ts[:4])
	for i, t := range ts[:4] {
		got, err := e.s.Tasks().Get(e.ctx, f.C.ID, t.ID)
		e.must(err)
		same(e.t, "Get after CreateMany", normTask(got), normTask(t))
		e.wantAudit(f.C.ID, models.EntityTask, t.ID, audits[i])
	}

	// Again with the same tasks and entries, plus a new one.
	e.must(e.s.Tasks().CreateMany(e.ctx, ts, audits))
	wantListed("after the second call", ts)
	for i, t := range ts {
		e.wantAudit(f.C.ID, models.EntityTask, t.ID, audits[i])
	}

	// An existing task sent with other content and another entry is left as it is.
	changed := ts[0]
	changed.Text, changed.SearchKey = "Ghi đè", models.Fold("Ghi đè")
	e.must(e.s.Tasks().CreateMany(e.ctx, []models.Task{changed}, []models.AuditEntry{e.audit(f.C.ID, models.EntityTask, changed.ID, "create", nil, changed)}))
	got, err := e.s.Tasks().Get(e.ctx, f.C.ID, ts[0].ID)
	e.must(err)
	same(e.t, "existing task after CreateMany with other content", normTask(got), normTask(ts[0]))
	e.wantAudit(f.C.ID, models.EntityTask, ts[0].ID, audits[0])
	entries, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: f.C.ID, Entity: models.EntityTask})
	e.must(err)
	same(e.t, "task audit entries in the committee", len(entries), len(ts))
}
