// Package storetest is the contract every store adapter passes. An
// adapter's test calls Run with a function that opens a fresh, empty store
// (and registers its own cleanup with t.Cleanup).
//
// Where store.go leaves a detail open, this suite decides it:
//   - Units.List orders kinds as models.UnitKinds lists them (the order
//     documents use), then by name (byte order), then id.
//   - Areas.List orders by position, then name, then id.
//   - Committees.List and Users.List order is unspecified.
//   - Sessions.Touch on an unknown token is ErrNotFound; Delete of an
//     unknown token is not an error.
//   - TaskFilter.Limit and AuditFilter.Limit <= 0 mean no limit.
//   - Nil slices are stored as empty ones and read back as empty, non-nil.
//   - Times come back in UTC, at least to the millisecond.
//   - An import's Document comes back byte for byte, an empty one as nil;
//     List leaves out Document (nil) and Items (empty).
//   - Imports.Update, like Tasks.Update, requires Version == expected+1
//     (else ErrInvalid) and saves every field; the file never changes.
//   - Imports.File of an empty file is empty, not an error.
//   - Tasks.CreateMany skips a task whose id the committee has, with its
//     audit entry, even when the task sent differs from the stored one.
//   - Outbox.Enqueue stores the message pending with no attempts, owner,
//     lease, error or SentAt, whatever the caller set; a zero NextAt means
//     CreatedAt; a Key and CreatedAt are required (else ErrInvalid). Its
//     retry with the same id is a no-op (false); an id taken by another
//     key is ErrDuplicate.
//   - Outbox.Claim needs an owner, lease > 0 and limit > 0 (else
//     ErrInvalid) and returns the messages in NextAt order. NextAt == now
//     is due; a lease ending at now still runs.
//   - MarkSent and MarkRetry of an unknown id are ErrNotFound; of a
//     message the owner does not hold (any more), ErrConflict. MarkSent
//     keeps the owner (who delivered it) and drops the lease; MarkRetry
//     drops both and sets NextAt even when failing. LastError changes
//     only with MarkRetry.
//   - Resend of a message that is not failed is ErrConflict; it keeps
//     LastError.
//   - Outbox.List limit <= 0 means 100; Before lists the messages after
//     the cursor's in the newest-first order (time, then id).
//   - Leases: the same owner renews at any time, even after expiry;
//     Acquire needs a name, an owner and ttl > 0 (else ErrInvalid);
//     Release of a lease one does not hold is not an error.
//   - Ledger.Record needs a Job and a Key (else ErrInvalid).
//   - MailPrefs.Notify comes back as saved; no choices come back as an
//     empty map, never nil. Update replaces the whole map.
//   - Notices.Add needs every notice's ID, CommitteeID and At (else
//     ErrInvalid, and none of the call's notices is stored). Of notices
//     with one id, in one call or several, the first stored stays.
//   - Notices of no user (a unit's mailbox) are nobody's: List, Unread and
//     MarkRead with an empty user find none. List returns an empty list,
//     not nil.
//   - MarkRead and MarkMailed keep the ReadAt and MailedAt of notices read
//     or mailed already; MarkRead counts only the notices it changed.
//   - MailDue orders notices due at the same time by id; its limit <= 0
//     means 100. Unmailed includes notices not due yet.
//   - DeleteBefore keeps a notice whose At is t.
//   - Attachments: an empty file is a file (Open gives no bytes, no
//     error). Removing an attachment again, or retrying its Create (even
//     after it was removed), adds no audit entry; Create of a removed
//     attachment's upload again keeps it removed. List returns an empty
//     list, not nil.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// Run runs the contract suite, one subtest per behaviour, each on a fresh store.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(e *env)
	}{
		{"Committees", testCommittees},
		{"CommitteePurge", testCommitteePurge},
		{"Units", testUnits},
		{"UnitsIsolation", testUnitsIsolation},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"SessionsDeleteExpired", testSessionsDeleteExpired},
		{"Areas", testAreas},
		{"AreaPositionMovesTasks", testAreaPositionMovesTasks},
		{"Periods", testPeriods},
		{"TaskRoundTrip", testTaskRoundTrip},
		{"TaskUpdate", testTaskUpdate},
		{"TaskUpdateStale", testTaskUpdateStale},
		{"TaskIsolation", testTaskIsolation},
		{"TaskListFilters", testTaskListFilters},
		{"TaskListQueryLiteral", testTaskListQueryLiteral},
		{"TaskListOrderAndPaging", testTaskListOrderAndPaging},
		{"TaskListTotalsFollowWrites", testTaskListTotalsFollowWrites},
		{"TaskProgress", testTaskProgress},
		{"TaskCreateMany", testTaskCreateMany},
		{"TaskUpdateMany", testTaskUpdateMany},
		{"Audit", testAudit},
		{"ImportRoundTrip", testImportRoundTrip},
		{"ImportFile", testImportFile},
		{"ImportIsolation", testImportIsolation},
		{"ImportFindSame", testImportFindSame},
		{"ImportList", testImportList},
		{"ImportUpdate", testImportUpdate},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"JobRuns", testJobRuns},
		{"JobRunsConcurrent", testJobRunsConcurrent},
		{"MailPrefs", testMailPrefs},
		{"MailPrefsEnsureRace", testMailPrefsEnsureRace},
		{"MailPrefsNotify", testMailPrefsNotify},
		{"Tokens", testTokens},
		{"TokensConcurrentTake", testTokensConcurrentTake},
		{"OutboxEnqueue", testOutboxEnqueue},
		{"OutboxClaim", testOutboxClaim},
		{"OutboxConcurrentClaims", testOutboxConcurrentClaims},
		{"OutboxMark", testOutboxMark},
		{"OutboxListPages", testOutboxListPages},
		{"OutboxList", testOutboxList},
		{"Leases", testLeases},
		{"LeasesConcurrent", testLeasesConcurrent},
		{"Ledger", testLedger},
		{"NoticesAdd", testNoticesAdd},
		{"NoticesList", testNoticesList},
		{"NoticesUnread", testNoticesUnread},
		{"NoticesMarkRead", testNoticesMarkRead},
		{"NoticesMarkTaskRead", testNoticesMarkTaskRead},
		{"NoticesMailDue", testNoticesMailDue},
		{"NoticesUnmailed", testNoticesUnmailed},
		{"NoticesMarkMailed", testNoticesMarkMailed},
		{"NoticesDeleteBefore", testNoticesDeleteBefore},
		{"NoticesPurge", testNoticesPurge},
		{"AttachmentRoundTrip", testAttachmentRoundTrip},
		{"AttachmentLarge", testAttachmentLarge},
		{"AttachmentMismatch", testAttachmentMismatch},
		{"AttachmentSharedBytes", testAttachmentSharedBytes},
		{"AttachmentIsolation", testAttachmentIsolation},
		{"AttachmentRemove", testAttachmentRemove},
		{"AttachmentCreateRetry", testAttachmentCreateRetry},
		{"AttachmentPurge", testAttachmentPurge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			tc.fn(&env{t: t, ctx: t.Context(), s: s, clock: base})
		})
	}
}

