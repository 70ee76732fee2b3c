package mongo

import "context"

// Test hooks, compiled into tests only.

func (s *Store) DatabaseNameForTest() string { return s.db.Name() }

func (s *Store) DropDatabaseForTest(ctx context.Context) error { return s.db.Drop(ctx) }
