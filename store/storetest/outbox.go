package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// message builds (does not queue) an e-mail of committee for nextAt.
func (e *env) message(committee models.ID, key string, nextAt time.Time) models.Message {
	return models.Message{
		ID: e.id(), CommitteeID: committee, Key: key,
		To:      []string{"vanphong@huongxuan.vn", "ubnd@huongxuan.vn"},
		Subject: "Nhắc việc tuần 41", Text: "Kính gửi…", HTML: "<p>Kính gửi…</p>",
		MessageID: "<" + key + "@theodoi>", Unsubscribe: "https://theodoi.example/unsubscribe?token=" + key,
		NextAt: nextAt, CreatedAt: e.tick(),
	}
}

func (e *env) enqueue(m models.Message) models.Message {
	e.t.Helper()
	queued, err := e.s.Outbox().Enqueue(e.ctx, m)
	e.must(err)
	if !queued {
		e.t.Fatalf("Enqueue %s: not queued", m.Key)
	}
	return m
}

// queued is m as Enqueue stores it.
func queued(m models.Message) models.Message {
	m.State, m.Attempts, m.Owner, m.LeaseUntil, m.LastError, m.SentAt = models.MessagePending, 0, "", nil, "", nil
	if m.NextAt.IsZero() {
		m.NextAt = m.CreatedAt
	}
	if m.To == nil {
		m.To = []string{}
	}
	return m
}

func normMessage(m models.Message) models.Message {
	m.NextAt, m.CreatedAt, m.LeaseUntil, m.SentAt = ms(m.NextAt), ms(m.CreatedAt), msPtr(m.LeaseUntil), msPtr(m.SentAt)
	return m
}

// getMessage reads a message back and checks its times are UTC.
func (e *env) getMessage(m models.Message) models.Message {
	e.t.Helper()
	got, err := e.s.Outbox().Get(e.ctx, m.CommitteeID, m.ID)
	e.must(err)
	e.checkUTC("message.NextAt", got.NextAt)
	e.checkUTC("message.CreatedAt", got.CreatedAt)
	for _, p := range []*time.Time{got.LeaseUntil, got.SentAt} {
		if p != nil {
			e.checkUTC("message time", *p)
		}
	}
	return got
}

func messageIDs(ms []models.Message) []models.ID {
	return ids(ms, func(m models.Message) models.ID { return m.ID })
}

func sortedIDs(ms []models.Message) []models.ID {
	out := messageIDs(ms)
	slices.Sort(out)
	return out
}

