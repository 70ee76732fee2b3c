package services_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
)

// The reminder tests live on 5 October 2021 in Vietnam (UTC+7), where
// 07:30 local is 00:30 UTC.

const remBaseURL = "https://theodoi.example.vn"

var remVN = func() *time.Location {
	loc, err := time.LoadLocation(models.DefaultTimeZone)
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}()

// remAt is a moment of October 2021, Vietnam time.
func remAt(day, hour, minute int) time.Time {
	return time.Date(2021, 10, day, hour, minute, 0, 0, remVN).UTC()
}

// remClock is a clock the test moves; safe for concurrent readers.
type remClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *remClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *remClock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// remEnv is a store, a clock and the services of one replica.
type remEnv struct {
	tb  testing.TB
	ctx context.Context
	st  store.Store
	clk *remClock
	svc *services.Services
}

func remServices(st store.Store, clk models.Clock, instance string, m outbox.Mailer) *services.Services {
	return services.New(st, clk, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{
		BaseURL: remBaseURL,
		Mailer:  m,
		Mail:    outbox.MailOptions{From: "theodoi@phuong.example", Instance: instance},
	})
}

func newRemEnv(tb testing.TB, m outbox.Mailer) *remEnv {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "r.db"), sqlite.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return newRemEnvOn(tb, st, m)
}

// newRemEnvOn is newRemEnv over a store of the caller's choice.
func newRemEnvOn(tb testing.TB, st store.Store, m outbox.Mailer) *remEnv {
	tb.Helper()
	ctx := context.Background()
	clk := &remClock{now: remAt(5, 7, 0)}
	return &remEnv{tb: tb, ctx: ctx, st: st, clk: clk, svc: remServices(st, clk, "a", m)}
}

// remCommittee is a committee with its admin, a leader and its first area.
type remCommittee struct {
	e             *remEnv
	c             models.Committee
	admin, leader models.Actor
	area          models.ID
}

func (e *remEnv) committee(name, tz string) *remCommittee {
	e.tb.Helper()
	c, err := e.svc.Committees.Create(e.ctx, models.Committee{Name: name, TimeZone: tz})
	if err != nil {
		e.tb.Fatal(err)
	}
	rc := &remCommittee{e: e, c: c,
		admin:  models.Actor{UserID: "01aaaaaaaaaaaaaaaaaa", CommitteeID: c.ID, Role: models.RoleAdmin},
		leader: models.Actor{UserID: "01bbbbbbbbbbbbbbbbbb", CommitteeID: c.ID, Role: models.RoleLeader},
	}
	areas, err := e.svc.Areas.List(e.ctx, rc.leader)
	if err != nil || len(areas) == 0 {
		e.tb.Fatalf("areas: %v %v", err, areas)
	}
	rc.area = areas[0].ID
	return rc
}

func (c *remCommittee) unit(name string, emails ...string) models.Unit {
	c.e.tb.Helper()
	u, err := c.e.svc.Units.Create(c.e.ctx, c.admin, directory.UnitInput{Kind: models.UnitMassOrg, Name: name, Emails: emails})
	if err != nil {
		c.e.tb.Fatal(err)
	}
	return u
}

// task assigns a task of October 2021 led by unit; deadline "" is thường xuyên.
func (c *remCommittee) task(unit models.Unit, text, deadline string, coordinating ...models.ID) models.ID {
	c.e.tb.Helper()
	v, err := c.e.svc.Tasks.Create(c.e.ctx, c.leader, task.TaskInput{
		Period: "2021-10", AreaID: c.area, Text: text, LeadUnitID: unit.ID, CoordinatingUnitIDs: coordinating, Deadline: deadline,
	})
	if err != nil {
		c.e.tb.Fatal(err)
	}
	return v.ID
}

// officer is a user of unit.
func (c *remCommittee) officer(unit models.Unit) models.Actor {
	return models.Actor{UserID: "01cccccccccccccccccc", CommitteeID: c.c.ID, Role: models.RoleUnit, UnitID: unit.ID}
}

// run runs the reminders as of at with the clock set there too.
func (e *remEnv) run(svc *services.Services, at time.Time) string {
	e.tb.Helper()
	e.clk.set(at)
	sum, err := svc.Reminders.RunDue(e.ctx, at)
	if err != nil {
		e.tb.Fatalf("RunDue at %s: %v", at, err)
	}
	return sum
}

