package services_test

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/services/task"
)

// The digest tests reuse the reminders' environment (reminders_test.go):
// October 2021 in Vietnam. Monday 11 October 2021 starts ISO week 41.

func (e *remEnv) digests(svc *services.Services, at time.Time) string {
	e.tb.Helper()
	e.clk.set(at)
	sum, err := svc.Digests.RunDue(e.ctx, at)
	if err != nil {
		e.tb.Fatalf("digests at %s: %v", at, err)
	}
	return sum
}

// digestMsgs are the queued digests whose key starts with prefix.
func (e *remEnv) digestMsgs(prefix string) []models.Message {
	e.tb.Helper()
	var out []models.Message
	for _, m := range e.outbox() {
		if strings.HasPrefix(m.Key, prefix) {
			out = append(out, m)
		}
	}
	return out
}

// digTask assigns a task of October 2021 in area.
func (c *remCommittee) digTask(area models.ID, unit models.Unit, text, deadline string, coordinating ...models.ID) models.ID {
	c.e.tb.Helper()
	v, err := c.e.svc.Tasks.Create(c.e.ctx, c.leader, task.TaskInput{
		Period: "2021-10", AreaID: area, Text: text, LeadUnitID: unit.ID, CoordinatingUnitIDs: coordinating, Deadline: deadline,
	})
	if err != nil {
		c.e.tb.Fatal(err)
	}
	return v.ID
}

// leaderUser adds a user with the leader role and an address.
func (c *remCommittee) leaderUser(name, email string) {
	c.e.tb.Helper()
	if _, _, err := c.e.svc.Users.Create(c.e.ctx, c.admin, directory.UserInput{Name: name, Email: email, Role: models.RoleLeader}); err != nil {
		c.e.tb.Fatal(err)
	}
}

func TestDigestWeekKey(t *testing.T) {
	if got := notify.DigestWeek(remAt(11, 7, 30).In(remVN)); got != "2021-W41" {
		t.Errorf("week %q", got)
	}
	if got := notify.DigestWeek(time.Date(2021, 1, 3, 12, 0, 0, 0, remVN)); got != "2020-W53" {
		t.Errorf("week of 3 January 2021 %q", got)
	}
}

// Before Monday 07:30 nothing; from then once; again the same week
// nothing; a week missed until Wednesday is sent once on Wednesday.
func TestDigestsWeeklyOnceAndCatchUp(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	u := c.unit("Đoàn Thanh niên phường", "doantn@phuong.example")
	c.task(u, "Tổ chức ra quân tình nguyện", "2021-10-25")

	if sum := e.digests(e.svc, remAt(11, 7, 29)); !strings.Contains(sum, "unit digests 0,") || !strings.Contains(sum, "not yet time 1") {
		t.Errorf("before 07:30: %s", sum)
	}
	if sum := e.digests(e.svc, remAt(11, 7, 30)); sum != "committees 1, unit digests 1, leader digests 0, skipped (already done) 0" {
		t.Errorf("at 07:30: %s", sum)
	}
	for _, at := range []time.Time{remAt(11, 7, 35), remAt(11, 18, 0)} {
		if sum := e.digests(e.svc, at); sum != "committees 1, unit digests 0, leader digests 0, skipped (already done) 1" {
			t.Errorf("again at %s: %s", at, sum)
		}
	}
	// The other days have a daily edition, which nobody here chose.
	for _, at := range []time.Time{remAt(14, 9, 0), remAt(17, 23, 59)} {
		if sum := e.digests(e.svc, at); !strings.Contains(sum, "unit digests 0, leader digests 0,") {
			t.Errorf("daily edition at %s: %s", at, sum)
		}
	}
	ms := e.digestMsgs("digest:")
	if len(ms) != 1 || ms[0].Key != outbox.RecipientKey("digest:unit:"+string(u.ID)+":2021-W41", "doantn@phuong.example") {
		t.Fatalf("keys %v", keys(ms))
	}
	// Down from Sunday to Wednesday of week 42: Wednesday sends week 42 once.
	if sum := e.digests(e.svc, remAt(20, 10, 0)); !strings.Contains(sum, "unit digests 1,") {
		t.Errorf("wednesday after downtime: %s", sum)
	}
	if sum := e.digests(e.svc, remAt(20, 10, 5)); !strings.Contains(sum, "unit digests 0,") {
		t.Errorf("wednesday again: %s", sum)
	}
	ms = e.digestMsgs("digest:")
	if len(ms) != 2 || ms[1].Key != outbox.RecipientKey("digest:unit:"+string(u.ID)+":2021-W42", "doantn@phuong.example") {
		t.Fatalf("keys %v", keys(ms))
	}
}