func testOutboxEnqueue(e *env) {
	repo := e.s.Outbox()
	c1, c2 := e.committee("C1"), e.committee("C2")
	const key = "digest:unit:U:2021-W41"
	m := e.enqueue(e.message(c1.ID, key, base))
	same(e.t, "Get", normMessage(e.getMessage(m)), normMessage(queued(m)))

	again := e.message(c1.ID, key, base.Add(time.Hour))
	ok, err := repo.Enqueue(e.ctx, again)
	e.must(err)
	same(e.t, "Enqueue of a queued key", ok, false)
	_, err = repo.Get(e.ctx, c1.ID, again.ID)
	e.wantErr("Get of the message not queued", err, models.ErrNotFound)
	ok, err = repo.Enqueue(e.ctx, m) // a retry of the first Enqueue
	e.must(err)
	same(e.t, "Enqueue of the same message again", ok, false)

	// Sent or failed, the key stays taken.
	claimed, err := repo.Claim(e.ctx, "dispatcher-a", base, time.Minute, 10)
	e.must(err)
	same(e.t, "claimed", messageIDs(claimed), []models.ID{m.ID})
	e.must(repo.MarkSent(e.ctx, m.ID, "dispatcher-a", base))
	ok, err = repo.Enqueue(e.ctx, e.message(c1.ID, key, base))
	e.must(err)
	same(e.t, "Enqueue of a sent key", ok, false)

	// The same key in another committee is another message.
	other := e.enqueue(e.message(c2.ID, key, base))
	same(e.t, "other committee's message", normMessage(e.getMessage(other)), normMessage(queued(other)))
	_, err = repo.Get(e.ctx, c2.ID, m.ID)
	e.wantErr("Get through another committee", err, models.ErrNotFound)

	// An id taken by another key is a duplicate, not "already queued".
	clash := e.message(c1.ID, "digest:unit:U:2021-W42", base)
	clash.ID = m.ID
	_, err = repo.Enqueue(e.ctx, clash)
	e.wantErr("Enqueue with a taken id", err, models.ErrDuplicate)

	// Whatever state the caller left, a message is queued pending, with
	// no attempts; no NextAt means at once (CreatedAt); no To is empty.
	loose := e.message(c1.ID, "welcome:user:1", time.Time{})
	loose.To, loose.State, loose.Attempts, loose.Owner = nil, models.MessageSent, 3, "someone"
	e.enqueue(loose)
	got := e.getMessage(loose)
	same(e.t, "a loosely built message as stored", normMessage(got), normMessage(queued(loose)))
	if got.To == nil {
		e.t.Error("nil To read back as nil, want empty")
	}
	claimed, err = repo.Claim(e.ctx, "dispatcher-a", loose.CreatedAt, time.Minute, 10)
	e.must(err)
	// other (C2, due at base) comes first.
	same(e.t, "claim of a message without NextAt at its creation", messageIDs(claimed), []models.ID{other.ID, loose.ID})

	noKey := e.message(c1.ID, "", base)
	_, err = repo.Enqueue(e.ctx, noKey)
	e.wantErr("Enqueue without a key", err, models.ErrInvalid)
}

func testOutboxClaim(e *env) {
	repo := e.s.Outbox()
	c1, c2 := e.committee("C1"), e.committee("C2")
	now := base.Add(time.Hour)
	late := e.enqueue(e.message(c2.ID, "late", now.Add(-time.Minute)))
	early := e.enqueue(e.message(c1.ID, "early", now.Add(-2*time.Minute)))
	onTime := e.enqueue(e.message(c1.ID, "on-time", now)) // due at now exactly
	future := e.enqueue(e.message(c1.ID, "future", now.Add(time.Millisecond)))

	// Limit takes the earliest; claims span committees.
	lease := 5 * time.Minute
	first, err := repo.Claim(e.ctx, "dispatcher-a", now, lease, 2)
	e.must(err)
	same(e.t, "first claim (limit 2, earliest first)", messageIDs(first), []models.ID{early.ID, late.ID})
	rest, err := repo.Claim(e.ctx, "dispatcher-a", now, lease, 10)
	e.must(err)
	same(e.t, "second claim", messageIDs(rest), []models.ID{onTime.ID})

	until := now.Add(lease)
	for _, m := range append(first, rest...) {
		want := queued(m)
		want.State, want.Owner, want.Attempts, want.LeaseUntil = models.MessageSending, "dispatcher-a", 1, &until
		orig := map[models.ID]models.Message{late.ID: late, early.ID: early, onTime.ID: onTime}[m.ID]
		want.NextAt, want.CreatedAt = orig.NextAt, orig.CreatedAt
		same(e.t, "claimed message "+m.Key, normMessage(m), normMessage(want))
		same(e.t, "stored after the claim "+m.Key, normMessage(e.getMessage(m)), normMessage(want))
	}

	// Nothing whose lease runs is taken, up to and including its end; only
	// the message that became due meanwhile.
	for _, step := range []struct {
		at   time.Time
		want []models.ID
	}{
		{now, []models.ID{}},
		{now.Add(time.Minute), []models.ID{future.ID}},
		{until.Add(-time.Millisecond), []models.ID{}},
		{until, []models.ID{}},
	} {
		got, err := repo.Claim(e.ctx, "dispatcher-b", step.at, lease, 10)
		e.must(err)
		same(e.t, fmt.Sprintf("claim at +%v while leases run", step.at.Sub(now)), messageIDs(got), step.want)
		if len(got) > 0 {
			e.must(repo.MarkSent(e.ctx, future.ID, "dispatcher-b", step.at))
		}
	}

	// After the lease, another owner takes them over.
	after := until.Add(time.Millisecond)
	got, err := repo.Claim(e.ctx, "dispatcher-b", after, lease, 10)
	e.must(err)
	same(e.t, "claim after the leases", messageIDs(got), []models.ID{early.ID, late.ID, onTime.ID})
	for _, m := range got {
		if m.Owner != "dispatcher-b" || m.Attempts != 2 || m.LeaseUntil == nil || !ms(*m.LeaseUntil).Equal(ms(after.Add(lease))) {
			e.t.Errorf("taken over %s: owner %q, attempts %d, lease until %v", m.Key, m.Owner, m.Attempts, m.LeaseUntil)
		}
	}
	e.wantErr("MarkSent by the owner who lost the lease", repo.MarkSent(e.ctx, early.ID, "dispatcher-a", after), models.ErrConflict)
	e.must(repo.MarkSent(e.ctx, early.ID, "dispatcher-b", after))

	for _, bad := range []struct {
		owner string
		lease time.Duration
		limit int
	}{{"", lease, 1}, {"x", 0, 1}, {"x", lease, 0}} {
		_, err := repo.Claim(e.ctx, bad.owner, after, bad.lease, bad.limit)
		e.wantErr(fmt.Sprintf("Claim(%q, lease %v, limit %d)", bad.owner, bad.lease, bad.limit), err, models.ErrInvalid)
	}
}

