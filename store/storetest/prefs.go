package storetest

import (
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
)

func testMailPrefs(e *env) {
	repo := e.s.MailPrefs()
	c, other := e.committee("C"), e.committee("D")
	p := models.MailPrefs{CommitteeID: c.ID, Address: "vp@example.vn", Digest: models.DigestWeekly, Reminders: true,
		Token: string(c.ID) + ".tok-1", Version: 1, UpdatedAt: base}
	got, err := repo.Ensure(e.ctx, p)
	e.must(err)
	e.checkUTC("prefs.UpdatedAt", got.UpdatedAt)
	same(e.t, "Ensure new", normPrefs(got), normPrefs(p))

	// A second Ensure keeps the first record and its token.
	again := p
	again.Token, again.Digest = string(c.ID)+".tok-2", models.DigestOff
	got, err = repo.Ensure(e.ctx, again)
	e.must(err)
	same(e.t, "Ensure existing", normPrefs(got), normPrefs(p))

	// The same address in another committee is another record.
	q := p
	q.CommitteeID, q.Token = other.ID, string(other.ID)+".tok-3"
	_, err = repo.Ensure(e.ctx, q)
	e.must(err)

	got, err = repo.GetByToken(e.ctx, p.Token)
	e.must(err)
	same(e.t, "GetByToken", normPrefs(got), normPrefs(p))
	for _, bad := range []string{"", "tok-1", string(c.ID) + ".tok-2", string(other.ID) + ".tok-1"} {
		_, err = repo.GetByToken(e.ctx, bad)
		e.wantErr("GetByToken "+bad, err, models.ErrNotFound)
	}
	_, err = repo.Get(e.ctx, c.ID, "nobody@example.vn")
	e.wantErr("Get unknown", err, models.ErrNotFound)

	upd := p
	upd.Digest, upd.Reminders, upd.Version, upd.UpdatedAt = models.DigestDaily, false, 2, base.Add(time.Hour)
	e.must(repo.Update(e.ctx, upd, 1))
	got, err = repo.Get(e.ctx, c.ID, p.Address)
	e.must(err)
	same(e.t, "Get after Update", normPrefs(got), normPrefs(upd))
	e.wantErr("stale Update", repo.Update(e.ctx, upd, 1), models.ErrConflict)
	missing := upd
	missing.Address = "nobody@example.vn"
	e.wantErr("Update unknown", repo.Update(e.ctx, missing, 1), models.ErrNotFound)
	got, err = repo.Get(e.ctx, other.ID, p.Address)
	e.must(err)
	same(e.t, "other committee untouched", normPrefs(got), normPrefs(q))
}

// testMailPrefsNotify: the choices per kind of follow-up event are kept
// by Ensure and Update and read back by Get and GetByToken; none read back
// as an empty map.
func testMailPrefsNotify(e *env) {
	repo := e.s.MailPrefs()
	c := e.committee("C")
	p := models.MailPrefs{CommitteeID: c.ID, Address: "vp@example.vn", Digest: models.DigestWeekly, Reminders: true,
		Notify: map[models.NoticeKind]models.NotifyMode{models.NoticeChase: models.NotifyOff, models.NoticeProgress: models.NotifyNow},
		Token:  string(c.ID) + ".tok-1", Version: 1, UpdatedAt: base}
	got, err := repo.Ensure(e.ctx, p)
	e.must(err)
	same(e.t, "Ensure", normPrefs(got), normPrefs(p))
	again := p
	again.Token, again.Notify = string(c.ID)+".tok-2", nil
	got, err = repo.Ensure(e.ctx, again)
	e.must(err)
	same(e.t, "Ensure existing", normPrefs(got), normPrefs(p))
	got, err = repo.Get(e.ctx, c.ID, p.Address)
	e.must(err)
	same(e.t, "Get", normPrefs(got), normPrefs(p))
	got, err = repo.GetByToken(e.ctx, p.Token)
	e.must(err)
	same(e.t, "GetByToken", normPrefs(got), normPrefs(p))

	none := models.MailPrefs{CommitteeID: c.ID, Address: "dv@example.vn", Digest: models.DigestDaily,
		Token: string(c.ID) + ".tok-3", Version: 1, UpdatedAt: base}
	got, err = repo.Ensure(e.ctx, none)
	e.must(err)
	wantEmpty := func(what string, p models.MailPrefs) {
		e.t.Helper()
		if p.Notify == nil || len(p.Notify) != 0 {
			e.t.Errorf("%s: Notify %#v, want an empty map", what, p.Notify)
		}
	}
	wantEmpty("Ensure without choices", got)
	got, err = repo.Get(e.ctx, c.ID, none.Address)
	e.must(err)
	wantEmpty("Get without choices", got)

	// Update replaces the choices; an empty map clears them.
	upd := p
	upd.Notify, upd.Version, upd.UpdatedAt = map[models.NoticeKind]models.NotifyMode{models.NoticeAssigned: models.NotifyDigest}, 2, base.Add(time.Hour)
	e.must(repo.Update(e.ctx, upd, 1))
	got, err = repo.Get(e.ctx, c.ID, p.Address)
	e.must(err)
	same(e.t, "Get after Update", normPrefs(got), normPrefs(upd))
	if got.NotifyMode(models.NoticeChase) != models.DefaultNotifyMode(models.NoticeChase) {
		e.t.Errorf("a choice dropped by Update still holds: %v", got.NotifyMode(models.NoticeChase))
	}
	upd.Notify, upd.Version = map[models.NoticeKind]models.NotifyMode{}, 3
	e.must(repo.Update(e.ctx, upd, 2))
	got, err = repo.GetByToken(e.ctx, p.Token)
	e.must(err)
	wantEmpty("GetByToken after clearing", got)
	got, err = repo.Get(e.ctx, c.ID, none.Address)
	e.must(err)
	wantEmpty("another address after Updates", got)
}

