package services_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

// fakeMailer records deliveries and fails as told.
type fakeMailer struct {
	mu   sync.Mutex
	sent map[string]int // by Message-ID
	fail func(m models.Message) error
}

func (f *fakeMailer) Send(_ context.Context, m models.Message, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		if err := f.fail(m); err != nil {
			return err
		}
	}
	f.sent[m.MessageID]++
	return nil
}

var errPermanent = errors.New("550 no such mailbox")

func mailSetup(t *testing.T, m *fakeMailer, instance string, st *sqlite.Store) *services.Services {
	t.Helper()
	return services.New(st, clock{time.Date(2021, 10, 5, 0, 0, 0, 0, time.UTC)}, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{
		Mailer: m,
		Mail: outbox.MailOptions{From: "theodoi@phuong.example", Instance: instance, MaxAttempts: 3, Backoff: time.Minute,
			IsPermanent: func(err error) bool { return errors.Is(err, errPermanent) }},
	})
}

func TestQueueAndDispatch(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "m.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	down := true
	m := &fakeMailer{sent: map[string]int{}, fail: func(msg models.Message) error {
		switch {
		case msg.To[0] == "sai@phuong.example":
			return errPermanent
		case down && msg.To[0] == "cham@phuong.example":
			return errors.New("421 try again later")
		}
		return nil
	}}
	svc := mailSetup(t, m, "a", st)
	c, _ := svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Thử"})
	queue := func(key, to string) bool {
		ok, err := svc.Mail.Queue(ctx, models.Message{CommitteeID: c.ID, Key: key, To: []string{to}, Subject: "Nhắc việc", Text: "Nội dung"})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !queue("reminder:u1:2021-10-05", "hoi@phuong.example") || queue("reminder:u1:2021-10-05", "hoi@phuong.example") {
		t.Fatal("the same key must queue once")
	}
	queue("reminder:u2:2021-10-05", "sai@phuong.example")
	queue("reminder:u3:2021-10-05", "cham@phuong.example")
	if _, err := svc.Mail.Queue(ctx, models.Message{CommitteeID: c.ID, Key: "x", To: []string{"not-an-address"}, Subject: "s"}); err == nil {
		t.Error("bad address queued")
	}

	t0 := time.Date(2021, 10, 5, 0, 0, 0, 0, time.UTC)
	res, err := svc.Mail.Dispatch(ctx, t0)
	if err != nil || res.Sent != 1 || res.Failed != 1 || res.Retried != 1 {
		t.Fatalf("first run: %+v %v", res, err)
	}
	if res, _ := svc.Mail.Dispatch(ctx, t0.Add(30*time.Second)); res.Sent+res.Retried+res.Failed != 0 {
		t.Fatalf("retry before its time: %+v", res)
	}
	down = false
	res, _ = svc.Mail.Dispatch(ctx, t0.Add(2*time.Minute))
	if res.Sent != 1 {
		t.Fatalf("after the server came back: %+v", res)
	}
	if res, _ := svc.Mail.Dispatch(ctx, t0.Add(time.Hour)); res != (outbox.DispatchResult{}) {
		t.Fatalf("nothing left: %+v", res)
	}
	for id, n := range m.sent {
		if n != 1 {
			t.Errorf("%s delivered %d times", id, n)
		}
	}
	if len(m.sent) != 2 {
		t.Errorf("%d distinct messages delivered, want 2", len(m.sent))
	}
	failed, err := st.Outbox().List(ctx, store.MessageFilter{Committee: c.ID, State: models.MessageFailed, Limit: 10})
	if err != nil || len(failed) != 1 || failed[0].LastError == "" {
		t.Fatalf("failed list: %v %+v", err, failed)
	}
}

// Two dispatchers over one store never deliver a message twice.
func TestTwoDispatchersDeliverOnce(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "m.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := &fakeMailer{sent: map[string]int{}}
	a, b := mailSetup(t, m, "a", st), mailSetup(t, m, "b", st)
	c, _ := a.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Thử"})
	for i := range 200 {
		if _, err := a.Mail.Queue(ctx, models.Message{CommitteeID: c.ID, Key: "k" + string(rune('A'+i%26)) + string(rune('a'+i/26)), To: []string{"x@phuong.example"}, Subject: "s"}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2021, 10, 5, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for _, svc := range []*services.Services{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := svc.Mail.Dispatch(ctx, now); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(m.sent) != 200 {
		t.Fatalf("%d delivered, want 200", len(m.sent))
	}
	for id, n := range m.sent {
		if n != 1 {
			t.Errorf("%s delivered %d times", id, n)
		}
	}
}
