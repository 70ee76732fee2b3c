package models

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for s, ok := range map[string]bool{
		"2021-10-31": true, "2024-02-29": true, "2021-02-29": false, "2021-02-30": false,
		"2021-13-01": false, "31/10/2021": false, "2021-1-5": false, "": false, "2021-10-31T00:00:00Z": false,
	} {
		if _, err := ParseDate(s); (err == nil) != ok {
			t.Errorf("ParseDate(%q) error %v, want ok=%v", s, err, ok)
		}
	}
}

func TestMonth(t *testing.T) {
	m, err := ParseMonth("2021-12")
	if err != nil {
		t.Fatal(err)
	}
	if m.Next() != "2022-01" || m.Prev() != "2021-11" || m.LastDay() != "2021-12-31" || Month("2024-02").LastDay() != "2024-02-29" {
		t.Errorf("month arithmetic: %s %s %s", m.Next(), m.Prev(), m.LastDay())
	}
	for _, bad := range []string{"2021-13", "2021-1", "21-10", "", "2021-10-01"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
}

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Ủy ban":                 "uy ban",
		"Uỷ ban":                 "uy ban",
		"U\u0309y ban":           "uy ban", // decomposed hook above
		"TIẾN ĐỘ":                "tien do",
		"  Đảng   ủy  ":          "dang uy",
		"Khẩu trang - Khử khuẩn": "khau trang - khu khuan",
		"thuỷ sản / thủy sản":    "thuy san / thuy san",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIDs(t *testing.T) {
	now := time.Date(2021, 10, 5, 0, 0, 0, 0, time.UTC)
	a, b := NewID(now), NewID(now.Add(time.Millisecond))
	if !a.Valid() || !b.Valid() || a == b || !(a < b) {
		t.Errorf("ids %s %s", a, b)
	}
	for _, bad := range []ID{"", "$ne", "0000000000aaaaaaaaaA", "0000000000aaaaaaaaa", "../../../etc/passwd0"} {
		if bad.Valid() {
			t.Errorf("%q valid", bad)
		}
	}
}

func TestPermissionRules(t *testing.T) {
	task := Task{CommitteeID: "c1", LeadUnitID: "lead", CoordinatingUnitIDs: []ID{"coord"}}
	cases := []struct {
		actor  Actor
		see    bool
		report bool
	}{
		{Actor{CommitteeID: "c1", Role: RoleLeader}, true, false},
		{Actor{CommitteeID: "c1", Role: RoleViewer}, true, false},
		{Actor{CommitteeID: "c1", Role: RoleOffice}, true, false},
		{Actor{CommitteeID: "c1", Role: RoleUnit, UnitID: "lead"}, true, true},
		{Actor{CommitteeID: "c1", Role: RoleUnit, UnitID: "coord"}, true, true},
		{Actor{CommitteeID: "c1", Role: RoleUnit, UnitID: "other"}, false, false},
		{Actor{CommitteeID: "c1", Role: RoleUnit}, false, false},
		{Actor{CommitteeID: "c2", Role: RoleLeader}, false, false},
		{Actor{CommitteeID: "c2", Role: RoleUnit, UnitID: "lead"}, false, false},
	}
	for _, c := range cases {
		if got := c.actor.CanSeeTask(task); got != c.see {
			t.Errorf("%+v sees: %v", c.actor, got)
		}
		if got := c.actor.CanReportOn(task); got != c.report {
			t.Errorf("%+v reports: %v", c.actor, got)
		}
	}
	if Can(RoleUnit, ActAcceptTasks) || Can(RoleOffice, ActWriteTasks) || !Can(RoleLeader, ActAcceptTasks) || Can(RoleAdmin, ActWriteTasks) {
		t.Error("role grants changed")
	}
}

func TestDateInput(t *testing.T) {
	for in, want := range map[string]string{
		"05/11/2026": "2026-11-05", "5/11/2026": "2026-11-05", " 5-11-2026 ": "2026-11-05", "05.11.2026": "2026-11-05",
		"2026-11-05": "2026-11-05", "31/02/2026": "31/02/2026", "11/05": "11/05", "": "",
	} {
		if got := DateInput(in); got != want {
			t.Errorf("DateInput(%q) = %q, want %q", in, got, want)
		}
	}
}
