package mailer

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
)

// stepClock moves on by a second each time it is read.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func newTestDirectory(t *testing.T) (*Directory, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mail")
	d, err := NewDirectory(dir, WithClock(&stepClock{t: time.Date(2021, 10, 15, 8, 0, 0, 0, time.UTC)}))
	if err != nil {
		t.Fatal(err)
	}
	return d, dir
}

// emlFiles lists the .eml files in dir, whatever List makes of them.
func emlFiles(t *testing.T, dir string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	return matches
}

func TestDirectoryWritesWhatSMTPSends(t *testing.T) {
	d, dir := newTestDirectory(t)
	m := reminder(1)
	if err := d.Send(t.Context(), m, testFrom); err != nil {
		t.Fatal(err)
	}
	files := emlFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("files %q, want one", files)
	}
	name := filepath.Base(files[0])
	if !strings.HasPrefix(name, "20211015-013000Z_msg0001-theodoi.local_") {
		t.Errorf("file name %q, want the message's date and id", name)
	}
	written, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}

	b := &backend{}
	port := startServer(t, b, serverOptions{})
	if err := send(t, t.Context(), newTestSMTP(t, port, nil), m, testFrom); err != nil {
		t.Fatal(err)
	}
	sent := b.messages()[0].Data

	// go-mail writes headers in map order, so compare parsed messages.
	fromFile, fromSMTP := parseMail(t, written), parseMail(t, sent)
	for k, v := range fromSMTP.Header {
		if !slices.Equal(fromFile.Header[k], v) {
			t.Errorf("header %s: file %q, SMTP %q", k, fromFile.Header[k], v)
		}
	}
	if len(fromFile.Header) != len(fromSMTP.Header) {
		t.Errorf("file has %d headers, SMTP %d", len(fromFile.Header), len(fromSMTP.Header))
	}
	if fromFile.Text != m.Text || fromFile.HTML != m.HTML || fromFile.Subject != m.Subject {
		t.Errorf("file decodes to subject %q, text %q, html %q", fromFile.Subject, fromFile.Text, fromFile.HTML)
	}
	if !slices.Equal(fromFile.Parts, fromSMTP.Parts) {
		t.Errorf("parts: file %q, SMTP %q", fromFile.Parts, fromSMTP.Parts)
	}
}

func TestDirectoryOneFilePerMessageID(t *testing.T) {
	d, dir := newTestDirectory(t)
	m := reminder(1)
	m.CreatedAt = time.Time{} // dated by the clock, which moves between sends
	if err := d.Send(t.Context(), m, ""); err != nil {
		t.Fatal(err)
	}
	m.Subject = "Nhắc việc (gửi lại)"
	if err := d.Send(t.Context(), m, ""); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := d.Send(t.Context(), m, ""); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	files := emlFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("files %q, want one for one Message-ID", files)
	}
	list, err := d.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Subject != m.Subject {
		t.Fatalf("List = %+v, want the message rewritten with subject %q", list, m.Subject)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory holds %d entries, want no temporary files left", len(entries))
	}
}

func TestDirectoryListNewestFirst(t *testing.T) {
	d, _ := newTestDirectory(t)
	subjects := []string{"Thứ nhất", "Thứ hai", "Thứ ba"}
	for i, s := range subjects {
		m := reminder(i)
		m.Subject = s
		// Dates in reverse: List goes by when a file was written, not by name.
		m.CreatedAt = time.Date(2021, 10, 20-i, 0, 0, 0, 0, time.UTC)
		if err := d.Send(t.Context(), m, ""); err != nil {
			t.Fatal(err)
		}
	}
	list, err := d.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range list {
		got = append(got, f.Subject)
		if f.Size <= 0 || f.WrittenAt.IsZero() || f.To != "bithu@phuong.example, vanphong@phuong.example" ||
			!strings.HasPrefix(f.MessageID, "<msg000") {
			t.Errorf("List entry %+v", f)
		}
	}
	if want := []string{"Thứ ba", "Thứ hai", "Thứ nhất"}; !slices.Equal(got, want) {
		t.Errorf("List subjects %q, want newest first %q", got, want)
	}
}