// testOutboxConcurrentClaims: 8 claimers take 100 due messages until none
// is left; each message goes to exactly one of them. A 101st message is
// not due and stays pending.
func testOutboxConcurrentClaims(e *env) {
	repo := e.s.Outbox()
	cs := []models.Committee{e.committee("C1"), e.committee("C2"), e.committee("C3")}
	now := base.Add(time.Hour)
	var all []models.ID
	for i := range 100 {
		m := e.enqueue(e.message(cs[i%len(cs)].ID, fmt.Sprintf("digest:%d", i), now.Add(-time.Duration(i%7)*time.Second)))
		all = append(all, m.ID)
	}
	notDue := e.enqueue(e.message(cs[0].ID, "tomorrow", now.Add(24*time.Hour)))

	const workers = 8
	var (
		mu     sync.Mutex
		taken  = map[models.ID]string{}
		errs   []error
		wg     sync.WaitGroup
		counts = make([]int, workers)
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprintf("dispatcher-%d", w)
			for {
				got, err := repo.Claim(e.ctx, owner, now, time.Hour, 3)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				}
				for _, m := range got {
					if prev, dup := taken[m.ID]; dup {
						errs = append(errs, fmt.Errorf("message %s claimed by %s and %s", m.ID, prev, owner))
					}
					taken[m.ID] = owner
					if m.Owner != owner || m.State != models.MessageSending || m.Attempts != 1 {
						errs = append(errs, fmt.Errorf("message %s as claimed by %s: owner %q, state %s, attempts %d",
							m.ID, owner, m.Owner, m.State, m.Attempts))
					}
				}
				counts[w] += len(got)
				mu.Unlock()
				if err != nil || len(got) == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		e.t.Error(err)
	}
	if len(taken) != len(all) {
		e.t.Errorf("claimed %d distinct messages, want %d (per claimer: %v)", len(taken), len(all), counts)
	}
	for _, id := range all {
		if _, ok := taken[id]; !ok {
			e.t.Errorf("message %s never claimed", id)
		}
	}
	// Stored as claimed: the owner each claimer was told.
	sending, err := repo.List(e.ctx, store.MessageFilter{State: models.MessageSending})
	e.must(err)
	same(e.t, "sending messages (List limit 0 = 100)", len(sending), 100)
	for _, m := range sending {
		if m.Owner != taken[m.ID] || m.Attempts != 1 {
			e.t.Errorf("message %s stored with owner %q, attempts %d; claimed by %q", m.ID, m.Owner, m.Attempts, taken[m.ID])
		}
	}
	pending, err := repo.List(e.ctx, store.MessageFilter{State: models.MessagePending})
	e.must(err)
	same(e.t, "pending after the claims", messageIDs(pending), []models.ID{notDue.ID})
	everything, err := repo.List(e.ctx, store.MessageFilter{})
	e.must(err)
	same(e.t, "List of 101 messages without a limit", len(everything), 100)
}

