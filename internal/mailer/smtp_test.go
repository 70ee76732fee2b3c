package mailer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/textproto"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/theodoi/theodoi/models"
)

const testFrom = "theodoi@phuong.example"

// reminder is a message with Vietnamese in every part, a subject long
// enough to be folded and a body line long enough for soft line breaks.
func reminder(n int) models.Message {
	return models.Message{
		ID:        models.ID(fmt.Sprintf("msg%04d", n)),
		To:        []string{"bithu@phuong.example", "vanphong@phuong.example"},
		Subject:   "Nhắc việc: 3 nhiệm vụ sắp đến hạn — Đảng ủy phường Vạn Xuân, tháng 10/2021 (đôn đốc thực hiện Nghị quyết số 31-NQ/ĐU)",
		Text:      "Kính gửi đồng chí Nguyễn Thị Hương,\n\nCác nhiệm vụ sau sắp đến hạn:\n- Tổ chức Hội nghị sơ kết công tác tuyển chọn và gọi công dân nhập ngũ năm 2022; hoàn thành trước ngày 31/10/2021.\n- Tiếp tục thực hiện tốt công tác phòng, chống dịch Covid-19.\n\nTrân trọng.\n",
		HTML:      "<p>Kính gửi đồng chí <b>Nguyễn Thị Hương</b>,</p>\n<ul><li>Tổ chức Hội nghị sơ kết công tác tuyển chọn và gọi công dân nhập ngũ năm 2022</li></ul>\n",
		MessageID: fmt.Sprintf("<msg%04d@theodoi.local>", n),
		CreatedAt: time.Date(2021, 10, 15, 1, 30, 0, 0, time.UTC),
	}
}

// newTestSMTP is a sender for a test server on 127.0.0.1 without TLS.
func newTestSMTP(t *testing.T, port int, change func(*SMTPConfig), opts ...Option) *SMTP {
	t.Helper()
	cfg := SMTPConfig{Host: "127.0.0.1", Port: port, TLS: TLSNone, From: testFrom, Timeout: 5 * time.Second}
	if change != nil {
		change(&cfg)
	}
	s, err := NewSMTP(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// send fails the test instead of hanging when Send does not return; the
// limit is a guard against a hang, not a measurement.
func send(t *testing.T, ctx context.Context, s Sender, m models.Message, from string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.Send(ctx, m, from) }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("Send did not return")
		return nil
	}
}

func TestSMTPDeliversVietnamese(t *testing.T) {
	b := &backend{}
	port := startServer(t, b, serverOptions{})
	s := newTestSMTP(t, port, nil, WithListUnsubscribe(func(m models.Message) string {
		return "<https://theodoi.example/huy-dang-ky?m=" + string(m.ID) + ">"
	}))
	m := reminder(1)
	if err := send(t, t.Context(), s, m, ""); err != nil {
		t.Fatal(err)
	}

	msgs := b.messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if got.From != testFrom || !slices.Equal(got.To, m.To) {
		t.Errorf("envelope from %q to %q, want %q to %q", got.From, got.To, testFrom, m.To)
	}
	p := parseMail(t, got.Data)
	if p.FromName != DefaultDisplayName || p.FromAddr != testFrom {
		t.Errorf("From = %q <%s>, want %q <%s>", p.FromName, p.FromAddr, DefaultDisplayName, testFrom)
	}
	if !slices.Equal(p.To, m.To) {
		t.Errorf("To = %q, want %q", p.To, m.To)
	}
	if p.Subject != m.Subject {
		t.Errorf("Subject = %q, want %q", p.Subject, m.Subject)
	}
	if id := p.Header.Get("Message-ID"); id != m.MessageID {
		t.Errorf("Message-ID = %q, want %q", id, m.MessageID)
	}
	if date, err := p.Header.Date(); err != nil || !date.Equal(m.CreatedAt) {
		t.Errorf("Date = %v (%v), want %v", date, err, m.CreatedAt)
	}
	if v := p.Header.Get("Auto-Submitted"); v != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", v)
	}
	if v := p.Header.Get("List-Unsubscribe"); v != "<https://theodoi.example/huy-dang-ky?m=msg0001>" {
		t.Errorf("List-Unsubscribe = %q", v)
	}
	if !slices.Equal(p.Parts, []string{"text/plain", "text/html"}) {
		t.Errorf("parts = %q, want text/plain then text/html", p.Parts)
	}
	if p.Text != m.Text {
		t.Errorf("text body = %q, want %q", p.Text, m.Text)
	}
	if p.HTML != m.HTML {
		t.Errorf("HTML body = %q, want %q", p.HTML, m.HTML)
	}
}

