package storetest

import (
	"slices"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

func testCommittees(e *env) {
	repo := e.s.Committees()
	c1 := e.committee("Đảng ủy phường Hương Xuân")
	c2 := e.committee("Đảng ủy phường Hương Văn")

	got, err := repo.Get(e.ctx, c1.ID)
	e.must(err)
	e.checkUTC("committee.CreatedAt", got.CreatedAt)
	same(e.t, "Get", normCommittee(got), normCommittee(c1))

	_, err = repo.Get(e.ctx, e.id())
	e.wantErr("Get unknown", err, models.ErrNotFound)

	all, err := repo.List(e.ctx)
	e.must(err)
	listed := ids(all, func(c models.Committee) models.ID { return c.ID })
	slices.Sort(listed)
	want := []models.ID{c1.ID, c2.ID}
	slices.Sort(want)
	same(e.t, "List ids", listed, want)

	upd := c1
	upd.Name, upd.PlaceName, upd.Version, upd.UpdatedAt = "Đảng ủy phường Hương Xuân (mới)", "Hương Xuân mới", 2, e.tick()
	updAudit := e.audit(c1.ID, models.EntityCommittee, c1.ID, "update", c1, upd)
	e.must(repo.Update(e.ctx, upd, 1, updAudit))
	got, err = repo.Get(e.ctx, c1.ID)
	e.must(err)
	same(e.t, "Get after Update", normCommittee(got), normCommittee(upd))

	stale := upd
	stale.Name, stale.Version = "stale", 2
	e.wantErr("Update stale", repo.Update(e.ctx, stale, 1, e.audit(c1.ID, models.EntityCommittee, c1.ID, "update", nil, nil)), models.ErrConflict)
	got, err = repo.Get(e.ctx, c1.ID)
	e.must(err)
	same(e.t, "Get after stale Update", normCommittee(got), normCommittee(upd))

	ghost := upd
	ghost.ID = e.id()
	e.wantErr("Update unknown", repo.Update(e.ctx, ghost, 1, e.audit(ghost.ID, models.EntityCommittee, ghost.ID, "update", nil, nil)), models.ErrNotFound)

	trail, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: c1.ID, Entity: models.EntityCommittee, EntityID: c1.ID})
	e.must(err)
	same(e.t, "committee audit actions", auditActions(trail), []string{"update", "create"})
	if len(trail) == 2 {
		same(e.t, "update audit entry", normAudit(trail[0]), normAudit(updAudit))
	}
}

