package models

import (
	"sort"
	"time"
)

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
	Cancelled      int               `json:"cancelled"`      // hủy
	ByState        map[WorkState]int `json:"byState"`
}

// CompletionPercent is done / (done + not done) in percent, as in "đã
// hoàn thành, đạt 98,62%"; 0 when nothing counts.
func (f Figures) CompletionPercent() float64 {
	if n := f.Done + f.Open; n > 0 {
		return 100 * float64(f.Done) / float64(n)
	}
	return 0
}

func (f *Figures) add(t Task, clock TimelinessClock) {
	if f.ByState == nil {
		f.ByState = map[WorkState]int{}
	}
	f.Total++
	f.ByState[t.State]++
	switch {
	case t.State == StateDone:
		f.Done++
		if clock.Of(t.State, t.Deadline, t.AcceptedAt) == TimelyDoneLate {
			f.DoneLate++
		} else {
			f.DoneOnTime++
		}
	case t.State == StateCancelled:
		f.Cancelled++
	default: // open or carried to the next month: not completed in this month
		f.Open++
		if t.Deadline != "" && t.Deadline < clock.Today {
			f.OpenOverdue++
		} else {
			f.OpenWithinTerm++
		}
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

// FiguresAsOf is the day a month's open tasks are judged on at now: today,
// but never after the month's last day, so a month reviewed or closed late
// does not count tasks as overdue that were within term when it ended.
func FiguresAsOf(month Month, now time.Time, loc *time.Location) Date {
	return min(DateOf(now, loc), month.LastDay())
}

// CountFigures counts the given tasks (normally all tasks of month) as of
// the day asOf in loc. Names are left for the caller to fill in.
func CountFigures(month Month, tasks []Task, asOf Date, loc *time.Location) MonthFigures {
	clock := TimelinessClock{loc: loc, Today: asOf, DueSoonUntil: asOf}
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