// outbox lists every queued message, oldest first.
func (e *remEnv) outbox() []models.Message {
	e.tb.Helper()
	e.svc.Auth.Settle() // reset links are queued after their request is answered
	ms, err := e.st.Outbox().List(e.ctx, store.MessageFilter{Limit: 100000})
	if err != nil {
		e.tb.Fatal(err)
	}
	slices.Reverse(ms)
	return ms
}

func (e *remEnv) only(unit models.Unit) models.Message {
	e.tb.Helper()
	var found []models.Message
	for _, m := range e.outbox() {
		if strings.HasPrefix(m.Key, "reminder:unit:"+string(unit.ID)+":") {
			found = append(found, m)
		}
	}
	// One reminder a day, as one copy per address of the unit.
	if len(found) != len(unit.Emails) {
		e.tb.Fatalf("%s: %d reminders, want exactly one per address (%d): %+v", unit.Name, len(found), len(unit.Emails), found)
	}
	got := map[string]bool{}
	for _, m := range found {
		if len(m.To) != 1 || !slices.Contains(unit.Emails, m.To[0]) || got[m.To[0]] || m.Unsubscribe == "" {
			e.tb.Fatalf("%s: copy to %v (unsubscribe %q)", unit.Name, m.To, m.Unsubscribe)
		}
		got[m.To[0]] = true
		if m.Subject != found[0].Subject || !strings.HasPrefix(m.Key, strings.TrimSuffix(found[0].Key, found[0].Key[strings.LastIndex(found[0].Key, ":"):])) {
			e.tb.Fatalf("%s: copies differ: %q / %q", unit.Name, m.Key, found[0].Key)
		}
	}
	return found[0]
}

func keys(ms []models.Message) []string {
	var ks []string
	for _, m := range ms {
		ks = append(ks, m.Key)
	}
	return ks
}

func mustContain(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, s)
		}
	}
}

func mustNotContain(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(s, p) {
			t.Errorf("%s has %q:\n%s", what, p, s)
		}
	}
}

// inOrder fails unless the parts appear in s in this order.
func inOrder(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	last := -1
	for _, p := range parts {
		i := strings.Index(s, p)
		if i < 0 || i < last {
			t.Errorf("%s: %q is missing or out of order (%v)", what, p, parts)
			return
		}
		last = i
	}
}

func TestReminderForTaskDueInThreeDays(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	lhpn := c.unit("Hội LHPN phường", "hoilhpn@phuong.example", "chutich.lhpn@phuong.example")
	doan := c.unit("Đoàn Thanh niên phường", "doantn@phuong.example")
	text := "Tổ chức Hội nghị sơ kết 6 tháng công tác Hội và phong trào phụ nữ; tuyên dương các chi hội tiêu biểu"
	id := c.task(lhpn, text, "2021-10-08", doan.ID)               // Đoàn coordinates: the weekly digest tells it, not a reminder
	c.task(lhpn, "Rà soát hội viên nghèo", "2021-10-07", doan.ID) // 2 days: no reminder today
	c.task(lhpn, "Tập huấn cán bộ chi hội", "2021-10-20")
	c.task(lhpn, "Duy trì sinh hoạt chi hội", "") // thường xuyên

	sum := e.run(e.svc, remAt(5, 7, 30))
	if sum != "committees 1, reminders queued 2, skipped (already done) 0" {
		t.Errorf("summary %q", sum) // one reminder, a copy for each of the two addresses
	}
	if ms := e.outbox(); len(ms) != 2 {
		t.Fatalf("queued %v, want only the Hội LHPN reminder", keys(ms))
	}
	m := e.only(lhpn)
	if m.Key != outbox.RecipientKey("reminder:unit:"+string(lhpn.ID)+":2021-10-05", m.To[0]) || m.CommitteeID != c.c.ID {
		t.Errorf("key %q to %v committee %s", m.Key, m.To, m.CommitteeID)
	}
	if want := "[Nhắc việc] 1 nhiệm vụ sắp đến hạn — Hội LHPN phường"; m.Subject != want {
		t.Errorf("subject %q, want %q", m.Subject, want)
	}
	link := remBaseURL + "/tasks/" + string(id)
	mustContain(t, "text", m.Text, "Kính gửi: Hội LHPN phường", "Đảng ủy phường Hương Xuân", "tính đến ngày 05/10/2021",
		"SẮP ĐẾN HẠN (1 nhiệm vụ)", "1. "+text, "Thời hạn: ngày 08/10/2021 — còn 3 ngày", "Cập nhật tiến độ: "+link)
	mustNotContain(t, "text", m.Text, "QUÁ HẠN", "Rà soát hội viên nghèo", "Tập huấn", "Duy trì")
	mustContain(t, "html", m.HTML, `<html lang="vi">`, "Hội LHPN phường", text, "ngày 08/10/2021", "còn 3 ngày", `href="`+link+`"`, "Sắp đến hạn (1 nhiệm vụ)")
	for part, s := range map[string]string{"subject": m.Subject, "text": m.Text, "html": m.HTML} {
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("%s is not NFC", part)
		}
	}
}