func testOutboxMark(e *env) {
	repo := e.s.Outbox()
	c, other := e.committee("C"), e.committee("Other")
	now := base.Add(time.Hour)
	m := e.enqueue(e.message(c.ID, "reminder:task:T", now))
	claim := func(owner string, at time.Time, want ...models.ID) {
		e.t.Helper()
		got, err := repo.Claim(e.ctx, owner, at, time.Minute, 10)
		e.must(err)
		same(e.t, fmt.Sprintf("claim by %s at %v", owner, at.Sub(now)), messageIDs(got), append([]models.ID{}, want...))
	}
	claim("a", now, m.ID)

	e.wantErr("MarkSent by another owner", repo.MarkSent(e.ctx, m.ID, "b", now), models.ErrConflict)
	e.wantErr("MarkRetry by another owner", repo.MarkRetry(e.ctx, m.ID, "b", now, "x", false), models.ErrConflict)
	e.wantErr("MarkSent of an unknown message", repo.MarkSent(e.ctx, e.id(), "a", now), models.ErrNotFound)
	e.wantErr("MarkRetry of an unknown message", repo.MarkRetry(e.ctx, e.id(), "a", now, "x", false), models.ErrNotFound)

	// A retry: pending again for later, nobody holds it.
	retryAt := now.Add(10 * time.Minute)
	e.must(repo.MarkRetry(e.ctx, m.ID, "a", retryAt, "421 4.7.0 try again later", false))
	got := e.getMessage(m)
	want := queued(m)
	want.Attempts, want.NextAt, want.LastError = 1, retryAt, "421 4.7.0 try again later"
	same(e.t, "after MarkRetry", normMessage(got), normMessage(want))
	e.wantErr("MarkSent after letting it go", repo.MarkSent(e.ctx, m.ID, "a", now), models.ErrConflict)
	claim("a", retryAt.Add(-time.Millisecond))
	claim("b", retryAt, m.ID)

	// The last attempt fails for good: failed, never claimed again.
	e.must(repo.MarkRetry(e.ctx, m.ID, "b", retryAt, "550 5.1.1 no such user", true))
	got = e.getMessage(m)
	want.State, want.Attempts, want.LastError = models.MessageFailed, 2, "550 5.1.1 no such user"
	same(e.t, "after MarkRetry(failed)", normMessage(got), normMessage(want))
	claim("a", now.Add(24*time.Hour))
	e.wantErr("MarkSent of a failed message", repo.MarkSent(e.ctx, m.ID, "b", now), models.ErrConflict)

	// An admin resends it: pending now, attempts start again.
	resendAt := now.Add(2 * time.Hour)
	e.wantErr("Resend through another committee", repo.Resend(e.ctx, other.ID, m.ID, resendAt), models.ErrNotFound)
	e.wantErr("Resend of an unknown message", repo.Resend(e.ctx, c.ID, e.id(), resendAt), models.ErrNotFound)
	e.must(repo.Resend(e.ctx, c.ID, m.ID, resendAt))
	got = e.getMessage(m)
	want.State, want.Attempts, want.NextAt = models.MessagePending, 0, resendAt
	same(e.t, "after Resend", normMessage(got), normMessage(want))
	e.wantErr("Resend of a pending message", repo.Resend(e.ctx, c.ID, m.ID, resendAt), models.ErrConflict)

	claim("c", resendAt, m.ID)
	sentAt := resendAt.Add(1234 * time.Millisecond)
	e.must(repo.MarkSent(e.ctx, m.ID, "c", sentAt))
	got = e.getMessage(m)
	want.State, want.Attempts, want.Owner, want.SentAt = models.MessageSent, 1, "c", &sentAt
	same(e.t, "after MarkSent", normMessage(got), normMessage(want))
	e.wantErr("MarkSent twice", repo.MarkSent(e.ctx, m.ID, "c", sentAt), models.ErrConflict)
	e.wantErr("Resend of a sent message", repo.Resend(e.ctx, c.ID, m.ID, resendAt), models.ErrConflict)
	claim("a", now.Add(48*time.Hour))
}

