package task

import (
	"context"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// Each calls fn for every task the listing request q matches (its page and
// page size aside), in the listing's order, a page at a time: for exports
// of any length without holding the whole list. fn's error stops it.
func (s *TaskService) Each(ctx context.Context, actor models.Actor, q TaskQuery, fn func(TaskView) error) error {
	p := models.Problems{}
	f, err := s.filterOf(actor, q, p)
	if err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return err
	}
	clock, err := s.today(ctx, actor, &f)
	if err != nil {
		return err
	}
	f.Limit = core.MaxPerPage
	for f.Offset = 0; ; {
		tasks, total, err := s.Store.Tasks().List(ctx, f)
		if err != nil {
			return err
		}
		for _, t := range tasks {
			if err := fn(TaskView{Task: t, Timeliness: clock.Of(t.State, t.Deadline, t.AcceptedAt)}); err != nil {
				return err
			}
		}
		f.Offset += len(tasks)
		if len(tasks) == 0 || f.Offset >= total {
			return nil
		}
	}
}