// One digest per unit, grouped by area, overdue first, then due soon, then
// the rest; lead and coordinating tasks both, carried tasks with their count.
func TestUnitDigestGroupsAndOrder(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	areas, err := e.svc.Areas.List(e.ctx, c.leader)
	if err != nil || len(areas) < 2 {
		t.Fatalf("areas %v %v", areas, err)
	}
	econ, culture := areas[0], areas[1]
	u := c.unit("Đoàn Thanh niên phường", "doantn@phuong.example")
	v := c.unit("Hội Liên hiệp Phụ nữ phường", "hoilhpn@phuong.example")
	a := c.digTask(econ.ID, u, "Việc trong hạn A", "2021-10-25")
	b := c.digTask(econ.ID, u, "Việc quá hạn B", "2021-10-08")
	c.digTask(econ.ID, v, "Việc phối hợp sắp hạn C", "2021-10-13", u.ID)
	c.digTask(econ.ID, u, "Việc thường xuyên D", "")
	c.digTask(culture.ID, v, "Việc phối hợp quá hạn E", "2021-10-01", u.ID)
	g := c.digTask(econ.ID, u, "Việc đã hủy G", "2021-10-20")
	if _, err := e.svc.Tasks.Cancel(e.ctx, c.leader, g, 0, ""); err != nil {
		t.Fatal(err)
	}
	pct := 40
	if _, err := e.svc.Tasks.ReportProgress(e.ctx, c.officer(u), a, task.ProgressInput{Percent: &pct}); err != nil {
		t.Fatal(err)
	}
	// A task carried over twice, as the month-end job leaves it.
	now := remAt(5, 7, 0)
	carried := models.Task{
		ID: models.NewID(now), CommitteeID: c.c.ID, Period: "2021-10", AreaID: econ.ID, Text: "Việc chuyển tiếp F",
		LeadUnitID: u.ID, Deadline: "2021-10-31", State: models.StateInProgress, Percent: 60, CarryCount: 2,
		Version: 1, CreatedBy: c.leader.UserID, CreatedAt: now, UpdatedBy: c.leader.UserID, UpdatedAt: now,
	}
	carried.Derive(remVN, econ.Position)
	if err := e.st.Tasks().CreateMany(e.ctx, []models.Task{carried}, []models.AuditEntry{{ID: models.NewID(now), CommitteeID: c.c.ID,
		ActorID: c.leader.UserID, At: now, Entity: models.EntityTask, EntityID: carried.ID, Action: "create"}}); err != nil {
		t.Fatal(err)
	}

	if sum := e.digests(e.svc, remAt(11, 7, 30)); !strings.Contains(sum, "unit digests 2,") {
		t.Fatalf("summary %s", sum)
	}
	ms := e.digestMsgs("digest:unit:" + string(u.ID) + ":")
	if len(ms) != 1 {
		t.Fatalf("%d digests for the unit", len(ms))
	}
	m := ms[0]
	if m.Key != outbox.RecipientKey("digest:unit:"+string(u.ID)+":2021-W41", "doantn@phuong.example") || len(m.To) != 1 || m.To[0] != "doantn@phuong.example" {
		t.Errorf("key %s to %v", m.Key, m.To)
	}
	mustContain(t, "subject", m.Subject, "[Bản tin tuần 11–17/10/2021]", "6 nhiệm vụ chưa hoàn thành", "Đoàn Thanh niên phường")
	inOrder(t, "text", m.Text,
		strings.ToUpper(econ.Name)+" (5 NHIỆM VỤ)",
		"Việc quá hạn B", "Việc phối hợp sắp hạn C", "Việc trong hạn A", "Việc chuyển tiếp F", "Việc thường xuyên D",
		strings.ToUpper(culture.Name)+" (1 NHIỆM VỤ)", "Việc phối hợp quá hạn E")
	mustContain(t, "text", m.Text,
		"chủ trì: 4, phối hợp: 2", "2 quá hạn, 1 sắp đến hạn, 1 chuyển tiếp từ kỳ trước",
		"Vai trò: chủ trì — Thời hạn: ngày 08/10/2021 — đạt 0% — quá hạn 3 ngày",
		"Vai trò: phối hợp — Thời hạn: ngày 13/10/2021 — đạt 0% — còn 2 ngày",
		"Thời hạn: ngày 25/10/2021 — đạt 40%",
		"Thời hạn: ngày 31/10/2021 — đạt 60% — chuyển tiếp lần 2",
		"Thời hạn: thường xuyên",
		"Vai trò: phối hợp — Thời hạn: ngày 01/10/2021 — đạt 0% — quá hạn 10 ngày",
		remBaseURL+"/tasks/"+string(b))
	mustNotContain(t, "text", m.Text, "Việc đã hủy G")
	inOrder(t, "html", m.HTML, econ.Name, "Việc quá hạn B", "Việc phối hợp sắp hạn C", "Việc trong hạn A", "Việc chuyển tiếp F", culture.Name, "Việc phối hợp quá hạn E")
	mustContain(t, "html", m.HTML, `<html lang="vi">`, `href="`+remBaseURL+"/tasks/"+string(b)+`"`, "chuyển tiếp lần 2", "Vai trò: phối hợp")

	vm := e.digestMsgs("digest:unit:" + string(v.ID) + ":")
	if len(vm) != 1 {
		t.Fatalf("%d digests for the second unit", len(vm))
	}
	inOrder(t, "second unit", vm[0].Text, "Việc phối hợp sắp hạn C", "Việc phối hợp quá hạn E")
	mustNotContain(t, "second unit", vm[0].Text, "Việc quá hạn B", "Vai trò: phối hợp")
}

