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
	// Frozen at the close, on the 31st.
	asOf := Date("2021-10-31")
	if d := LiveAsOf(time.Date(2021, 10, 12, 23, 30, 0, 0, time.UTC), loc); d != "2021-10-13" {
		t.Errorf("live as of, in the committee's zone: %s", d)
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
	if f.Totals.Paused != 1 || f.Totals.CarriedOut != 1 || f.Units[1].Paused != 1 {
		t.Errorf("paused %d, carried out %d", f.Totals.Paused, f.Totals.CarriedOut)
	}
	if p := f.Totals.CompletionPercent(); p != 42.86 {
		t.Errorf("completion %.4f%%", p)
	}
	if f.Totals.ByState[StateDone] != 3 || f.Totals.ByState[StateCarried] != 1 {
		t.Errorf("by state %v", f.Totals.ByState)
	}
}

func TestRoundPercent(t *testing.T) {
	for _, c := range []struct {
		part, whole int
		want        float64
	}{{1, 6, 16.67}, {2, 3, 66.67}, {6, 9, 66.67}, {1, 8, 12.5}, {1, 3, 33.33}, {5, 5, 100}, {0, 4, 0}, {3, 0, 0}, {143, 145, 98.62}, {1, 200, 0.5}, {1, 400, 0.25}, {1, 800, 0.13}} {
		if got := RoundPercent(c.part, c.whole); got != c.want {
			t.Errorf("%d/%d = %v, want %v", c.part, c.whole, got, c.want)
		}
	}
}
