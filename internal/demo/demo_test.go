package demo

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
)

func unitsByKey(t *testing.T) map[string]Unit {
	t.Helper()
	m := make(map[string]Unit)
	for _, u := range Units {
		if u.Key == "" {
			t.Errorf("unit %q has no key", u.Name)
		}
		if _, dup := m[u.Key]; dup {
			t.Errorf("unit key %q used twice", u.Key)
		}
		m[u.Key] = u
	}
	return m
}

// fakeID gives models' validators the well-formed ids the loader would create.
func fakeID() models.ID { return models.NewID(time.Date(2021, 9, 23, 0, 0, 0, 0, time.UTC)) }

func TestCommittee(t *testing.T) {
	c := Committee
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.TimeZone != "Asia/Ho_Chi_Minh" || c.IssuerCode != "ĐU" {
		t.Errorf("committee %+v", c)
	}
}

func TestUnits(t *testing.T) {
	units := unitsByKey(t)
	kinds := map[models.UnitKind]int{}
	names := map[string]string{} // folded name or alias → unit key
	emails := map[string]string{}
	for _, u := range Units {
		kinds[u.Kind]++
		m := models.Unit{Kind: u.Kind, Name: u.Name, Aliases: u.Aliases, Emails: u.Emails}
		if err := m.Validate(); err != nil {
			t.Errorf("unit %s: %v", u.Key, err)
		}
		// Lead-unit suggestions match on folded names and aliases, so none may be ambiguous.
		for _, n := range append([]string{u.Name}, u.Aliases...) {
			f := models.Fold(n)
			if other, dup := names[f]; dup {
				t.Errorf("name or alias %q of %s is also used by %s", n, u.Key, other)
			}
			names[f] = u.Key
		}
		if len(u.Emails) == 0 {
			t.Errorf("unit %s has no e-mail", u.Key)
		}
		for _, e := range u.Emails {
			checkEmail(t, e)
			if other, dup := emails[e]; dup {
				t.Errorf("e-mail %s of unit %s is also unit %s's", e, u.Key, other)
			}
			emails[e] = u.Key
		}
	}
	if kinds[models.UnitPartyCell] < 10 || kinds[models.UnitPartyBody] != 4 || kinds[models.UnitSchool] != 3 ||
		kinds[models.UnitMassOrg] != 5 || kinds[models.UnitGovernment] != 5 {
		t.Errorf("unexpected mix of unit kinds: %v", kinds)
	}
	for _, alias := range []string{"VP", "UBKT", "MTTQ", "UBMTTQ", "UBMTTQVN", "Hội Phụ nữ", "Hội LHPN", "Đoàn TN",
		"Đoàn thanh niên", "CCB", "Bộ phận TN&TKQ", "TT. HĐND", "Quân sự", "Công an", "Trạm Y tế"} {
		if _, ok := names[models.Fold(alias)]; !ok {
			t.Errorf("no unit answers to %q", alias)
		}
	}
	if _, ok := units[UBND]; !ok {
		t.Error("no UBND")
	}
}

func checkEmail(t *testing.T, e string) {
	t.Helper()
	if n, ok := models.NormalizeEmail(e); !ok || n != e {
		t.Errorf("%q is not a normalised e-mail address", e)
	}
	if !strings.HasSuffix(e, "@"+Domain) || !strings.HasSuffix(Domain, ".example") {
		t.Errorf("%q is not under the reserved demo domain", e)
	}
}