func TestSMTPSenderNameAndTextOnly(t *testing.T) {
	b := &backend{}
	port := startServer(t, b, serverOptions{})
	s := newTestSMTP(t, port, nil)
	m := reminder(2)
	m.HTML = ""
	m.To = []string{"Chi bộ khu phố 3 <chibo3@phuong.example>"}
	if err := send(t, t.Context(), s, m, `"Đảng ủy phường Vạn Xuân, Văn phòng" <vanphong@phuong.example>`); err != nil {
		t.Fatal(err)
	}
	msgs := b.messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(msgs))
	}
	if msgs[0].From != "vanphong@phuong.example" || !slices.Equal(msgs[0].To, []string{"chibo3@phuong.example"}) {
		t.Errorf("envelope from %q to %q", msgs[0].From, msgs[0].To)
	}
	p := parseMail(t, msgs[0].Data)
	if p.FromName != "Đảng ủy phường Vạn Xuân, Văn phòng" || p.FromAddr != "vanphong@phuong.example" {
		t.Errorf("From = %q <%s>", p.FromName, p.FromAddr)
	}
	to, err := p.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Chi bộ khu phố 3" {
		t.Errorf("To = %q (%v)", p.Header.Get("To"), err)
	}
	if !slices.Equal(p.Parts, []string{"text/plain"}) || p.Text != m.Text {
		t.Errorf("parts %q, text %q", p.Parts, p.Text)
	}
}

func TestSMTPAuth(t *testing.T) {
	b := &backend{user: "vanphong", password: "mật-khẩu đúng"}
	port := startServer(t, b, serverOptions{})

	s := newTestSMTP(t, port, func(c *SMTPConfig) { c.User, c.Password = "vanphong", "mật-khẩu đúng" })
	if err := send(t, t.Context(), s, reminder(1), ""); err != nil {
		t.Fatal(err)
	}
	if msgs := b.messages(); len(msgs) != 1 || msgs[0].User != "vanphong" {
		t.Fatalf("server got %+v, want one message from user vanphong", msgs)
	}

	wrong := newTestSMTP(t, port, func(c *SMTPConfig) { c.User, c.Password = "vanphong", "sai" })
	err := send(t, t.Context(), wrong, reminder(2), "")
	var e *Error
	if !errors.As(err, &e) || e.Step != "auth" || e.Code != 535 {
		t.Fatalf("wrong password: err = %v, want a 535 at auth", err)
	}
	// The relay refused our credentials, not the message: fixing the
	// configuration must let the queued mail go out.
	if IsPermanent(err) {
		t.Error("a refused login is permanent; want temporary")
	}
	if strings.Contains(err.Error(), "sai") {
		t.Errorf("error %q shows the password", err)
	}

	anonymous := newTestSMTP(t, port, nil)
	if err := send(t, t.Context(), anonymous, reminder(3), ""); err == nil {
		t.Error("sending without AUTH to a server that requires it succeeded")
	}
	if n := len(b.messages()); n != 1 {
		t.Errorf("server has %d messages, want 1", n)
	}
}

func TestSMTPStartTLS(t *testing.T) {
	// AUTH only after STARTTLS: the server does not allow it in the clear.
	b := &backend{user: "vanphong", password: "bí mật"}
	port := startServer(t, b, serverOptions{startTLS: true})
	withTLS := func(skip bool) func(*SMTPConfig) {
		return func(c *SMTPConfig) {
			c.TLS, c.User, c.Password, c.InsecureSkipVerify = TLSStartTLS, "vanphong", "bí mật", skip
		}
	}

	strict := newTestSMTP(t, port, withTLS(false))
	err := send(t, t.Context(), strict, reminder(1), "")
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) {
		t.Fatalf("self-signed certificate without InsecureSkipVerify: err = %v, want a verification error", err)
	}
	if IsPermanent(err) {
		t.Error("a certificate error is permanent; want temporary")
	}
	if n := len(b.messages()); n != 0 {
		t.Fatalf("server got %d messages over an unverified connection", n)
	}

	s := newTestSMTP(t, port, withTLS(true))
	if err := send(t, t.Context(), s, reminder(2), ""); err != nil {
		t.Fatal(err)
	}
	msgs := b.messages()
	if len(msgs) != 1 || !msgs[0].TLS || msgs[0].User != "vanphong" {
		t.Fatalf("server got %+v, want one message over TLS from vanphong", msgs)
	}
	if p := parseMail(t, msgs[0].Data); p.Subject != reminder(2).Subject {
		t.Errorf("Subject = %q", p.Subject)
	}
}

