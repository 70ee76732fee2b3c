package sqlite_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/store/sqlite"
)

// TestOutboxPlans checks that a claim picks due rows from outbox_claim
// and updates them by key (never walking every due row twice or the whole
// table), and that a committee's listing walks outbox_by_time in order.
func TestOutboxPlans(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "theodoi.db"))
	defer s.Close()
	ctx := t.Context()
	claim, lists := sqlite.OutboxQueries()
	plan, err := s.Explain(ctx, claim, "owner", 2, 1, 1, 10, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(plan, "\n")
	if !strings.Contains(lines[0], "(id=?)") {
		t.Errorf("claim: the update does not look the chosen ids up by key:\n%s", plan)
	}
	if !strings.Contains(plan, "USING INDEX outbox_claim") || strings.Contains(plan, "SCAN outbox") {
		t.Errorf("claim: due rows not chosen from outbox_claim:\n%s", plan)
	}
	for _, q := range lists {
		args := []any{"c"}
		if strings.Contains(q, "state = ?") {
			args = append(args, "pending")
		}
		if strings.Contains(q, "(created_at, id) < (?, ?)") {
			args = append(args, 1, "id")
		}
		args = append(args, 100)
		plan, err := s.Explain(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "USING INDEX outbox_by_time") || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s\nplan:\n%s", q, plan)
		}
	}
}
