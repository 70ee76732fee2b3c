package core

import (
	"context"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/store"
)

// MaxPerPage bounds every listing.
const MaxPerPage = 200

// DefaultPerPage is a page when none is asked for.
const DefaultPerPage = 50

// Paging checks a page request, filling in the defaults.
func Paging(p models.Problems, page, perPage int) (int, int) {
	if page == 0 {
		page = 1
	}
	if perPage == 0 {
		perPage = DefaultPerPage
	}
	if page < 1 || page > 100000 {
		p.Add("page", "must be between 1 and 100000")
	}
	if perPage < 1 || perPage > MaxPerPage {
		p.Add("perPage", "must be between 1 and 200")
	}
	return page, perPage
}

// Contains reports whether v is in list.
func Contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// taskPage is how many tasks EachTask reads at a time.
const taskPage = 200

// EachTask calls fn for every task matching f, page by page.
func EachTask(ctx context.Context, tasks store.Tasks, f store.TaskFilter, fn func(models.Task)) error {
	f.Limit = taskPage
	for f.Offset = 0; ; {
		page, total, err := tasks.List(ctx, f)
		if err != nil {
			return err
		}
		for _, t := range page {
			fn(t)
		}
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return nil
		}
	}
}