func testOutboxList(e *env) {
	repo := e.s.Outbox()
	c1, c2 := e.committee("C1"), e.committee("C2")
	now := base.Add(time.Hour)
	var c1Msgs []models.Message
	for i := range 4 {
		c1Msgs = append(c1Msgs, e.enqueue(e.message(c1.ID, fmt.Sprintf("k%d", i), now)))
	}
	c2Msg := e.enqueue(e.message(c2.ID, "k0", now))
	// c1Msgs[0] becomes sent, c1Msgs[1] failed, the rest stay pending.
	for _, m := range c1Msgs[:2] {
		got, err := repo.Claim(e.ctx, "a", now, time.Minute, 1)
		e.must(err)
		same(e.t, "claim", messageIDs(got), []models.ID{m.ID})
	}
	e.must(repo.MarkSent(e.ctx, c1Msgs[0].ID, "a", now))
	e.must(repo.MarkRetry(e.ctx, c1Msgs[1].ID, "a", now, "550", true))

	rev := func(ms ...models.Message) []models.ID {
		out := messageIDs(ms)
		slices.Reverse(out)
		return out
	}
	for _, tc := range []struct {
		name      string
		committee models.ID
		state     models.MessageState
		limit     int
		want      []models.ID
	}{
		{"committee, newest first", c1.ID, "", 0, rev(c1Msgs...)},
		{"committee, limit", c1.ID, "", 2, rev(c1Msgs[2:]...)},
		{"committee, pending", c1.ID, models.MessagePending, 0, rev(c1Msgs[2:]...)},
		{"committee, sent", c1.ID, models.MessageSent, -1, rev(c1Msgs[0])},
		{"committee, failed", c1.ID, models.MessageFailed, 0, rev(c1Msgs[1])},
		{"committee, sending", c1.ID, models.MessageSending, 0, []models.ID{}},
		{"other committee", c2.ID, "", 0, rev(c2Msg)},
		{"all committees", "", "", 0, rev(append(slices.Clone(c1Msgs), c2Msg)...)},
		{"all committees, pending, limit", "", models.MessagePending, 2, rev(c1Msgs[3], c2Msg)},
		{"unknown committee", e.id(), "", 0, []models.ID{}},
	} {
		got, err := repo.List(e.ctx, store.MessageFilter{Committee: tc.committee, State: tc.state, Limit: tc.limit})
		e.must(err)
		same(e.t, "List "+tc.name, messageIDs(got), tc.want)
		if tc.name == "committee, newest first" && len(got) == len(c1Msgs) {
			want := queued(c1Msgs[0])
			want.State, want.Attempts, want.Owner, want.SentAt = models.MessageSent, 1, "a", &now
			same(e.t, "listed message, with its body", normMessage(got[3]), normMessage(want))
		}
	}
}

