package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/theodoi/theodoi/models"
)

// Imports are kept in two tables: imports (the record) and import_files
// (the original file, read only by File). Writes of imports never change a
// task list, so they keep the list cache.
type imports struct{ s *Store }

// importCols are what a listing reads; importFullCols add the parsed
// document and the items.
const (
	importCols = `id, committee_id, status, file_name, content_type, file_size, content_hash, doc_number, month,
    task_ids, version, created_by, created_at, updated_by, updated_at, committed_at`
	importFullCols = importCols + `, document, items`
)

// importArgs are the values of importFullCols, in order.
func importArgs(imp models.Import) ([]any, error) {
	items, err := itemsArg(imp.Items)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", imp.ID, err)
	}
	taskIDs, err := json.Marshal(nonNil(imp.TaskIDs))
	if err != nil {
		return nil, fmt.Errorf("import %s: task ids: %w", imp.ID, err)
	}
	return []any{
		string(imp.ID), string(imp.CommitteeID), string(imp.Status), imp.FileName, imp.ContentType, imp.FileSize,
		imp.ContentHash, imp.DocNumber, string(imp.Month), string(taskIDs), imp.Version,
		string(imp.CreatedBy), timeArg(imp.CreatedAt), string(imp.UpdatedBy), timeArg(imp.UpdatedAt), timePtrArg(imp.CommittedAt),
		blobArg(imp.Document), items,
	}, nil
}

// scanImport reads importCols, and the document and items when full.
func scanImport(full bool) func(sc func(...any) error) (models.Import, error) {
	return func(sc func(...any) error) (models.Import, error) {
		var imp models.Import
		var taskIDs, items string
		var document []byte
		var size, version, created, updated, committed any
		dest := []any{&imp.ID, &imp.CommitteeID, &imp.Status, &imp.FileName, &imp.ContentType, &size, &imp.ContentHash,
			&imp.DocNumber, &imp.Month, &taskIDs, &version, &imp.CreatedBy, &created, &imp.UpdatedBy, &updated, &committed}
		if full {
			dest = append(dest, &document, &items)
		}
		if err := sc(dest...); err != nil {
			return imp, err
		}
		imp.FileSize, imp.Version = intOf(size), intOf(version)
		imp.CreatedAt, imp.UpdatedAt, imp.CommittedAt = timeOf(created), timeOf(updated), timePtrOf(committed)
		imp.TaskIDs = []models.ID{}
		if err := json.Unmarshal([]byte(taskIDs), &imp.TaskIDs); err != nil {
			return imp, fmt.Errorf("import %s: task ids: %w", imp.ID, err)
		}
		imp.TaskIDs = nonNil(imp.TaskIDs)
		imp.Items = []models.ImportItem{}
		if full {
			if len(document) > 0 {
				imp.Document = json.RawMessage(document)
			}
			var err error
			if imp.Items, err = itemsOf(items); err != nil {
				return imp, fmt.Errorf("import %s: %w", imp.ID, err)
			}
		}
		return imp, nil
	}
}

