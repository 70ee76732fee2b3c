package storetest

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
)

// notice builds (does not save) a notice of committee c for user (mailed
// to vp@example.vn) at at, truncated to milliseconds so that orders by
// time are the same in every store; mods adjust it.
func (e *env) notice(c, user models.ID, at time.Time, mods ...func(*models.Notice)) models.Notice {
	n := models.Notice{
		ID: e.id(), CommitteeID: c, Kind: models.NoticeAssigned, TaskID: "task00000000000000a1",
		TaskText: "Tập trung chỉ đạo thu ngân sách", Deadline: "2021-09-30", ActorID: "actor0000000000000a",
		At: ms(at), UserID: user, Address: "vp@example.vn", Lang: "vi",
	}
	for _, m := range mods {
		m(&n)
	}
	return n
}

func mailDue(t time.Time) func(*models.Notice) {
	return func(n *models.Notice) { n.MailDue = msPtr(&t) }
}

func mailedAt(t time.Time) func(*models.Notice) {
	return func(n *models.Notice) { n.MailedAt = msPtr(&t) }
}

func readAt(t time.Time) func(*models.Notice) {
	return func(n *models.Notice) { n.ReadAt = msPtr(&t) }
}

func toAddress(a string) func(*models.Notice) {
	return func(n *models.Notice) { n.Address = a }
}

func (e *env) addNotices(ns ...models.Notice) {
	e.t.Helper()
	e.must(e.s.Notices().Add(e.ctx, ns))
}

// wantNotices compares notices, in order, field by field.
func (e *env) wantNotices(what string, got []models.Notice, want ...models.Notice) {
	e.t.Helper()
	if len(got) != len(want) {
		e.t.Errorf("%s: got %d notices %v, want %d %v", what, len(got), noticeIDs(got), len(want), noticeIDs(want))
		return
	}
	for i := range want {
		e.checkUTC(what+": At", got[i].At)
		for _, p := range []*time.Time{got[i].MailDue, got[i].MailedAt, got[i].ReadAt} {
			if p != nil {
				e.checkUTC(what+": time", *p)
			}
		}
		same(e.t, what, normNotice(got[i]), normNotice(want[i]))
	}
}

func noticeIDs(ns []models.Notice) []models.ID {
	return ids(ns, func(n models.Notice) models.ID { return n.ID })
}

func normNotice(n models.Notice) models.Notice {
	n.At, n.MailDue, n.MailedAt, n.ReadAt = ms(n.At), msPtr(n.MailDue), msPtr(n.MailedAt), msPtr(n.ReadAt)
	return n
}

// newestFirst is a person's list order: At, then id, descending.
func newestFirst(ns ...models.Notice) []models.Notice {
	out := slices.Clone(ns)
	slices.SortFunc(out, func(a, b models.Notice) int { return cmp.Or(b.At.Compare(a.At), cmp.Compare(b.ID, a.ID)) })
	return out
}

// oldestFirst is the order of an address's mail: At, then id.
func oldestFirst(ns ...models.Notice) []models.Notice {
	out := slices.Clone(ns)
	slices.SortFunc(out, func(a, b models.Notice) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) })
	return out
}

// testNoticesAdd: Add is idempotent by id (a retried change brings its
// notices again, maybe built anew), takes many notices at once, and
// stores nothing of a call with an invalid notice.
func testNoticesAdd(e *env) {
	repo := e.s.Notices()
	c := e.committee("C")
	u, v, w := e.id(), e.id(), e.id()
	first := e.notice(c.ID, u, base, mailDue(base.Add(10*time.Minute)), func(n *models.Notice) {
		n.Kind, n.Note, n.MailNow = models.NoticeChase, "Đề nghị báo cáo trước ngày 25", true
	})
	e.addNotices(first)
	e.must(repo.Add(e.ctx, nil))

	retried := first
	retried.Kind, retried.TaskText, retried.Note, retried.MailDue, retried.MailNow = models.NoticeChanged, "Khác", "", nil, false
	second := e.notice(c.ID, u, base.Add(time.Minute))
	e.addNotices(retried, second)
	got, err := repo.List(e.ctx, c.ID, u, false, 0)
	e.must(err)
	e.wantNotices("List after a retried Add", got, second, first)

	// Many at once, one id twice among them, added by several replicas at once.
	many := make([]models.Notice, 150)
	for i := range many {
		many[i] = e.notice(c.ID, v, base.Add(time.Duration(i)*time.Second))
	}
	batch := append(slices.Clone(many), many[7])
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = repo.Add(e.ctx, batch) })
	}
	wg.Wait()
	for _, err := range errs {
		e.must(err)
	}
	got, err = repo.List(e.ctx, c.ID, v, false, 500)
	e.must(err)
	e.wantNotices("List after adding many", got, newestFirst(many...)...)

	for what, bad := range map[string]func(*models.Notice){
		"no id":        func(n *models.Notice) { n.ID = "" },
		"no committee": func(n *models.Notice) { n.CommitteeID = "" },
		"no time":      func(n *models.Notice) { n.At = time.Time{} },
	} {
		e.wantErr("Add with a notice with "+what, repo.Add(e.ctx, []models.Notice{e.notice(c.ID, w, base), e.notice(c.ID, w, base, bad)}), models.ErrInvalid)
	}
	got, err = repo.List(e.ctx, c.ID, w, false, 0)
	e.must(err)
	e.wantNotices("List after invalid Adds", got)
}