// testOutboxListPages: a listing continued from its last message goes on
// with the next older ones, messages created at the same moment in id
// order, until none is left; the state filter holds on every page.
func testOutboxListPages(e *env) {
	repo := e.s.Outbox()
	c := e.committee("C1")
	t1 := e.tick()
	at := []time.Time{e.tick(), t1, t1, t1, e.tick()}
	var msgs []models.Message
	for i, t := range at {
		m := e.message(c.ID, fmt.Sprintf("p%d", i), t)
		m.CreatedAt = t
		msgs = append(msgs, e.enqueue(m))
	}
	_, err := repo.Claim(e.ctx, "a", at[4], time.Minute, 1) // one message is sending now
	e.must(err)
	newestFirst := slices.Clone(msgs)
	slices.SortFunc(newestFirst, func(a, b models.Message) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(string(b.ID), string(a.ID))
	})
	walk := func(state models.MessageState) []models.ID {
		var got []models.ID
		f := store.MessageFilter{Committee: c.ID, State: state, Limit: 2}
		for range len(msgs) + 1 {
			page, err := repo.List(e.ctx, f)
			e.must(err)
			if len(page) == 0 {
				return got
			}
			for _, m := range page {
				if state != "" && m.State != state {
					e.t.Errorf("List %s: message %s is %s", state, m.ID, m.State)
				}
			}
			got = append(got, messageIDs(page)...)
			f.Before = store.CursorOf(page[len(page)-1])
		}
		e.t.Errorf("List %q: pages never end", state)
		return got
	}
	same(e.t, "every page, newest first", walk(""), messageIDs(newestFirst))
	var pending []models.Message
	for _, m := range newestFirst {
		if got, err := repo.Get(e.ctx, c.ID, m.ID); err == nil && got.State == models.MessagePending {
			pending = append(pending, m)
		}
	}
	if len(pending) != len(msgs)-1 {
		e.t.Fatalf("%d of %d messages pending after one claim", len(pending), len(msgs))
	}
	same(e.t, "every page of pending", walk(models.MessagePending), messageIDs(pending))
}

func testLeases(e *env) {
	repo := e.s.Leases()
	const name = "digest"
	ttl := time.Minute
	acquire := func(owner string, at time.Time) (models.Lease, error) {
		return repo.Acquire(e.ctx, name, owner, at, ttl)
	}
	l, err := acquire("replica-a", base)
	e.must(err)
	e.checkUTC("lease.ExpiresAt", l.ExpiresAt)
	same(e.t, "acquired", normLease(l), normLease(models.Lease{Name: name, Owner: "replica-a", ExpiresAt: base.Add(ttl)}))

	renewAt := base.Add(30 * time.Second)
	l, err = acquire("replica-a", renewAt)
	e.must(err)
	same(e.t, "renewed", normLease(l), normLease(models.Lease{Name: name, Owner: "replica-a", ExpiresAt: renewAt.Add(ttl)}))

	for _, at := range []time.Time{base.Add(45 * time.Second), base.Add(ttl), renewAt.Add(ttl)} {
		_, err = acquire("replica-b", at)
		e.wantErr(fmt.Sprintf("Acquire by another owner at +%v", at.Sub(base)), err, models.ErrConflict)
	}
	// Another name is another lease.
	_, err = repo.Acquire(e.ctx, "carryover", "replica-b", renewAt, ttl)
	e.must(err)

	takeover := renewAt.Add(ttl).Add(time.Millisecond)
	l, err = acquire("replica-b", takeover)
	e.must(err)
	same(e.t, "taken over after expiry", normLease(l), normLease(models.Lease{Name: name, Owner: "replica-b", ExpiresAt: takeover.Add(ttl)}))
	_, err = acquire("replica-a", takeover)
	e.wantErr("Acquire by the former owner", err, models.ErrConflict)

	e.must(repo.Release(e.ctx, name, "replica-a")) // not the holder: nothing happens
	_, err = acquire("replica-a", takeover)
	e.wantErr("Acquire after a release by a non-owner", err, models.ErrConflict)
	e.must(repo.Release(e.ctx, name, "replica-b"))
	l, err = acquire("replica-a", takeover)
	e.must(err)
	same(e.t, "acquired after the holder released it", l.Owner, "replica-a")
	e.must(repo.Release(e.ctx, "never-taken", "replica-a"))

	_, err = repo.Acquire(e.ctx, name, "replica-a", takeover, 0)
	e.wantErr("Acquire with no ttl", err, models.ErrInvalid)
}

