package models

import (
	"errors"
	"testing"
	"time"
)

func TestReportScopeFor(t *testing.T) {
	unit := ID("01HUNIT0000000000000000000")
	cases := []struct {
		role      Role
		unit      ID
		kind      ReportKind
		whole     bool
		forbidden bool
	}{
		{RoleLeader, "", ReportReview, true, false},
		{RoleLeader, "", ReportCarryOver, true, false},
		{RoleLeader, "", ReportDraft, true, false},
		{RoleOffice, unit, ReportReview, true, false},
		{RoleOffice, unit, ReportDraft, true, false},
		{RoleAdmin, "", ReportReview, true, false},
		{RoleAdmin, "", ReportDraft, true, false},
		{RoleViewer, "", ReportReview, true, false},
		{RoleViewer, "", ReportDraft, false, true},
		{RoleUnit, unit, ReportReview, false, false},
		{RoleUnit, unit, ReportCarryOver, false, false},
		{RoleUnit, unit, ReportDraft, false, true},
		{RoleUnit, "", ReportReview, false, true},
	}
	for _, c := range cases {
		s, err := ReportScopeFor(Actor{Role: c.role, UnitID: c.unit}, c.kind)
		if c.forbidden {
			if !errors.Is(err, ErrForbidden) {
				t.Errorf("%s/%s: want forbidden, got %v", c.role, c.kind, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s/%s: %v", c.role, c.kind, err)
			continue
		}
		if s.Whole() != c.whole || (!c.whole && s.Unit != c.unit) {
			t.Errorf("%s/%s: scope %+v", c.role, c.kind, s)
		}
	}
	if _, err := ReportScopeFor(Actor{Role: RoleLeader}, "minutes"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown report: %v", err)
	}
}

func TestParseReportFormat(t *testing.T) {
	for in, want := range map[string]ReportFormat{"": FormatHTML, "html": FormatHTML, "docx": FormatDOCX, "pdf": FormatPDF} {
		if got, err := ParseReportFormat(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, bad := range []string{"PDF", "doc", "xlsx", "../x", "html "} {
		if _, err := ParseReportFormat(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestBucketOfAgreesWithCountFigures: every task lands in the bucket the
// month's figures count it in.
func TestBucketOfAgreesWithCountFigures(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	asOf := Date("2021-10-31")
	onTime := time.Date(2021, 10, 20, 3, 0, 0, 0, time.UTC)
	late := time.Date(2021, 10, 25, 3, 0, 0, 0, time.UTC)
	tasks := []Task{
		{ID: "a", State: StateDone, Deadline: "2021-10-20", AcceptedAt: &onTime},
		{ID: "b", State: StateDone, Deadline: "2021-10-20", AcceptedAt: &late},
		{ID: "c", State: StateDone},
		{ID: "d", State: StateInProgress, Deadline: "2021-10-15"},
		{ID: "e", State: StateInProgress, Deadline: "2021-10-31"},
		{ID: "f", State: StateCarried, Deadline: "2021-10-10"},
		{ID: "g", State: StateCarried},
		{ID: "h", State: StateCancelled, Deadline: "2021-10-01"},
		{ID: "i", State: StatePaused, Deadline: "2021-11-05"},
	}
	want := map[ID]Bucket{"a": BucketDoneOnTime, "b": BucketDoneLate, "c": BucketDoneOnTime, "d": BucketOpenOverdue,
		"e": BucketOpenWithinTerm, "f": BucketOpenOverdue, "g": BucketOpenWithinTerm, "h": BucketCancelled, "i": BucketOpenWithinTerm}
	clock := FiguresClock(asOf, loc)
	count := map[Bucket]int{}
	for _, task := range tasks {
		b := BucketOf(task, clock)
		if b != want[task.ID] {
			t.Errorf("%s: %s, want %s", task.ID, b, want[task.ID])
		}
		count[b]++
	}
	f := CountFigures("2021-10", tasks, asOf, loc).Totals
	if f.DoneOnTime != count[BucketDoneOnTime] || f.DoneLate != count[BucketDoneLate] ||
		f.OpenWithinTerm != count[BucketOpenWithinTerm] || f.OpenOverdue != count[BucketOpenOverdue] || f.Cancelled != count[BucketCancelled] {
		t.Errorf("figures %+v, buckets %v", f, count)
	}
}
