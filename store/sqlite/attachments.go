package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// attachments keeps the records in the attachments table and the bytes in
// files beside the database (fileStore). The bytes are written before the
// record, so every record's file exists; a Create that stops between the
// two leaves a file no record names, which a later upload of the same
// bytes uses and a purge removes. Writes of attachments never change a
// task list, so they keep the list cache.
type attachments struct{ s *Store }

const attachmentCols = `id, committee_id, task_id, progress_id, name, content_type, size, sha256, unit_id,
    created_by, created_at, removed_at, removed_by`

func attachmentArgs(a models.Attachment) []any {
	return []any{string(a.ID), string(a.CommitteeID), string(a.TaskID), string(a.ProgressID), a.Name, a.Type, a.Size,
		a.SHA256, string(a.UnitID), string(a.CreatedBy), timeArg(a.CreatedAt), timePtrArg(a.RemovedAt), string(a.RemovedBy)}
}

func scanAttachment(sc func(...any) error) (models.Attachment, error) {
	var a models.Attachment
	var size, created, removed any
	err := sc(&a.ID, &a.CommitteeID, &a.TaskID, &a.ProgressID, &a.Name, &a.Type, &size, &a.SHA256, &a.UnitID,
		&a.CreatedBy, &created, &removed, &a.RemovedBy)
	a.Size, a.CreatedAt, a.RemovedAt = intOf(size), timeOf(created), timePtrOf(removed)
	return a, err
}

// Create checks the id first, so a retry returns before reading r and a
// taken id is refused before any byte is written; the insert checks it
// again against a concurrent Create.
func (r attachments) Create(ctx context.Context, a models.Attachment, rd io.Reader, audit models.AuditEntry) error {
	if err := a.Check(); err != nil {
		return err
	}
	stored, err := r.byID(ctx, a.ID)
	switch {
	case err == nil:
		return sameOrDuplicate(a, stored)
	case !errors.Is(err, models.ErrNotFound):
		return err
	}
	if err := r.s.files.put(a.CommitteeID, a.SHA256, a.Size, rd); err != nil {
		return fmt.Errorf("attachment %s: %w", a.ID, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		res, err := tx.exec(`INSERT INTO attachments (`+attachmentCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO NOTHING`, attachmentArgs(a)...)
		if err != nil {
			return mapErr(err, "attachment "+string(a.ID))
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 { // taken since the check
			rows, err := tx.query(`SELECT `+attachmentCols+` FROM attachments WHERE id = ?`, string(a.ID))
			if err != nil {
				return err
			}
			stored, err := one(rows, scanAttachment, "attachment", a.ID)
			if err != nil {
				return err
			}
			return sameOrDuplicate(a, stored)
		}
		return tx.audit(audit)
	})
}

// sameOrDuplicate decides about a Create whose id is stored already.
func sameOrDuplicate(a, stored models.Attachment) error {
	if stored.CommitteeID == a.CommitteeID && a.SameUpload(stored) {
		return nil // a retry of a Create that was saved
	}
	return fmt.Errorf("attachment %s: the id is taken: %w", a.ID, models.ErrDuplicate)
}

// byID reads a record of any committee, for Create's check.
func (r attachments) byID(ctx context.Context, id models.ID) (models.Attachment, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+attachmentCols+` FROM attachments WHERE id = ?`, string(id))
	if err != nil {
		return models.Attachment{}, err
	}
	return one(rows, scanAttachment, "attachment", id)
}

func (r attachments) Get(ctx context.Context, committee, id models.ID) (models.Attachment, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+attachmentCols+` FROM attachments WHERE id = ? AND committee_id = ?`,
		string(id), string(committee))
	if err != nil {
		return models.Attachment{}, err
	}
	return one(rows, scanAttachment, "attachment", id)
}

// listAttachments walks attachments_by_task in list order.
const listAttachments = `SELECT ` + attachmentCols + ` FROM attachments WHERE committee_id = ? AND task_id = ?
ORDER BY created_at, id`

func (r attachments) List(ctx context.Context, committee, task models.ID) ([]models.Attachment, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, listAttachments, string(committee), string(task))
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAttachment)
}

// Open reads the record within the operation timeout; the file is then
// read for as long as the caller needs.
func (r attachments) Open(ctx context.Context, committee, id models.ID) (io.ReadCloser, error) {
	a, err := r.Get(ctx, committee, id)
	if err != nil {
		return nil, err
	}
	if a.RemovedAt != nil {
		return nil, fmt.Errorf("attachment %s was removed: %w", id, models.ErrNotFound)
	}
	return r.s.files.open(a.CommitteeID, a.SHA256)
}

func (r attachments) Remove(ctx context.Context, committee, id, by models.ID, at time.Time, audit models.AuditEntry) error {
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE attachments SET removed_at = ?, removed_by = ?
WHERE id = ? AND committee_id = ? AND removed_at IS NULL`, timeArg(at), string(by), string(id), string(committee))
		if err != nil {
			return mapErr(err, "attachment "+string(id))
		}
		if !ok {
			found, err := tx.exists(`SELECT 1 FROM attachments WHERE id = ? AND committee_id = ?`, string(id), string(committee))
			switch {
			case err != nil:
				return err
			case !found:
				return models.NotFound("attachment", id)
			}
			return nil // removed already: no second audit entry
		}
		return tx.audit(audit)
	})
}

var _ store.Attachments = attachments{}
