package services_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/internal/ferrettest"
	"github.com/theodoi/theodoi/internal/mailer"
	"github.com/theodoi/theodoi/jobs"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store/mongo"
)

// followEnv is a committee with real people, so that follow-up events
// have someone to reach: two leaders, an office user, and three units
// (lead, coordinating, follow-up), each with an officer and a mailbox.
type followEnv struct {
	*remCommittee
	leader2, office   models.Actor
	lead, coord, foll models.Unit
	officer           map[models.ID]models.Actor // by unit
	people            map[models.ID]string       // user id → e-mail
}

func newFollowEnv(e *remEnv) *followEnv {
	e.tb.Helper()
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	f := &followEnv{remCommittee: c, officer: map[models.ID]models.Actor{}, people: map[models.ID]string{}}
	person := func(name, email string, role models.Role, unit models.ID) models.Actor {
		u, _, err := e.svc.Users.CreateFirst(e.ctx, c.c.ID, directory.UserInput{Name: name, Email: email, Role: role, UnitID: unit, Language: "vi", Password: "mat-khau-du-dai-1"})
		if err != nil {
			e.tb.Fatal(err)
		}
		f.people[u.ID] = email
		return models.Actor{UserID: u.ID, CommitteeID: c.c.ID, Role: role, UnitID: unit, Language: "vi"}
	}
	c.leader = person("Bí thư", "bithu@hx.example", models.RoleLeader, "")
	f.leader2 = person("Phó Bí thư", "phobithu@hx.example", models.RoleLeader, "")
	f.office = person("Văn phòng", "vanphong@hx.example", models.RoleOffice, "")
	f.lead = c.unit("Hội LHPN phường", "phunu@hx.example")
	f.coord = c.unit("Đoàn Thanh niên phường", "doan@hx.example")
	f.foll = c.unit("Ủy ban Kiểm tra Đảng ủy", "ubkt@hx.example")
	for i, u := range []models.Unit{f.lead, f.coord, f.foll} {
		f.officer[u.ID] = person("Cán bộ "+u.Name, fmt.Sprintf("canbo%d@hx.example", i+1), models.RoleUnit, u.ID)
	}
	return f
}

// heard is every notice stored so far as "kind → app:user-email" (in the
// app) and "kind → mail:address" (still to be mailed).
func (f *followEnv) heard(t *testing.T) map[string]bool {
	t.Helper()
	e := f.e
	out := map[string]bool{}
	for id, email := range f.people {
		ns, err := e.st.Notices().List(e.ctx, f.c.ID, id, false, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			out[string(n.Kind)+" → app:"+email+" "+string(n.TaskID)] = true
		}
	}
	addrs := []string{"phunu@hx.example", "doan@hx.example", "ubkt@hx.example"}
	for _, email := range f.people {
		addrs = append(addrs, email)
	}
	for _, a := range addrs {
		ns, err := e.st.Notices().Unmailed(e.ctx, f.c.ID, a)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			out[string(n.Kind)+" → mail:"+a+" "+string(n.TaskID)] = true
		}
	}
	return out
}

// reach lists who hears of kind on task: each unit's officer (app and
// mail) and mailbox (mail), and the leaders; carried tasks are mailed by
// the carry-over notice, so they are in the app only.
func (f *followEnv) reach(kind models.NoticeKind, task models.ID, units []models.Unit, leaders bool) map[string]bool {
	out := map[string]bool{}
	add := func(email string, app bool) {
		if app {
			out[string(kind)+" → app:"+email+" "+string(task)] = true
		}
		if kind != models.NoticeCarried {
			out[string(kind)+" → mail:"+email+" "+string(task)] = true
		}
	}
	for _, u := range units {
		add(f.people[f.officer[u.ID].UserID], true)
		add(u.Emails[0], false)
	}
	if leaders {
		add("bithu@hx.example", true)
		add("phobithu@hx.example", true)
	}
	return out
}

