package services_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/store"
)

// feedEvents parses a feed and returns its events by summary.
func feedEvents(t *testing.T, body []byte) (*ics.Calendar, map[string]*ics.VEvent) {
	t.Helper()
	if lines := bytes.ReplaceAll(body, []byte("\r\n"), nil); !bytes.HasSuffix(body, []byte("END:VCALENDAR\r\n")) || bytes.ContainsAny(lines, "\r\n") {
		t.Fatalf("the feed's lines do not all end in CRLF:\n%q", body)
	}
	if !norm.NFC.IsNormal(body) {
		t.Error("the feed is not NFC")
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, body)
	}
	out := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		out[e.GetProperty(ics.ComponentPropertySummary).Value] = e
	}
	return cal, out
}

// A unit officer's calendar holds the deadlines of the unit's unfinished
// tasks — as lead and, marked so, as coordinating unit — as all-day events
// that keep their UID; not another unit's, not finished ones, not those
// without a deadline. The token is refused once forged, or after the
// password changes.
func TestDeadlineFeed(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	hnd := c.unit("Hội Nông dân phường", "hnd@phuong.example")
	lhpn := c.unit("Hội Liên hiệp Phụ nữ phường", "lhpn@phuong.example")
	c.task(hnd, "Vận động hội viên đăng ký mô hình “Vườn mẫu”", "2021-10-20")
	c.task(lhpn, "Tổ chức hội thi cắm hoa chào mừng ngày 20/10", "2021-10-18", hnd.ID)
	c.task(lhpn, "Tập huấn cán bộ chi hội", "2021-10-04") // not hnd's, and overdue
	c.task(hnd, "Duy trì sinh hoạt chi hội định kỳ", "")  // thường xuyên
	dropped := c.task(hnd, "Tổng kết phong trào nông dân sản xuất giỏi", "2021-10-25")
	if _, err := e.svc.Tasks.Cancel(e.ctx, c.leader, dropped, 0, "Gộp vào hội nghị cuối năm"); err != nil {
		t.Fatal(err)
	}
	officer, _, err := e.svc.Users.Create(e.ctx, c.admin, directory.UserInput{Name: "Nguyễn Văn Hòa", Email: "hoa@phuong.example", Role: models.RoleUnit, UnitID: hnd.ID, Password: "mật khẩu ban đầu"})
	if err != nil {
		t.Fatal(err)
	}
	me := models.Actor{UserID: officer.ID, CommitteeID: c.c.ID, Role: models.RoleUnit, UnitID: hnd.ID}

	token, err := e.svc.Feeds.FeedToken(e.ctx, me)
	if err != nil {
		t.Fatal(err)
	}
	if u := e.svc.Feeds.FeedURL(token); !strings.HasPrefix(u, remBaseURL+"/calendar/") || !strings.HasSuffix(u, ".ics") {
		t.Errorf("feed URL %q", u)
	}
	body, err := e.svc.Feeds.Feed(e.ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	cal, events := feedEvents(t, body)
	lead := events["Hạn: Vận động hội viên đăng ký mô hình “Vườn mẫu”"]
	coord := events["Hạn: Tổ chức hội thi cắm hoa chào mừng ngày 20/10 (phối hợp)"]
	if len(events) != 2 || lead == nil || coord == nil {
		t.Fatalf("events %v, want the unit's two tasks with a deadline", summaries(events))
	}
	if p := lead.GetProperty(ics.ComponentPropertyDtStart); p.Value != "20211020" || p.ICalParameters["VALUE"][0] != "DATE" {
		t.Errorf("DTSTART %+v", p)
	}
	if d := lead.GetProperty(ics.ComponentPropertyDescription).Value; !strings.Contains(d, "Đơn vị chủ trì: Hội Nông dân phường") || !strings.Contains(d, remBaseURL+"/tasks/") {
		t.Errorf("description %q", d)
	}
	var name string
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyXWRCalName) {
			name = p.Value
		}
	}
	if name != "Hạn nhiệm vụ — Hội Nông dân phường — Đảng ủy phường Hương Xuân" {
		t.Errorf("calendar name %q", name)
	}
	// The same UIDs on the next refresh.
	body2, _ := e.svc.Feeds.Feed(e.ctx, token)
	_, again := feedEvents(t, body2)
	if again[lead.GetProperty(ics.ComponentPropertySummary).Value].Id() != lead.Id() || len(cal.Events()) != 2 {
		t.Error("UIDs change between refreshes")
	}

	// A leader's calendar has every unfinished task with a deadline.
	leader, _, err := e.svc.Users.Create(e.ctx, c.admin, directory.UserInput{Name: "Trần Thị Lan", Email: "lan@phuong.example", Role: models.RoleLeader, Password: "mật khẩu bí thư"})
	if err != nil {
		t.Fatal(err)
	}
	lt, _ := e.svc.Feeds.FeedToken(e.ctx, models.Actor{UserID: leader.ID, CommitteeID: c.c.ID, Role: models.RoleLeader})
	lbody, err := e.svc.Feeds.Feed(e.ctx, lt)
	if err != nil {
		t.Fatal(err)
	}
	if _, all := feedEvents(t, lbody); len(all) != 3 || all["Quá hạn: Tập huấn cán bộ chi hội"] == nil {
		t.Errorf("leader's events %v", summaries(all))
	}

	for _, bad := range []string{"", "x", token + "x", strings.Replace(token, string(officer.ID), string(leader.ID), 1), string(c.c.ID) + "." + string(officer.ID) + ".AAAAAAAAAAAAAAAAAAAAAA"} {
		if _, err := e.svc.Feeds.Feed(e.ctx, bad); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("token %q: %v, want not found", bad, err)
		}
	}
	if err := e.svc.Auth.ChangePassword(e.ctx, me, "mật khẩu ban đầu", "mật khẩu mới hơn"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Feeds.Feed(e.ctx, token); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("the old link after a password change: %v", err)
	}
	if fresh, _ := e.svc.Feeds.FeedToken(e.ctx, me); fresh == token {
		t.Error("the token did not change with the password")
	} else if _, err := e.svc.Feeds.Feed(e.ctx, fresh); err != nil {
		t.Errorf("the new link: %v", err)
	}
}

