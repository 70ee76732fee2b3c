package mongo_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store/mongo"
)

func attachmentOf(committee, id models.ID, data []byte, now time.Time) models.Attachment {
	sum := sha256.Sum256(data)
	return models.Attachment{ID: id, CommitteeID: committee, TaskID: "t000000000000000000a", Name: "Báo cáo.pdf",
		Type: "application/pdf", Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), CreatedBy: "u000000000000000000a", CreatedAt: now}
}

// Equal bytes are one GridFS file per committee, whose id starts with the
// committee's: concurrent uploads of them store it once, each either
// succeeding or told to try again (ErrConflict), never leaving a second
// set of chunks; a failed check leaves no chunk.
func TestAttachmentBytesStoredOnce(t *testing.T) {
	backends(t, func(t *testing.T, uri string) {
		s := openFresh(t, uri)
		ctx := t.Context()
		now := time.Date(2021, 9, 23, 1, 2, 3, 0, time.UTC)
		c := models.ID("c000000000000000000a")
		data := bytes.Repeat([]byte("minh chứng "), 60000) // 3 chunks
		var wg sync.WaitGroup
		errs := make([]error, 6)
		ids := make([]models.ID, len(errs))
		for i := range errs {
			ids[i] = models.NewID(now)
			wg.Go(func() {
				errs[i] = s.Attachments().Create(ctx, attachmentOf(c, ids[i], data, now), bytes.NewReader(data), models.AuditEntry{})
			})
		}
		wg.Wait()
		stored := 0
		for i, err := range errs {
			switch {
			case err == nil:
				stored++
				rc, err := s.Attachments().Open(ctx, c, ids[i])
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || !bytes.Equal(got, data) {
					t.Errorf("upload %d: %d bytes back, %v", i, len(got), err)
				}
			case !errors.Is(err, models.ErrConflict):
				t.Errorf("upload %d: %v, want success or ErrConflict", i, err)
			}
		}
		if stored == 0 {
			t.Error("no upload succeeded")
		}

		bad := attachmentOf(c, models.NewID(now), append([]byte("other "), data...), now)
		if err := s.Attachments().Create(ctx, bad, bytes.NewReader(data), models.AuditEntry{}); !errors.Is(err, models.ErrInvalid) {
			t.Errorf("mismatched bytes: %v, want ErrInvalid", err)
		}
		db := connect(t, uri).Database(s.DatabaseNameForTest())
		files, chunks := db.Collection("attachments.files"), db.Collection("attachments.chunks")
		sum := sha256.Sum256(data)
		id := string(c) + ":" + hex.EncodeToString(sum[:])
		if n, err := files.CountDocuments(ctx, bson.D{}); err != nil || n != 1 {
			t.Errorf("GridFS files: %d, %v; want 1", n, err)
		}
		if n, err := chunks.CountDocuments(ctx, bson.D{{Key: "files_id", Value: id}}); err != nil || n != 3 {
			t.Errorf("chunks of %s: %d, %v; want 3", id, n, err)
		}
		if n, err := chunks.CountDocuments(ctx, bson.D{}); err != nil || n != 3 {
			t.Errorf("chunks in all: %d, %v; want 3 (none left by the mismatched upload)", n, err)
		}
	})
}

// Chunks left by an upload that died (no files document) are replaced by
// the next upload of the same bytes once they are old; young ones are an
// upload that may still run.
func TestAttachmentStaleChunks(t *testing.T) {
	backends(t, func(t *testing.T, uri string) {
		s := openFresh(t, uri)
		ctx := t.Context()
		now := time.Date(2021, 9, 23, 1, 2, 3, 0, time.UTC)
		c := models.ID("c000000000000000000a")
		data := []byte("Báo cáo kết quả")
		a := attachmentOf(c, models.NewID(now), data, now)
		chunks := connect(t, uri).Database(s.DatabaseNameForTest()).Collection("attachments.chunks")
		leftover := func(age time.Duration) {
			t.Helper()
			_, err := chunks.InsertOne(ctx, bson.D{{Key: "_id", Value: bson.NewObjectIDFromTimestamp(time.Now().Add(-age))},
				{Key: "files_id", Value: string(c) + ":" + a.SHA256}, {Key: "n", Value: int32(0)},
				{Key: "data", Value: bson.Binary{Data: []byte("half")}}})
			if err != nil {
				t.Fatal(err)
			}
		}

		leftover(time.Minute)
		if err := s.Attachments().Create(ctx, a, bytes.NewReader(data), models.AuditEntry{}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("beside a running upload's chunks: %v, want ErrConflict", err)
		}
		if _, err := chunks.DeleteMany(ctx, bson.D{}); err != nil {
			t.Fatal(err)
		}
		leftover(mongo.StaleUploadForTest + time.Minute)
		if err := s.Attachments().Create(ctx, a, bytes.NewReader(data), models.AuditEntry{}); err != nil {
			t.Fatalf("beside a dead upload's chunks: %v", err)
		}
		rc, err := s.Attachments().Open(ctx, c, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		if got, err := io.ReadAll(rc); err != nil || !bytes.Equal(got, data) {
			t.Errorf("bytes: %q, %v; want %q", got, err, data)
		}
	})
}