// TestFollowUpEventTable walks the event table: each change × who hears
// of it, in the app and in the mail still to send, on both stores.
func TestFollowUpEventTable(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { walkEventTable(t, newRemEnv(t, nil)) })
	t.Run("FerretDB", func(t *testing.T) {
		if testing.Short() {
			t.Skip("starts a MongoDB-wire server")
		}
		st, err := mongo.Open(context.Background(), ferrettest.StartT(t)+"?maxPoolSize=1", mongo.Options{Database: "events"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		walkEventTable(t, newRemEnvOn(t, st, nil))
	})
}

func walkEventTable(t *testing.T, e *remEnv) {
	f := newFollowEnv(e)
	ctx := e.ctx
	before := f.heard(t)
	step := func(name string, want map[string]bool, do func() error) {
		t.Helper()
		e.clk.set(e.clk.Now().Add(time.Minute))
		if err := do(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		now := f.heard(t)
		got := map[string]bool{}
		for k := range now {
			if !before[k] {
				got[k] = true
			}
		}
		before = now
		if !equalSets(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", name, keysOf(got), keysOf(want))
		}
	}
	e.clk.set(e.clk.Now().Add(time.Minute))
	created, err := e.svc.Tasks.Create(ctx, f.leader, task.TaskInput{Period: "2021-10", AreaID: f.area, Text: "Vận động hội viên tham gia hiến máu tình nguyện",
		LeadUnitID: f.lead.ID, CoordinatingUnitIDs: []models.ID{f.coord.ID}, FollowUpUnitID: f.foll.ID, Deadline: "2021-10-20"})
	if err != nil {
		t.Fatal(err)
	}
	before = f.heard(t)
	heard := union(f.reach(models.NoticeAssigned, created.ID, []models.Unit{f.lead}, false), f.reach(models.NoticeCoordinating, created.ID, []models.Unit{f.coord}, false))
	if !equalSets(before, heard) {
		t.Fatalf("created:\n got %v\nwant %v", keysOf(before), keysOf(heard))
	}
	id := created.ID
	v := func() int64 {
		tv, err := e.svc.Tasks.Get(ctx, f.leader, id)
		if err != nil {
			t.Fatal(err)
		}
		return tv.Version
	}
	deadline := "2021-10-25"
	step("deadline changed", f.reach(models.NoticeChanged, id, []models.Unit{f.lead, f.coord}, false), func() error {
		_, err := e.svc.Tasks.Update(ctx, f.leader, id, task.TaskPatch{Version: v(), Deadline: &deadline})
		return err
	})
	coords := []models.ID{f.coord.ID, f.foll.ID}
	step("coordinating unit added", f.reach(models.NoticeCoordinating, id, []models.Unit{f.foll}, false), func() error {
		_, err := e.svc.Tasks.Update(ctx, f.leader, id, task.TaskPatch{Version: v(), CoordinatingUnitIDs: &coords})
		return err
	})
	step("chase note", f.reach(models.NoticeChase, id, []models.Unit{f.lead}, false), func() error {
		_, err := e.svc.Tasks.AddNote(ctx, f.office, id, "Đề nghị báo cáo số hội viên đăng ký trước ngày 20/10")
		return err
	})
	half := 50
	step("progress reported", union(f.reach(models.NoticeProgress, id, []models.Unit{f.foll}, true)), func() error {
		_, err := e.svc.Tasks.ReportProgress(ctx, f.officer[f.lead.ID], id, task.ProgressInput{Percent: &half, Note: "Đã có 40 hội viên đăng ký"})
		return err
	})
	step("reported done", union(f.reach(models.NoticeAwaiting, id, []models.Unit{f.foll}, true)), func() error {
		_, err := e.svc.Tasks.ReportProgress(ctx, f.officer[f.lead.ID], id, task.ProgressInput{Done: true, Version: v()})
		return err
	})
	step("accepted", f.reach(models.NoticeAccepted, id, []models.Unit{f.lead}, false), func() error {
		_, err := e.svc.Tasks.Accept(ctx, f.leader, id, v(), "")
		return err
	})
	step("reopened", f.reach(models.NoticeReopened, id, []models.Unit{f.lead}, false), func() error {
		_, err := e.svc.Tasks.Reopen(ctx, f.leader, id, v(), "Thiếu danh sách người hiến máu")
		return err
	})
	step("cancelled", f.reach(models.NoticeCancelled, id, []models.Unit{f.lead}, false), func() error {
		_, err := e.svc.Tasks.Cancel(ctx, f.leader, id, v(), "")
		return err
	})
	other, err := e.svc.Tasks.Create(ctx, f.leader, task.TaskInput{Period: "2021-10", AreaID: f.area, Text: "Tổ chức sinh hoạt chuyên đề", LeadUnitID: f.coord.ID})
	if err != nil {
		t.Fatal(err)
	}
	before = f.heard(t)
	// The bulk action gives the second task another lead unit.
	step("lead moved (bulk)", f.reach(models.NoticeAssigned, other.ID, []models.Unit{f.lead}, false), func() error {
		res, err := e.svc.Tasks.Bulk(ctx, f.leader, task.BulkInput{Action: task.BulkAssign, LeadUnitID: f.lead.ID, Tasks: []task.BulkTask{{ID: other.ID, Version: other.Version}}})
		if err == nil && res.Failed > 0 {
			err = res.Items[0].Err
		}
		return err
	})
	e.clk.set(remAt(31, 20, 0))
	step("carried into next month", f.reach(models.NoticeCarried, other.ID, []models.Unit{f.lead}, false), func() error {
		_, err := e.svc.CarryOver.CarryOver(ctx, f.leader, "2021-10", nil)
		return err
	})

	checkMailedEvents(t, e, f)
}

// union is every key of ms.
func union(ms ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			out[k] = true
		}
	}
	return out
}

