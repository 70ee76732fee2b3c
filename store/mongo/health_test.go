package mongo_test

import (
	"errors"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/ferrettest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store/mongo"
)

// When the database goes away, reads, writes and the readiness probe say
// "unavailable" (503 for the API, not ready for /readyz), not an internal
// error.
func TestStoppedServerIsUnavailable(t *testing.T) {
	uri, stop, err := ferrettest.Start(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			stop()
		}
	})
	s, err := mongo.Open(t.Context(), uri+"?serverSelectionTimeoutMS=500", mongo.Options{Database: "health", OpTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := models.Committee{ID: models.NewID(time.Now()), Name: "Đảng ủy phường Thủy Xuân", TimeZone: "Asia/Ho_Chi_Minh", Version: 1}
	if err := s.Committees().Create(t.Context(), c, models.AuditEntry{ID: models.NewID(time.Now()), CommitteeID: c.ID, Entity: "committee", EntityID: c.ID, Action: "create"}); err != nil {
		t.Fatal(err)
	}
	stop()
	stopped = true

	if err := s.Ping(t.Context()); !errors.Is(err, models.ErrUnavailable) {
		t.Errorf("ping: %v", err)
	}
	if _, err := s.Committees().Get(t.Context(), c.ID); !errors.Is(err, models.ErrUnavailable) {
		t.Errorf("read: %v", err)
	}
	u := models.Unit{ID: models.NewID(time.Now()), CommitteeID: c.ID, Name: "Chi bộ 1", Kind: models.UnitPartyCell, Active: true, Version: 1}
	if err := s.Units().Create(t.Context(), u, models.AuditEntry{ID: models.NewID(time.Now()), CommitteeID: c.ID, Entity: "unit", EntityID: u.ID, Action: "create"}); !errors.Is(err, models.ErrUnavailable) {
		t.Errorf("write: %v", err)
	}
}