// The leadership digest counts the month in the Government's buckets.
func TestLeaderDigestCounts(t *testing.T) {
	e := newRemEnv(t, nil)
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	c.leaderUser("Nguyễn Văn Bí Thư", "bithu@phuong.example")
	c.leaderUser("Trần Thị Phó Bí Thư", "phobithu@phuong.example")
	u1 := c.unit("Đoàn Thanh niên phường", "doantn@phuong.example")
	u2 := c.unit("Hội Cựu chiến binh phường")
	done := models.StateAwaiting
	report := func(u models.Unit, id models.ID) {
		t.Helper()
		if _, err := e.svc.Tasks.ReportProgress(e.ctx, c.officer(u), id, task.ProgressInput{State: &done}); err != nil {
			t.Fatal(err)
		}
	}
	accept := func(id models.ID) {
		t.Helper()
		if _, err := e.svc.Tasks.Accept(e.ctx, c.leader, id, 0, ""); err != nil {
			t.Fatal(err)
		}
	}
	onTime := c.task(u1, "Việc hoàn thành đúng hạn T1", "2021-10-20")
	late := c.task(u1, "Việc hoàn thành quá hạn T2", "2021-10-06")
	c.task(u2, "Việc quá hạn T3", "2021-10-08")
	c.task(u1, "Việc quá hạn T4", "2021-10-09")
	c.task(u2, "Việc trong hạn T5", "2021-10-25")
	c.task(u1, "Việc thường xuyên T6", "")
	awaiting := c.task(u2, "Việc chờ xác nhận T7", "2021-10-28")
	cancelled := c.task(u1, "Việc hủy T8", "2021-10-15")
	report(u1, onTime)
	accept(onTime) // 5 October
	report(u1, late)
	report(u2, awaiting)
	if _, err := e.svc.Tasks.Cancel(e.ctx, c.leader, cancelled, 0, ""); err != nil {
		t.Fatal(err)
	}
	e.clk.set(remAt(8, 9, 0))
	accept(late) // 8 October, after its deadline

	if sum := e.digests(e.svc, remAt(11, 7, 30)); !strings.Contains(sum, "unit digests 1, leader digests 2,") {
		t.Fatalf("summary %s", sum) // the veterans' association has no address; two leaders, a copy each
	}
	ms := e.digestMsgs("digest:leaders:")
	if len(ms) != 2 {
		t.Fatalf("%d leadership digests", len(ms))
	}
	var to []string
	for _, m := range ms {
		to = append(to, m.To...)
		if len(m.To) != 1 || m.Key != outbox.RecipientKey("digest:leaders:"+string(c.c.ID)+":2021-W41", m.To[0]) {
			t.Errorf("key %s to %v", m.Key, m.To)
		}
	}
	slices.Sort(to)
	if strings.Join(to, ",") != "bithu@phuong.example,phobithu@phuong.example" {
		t.Errorf("leadership digest to %v", to)
	}
	m := ms[0]
	mustContain(t, "subject", m.Subject, "1 chờ xác nhận, 2 quá hạn")
	mustContain(t, "text", m.Text,
		"KẾT QUẢ THÁNG 10/2021 (TÍNH ĐẾN NGÀY 11/10/2021)",
		"Tổng số 8 nhiệm vụ: 2 nhiệm vụ đã hoàn thành, đạt 28,57% (đúng hạn: 1, quá hạn: 1); chưa hoàn thành: 5 (trong hạn: 3, quá hạn: 2); hủy: 1 (không tính vào tỷ lệ hoàn thành).",
		"Đoàn Thanh niên phường: 5 nhiệm vụ — hoàn thành đúng hạn 1, hoàn thành quá hạn 1; chưa hoàn thành trong hạn 1, quá hạn 1",
		"Hội Cựu chiến binh phường: 3 nhiệm vụ — hoàn thành đúng hạn 0, hoàn thành quá hạn 0; chưa hoàn thành trong hạn 2, quá hạn 1",
		"Về kinh tế: 8 nhiệm vụ — hoàn thành đúng hạn 1, hoàn thành quá hạn 1; chưa hoàn thành trong hạn 3, quá hạn 2",
		"NHIỆM VỤ CHỜ XÁC NHẬN HOÀN THÀNH (1)", "NHIỆM VỤ QUÁ HẠN (2)",
		"Chủ trì: Hội Cựu chiến binh phường — Thời hạn: ngày 08/10/2021 — đạt 0% — quá hạn 3 ngày",
		remBaseURL+"/tasks/"+string(awaiting))
	inOrder(t, "text", m.Text, "NHIỆM VỤ CHỜ XÁC NHẬN HOÀN THÀNH (1)", "Việc chờ xác nhận T7", "NHIỆM VỤ QUÁ HẠN (2)", "Việc quá hạn T3", "Việc quá hạn T4")
	mustContain(t, "html", m.HTML, "Theo đơn vị chủ trì", "Theo lĩnh vực", "Việc chờ xác nhận T7", "Hội Cựu chiến binh phường")

	// The counts are the month's figures as the carry-over would freeze them.
	f, _, err := e.svc.CarryOver.MonthFigures(e.ctx, c.leader, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	if tt := f.Totals; tt.Total != 8 || tt.DoneOnTime != 1 || tt.DoneLate != 1 || tt.OpenWithinTerm != 3 || tt.OpenOverdue != 2 || tt.Cancelled != 1 {
		t.Errorf("month figures %+v", tt)
	}
}

var digestUnitsRe = regexp.MustCompile(`unit digests (\d+), leader digests (\d+)`)

// Three replicas running at once queue each digest once.
func TestDigestsThreeReplicasQueueOnce(t *testing.T) {
	e := newRemEnv(t, nil)
	want := 0
	for i := range 3 {
		c := e.committee(fmt.Sprintf("Đảng ủy xã số %d", i+1), "")
		c.leaderUser("Bí thư", fmt.Sprintf("bithu%d@xa.example", i+1))
		want++
		for j := range 4 {
			u := c.unit(fmt.Sprintf("Đơn vị %d", j+1), fmt.Sprintf("donvi%d.%d@xa.example", i+1, j+1))
			c.task(u, "Nhiệm vụ sắp đến hạn", "2021-10-13")
			c.task(u, "Nhiệm vụ quá hạn", "2021-10-04")
			want++
		}
	}
	e.clk.set(remAt(11, 7, 30))
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for _, name := range []string{"a", "b", "c"} {
		svc := remServices(e.st, e.clk, name, nil)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 3 {
				sum, err := svc.Digests.RunDue(e.ctx, remAt(11, 7, 30+k))
				if err != nil {
					t.Error(err)
					return
				}
				m := digestUnitsRe.FindStringSubmatch(sum)
				units, _ := strconv.Atoi(m[1])
				leaders, _ := strconv.Atoi(m[2])
				mu.Lock()
				total += units + leaders
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	ms := e.digestMsgs("digest:")
	seen := map[string]bool{}
	for _, m := range ms {
		if seen[m.Key] {
			t.Errorf("%s queued twice", m.Key)
		}
		seen[m.Key] = true
	}
	if len(ms) != want || total != want {
		t.Errorf("%d digests, summaries say %d, want %d", len(ms), total, want)
	}
}

// BenchmarkDigests builds and queues a week's digests for 1,000 units
// (20 committees × 50 units, 5 tasks each, one leader per committee).
func BenchmarkDigests(b *testing.B) {
	e := newRemEnv(b, nil)
	ctx := e.ctx
	base := models.Date("2021-10-11")
	now := remAt(5, 7, 0)
	for i := range 20 {
		c := e.committee(fmt.Sprintf("Đảng ủy xã số %d", i+1), "")
		c.leaderUser("Bí thư", fmt.Sprintf("bithu%d@xa.example", i+1))
		if _, err := e.svc.Periods.Create(ctx, c.leader, directory.PeriodInput{Month: "2021-10"}); err != nil {
			b.Fatal(err)
		}
		var units []models.Unit
		for j := range 50 {
			units = append(units, c.unit(fmt.Sprintf("Đơn vị số %d", j+1), fmt.Sprintf("donvi%d.%d@xa.example", i+1, j+1)))
		}
		var ts []models.Task
		var audits []models.AuditEntry
		for j, u := range units {
			for k, offset := range []int{-3, -1, 2, 10, 20} {
				t := models.Task{
					ID: models.NewID(now), CommitteeID: c.c.ID, Period: "2021-10", AreaID: c.area,
					Text:       fmt.Sprintf("Nhiệm vụ số %d của đơn vị: triển khai thực hiện Nghị quyết của Đảng ủy về phát triển kinh tế - xã hội", k+1),
					LeadUnitID: u.ID, CoordinatingUnitIDs: []models.ID{units[(j+1)%len(units)].ID},
					Deadline: base.AddDays(offset), State: models.StateInProgress, CarryCount: k % 2,
					Version: 1, CreatedBy: c.leader.UserID, CreatedAt: now, UpdatedBy: c.leader.UserID, UpdatedAt: now,
				}
				t.Derive(remVN, 1)
				ts = append(ts, t)
				audits = append(audits, models.AuditEntry{ID: models.NewID(now), CommitteeID: c.c.ID, ActorID: c.leader.UserID,
					At: now, Entity: models.EntityTask, EntityID: t.ID, Action: "create"})
			}
		}
		if err := e.st.Tasks().CreateMany(ctx, ts, audits); err != nil {
			b.Fatal(err)
		}
	}
	week := 0
	for b.Loop() {
		at := remAt(11, 7, 30).AddDate(0, 0, 7*week)
		week++
		e.clk.set(at)
		sum, err := e.svc.Digests.RunDue(ctx, at)
		if err != nil {
			b.Fatal(err)
		}
		if !strings.Contains(sum, "unit digests 1000, leader digests 20,") {
			b.Fatalf("week %d: %s", week, sum)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(week)/1000, "ns/unit")
}