func TestReminderListsOverdueFirstInOneMessage(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	hnd := c.unit("Hội Nông dân phường", "hoinongdan@phuong.example")
	long := "Phối hợp với Trạm Khuyến nông xây dựng mô hình trồng rau an toàn theo tiêu chuẩn VietGAP " +
		strings.Repeat("tại các thôn Thanh Lương, Thanh Chữ, Giáp Thượng, Giáp Trung và Giáp Kiền ", 6) + "PHẦN CUỐI"
	c.task(hnd, long, "2021-10-08")
	c.task(hnd, "Vận động hội viên tham gia bảo hiểm y tế", "2021-10-06")
	c.task(hnd, "Hoàn thành báo cáo quý III gửi Hội cấp trên", "2021-10-04")
	c.task(hnd, "Tổng kết vụ Hè Thu", "2021-10-03") // overdue 2 days: not today (days 1, 4, 7 …)

	e.run(e.svc, remAt(5, 8, 0))
	m := e.only(hnd)
	if want := "[Nhắc việc] 2 nhiệm vụ sắp đến hạn, 1 nhiệm vụ quá hạn — Hội Nông dân phường"; m.Subject != want {
		t.Errorf("subject %q, want %q", m.Subject, want)
	}
	inOrder(t, "text", m.Text, "QUÁ HẠN (1 nhiệm vụ)", "1. Hoàn thành báo cáo quý III", "ngày 04/10/2021 — quá hạn 1 ngày",
		"SẮP ĐẾN HẠN (2 nhiệm vụ)", "1. Vận động hội viên", "ngày 06/10/2021 — còn 1 ngày", "2. Phối hợp với Trạm Khuyến nông", "ngày 08/10/2021 — còn 3 ngày")
	inOrder(t, "html", m.HTML, "Quá hạn (1 nhiệm vụ)", "Hoàn thành báo cáo quý III", "Sắp đến hạn (2 nhiệm vụ)", "Vận động hội viên", "Phối hợp với Trạm Khuyến nông")
	mustNotContain(t, "text", m.Text, "Tổng kết vụ Hè Thu", "PHẦN CUỐI")
	mustContain(t, "text", m.Text, "…")
}