// testCommitteePurge: Purge removes one committee with everything that
// belongs to it, leaves the other committee whole, and can run again.
func testCommitteePurge(e *env) {
	keep, gone := e.fixture("Đảng ủy phường Giữ Lại"), e.fixture("Đảng ủy phường Bỏ Đi")
	setup := gone.C
	setup.Incomplete, setup.Version, setup.UpdatedAt = true, 2, e.tick()
	e.must(e.s.Committees().Update(e.ctx, setup, 1, e.audit(gone.C.ID, models.EntityCommittee, gone.C.ID, "update", nil, nil)))
	got, err := e.s.Committees().Get(e.ctx, gone.C.ID)
	e.must(err)
	if !got.Incomplete {
		e.t.Errorf("Incomplete not kept")
	}
	fill := func(f fixture, email string) (models.User, models.Task) {
		u := e.user(f.C.ID, email)
		mc := u
		mc.MustChangePassword, mc.Version, mc.UpdatedAt = true, 2, e.tick()
		e.must(e.s.Users().Update(e.ctx, mc, 1, e.audit(f.C.ID, models.EntityUser, u.ID, "update", nil, nil)))
		now := e.tick()
		e.must(e.s.Sessions().Create(e.ctx, models.Session{TokenHash: "s-" + email, UserID: u.ID, CommitteeID: f.C.ID,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}))
		e.must(e.s.Tokens().Create(e.ctx, models.OneTimeToken{Hash: "t-" + email, Purpose: models.TokenInvitation,
			CommitteeID: f.C.ID, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}))
		_, err := e.s.Outbox().Enqueue(e.ctx, models.Message{ID: e.id(), CommitteeID: f.C.ID, Key: "invite:" + email,
			To: []string{email}, Subject: "Mời", Text: "x", CreatedAt: now})
		e.must(err)
		e.must(e.s.Periods().Create(e.ctx, models.Period{ID: e.id(), CommitteeID: f.C.ID, Month: "2021-09", Status: models.PeriodOpen,
			Version: 1, CreatedAt: now, UpdatedAt: now}, e.audit(f.C.ID, models.EntityPeriod, "", "create", nil, nil)))
		t := e.task(f)
		return u, t
	}
	keptUser, keptTask := fill(keep, "giu@example.vn")
	goneUser, goneTask := fill(gone, "bo@example.vn")
	gotUser, err := e.s.Users().Get(e.ctx, keep.C.ID, keptUser.ID)
	e.must(err)
	if !gotUser.MustChangePassword {
		e.t.Errorf("MustChangePassword not kept")
	}

	e.must(e.s.Committees().Purge(e.ctx, gone.C.ID))
	e.must(e.s.Committees().Purge(e.ctx, gone.C.ID)) // again: nothing left, no error

	_, err = e.s.Committees().Get(e.ctx, gone.C.ID)
	e.wantErr("purged committee", err, models.ErrNotFound)
	_, err = e.s.Users().GetByEmail(e.ctx, goneUser.Email)
	e.wantErr("purged user by e-mail", err, models.ErrNotFound)
	_, err = e.s.Sessions().Get(e.ctx, "s-bo@example.vn")
	e.wantErr("purged session", err, models.ErrNotFound)
	_, err = e.s.Tokens().Take(e.ctx, "t-bo@example.vn", models.TokenInvitation, base)
	e.wantErr("purged token", err, models.ErrNotFound)
	_, err = e.s.Tasks().Get(e.ctx, gone.C.ID, goneTask.ID)
	e.wantErr("purged task", err, models.ErrNotFound)
	for what, n := range map[string]func() (int, error){
		"units":  func() (int, error) { l, err := e.s.Units().List(e.ctx, gone.C.ID); return len(l), err },
		"areas":  func() (int, error) { l, err := e.s.Areas().List(e.ctx, gone.C.ID); return len(l), err },
		"users":  func() (int, error) { l, err := e.s.Users().List(e.ctx, gone.C.ID); return len(l), err },
		"months": func() (int, error) { l, err := e.s.Periods().List(e.ctx, gone.C.ID); return len(l), err },
		"outbox": func() (int, error) {
			l, err := e.s.Outbox().List(e.ctx, store.MessageFilter{Committee: gone.C.ID})
			return len(l), err
		},
		"audit": func() (int, error) {
			l, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: gone.C.ID})
			return len(l), err
		},
		"tasks": func() (int, error) {
			_, n, err := e.s.Tasks().List(e.ctx, store.TaskFilter{Committee: gone.C.ID})
			return n, err
		},
	} {
		got, err := n()
		e.must(err)
		if got != 0 {
			e.t.Errorf("purged committee still has %d %s", got, what)
		}
	}

	// The other committee is whole, and the purged one's address is free.
	_, err = e.s.Committees().Get(e.ctx, keep.C.ID)
	e.must(err)
	_, err = e.s.Users().GetByEmail(e.ctx, keptUser.Email)
	e.must(err)
	_, err = e.s.Sessions().Get(e.ctx, "s-giu@example.vn")
	e.must(err)
	_, err = e.s.Tasks().Get(e.ctx, keep.C.ID, keptTask.ID)
	e.must(err)
	if l, err := e.s.Units().List(e.ctx, keep.C.ID); err != nil || len(l) != 3 {
		e.t.Errorf("kept committee's units: %d, %v", len(l), err)
	}
	if l, err := e.s.Outbox().List(e.ctx, store.MessageFilter{Committee: keep.C.ID}); err != nil || len(l) != 1 {
		e.t.Errorf("kept committee's outbox: %d, %v", len(l), err)
	}
	e.user(keep.C.ID, "bo@example.vn")
}

