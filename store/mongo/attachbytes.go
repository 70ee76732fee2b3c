package mongo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// putBytes stores a's bytes, read from r, as the GridFS file
// fileID(committee, sha), checked on the way (store.CheckedReader).
//
// GridFS writes the chunks first and the files document last, so a file
// whose files document exists is whole. When it exists, r is only read
// and checked. Otherwise r is uploaded under that id; a check that fails
// makes the driver abort the upload, which deletes the chunks written,
// and no files document is written. Two uploads of the same bytes race on
// the first chunk (the unique {files_id, n} index): the loser reads and
// checks the rest of its r and succeeds if the winner's file is whole by
// then, else reports ErrConflict (try again). Chunks of an upload that
// died are deleted by the next upload of the same bytes once they are
// older than staleUpload.
func (s *Store) putBytes(ctx context.Context, a models.Attachment, r io.Reader) error {
	ctx, cancel := context.WithTimeout(ctx, max(transferTimeout, s.opTimeout))
	defer cancel()
	id := fileID(a.CommitteeID, a.SHA256)
	checked := store.CheckedReader(r, a.Size, a.SHA256)
	stored, err := s.fileStored(ctx, id)
	if err != nil {
		return err
	}
	if !stored {
		if err := s.dropStaleChunks(ctx, id); err != nil {
			return err
		}
		err := s.bucket().UploadFromStreamWithID(ctx, id, a.SHA256, checked)
		switch {
		case err == nil:
			return nil
		case !isDuplicate(err):
			// Every chunk of id is this upload's (another one fails on our
			// first chunk): leave none behind.
			s.dropChunks(id)
			if errors.Is(err, models.ErrInvalid) {
				return err
			}
			return mapErr(err, "store bytes %s", id)
		}
	}
	if _, err := io.Copy(io.Discard, checked); err != nil {
		return err
	}
	if stored {
		return nil
	}
	if stored, err = s.fileStored(ctx, id); err != nil || stored {
		return err
	}
	return fmt.Errorf("bytes %s: another upload of them has not finished: %w", id, models.ErrConflict)
}

// fileStored says whether the GridFS file id is whole (has its files document).
func (s *Store) fileStored(ctx context.Context, id string) (bool, error) {
	err := s.bucket().GetFilesCollection().FindOne(ctx, bson.D{{Key: "_id", Value: id}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return err == nil, mapErr(err, "find bytes %s", id)
}

// dropStaleChunks deletes the chunks of a file that has no files document
// when its first chunk is older than staleUpload. The chunk ids are the
// driver's ObjectIDs, which carry their creation time.
func (s *Store) dropStaleChunks(ctx context.Context, id string) error {
	var first struct {
		ID any `bson:"_id"`
	}
	err := s.bucket().GetChunksCollection().FindOne(ctx, bson.D{{Key: "files_id", Value: id}, {Key: "n", Value: 0}}).Decode(&first)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return mapErr(err, "find chunks of %s", id)
	}
	oid, ok := first.ID.(bson.ObjectID)
	if !ok || time.Since(oid.Timestamp()) < staleUpload {
		return nil // an upload may still be running: ours will race it
	}
	if stored, err := s.fileStored(ctx, id); err != nil || stored {
		return err
	}
	_, err = s.bucket().GetChunksCollection().DeleteMany(ctx, bson.D{{Key: "files_id", Value: id}})
	return mapErr(err, "delete stale chunks of %s", id)
}

// dropChunks deletes the chunks of an upload that failed, on a context of
// its own (the upload's may be what ended it); failing, it leaves them to
// dropStaleChunks.
func (s *Store) dropChunks(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), s.opTimeout)
	defer cancel()
	_, _ = s.bucket().GetChunksCollection().DeleteMany(ctx, bson.D{{Key: "files_id", Value: id}})
}

// purgeAttachmentBytes deletes a committee's GridFS files, found by the
// committee id that starts their ids (an index range on _id and on
// files_id): the files documents first, so no file is whole meanwhile.
func (s *Store) purgeAttachmentBytes(ctx context.Context, committee models.ID) error {
	ids := bson.D{{Key: "$gte", Value: string(committee) + ":"}, {Key: "$lt", Value: string(committee) + ";"}}
	b := s.bucket()
	if _, err := b.GetFilesCollection().DeleteMany(ctx, bson.D{{Key: "_id", Value: ids}}); err != nil {
		return mapErr(err, "purge attachment files of committee %s", committee)
	}
	_, err := b.GetChunksCollection().DeleteMany(ctx, bson.D{{Key: "files_id", Value: ids}})
	return mapErr(err, "purge attachment chunks of committee %s", committee)
}
