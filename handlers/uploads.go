package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

// Uploads are the one body that could grow the server by tens of
// megabytes each: they are spooled to a temporary file (readUpload), and
// a resolution is then read into memory while it is parsed. The
// gate lets a body be read only by someone who may import, and only a few
// at a time: one per person, uploadSlots in all.

const (
	uploadSlots   = 4
	uploadPerUser = 1
	// uploadWait is how long an upload waits for a free slot.
	uploadWait = 10 * time.Second
)

// errUploadBusy answers an upload that found no free slot.
var errUploadBusy = fmt.Errorf("other files are being uploaded; try again in a moment: %w", models.ErrRateLimited)

// errNoFile: the multipart body has no field "file".
var errNoFile = errors.New("no file")

type uploadGate struct {
	slots   chan struct{}
	mu      sync.Mutex
	perUser map[models.ID]int
}

func newUploadGate() *uploadGate {
	return &uploadGate{slots: make(chan struct{}, uploadSlots), perUser: map[models.ID]int{}}
}

// enter takes a slot for user, waiting up to uploadWait for one.
func (g *uploadGate) enter(ctx context.Context, user models.ID) bool {
	g.mu.Lock()
	if g.perUser[user] >= uploadPerUser {
		g.mu.Unlock()
		return false
	}
	g.perUser[user]++
	g.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, uploadWait)
	defer cancel()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		g.leaveUser(user)
		return false
	}
}

func (g *uploadGate) leave(user models.ID) {
	<-g.slots
	g.leaveUser(user)
}

func (g *uploadGate) leaveUser(user models.ID) {
	g.mu.Lock()
	if g.perUser[user]--; g.perUser[user] <= 0 {
		delete(g.perUser, user)
	}
	g.mu.Unlock()
}

// guard runs before the upload handler: permission first, then a slot;
// fail answers in the route's way (JSON or page).
func (g *uploadGate) guard(fail func(*gin.Context, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, ok := actorFrom(c)
		if !ok {
			fail(c, models.ErrUnauthenticated)
			c.Abort()
			return
		}
		if !models.Can(a.Role, models.ActWriteTasks) {
			fail(c, fmt.Errorf("%s may not import resolutions: %w", a.Role, models.ErrForbidden))
			c.Abort()
			return
		}
		if !g.enter(c.Request.Context(), a.UserID) {
			fail(c, errUploadBusy)
			c.Abort()
			return
		}
		defer g.leave(a.UserID)
		c.Next()
	}
}

// upload is a file received from a multipart body, kept in a temporary
// file rather than in memory while the request is handled: a slow or
// large upload holds a little disk, not the server's memory. Close
// removes it.
type upload struct {
	Name, ContentType string
	Size              int64
	file              *os.File
}

// Bytes reads the whole file, for the readers that need it at once (a
// resolution is parsed and stored whole; it is at most the import limit).
func (u *upload) Bytes() ([]byte, error) {
	if _, err := u.file.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	data := make([]byte, u.Size)
	_, err := io.ReadFull(u.file, data)
	return data, err
}

// Close removes the temporary file.
func (u *upload) Close() error {
	err := u.file.Close()
	if rmErr := os.Remove(u.file.Name()); err == nil {
		err = rmErr
	}
	return err
}

// readUpload streams the multipart body to its field "file" and copies
// that file to a temporary file, refusing it past max bytes (nothing is
// kept then); other fields are skipped unread. The caller closes the
// upload.
func readUpload(c *gin.Context, max int64) (*upload, error) {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, errNoFile
	}
	for {
		part, err := mr.NextPart()
		switch {
		case errors.Is(err, io.EOF):
			return nil, errNoFile
		case err != nil:
			return nil, uploadErr(err)
		}
		if part.FormName() != "file" {
			continue
		}
		return spool(part, max)
	}
}

// spool copies one part to a temporary file, at most max bytes.
func spool(part *multipart.Part, max int64) (*upload, error) {
	f, err := os.CreateTemp("", "theodoi-upload-*")
	if err != nil {
		return nil, err
	}
	u := &upload{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), file: f}
	n, err := io.Copy(f, io.LimitReader(part, max+1))
	switch {
	case err != nil:
		err = uploadErr(err)
	case n > max:
		err = errTooLarge
	}
	if err != nil {
		u.Close()
		return nil, err
	}
	u.Size = n
	return u, nil
}

// uploadErr tells a body cut at the size limit from a malformed one.
func uploadErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return errNoFile
}