// checkMailedEvents: in the outbox, once every notice is due (the next
// morning's digest included), each address that was to be mailed has its
// messages, and they name every event it was to hear of; nobody else is
// mailed.
func checkMailedEvents(t *testing.T, e *remEnv, f *followEnv) {
	t.Helper()
	ctx := e.ctx
	wantMail := map[string]map[models.NoticeKind]int{}
	for _, n := range f.allNotices(t) {
		if n.MailDue != nil {
			if wantMail[n.Address] == nil {
				wantMail[n.Address] = map[models.NoticeKind]int{}
			}
			wantMail[n.Address][n.Kind]++
		}
	}
	queued := len(e.outbox())
	if _, err := e.svc.Notify.RunDue(ctx, remAt(31, 20, 0).Add(36*time.Hour)); err != nil {
		t.Fatal(err)
	}
	gotMail := map[string]map[models.NoticeKind]int{}
	for _, m := range e.outbox()[queued:] {
		if !strings.HasPrefix(m.Key, "notify:") || len(m.To) != 1 {
			continue
		}
		if gotMail[m.To[0]] == nil {
			gotMail[m.To[0]] = map[models.NoticeKind]int{}
		}
		for _, k := range models.NoticeKinds {
			for _, line := range strings.Split(m.Text, "\n") {
				if strings.HasPrefix(line, "- ") && strings.HasPrefix(line[2:], strings.SplitN(notify.NoticeText("vi", models.Notice{Kind: k}), ":", 2)[0]+":") {
					gotMail[m.To[0]][k]++
				}
			}
		}
	}
	if fmt.Sprint(gotMail) != fmt.Sprint(wantMail) {
		t.Errorf("outbox:\n got %v\nwant %v", gotMail, wantMail)
	}
	if len(wantMail) == 0 || len(gotMail["vanphong@hx.example"]) != 0 {
		t.Errorf("mail expected for %v", keysOf(wantMail))
	}
}

