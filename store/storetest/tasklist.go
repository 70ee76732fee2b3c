package storetest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// The committee-local "today" of the list tests and the end of its due-soon window.
const (
	today        models.Date = "2021-09-23"
	dueSoonUntil models.Date = "2021-09-26"
)

// wantOrder sorts tasks as every List must: area position, deadline (none
// last), id.
func wantOrder(ts []models.Task) {
	slices.SortFunc(ts, func(a, b models.Task) int {
		if a.AreaPosition != b.AreaPosition {
			return a.AreaPosition - b.AreaPosition
		}
		if a.Deadline != b.Deadline {
			switch {
			case a.Deadline == "":
				return 1
			case b.Deadline == "":
				return -1
			}
			return strings.Compare(string(a.Deadline), string(b.Deadline))
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
}

// matches is the filter semantics of store.TaskFilter written out plainly;
// timeliness is checked against models.TimelinessOf, an independent
// statement of the same rules.
func matches(f store.TaskFilter, t models.Task, loc *time.Location) bool {
	role := func(unit models.ID, r store.UnitRole) bool {
		switch r {
		case store.UnitRoleLead:
			return t.LeadUnitID == unit
		case store.UnitRoleCoordinating:
			return t.Coordinates(unit)
		}
		return t.Involves(unit)
	}
	now := time.Date(2021, 9, 23, 10, 0, 0, 0, loc) // in `today`, with DefaultDueSoonDays
	switch {
	case t.CommitteeID != f.Committee,
		f.Period != "" && t.Period != f.Period,
		f.AreaID != "" && t.AreaID != f.AreaID,
		f.UnitID != "" && !role(f.UnitID, f.UnitRole),
		f.VisibleTo != "" && !t.Involves(f.VisibleTo),
		len(f.States) > 0 && !slices.Contains(f.States, t.State),
		f.Timeliness != "" && models.TimelinessOf(t.State, t.Deadline, t.AcceptedAt, now, loc, models.DefaultDueSoonDays) != f.Timeliness,
		f.Query != "" && !slices.ContainsFunc(append([]string{f.Query}, f.QueryAlternatives...), func(q string) bool { return strings.Contains(t.SearchKey, q) }):
		return false
	}
	return true
}

// taskShape is a state and deadline (and acceptance) giving one timeliness.
type taskShape struct {
	state    models.WorkState
	deadline models.Date
	accepted string // RFC 3339, for done tasks
}

var shapes = []taskShape{
	{models.StateNotStarted, "2021-09-20", ""},                   // qua_han
	{models.StateInProgress, "2021-09-23", ""},                   // sap_den_han (today)
	{models.StateAwaiting, "2021-09-26", ""},                     // sap_den_han (last day)
	{models.StatePaused, "2021-09-27", ""},                       // trong_han (first day)
	{models.StateInProgress, "", ""},                             // khong_thoi_han
	{models.StateDone, "2021-09-30", "2021-09-20T03:00:00Z"},     // hoan_thanh_dung_han
	{models.StateDone, "2021-09-10", "2021-09-20T03:00:00Z"},     // hoan_thanh_qua_han
	{models.StateDone, "", "2021-09-20T03:00:00Z"},               // hoan_thanh_dung_han
	{models.StateCancelled, "2021-09-20", ""},                    // none
	{models.StateCarried, "2021-09-01", ""},                      // none
	{models.StateNotStarted, "2021-10-15", ""},                   // trong_han
	{models.StateDone, "2021-09-19", "2021-09-19T16:59:59.999Z"}, // on time: 23:59:59.999 local
	{models.StateDone, "2021-09-19", "2021-09-19T17:00:00Z"},     // late: 00:00 local the next day
	{models.StateAwaiting, "2021-09-22", ""},                     // qua_han (yesterday)
}

var texts = []string{
	"Ủy ban nhân dân phường triển khai kế hoạch",
	"Uỷ ban MTTQ phường phối hợp tuyên truyền",
	"Hội LHPN tổ chức ngày hội",
	"Thu ngân sách đạt 100% kế hoạch",
	"Chi bộ TDP rà soát đảng viên",
}

// seedTasks saves a varied set of tasks in f and returns them.
func (e *env) seedTasks(f fixture, n int) []models.Task {
	e.t.Helper()
	var all []models.Task
	u := f.Units
	coords := [][]models.ID{nil, {u[1].ID}, {u[1].ID, u[2].ID}, {u[2].ID}}
	for i := range n {
		sh := shapes[i%len(shapes)]
		all = append(all, e.task(f, func(t *models.Task) {
			t.Period = []models.Month{"2021-09", "2021-08"}[i%2]
			t.AreaID = f.Areas[(i/2)%2].ID
			t.Text = fmt.Sprintf("%s số %d", texts[i%len(texts)], i)
			t.LeadUnitID = u[i%3].ID
			t.CoordinatingUnitIDs = slices.DeleteFunc(slices.Clone(coords[i%4]), func(id models.ID) bool { return id == t.LeadUnitID })
			t.State, t.Deadline = sh.state, sh.deadline
			if sh.accepted != "" {
				at, _ := time.Parse(time.RFC3339Nano, sh.accepted)
				t.AcceptedAt = &at
				t.Percent = 100
			}
		}))
	}
	return all
}

func testTaskListFilters(e *env) {
	f := e.fixture("C")
	noise := e.fixture("Noise")
	all := e.seedTasks(f, 3*len(shapes)+5)
	e.seedTasks(noise, 10)
	loc := f.C.Location()
	u0, u1, u2 := f.Units[0].ID, f.Units[1].ID, f.Units[2].ID

	plain := store.TaskFilter{Committee: f.C.ID, Today: today, DueSoonUntil: dueSoonUntil}
	with := func(mod func(*store.TaskFilter)) store.TaskFilter {
		fl := plain
		mod(&fl)
		return fl
	}
	cases := []struct {
		name string
		f    store.TaskFilter
	}{
		{"committee only", plain},
		{"period", with(func(f *store.TaskFilter) { f.Period = "2021-09" })},
		{"area", with(func(fl *store.TaskFilter) { fl.AreaID = f.Areas[1].ID })},
		{"unit any", with(func(f *store.TaskFilter) { f.UnitID = u1 })},
		{"unit lead", with(func(f *store.TaskFilter) { f.UnitID, f.UnitRole = u1, store.UnitRoleLead })},
		{"unit coordinating", with(func(f *store.TaskFilter) { f.UnitID, f.UnitRole = u1, store.UnitRoleCoordinating })},
		{"unit lead (unit that never coordinates)", with(func(f *store.TaskFilter) { f.UnitID, f.UnitRole = u0, store.UnitRoleLead })},
		{"visible to", with(func(f *store.TaskFilter) { f.VisibleTo = u2 })},
		{"unit and visible to another unit", with(func(f *store.TaskFilter) { f.UnitID, f.VisibleTo = u1, u2 })},
		{"unit lead and visible to the same unit", with(func(f *store.TaskFilter) { f.UnitID, f.UnitRole, f.VisibleTo = u2, store.UnitRoleLead, u2 })},
		{"states", with(func(f *store.TaskFilter) {
			f.States = []models.WorkState{models.StateInProgress, models.StateAwaiting}
		})},
		{"one state", with(func(f *store.TaskFilter) { f.States = []models.WorkState{models.StateCancelled} })},
		{"query", with(func(f *store.TaskFilter) { f.Query = models.Fold("ỦY BAN") })},
		{"period, unit lead, overdue", with(func(f *store.TaskFilter) {
			f.Period, f.UnitID, f.UnitRole, f.Timeliness = "2021-09", u0, store.UnitRoleLead, models.TimelyOverdue
		})},
		{"area, states, query", with(func(fl *store.TaskFilter) {
			fl.AreaID, fl.States, fl.Query = f.Areas[0].ID, models.OpenStates, models.Fold("kế hoạch")
		})},
		{"visible to, due soon", with(func(f *store.TaskFilter) { f.VisibleTo, f.Timeliness = u1, models.TimelyDueSoon })},
		{"unit coordinating, period, done on time", with(func(f *store.TaskFilter) {
			f.UnitID, f.UnitRole, f.Period, f.Timeliness = u2, store.UnitRoleCoordinating, "2021-08", models.TimelyDoneOnTime
		})},
		{"unit, area, query", with(func(fl *store.TaskFilter) {
			fl.UnitID, fl.AreaID, fl.Query = u0, f.Areas[1].ID, "ban"
		})},
		{"query by its other phrasings", with(func(f *store.TaskFilter) {
			f.Query, f.QueryAlternatives = "khong co dau", []string{models.Fold("kế hoạch"), models.Fold("ỦY BAN")}
		})},
		{"unit, query by an alternative", with(func(f *store.TaskFilter) {
			f.UnitID, f.Query, f.QueryAlternatives = u0, "khong co dau", []string{"ban"}
		})},
	}
	for _, tl := range models.Timelinesses {
		cases = append(cases, struct {
			name string
			f    store.TaskFilter
		}{"timeliness " + string(tl), with(func(f *store.TaskFilter) { f.Timeliness = tl })})
	}
	cases = append(cases, struct {
		name string
		f    store.TaskFilter
	}{"nothing matches", with(func(f *store.TaskFilter) { f.Query = "khong co dau" })})

	for _, tc := range cases {
		var want []models.Task
		for _, t := range all {
			if matches(tc.f, t, loc) {
				want = append(want, t)
			}
		}
		wantOrder(want)
		if len(want) == 0 && tc.name != "nothing matches" {
			e.t.Fatalf("%s: fixture matches nothing, the case proves nothing", tc.name)
		}
		got, n, err := e.s.Tasks().List(e.ctx, tc.f)
		if err != nil {
			e.t.Errorf("%s: %v", tc.name, err)
			continue
		}
		same(e.t, tc.name, taskIDs(got), taskIDs(want))
		same(e.t, tc.name+": total", n, len(want))

		// A page: the same order, the same total.
		page := tc.f
		page.Offset, page.Limit = 1, 3
		got, n, err = e.s.Tasks().List(e.ctx, page)
		e.must(err)
		wantPage := want[min(1, len(want)):min(4, len(want))]
		same(e.t, tc.name+": page 2-4", taskIDs(got), taskIDs(wantPage))
		same(e.t, tc.name+": total of a page", n, len(want))
	}

}

func testTaskListQueryLiteral(e *env) {
	f := e.fixture("C")
	texts := map[string]string{
		"A": "Tỷ lệ 100% hộ dân tham gia",
		"B": "Mã số a_b và ab",
		"C": "Biểu thức x.*y không phải regex",
		"D": `Truy vấn {"$ne": null} và $where`,
		"E": `Giá (ước tính) [2021]+? ^đầu$ | a\b`,
		"F": "Văn bản thường 100 hộ dân abc",
		"G": "Ủy ban nhân dân",
		"H": "Uỷ ban mặt trận",
		"I": "U\u0309y ban kiểm tra", // decomposed
	}
	byID := map[models.ID]string{}
	for _, k := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I"} {
		t := e.task(f, func(t *models.Task) { t.Text = texts[k] })
		byID[t.ID] = k
	}
	for _, tc := range []struct {
		query string
		want  string
	}{
		{"100%", "A"},
		{"%", "A"},
		{`\%`, ""},
		{"%%", ""},
		{"_", "B"},
		{`\_`, ""},
		{"a_b", "B"},
		{"ab", "BF"},
		{".*", "C"},
		{".*y", "C"},
		{".", "C"},
		{"*", "C"},
		{"$ne", "D"},
		{`{"$ne": null}`, "D"},
		{"$where", "D"},
		{"$", "DE"},
		{"^", "E"},
		{"(ước tính)", "E"},
		{"[2021]+?", "E"},
		{"|", "E"},
		{`\`, "E"},
		{`a\b`, "E"},
		{"ủy ban", "GHI"},
		{"UỶ BAN", "GHI"},
		{"dân", "AFG"},
		{"'", ""},
		{"", "ABCDEFGHI"},
	} {
		q := models.Fold(tc.query)
		got, n, err := e.s.Tasks().List(e.ctx, store.TaskFilter{Committee: f.C.ID, Query: q})
		if err != nil {
			e.t.Errorf("query %q: %v", tc.query, err)
			continue
		}
		var keys []string
		for _, t := range got {
			keys = append(keys, byID[t.ID])
		}
		slices.Sort(keys)
		same(e.t, fmt.Sprintf("query %q", tc.query), strings.Join(keys, ""), tc.want)
		same(e.t, fmt.Sprintf("query %q: total", tc.query), n, len(tc.want))
	}
}

func testTaskListOrderAndPaging(e *env) {
	f := e.fixture("C")
	var all []models.Task
	// Ties on area and deadline, empty deadlines, both areas, both roles.
	for i, d := range []models.Date{"2021-09-30", "", "2021-09-01", "2021-09-30", "", "2021-09-15", "2021-09-30", "2021-12-31", ""} {
		for a := range f.Areas {
			all = append(all, e.task(f, func(t *models.Task) {
				t.Deadline, t.AreaID = d, f.Areas[a].ID
				if i%2 == 1 {
					t.LeadUnitID, t.CoordinatingUnitIDs = f.Units[1].ID, []models.ID{f.Units[0].ID}
				}
			}))
		}
	}
	for _, fl := range []store.TaskFilter{
		{Committee: f.C.ID},
		{Committee: f.C.ID, UnitID: f.Units[0].ID},
		{Committee: f.C.ID, VisibleTo: f.Units[0].ID, Period: "2021-09"},
	} {
		want := slices.Clone(all)
		wantOrder(want)
		got, n, err := e.s.Tasks().List(e.ctx, fl)
		e.must(err)
		same(e.t, fmt.Sprintf("order %+v", fl), taskIDs(got), taskIDs(want))
		same(e.t, "total", n, len(want))
		if len(got) > 0 && got[0].Deadline == "" {
			e.t.Errorf("an empty deadline sorted first")
		}

		for _, limit := range []int{1, 4, 7} {
			var paged []models.Task
			for off := 0; off < len(want)+limit; off += limit {
				fl.Offset, fl.Limit = off, limit
				page, n, err := e.s.Tasks().List(e.ctx, fl)
				e.must(err)
				if len(page) > limit {
					e.t.Fatalf("limit %d offset %d: got %d tasks", limit, off, len(page))
				}
				same(e.t, fmt.Sprintf("limit %d offset %d: total", limit, off), n, len(want))
				paged = append(paged, page...)
			}
			same(e.t, fmt.Sprintf("pages of %d", limit), taskIDs(paged), taskIDs(want))
		}
		fl.Offset, fl.Limit = len(want)+5, 10
		page, n, err := e.s.Tasks().List(e.ctx, fl)
		e.must(err)
		same(e.t, "page past the end", len(page), 0)
		same(e.t, "total past the end", n, len(want))
	}
}

// testTaskListTotalsFollowWrites asks for the same pages before and after
// writes: an adapter that caches totals must not serve stale ones.
func testTaskListTotalsFollowWrites(e *env) {
	f := e.fixture("C")
	u0, u1 := f.Units[0].ID, f.Units[1].ID
	for range 3 {
		e.task(f)
	}
	total := func(fl store.TaskFilter) int {
		e.t.Helper()
		fl.Committee, fl.Limit = f.C.ID, 1 // a full page: the total must be counted
		_, n, err := e.s.Tasks().List(e.ctx, fl)
		e.must(err)
		return n
	}
	all, lead0, lead1 := store.TaskFilter{}, store.TaskFilter{UnitID: u0}, store.TaskFilter{UnitID: u1}
	same(e.t, "before", []int{total(all), total(lead0), total(lead1)}, []int{3, 3, 0})

	t := e.task(f)
	same(e.t, "after Create", []int{total(all), total(lead0), total(lead1)}, []int{4, 4, 0})

	moved := t
	moved.LeadUnitID, moved.Version, moved.UpdatedAt = u1, 2, e.tick()
	e.must(e.s.Tasks().Update(e.ctx, store.TaskChange{Task: moved, Expected: 1, Audit: e.audit(f.C.ID, models.EntityTask, t.ID, "update", t, moved)}))
	same(e.t, "after Update", []int{total(all), total(lead0), total(lead1)}, []int{4, 3, 1})

	done := moved
	done.State, done.Version, done.UpdatedAt = models.StateCancelled, 3, e.tick()
	e.must(e.s.Tasks().Update(e.ctx, store.TaskChange{Task: done, Expected: 2, Audit: e.audit(f.C.ID, models.EntityTask, t.ID, "cancel", moved, done)}))
	same(e.t, "cancelled after Update", total(store.TaskFilter{States: []models.WorkState{models.StateCancelled}}), 1)
}
