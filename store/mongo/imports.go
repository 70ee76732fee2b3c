package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/theodoi/theodoi/models"
)

type imports struct{ s *Store }

// Create inserts the file, then the import, then the audit entry; every id
// is chosen by the caller, so a retry of the same call (same audit id)
// finds what an earlier attempt saved and finishes the rest.
//
// A file whose id is taken is kept when it is this call's (its import
// was saved by an earlier attempt with the same audit id); replaced when
// no import has that id (an earlier attempt saved the file and stopped),
// so the file always matches the import saved with it; and otherwise left
// alone: the import is a duplicate. Window: an attempt that saves the
// file and then fails, and is never retried, leaves a file no import
// refers to; it is never listed, and a cleanup could remove importFiles
// documents without an import.
func (r imports) Create(ctx context.Context, imp models.Import, file []byte, audit models.AuditEntry) error {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	key := byID(imp.CommitteeID, imp.ID)
	if file == nil {
		file = []byte{}
	}
	fileDoc := importFileDoc{ID: imp.ID, CommitteeID: imp.CommitteeID, Data: file}
	_, err := r.s.coll(collImportFiles).InsertOne(ctx, fileDoc)
	if isDuplicate(err) {
		err = r.s.reuseFile(ctx, key, fileDoc, audit.ID)
	}
	if err != nil {
		return mapErr(err, "create file of import %s", imp.ID)
	}
	return r.s.create(ctx, collImports, toImportDoc(imp, audit.ID), key, audit, "import", imp.ID)
}

// reuseFile decides about a file already stored under an import's id (see
// Create).
func (s *Store) reuseFile(ctx context.Context, key bson.D, doc importFileDoc, change models.ID) error {
	m, err := findOne[changeMark](ctx, s.coll(collImports), key, "import", doc.ID)
	switch {
	case err == nil && change != "" && m.LastChangeID == change:
		return nil // saved by an earlier attempt of this call
	case err == nil:
		return fmt.Errorf("import %s: %w", doc.ID, models.ErrDuplicate)
	case !errors.Is(err, models.ErrNotFound):
		return err
	}
	res, err := s.coll(collImportFiles).ReplaceOne(ctx, key, doc)
	if err != nil {
		return err
	}
	if res.MatchedCount == 0 { // the id belongs to another committee's file
		return fmt.Errorf("file of import %s: %w", doc.ID, models.ErrDuplicate)
	}
	return nil
}

func (r imports) Get(ctx context.Context, committee, id models.ID) (models.Import, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[importDoc](ctx, r.s.coll(collImports), byID(committee, id), "import", id)
	return d.model(), err
}

func (r imports) File(ctx context.Context, committee, id models.ID) ([]byte, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	d, err := findOne[importFileDoc](ctx, r.s.coll(collImportFiles), byID(committee, id), "file of import", id)
	if err != nil {
		return nil, err
	}
	return nonNil(d.Data), nil
}

// newestFirst is the order of List and FindSame, on the committee_created index.
var newestFirst = bson.D{{Key: "createdAt", Value: -1}, {Key: "_id", Value: -1}}

func (r imports) FindSame(ctx context.Context, committee models.ID, contentHash, docNumber string) (models.Import, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	same := bson.A{bson.D{{Key: "contentHash", Value: contentHash}}}
	if docNumber != "" {
		same = append(same, bson.D{{Key: "docNumber", Value: docNumber}})
	}
	filter := byCommittee(committee,
		bson.E{Key: "status", Value: bson.D{{Key: "$ne", Value: models.ImportDiscarded}}},
		bson.E{Key: "$or", Value: same})
	docs, err := findAll[importDoc](ctx, r.s.coll(collImports), filter, options.Find().SetSort(newestFirst).SetLimit(1), "imports")
	switch {
	case err != nil:
		return models.Import{}, err
	case len(docs) == 0:
		return models.Import{}, fmt.Errorf("import with the same file or number: %w", models.ErrNotFound)
	}
	return docs[0].model(), nil
}

func (r imports) List(ctx context.Context, committee models.ID) ([]models.Import, error) {
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	opts := options.Find().SetSort(newestFirst).
		SetProjection(bson.D{{Key: "document", Value: 0}, {Key: "items", Value: 0}})
	docs, err := findAll[importDoc](ctx, r.s.coll(collImports), byCommittee(committee), opts, "imports")
	return convertAll(docs, importDoc.model), err
}

// Update replaces the import document (never the file) if the stored
// version is expected, then appends the audit entry.
func (r imports) Update(ctx context.Context, imp models.Import, expected int64, audit models.AuditEntry) error {
	if imp.Version != expected+1 {
		return fmt.Errorf("import %s: new version %d after %d: %w", imp.ID, imp.Version, expected, models.ErrInvalid)
	}
	ctx, cancel := r.s.op(ctx)
	defer cancel()
	return r.s.replace(ctx, collImports, byID(imp.CommitteeID, imp.ID), expected, imp.Version,
		toImportDoc(imp, audit.ID), audit, "import", imp.ID)
}
