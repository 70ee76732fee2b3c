package mailer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
)

// TLS modes of SMTPConfig.TLS.
const (
	TLSNone     = "none"     // plain text, for a local relay such as Mailpit
	TLSStartTLS = "starttls" // STARTTLS, required (usually port 587)
	TLSImplicit = "tls"      // TLS from the first byte (usually port 465)
)

// DefaultTimeout bounds each step of an SMTP exchange when
// SMTPConfig.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// SMTPConfig says how to reach the relay.
type SMTPConfig struct {
	Host string
	Port int    // 0: 25 for "none", 587 for "starttls", 465 for "tls"
	TLS  string // "none" | "starttls" | "tls"; empty means "starttls"
	// User and Password authenticate with PLAIN, LOGIN or CRAM-MD5,
	// whichever the server offers, in that order. Over "none" a password is
	// sent only to localhost.
	User, Password string
	From           string // default sender, "x@y" or "Name <x@y>"
	// Timeout bounds connecting and each step after it (greeting, EHLO,
	// STARTTLS, AUTH, MAIL, RCPT, DATA); 0 means DefaultTimeout.
	Timeout time.Duration
	// HeloName is the name sent with EHLO; empty means "localhost".
	HeloName string
	// InsecureSkipVerify accepts any certificate from the server. It exists
	// for tests and for a relay on the local network with a self-signed
	// certificate; never set it for a relay across the Internet.
	InsecureSkipVerify bool
}

// String redacts the password, so a logged config shows none.
func (c SMTPConfig) String() string {
	pw := ""
	if c.Password != "" {
		pw = "[redacted]"
	}
	return fmt.Sprintf("smtp{host=%s port=%d tls=%s user=%s password=%s from=%s timeout=%s insecure_skip_verify=%t}",
		c.Host, c.Port, c.TLS, c.User, pw, c.From, c.Timeout, c.InsecureSkipVerify)
}

// LogValue redacts the password for slog.
func (c SMTPConfig) LogValue() slog.Value { return slog.StringValue(c.String()) }

// SMTP sends each message over its own connection to a relay. It keeps no
// connection between sends, so any number of goroutines may use it.
//
// It composes with gopkg.in/mail.v2 but talks SMTP itself (with net/smtp,
// which go-mail's Dialer wraps too): the Dialer takes no context, sets no
// deadline on the server's greeting or the implicit-TLS handshake (a relay
// that accepts and stays silent hangs it for good), and fills in its Auth
// field during Dial, which races when a Dialer is shared.
type SMTP struct {
	cfg  SMTPConfig
	addr string
	tls  *tls.Config
	opts options
}

var _ Sender = (*SMTP)(nil)