func TestUsers(t *testing.T) {
	units := unitsByKey(t)
	keys := map[string]bool{}
	emails := map[string]bool{}
	roles := map[models.Role]int{}
	unitUsers := map[string]bool{}
	for _, u := range Users {
		if keys[u.Key] {
			t.Errorf("user key %q used twice", u.Key)
		}
		keys[u.Key] = true
		checkEmail(t, u.Email)
		if emails[u.Email] {
			t.Errorf("user e-mail %s used twice", u.Email)
		}
		emails[u.Email] = true
		roles[u.Role]++
		m := models.User{Name: u.Name, Email: u.Email, Role: u.Role}
		if u.UnitKey != "" {
			if _, ok := units[u.UnitKey]; !ok {
				t.Errorf("user %s: unknown unit %q", u.Key, u.UnitKey)
			}
			m.UnitID = fakeID()
		}
		if u.Role == models.RoleUnit {
			unitUsers[u.UnitKey] = true
		}
		if err := m.Validate(); err != nil {
			t.Errorf("user %s: %v", u.Key, err)
		}
		if len(strings.Fields(u.Name)) < 2 {
			t.Errorf("user %s: %q is not a full name", u.Key, u.Name)
		}
	}
	for _, r := range models.Roles {
		if roles[r] == 0 {
			t.Errorf("no user with role %s", r)
		}
	}
	cell := false
	for k := range unitUsers {
		cell = cell || units[k].Kind == models.UnitPartyCell
	}
	if !cell {
		t.Error("no unit user of a chi bộ")
	}
	for _, k := range []string{LHPN, MTTQ, DoanTN, CongAn, UBND} {
		if !unitUsers[k] {
			t.Errorf("no unit user for %s", k)
		}
	}
}

func TestTasks(t *testing.T) {
	units := unitsByKey(t)
	if n := len(Tasks); n < 25 || n > 40 {
		t.Errorf("%d tasks, want about 30", n)
	}
	perArea := make([]int, len(models.DefaultAreas))
	states := map[models.WorkState]int{}
	deadlines := map[string]int{}
	continues, accepted := 0, 0
	for i, task := range Tasks {
		name := task.Text
		if len(name) > 40 {
			name = name[:40]
		}
		if task.Area < 0 || task.Area >= len(models.DefaultAreas) {
			t.Errorf("task %d (%s…): area %d out of range", i, name, task.Area)
			continue
		}
		perArea[task.Area]++
		states[task.State]++

		// Units exist, the lead is not also coordinating, nobody is listed twice.
		if _, ok := units[task.Lead]; !ok {
			t.Errorf("task %d: unknown lead %q", i, task.Lead)
		}
		if len(task.Coordinating) > 3 {
			t.Errorf("task %d: %d coordinating units, want at most 3", i, len(task.Coordinating))
		}
		involved := map[string]bool{task.Lead: true}
		for _, k := range task.Coordinating {
			if _, ok := units[k]; !ok {
				t.Errorf("task %d: unknown coordinating unit %q", i, k)
			}
			if involved[k] {
				t.Errorf("task %d: %s listed twice", i, k)
			}
			involved[k] = true
		}
		switch task.FollowUp {
		case "":
		case VP, UBKT, KDV:
			if task.FollowUp == task.Lead {
				t.Errorf("task %d: %s follows up its own task", i, task.Lead)
			}
		default:
			t.Errorf("task %d: follow-up %q is not Văn phòng, UBKT or Khối Dân vận", i, task.FollowUp)
		}

		switch {
		case task.DeadlineDay == NoDeadline:
			deadlines["none"]++
		case task.DeadlineDay == LastDay:
			deadlines["end"]++
		case task.DeadlineDay >= 1 && task.DeadlineDay <= 28:
			deadlines["mid"]++
		default:
			t.Errorf("task %d: deadline day %d", i, task.DeadlineDay)
		}

		if task.Continues != strings.HasPrefix(task.Text, "Tiếp tục") {
			t.Errorf("task %d: Continues=%v but text %q", i, task.Continues, name)
		}
		if task.Continues {
			continues++
		}

		// The task as the loader would build it passes the model's checks.
		m := models.Task{Period: "2021-10", AreaID: fakeID(), Text: task.Text, LeadUnitID: fakeID(),
			Deadline: task.Deadline("2021-10"), State: task.State, Percent: task.Percent}
		if err := m.Validate(); err != nil {
			t.Errorf("task %d: %v", i, err)
		}

		checkHistory(t, i, task, involved)
		if task.Accepted != "" {
			accepted++
			if task.State != models.StateAwaiting || !norm.NFC.IsNormalString(task.Accepted) {
				t.Errorf("task %d: accepted from %s, or its note is not NFC", i, task.State)
			}
		}
	}
	if accepted < 1 || accepted >= states[models.StateAwaiting] {
		t.Errorf("%d of %d tasks reported done are accepted; the demo shows both kinds", accepted, states[models.StateAwaiting])
	}
	for a, n := range perArea {
		if n < 3 {
			t.Errorf("area %d (%s) has %d tasks, want at least 3", a, models.DefaultAreas[a], n)
		}
	}
	if states[models.StateNotStarted]+states[models.StateInProgress] < len(Tasks)*2/3 ||
		states[models.StateAwaiting] < 2 || states[models.StatePaused] < 1 || states[models.StatePaused] > 2 {
		t.Errorf("unexpected mix of states: %v", states)
	}
	if deadlines["none"] < 2 || deadlines["mid"] < 3 || deadlines["end"] <= len(Tasks)/2 {
		t.Errorf("unexpected mix of deadlines: %v", deadlines)
	}
	if continues < 3 {
		t.Errorf("%d tasks continue last month's work, want a few", continues)
	}
}