// testNoticesList: a person's notices of one committee, newest first,
// the unread ones only when asked, at most limit (50 by default).
func testNoticesList(e *env) {
	repo := e.s.Notices()
	c, d := e.committee("C"), e.committee("D")
	u, v, w := e.id(), e.id(), e.id()
	read := base.Add(time.Hour)
	n1 := e.notice(c.ID, u, base)
	n2 := e.notice(c.ID, u, base.Add(time.Minute), readAt(read))
	n3 := e.notice(c.ID, u, base.Add(2*time.Minute))
	n4 := e.notice(c.ID, u, base.Add(2*time.Minute)) // the same time as n3: by id
	n5 := e.notice(c.ID, u, base.Add(3*time.Minute), readAt(read), mailDue(base), mailedAt(base))
	otherPerson := e.notice(c.ID, v, base.Add(4*time.Minute))
	otherCommittee := e.notice(d.ID, u, base.Add(4*time.Minute)) // the same user id elsewhere
	mailbox := e.notice(c.ID, "", base.Add(4*time.Minute), toAddress("ubnd@example.vn"))
	e.addNotices(mailbox, otherCommittee, otherPerson, n5, n4, n3, n2, n1)

	all := newestFirst(n1, n2, n3, n4, n5)
	unread := newestFirst(n1, n3, n4)
	for _, tc := range []struct {
		what       string
		committee  models.ID
		user       models.ID
		unreadOnly bool
		limit      int
		want       []models.Notice
	}{
		{"all", c.ID, u, false, 0, all},
		{"unread", c.ID, u, true, 0, unread},
		{"limit 2", c.ID, u, false, 2, all[:2]},
		{"unread, limit 1", c.ID, u, true, 1, unread[:1]},
		{"another person", c.ID, v, false, 0, []models.Notice{otherPerson}},
		{"another committee", d.ID, u, false, 0, []models.Notice{otherCommittee}},
		{"no user (a unit's mailbox)", c.ID, "", false, 0, nil},
		{"unknown user", c.ID, e.id(), false, 0, nil},
	} {
		got, err := repo.List(e.ctx, tc.committee, tc.user, tc.unreadOnly, tc.limit)
		e.must(err)
		if got == nil {
			e.t.Errorf("List %s: nil, want an empty list", tc.what)
		}
		e.wantNotices("List "+tc.what, got, tc.want...)
	}

	var many []models.Notice
	for i := range 55 {
		many = append(many, e.notice(c.ID, w, base.Add(time.Duration(i)*time.Second)))
	}
	e.addNotices(many...)
	got, err := repo.List(e.ctx, c.ID, w, false, 0)
	e.must(err)
	e.wantNotices("List with no limit", got, newestFirst(many...)[:50]...)
}

// testNoticesUnread counts a person's unread notices in one committee.
func testNoticesUnread(e *env) {
	repo := e.s.Notices()
	c, d := e.committee("C"), e.committee("D")
	u, v := e.id(), e.id()
	e.addNotices(
		e.notice(c.ID, u, base), e.notice(c.ID, u, base.Add(time.Minute)), e.notice(c.ID, u, base, readAt(base)),
		e.notice(c.ID, v, base), e.notice(d.ID, u, base), e.notice(c.ID, "", base))
	for _, tc := range []struct {
		what            string
		committee, user models.ID
		want            int
	}{
		{"person", c.ID, u, 2},
		{"another person", c.ID, v, 1},
		{"another committee", d.ID, u, 1},
		{"no user", c.ID, "", 0},
		{"unknown user", c.ID, e.id(), 0},
	} {
		n, err := repo.Unread(e.ctx, tc.committee, tc.user)
		e.must(err)
		if n != tc.want {
			e.t.Errorf("Unread of %s: %d, want %d", tc.what, n, tc.want)
		}
	}
}