// NewSMTP checks cfg and returns a sender for it.
func NewSMTP(cfg SMTPConfig, opts ...Option) (*SMTP, error) {
	p := models.Problems{}
	cfg.Host = strings.TrimSpace(cfg.Host)
	if cfg.Host == "" || (strings.ContainsAny(cfg.Host, " /:@") && net.ParseIP(cfg.Host) == nil) {
		p.Add("host", fmt.Sprintf("a host name or IP address is required, got %q", cfg.Host))
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	switch cfg.TLS {
	case TLSNone:
		if cfg.Port == 0 {
			cfg.Port = 25
		}
	case TLSStartTLS:
		if cfg.Port == 0 {
			cfg.Port = 587
		}
	case TLSImplicit:
		if cfg.Port == 0 {
			cfg.Port = 465
		}
	default:
		p.Add("tls", fmt.Sprintf("must be %q, %q or %q, got %q", TLSNone, TLSStartTLS, TLSImplicit, cfg.TLS))
	}
	if cfg.Port < 0 || cfg.Port > 65535 {
		p.Add("port", fmt.Sprintf("must be 1–65535, got %d", cfg.Port))
	}
	if cfg.User != "" && cfg.Password == "" {
		p.Add("password", "required with a user")
	}
	if cfg.User == "" && cfg.Password != "" {
		p.Add("user", "required with a password")
	}
	if cfg.User != "" && cfg.TLS == TLSNone && !isLocalhost(cfg.Host) {
		// net/smtp would refuse at the first send; say so now.
		p.Add("tls", fmt.Sprintf("a password is sent without TLS only to localhost; use %q or %q for %s", TLSStartTLS, TLSImplicit, cfg.Host))
	}
	if cfg.From == "" {
		p.Add("from", "a sender address is required")
	} else if _, err := mail.ParseAddress(cfg.From); err != nil {
		p.Add("from", fmt.Sprintf("not an e-mail address: %q", cfg.From))
	}
	if cfg.Timeout < 0 {
		p.Add("timeout", fmt.Sprintf("must not be negative, got %s", cfg.Timeout))
	} else if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.HeloName == "" {
		cfg.HeloName = "localhost"
	} else if !printableASCII(cfg.HeloName, false) {
		p.Add("heloName", "must be printable ASCII without spaces")
	}
	if err := p.Err(); err != nil {
		return nil, fmt.Errorf("smtp config: %w", err)
	}
	return &SMTP{
		cfg:  cfg,
		addr: net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)),
		tls: &tls.Config{
			ServerName:         cfg.Host,
			InsecureSkipVerify: cfg.InsecureSkipVerify, //nolint:gosec // opt-in, documented on the field
			MinVersion:         tls.VersionTLS12,
		},
		opts: newOptions(opts),
	}, nil
}

// isLocalhost matches net/smtp's own test for sending PLAIN without TLS.
func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// Error is a failed SMTP exchange: the step that failed and the server's
// reply code, 0 when there was no reply (a network error or a timeout).
type Error struct {
	Step string // dial, greeting, ehlo, starttls, auth, mail, rcpt, data
	Code int
	Err  error
}

func (e *Error) Error() string { return "smtp " + e.Step + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// ErrNoStartTLS is returned when mode "starttls" meets a server that does
// not offer STARTTLS: the mail is not sent in the clear instead.
var ErrNoStartTLS = errors.New("server does not offer STARTTLS")

// IsPermanent reports whether retrying err is pointless: a 5xx reply to the
// message itself (MAIL, RCPT or DATA, e.g. 550 mailbox unavailable, 552 too
// large) or a message that is invalid as it stands. Network errors,
// timeouts, 4xx replies and 5xx replies while setting up the session
// (EHLO, STARTTLS, AUTH: a wrong password, a relay that refuses) are
// temporary: they are about the relay, not the message, and once an
// administrator fixes the configuration the queued mail goes out.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, models.ErrInvalid) {
		return true
	}
	var e *Error
	if !errors.As(err, &e) || e.Code < 500 || e.Code > 599 {
		return false
	}
	switch e.Step {
	case "mail", "rcpt", "data":
		return true
	}
	return false
}

// Send delivers m to all of m.To in one SMTP transaction. When a recipient
// is refused nothing is sent, so a retry never repeats a delivery; the
// error names the refused address.
func (s *SMTP) Send(ctx context.Context, m models.Message, from string) error {
	if from == "" {
		from = s.cfg.From
	}
	env, err := compose(m, from, s.opts)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return &Error{Step: "dial", Err: err}
	}
	return s.deliver(ctx, env)
}

