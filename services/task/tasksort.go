package task

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// TaskOrder is how a task listing is sorted. The stores keep one order
// (area, then deadline); the others sort the matching tasks in memory, so
// they are offered only while a listing is small enough for that.
type TaskOrder string

const (
	OrderArea         TaskOrder = ""          // area, then deadline (the stores' order)
	OrderDeadline     TaskOrder = "deadline"  // earliest deadline first, none last
	OrderDeadlineDesc TaskOrder = "-deadline" // latest deadline first, none last
	OrderUpdated      TaskOrder = "-updated"  // most recently changed first
	OrderPercent      TaskOrder = "percent"   // least progress first
	OrderPercentDesc  TaskOrder = "-percent"  // most progress first
)

// maxSortedListing bounds the tasks sorted in memory.
const maxSortedListing = 2000

// TaskOrders are the orders a listing may ask for.
var TaskOrders = []TaskOrder{OrderArea, OrderDeadline, OrderDeadlineDesc, OrderUpdated, OrderPercent, OrderPercentDesc}

// ErrTooManyToSort: the listing matches more tasks than are sorted in
// memory; narrow it (a month, a unit) or keep the default order.
var ErrTooManyToSort = errors.New("too many tasks to sort in this order")

// ListSorted is List in the given order. In any order but the default it
// fails with ErrTooManyToSort (wrapping models.ErrInvalid) when the
// listing matches more than 2,000 tasks.
func (s *TaskService) ListSorted(ctx context.Context, actor models.Actor, q TaskQuery, order TaskOrder) (TaskPage, error) {
	if !slices.Contains(TaskOrders, order) {
		return TaskPage{}, models.Invalid("sort", "unknown order")
	}
	if order == OrderArea {
		return s.List(ctx, actor, q)
	}
	page, perPage := q.Page, q.PerPage
	p := models.Problems{}
	page, perPage = core.Paging(p, page, perPage)
	if err := p.Err(); err != nil {
		return TaskPage{}, err
	}
	all := q
	all.PerPage = core.MaxPerPage
	var tasks []TaskView
	for all.Page = 1; ; all.Page++ {
		got, err := s.List(ctx, actor, all)
		if err != nil {
			return TaskPage{}, err
		}
		if got.Total > maxSortedListing {
			return TaskPage{}, errors.Join(ErrTooManyToSort, models.Invalid("sort", "too many tasks to sort; narrow the listing"))
		}
		tasks = append(tasks, got.Tasks...)
		if len(got.Tasks) < core.MaxPerPage || len(tasks) >= got.Total {
			break
		}
	}
	slices.SortStableFunc(tasks, func(a, b TaskView) int { return compareTasks(order, a.Task, b.Task) })
	out := TaskPage{Total: len(tasks), Page: page, PerPage: perPage, Tasks: []TaskView{}}
	from := min((page-1)*perPage, len(tasks))
	out.Tasks = append(out.Tasks, tasks[from:min(from+perPage, len(tasks))]...)
	return out, nil
}

func compareTasks(order TaskOrder, a, b models.Task) int {
	// A task without a deadline (thường xuyên) sorts after every date.
	deadline := func(d models.Date) string {
		if d == "" {
			return "~"
		}
		return string(d)
	}
	var c int
	switch order {
	case OrderDeadline:
		c = cmp.Compare(deadline(a.Deadline), deadline(b.Deadline))
	case OrderDeadlineDesc:
		switch {
		case a.Deadline == "" || b.Deadline == "":
			c = cmp.Compare(deadline(a.Deadline), deadline(b.Deadline))
		default:
			c = cmp.Compare(b.Deadline, a.Deadline)
		}
	case OrderUpdated:
		c = b.UpdatedAt.Compare(a.UpdatedAt)
	case OrderPercent:
		c = cmp.Compare(a.Percent, b.Percent)
	case OrderPercentDesc:
		c = cmp.Compare(b.Percent, a.Percent)
	}
	if c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