// base is the suite's fixed "now"; its nanoseconds check that stores keep
// at least milliseconds.
var base = time.Date(2021, 9, 23, 1, 2, 3, 456789123, time.UTC)

// env carries what every behaviour needs and builds fixtures.
type env struct {
	t     *testing.T
	ctx   context.Context
	s     store.Store
	clock time.Time
}

// tick advances the fixture clock and returns it, so ids and times differ.
func (e *env) tick() time.Time {
	e.clock = e.clock.Add(1500 * time.Microsecond)
	return e.clock
}

func (e *env) id() models.ID { return models.NewID(e.tick()) }

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// wantErr fails unless err wraps want.
func (e *env) wantErr(what string, err, want error) {
	e.t.Helper()
	if !errors.Is(err, want) {
		e.t.Errorf("%s: got error %v, want %v", what, err, want)
	}
}

func (e *env) audit(committee models.ID, entity string, id models.ID, action string, before, after any) models.AuditEntry {
	return models.AuditEntry{
		ID:          e.id(),
		CommitteeID: committee,
		ActorID:     "actor0000000000000a",
		At:          e.tick(),
		Entity:      entity,
		EntityID:    id,
		Action:      action,
		Before:      jsonOf(before),
		After:       jsonOf(after),
	}
}

func jsonOf(v any) []byte {
	if v == nil {
		return nil
	}
	b, _ := json.Marshal(v)
	return b
}