// testNoticesMarkRead: MarkRead marks a person's own notices, by id or
// all, keeps the time of those read already and counts what it changed.
func testNoticesMarkRead(e *env) {
	repo := e.s.Notices()
	c, d := e.committee("C"), e.committee("D")
	u, v := e.id(), e.id()
	a1, a2, a3 := e.notice(c.ID, u, base), e.notice(c.ID, u, base.Add(time.Minute)), e.notice(c.ID, u, base.Add(2*time.Minute))
	theirs, elsewhere := e.notice(c.ID, v, base), e.notice(d.ID, u, base)
	e.addNotices(a1, a2, a3, theirs, elsewhere)
	unread := func(committee, user models.ID, want int) {
		e.t.Helper()
		n, err := repo.Unread(e.ctx, committee, user)
		e.must(err)
		if n != want {
			e.t.Errorf("Unread of %s in %s: %d, want %d", user, committee, n, want)
		}
	}
	marked := func(what string, n int, err error, want int) {
		e.t.Helper()
		e.must(err)
		if n != want {
			e.t.Errorf("MarkRead %s: changed %d, want %d", what, n, want)
		}
	}

	at1, at2, at3 := ms(base.Add(time.Hour)), ms(base.Add(2*time.Hour)), ms(base.Add(3*time.Hour))
	n, err := repo.MarkRead(e.ctx, c.ID, u, []models.ID{a1.ID, theirs.ID, elsewhere.ID, e.id()}, false, at1)
	marked("by ids, with others' ids", n, err, 1)
	unread(c.ID, u, 2)
	unread(c.ID, v, 1)
	unread(d.ID, u, 1)

	n, err = repo.MarkRead(e.ctx, c.ID, u, []models.ID{a1.ID, a2.ID}, false, at2)
	marked("by ids, one read already", n, err, 1)
	n, err = repo.MarkRead(e.ctx, c.ID, u, nil, false, at2)
	marked("no ids", n, err, 0)
	a1.ReadAt, a2.ReadAt = &at1, &at2
	got, err := repo.List(e.ctx, c.ID, u, false, 0)
	e.must(err)
	e.wantNotices("List after MarkRead by ids", got, a3, a2, a1)

	n, err = repo.MarkRead(e.ctx, c.ID, u, nil, true, at3)
	marked("all", n, err, 1)
	n, err = repo.MarkRead(e.ctx, c.ID, u, nil, true, at3)
	marked("all again", n, err, 0)
	n, err = repo.MarkRead(e.ctx, c.ID, "", nil, true, at3)
	marked("all of no user", n, err, 0)
	a3.ReadAt = &at3
	got, err = repo.List(e.ctx, c.ID, u, false, 0)
	e.must(err)
	e.wantNotices("List after MarkRead all", got, a3, a2, a1)
	unread(c.ID, u, 0)
	unread(c.ID, v, 1)
	unread(d.ID, u, 1)
}

// testNoticesMailDue: across committees, the unmailed notices due at now,
// oldest MailDue first (then by id), at most limit.
func testNoticesMailDue(e *env) {
	repo := e.s.Notices()
	c, d := e.committee("C"), e.committee("D")
	u := e.id()
	now := ms(base.Add(time.Hour))
	earliest := e.notice(c.ID, u, base, mailDue(now.Add(-50*time.Minute)))
	elsewhere := e.notice(d.ID, u, base, mailDue(now.Add(-40*time.Minute)))
	tie1 := e.notice(c.ID, u, base, mailDue(now.Add(-30*time.Minute)), toAddress("ubnd@example.vn"))
	tie2 := e.notice(c.ID, u, base, mailDue(now.Add(-30*time.Minute)))
	atNow := e.notice(c.ID, u, base, mailDue(now))
	e.addNotices(atNow, tie2, tie1, elsewhere, earliest,
		e.notice(c.ID, u, base, mailDue(now.Add(time.Millisecond))), // not due yet
		e.notice(c.ID, u, base), // never mailed
		e.notice(c.ID, u, base, mailDue(now.Add(-55*time.Minute)), mailedAt(now)),   // mailed
		e.notice(d.ID, "", base, mailDue(now.Add(-55*time.Minute)), mailedAt(base))) // mailed
	ties := oldestFirst(tie1, tie2) // the same At and MailDue: by id
	due := []models.Notice{earliest, elsewhere, ties[0], ties[1], atNow}

	got, err := repo.MailDue(e.ctx, now, 10)
	e.must(err)
	e.wantNotices("MailDue", got, due...)
	got, err = repo.MailDue(e.ctx, now, 3)
	e.must(err)
	e.wantNotices("MailDue, limit 3", got, due[:3]...)
	got, err = repo.MailDue(e.ctx, now, 0)
	e.must(err)
	e.wantNotices("MailDue, no limit", got, due...)
	got, err = repo.MailDue(e.ctx, now.Add(-45*time.Minute), 10)
	e.must(err)
	e.wantNotices("MailDue earlier", got, earliest)
	got, err = repo.MailDue(e.ctx, base, 10)
	e.must(err)
	e.wantNotices("MailDue before any is due", got)
}

