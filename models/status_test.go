package models

import (
	"testing"
	"time"
)

func TestTimelinessOf(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { // a UTC instant
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ptr := func(v time.Time) *time.Time { return &v }
	cases := []struct {
		name     string
		state    WorkState
		deadline Date
		accepted *time.Time
		now      string
		soon     int
		want     Timeliness
	}{
		{"no deadline", StateInProgress, "", nil, "2021-10-05T00:00:00Z", 3, TimelyNoDeadline},
		{"far away", StateNotStarted, "2021-10-31", nil, "2021-10-05T00:00:00Z", 3, TimelyWithinTerm},
		{"just outside due-soon", StateInProgress, "2021-10-31", nil, "2021-10-27T16:59:59Z", 3, TimelyWithinTerm}, // 27/10 23:59 local
		{"enters due-soon at local midnight", StateInProgress, "2021-10-31", nil, "2021-10-27T17:00:00Z", 3, TimelyDueSoon},
		{"due today", StateAwaiting, "2021-10-31", nil, "2021-10-31T16:59:59Z", 3, TimelyDueSoon},
		{"overdue after local end of day", StateInProgress, "2021-10-31", nil, "2021-10-31T17:00:00Z", 3, TimelyOverdue},
		{"still due in UTC but overdue locally", StatePaused, "2021-10-31", nil, "2021-10-31T18:00:00Z", 3, TimelyOverdue},
		{"due-soon window zero", StateInProgress, "2021-10-31", nil, "2021-10-30T10:00:00Z", 0, TimelyWithinTerm},
		{"due-soon window zero, today", StateInProgress, "2021-10-31", nil, "2021-10-31T10:00:00Z", 0, TimelyDueSoon},
		{"accepted on time", StateDone, "2021-10-31", ptr(at("2021-10-31T16:59:59Z")), "2021-12-01T00:00:00Z", 3, TimelyDoneOnTime},
		{"accepted late", StateDone, "2021-10-31", ptr(at("2021-10-31T17:00:00Z")), "2021-11-01T00:00:00Z", 3, TimelyDoneLate},
		{"accepted without deadline", StateDone, "", ptr(at("2022-01-01T00:00:00Z")), "2022-01-02T00:00:00Z", 3, TimelyDoneOnTime},
		{"awaiting past deadline is overdue", StateAwaiting, "2021-10-15", nil, "2021-10-20T00:00:00Z", 3, TimelyOverdue},
		{"cancelled has none", StateCancelled, "2021-10-15", nil, "2021-10-20T00:00:00Z", 3, ""},
		{"carried has none", StateCarried, "2021-10-15", nil, "2021-10-20T00:00:00Z", 3, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := TimelinessOf(c.state, c.deadline, c.accepted, at(c.now), hcm, c.soon)
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestTaskDeriveMatchesTimeliness(t *testing.T) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	for _, acc := range []time.Time{
		time.Date(2021, 10, 31, 16, 59, 0, 0, time.UTC),
		time.Date(2021, 10, 31, 17, 0, 0, 0, time.UTC),
	} {
		task := Task{State: StateDone, Deadline: "2021-10-31", AcceptedAt: &acc, Text: "Ủy ban"}
		task.Derive(hcm, 2)
		late := TimelinessOf(task.State, task.Deadline, task.AcceptedAt, acc, hcm, 3) == TimelyDoneLate
		if task.AcceptedLate != late {
			t.Errorf("accepted %v: AcceptedLate %v, timeliness late %v", acc, task.AcceptedLate, late)
		}
		if task.SearchKey != "uy ban" || task.AreaPosition != 2 {
			t.Errorf("derived %q %d", task.SearchKey, task.AreaPosition)
		}
	}
}

func TestTransitions(t *testing.T) {
	allowed := map[[2]WorkState]bool{
		{StateNotStarted, StateInProgress}: true,
		{StateInProgress, StateAwaiting}:   true,
		{StateAwaiting, StateDone}:         true,
		{StateDone, StateInProgress}:       true,
		{StateCancelled, StateNotStarted}:  true,
		{StatePaused, StateInProgress}:     true,
	}
	refused := [][2]WorkState{
		{StateNotStarted, StateDone}, // acceptance needs a report first
		{StateInProgress, StateDone},
		{StateDone, StateCancelled},
		{StateCarried, StateInProgress},
		{StateCancelled, StateDone},
	}
	for pair := range allowed {
		if !CanTransition(pair[0], pair[1]) {
			t.Errorf("%s → %s refused", pair[0], pair[1])
		}
	}
	for _, pair := range refused {
		if CanTransition(pair[0], pair[1]) {
			t.Errorf("%s → %s allowed", pair[0], pair[1])
		}
	}
}
