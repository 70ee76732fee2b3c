package services_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/theodoi/theodoi/internal/mailer"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/store"
)

// smtpBackend records what an in-process SMTP server receives (the
// pattern of internal/mailer's tests, which other packages cannot import).
type smtpBackend struct {
	mu   sync.Mutex
	msgs []smtpReceived
}

type smtpReceived struct {
	To   []string
	Data []byte
}

func (b *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{b: b}, nil }

func (b *smtpBackend) received() []smtpReceived {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.msgs)
}

type smtpSession struct {
	b  *smtpBackend
	to []string
}

func (s *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.msgs = append(s.b.msgs, smtpReceived{To: s.to, Data: data})
	return nil
}
func (s *smtpSession) Reset()        { s.to = nil }
func (s *smtpSession) Logout() error { return nil }

// startSMTP serves b on addr ("127.0.0.1:0" for any port) and returns the
// address and a function that stops the server.
func startSMTP(t testing.TB, b *smtpBackend, addr string) (string, func()) {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	go func() { _ = srv.Serve(l) }()
	var once sync.Once
	stop := func() { once.Do(func() { srv.Close() }) }
	t.Cleanup(stop)
	return l.Addr().String(), stop
}

// Reminders go out over SMTP once each, and survive the relay being down.
func TestRemindersDeliveredOverSMTP(t *testing.T) {
	b := &smtpBackend{}
	addr, stop := startSMTP(t, b, "127.0.0.1:0")
	port := addr[strings.LastIndexByte(addr, ':')+1:]
	p, _ := strconv.Atoi(port)
	sender, err := mailer.NewSMTP(mailer.SMTPConfig{Host: "127.0.0.1", Port: p, TLS: mailer.TLSNone, From: "theodoi@phuong.example", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	e := newRemEnv(t, sender)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	var addrs []string
	for i, name := range []string{"Hội LHPN phường", "Hội Nông dân phường", "Đoàn Thanh niên phường"} {
		a := fmt.Sprintf("donvi%d@phuong.example", i+1)
		u := c.unit(name, a)
		c.task(u, "Nhiệm vụ của "+name, "2021-10-08") // reminded on the 5th (3 days) and the 7th (1 day)
		addrs = append(addrs, a)
	}
	perAddress := func() map[string]int {
		n := map[string]int{}
		for _, r := range b.received() {
			for _, to := range r.To {
				n[to]++
			}
		}
		return n
	}

	e.run(e.svc, remAt(5, 7, 30))
	res, err := e.svc.Mail.Dispatch(e.ctx, remAt(5, 7, 31))
	if err != nil || res != (outbox.DispatchResult{Sent: 3}) {
		t.Fatalf("dispatch: %+v %v", res, err)
	}
	for _, a := range addrs {
		if n := perAddress()[a]; n != 1 {
			t.Errorf("%s got %d messages on the 5th, want 1", a, n)
		}
	}
	first, err := mail.ReadMessage(strings.NewReader(string(b.received()[0].Data)))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(first.Header.Get("Subject"))
	if err != nil || !strings.HasPrefix(subject, "[Nhắc việc] 1 nhiệm vụ sắp đến hạn — ") {
		t.Errorf("subject %q %v", subject, err)
	}
	if ct := first.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("content type %q", ct)
	}

	// The relay goes down; the 7th's reminders wait in the outbox.
	stop()
	e.run(e.svc, remAt(7, 7, 30))
	res, err = e.svc.Mail.Dispatch(e.ctx, remAt(7, 7, 31))
	if err != nil || res != (outbox.DispatchResult{Retried: 3}) {
		t.Fatalf("dispatch with the relay down: %+v %v", res, err)
	}
	pending, err := e.st.Outbox().List(e.ctx, store.MessageFilter{Committee: c.c.ID, State: models.MessagePending, Limit: 10})
	if err != nil || len(pending) != 3 || pending[0].LastError == "" {
		t.Fatalf("pending: %v %+v", err, pending)
	}

	// It comes back on the same address; the next dispatch delivers them.
	startSMTP(t, b, addr)
	e.clk.set(remAt(7, 9, 0))
	res, err = e.svc.Mail.Dispatch(e.ctx, remAt(7, 9, 0))
	if err != nil || res != (outbox.DispatchResult{Sent: 3}) {
		t.Fatalf("dispatch after the relay came back: %+v %v", res, err)
	}
	if res, _ := e.svc.Mail.Dispatch(e.ctx, remAt(7, 10, 0)); res != (outbox.DispatchResult{}) {
		t.Errorf("left to send: %+v", res)
	}
	for _, a := range addrs {
		if n := perAddress()[a]; n != 2 {
			t.Errorf("%s got %d messages, want 2 (the 5th and the 7th)", a, n)
		}
	}
	ids := map[string]bool{}
	for _, r := range b.received() {
		m, err := mail.ReadMessage(strings.NewReader(string(r.Data)))
		if err != nil {
			t.Fatal(err)
		}
		id := m.Header.Get("Message-Id")
		if ids[id] {
			t.Errorf("%s delivered twice", id)
		}
		ids[id] = true
	}
	if len(ids) != 6 {
		t.Errorf("%d distinct messages at the server, want 6", len(ids))
	}
}

// BenchmarkReminders builds and queues the reminders of 1,000 units
// (20 committees × 50 units, five tasks each) through RunDue. Every
// iteration is a new day, and every unit has a reminder every day: of its
// three overdue tasks, one is always on the every-3-days cadence.
func BenchmarkReminders(b *testing.B) {
	e := newRemEnv(b, nil)
	ctx := e.ctx
	base := models.Date("2021-10-05")
	now := remAt(5, 7, 0)
	for i := range 20 {
		c := e.committee(fmt.Sprintf("Đảng ủy xã số %d", i+1), "")
		if _, err := e.svc.Periods.Create(ctx, c.leader, directory.PeriodInput{Month: "2021-10"}); err != nil {
			b.Fatal(err)
		}
		var ts []models.Task
		var audits []models.AuditEntry
		for j := range 50 {
			u := c.unit(fmt.Sprintf("Đơn vị số %d", j+1), fmt.Sprintf("donvi%d.%d@xa.example", i+1, j+1))
			for k, offset := range []int{-1, -2, -3, 1, 3} {
				t := models.Task{
					ID: models.NewID(now), CommitteeID: c.c.ID, Period: "2021-10", AreaID: c.area,
					Text:       fmt.Sprintf("Nhiệm vụ số %d của đơn vị: triển khai thực hiện Nghị quyết của Đảng ủy về phát triển kinh tế - xã hội", k+1),
					LeadUnitID: u.ID, Deadline: base.AddDays(offset), State: models.StateNotStarted,
					Version: 1, CreatedBy: c.leader.UserID, CreatedAt: now, UpdatedBy: c.leader.UserID, UpdatedAt: now,
				}
				t.Derive(remVN, 1)
				ts = append(ts, t)
				audits = append(audits, models.AuditEntry{ID: models.NewID(now), CommitteeID: c.c.ID, ActorID: c.leader.UserID,
					At: now, Entity: models.EntityTask, EntityID: t.ID, Action: "create"})
			}
		}
		if err := e.st.Tasks().CreateMany(ctx, ts, audits); err != nil {
			b.Fatal(err)
		}
	}
	day := 0
	for b.Loop() {
		at := remAt(5, 7, 30).AddDate(0, 0, day)
		day++
		e.clk.set(at)
		sum, err := e.svc.Reminders.RunDue(ctx, at)
		if err != nil {
			b.Fatal(err)
		}
		if !strings.Contains(sum, "reminders queued 1000,") {
			b.Fatalf("day %d: %s", day, sum)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(day)/1000, "ns/unit")
}

// remFlakyStore fails the next ledger write, as if the replica died after
// queuing the day's mail and before recording it.
type remFlakyStore struct {
	store.Store
	failRecord atomic.Bool
}

func (s *remFlakyStore) Ledger() store.Ledger { return remFlakyLedger{s.Store.Ledger(), s} }

type remFlakyLedger struct {
	store.Ledger
	s *remFlakyStore
}

func (l remFlakyLedger) Record(ctx context.Context, e models.LedgerEntry) error {
	if l.s.failRecord.CompareAndSwap(true, false) {
		return errors.New("simulated: the replica stopped")
	}
	return l.Ledger.Record(ctx, e)
}

// A run that stops after queuing is finished by the next tick without
// queuing anything twice.
func TestRemindersResumeAfterFailure(t *testing.T) {
	e := newRemEnv(t, nil)
	flaky := &remFlakyStore{Store: e.st}
	flaky.failRecord.Store(true)
	svc := remServices(flaky, e.clk, "a", nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	for _, name := range []string{"Hội LHPN phường", "Hội Nông dân phường"} {
		c.task(c.unit(name, "x@phuong.example"), "Nhiệm vụ của "+name, "2021-10-08")
	}
	e.clk.set(remAt(5, 7, 30))
	if _, err := svc.Reminders.RunDue(e.ctx, remAt(5, 7, 30)); err == nil {
		t.Fatal("the simulated failure was not reported")
	}
	if n := len(e.outbox()); n != 2 {
		t.Fatalf("%d queued before the failure, want 2", n)
	}
	if sum := e.run(svc, remAt(5, 7, 35)); sum != "committees 1, reminders queued 0, skipped (already done) 0, already queued 2" {
		t.Errorf("rerun: %q", sum)
	}
	if sum := e.run(svc, remAt(5, 7, 40)); sum != "committees 1, reminders queued 0, skipped (already done) 1" {
		t.Errorf("third run: %q", sum)
	}
	if n := len(e.outbox()); n != 2 {
		t.Errorf("%d messages, want 2", n)
	}
}
