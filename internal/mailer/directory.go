package mailer

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/theodoi/theodoi/models"
)

// DirectoryFrom is the sender a Directory writes when Send gets none.
const DirectoryFrom = "theodoi@localhost"

// Directory writes each message as an RFC 5322 .eml file instead of
// sending it: the default when no SMTP host is configured, so that a new
// installation shows what it would send. A message is one file: sending
// the same Message-ID again replaces it.
type Directory struct {
	dir  string
	opts options
	// mu makes choosing a file name and renaming into it one step, so two
	// concurrent sends of the same message leave one file.
	mu sync.Mutex
}

var _ Sender = (*Directory)(nil)

// EmlFile describes a written message for an admin page.
type EmlFile struct {
	Name      string    `json:"name"`
	Size      int64     `json:"size"`
	WrittenAt time.Time `json:"writtenAt"`
	Subject   string    `json:"subject"` // decoded
	To        string    `json:"to"`
	MessageID string    `json:"messageId"`
}

// NewDirectory creates dir if needed and checks that files can be written
// in it.
func NewDirectory(dir string, opts ...Option) (*Directory, error) {
	if strings.TrimSpace(dir) == "" {
		return nil, fmt.Errorf("mail directory: %w", models.Invalid("dir", "required"))
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("mail directory: %w", err)
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return nil, fmt.Errorf("mail directory %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return nil, fmt.Errorf("mail directory: %w", err)
	}
	return &Directory{dir: dir, opts: newOptions(opts)}, nil
}

// Dir is the directory the files are written in.
func (d *Directory) Dir() string { return d.dir }

// Send writes m to "<date>_<message id>_<hash>.eml", dated by
// m.CreatedAt; a file for the same Message-ID is replaced whatever its
// date.
func (d *Directory) Send(ctx context.Context, m models.Message, from string) error {
	if from == "" {
		from = DirectoryFrom
	}
	env, err := compose(m, from, d.opts)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Write aside and rename, so List and Open never see half a file.
	tmp, err := os.CreateTemp(d.dir, ".tmp-*.eml")
	if err != nil {
		return fmt.Errorf("write eml: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriter(tmp)
	if _, err := env.msg.WriteTo(w); err != nil {
		return fmt.Errorf("write eml: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write eml: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write eml: %w", err)
	}
	now := d.opts.clock.Now()
	if err := os.Chtimes(tmp.Name(), now, now); err != nil {
		return fmt.Errorf("write eml: %w", err)
	}

	key := fileKey(env.messageID)
	d.mu.Lock()
	defer d.mu.Unlock()
	name, err := d.find(key)
	if err != nil {
		return err
	}
	if name == "" {
		name = dateOf(m, d.opts).Format("20060102-150405Z") + "_" + key + ".eml"
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.dir, name)); err != nil {
		return fmt.Errorf("write eml: %w", err)
	}
	done = true
	return nil
}

// fileKey is the part of a file name that stands for a Message-ID: the id
// made safe for a file name, and a hash that keeps two ids apart when
// making them safe made them alike.
func fileKey(messageID string) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			return r
		}
		return '-'
	}, messageID)
	if len(safe) > 64 {
		safe = safe[:64]
	}
	sum := sha256.Sum256([]byte(messageID))
	return safe + "_" + hex.EncodeToString(sum[:4])
}

// find returns the name of the file written for key, if any.
func (d *Directory) find(key string) (string, error) {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return "", fmt.Errorf("read mail directory: %w", err)
	}
	suffix := "_" + key + ".eml"
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), suffix) && validName(e.Name()) {
			return e.Name(), nil
		}
	}
	return "", nil
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.eml$`)

// validName accepts the names Send writes and nothing with a path in it.
func validName(name string) bool { return namePattern.MatchString(name) }

// List returns the written messages, newest first.
func (d *Directory) List() ([]EmlFile, error) {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return nil, fmt.Errorf("read mail directory: %w", err)
	}
	files := make([]EmlFile, 0, len(entries))
	for _, e := range entries {
		if !e.Type().IsRegular() || !validName(e.Name()) {
			continue
		}
		info, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // replaced meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("read mail directory: %w", err)
		}
		f := EmlFile{Name: e.Name(), Size: info.Size(), WrittenAt: info.ModTime().UTC()}
		d.readHeader(&f)
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b EmlFile) int {
		if c := b.WrittenAt.Compare(a.WrittenAt); c != 0 {
			return c
		}
		return strings.Compare(b.Name, a.Name)
	})
	return files, nil
}

// readHeader fills in what List shows from the file's header; a file that
// does not parse is listed without it.
func (d *Directory) readHeader(f *EmlFile) {
	file, err := os.Open(filepath.Join(d.dir, f.Name))
	if err != nil {
		return
	}
	defer file.Close()
	msg, err := mail.ReadMessage(bufio.NewReader(io.LimitReader(file, 64<<10)))
	if err != nil {
		return
	}
	dec := new(mime.WordDecoder)
	decode := func(s string) string {
		if out, err := dec.DecodeHeader(s); err == nil {
			return out
		}
		return s
	}
	f.Subject = decode(msg.Header.Get("Subject"))
	f.To = decode(msg.Header.Get("To"))
	f.MessageID = msg.Header.Get("Message-ID")
}

// Open opens a written message for download. name must be one that List
// returned: anything with a path in it is refused.
func (d *Directory) Open(name string) (*os.File, error) {
	if !validName(name) {
		return nil, fmt.Errorf("open eml: %w", models.Invalid("name", fmt.Sprintf("not a mail file name: %q", name)))
	}
	// The root also refuses a symbolic link that leads out of the directory.
	f, err := os.OpenInRoot(d.dir, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open eml %s: %w: %w", name, models.ErrNotFound, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open eml %s: %w", name, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open eml %s: %w", name, err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("open eml %s: %w", name, models.ErrNotFound)
	}
	return f, nil
}