// testNoticesUnmailed: one address's notices in one committee that have
// a MailDue (due or not) and no MailedAt, oldest first, then by id.
func testNoticesUnmailed(e *env) {
	repo := e.s.Notices()
	c, d := e.committee("C"), e.committee("D")
	u, v := e.id(), e.id()
	due := base.Add(time.Hour)
	a1 := e.notice(c.ID, u, base.Add(2*time.Minute), mailDue(due))
	a2 := e.notice(c.ID, "", base, mailDue(due.Add(24*time.Hour))) // not due yet; a unit's mailbox
	a3 := e.notice(c.ID, v, base.Add(time.Minute), mailDue(due))
	a4 := e.notice(c.ID, u, base.Add(time.Minute), mailDue(due)) // the same At as a3: by id
	e.addNotices(a4, a3, a2, a1,
		e.notice(c.ID, u, base),                                          // never mailed
		e.notice(c.ID, u, base, mailDue(due), mailedAt(due)),             // mailed
		e.notice(c.ID, u, base, mailDue(due), toAddress("x@example.vn")), // another address
		e.notice(d.ID, u, base, mailDue(due)))                            // another committee

	got, err := repo.Unmailed(e.ctx, c.ID, "vp@example.vn")
	e.must(err)
	e.wantNotices("Unmailed", got, oldestFirst(a1, a2, a3, a4)...)
	got, err = repo.Unmailed(e.ctx, c.ID, "nobody@example.vn")
	e.must(err)
	e.wantNotices("Unmailed of an unknown address", got)
}

// testNoticesMarkMailed: MarkMailed takes the committee's notices out of
// the mail queue and keeps the time of those mailed already.
func testNoticesMarkMailed(e *env) {
	repo := e.s.Notices()
	c, d := e.committee("C"), e.committee("D")
	u := e.id()
	due := base.Add(time.Minute)
	n1 := e.notice(c.ID, u, base, mailDue(due))
	n2 := e.notice(c.ID, u, base.Add(time.Second), mailDue(due))
	n3 := e.notice(c.ID, u, base.Add(2*time.Second), mailDue(due.Add(time.Second)))
	elsewhere := e.notice(d.ID, u, base, mailDue(due))
	e.addNotices(n1, n2, n3, elsewhere)

	at1, at2 := ms(base.Add(time.Hour)), ms(base.Add(2*time.Hour))
	e.must(repo.MarkMailed(e.ctx, c.ID, []models.ID{n1.ID, n2.ID, elsewhere.ID, e.id()}, at1))
	e.must(repo.MarkMailed(e.ctx, c.ID, nil, at1))
	got, err := repo.Unmailed(e.ctx, c.ID, "vp@example.vn")
	e.must(err)
	e.wantNotices("Unmailed after MarkMailed", got, n3)
	got, err = repo.Unmailed(e.ctx, d.ID, "vp@example.vn")
	e.must(err)
	e.wantNotices("Unmailed of another committee", got, elsewhere)
	got, err = repo.MailDue(e.ctx, at2, 10)
	e.must(err)
	e.wantNotices("MailDue after MarkMailed", got, elsewhere, n3)

	e.must(repo.MarkMailed(e.ctx, c.ID, []models.ID{n1.ID, n3.ID}, at2))
	n1.MailedAt, n2.MailedAt, n3.MailedAt = &at1, &at1, &at2
	got, err = repo.List(e.ctx, c.ID, u, false, 0)
	e.must(err)
	e.wantNotices("List after MarkMailed", got, n3, n2, n1)
}

