package mailer

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// received is one message as the test server got it.
type received struct {
	From string
	To   []string
	Data []byte
	TLS  bool   // the session ran over TLS (implicit or STARTTLS)
	User string // who authenticated, if anyone
}

// backend is an in-process SMTP server's store and behaviour. Its hooks,
// when set, decide the replies.
type backend struct {
	user, password string // when set, AUTH is required

	onSession func() error       // at EHLO
	onRcpt    func(string) error // per recipient
	onData    func() error       // after the message is read

	mu   sync.Mutex
	msgs []received
}

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	if b.onSession != nil {
		if err := b.onSession(); err != nil {
			return nil, err
		}
	}
	_, isTLS := c.TLSConnectionState()
	return &session{b: b, tls: isTLS}, nil
}

func (b *backend) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.msgs...)
}

type session struct {
	b    *backend
	tls  bool
	user string
	from string
	to   []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != s.b.user || password != s.b.password {
			return smtp.ErrAuthFailed
		}
		s.user = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.user != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.b.onRcpt != nil {
		if err := s.b.onRcpt(to); err != nil {
			return err
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.b.onData != nil {
		if err := s.b.onData(); err != nil {
			return err
		}
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.msgs = append(s.b.msgs, received{From: s.from, To: s.to, Data: data, TLS: s.tls, User: s.user})
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// serverOptions shape a test server.
type serverOptions struct {
	startTLS bool // offer STARTTLS with a self-signed certificate
	implicit bool // TLS from the first byte
}

// startServer runs an SMTP server on 127.0.0.1 until the test ends and
// returns its port.
func startServer(t *testing.T, b *backend, o serverOptions) int {
	t.Helper()
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = !o.startTLS && !o.implicit
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	var l net.Listener
	var err error
	if o.startTLS || o.implicit {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}
	}
	if o.implicit {
		l, err = tls.Listen("tcp", "127.0.0.1:0", srv.TLSConfig)
	} else {
		l, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	return l.Addr().(*net.TCPAddr).Port
}

// selfSigned makes a certificate for 127.0.0.1 that no one trusts.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "theodoi test relay"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// blackHole accepts connections and never says a word, like a relay that
// hangs. It returns its port.
func blackHole(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().(*net.TCPAddr).Port
}

// parsedMail is a message read back the way a mail client would.
type parsedMail struct {
	Header   mail.Header
	Subject  string
	FromName string
	FromAddr string
	To       []string
	Text     string
	HTML     string
	Parts    []string // content types, in order
}

// parseMail decodes headers and bodies (quoted-printable or base64).
func parseMail(t *testing.T, data []byte) parsedMail {
	t.Helper()
	for i, c := range data {
		if c > 127 {
			t.Fatalf("raw message has a non-ASCII byte at %d: %q", i, data[max(0, i-20):min(len(data), i+20)])
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	dec := new(mime.WordDecoder)
	p := parsedMail{Header: msg.Header}
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("subject: %v", err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 {
		t.Fatalf("From %q: %v", msg.Header.Get("From"), err)
	}
	p.FromName, p.FromAddr = from[0].Name, from[0].Address
	to, err := msg.Header.AddressList("To")
	if err != nil {
		t.Fatalf("To %q: %v", msg.Header.Get("To"), err)
	}
	for _, a := range to {
		p.To = append(p.To, a.Address)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	add := func(ct, cte string, body io.Reader) {
		text := decodeBody(t, cte, body)
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatalf("part Content-Type %q: %v", ct, err)
		}
		if !strings.EqualFold(params["charset"], "UTF-8") {
			t.Errorf("part %s has charset %q", mt, params["charset"])
		}
		p.Parts = append(p.Parts, mt)
		switch mt {
		case "text/plain":
			p.Text = text
		case "text/html":
			p.HTML = text
		}
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		add(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		return p
	}
	if mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type %s, want multipart/alternative", mediaType)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart() // raw: decode here, as a client would
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("part: %v", err)
		}
		add(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part)
	}
	return p
}

func decodeBody(t *testing.T, cte string, r io.Reader) string {
	t.Helper()
	switch strings.ToLower(cte) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "", "7bit", "8bit":
	default:
		t.Fatalf("unknown Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s body: %v", cte, err)
	}
	// Bodies travel with CRLF line ends; compare with what was queued.
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}