func TestDirectoryOpen(t *testing.T) {
	d, dir := newTestDirectory(t)
	if err := d.Send(t.Context(), reminder(1), ""); err != nil {
		t.Fatal(err)
	}
	list, err := d.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %v, %v", list, err)
	}
	f, err := d.Open(list[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if p := parseMail(t, data); p.Subject != reminder(1).Subject {
		t.Errorf("opened file has subject %q", p.Subject)
	}

	secret := filepath.Join(filepath.Dir(dir), "secret.eml")
	if err := os.WriteFile(secret, []byte("Subject: secret\r\n\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "link.eml")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"../x", "../secret.eml", "..", ".", "", "/etc/passwd", "a/../" + list[0].Name,
		"sub/x.eml", `..\x.eml`, ".tmp-1.eml", list[0].Name + "\x00"} {
		if f, err := d.Open(name); !errors.Is(err, models.ErrInvalid) {
			if f != nil {
				f.Close()
			}
			t.Errorf("Open(%q) err = %v, want invalid input", name, err)
		}
	}
	if f, err := d.Open("link.eml"); err == nil {
		f.Close()
		t.Error("Open followed a symbolic link out of the directory")
	}
	if _, err := d.Open("20000101-000000Z_none.eml"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("Open of a missing file: err = %v, want not found", err)
	}
	list, err = d.List()
	if err != nil || len(list) != 1 {
		t.Errorf("List = %+v, %v; want the symbolic link left out", list, err)
	}
}

func TestDirectoryRefusesInvalidMessages(t *testing.T) {
	d, dir := newTestDirectory(t)
	m := reminder(1)
	m.MessageID = "../../etc/passwd"
	if err := d.Send(t.Context(), m, ""); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("err = %v, want invalid input", err)
	}
	m = reminder(1)
	m.MessageID = "<../../x@y>"
	if err := d.Send(t.Context(), m, ""); err != nil {
		t.Fatal(err)
	}
	files := emlFiles(t, dir)
	if len(files) != 1 || filepath.Dir(files[0]) != dir {
		t.Errorf("files %q, want one inside %s", files, dir)
	}
}

func TestNewDirectory(t *testing.T) {
	if _, err := NewDirectory(""); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("empty dir: err = %v", err)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDirectory(file); err == nil {
		t.Error("a file as the mail directory was accepted")
	}
}

// A message queued with its recipient's link carries it as a one-click
// List-Unsubscribe header (RFC 8058); an http link gets no one-click POST.
func TestMessageUnsubscribeHeaders(t *testing.T) {
	for link, post := range map[string]bool{
		"https://theodoi.example/unsubscribe?token=C1.abc": true,
		"http://localhost:8080/unsubscribe?token=C1.abc":   false,
	} {
		d, dir := newTestDirectory(t)
		m := reminder(1)
		m.Unsubscribe = link
		if err := d.Send(t.Context(), m, testFrom); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(emlFiles(t, dir)[0])
		if err != nil {
			t.Fatal(err)
		}
		eml := string(data)
		if !strings.Contains(eml, "List-Unsubscribe: <"+link+">\r\n") {
			t.Errorf("%s: no List-Unsubscribe header:\n%s", link, eml)
		}
		if got := strings.Contains(eml, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"); got != post {
			t.Errorf("%s: one-click header present %v, want %v", link, got, post)
		}
	}
}

// A subject made from names stored before line breaks were refused stays
// one header: a break in it can neither end the header nor add one.
func TestSubjectWithLineBreaksStaysOneHeader(t *testing.T) {
	for _, subject := range []string{"Nhac viec\r\nBcc: ke-la@example.com", "Nhắc việc\r\nBcc: kẻ-lạ@example.com"} {
		d, dir := newTestDirectory(t)
		m := reminder(1)
		m.Subject = subject
		if err := d.Send(t.Context(), m, testFrom); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(emlFiles(t, dir)[0])
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if bcc := msg.Header.Get("Bcc"); bcc != "" {
			t.Errorf("%q: a Bcc header appeared: %q", subject, bcc)
		}
		got, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || strings.ContainsAny(got, "\r\n") || !strings.Contains(got, "Bcc:") {
			t.Errorf("%q: subject %q %v", subject, got, err)
		}
	}
}