// testMailPrefsEnsureRace: replicas creating the same address's record at
// once all get the one stored record.
func testMailPrefsEnsureRace(e *env) {
	c := e.committee("C")
	const n = 6
	var wg sync.WaitGroup
	tokens := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			p := models.MailPrefs{CommitteeID: c.ID, Address: "vp@example.vn", Digest: models.DigestWeekly, Reminders: true,
				Token: string(c.ID) + ".race-" + string(rune('a'+i)), Version: 1, UpdatedAt: base}
			got, err := e.s.MailPrefs().Ensure(e.ctx, p)
			tokens[i], errs[i] = got.Token, err
		})
	}
	wg.Wait()
	for i := range n {
		e.must(errs[i])
		if tokens[i] != tokens[0] {
			e.t.Errorf("Ensure %d returned token %q, another returned %q", i, tokens[i], tokens[0])
		}
	}
}

func testTokens(e *env) {
	repo := e.s.Tokens()
	c := e.committee("C")
	alice, bob := e.user(c.ID, "alice@example.vn"), e.user(c.ID, "bob@example.vn")
	mk := func(hash string, u models.User, expires time.Time) models.OneTimeToken {
		t := models.OneTimeToken{Hash: hash, Purpose: models.TokenPasswordReset, CommitteeID: c.ID, UserID: u.ID, CreatedAt: base, ExpiresAt: expires}
		e.must(repo.Create(e.ctx, t))
		return t
	}
	a1 := mk("h-a1", alice, base.Add(time.Hour))
	mk("h-a2", alice, base.Add(time.Hour))
	mk("h-b1", bob, base.Add(time.Minute))
	e.wantErr("Create same hash", repo.Create(e.ctx, a1), models.ErrDuplicate)

	peek, err := repo.Get(e.ctx, "h-a1", models.TokenPasswordReset, base)
	e.must(err)
	same(e.t, "Get", normToken(peek), normToken(a1))
	_, err = repo.Get(e.ctx, "h-a1", "other-purpose", base)
	e.wantErr("Get with another purpose", err, models.ErrNotFound)
	_, err = repo.Get(e.ctx, "h-b1", models.TokenPasswordReset, base.Add(time.Minute))
	e.wantErr("Get at expiry", err, models.ErrNotFound)
	_, err = repo.Take(e.ctx, "h-a1", "other-purpose", base)
	e.wantErr("Take with another purpose", err, models.ErrNotFound)
	got, err := repo.Take(e.ctx, "h-a1", models.TokenPasswordReset, base)
	e.must(err)
	e.checkUTC("token.ExpiresAt", got.ExpiresAt)
	same(e.t, "Take", normToken(got), normToken(a1))
	_, err = repo.Take(e.ctx, "h-a1", models.TokenPasswordReset, base)
	e.wantErr("Take twice", err, models.ErrNotFound)
	_, err = repo.Get(e.ctx, "h-a1", models.TokenPasswordReset, base)
	e.wantErr("Get after Take", err, models.ErrNotFound)

	_, err = repo.Take(e.ctx, "h-b1", models.TokenPasswordReset, base.Add(time.Minute))
	e.wantErr("Take at expiry", err, models.ErrNotFound)

	e.must(repo.DeleteForUser(e.ctx, alice.ID, models.TokenPasswordReset))
	_, err = repo.Take(e.ctx, "h-a2", models.TokenPasswordReset, base)
	e.wantErr("Take after DeleteForUser", err, models.ErrNotFound)

	mk("h-b2", bob, base.Add(time.Hour))
	n, err := repo.DeleteExpired(e.ctx, base.Add(30*time.Minute))
	e.must(err)
	if n != 1 {
		e.t.Errorf("DeleteExpired removed %d, want 1 (h-b1)", n)
	}
	_, err = repo.Take(e.ctx, "h-b2", models.TokenPasswordReset, base)
	e.must(err)
}

// testTokensConcurrentTake: of several takers of one token exactly one
// gets it.
func testTokensConcurrentTake(e *env) {
	c := e.committee("C")
	u := e.user(c.ID, "alice@example.vn")
	e.must(e.s.Tokens().Create(e.ctx, models.OneTimeToken{Hash: "h", Purpose: models.TokenPasswordReset, CommitteeID: c.ID, UserID: u.ID, CreatedAt: base, ExpiresAt: base.Add(time.Hour)}))
	const n = 6
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for range n {
		wg.Go(func() {
			_, err := e.s.Tokens().Take(e.ctx, "h", models.TokenPasswordReset, base)
			if err == nil {
				mu.Lock()
				won++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if won != 1 {
		e.t.Errorf("%d takers got the token, want 1", won)
	}
}

// Times are compared to the millisecond, as the contract promises; no
// choices are an empty map (testMailPrefsNotify checks that they come
// back so).
func normPrefs(p models.MailPrefs) models.MailPrefs {
	p.UpdatedAt = p.UpdatedAt.Truncate(time.Millisecond)
	if p.Notify == nil {
		p.Notify = map[models.NoticeKind]models.NotifyMode{}
	}
	return p
}

func normToken(t models.OneTimeToken) models.OneTimeToken {
	t.CreatedAt, t.ExpiresAt = t.CreatedAt.Truncate(time.Millisecond), t.ExpiresAt.Truncate(time.Millisecond)
	return t
}