func testUnits(e *env) {
	repo := e.s.Units()
	c := e.committee("C")
	// Created out of order; listed by kind (models.UnitKinds order), then name.
	school := e.unit(c.ID, models.UnitSchool, "Trường Tiểu học")
	cell2 := e.unit(c.ID, models.UnitPartyCell, "Chi bộ TDP 2")
	gov := e.unit(c.ID, models.UnitGovernment, "UBND phường")
	cell1 := e.unit(c.ID, models.UnitPartyCell, "Chi bộ TDP 1")
	other := e.unit(c.ID, models.UnitOther, "Hợp tác xã")
	body := e.unit(c.ID, models.UnitPartyBody, "Văn phòng Đảng ủy")
	mass := e.unit(c.ID, models.UnitMassOrg, "Hội Nông dân")

	list, err := repo.List(e.ctx, c.ID)
	e.must(err)
	same(e.t, "List order", ids(list, func(u models.Unit) models.ID { return u.ID }),
		[]models.ID{body.ID, cell1.ID, cell2.ID, gov.ID, mass.ID, school.ID, other.ID})

	// Slices: nil is stored as empty, values round-trip in order.
	now := e.tick()
	withNil := models.Unit{ID: e.id(), CommitteeID: c.ID, Kind: models.UnitMassOrg, Name: "Đoàn TN", Version: 1, CreatedAt: now, UpdatedAt: now}
	e.must(repo.Create(e.ctx, withNil, e.audit(c.ID, models.EntityUnit, withNil.ID, "create", nil, withNil)))
	got, err := repo.Get(e.ctx, c.ID, withNil.ID)
	e.must(err)
	if got.Aliases == nil || got.Emails == nil || len(got.Aliases)+len(got.Emails) != 0 {
		e.t.Errorf("nil slices: got Aliases %#v Emails %#v, want empty non-nil", got.Aliases, got.Emails)
	}
	if got.Active {
		e.t.Errorf("Active: got true, want false")
	}
	e.checkUTC("unit.CreatedAt", got.CreatedAt)

	upd := gov
	upd.Name, upd.Aliases, upd.Emails, upd.Active, upd.Version, upd.UpdatedAt =
		"UBND phường Hương Xuân", []string{"UBND", "Ủy ban, nhân dân"}, []string{"ubnd@example.vn", "vp@example.vn"}, false, 2, e.tick()
	updAudit := e.audit(c.ID, models.EntityUnit, gov.ID, "update", gov, upd)
	e.must(repo.Update(e.ctx, upd, 1, updAudit))
	got, err = repo.Get(e.ctx, c.ID, gov.ID)
	e.must(err)
	same(e.t, "Get after Update", normUnit(got), normUnit(upd))

	stale := upd
	stale.Name, stale.Version = "stale", 2
	e.wantErr("Update stale", repo.Update(e.ctx, stale, 1, e.audit(c.ID, models.EntityUnit, gov.ID, "update", nil, nil)), models.ErrConflict)
	got, err = repo.Get(e.ctx, c.ID, gov.ID)
	e.must(err)
	same(e.t, "Get after stale Update", normUnit(got), normUnit(upd))

	ghost := upd
	ghost.ID = e.id()
	e.wantErr("Update unknown", repo.Update(e.ctx, ghost, 2, e.audit(c.ID, models.EntityUnit, ghost.ID, "update", nil, nil)), models.ErrNotFound)

	dup := cell1
	e.wantErr("Create same id twice", repo.Create(e.ctx, dup, e.audit(c.ID, models.EntityUnit, dup.ID, "create", nil, dup)), models.ErrDuplicate)

	trail, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: c.ID, Entity: models.EntityUnit, EntityID: gov.ID})
	e.must(err)
	same(e.t, "unit audit actions", auditActions(trail), []string{"update", "create"})
	if len(trail) == 2 {
		same(e.t, "update audit entry", normAudit(trail[0]), normAudit(updAudit))
		same(e.t, "create audit entity", trail[1].EntityID, gov.ID)
	}
}

func testUnitsIsolation(e *env) {
	repo := e.s.Units()
	c1, c2 := e.committee("C1"), e.committee("C2")
	u1 := e.unit(c1.ID, models.UnitGovernment, "UBND phường")
	u2 := e.unit(c2.ID, models.UnitGovernment, "UBND phường")

	_, err := repo.Get(e.ctx, c2.ID, u1.ID)
	e.wantErr("Get another committee's unit", err, models.ErrNotFound)
	_, err = repo.Get(e.ctx, c1.ID, e.id())
	e.wantErr("Get unknown unit", err, models.ErrNotFound)

	for _, tc := range []struct {
		c    models.ID
		want []models.ID
	}{{c1.ID, []models.ID{u1.ID}}, {c2.ID, []models.ID{u2.ID}}, {e.id(), []models.ID{}}} {
		list, err := repo.List(e.ctx, tc.c)
		e.must(err)
		same(e.t, "List of "+string(tc.c), ids(list, func(u models.Unit) models.ID { return u.ID }), tc.want)
	}

	// An update naming the other committee does not reach the unit.
	hijack := u1
	hijack.CommitteeID, hijack.Name, hijack.Version = c2.ID, "hijacked", 2
	e.wantErr("Update through another committee", repo.Update(e.ctx, hijack, 1, e.audit(c2.ID, models.EntityUnit, u1.ID, "update", nil, nil)), models.ErrNotFound)
	got, err := repo.Get(e.ctx, c1.ID, u1.ID)
	e.must(err)
	same(e.t, "unit after hijack attempt", normUnit(got), normUnit(u1))
}