func (s *SMTP) deliver(ctx context.Context, env envelope) error {
	dialer := &net.Dialer{Timeout: s.cfg.Timeout}
	var conn net.Conn
	var err error
	if s.cfg.TLS == TLSImplicit {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: s.tls}).DialContext(ctx, "tcp", s.addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", s.addr)
	}
	if err != nil {
		return &Error{Step: "dial", Err: err}
	}
	defer conn.Close()

	// Every step gets the timeout afresh; cancelling ctx moves the deadline
	// into the past, which ends a blocked read or write at once. The mutex
	// keeps a late arm from undoing a cancellation.
	var mu sync.Mutex
	arm := func() {
		mu.Lock()
		defer mu.Unlock()
		if ctx.Err() != nil {
			_ = conn.SetDeadline(time.Unix(1, 0))
			return
		}
		_ = conn.SetDeadline(time.Now().Add(s.cfg.Timeout))
	}
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		_ = conn.SetDeadline(time.Unix(1, 0))
	})
	defer stop()
	fail := func(step string, err error) error {
		e := &Error{Step: step, Err: err}
		var tp *textproto.Error
		if errors.As(err, &tp) {
			e.Code = tp.Code
		}
		if ctx.Err() != nil {
			e.Err = fmt.Errorf("%w: %w", ctx.Err(), err)
		}
		return e
	}

	arm()
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return fail("greeting", err)
	}
	defer c.Close()
	arm()
	if err := c.Hello(s.cfg.HeloName); err != nil {
		return fail("ehlo", err)
	}
	if s.cfg.TLS == TLSStartTLS {
		arm()
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fail("starttls", ErrNoStartTLS)
		}
		if err := c.StartTLS(s.tls); err != nil {
			return fail("starttls", err)
		}
	}
	if s.cfg.User != "" {
		arm()
		a, err := s.auth(c)
		if err != nil {
			return fail("auth", err)
		}
		if err := c.Auth(a); err != nil {
			return fail("auth", err)
		}
	}
	arm()
	if err := c.Mail(env.from); err != nil {
		return fail("mail", err)
	}
	for _, to := range env.to {
		arm()
		if err := c.Rcpt(to); err != nil {
			return fail("rcpt", fmt.Errorf("<%s>: %w", to, err))
		}
	}
	arm()
	w, err := c.Data()
	if err != nil {
		return fail("data", err)
	}
	if _, err := env.msg.WriteTo(w); err != nil {
		return fail("data", err)
	}
	if err := w.Close(); err != nil { // the reply to the final "."
		return fail("data", err)
	}
	// The relay has the message; a failed QUIT must not make it a retry.
	arm()
	_ = c.Quit()
	return nil
}

// auth picks a mechanism the server offers.
func (s *SMTP) auth(c *smtp.Client) (smtp.Auth, error) {
	ok, list := c.Extension("AUTH")
	if !ok {
		return nil, errors.New("a user is configured but the server offers no AUTH (over plain text it may offer it only after STARTTLS)")
	}
	mechs := map[string]bool{}
	for _, m := range strings.Fields(strings.ToUpper(list)) {
		mechs[m] = true
	}
	switch {
	case mechs["PLAIN"]:
		return smtp.PlainAuth("", s.cfg.User, s.cfg.Password, s.cfg.Host), nil
	case mechs["LOGIN"]:
		return &loginAuth{user: s.cfg.User, password: s.cfg.Password, host: s.cfg.Host}, nil
	case mechs["CRAM-MD5"]:
		return smtp.CRAMMD5Auth(s.cfg.User, s.cfg.Password), nil
	}
	return nil, fmt.Errorf("no supported AUTH mechanism among %q (PLAIN, LOGIN, CRAM-MD5)", list)
}

// loginAuth is the LOGIN mechanism, which net/smtp lacks and some relays
// (Microsoft 365) still ask for. Like PlainAuth it sends the password only
// over TLS or to localhost.
type loginAuth struct {
	user, password, host string
	step                 int
}

func (a *loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLocalhost(server.Name) {
		return "", nil, errors.New("unencrypted connection")
	}
	if server.Name != a.host {
		return "", nil, errors.New("wrong host name")
	}
	a.step = 0
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(_ []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	// Servers word the prompts differently ("Username:", "User Name"), so
	// answer by position.
	a.step++
	switch a.step {
	case 1:
		return []byte(a.user), nil
	case 2:
		return []byte(a.password), nil
	}
	return nil, errors.New("unexpected LOGIN challenge")
}
