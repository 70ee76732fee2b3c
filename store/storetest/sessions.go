package storetest

import (
	"time"

	"github.com/theodoi/theodoi/models"
)

func (e *env) session(u models.User, token string, created, lastSeen, expires time.Time) models.Session {
	e.t.Helper()
	s := models.Session{TokenHash: token, UserID: u.ID, CommitteeID: u.CommitteeID, CreatedAt: created, LastSeenAt: lastSeen, ExpiresAt: expires}
	e.must(e.s.Sessions().Create(e.ctx, s))
	return s
}

func testSessions(e *env) {
	repo := e.s.Sessions()
	c := e.committee("C")
	alice, bob := e.user(c.ID, "alice@example.vn"), e.user(c.ID, "bob@example.vn")
	now := base
	a1 := e.session(alice, "hash-a1", now, now, now.Add(12*time.Hour))
	a2 := e.session(alice, "hash-a2", now, now, now.Add(12*time.Hour))
	b1 := e.session(bob, "hash-b1", now, now, now.Add(12*time.Hour))

	got, err := repo.Get(e.ctx, "hash-a1")
	e.must(err)
	e.checkUTC("session.ExpiresAt", got.ExpiresAt)
	same(e.t, "Get", normSession(got), normSession(a1))
	_, err = repo.Get(e.ctx, "hash-none")
	e.wantErr("Get unknown", err, models.ErrNotFound)
	e.wantErr("Create same token twice", repo.Create(e.ctx, a1), models.ErrDuplicate)

	seen := now.Add(17*time.Minute + 123*time.Millisecond)
	e.must(repo.Touch(e.ctx, "hash-a1", seen))
	got, err = repo.Get(e.ctx, "hash-a1")
	e.must(err)
	want := a1
	want.LastSeenAt = seen
	same(e.t, "Get after Touch", normSession(got), normSession(want))
	e.wantErr("Touch unknown", repo.Touch(e.ctx, "hash-none", seen), models.ErrNotFound)

	e.must(repo.Delete(e.ctx, "hash-a2"))
	_, err = repo.Get(e.ctx, a2.TokenHash)
	e.wantErr("Get deleted", err, models.ErrNotFound)
	if err := repo.Delete(e.ctx, "hash-none"); err != nil {
		e.t.Errorf("Delete unknown: %v, want nil", err)
	}

	e.must(repo.DeleteForUser(e.ctx, alice.ID))
	_, err = repo.Get(e.ctx, a1.TokenHash)
	e.wantErr("Get after DeleteForUser", err, models.ErrNotFound)
	got, err = repo.Get(e.ctx, b1.TokenHash)
	e.must(err)
	same(e.t, "another user's session survives", got.TokenHash, b1.TokenHash)
}

func testSessionsDeleteExpired(e *env) {
	repo := e.s.Sessions()
	c := e.committee("C")
	u := e.user(c.ID, "u@example.vn")
	now := base.Add(24 * time.Hour)
	idle := 2 * time.Hour
	created := now.Add(-10 * time.Hour)
	for _, tc := range []struct {
		token          string
		lastSeen, exp  time.Time
		shouldBeKilled bool
	}{
		{"fresh", now.Add(-time.Minute), now.Add(time.Hour), false},
		{"expired", now.Add(-time.Minute), now.Add(-time.Second), true},
		{"idle", now.Add(-idle - time.Minute), now.Add(time.Hour), true},
		{"almost-idle", now.Add(-idle + time.Minute), now.Add(time.Hour), false},
		{"both", now.Add(-5 * time.Hour), now.Add(-time.Hour), true},
	} {
		e.session(u, tc.token, created, tc.lastSeen, tc.exp)
		defer func() {
			_, err := repo.Get(e.ctx, tc.token)
			switch {
			case tc.shouldBeKilled && err == nil:
				e.t.Errorf("session %s survived DeleteExpired", tc.token)
			case !tc.shouldBeKilled && err != nil:
				e.t.Errorf("session %s: %v after DeleteExpired", tc.token, err)
			}
		}()
	}
	n, err := repo.DeleteExpired(e.ctx, now, idle)
	e.must(err)
	same(e.t, "DeleteExpired count", n, 3)
	n, err = repo.DeleteExpired(e.ctx, now, idle)
	e.must(err)
	same(e.t, "second DeleteExpired count", n, 0)
}