func testUsers(e *env) {
	repo := e.s.Users()
	c1, c2 := e.committee("C1"), e.committee("C2")
	unit := e.unit(c1.ID, models.UnitGovernment, "UBND")
	a := e.user(c1.ID, "a@example.vn")
	now := e.tick()
	b := models.User{
		ID: e.id(), CommitteeID: c1.ID, Name: "Trần Thị B", Email: "b@example.vn", Role: models.RoleUnit,
		UnitID: unit.ID, Language: "en", Disabled: true, PasswordHash: "", Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	e.must(repo.Create(e.ctx, b, e.audit(c1.ID, models.EntityUser, b.ID, "create", nil, b)))
	other := e.user(c2.ID, "other@example.vn")

	got, err := repo.Get(e.ctx, c1.ID, a.ID)
	e.must(err)
	e.checkUTC("user.CreatedAt", got.CreatedAt)
	same(e.t, "Get a", normUser(got), normUser(a))
	got, err = repo.Get(e.ctx, c1.ID, b.ID)
	e.must(err)
	same(e.t, "Get b", normUser(got), normUser(b))

	// E-mail is unique across committees.
	now = e.tick()
	dup := models.User{ID: e.id(), CommitteeID: c2.ID, Name: "X", Email: "a@example.vn", Role: models.RoleViewer, Language: "vi", Version: 1, CreatedAt: now, UpdatedAt: now}
	e.wantErr("Create duplicate email in another committee", repo.Create(e.ctx, dup, e.audit(c2.ID, models.EntityUser, dup.ID, "create", nil, dup)), models.ErrDuplicate)
	_, err = repo.GetByEmail(e.ctx, "a@example.vn")
	e.must(err)
	_, err = repo.Get(e.ctx, c2.ID, dup.ID)
	e.wantErr("Get refused duplicate", err, models.ErrNotFound)

	got, err = repo.GetByEmail(e.ctx, "other@example.vn")
	e.must(err)
	same(e.t, "GetByEmail", normUser(got), normUser(other))
	_, err = repo.GetByEmail(e.ctx, "nobody@example.vn")
	e.wantErr("GetByEmail unknown", err, models.ErrNotFound)

	_, err = repo.Get(e.ctx, c2.ID, a.ID)
	e.wantErr("Get another committee's user", err, models.ErrNotFound)

	list, err := repo.List(e.ctx, c1.ID)
	e.must(err)
	listed := ids(list, func(u models.User) models.ID { return u.ID })
	slices.Sort(listed)
	want := []models.ID{a.ID, b.ID}
	slices.Sort(want)
	same(e.t, "List", listed, want)

	upd := a
	upd.Name, upd.PasswordHash, upd.Role, upd.Version, upd.UpdatedAt = "Nguyễn Văn Á", "$argon2id$new", models.RoleOffice, 2, e.tick()
	updAudit := e.audit(c1.ID, models.EntityUser, a.ID, "update", a, upd)
	e.must(repo.Update(e.ctx, upd, 1, updAudit))
	got, err = repo.Get(e.ctx, c1.ID, a.ID)
	e.must(err)
	same(e.t, "Get after Update", normUser(got), normUser(upd))

	stale := upd
	stale.Name, stale.Version = "stale", 2
	e.wantErr("Update stale", repo.Update(e.ctx, stale, 1, e.audit(c1.ID, models.EntityUser, a.ID, "update", nil, nil)), models.ErrConflict)

	taken := b
	taken.Email, taken.Version = "other@example.vn", 2
	e.wantErr("Update to a taken email", repo.Update(e.ctx, taken, 1, e.audit(c1.ID, models.EntityUser, b.ID, "update", nil, nil)), models.ErrDuplicate)
	got, err = repo.Get(e.ctx, c1.ID, b.ID)
	e.must(err)
	same(e.t, "user after refused update", normUser(got), normUser(b))

	ghost := upd
	ghost.ID = e.id()
	e.wantErr("Update unknown", repo.Update(e.ctx, ghost, 2, e.audit(c1.ID, models.EntityUser, ghost.ID, "update", nil, nil)), models.ErrNotFound)

	trail, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: c1.ID, Entity: models.EntityUser, EntityID: a.ID})
	e.must(err)
	same(e.t, "user audit actions", auditActions(trail), []string{"update", "create"})
	if len(trail) == 2 {
		same(e.t, "update audit entry", normAudit(trail[0]), normAudit(updAudit))
	}
}