func TestSMTPStartTLSIsRequired(t *testing.T) {
	b := &backend{}
	port := startServer(t, b, serverOptions{}) // offers no STARTTLS
	s := newTestSMTP(t, port, func(c *SMTPConfig) { c.TLS = TLSStartTLS })
	err := send(t, t.Context(), s, reminder(1), "")
	if !errors.Is(err, ErrNoStartTLS) {
		t.Fatalf("err = %v, want ErrNoStartTLS", err)
	}
	if IsPermanent(err) {
		t.Error("missing STARTTLS is permanent; want temporary")
	}
	if n := len(b.messages()); n != 0 {
		t.Errorf("server got %d messages in the clear", n)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	b := &backend{}
	port := startServer(t, b, serverOptions{implicit: true})
	s := newTestSMTP(t, port, func(c *SMTPConfig) { c.TLS, c.InsecureSkipVerify = TLSImplicit, true })
	if err := send(t, t.Context(), s, reminder(1), ""); err != nil {
		t.Fatal(err)
	}
	if msgs := b.messages(); len(msgs) != 1 || !msgs[0].TLS {
		t.Fatalf("server got %+v, want one message over TLS", msgs)
	}
}

func TestSMTPRejections(t *testing.T) {
	reply := func(code int, msg string) error {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: msg}
	}
	tests := []struct {
		name      string
		b         *backend
		step      string
		code      int
		permanent bool
	}{
		{"mailbox unavailable", &backend{onRcpt: func(to string) error {
			if to == "vanphong@phuong.example" {
				return reply(550, "mailbox unavailable")
			}
			return nil
		}}, "rcpt", 550, true},
		{"mailbox busy", &backend{onRcpt: func(string) error { return reply(451, "try again later") }}, "rcpt", 451, false},
		{"content refused", &backend{onData: func() error { return reply(554, "message refused") }}, "data", 554, true},
		{"relay shutting down", &backend{onData: func() error { return reply(421, "shutting down") }}, "data", 421, false},
		{"greeting refused", &backend{onSession: func() error { return reply(554, "go away") }}, "ehlo", 554, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port := startServer(t, tt.b, serverOptions{})
			s := newTestSMTP(t, port, nil)
			err := send(t, t.Context(), s, reminder(1), "")
			var e *Error
			if !errors.As(err, &e) || e.Step != tt.step || e.Code != tt.code {
				t.Fatalf("err = %#v, want step %s code %d", err, tt.step, tt.code)
			}
			if got := IsPermanent(err); got != tt.permanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, got, tt.permanent)
			}
			if n := len(tt.b.messages()); n != 0 {
				t.Errorf("server kept %d messages", n)
			}
		})
	}
}

func TestSMTPRejectedRecipientIsNamed(t *testing.T) {
	b := &backend{onRcpt: func(to string) error {
		if to == "vanphong@phuong.example" {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	}}
	port := startServer(t, b, serverOptions{})
	err := send(t, t.Context(), newTestSMTP(t, port, nil), reminder(1), "")
	if err == nil || !strings.Contains(err.Error(), "vanphong@phuong.example") {
		t.Errorf("err = %v, want it to name the refused address", err)
	}
}

func TestSMTPClosedPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	err = send(t, t.Context(), newTestSMTP(t, port, nil), reminder(1), "")
	var e *Error
	if !errors.As(err, &e) || e.Step != "dial" {
		t.Fatalf("err = %v, want a dial error", err)
	}
	if IsPermanent(err) {
		t.Errorf("IsPermanent(%v) = true, want a closed port to be temporary", err)
	}
}