func TestOverdueCadence(t *testing.T) {
	for _, tc := range []struct {
		every int
		yes   []int // days overdue (0..12) that are mentioned
	}{
		{0, []int{1, 4, 7, 10}}, // the default, 3
		{3, []int{1, 4, 7, 10}},
		{1, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		{2, []int{1, 3, 5, 7, 9, 11}},
		{7, []int{1, 8}},
	} {
		o := notify.ReminderOptions{OverdueEvery: tc.every}
		for d := -2; d <= 12; d++ {
			if got, want := o.RemindOverdue(d), slices.Contains(tc.yes, d); got != want {
				t.Errorf("every %d, %d days overdue: %t, want %t", tc.every, d, got, want)
			}
		}
	}
	for _, tc := range []struct {
		due  []int
		left int
		want bool
	}{
		{nil, 3, true}, {nil, 1, true}, {nil, 2, false}, {nil, 0, false}, {nil, 4, false},
		{[]int{7, 0}, 7, true}, {[]int{7, 0}, 0, true}, {[]int{7, 0}, 3, false},
	} {
		if got := (notify.ReminderOptions{DueInDays: tc.due}).RemindDueIn(tc.left); got != tc.want {
			t.Errorf("due in %v, %d days left: %t", tc.due, tc.left, got)
		}
	}

	// The same rule decides what a reminder lists.
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	u := c.unit("Công an phường", "congan@phuong.example")
	for d := 1; d <= 8; d++ {
		c.task(u, fmt.Sprintf("Nhiệm vụ trễ đúng %d ngày", d), string(models.Date("2021-10-05").AddDays(-d)))
	}
	e.run(e.svc, remAt(5, 7, 30))
	m := e.only(u)
	for d := 1; d <= 8; d++ {
		listed := strings.Contains(m.Text, fmt.Sprintf("Nhiệm vụ trễ đúng %d ngày", d))
		if want := d == 1 || d == 4 || d == 7; listed != want {
			t.Errorf("%d days overdue: listed %t, want %t", d, listed, want)
		}
	}
	mustContain(t, "text", m.Text, "QUÁ HẠN (3 nhiệm vụ)", "quá hạn 7 ngày")
	inOrder(t, "text", m.Text, "trễ đúng 7 ngày", "trễ đúng 4 ngày", "trễ đúng 1 ngày") // most overdue first
}

func TestRemindersOncePerDayFromReminderTime(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	u := c.unit("Mặt trận Tổ quốc phường", "mttq@phuong.example")
	c.task(u, "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc", "2021-10-08")

	if sum := e.run(e.svc, remAt(5, 7, 29)); sum != "committees 1, reminders queued 0, skipped (already done) 0, not yet time 1" {
		t.Errorf("before 07:30: %q", sum)
	}
	if ms := e.outbox(); len(ms) != 0 {
		t.Fatalf("queued before 07:30: %v", keys(ms))
	}
	if sum := e.run(e.svc, remAt(5, 7, 30)); sum != "committees 1, reminders queued 1, skipped (already done) 0" {
		t.Errorf("at 07:30: %q", sum)
	}
	for _, at := range []time.Time{remAt(5, 7, 35), remAt(5, 15, 0), remAt(5, 23, 59)} {
		if sum := e.run(e.svc, at); sum != "committees 1, reminders queued 0, skipped (already done) 1" {
			t.Errorf("again at %s: %q", at, sum)
		}
	}
	if ms := e.outbox(); len(ms) != 1 {
		t.Fatalf("queued %v, want one reminder", keys(ms))
	}
	if ok, err := e.st.Ledger().Has(e.ctx, c.c.ID, notify.ReminderJob, "2021-10-05"); err != nil || !ok {
		t.Errorf("ledger: %t %v", ok, err)
	}

	// The time of day is an option.
	early, err := e.svc.Reminders.WithOptions(notify.ReminderOptions{At: 6 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if sum, err := early.RunDue(e.ctx, remAt(7, 6, 0)); err != nil || sum != "committees 1, reminders queued 1, skipped (already done) 0" {
		t.Errorf("at 06:00 with At 6h: %q %v", sum, err)
	}
	if _, err := e.svc.Reminders.WithOptions(notify.ReminderOptions{At: 25 * time.Hour}); err == nil {
		t.Error("At 25h accepted")
	}
}

func TestRemindersCatchUpOnlyToday(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	u := c.unit("Trạm Y tế phường", "tramyte@phuong.example")
	c.task(u, "Tiêm chủng mở rộng đợt 2", "2021-10-08")                  // due today on the 8th: not mentioned
	c.task(u, "Kiểm tra an toàn thực phẩm bếp ăn tập thể", "2021-10-09") // 1 day left on the 8th
	c.task(u, "Báo cáo tình hình dịch bệnh tháng 9", "2021-10-04")       // 4 days overdue on the 8th

	// The server was down from the 5th until the morning of the 8th.
	sum := e.run(e.svc, remAt(8, 10, 0))
	if sum != "committees 1, reminders queued 1, skipped (already done) 0" {
		t.Errorf("first run after downtime: %q", sum)
	}
	ms := e.outbox()
	if len(ms) != 1 || ms[0].Key != outbox.RecipientKey("reminder:unit:"+string(u.ID)+":2021-10-08", u.Emails[0]) {
		t.Fatalf("queued %v, want only the 8th's reminder", keys(ms))
	}
	mustContain(t, "text", ms[0].Text, "Kiểm tra an toàn thực phẩm", "còn 1 ngày", "Báo cáo tình hình dịch bệnh", "quá hạn 4 ngày", "tính đến ngày 08/10/2021")
	mustNotContain(t, "text", ms[0].Text, "Tiêm chủng")
	for _, day := range []string{"2021-10-05", "2021-10-06", "2021-10-07"} {
		if ok, _ := e.st.Ledger().Has(e.ctx, c.c.ID, notify.ReminderJob, day); ok {
			t.Errorf("missed day %s was worked through", day)
		}
	}
	if sum := e.run(e.svc, remAt(8, 10, 5)); sum != "committees 1, reminders queued 0, skipped (already done) 1" {
		t.Errorf("second run: %q", sum)
	}
	if n := len(e.outbox()); n != 1 {
		t.Errorf("%d messages after the second run", n)
	}
}

func TestRemindersSkipUnitsWithoutMail(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	noMail := c.unit("Chi bộ thôn Giáp Thượng")
	off := c.unit("Hội Cựu chiến binh phường", "ccb@phuong.example")
	ok := c.unit("Hội Chữ thập đỏ phường", "chuthapdo@phuong.example")
	for _, u := range []models.Unit{noMail, off, ok} {
		c.task(u, "Nhiệm vụ của "+u.Name, "2021-10-08")
	}
	disabled := false
	if _, err := e.svc.Units.Update(e.ctx, c.admin, off.ID, directory.UnitPatch{Version: off.Version, Active: &disabled}); err != nil {
		t.Fatal(err)
	}
	e.run(e.svc, remAt(5, 7, 30))
	if ms := e.outbox(); len(ms) != 1 {
		t.Fatalf("queued %v, want only the unit with mail", keys(ms))
	}
	e.only(ok)
}

func TestRemindersListOnlyTasksToWorkOn(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	u := c.unit("Đoàn Thanh niên phường", "doantn@phuong.example")
	officer := c.officer(u)
	c.task(u, "Việc chưa làm", "2021-10-08")
	working := c.task(u, "Việc đang làm", "2021-10-08")
	accepted := c.task(u, "Việc đã được xác nhận hoàn thành", "2021-10-08")
	lateAccepted := c.task(u, "Việc quá hạn đã được xác nhận", "2021-10-04")
	cancelled := c.task(u, "Việc đã hủy", "2021-10-08")
	awaiting := c.task(u, "Việc chờ xác nhận", "2021-10-08")
	paused := c.task(u, "Việc tạm dừng chờ kinh phí", "2021-10-08")

	pct, done, pause := 40, models.StateAwaiting, models.StatePaused
	if _, err := e.svc.Tasks.ReportProgress(e.ctx, officer, working, task.ProgressInput{Percent: &pct}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []models.ID{accepted, lateAccepted, awaiting} {
		if _, err := e.svc.Tasks.ReportProgress(e.ctx, officer, id, task.ProgressInput{State: &done}); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []models.ID{accepted, lateAccepted} {
		if _, err := e.svc.Tasks.Accept(e.ctx, c.leader, id, 0, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.Tasks.Cancel(e.ctx, c.leader, cancelled, 0, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Tasks.Update(e.ctx, c.leader, paused, task.TaskPatch{Version: 1, State: &pause}); err != nil {
		t.Fatal(err)
	}

	e.run(e.svc, remAt(5, 7, 30))
	m := e.only(u)
	if want := "[Nhắc việc] 2 nhiệm vụ sắp đến hạn — Đoàn Thanh niên phường"; m.Subject != want {
		t.Errorf("subject %q", m.Subject)
	}
	mustContain(t, "text", m.Text, "Việc chưa làm", "Việc đang làm")
	mustNotContain(t, "text", m.Text, "xác nhận", "Việc đã hủy", "tạm dừng", "QUÁ HẠN")
}

func TestRemindersFollowCommitteeTimeZone(t *testing.T) {
	e := newRemEnv(t, nil)
	vn := e.committee("Đảng ủy phường Hương Xuân", "Asia/Ho_Chi_Minh")
	vnUnit := vn.unit("Hội LHPN phường", "hoilhpn@phuong.example")
	vn.task(vnUnit, "Việc hạn ngày 7", "2021-10-07") // 3 days after the UTC date of 4 October
	vn.task(vnUnit, "Việc hạn ngày 8", "2021-10-08")
	utc := e.committee("Chi bộ Việt kiều", "UTC")
	utcUnit := utc.unit("Tổ công tác", "totongtac@vietkieu.example")
	utc.task(utcUnit, "Việc của chi bộ", "2021-10-08")

	steps := []struct {
		at   time.Time
		want string
	}{
		// 06:45 on the 5th in Vietnam, though 23:45 on the 4th in UTC: not yet
		// for Vietnam; the UTC committee's 4th has nothing to send.
		{time.Date(2021, 10, 4, 23, 45, 0, 0, time.UTC), "committees 2, reminders queued 0, skipped (already done) 0, not yet time 1"},
		{time.Date(2021, 10, 5, 0, 29, 0, 0, time.UTC), "committees 2, reminders queued 0, skipped (already done) 0, not yet time 2"},
		{time.Date(2021, 10, 5, 0, 30, 0, 0, time.UTC), "committees 2, reminders queued 1, skipped (already done) 0, not yet time 1"}, // 07:30 in Vietnam
		{time.Date(2021, 10, 5, 7, 30, 0, 0, time.UTC), "committees 2, reminders queued 1, skipped (already done) 1"},
	}
	for _, s := range steps {
		if got := e.run(e.svc, s.at); got != s.want {
			t.Errorf("at %s: %q, want %q", s.at.Format(time.RFC3339), got, s.want)
		}
	}
	m := e.only(vnUnit)
	if m.Key != outbox.RecipientKey("reminder:unit:"+string(vnUnit.ID)+":2021-10-05", vnUnit.Emails[0]) {
		t.Errorf("key %q", m.Key)
	}
	mustContain(t, "text", m.Text, "Việc hạn ngày 8")
	mustNotContain(t, "text", m.Text, "Việc hạn ngày 7")
	if m := e.only(utcUnit); m.Key != outbox.RecipientKey("reminder:unit:"+string(utcUnit.ID)+":2021-10-05", utcUnit.Emails[0]) {
		t.Errorf("key %q", m.Key)
	}
}

var queuedRe = regexp.MustCompile(`reminders queued (\d+)`)

// Three replicas over one store, each running the job at once and again,
// queue every reminder exactly once.
func TestRemindersThreeReplicasQueueOnce(t *testing.T) {
	for _, names := range [][]string{{"a", "b", "c"}, {"theodoi", "theodoi", "theodoi"}} {
		t.Run(strings.Join(names, "-"), func(t *testing.T) {
			e := newRemEnv(t, nil)
			var units []models.Unit
			for i := range 3 {
				c := e.committee(fmt.Sprintf("Đảng ủy xã số %d", i+1), "")
				for j := range 4 {
					u := c.unit(fmt.Sprintf("Đơn vị %d", j+1), fmt.Sprintf("donvi%d.%d@xa.example", i+1, j+1))
					c.task(u, "Nhiệm vụ sắp đến hạn", "2021-10-08")
					c.task(u, "Nhiệm vụ quá hạn", "2021-10-04")
					units = append(units, u)
				}
			}
			e.clk.set(remAt(5, 7, 30))
			var mu sync.Mutex
			total := 0
			var wg sync.WaitGroup
			for _, name := range names {
				svc := remServices(e.st, e.clk, name, nil)
				wg.Add(1)
				go func() {
					defer wg.Done()
					for k := range 3 {
						sum, err := svc.Reminders.RunDue(e.ctx, remAt(5, 7, 30+k))
						if err != nil {
							t.Error(err)
							return
						}
						n, _ := strconv.Atoi(queuedRe.FindStringSubmatch(sum)[1])
						mu.Lock()
						total += n
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			ms := e.outbox()
			seen := map[string]bool{}
			for _, m := range ms {
				if seen[m.Key] {
					t.Errorf("%s queued twice", m.Key)
				}
				seen[m.Key] = true
			}
			if len(ms) != len(units) || total != len(units) {
				t.Errorf("%d messages, summaries say %d queued, want %d", len(ms), total, len(units))
			}
			for _, u := range units {
				mustContain(t, "text", e.only(u).Text, "Nhiệm vụ sắp đến hạn", "Nhiệm vụ quá hạn")
			}
		})
	}
}