func (r imports) Create(ctx context.Context, imp models.Import, file []byte, audit models.AuditEntry) error {
	args, err := importArgs(imp)
	if err != nil {
		return err
	}
	if file == nil {
		file = []byte{} // data is NOT NULL; an empty file is still a file
	}
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		if _, err := tx.exec(`INSERT INTO imports (`+importFullCols+`)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...); err != nil {
			return mapErr(err, "import "+string(imp.ID))
		}
		if _, err := tx.exec(`INSERT INTO import_files (committee_id, import_id, data) VALUES (?, ?, ?)`,
			string(imp.CommitteeID), string(imp.ID), file); err != nil {
			return mapErr(err, "file of import "+string(imp.ID))
		}
		return tx.audit(audit)
	})
}

func (r imports) Get(ctx context.Context, committee, id models.ID) (models.Import, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+importFullCols+` FROM imports WHERE id = ? AND committee_id = ?`, string(id), string(committee))
	if err != nil {
		return models.Import{}, err
	}
	return one(rows, scanImport(true), "import", id)
}

func (r imports) File(ctx context.Context, committee, id models.ID) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	var data []byte
	err := r.s.get(ctx, models.NotFound("file of import", id),
		`SELECT data FROM import_files WHERE committee_id = ? AND import_id = ?`, []any{string(committee), string(id)}, &data)
	if err != nil {
		return nil, err
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

func (r imports) FindSame(ctx context.Context, committee models.ID, contentHash, docNumber string) (models.Import, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+importFullCols+` FROM imports
WHERE committee_id = ? AND status <> ? AND (content_hash = ? OR (doc_number <> '' AND doc_number = ?))
ORDER BY created_at DESC, id DESC LIMIT 1`,
		string(committee), string(models.ImportDiscarded), contentHash, docNumber)
	if err != nil {
		return models.Import{}, err
	}
	list, err := collect(rows, scanImport(true))
	switch {
	case err != nil:
		return models.Import{}, err
	case len(list) == 0:
		return models.Import{}, fmt.Errorf("import with the same file or number: %w", models.ErrNotFound)
	}
	return list[0], nil
}

func (r imports) List(ctx context.Context, committee models.ID) ([]models.Import, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, `SELECT `+importCols+` FROM imports WHERE committee_id = ? ORDER BY created_at DESC, id DESC`, string(committee))
	if err != nil {
		return nil, err
	}
	return collect(rows, scanImport(false))
}

// Update saves every field of the record; the file is never rewritten.
func (r imports) Update(ctx context.Context, imp models.Import, expected int64, audit models.AuditEntry) error {
	if imp.Version != expected+1 {
		return fmt.Errorf("import %s: new version %d after %d: %w", imp.ID, imp.Version, expected, models.ErrInvalid)
	}
	args, err := importArgs(imp)
	if err != nil {
		return err
	}
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		ok, err := tx.execOne(`UPDATE imports SET status = ?, file_name = ?, content_type = ?, file_size = ?, content_hash = ?,
    doc_number = ?, month = ?, task_ids = ?, version = ?, created_by = ?, created_at = ?, updated_by = ?, updated_at = ?,
    committed_at = ?, document = ?, items = ?
WHERE id = ? AND committee_id = ? AND version = ?`, append(args[2:], string(imp.ID), string(imp.CommitteeID), expected)...)
		if err != nil {
			return mapErr(err, "import "+string(imp.ID))
		}
		if !ok {
			return tx.versionMiss("import", imp.ID, `SELECT 1 FROM imports WHERE id = ? AND committee_id = ?`, string(imp.ID), string(imp.CommitteeID))
		}
		return tx.audit(audit)
	})
}

// The items are stored as JSON with the names below. They are the store's
// own, apart from the models' API tags, so a change there cannot silently
// change what is stored. Slices are written as arrays and read back
// non-nil.

type itemJSON struct {
	Key                 string         `json:"key"`
	AreaID              models.ID      `json:"areaId"`
	NewAreaName         string         `json:"newAreaName"`
	Text                string         `json:"text"`
	Source              sourceJSON     `json:"source"`
	LeadUnitID          models.ID      `json:"leadUnitId"`
	CoordinatingUnitIDs []models.ID    `json:"coordinatingUnitIds"`
	FollowUpUnitID      models.ID      `json:"followUpUnitId"`
	Deadline            models.Date    `json:"deadline"`
	DeadlineReason      string         `json:"deadlineReason"`
	Condition           string         `json:"condition,omitempty"`
	Continues           bool           `json:"continues"`
	Footnotes           []string       `json:"footnotes"`
	Flags               []string       `json:"flags"`
	Suggestion          suggestionJSON `json:"suggestion"`
	Dropped             bool           `json:"dropped"`
}

type sourceJSON struct {
	Resolution string `json:"resolution"`
	Section    string `json:"section"`
	AreaIndex  int    `json:"areaIndex"`
	ItemIndex  int    `json:"itemIndex"`
}

type suggestionJSON struct {
	LeadUnitID          models.ID   `json:"leadUnitId"`
	LeadConfidence      float64     `json:"leadConfidence"`
	LeadReason          string      `json:"leadReason"`
	CoordinatingUnitIDs []models.ID `json:"coordinatingUnitIds"`
	CoordinatingReasons []string    `json:"coordinatingReasons"`
	AreaReason          string      `json:"areaReason"`
}

func itemsArg(items []models.ImportItem) (string, error) {
	out := make([]itemJSON, 0, len(items))
	for _, it := range items {
		s := it.Suggestion
		out = append(out, itemJSON{
			Key: it.Key, AreaID: it.AreaID, NewAreaName: it.NewAreaName, Text: it.Text,
			Source: sourceJSON{Resolution: it.Source.Resolution, Section: it.Source.Section,
				AreaIndex: it.Source.AreaIndex, ItemIndex: it.Source.ItemIndex},
			LeadUnitID: it.LeadUnitID, CoordinatingUnitIDs: nonNil(it.CoordinatingUnitIDs), FollowUpUnitID: it.FollowUpUnitID,
			Deadline: it.Deadline, DeadlineReason: it.DeadlineReason, Condition: it.Condition, Continues: it.Continues,
			Footnotes: nonNil(it.Footnotes), Flags: nonNil(it.Flags),
			Suggestion: suggestionJSON{LeadUnitID: s.LeadUnitID, LeadConfidence: s.LeadConfidence, LeadReason: s.LeadReason,
				CoordinatingUnitIDs: nonNil(s.CoordinatingUnitIDs), CoordinatingReasons: nonNil(s.CoordinatingReasons),
				AreaReason: s.AreaReason},
			Dropped: it.Dropped,
		})
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("items: %w", err)
	}
	return string(b), nil
}

func itemsOf(s string) ([]models.ImportItem, error) {
	var stored []itemJSON
	if err := json.Unmarshal([]byte(s), &stored); err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	out := make([]models.ImportItem, 0, len(stored))
	for _, it := range stored {
		s := it.Suggestion
		out = append(out, models.ImportItem{
			Key: it.Key, AreaID: it.AreaID, NewAreaName: it.NewAreaName, Text: it.Text,
			Source: models.SourceRef{Resolution: it.Source.Resolution, Section: it.Source.Section,
				AreaIndex: it.Source.AreaIndex, ItemIndex: it.Source.ItemIndex},
			LeadUnitID: it.LeadUnitID, CoordinatingUnitIDs: nonNil(it.CoordinatingUnitIDs), FollowUpUnitID: it.FollowUpUnitID,
			Deadline: it.Deadline, DeadlineReason: it.DeadlineReason, Condition: it.Condition, Continues: it.Continues,
			Footnotes: nonNil(it.Footnotes), Flags: nonNil(it.Flags),
			Suggestion: models.Suggestion{LeadUnitID: s.LeadUnitID, LeadConfidence: s.LeadConfidence, LeadReason: s.LeadReason,
				CoordinatingUnitIDs: nonNil(s.CoordinatingUnitIDs), CoordinatingReasons: nonNil(s.CoordinatingReasons),
				AreaReason: s.AreaReason},
			Dropped: it.Dropped,
		})
	}
	return out, nil
}

// nonNil makes a nil slice empty: stored as an array, read back non-nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