func (e *env) committee(name string) models.Committee {
	e.t.Helper()
	now := e.tick()
	c := models.Committee{
		ID: e.id(), Name: name, SuperiorBody: "Đảng bộ thị xã Hương Trà", IssuerCode: "ĐU",
		PlaceName: "Hương Xuân", TimeZone: models.DefaultTimeZone, Version: 1, CreatedAt: now, UpdatedAt: now,
		Documents: models.DocumentSettings{
			ResolutionSigner:     models.Signer{Titles: []string{"T/M ĐẢNG ỦY", "BÍ THƯ"}, Name: "Lê Văn Bình"},
			ResolutionRecipients: []string{"Ban Thường vụ Thị ủy (b/c)", "Các chi bộ trực thuộc"},
			ReportSigner:         models.Signer{Titles: []string{"T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"}},
			ReportRecipients:     []string{},
		},
	}
	e.must(e.s.Committees().Create(e.ctx, c, e.audit(c.ID, models.EntityCommittee, c.ID, "create", nil, c)))
	return c
}

func (e *env) unit(committee models.ID, kind models.UnitKind, name string) models.Unit {
	e.t.Helper()
	now := e.tick()
	u := models.Unit{
		ID: e.id(), CommitteeID: committee, Kind: kind, Name: name,
		Aliases: []string{}, Emails: []string{}, Active: true, Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	e.must(e.s.Units().Create(e.ctx, u, e.audit(committee, models.EntityUnit, u.ID, "create", nil, u)))
	return u
}

func (e *env) area(committee models.ID, name string, position int) models.Area {
	e.t.Helper()
	now := e.tick()
	a := models.Area{ID: e.id(), CommitteeID: committee, Name: name, Position: position, Version: 1, CreatedAt: now, UpdatedAt: now}
	e.must(e.s.Areas().Create(e.ctx, a, e.audit(committee, models.EntityArea, a.ID, "create", nil, a)))
	return a
}

func (e *env) user(committee models.ID, email string) models.User {
	e.t.Helper()
	now := e.tick()
	u := models.User{
		ID: e.id(), CommitteeID: committee, Name: "Nguyễn Văn A", Email: email, Role: models.RoleLeader,
		Language: "vi", PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA", Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	e.must(e.s.Users().Create(e.ctx, u, e.audit(committee, models.EntityUser, u.ID, "create", nil, u)))
	return u
}

// fixture is a committee with three units and two areas, ready for tasks.
type fixture struct {
	C     models.Committee
	Units []models.Unit
	Areas []models.Area
}

func (e *env) fixture(name string) fixture {
	e.t.Helper()
	c := e.committee(name)
	return fixture{
		C: c,
		Units: []models.Unit{
			e.unit(c.ID, models.UnitGovernment, "UBND phường"),
			e.unit(c.ID, models.UnitMassOrg, "Hội LHPN phường"),
			e.unit(c.ID, models.UnitPartyBody, "Văn phòng Đảng ủy"),
		},
		Areas: []models.Area{
			e.area(c.ID, "Về kinh tế", 1),
			e.area(c.ID, "Về văn hóa xã hội", 2),
		},
	}
}

// newTask builds (does not save) a task of the fixture in its first area,
// led by its first unit; mods adjust it before the derived fields are set.
func (e *env) newTask(f fixture, mods ...func(*models.Task)) models.Task {
	now := e.tick()
	t := models.Task{
		ID: e.id(), CommitteeID: f.C.ID, Period: "2021-09", AreaID: f.Areas[0].ID,
		Text: "Tập trung chỉ đạo thu ngân sách", LeadUnitID: f.Units[0].ID,
		Deadline: "2021-09-30", State: models.StateNotStarted,
		Version: 1, CreatedBy: "creator000000000000a", CreatedAt: now, UpdatedBy: "creator000000000000a", UpdatedAt: now,
	}
	for _, m := range mods {
		m(&t)
	}
	pos := 0
	for _, a := range f.Areas {
		if a.ID == t.AreaID {
			pos = a.Position
		}
	}
	t.Derive(f.C.Location(), pos)
	return t
}

// task builds and saves a task.
func (e *env) task(f fixture, mods ...func(*models.Task)) models.Task {
	e.t.Helper()
	t := e.newTask(f, mods...)
	e.must(e.s.Tasks().Create(e.ctx, t, e.audit(f.C.ID, models.EntityTask, t.ID, "create", nil, t)))
	return t
}

// wantAudit checks the audit trail of one record, newest first, by action.
func (e *env) wantAudit(committee models.ID, entity string, id models.ID, want ...models.AuditEntry) {
	e.t.Helper()
	got, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: committee, Entity: entity, EntityID: id})
	if err != nil {
		e.t.Fatalf("audit of %s %s: %v", entity, id, err)
	}
	if len(got) != len(want) {
		e.t.Fatalf("audit of %s %s: got %d entries %v, want %d", entity, id, len(got), auditActions(got), len(want))
	}
	for i := range want {
		e.checkUTC("audit.At", got[i].At)
		same(e.t, "audit entry "+want[i].Action, normAudit(got[i]), normAudit(want[i]))
	}
}

