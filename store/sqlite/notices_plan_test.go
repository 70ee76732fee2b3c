package sqlite_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/store/sqlite"
)

// TestNoticePlans checks that every read of notices walks one of their
// indexes in the order it returns (no sort, no scan of the table), and
// that the unread count reads its index alone.
func TestNoticePlans(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "theodoi.db"))
	defer s.Close()
	ctx := t.Context()
	want := map[string]string{
		"list":         "INDEX notices_by_user ",
		"unread list":  "INDEX notices_by_user_read",
		"unread count": "COVERING INDEX notices_by_user_read",
		"mail due":     "INDEX notices_mail_due",
		"unmailed":     "INDEX notices_unmailed",
	}
	for name, q := range sqlite.NoticeQueries() {
		args := make([]any, strings.Count(q, "?"))
		for i := range args {
			args[i] = "x"
		}
		plan, err := s.Explain(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(plan, want[name]) || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s: want a walk of %s without sorting\n%s\nplan:\n%s", name, want[name], q, plan)
		}
	}
}
