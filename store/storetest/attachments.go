package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"time"

	"github.com/theodoi/theodoi/models"
)

// newAttachment builds (does not save) the record of data for a task.
func (e *env) newAttachment(t models.Task, name string, data []byte) models.Attachment {
	sum := sha256.Sum256(data)
	return models.Attachment{
		ID: e.id(), CommitteeID: t.CommitteeID, TaskID: t.ID, ProgressID: e.id(), Name: name,
		Type: "application/pdf", Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]),
		UnitID: t.LeadUnitID, CreatedBy: "uploader00000000000a", CreatedAt: e.tick(),
	}
}

func (e *env) createAttachment(a models.Attachment, data []byte) models.AuditEntry {
	e.t.Helper()
	audit := e.audit(a.CommitteeID, models.EntityAttachment, a.ID, "create", nil, a)
	e.must(e.s.Attachments().Create(e.ctx, a, bytes.NewReader(data), audit))
	return audit
}

// openBytes reads an attachment's bytes whole.
func (e *env) openBytes(committee, id models.ID) ([]byte, error) {
	rc, err := e.s.Attachments().Open(e.ctx, committee, id)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func (e *env) wantBytes(what string, committee, id models.ID, want []byte) {
	e.t.Helper()
	got, err := e.openBytes(committee, id)
	if err != nil {
		e.t.Errorf("%s: Open: %v", what, err)
	} else if !bytes.Equal(got, want) {
		e.t.Errorf("%s: Open returned %d bytes, want %d equal to the uploaded ones", what, len(got), len(want))
	}
}

func (e *env) wantAttachments(what string, committee, task models.ID, want ...models.Attachment) {
	e.t.Helper()
	got, err := e.s.Attachments().List(e.ctx, committee, task)
	e.must(err)
	if got == nil {
		e.t.Errorf("%s: List returned nil, want an empty list", what)
	}
	for i := range got {
		e.checkUTC(what+": CreatedAt", got[i].CreatedAt)
		got[i] = normAttachment(got[i])
	}
	for i := range want {
		want[i] = normAttachment(want[i])
	}
	if want == nil {
		want = []models.Attachment{}
	}
	same(e.t, what+": List", got, want)
}

func normAttachment(a models.Attachment) models.Attachment {
	a.CreatedAt, a.RemovedAt = ms(a.CreatedAt), msPtr(a.RemovedAt)
	return a
}

// testAttachmentRoundTrip: a record comes back as created, with its audit
// entry, in the task's list (oldest first), and its bytes open equal; an
// empty file is a file.
func testAttachmentRoundTrip(e *env) {
	f := e.fixture("Đảng ủy phường Hương Xuân")
	task, other := e.task(f), e.task(f)
	data := []byte("%PDF-1.7\nBáo cáo kết quả thực hiện nhiệm vụ tháng 9\n")
	a := e.newAttachment(task, "Báo cáo kết quả thực hiện – tháng 9 (bản ký).pdf", data)
	audit := e.createAttachment(a, data)
	empty := e.newAttachment(task, "Biên bản họp chi bộ.txt", nil)
	empty.ProgressID, empty.UnitID, empty.Type = "", "", "text/plain"
	e.createAttachment(empty, nil)

	got, err := e.s.Attachments().Get(e.ctx, f.C.ID, a.ID)
	e.must(err)
	e.checkUTC("attachment.CreatedAt", got.CreatedAt)
	same(e.t, "Get", normAttachment(got), normAttachment(a))
	e.wantAttachments("the task", f.C.ID, task.ID, a, empty)
	e.wantAttachments("another task", f.C.ID, other.ID)
	e.wantBytes("the file", f.C.ID, a.ID, data)
	e.wantBytes("the empty file", f.C.ID, empty.ID, []byte{})
	e.wantAudit(f.C.ID, models.EntityAttachment, a.ID, audit)

	_, err = e.s.Attachments().Get(e.ctx, f.C.ID, e.id())
	e.wantErr("Get unknown", err, models.ErrNotFound)
	_, err = e.openBytes(f.C.ID, e.id())
	e.wantErr("Open unknown", err, models.ErrNotFound)
}

// testAttachmentLarge: 3 MB come through a reader that hands them out a
// little at a time, and open equal.
func testAttachmentLarge(e *env) {
	f := e.fixture("Đảng ủy phường Hương Xuân")
	task := e.task(f)
	const size = 3 << 20
	gen := func() io.Reader { return io.LimitReader(rand.NewChaCha8([32]byte{7}), size) }
	h := sha256.New()
	_, _ = io.Copy(h, gen())
	a := e.newAttachment(task, "Ảnh hiện trường.jpg", nil)
	a.Type, a.Size, a.SHA256 = "image/jpeg", size, hex.EncodeToString(h.Sum(nil))
	e.must(e.s.Attachments().Create(e.ctx, a, &trickle{gen()}, e.audit(f.C.ID, models.EntityAttachment, a.ID, "create", nil, nil)))

	rc, err := e.s.Attachments().Open(e.ctx, f.C.ID, a.ID)
	e.must(err)
	defer rc.Close()
	got := sha256.New()
	n, err := io.Copy(got, rc)
	e.must(err)
	if n != size || hex.EncodeToString(got.Sum(nil)) != a.SHA256 {
		e.t.Errorf("Open: %d bytes hashing to %x, want %d hashing to %s", n, got.Sum(nil), size, a.SHA256)
	}
}

// trickle hands out at most 1000 bytes per Read.
type trickle struct{ r io.Reader }

func (t *trickle) Read(p []byte) (int, error) { return t.r.Read(p[:min(len(p), 1000)]) }

// testAttachmentMismatch: bytes that are not what the record says are
// ErrInvalid and leave nothing, so the right bytes can be stored after.
func testAttachmentMismatch(e *env) {
	f := e.fixture("Đảng ủy phường Hương Xuân")
	task := e.task(f)
	data := bytes.Repeat([]byte("minh chứng "), 40000) // more than one GridFS chunk
	a := e.newAttachment(task, "Kế hoạch.docx", data)
	for what, body := range map[string][]byte{
		"fewer bytes":     data[:len(data)-1],
		"more bytes":      append(append([]byte{}, data...), '!'),
		"other bytes":     append(append([]byte{}, data[:len(data)-1]...), '!'),
		"no bytes at all": nil,
	} {
		err := e.s.Attachments().Create(e.ctx, a, bytes.NewReader(body), e.audit(f.C.ID, models.EntityAttachment, a.ID, "create", nil, nil))
		e.wantErr("Create with "+what, err, models.ErrInvalid)
		_, err = e.s.Attachments().Get(e.ctx, f.C.ID, a.ID)
		e.wantErr("Get after "+what, err, models.ErrNotFound)
		e.wantAttachments("after "+what, f.C.ID, task.ID)
	}
	bad := a
	bad.SHA256 = "not-a-hash"
	e.wantErr("Create with a malformed hash", e.s.Attachments().Create(e.ctx, bad, bytes.NewReader(data), models.AuditEntry{}), models.ErrInvalid)
	bad = a
	bad.CommitteeID = "../../etc"
	e.wantErr("Create with a malformed committee id", e.s.Attachments().Create(e.ctx, bad, bytes.NewReader(data), models.AuditEntry{}), models.ErrInvalid)
	e.wantAudit(f.C.ID, models.EntityAttachment, a.ID)

	audit := e.createAttachment(a, data)
	e.wantBytes("after the failures", f.C.ID, a.ID, data)
	e.wantAudit(f.C.ID, models.EntityAttachment, a.ID, audit)
}

// testAttachmentSharedBytes: equal bytes under two ids (and in two
// committees) are each the attachment's; removing one keeps the other.
func testAttachmentSharedBytes(e *env) {
	f, g := e.fixture("Đảng ủy phường Hương Xuân"), e.fixture("Đảng ủy phường Hương Văn")
	task, gTask := e.task(f), e.task(g)
	data := bytes.Repeat([]byte("Danh sách hội viên\n"), 20000)
	first := e.newAttachment(task, "Danh sách.xlsx", data)
	second := e.newAttachment(task, "Danh sách (bản sao).xlsx", data)
	elsewhere := e.newAttachment(gTask, "Danh sách.xlsx", data)
	e.createAttachment(first, data)
	e.createAttachment(second, data)
	e.createAttachment(elsewhere, data)
	e.wantBytes("first", f.C.ID, first.ID, data)
	e.wantBytes("second", f.C.ID, second.ID, data)
	e.wantBytes("another committee's", g.C.ID, elsewhere.ID, data)

	e.must(e.s.Attachments().Remove(e.ctx, f.C.ID, first.ID, "remover0000000000000", e.tick(), e.audit(f.C.ID, models.EntityAttachment, first.ID, "remove", nil, nil)))
	e.wantBytes("second after the first was removed", f.C.ID, second.ID, data)
	e.wantBytes("another committee's after the first was removed", g.C.ID, elsewhere.ID, data)
}

// testAttachmentIsolation: another committee's attachment is not found,
// opened, listed or removed.
func testAttachmentIsolation(e *env) {
	f, g := e.fixture("Đảng ủy phường Hương Xuân"), e.fixture("Đảng ủy phường Hương Văn")
	task := e.task(f)
	data := []byte("Quyết định khen thưởng")
	a := e.newAttachment(task, "Quyết định.pdf", data)
	e.createAttachment(a, data)

	_, err := e.s.Attachments().Get(e.ctx, g.C.ID, a.ID)
	e.wantErr("Get from another committee", err, models.ErrNotFound)
	_, err = e.openBytes(g.C.ID, a.ID)
	e.wantErr("Open from another committee", err, models.ErrNotFound)
	e.wantAttachments("List from another committee", g.C.ID, task.ID)
	err = e.s.Attachments().Remove(e.ctx, g.C.ID, a.ID, "remover0000000000000", e.tick(), e.audit(g.C.ID, models.EntityAttachment, a.ID, "remove", nil, nil))
	e.wantErr("Remove from another committee", err, models.ErrNotFound)
	e.wantAttachments("after the other committee's tries", f.C.ID, task.ID, a)
	e.wantBytes("after the other committee's tries", f.C.ID, a.ID, data)
}

// testAttachmentRemove: a removed attachment keeps its record, marked,
// and no longer opens; removing it again changes nothing.
func testAttachmentRemove(e *env) {
	f := e.fixture("Đảng ủy phường Hương Xuân")
	task := e.task(f)
	data := []byte("Ảnh chụp sai")
	a := e.newAttachment(task, "Ảnh.png", data)
	created := e.createAttachment(a, data)
	at, by := e.tick(), models.ID("remover0000000000000")
	removed := e.audit(f.C.ID, models.EntityAttachment, a.ID, "remove", a, nil)
	e.must(e.s.Attachments().Remove(e.ctx, f.C.ID, a.ID, by, at, removed))
	e.must(e.s.Attachments().Remove(e.ctx, f.C.ID, a.ID, by, at, removed)) // a retry
	e.must(e.s.Attachments().Remove(e.ctx, f.C.ID, a.ID, "someone0000000000000", e.tick(),
		e.audit(f.C.ID, models.EntityAttachment, a.ID, "remove", nil, nil))) // removed already

	want := a
	want.RemovedAt, want.RemovedBy = &at, by
	got, err := e.s.Attachments().Get(e.ctx, f.C.ID, a.ID)
	e.must(err)
	same(e.t, "Get after Remove", normAttachment(got), normAttachment(want))
	if got.RemovedAt != nil {
		e.checkUTC("attachment.RemovedAt", *got.RemovedAt)
	}
	e.wantAttachments("after Remove", f.C.ID, task.ID, want)
	_, err = e.openBytes(f.C.ID, a.ID)
	e.wantErr("Open after Remove", err, models.ErrNotFound)
	e.wantAudit(f.C.ID, models.EntityAttachment, a.ID, removed, created)

	err = e.s.Attachments().Remove(e.ctx, f.C.ID, e.id(), by, at, e.audit(f.C.ID, models.EntityAttachment, "", "remove", nil, nil))
	e.wantErr("Remove unknown", err, models.ErrNotFound)
}

// testAttachmentCreateRetry: the same Create again is a retry (one record,
// one audit entry, even after a removal); another record under the id, in
// this committee or another, is ErrDuplicate.
func testAttachmentCreateRetry(e *env) {
	f, g := e.fixture("Đảng ủy phường Hương Xuân"), e.fixture("Đảng ủy phường Hương Văn")
	task := e.task(f)
	data := []byte("Báo cáo sơ kết")
	a := e.newAttachment(task, "Sơ kết.pdf", data)
	audit := e.createAttachment(a, data)
	e.must(e.s.Attachments().Create(e.ctx, a, bytes.NewReader(data), audit))
	e.wantAttachments("after a retry", f.C.ID, task.ID, a)
	e.wantAudit(f.C.ID, models.EntityAttachment, a.ID, audit)

	for what, mod := range map[string]func(*models.Attachment){
		"another name":      func(b *models.Attachment) { b.Name = "Tổng kết.pdf" },
		"other bytes":       func(b *models.Attachment) { b.Size, b.SHA256 = 1, hex.EncodeToString(make([]byte, 32)) },
		"another time":      func(b *models.Attachment) { b.CreatedAt = b.CreatedAt.Add(time.Second) },
		"another committee": func(b *models.Attachment) { b.CommitteeID = g.C.ID },
	} {
		b := a
		mod(&b)
		err := e.s.Attachments().Create(e.ctx, b, bytes.NewReader(data), e.audit(b.CommitteeID, models.EntityAttachment, a.ID, "create", nil, nil))
		e.wantErr("Create with "+what, err, models.ErrDuplicate)
	}
	got, err := e.s.Attachments().Get(e.ctx, f.C.ID, a.ID)
	e.must(err)
	same(e.t, "Get after the duplicates", normAttachment(got), normAttachment(a))
	_, err = e.s.Attachments().Get(e.ctx, g.C.ID, a.ID)
	e.wantErr("Get from the other committee", err, models.ErrNotFound)

	e.must(e.s.Attachments().Remove(e.ctx, f.C.ID, a.ID, "remover0000000000000", e.tick(), e.audit(f.C.ID, models.EntityAttachment, a.ID, "remove", nil, nil)))
	e.must(e.s.Attachments().Create(e.ctx, a, bytes.NewReader(data), audit))
	_, err = e.openBytes(f.C.ID, a.ID)
	e.wantErr("Open after a retry of a removed one's Create", err, models.ErrNotFound)
}

// testAttachmentPurge: purging a committee removes its attachments and
// their bytes, and only its: equal bytes of another committee stay.
func testAttachmentPurge(e *env) {
	keep, gone := e.fixture("Đảng ủy phường Giữ Lại"), e.fixture("Đảng ủy phường Bỏ Đi")
	keptTask, goneTask := e.task(keep), e.task(gone)
	data := bytes.Repeat([]byte("Nghị quyết chuyên đề\n"), 30000)
	kept, purged := e.newAttachment(keptTask, "Nghị quyết.pdf", data), e.newAttachment(goneTask, "Nghị quyết.pdf", data)
	e.createAttachment(kept, data)
	e.createAttachment(purged, data)

	e.must(e.s.Committees().Purge(e.ctx, gone.C.ID))
	e.must(e.s.Committees().Purge(e.ctx, gone.C.ID))
	_, err := e.s.Attachments().Get(e.ctx, gone.C.ID, purged.ID)
	e.wantErr("Get purged", err, models.ErrNotFound)
	_, err = e.openBytes(gone.C.ID, purged.ID)
	e.wantErr("Open purged", err, models.ErrNotFound)
	e.wantAttachments("purged committee", gone.C.ID, goneTask.ID)
	e.wantAttachments("kept committee", keep.C.ID, keptTask.ID, kept)
	e.wantBytes("kept committee", keep.C.ID, kept.ID, data)
}