// allNotices are every notice of the committee's people and mailboxes.
func (f *followEnv) allNotices(t *testing.T) []models.Notice {
	t.Helper()
	var out []models.Notice
	seen := map[models.ID]bool{}
	addrs := []string{"phunu@hx.example", "doan@hx.example", "ubkt@hx.example"}
	for _, email := range f.people {
		addrs = append(addrs, email)
	}
	for _, a := range addrs {
		ns, err := f.e.st.Notices().Unmailed(f.e.ctx, f.c.ID, a)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if !seen[n.ID] {
				seen[n.ID] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func equalSets(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// TestNotifyGathersEventsIntoOneMessage: a leader assigns three tasks to
// a unit and the office chases one within five minutes; after the window
// the unit's mailbox and its officer each get exactly one message naming
// all four, delivered to a real SMTP server; the unit reports one done,
// and each leader gets one message.
func TestNotifyGathersEventsIntoOneMessage(t *testing.T) {
	backend, sender := smtpSender(t)
	e := newRemEnv(t, sender)
	f := newFollowEnv(e)
	start := remAt(5, 8, 0)
	texts := []string{"Rà soát hộ nghèo khu phố 3", "Tổ chức ngày hội đại đoàn kết", "Vận động quỹ khuyến học"}
	var ids []models.ID
	for i, text := range texts {
		e.clk.set(start.Add(time.Duration(i) * time.Minute))
		ids = append(ids, f.task(f.lead, text, "2021-10-20"))
	}
	e.clk.set(start.Add(4 * time.Minute))
	if _, err := e.svc.Tasks.AddNote(e.ctx, f.office, ids[0], "Đề nghị gửi danh sách hộ trước thứ Sáu"); err != nil {
		t.Fatal(err)
	}
	// A new deadline is news for the daily digest, not for now.
	later := "2021-10-22"
	tv, err := e.svc.Tasks.Get(e.ctx, f.leader, ids[2])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Tasks.Update(e.ctx, f.leader, ids[2], task.TaskPatch{Version: tv.Version, Deadline: &later}); err != nil {
		t.Fatal(err)
	}
	run := func(at time.Time) { t.Helper(); notifyAndDeliver(t, e, at) }
	run(start.Add(5 * time.Minute))
	if got := backend.received(); len(got) != 0 {
		t.Fatalf("mail before the window closed: %d", len(got))
	}
	run(start.Add(10 * time.Minute))
	run(start.Add(11 * time.Minute))
	byTo := receivedBy(backend)
	for _, to := range []string{"phunu@hx.example", "canbo1@hx.example"} {
		if len(byTo[to]) != 1 {
			t.Fatalf("%s got %d messages, want 1 (all: %v)", to, len(byTo[to]), keysOf(byTo))
		}
	}
	if len(byTo) != 2 {
		t.Errorf("messages to %v, want only the lead unit's mailbox and officer", keysOf(byTo))
	}
	ms := e.outbox()
	var unitMail models.Message
	for _, m := range ms {
		if m.To[0] == "phunu@hx.example" {
			unitMail = m
		}
	}
	mustContain(t, "unit mail", unitMail.Text, append(texts, "Đề nghị gửi danh sách hộ trước thứ Sáu", remBaseURL+"/tasks/"+string(ids[0]))...)
	mustContain(t, "subject", unitMail.Subject, "3 nhiệm vụ mới được giao chủ trì", "1 ý kiến đôn đốc")
	mustNotContain(t, "unit mail", unitMail.Text, "được điều chỉnh")
	// A mailbox signs in nowhere: its choices are behind the link at the
	// foot, not on a profile page; a person's are on their profile.
	mustNotContain(t, "unit mail", unitMail.Text, remBaseURL+"/profile")
	for _, m := range ms {
		if m.To[0] == "canbo1@hx.example" {
			mustContain(t, "officer mail", m.Text, remBaseURL+"/profile")
		}
	}
	if unitMail.Unsubscribe == "" || !strings.Contains(unitMail.HTML, "/tasks/"+string(ids[2])) {
		t.Errorf("unit mail: unsubscribe %q, html lacks the task link", unitMail.Unsubscribe)
	}

	e.clk.set(start.Add(20 * time.Minute))
	if _, err := e.svc.Tasks.ReportProgress(e.ctx, f.officer[f.lead.ID], ids[1], task.ProgressInput{Done: true}); err != nil {
		t.Fatal(err)
	}
	run(start.Add(31 * time.Minute))
	byTo = receivedBy(backend)
	for _, to := range []string{"bithu@hx.example", "phobithu@hx.example"} {
		if len(byTo[to]) != 1 {
			t.Errorf("%s got %d messages, want 1", to, len(byTo[to]))
		}
	}
	if len(byTo["phunu@hx.example"]) != 1 || len(byTo["canbo1@hx.example"]) != 1 {
		t.Errorf("the unit was mailed about its own report")
	}

	// The next morning's digest brings the new deadline, alone.
	run(remAt(6, 7, 29))
	if n := len(receivedBy(backend)["phunu@hx.example"]); n != 1 {
		t.Fatalf("before the digest moment: %d messages", n)
	}
	run(remAt(6, 7, 30))
	if n := len(receivedBy(backend)["phunu@hx.example"]); n != 2 {
		t.Fatalf("at the digest moment: %d messages, want 2", n)
	}
	digest := e.outbox()[len(e.outbox())-1]
	for _, m := range e.outbox() {
		if m.To[0] == "phunu@hx.example" && m.Key != unitMail.Key {
			digest = m
		}
	}
	mustContain(t, "digest", digest.Text, "Tổng hợp", "được điều chỉnh", "Vận động quỹ khuyến học", "22/10/2021")
}

// notifyAndDeliver runs the notify job and the dispatcher at at.
func notifyAndDeliver(t *testing.T, e *remEnv, at time.Time) {
	t.Helper()
	e.clk.set(at)
	if _, err := e.svc.Notify.RunDue(e.ctx, at); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Mail.Dispatch(e.ctx, at); err != nil {
		t.Fatal(err)
	}
}

func receivedBy(b *smtpBackend) map[string][]smtpReceived {
	out := map[string][]smtpReceived{}
	for _, m := range b.received() {
		for _, to := range m.To {
			out[to] = append(out[to], m)
		}
	}
	return out
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestNotifyThreeSchedulersDeliverOnce: three replicas run the notify and
// dispatch jobs at the same ticks over one store; every message reaches
// the SMTP server once.
func TestNotifyThreeSchedulersDeliverOnce(t *testing.T) {
	backend, sender := smtpSender(t)
	e := newRemEnv(t, sender)
	f := newFollowEnv(e)
	start := remAt(5, 8, 0)
	// Each replica is a scheduler with the server's notify and dispatch
	// jobs, run by the simulated clock (RunNow) rather than by cron.
	var replicas []*jobs.Scheduler
	for _, svc := range []*services.Services{e.svc, remServices(e.st, e.clk, "b", sender), remServices(e.st, e.clk, "c", sender)} {
		sch := jobs.New(slog.New(slog.NewTextHandler(io.Discard, nil)), e.clk.Now)
		for _, j := range []jobs.Job{
			{Name: notify.NotifyJob, Spec: "@every 1m", Run: svc.Notify.RunDue},
			{Name: "dispatch", Spec: "@every 30s", Run: func(ctx context.Context, now time.Time) (string, error) {
				res, err := svc.Mail.Dispatch(ctx, now)
				return res.String(), err
			}},
		} {
			if err := sch.Add(j); err != nil {
				t.Fatal(err)
			}
		}
		replicas = append(replicas, sch)
	}
	// Events keep coming while the replicas run: one task a minute for
	// each unit, for half an hour, and a tick of every replica each minute.
	units := []models.Unit{f.lead, f.coord, f.foll}
	for minute := 0; minute < 45; minute++ {
		now := start.Add(time.Duration(minute) * time.Minute)
		e.clk.set(now)
		if minute < 30 {
			for _, u := range units {
				f.task(u, fmt.Sprintf("Nhiệm vụ phút %d của %s", minute, u.Name), "2021-10-28")
			}
		}
		var wg sync.WaitGroup
		for _, r := range replicas {
			wg.Go(func() {
				for _, name := range []string{notify.NotifyJob, "dispatch"} {
					if _, err := r.RunNow(e.ctx, name, now); err != nil {
						t.Errorf("%s at %s: %v", name, now, err)
					}
				}
			})
		}
		wg.Wait()
	}
	// Every notice was mailed once: the tasks named across one address's
	// messages are all of its tasks, none twice.
	seenIDs := map[string]bool{}
	for _, m := range backend.received() {
		id := messageID(string(m.Data))
		if seenIDs[id] {
			t.Fatalf("message %s delivered twice", id)
		}
		seenIDs[id] = true
	}
	for _, m := range e.outbox() {
		if m.State != models.MessageSent {
			t.Errorf("%s is %s", m.Key, m.State)
		}
	}
	for _, u := range units {
		named := map[string]int{}
		for _, m := range e.outbox() {
			if m.To[0] != u.Emails[0] {
				continue
			}
			for minute := 0; minute < 30; minute++ {
				if strings.Contains(m.Text, fmt.Sprintf("Nhiệm vụ phút %d của %s\n", minute, u.Name)) || strings.Contains(m.Text, fmt.Sprintf("Nhiệm vụ phút %d của %s —", minute, u.Name)) {
					named[strconv.Itoa(minute)]++
				}
			}
		}
		if len(named) != 30 {
			t.Errorf("%s: %d of 30 tasks mailed", u.Name, len(named))
		}
		for k, n := range named {
			if n != 1 {
				t.Errorf("%s: task of minute %s mailed %d times", u.Name, k, n)
			}
		}
	}
	if n := len(backend.received()); n == 0 || n > 3*2*4 {
		t.Errorf("%d messages delivered; a burst of 30 minutes with a 10-minute window makes a few per address", n)
	}
}

func messageID(data string) string {
	for _, line := range strings.Split(data, "\r\n") {
		if strings.HasPrefix(strings.ToLower(line), "message-id:") {
			return strings.TrimSpace(line[len("message-id:"):])
		}
	}
	return data
}

// smtpSender starts an in-process SMTP server and a mailer that sends to it.
func smtpSender(t *testing.T) (*smtpBackend, outbox.Mailer) {
	t.Helper()
	backend := &smtpBackend{}
	addr, _ := startSMTP(t, backend, "127.0.0.1:0")
	port, _ := strconv.Atoi(addr[strings.LastIndexByte(addr, ':')+1:])
	sender, err := mailer.NewSMTP(mailer.SMTPConfig{Host: "127.0.0.1", Port: port, TLS: mailer.TLSNone, From: "theodoi@phuong.example", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return backend, sender
}