// checkHistory replays the reports from chưa thực hiện: every step must be an
// allowed transition by a unit that may report, and end where the task is.
func checkHistory(t *testing.T, i int, task Task, involved map[string]bool) {
	t.Helper()
	state, percent := models.StateNotStarted, 0
	if len(task.Reports) > 3 {
		t.Errorf("task %d: %d reports, want at most 3", i, len(task.Reports))
	}
	for j, r := range task.Reports {
		if !involved[r.UnitKey] {
			t.Errorf("task %d report %d: %s neither leads nor coordinates", i, j, r.UnitKey)
		}
		if !models.CanTransition(state, r.State) {
			t.Errorf("task %d report %d: %s → %s not allowed", i, j, state, r.State)
		}
		if r.Percent < percent {
			t.Errorf("task %d report %d: progress falls from %d%% to %d%%", i, j, percent, r.Percent)
		}
		if strings.TrimSpace(r.Note) == "" || len(r.Note) > models.MaxNote {
			t.Errorf("task %d report %d: note empty or too long", i, j)
		}
		state, percent = r.State, r.Percent
		checkPercent(t, i, state, percent)
	}
	if task.State != state && !models.CanTransition(state, task.State) {
		t.Errorf("task %d: cannot reach %s from %s", i, task.State, state)
	}
	if len(task.Reports) > 0 && (task.State != state || task.Percent != percent) {
		t.Errorf("task %d: is %s %d%% but its last report says %s %d%%", i, task.State, task.Percent, state, percent)
	}
	checkPercent(t, i, task.State, task.Percent)
	if task.State == models.StatePaused && !strings.Contains(lastNote(task), "chờ kinh phí") {
		t.Errorf("task %d: paused without saying it waits for funds", i)
	}
}

func lastNote(task Task) string {
	if len(task.Reports) == 0 {
		return ""
	}
	return strings.ToLower(task.Reports[len(task.Reports)-1].Note)
}

func checkPercent(t *testing.T, i int, s models.WorkState, p int) {
	t.Helper()
	ok := false
	switch s {
	case models.StateNotStarted:
		ok = p == 0
	case models.StateInProgress:
		ok = p > 0 && p < 100
	case models.StateAwaiting:
		ok = p == 100
	case models.StatePaused:
		ok = p >= 0 && p < 100
	}
	if !ok {
		t.Errorf("task %d: state %s with %d%%", i, s, p)
	}
}

func TestDeadline(t *testing.T) {
	tests := []struct {
		day   int
		month models.Month
		want  models.Date
	}{
		{NoDeadline, "2021-10", ""},
		{LastDay, "2021-10", "2021-10-31"},
		{LastDay, "2024-02", "2024-02-29"},
		{15, "2021-10", "2021-10-15"},
		{1, "2021-10", "2021-10-01"},
		{30, "2023-02", "2023-02-28"},
	}
	for _, tt := range tests {
		if got := (Task{DeadlineDay: tt.day}).Deadline(tt.month); got != tt.want {
			t.Errorf("day %d of %s: got %q, want %q", tt.day, tt.month, got, tt.want)
		}
	}
}