func auditActions(es []models.AuditEntry) []string {
	var s []string
	for _, a := range es {
		s = append(s, a.Action)
	}
	return s
}

// same fails the test unless got and want are deeply equal.
func same[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}

// checkUTC fails when a stored time comes back in another location.
func (e *env) checkUTC(what string, ts time.Time) {
	e.t.Helper()
	if ts.Location() != time.UTC {
		e.t.Errorf("%s = %v: not in UTC", what, ts)
	}
}

// ms is how precisely stores must keep times.
func ms(t time.Time) time.Time { return t.Truncate(time.Millisecond).UTC() }

func msPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := ms(*t)
	return &v
}

func normCommittee(c models.Committee) models.Committee {
	c.CreatedAt, c.UpdatedAt = ms(c.CreatedAt), ms(c.UpdatedAt)
	return c
}

func normUnit(u models.Unit) models.Unit {
	u.CreatedAt, u.UpdatedAt = ms(u.CreatedAt), ms(u.UpdatedAt)
	return u
}

func normUser(u models.User) models.User {
	u.CreatedAt, u.UpdatedAt = ms(u.CreatedAt), ms(u.UpdatedAt)
	return u
}

func normSession(s models.Session) models.Session {
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = ms(s.CreatedAt), ms(s.LastSeenAt), ms(s.ExpiresAt)
	return s
}

func normArea(a models.Area) models.Area {
	a.CreatedAt, a.UpdatedAt = ms(a.CreatedAt), ms(a.UpdatedAt)
	return a
}

func normPeriod(p models.Period) models.Period {
	p.CreatedAt, p.UpdatedAt = ms(p.CreatedAt), ms(p.UpdatedAt)
	return p
}

func normTask(t models.Task) models.Task {
	t.CreatedAt, t.UpdatedAt, t.AcceptedAt = ms(t.CreatedAt), ms(t.UpdatedAt), msPtr(t.AcceptedAt)
	return t
}

func normProgress(p models.Progress) models.Progress {
	p.At = ms(p.At)
	return p
}

// normAudit also treats empty and nil Before/After alike.
func normAudit(a models.AuditEntry) models.AuditEntry {
	a.At = ms(a.At)
	if len(a.Before) == 0 {
		a.Before = nil
	}
	if len(a.After) == 0 {
		a.After = nil
	}
	return a
}

func ids[T any](xs []T, id func(T) models.ID) []models.ID {
	out := make([]models.ID, 0, len(xs))
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func taskIDs(ts []models.Task) []models.ID {
	return ids(ts, func(t models.Task) models.ID { return t.ID })
}
