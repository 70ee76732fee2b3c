package models

import (
	"math"
	"sort"
	"time"
)

// The figures rule. Every number a surface shows about a month (the
// dashboard's cards and tables, the task list's badges, the digests, the
// month page, the reports, the draft resolution, GET …/figures) is
// counted by CountFigures, as follows:
//
//   - Every task of the month counts in Total, cancelled ones included.
//   - Each task is in exactly one bucket (BucketOf): done on time or done
//     late (hoàn thành đúng hạn / quá hạn: accepted before, or after, the
//     end of its deadline day; no deadline is on time); cancelled (hủy);
//     or not done (chưa hoàn thành) — overdue when its deadline is before
//     the as-of day, within term otherwise (no deadline is within term).
//     A task carried to the next month was not done in this one.
//   - The completion rate is done / (total − cancelled), in percent,
//     rounded half up to two decimals (RoundPercent); cancelled tasks are
//     out of it, and every surface says so.
//   - The as-of day: a month that was carried over (closed) shows the
//     figures frozen at closing; any other month is live, as of today in
//     the committee's time zone (LiveAsOf), the same day the task list's
//     badges are judged on.
//
// Figures counts tasks the way Government task follow-up reports them
// (QĐ 42/2014/QĐ-TTg, 23/2018/QĐ-TTg): completed on time / late, and not
// completed within term / overdue. Cancelled tasks are counted apart and
// belong to neither bucket.
type Figures struct {
	Total          int               `json:"total"`          // every task, cancelled ones included
	Done           int               `json:"done"`           // đã hoàn thành
	DoneOnTime     int               `json:"doneOnTime"`     // đúng hạn
	DoneLate       int               `json:"doneLate"`       // quá hạn
	Open           int               `json:"open"`           // chưa hoàn thành (carried-over tasks included)
	OpenWithinTerm int               `json:"openWithinTerm"` // trong hạn (no deadline counts here)
	OpenOverdue    int               `json:"openOverdue"`    // quá hạn
	Paused         int               `json:"paused"`         // of Open: tạm dừng / chờ điều kiện
	CarriedOut     int               `json:"carriedOut"`     // of Open: chuyển sang tháng sau
	Cancelled      int               `json:"cancelled"`      // hủy
	ByState        map[WorkState]int `json:"byState"`
}

// Counted is the completion rate's denominator: the tasks that are not
// cancelled.
func (f Figures) Counted() int { return f.Done + f.Open }

// CompletionPercent is done / (done + not done) in percent, rounded half
// up to two decimals, as in "đã hoàn thành, đạt 98,62%"; 0 when nothing
// counts (HasRate tells that case apart).
func (f Figures) CompletionPercent() float64 {
	return RoundPercent(f.Done, f.Counted())
}

// HasRate reports whether any task counts towards the completion rate.
func (f Figures) HasRate() bool { return f.Counted() > 0 }

// RoundPercent is part/whole in percent, rounded half up to two decimals;
// 0 when whole is 0. Every percentage of tasks is rounded by it.
func RoundPercent(part, whole int) float64 {
	if whole <= 0 {
		return 0
	}
	return math.Floor(float64(part)*10000/float64(whole)+0.5) / 100
}

func (f *Figures) add(t Task, clock TimelinessClock) {
	if f.ByState == nil {
		f.ByState = map[WorkState]int{}
	}
	f.Total++
	f.ByState[t.State]++
	switch BucketOf(t, clock) {
	case BucketDoneOnTime:
		f.Done++
		f.DoneOnTime++
	case BucketDoneLate:
		f.Done++
		f.DoneLate++
	case BucketCancelled:
		f.Cancelled++
	case BucketOpenOverdue:
		f.Open++
		f.OpenOverdue++
	default:
		f.Open++
		f.OpenWithinTerm++
	}
	switch t.State {
	case StatePaused:
		f.Paused++
	case StateCarried:
		f.CarriedOut++
	}
}

// GroupFigures are the figures of one unit or one area.
type GroupFigures struct {
	ID   ID     `json:"id"`
	Name string `json:"name,omitempty"`
	Figures
}

// MonthFigures are a month's figures in total, per lead unit and per area.
type MonthFigures struct {
	Month  Month          `json:"month"`
	AsOf   Date           `json:"asOf"` // the day "overdue" is judged on
	Totals Figures        `json:"totals"`
	Units  []GroupFigures `json:"units"` // by lead unit, in id order
	Areas  []GroupFigures `json:"areas"` // in area order (position, then id)
}

// LiveAsOf is the day a live month's figures are judged on at now: today
// in loc, as the task list's badges are.
func LiveAsOf(now time.Time, loc *time.Location) Date {
	return DateOf(now, loc)
}

// CountFigures counts the given tasks (normally all tasks of month) as of
// the day asOf in loc. Names are left for the caller to fill in.
func CountFigures(month Month, tasks []Task, asOf Date, loc *time.Location) MonthFigures {
	clock := FiguresClock(asOf, loc)
	out := MonthFigures{Month: month, AsOf: asOf, Totals: Figures{ByState: map[WorkState]int{}}}
	units := map[ID]*GroupFigures{}
	areas := map[ID]*GroupFigures{}
	areaPos := map[ID]int{}
	group := func(m map[ID]*GroupFigures, id ID) *GroupFigures {
		g := m[id]
		if g == nil {
			g = &GroupFigures{ID: id, Figures: Figures{ByState: map[WorkState]int{}}}
			m[id] = g
		}
		return g
	}
	for _, t := range tasks {
		out.Totals.add(t, clock)
		group(units, t.LeadUnitID).add(t, clock)
		group(areas, t.AreaID).add(t, clock)
		areaPos[t.AreaID] = t.AreaPosition
	}
	out.Units = make([]GroupFigures, 0, len(units))
	for _, g := range units {
		out.Units = append(out.Units, *g)
	}
	sort.Slice(out.Units, func(i, j int) bool { return out.Units[i].ID < out.Units[j].ID })
	out.Areas = make([]GroupFigures, 0, len(areas))
	for _, g := range areas {
		out.Areas = append(out.Areas, *g)
	}
	sort.Slice(out.Areas, func(i, j int) bool {
		a, b := out.Areas[i], out.Areas[j]
		if areaPos[a.ID] != areaPos[b.ID] {
			return areaPos[a.ID] < areaPos[b.ID]
		}
		return a.ID < b.ID
	})
	return out
}