func TestMonth(t *testing.T) {
	// 17:30 UTC on 31 October is already 1 November in Vietnam.
	if got := Month(time.Date(2021, 10, 31, 17, 30, 0, 0, time.UTC)); got != "2021-11" {
		t.Errorf("got %s, want 2021-11", got)
	}
	if got := Month(time.Date(2021, 10, 31, 16, 59, 0, 0, time.UTC)); got != "2021-10" {
		t.Errorf("got %s, want 2021-10", got)
	}
}

// TestNFC walks every string of the demo data: text typed on some keyboards
// is decomposed, and decomposed text neither folds nor sorts like the rest.
func TestNFC(t *testing.T) {
	n := 0
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			n++
			if s := v.String(); !norm.NFC.IsNormalString(s) {
				t.Errorf("%s is not NFC: %q", path, s)
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(path+"["+strconv.Itoa(i)+"]", v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(path+"."+v.Type().Field(i).Name, v.Field(i))
				}
			}
		}
	}
	walk("Committee", reflect.ValueOf(Committee))
	walk("Units", reflect.ValueOf(Units))
	walk("Users", reflect.ValueOf(Users))
	walk("Tasks", reflect.ValueOf(Tasks))
	if n < 200 {
		t.Errorf("checked only %d strings; is the walk broken?", n)
	}
	// The check itself must be able to fail.
	if norm.NFC.IsNormalString("Ủy ban") == norm.NFC.IsNormalString(norm.NFD.String("Ủy ban")) {
		t.Error("norm cannot tell composed from decomposed text")
	}
}

func TestPreviousTasks(t *testing.T) {
	units := unitsByKey(t)
	outcomes := map[Outcome]int{}
	for i, p := range PreviousTasks {
		if _, ok := units[p.Lead]; !ok {
			t.Errorf("previous task %d: unknown lead %q", i, p.Lead)
		}
		involved := map[string]bool{p.Lead: true}
		for _, k := range p.Coordinating {
			if _, ok := units[k]; !ok || involved[k] {
				t.Errorf("previous task %d: coordinating unit %q unknown or twice", i, k)
			}
			involved[k] = true
		}
		if len(p.ReportDays) != len(p.Reports) {
			t.Errorf("previous task %d: %d report days for %d reports", i, len(p.ReportDays), len(p.Reports))
		}
		last := 1
		for _, d := range p.ReportDays {
			if d < last || d > 28 {
				t.Errorf("previous task %d: report day %d out of order or past the 28th", i, d)
			}
			last = d
		}
		deadline := p.DeadlineDay
		if deadline == LastDay {
			deadline = 28 // every month has it; the loader uses the real last day
		}
		switch p.Outcome {
		case DoneOnTime, DoneLate:
			if p.State != models.StateAwaiting || p.EndDay < last || p.EndDay > 28 {
				t.Errorf("previous task %d: accepted on day %d from state %s", i, p.EndDay, p.State)
			}
			if late := p.EndDay > deadline; late != (p.Outcome == DoneLate) {
				t.Errorf("previous task %d: accepted on day %d with deadline day %d, outcome %d", i, p.EndDay, p.DeadlineDay, p.Outcome)
			}
		case Cancelled:
			if p.EndDay < 1 || p.EndDay > 28 {
				t.Errorf("previous task %d: cancelled on day %d", i, p.EndDay)
			}
		}
		outcomes[p.Outcome]++
		checkHistory(t, i, p.Task, involved)
	}
	if outcomes[DoneOnTime] < 2 || outcomes[DoneLate] < 1 || outcomes[Cancelled] < 1 || outcomes[Carried] < 2 {
		t.Errorf("outcomes %v: want a mix of on time, late, cancelled and carried", outcomes)
	}
}
