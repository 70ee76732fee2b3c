package models

import (
	"testing"
	"time"
)

func TestDerivedID(t *testing.T) {
	a := DerivedID("carryover", "01abcdefghjkmnpqrstv", "2021-11")
	if !a.Valid() {
		t.Fatalf("%q is not a valid id", a)
	}
	if b := DerivedID("carryover", "01abcdefghjkmnpqrstv", "2021-11"); a != b {
		t.Errorf("not deterministic: %s %s", a, b)
	}
	for _, other := range []ID{
		DerivedID("carryover", "01abcdefghjkmnpqrstv", "2021-12"),
		DerivedID("carryover", "01abcdefghjkmnpqrstv2021-11"),
		DerivedID("carryove", "r01abcdefghjkmnpqrstv", "2021-11"),
	} {
		if other == a || !other.Valid() {
			t.Errorf("%s for other parts (same as %s, or invalid)", other, a)
		}
	}
}

func TestCountFigures(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	at := func(day string) *time.Time {
		d, _ := time.ParseInLocation("2006-01-02 15:04", day, loc)
		return &d
	}
	tasks := []Task{
		{LeadUnitID: "u1", AreaID: "a2", AreaPosition: 2, State: StateDone, Deadline: "2021-10-20", AcceptedAt: at("2021-10-20 23:59")}, // on time
		{LeadUnitID: "u1", AreaID: "a2", AreaPosition: 2, State: StateDone, Deadline: "2021-10-20", AcceptedAt: at("2021-10-21 00:00")}, // late
		{LeadUnitID: "u1", AreaID: "a1", AreaPosition: 1, State: StateDone, AcceptedAt: at("2021-10-30 10:00")},                         // no deadline: on time
		{LeadUnitID: "u2", AreaID: "a1", AreaPosition: 1, State: StateInProgress, Deadline: "2021-10-30"},                               // overdue on the 31st
		{LeadUnitID: "u2", AreaID: "a1", AreaPosition: 1, State: StateAwaiting, Deadline: "2021-10-31"},                                 // due that day: within term
		{LeadUnitID: "u2", AreaID: "a1", AreaPosition: 1, State: StatePaused},                                                           // no deadline: within term
		{LeadUnitID: "u2", AreaID: "a2", AreaPosition: 2, State: StateCarried, Deadline: "2021-10-05"},                                  // carried: not done, overdue
		{LeadUnitID: "u2", AreaID: "a2", AreaPosition: 2, State: StateCancelled, Deadline: "2021-10-05"},                                // counted apart
	}
	now := time.Date(2021, 11, 3, 9, 0, 0, 0, loc)
	asOf := FiguresAsOf("2021-10", now, loc)
	if asOf != "2021-10-31" {
		t.Fatalf("as of %s", asOf)
	}
	if d := FiguresAsOf("2021-10", time.Date(2021, 10, 12, 9, 0, 0, 0, loc), loc); d != "2021-10-12" {
		t.Errorf("as of, mid-month: %s", d)
	}
	f := CountFigures("2021-10", tasks, asOf, loc)
	type c struct{ total, done, onTime, late, open, within, overdue, cancelled int }
	of := func(f Figures) c {
		return c{f.Total, f.Done, f.DoneOnTime, f.DoneLate, f.Open, f.OpenWithinTerm, f.OpenOverdue, f.Cancelled}
	}
	if got, want := of(f.Totals), (c{8, 3, 2, 1, 4, 2, 2, 1}); got != want {
		t.Errorf("totals %+v, want %+v", got, want)
	}
	if len(f.Units) != 2 || f.Units[0].ID != "u1" || of(f.Units[0].Figures) != (c{3, 3, 2, 1, 0, 0, 0, 0}) || of(f.Units[1].Figures) != (c{5, 0, 0, 0, 4, 2, 2, 1}) {
		t.Errorf("units %+v", f.Units)
	}
	if len(f.Areas) != 2 || f.Areas[0].ID != "a1" || of(f.Areas[0].Figures) != (c{4, 1, 1, 0, 3, 2, 1, 0}) {
		t.Errorf("areas %+v", f.Areas)
	}
	if p := f.Totals.CompletionPercent(); p < 42.85 || p > 42.86 {
		t.Errorf("completion %.4f%%", p)
	}
	if f.Totals.ByState[StateDone] != 3 || f.Totals.ByState[StateCarried] != 1 {
		t.Errorf("by state %v", f.Totals.ByState)
	}
}
