package mongo

import "context"

// Test hooks, compiled into tests only.

func (s *Store) DatabaseNameForTest() string { return s.db.Name() }

func (s *Store) DropDatabaseForTest(ctx context.Context) error { return s.db.Drop(ctx) }

// StaleUploadForTest is how old chunks without a file must be to be taken for a dead upload's.
const StaleUploadForTest = staleUpload
