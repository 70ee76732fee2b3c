package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/models"
)

// TestOpenRefusesAnEmptyFile: a 0-byte file is not made into a new
// database (which would then be seeded with a fresh committee).
func TestOpenRefusesAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "theodoi.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path, Options{})
	if err == nil || !strings.Contains(err.Error(), "empty (0 bytes)") {
		t.Fatalf("opening an empty file: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Error("the empty file was written to")
	}
}

// TestOpenRefusesADamagedFile: pages overwritten with garbage are found
// by the check at start, and the store does not open.
func TestOpenRefusesADamagedFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "theodoi.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 { // enough rows for the table to span pages
		c := models.Committee{ID: models.ID(fmt.Sprintf("c%019d", i)), Name: strings.Repeat("Đảng ủy phường ", 10), TimeZone: models.DefaultTimeZone, Version: 1}
		if err := s.Committees().Create(ctx, c, models.AuditEntry{ID: models.ID(fmt.Sprintf("a%019d", i)), CommitteeID: c.ID, Entity: "committee", EntityID: c.ID, Action: "create"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := 4096
	if len(data) < 6*page {
		t.Fatalf("the database is only %d bytes", len(data))
	}
	for i := 2 * page; i < len(data)-page; i++ { // keep the header page
		data[i] = byte(i * 31)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, path, Options{})
	if err == nil || !errors.Is(err, models.ErrUnavailable) {
		t.Fatalf("opening a damaged file: %v", err)
	}
}

// TestPingReportsAStorageFailureUntilAWriteSucceeds: after a write failed
// for lack of storage, Ping tries a write that changes nothing; when it
// succeeds, the store is ready again and so is the next write.
func TestPingReportsAStorageFailureUntilAWriteSucceeds(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "theodoi.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	full := fmt.Errorf("%w: database or disk is full", models.ErrUnavailable)
	if got := s.health.observe(full); !errors.Is(got, models.ErrUnavailable) || s.health.failure() == nil {
		t.Fatalf("a storage failure was not remembered: %v", got)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("with the cause gone, Ping: %v", err)
	}
	if s.health.failure() != nil {
		t.Error("a successful probe did not clear the failure")
	}
}