func TestSMTPTimeout(t *testing.T) {
	hold := make(chan struct{})
	t.Cleanup(func() { close(hold) }) // runs before the servers close
	stall := func() error { <-hold; return nil }

	tests := []struct {
		name string
		port func(t *testing.T) int
		step string
	}{
		{"silent after connect", blackHole, "greeting"},
		{"stalls at EHLO", func(t *testing.T) int { return startServer(t, &backend{onSession: stall}, serverOptions{}) }, "ehlo"},
		{"stalls after DATA", func(t *testing.T) int { return startServer(t, &backend{onData: stall}, serverOptions{}) }, "data"},
		{"implicit TLS, silent", blackHole, "dial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port := tt.port(t)
			s := newTestSMTP(t, port, func(c *SMTPConfig) {
				c.Timeout = 200 * time.Millisecond
				if tt.step == "dial" {
					c.TLS = TLSImplicit
				}
			})
			err := send(t, t.Context(), s, reminder(1), "")
			var e *Error
			if !errors.As(err, &e) || e.Step != tt.step {
				t.Fatalf("err = %v, want a timeout at %s", err, tt.step)
			}
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Errorf("err = %v, want a timeout", err)
			}
			if IsPermanent(err) {
				t.Error("a timeout is permanent; want temporary")
			}
		})
	}
}

func TestSMTPContext(t *testing.T) {
	port := blackHole(t)
	// A long timeout: only the context can end these sends.
	s := newTestSMTP(t, port, func(c *SMTPConfig) { c.Timeout = time.Hour })

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	err := send(t, ctx, s, reminder(1), "")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}

	ctx, cancel = context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	err = send(t, ctx, s, reminder(2), "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: err = %v, want context.DeadlineExceeded", err)
	}
	if IsPermanent(err) {
		t.Error("a cancelled send is permanent; want temporary")
	}

	done, cancel := context.WithCancel(t.Context())
	cancel()
	if err := send(t, done, s, reminder(3), ""); !errors.Is(err, context.Canceled) {
		t.Errorf("already cancelled: err = %v, want context.Canceled", err)
	}
}

func TestSMTPConcurrentSends(t *testing.T) {
	b := &backend{}
	port := startServer(t, b, serverOptions{})
	s := newTestSMTP(t, port, nil)
	const workers, each = 8, 20

	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if err := s.Send(t.Context(), reminder(w*each+i), ""); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	count := map[string]int{}
	for _, r := range b.messages() {
		msg, err := mail.ReadMessage(strings.NewReader(string(r.Data)))
		if err != nil {
			t.Fatal(err)
		}
		count[msg.Header.Get("Message-ID")]++
	}
	if len(count) != workers*each {
		t.Errorf("server got %d distinct messages, want %d", len(count), workers*each)
	}
	for n := range workers * each {
		if id := reminder(n).MessageID; count[id] != 1 {
			t.Errorf("%s arrived %d times, want once", id, count[id])
		}
	}
}

func TestSMTPRefusesInvalidMessages(t *testing.T) {
	b := &backend{}
	port := startServer(t, b, serverOptions{})
	s := newTestSMTP(t, port, nil)
	tests := []struct {
		name   string
		change func(*models.Message)
		from   string
	}{
		{"no recipients", func(m *models.Message) { m.To = nil }, ""},
		{"bad recipient", func(m *models.Message) { m.To = []string{"not an address"} }, ""},
		{"recipient with a line break", func(m *models.Message) { m.To = []string{"a@b.example\r\nBcc: x@y.example"} }, ""},
		{"no message id", func(m *models.Message) { m.MessageID = "" }, ""},
		{"message id without host", func(m *models.Message) { m.MessageID = "<abc>" }, ""},
		{"message id with a line break", func(m *models.Message) { m.MessageID = "<a@b>\r\nBcc: x@y.example" }, ""},
		{"bad from", func(*models.Message) {}, "theodoi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := reminder(1)
			tt.change(&m)
			err := send(t, t.Context(), s, m, tt.from)
			if !errors.Is(err, models.ErrInvalid) || !IsPermanent(err) {
				t.Errorf("err = %v, want a permanent invalid-input error", err)
			}
		})
	}
	if n := len(b.messages()); n != 0 {
		t.Errorf("server got %d messages", n)
	}
}

func TestSubjectCannotInjectHeaders(t *testing.T) {
	b := &backend{}
	port := startServer(t, b, serverOptions{})
	m := reminder(1)
	m.Subject = "Báo cáo\r\nBcc: attacker@evil.example"
	if err := send(t, t.Context(), newTestSMTP(t, port, nil), m, ""); err != nil {
		t.Fatal(err)
	}
	msgs := b.messages()
	if len(msgs) != 1 || !slices.Equal(msgs[0].To, m.To) {
		t.Fatalf("server got %+v", msgs)
	}
	if p := parseMail(t, msgs[0].Data); p.Header.Get("Bcc") != "" {
		t.Errorf("a Bcc header got in: %q", p.Header.Get("Bcc"))
	}
}

