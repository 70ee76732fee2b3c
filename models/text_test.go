package models

import (
	"strings"
	"testing"
)

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Dòng một\vdòng hai":     "Dòng một\ndòng hai",
		"Trang\fmới":             "Trang\nmới",
		"a\r\nb\rc":              "a\nb\nc",
		"x\u2028y\u2029z":        "x\ny\nz",
		"tab\tgiữ nguyên":        "tab\tgiữ nguyên",
		"nul\x00esc\x1bdel\x7f.": "nul esc del .",
		"không đổi":              "không đổi",
	} {
		got := CleanText(in)
		if got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
		p := Problems{}
		CheckText(p, "text", got, 100)
		if len(p) != 0 {
			t.Errorf("CleanText(%q) = %q still fails the text rule: %v", in, got, p)
		}
	}
}

func TestInputRules(t *testing.T) {
	long := strings.Repeat("Đề nghị báo cáo số hội viên. ", 52) // 1,508 characters, 2,080+ bytes
	for _, c := range []struct {
		name string
		err  error
		bad  bool
	}{
		{"a 1,500-character Vietnamese note", CheckNote(long, true), false},
		{"a note past MaxNote characters", CheckNote(strings.Repeat("ệ", MaxNote+1), false), true},
		{"a note of zero-width and direction marks", CheckNote("\u200b\u200e\u2060\ufeff", true), true},
		{"an empty optional note", CheckNote("", false), false},
		{"a unit name with a line break", (&Unit{CommitteeID: "c", Name: "Hội LHPN\r\nBcc: x", Kind: UnitMassOrg}).Validate(), true},
		{"a unit name on one line", (&Unit{CommitteeID: "c", Name: "Hội LHPN", Kind: UnitMassOrg}).Validate(), false},
		{"a committee in the server's zone", (&Committee{Name: "Đảng ủy phường", TimeZone: "Local"}).Validate(), true},
		{"a committee with a place on two lines", (&Committee{Name: "Đảng ủy phường", PlaceName: "A\nB"}).Validate(), true},
		{"a committee in Hanoi's zone", (&Committee{Name: "Đảng ủy phường", TimeZone: "Asia/Bangkok"}).Validate(), false},
	} {
		if (c.err != nil) != c.bad {
			t.Errorf("%s: %v", c.name, c.err)
		}
	}
}

func TestYearsInReach(t *testing.T) {
	for _, s := range []string{"0000-01-01", "9999-12-31", "1999-12-31", "2100-01-01"} {
		if _, err := ParseDeadline(s); err == nil {
			t.Errorf("deadline %s accepted", s)
		}
	}
	for _, s := range []string{"1999-12", "2100-01", "0000-01"} {
		if _, err := ParseMonth(s); err == nil {
			t.Errorf("month %s accepted", s)
		}
	}
	if _, err := ParseDeadline("2021-10-31"); err != nil {
		t.Error(err)
	}
}