func testAreas(e *env) {
	repo := e.s.Areas()
	c1, c2 := e.committee("C1"), e.committee("C2")
	third := e.area(c1.ID, "Công tác cải cách hành chính", 3)
	first := e.area(c1.ID, "Về kinh tế", 1)
	second := e.area(c1.ID, "Về văn hóa xã hội", 2)
	foreign := e.area(c2.ID, "Về kinh tế", 1)

	list, err := repo.List(e.ctx, c1.ID)
	e.must(err)
	same(e.t, "List by position", ids(list, func(a models.Area) models.ID { return a.ID }), []models.ID{first.ID, second.ID, third.ID})
	if len(list) == 3 {
		same(e.t, "listed area", normArea(list[0]), normArea(first))
	}

	got, err := repo.Get(e.ctx, c1.ID, second.ID)
	e.must(err)
	e.checkUTC("area.CreatedAt", got.CreatedAt)
	same(e.t, "Get", normArea(got), normArea(second))
	_, err = repo.Get(e.ctx, c1.ID, foreign.ID)
	e.wantErr("Get another committee's area", err, models.ErrNotFound)

	upd := third
	upd.Name, upd.Position, upd.Version, upd.UpdatedAt = "Cải cách hành chính", 0, 2, e.tick()
	updAudit := e.audit(c1.ID, models.EntityArea, third.ID, "update", third, upd)
	e.must(repo.Update(e.ctx, upd, 1, updAudit))
	list, err = repo.List(e.ctx, c1.ID)
	e.must(err)
	same(e.t, "List after moving", ids(list, func(a models.Area) models.ID { return a.ID }), []models.ID{third.ID, first.ID, second.ID})

	stale := upd
	stale.Version = 2
	e.wantErr("Update stale", repo.Update(e.ctx, stale, 1, e.audit(c1.ID, models.EntityArea, third.ID, "update", nil, nil)), models.ErrConflict)
	hijack := foreign
	hijack.CommitteeID, hijack.Version = c1.ID, 2
	e.wantErr("Update another committee's area", repo.Update(e.ctx, hijack, 1, e.audit(c1.ID, models.EntityArea, foreign.ID, "update", nil, nil)), models.ErrNotFound)

	trail, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: c1.ID, Entity: models.EntityArea, EntityID: third.ID})
	e.must(err)
	same(e.t, "area audit actions", auditActions(trail), []string{"update", "create"})
}

func testAreaPositionMovesTasks(e *env) {
	f := e.fixture("C")
	other := e.fixture("Other") // same layout, must not move
	a0, a1 := f.Areas[0], f.Areas[1]
	t0 := e.task(f, func(t *models.Task) { t.AreaID = a0.ID })
	t1 := e.task(f, func(t *models.Task) { t.AreaID = a1.ID })
	ot := e.task(other, func(t *models.Task) { t.AreaID = other.Areas[0].ID })

	list, _, err := e.s.Tasks().List(e.ctx, store.TaskFilter{Committee: f.C.ID})
	e.must(err)
	same(e.t, "order before", taskIDs(list), []models.ID{t0.ID, t1.ID})

	moved := a0
	moved.Position, moved.Version, moved.UpdatedAt = 5, 2, e.tick()
	e.must(e.s.Areas().Update(e.ctx, moved, 1, e.audit(f.C.ID, models.EntityArea, a0.ID, "update", a0, moved)))

	list, _, err = e.s.Tasks().List(e.ctx, store.TaskFilter{Committee: f.C.ID})
	e.must(err)
	same(e.t, "order after moving the first area last", taskIDs(list), []models.ID{t1.ID, t0.ID})
	got, err := e.s.Tasks().Get(e.ctx, f.C.ID, t0.ID)
	e.must(err)
	same(e.t, "AreaPosition of moved task", got.AreaPosition, 5)
	// Filtering by unit goes through the same sort key.
	list, _, err = e.s.Tasks().List(e.ctx, store.TaskFilter{Committee: f.C.ID, UnitID: f.Units[0].ID})
	e.must(err)
	same(e.t, "unit-filtered order after move", taskIDs(list), []models.ID{t1.ID, t0.ID})

	got, err = e.s.Tasks().Get(e.ctx, other.C.ID, ot.ID)
	e.must(err)
	same(e.t, "other committee's task keeps its position", got.AreaPosition, other.Areas[0].Position)
}