func TestNewSMTPValidates(t *testing.T) {
	ok := SMTPConfig{Host: "smtp.phuong.example", TLS: TLSStartTLS, User: "u", Password: "p", From: testFrom}
	tests := []struct {
		name   string
		change func(*SMTPConfig)
		field  string // "" means valid
	}{
		{"valid", func(*SMTPConfig) {}, ""},
		{"default TLS is starttls", func(c *SMTPConfig) { c.TLS = "" }, ""},
		{"no host", func(c *SMTPConfig) { c.Host = "" }, "host"},
		{"host with port", func(c *SMTPConfig) { c.Host = "smtp.example:587" }, "host"},
		{"IPv6 host", func(c *SMTPConfig) { c.Host = "::1"; c.TLS = TLSNone }, ""},
		{"unknown TLS mode", func(c *SMTPConfig) { c.TLS = "ssl" }, "tls"},
		{"port too large", func(c *SMTPConfig) { c.Port = 70000 }, "port"},
		{"user without password", func(c *SMTPConfig) { c.Password = "" }, "password"},
		{"password without user", func(c *SMTPConfig) { c.User = "" }, "user"},
		{"password in the clear to a remote host", func(c *SMTPConfig) { c.TLS = TLSNone }, "tls"},
		{"password in the clear to localhost", func(c *SMTPConfig) { c.TLS, c.Host = TLSNone, "localhost" }, ""},
		{"no from", func(c *SMTPConfig) { c.From = "" }, "from"},
		{"bad from", func(c *SMTPConfig) { c.From = "theodoi" }, "from"},
		{"named from", func(c *SMTPConfig) { c.From = "Đảng ủy phường <du@phuong.example>" }, ""},
		{"negative timeout", func(c *SMTPConfig) { c.Timeout = -time.Second }, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.change(&cfg)
			_, err := NewSMTP(cfg)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("NewSMTP: %v", err)
				}
				return
			}
			var ve *models.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tt.field] == "" {
				t.Fatalf("err = %v, want a problem with %s", err, tt.field)
			}
		})
	}
}

func TestNewSMTPDefaultPorts(t *testing.T) {
	for mode, port := range map[string]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465} {
		s, err := NewSMTP(SMTPConfig{Host: "smtp.phuong.example", TLS: mode, From: testFrom})
		if err != nil {
			t.Fatal(err)
		}
		if s.addr != fmt.Sprintf("smtp.phuong.example:%d", port) {
			t.Errorf("%s: addr %s, want port %d", mode, s.addr, port)
		}
	}
}

func TestSMTPConfigHidesPassword(t *testing.T) {
	cfg := SMTPConfig{Host: "smtp.phuong.example", User: "u", Password: "hunter2-bí-mật", From: testFrom}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%v %+v %s", cfg, cfg, cfg), cfg.LogValue().String()} {
		if strings.Contains(s, "hunter2") {
			t.Errorf("%q shows the password", s)
		}
	}
}

func TestIsPermanent(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"invalid message", fmt.Errorf("x: %w", models.Invalid("to", "required")), true},
		{"550 at rcpt", &Error{Step: "rcpt", Code: 550, Err: &textproto.Error{Code: 550, Msg: "no"}}, true},
		{"552 at data, wrapped", fmt.Errorf("deliver: %w", &Error{Step: "data", Code: 552, Err: errors.New("too big")}), true},
		{"553 at mail", &Error{Step: "mail", Code: 553, Err: errors.New("sender refused")}, true},
		{"535 at auth", &Error{Step: "auth", Code: 535, Err: errors.New("bad credentials")}, false},
		{"450 at rcpt", &Error{Step: "rcpt", Code: 450, Err: errors.New("busy")}, false},
		{"network", &Error{Step: "dial", Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}, false},
		{"timeout", &Error{Step: "data", Err: os.ErrDeadlineExceeded}, false},
		{"anything else", errors.New("boom"), false},
	}
	for _, tt := range tests {
		if got := IsPermanent(tt.err); got != tt.want {
			t.Errorf("%s: IsPermanent = %v, want %v", tt.name, got, tt.want)
		}
	}
}