// testNoticesDeleteBefore removes, in every committee, the notices older
// than t; one at t stays.
func testNoticesDeleteBefore(e *env) {
	repo := e.s.Notices()
	c, d := e.committee("C"), e.committee("D")
	u := e.id()
	cut := base.Add(2 * time.Minute)
	atCut := e.notice(c.ID, u, cut)
	newer := e.notice(c.ID, u, cut.Add(time.Minute), mailDue(cut))
	e.addNotices(e.notice(c.ID, u, base, readAt(base)), e.notice(d.ID, u, base.Add(time.Minute), mailDue(base)), atCut, newer)

	n, err := repo.DeleteBefore(e.ctx, ms(cut))
	e.must(err)
	if n != 2 {
		e.t.Errorf("DeleteBefore removed %d, want 2", n)
	}
	got, err := repo.List(e.ctx, c.ID, u, false, 0)
	e.must(err)
	e.wantNotices("List after DeleteBefore", got, newer, atCut)
	got, err = repo.List(e.ctx, d.ID, u, false, 0)
	e.must(err)
	e.wantNotices("List of another committee after DeleteBefore", got)
	n, err = repo.DeleteBefore(e.ctx, ms(cut))
	e.must(err)
	if n != 0 {
		e.t.Errorf("DeleteBefore again removed %d, want 0", n)
	}
}

// testNoticesPurge: purging a committee removes its notices and only its.
func testNoticesPurge(e *env) {
	repo := e.s.Notices()
	keep, gone := e.committee("Giữ lại"), e.committee("Bỏ đi")
	u := e.id()
	kept := []models.Notice{e.notice(keep.ID, u, base.Add(time.Minute), mailDue(base)), e.notice(keep.ID, u, base)}
	e.addNotices(kept...)
	e.addNotices(e.notice(gone.ID, u, base, mailDue(base)), e.notice(gone.ID, "", base, mailDue(base)))

	e.must(e.s.Committees().Purge(e.ctx, gone.ID))
	got, err := repo.List(e.ctx, gone.ID, u, false, 0)
	e.must(err)
	e.wantNotices("List of a purged committee", got)
	n, err := repo.Unread(e.ctx, gone.ID, u)
	e.must(err)
	if n != 0 {
		e.t.Errorf("Unread of a purged committee: %d", n)
	}
	got, err = repo.Unmailed(e.ctx, gone.ID, "vp@example.vn")
	e.must(err)
	e.wantNotices("Unmailed of a purged committee", got)
	got, err = repo.MailDue(e.ctx, base.Add(time.Hour), 10)
	e.must(err)
	e.wantNotices("MailDue after a purge", got, kept[0])
	got, err = repo.List(e.ctx, keep.ID, u, false, 0)
	e.must(err)
	e.wantNotices("List of the committee kept", got, kept...)
}

// testNoticesMarkTaskRead: opening a task marks the person's unread
// notices of that task read, and nobody else's, nor other tasks'.
func testNoticesMarkTaskRead(e *env) {
	repo := e.s.Notices()
	c := e.committee("C")
	u, v := e.id(), e.id()
	other := func(n *models.Notice) { n.TaskID = "task00000000000000b2" }
	mine1, mine2 := e.notice(c.ID, u, base), e.notice(c.ID, u, base.Add(time.Minute))
	otherTask, theirs := e.notice(c.ID, u, base, other), e.notice(c.ID, v, base)
	e.addNotices(mine1, mine2, otherTask, theirs)
	at := ms(base.Add(time.Hour))
	n, err := repo.MarkTaskRead(e.ctx, c.ID, u, mine1.TaskID, at)
	e.must(err)
	if n != 2 {
		e.t.Errorf("MarkTaskRead changed %d, want 2", n)
	}
	n, err = repo.MarkTaskRead(e.ctx, c.ID, u, mine1.TaskID, at)
	e.must(err)
	if n != 0 {
		e.t.Errorf("MarkTaskRead again changed %d, want 0", n)
	}
	for user, want := range map[models.ID]int{u: 1, v: 1} {
		got, err := repo.Unread(e.ctx, c.ID, user)
		e.must(err)
		if got != want {
			e.t.Errorf("Unread of %s: %d, want %d", user, got, want)
		}
	}
	if n, err := repo.MarkTaskRead(e.ctx, c.ID, "", mine1.TaskID, at); err != nil || n != 0 {
		e.t.Errorf("MarkTaskRead of no user: %d %v", n, err)
	}
}