func testPeriods(e *env) {
	repo := e.s.Periods()
	c1, c2 := e.committee("C1"), e.committee("C2")
	mk := func(c models.ID, m models.Month) models.Period {
		now := e.tick()
		return models.Period{ID: e.id(), CommitteeID: c, Month: m, Status: models.PeriodOpen, Version: 1, CreatedAt: now, UpdatedAt: now}
	}
	sep := mk(c1.ID, "2021-09")
	sep.ResolutionNumber, sep.ResolutionDate = "31-NQ/ĐU", "2021-09-23"
	aug := mk(c1.ID, "2021-08")
	oct := mk(c1.ID, "2021-10")
	for _, p := range []models.Period{sep, aug, oct} {
		e.must(repo.Create(e.ctx, p, e.audit(c1.ID, models.EntityPeriod, p.ID, "create", nil, p)))
	}

	dup := mk(c1.ID, "2021-09")
	e.wantErr("Create same month twice", repo.Create(e.ctx, dup, e.audit(c1.ID, models.EntityPeriod, dup.ID, "create", nil, dup)), models.ErrDuplicate)
	elsewhere := mk(c2.ID, "2021-09")
	e.must(repo.Create(e.ctx, elsewhere, e.audit(c2.ID, models.EntityPeriod, elsewhere.ID, "create", nil, elsewhere)))

	got, err := repo.Get(e.ctx, c1.ID, "2021-09")
	e.must(err)
	e.checkUTC("period.CreatedAt", got.CreatedAt)
	same(e.t, "Get by month", normPeriod(got), normPeriod(sep))
	got, err = repo.Get(e.ctx, c2.ID, "2021-09")
	e.must(err)
	same(e.t, "Get same month in another committee", got.ID, elsewhere.ID)
	_, err = repo.Get(e.ctx, c2.ID, "2021-10")
	e.wantErr("Get month only another committee has", err, models.ErrNotFound)

	list, err := repo.List(e.ctx, c1.ID)
	e.must(err)
	same(e.t, "List newest first", ids(list, func(p models.Period) models.ID { return p.ID }), []models.ID{oct.ID, sep.ID, aug.ID})

	upd := sep
	upd.Status, upd.Version, upd.UpdatedAt = models.PeriodClosed, 2, e.tick()
	updAudit := e.audit(c1.ID, models.EntityPeriod, sep.ID, "update", sep, upd)
	e.must(repo.Update(e.ctx, upd, 1, updAudit))
	got, err = repo.Get(e.ctx, c1.ID, "2021-09")
	e.must(err)
	same(e.t, "Get after Update", normPeriod(got), normPeriod(upd))

	stale := upd
	stale.Status, stale.Version = models.PeriodOpen, 2
	e.wantErr("Update stale", repo.Update(e.ctx, stale, 1, e.audit(c1.ID, models.EntityPeriod, sep.ID, "update", nil, nil)), models.ErrConflict)
	ghost := upd
	ghost.ID, ghost.Month = e.id(), "2030-01"
	e.wantErr("Update unknown", repo.Update(e.ctx, ghost, 2, e.audit(c1.ID, models.EntityPeriod, ghost.ID, "update", nil, nil)), models.ErrNotFound)

	trail, err := e.s.Audit().List(e.ctx, store.AuditFilter{Committee: c1.ID, Entity: models.EntityPeriod, EntityID: sep.ID})
	e.must(err)
	same(e.t, "period audit actions", auditActions(trail), []string{"update", "create"})
	if len(trail) == 2 {
		same(e.t, "update audit entry", normAudit(trail[0]), normAudit(updAudit))
	}
}