func normLease(l models.Lease) models.Lease {
	l.ExpiresAt = ms(l.ExpiresAt)
	return l
}

// testLeasesConcurrent: 8 replicas ask for the same free lease at once;
// exactly one gets it.
func testLeasesConcurrent(e *env) {
	repo := e.s.Leases()
	const workers = 8
	results := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, results[w] = repo.Acquire(e.ctx, "carryover", fmt.Sprintf("replica-%d", w), base, time.Minute)
		}()
	}
	wg.Wait()
	winner := -1
	for w, err := range results {
		switch {
		case err == nil && winner >= 0:
			e.t.Errorf("both replica-%d and replica-%d acquired the lease", winner, w)
		case err == nil:
			winner = w
		case !errors.Is(err, models.ErrConflict):
			e.t.Errorf("replica-%d: %v, want success or ErrConflict", w, err)
		}
	}
	if winner < 0 {
		e.t.Fatal("no replica acquired the lease")
	}
	_, err := repo.Acquire(e.ctx, "carryover", fmt.Sprintf("replica-%d", winner), base.Add(time.Second), time.Minute)
	e.must(err)
	_, err = repo.Acquire(e.ctx, "carryover", fmt.Sprintf("replica-%d", (winner+1)%workers), base.Add(time.Second), time.Minute)
	e.wantErr("Acquire by a loser", err, models.ErrConflict)
}

func testLedger(e *env) {
	repo := e.s.Ledger()
	c1, c2 := e.committee("C1"), e.committee("C2")
	entry := models.LedgerEntry{CommitteeID: c1.ID, Job: "carryover", Key: "2021-10", DoneAt: base, Detail: "12 tasks carried over"}
	has := func(committee models.ID, job, key string) bool {
		e.t.Helper()
		ok, err := repo.Has(e.ctx, committee, job, key)
		e.must(err)
		return ok
	}
	same(e.t, "Has before Record", has(c1.ID, "carryover", "2021-10"), false)
	e.must(repo.Record(e.ctx, entry))
	same(e.t, "Has after Record", has(c1.ID, "carryover", "2021-10"), true)

	again := entry
	again.DoneAt, again.Detail = base.Add(time.Hour), "0 tasks"
	e.wantErr("second Record", repo.Record(e.ctx, again), models.ErrDuplicate)
	got, err := repo.Get(e.ctx, c1.ID, "carryover", "2021-10")
	e.must(err)
	same(e.t, "Get keeps the first entry", got.Detail, entry.Detail)
	same(e.t, "Get's time", ms(got.DoneAt), ms(base))
	same(e.t, "Get's key", [3]string{string(got.CommitteeID), got.Job, got.Key}, [3]string{string(c1.ID), "carryover", "2021-10"})
	_, err = repo.Get(e.ctx, c2.ID, "carryover", "2021-10")
	e.wantErr("Get, another committee", err, models.ErrNotFound)

	same(e.t, "Has, another committee", has(c2.ID, "carryover", "2021-10"), false)
	same(e.t, "Has, another job", has(c1.ID, "month-report", "2021-10"), false)
	same(e.t, "Has, another key", has(c1.ID, "carryover", "2021-11"), false)
	for _, e2 := range []models.LedgerEntry{
		{CommitteeID: c2.ID, Job: "carryover", Key: "2021-10", DoneAt: base},
		{CommitteeID: c1.ID, Job: "month-report", Key: "2021-10", DoneAt: base},
		{CommitteeID: c1.ID, Job: "carryover", Key: "2021-11", DoneAt: base},
	} {
		e.must(repo.Record(e.ctx, e2))
		same(e.t, fmt.Sprintf("Has after Record %+v", e2), has(e2.CommitteeID, e2.Job, e2.Key), true)
	}
	e.wantErr("Record without a key", repo.Record(e.ctx, models.LedgerEntry{CommitteeID: c1.ID, Job: "carryover", DoneAt: base}), models.ErrInvalid)
}