func summaries(m map[string]*ics.VEvent) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Records written before line breaks were refused in names and cleaned
// in texts still make a valid feed: no bare CR, no break inside a
// one-line value.
func TestDeadlineFeedOfOldRecordsWithBreaks(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	hnd := c.unit("Hội Nông dân phường", "hnd@phuong.example")
	id := c.task(hnd, "Vận động hội viên", "2021-10-20")
	hnd.Name = "Hội Nông dân\r\nphường"
	if err := e.st.Units().Update(e.ctx, hnd, hnd.Version, models.AuditEntry{ID: models.NewID(e.clk.Now()), CommitteeID: c.c.ID, Entity: models.EntityUnit, EntityID: hnd.ID, Action: "update"}); err != nil {
		t.Fatal(err)
	}
	old, err := e.st.Tasks().Get(e.ctx, c.c.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	nu := old
	nu.Text, nu.Version = "Vận động\rhội viên\r\nđăng ký\x1b mô hình", old.Version+1
	if err := e.st.Tasks().Update(e.ctx, store.TaskChange{Task: nu, Expected: old.Version, Audit: models.AuditEntry{ID: models.NewID(e.clk.Now()), CommitteeID: c.c.ID, Entity: models.EntityTask, EntityID: id, Action: "update"}}); err != nil {
		t.Fatal(err)
	}
	officer, _, err := e.svc.Users.Create(e.ctx, c.admin, directory.UserInput{Name: "Nguyễn Văn Hòa", Email: "hoa@phuong.example", Role: models.RoleUnit, UnitID: hnd.ID, Password: "mật khẩu ban đầu"})
	if err != nil {
		t.Fatal(err)
	}
	token, err := e.svc.Feeds.FeedToken(e.ctx, models.Actor{UserID: officer.ID, CommitteeID: c.c.ID, Role: models.RoleUnit, UnitID: hnd.ID})
	if err != nil {
		t.Fatal(err)
	}
	body, err := e.svc.Feeds.Feed(e.ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	cal, events := feedEvents(t, body)
	if name := cal.CalendarProperties; len(name) == 0 {
		t.Fatal("no calendar properties")
	}
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyXWRCalName) && p.Value != "Hạn nhiệm vụ — Hội Nông dân phường — Đảng ủy phường Hương Xuân" {
			t.Errorf("X-WR-CALNAME %q", p.Value)
		}
	}
	ev := events["Hạn: Vận động hội viên đăng ký mô hình"]
	if ev == nil {
		t.Fatalf("events %v", summaries(events))
	}
	if d := ev.GetProperty(ics.ComponentPropertyDescription).Value; !strings.HasPrefix(d, "Vận động\nhội viên\nđăng ký  mô hình") || !strings.Contains(d, "Đơn vị chủ trì: Hội Nông dân phường") {
		t.Errorf("description %q", d)
	}
}
