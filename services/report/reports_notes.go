package report

import (
	"context"
	"errors"
	"sync"

	"github.com/theodoi/theodoi/models"
)

// notesParallel bounds the history reads of one report: a remote store
// overlaps their round trips, the embedded one reads them side by side.
const notesParallel = 8

// maxCarryChain bounds the walk back through earlier months' copies.
const maxCarryChain = 24

// latestNotes finds, for each task, the last thing a unit reported about
// it (or, failing that, the last follow-up note). A task carried from an
// earlier month with nothing said yet takes its original's last note.
// Month-end bookkeeping ("Chuyển sang tháng …") is not a note.
func (s *ReportService) latestNotes(ctx context.Context, committee models.ID, tasks []models.Task) (map[models.ID]string, error) {
	out := make(map[models.ID]string, len(tasks))
	var mu sync.Mutex
	errs := make([]error, len(tasks))
	sem := make(chan struct{}, notesParallel)
	var wg sync.WaitGroup
	for i, t := range tasks {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			note, err := s.noteOf(ctx, committee, t)
			if err != nil {
				errs[i] = err
				return
			}
			if note != "" {
				mu.Lock()
				out[t.ID] = note
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

func (s *ReportService) noteOf(ctx context.Context, committee models.ID, t models.Task) (string, error) {
	seen := map[models.ID]bool{}
	id, from := t.ID, t.CarriedFromID
	for range maxCarryChain {
		if seen[id] {
			return "", nil
		}
		seen[id] = true
		history, err := s.Store.Tasks().Progress(ctx, committee, id)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return "", err
		}
		if n := pickNote(history); n != "" {
			return n, nil
		}
		if from == "" || seen[from] {
			return "", nil
		}
		prev, err := s.Store.Tasks().Get(ctx, committee, from)
		if errors.Is(err, models.ErrNotFound) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		id, from = prev.ID, prev.CarriedFromID
	}
	return "", nil
}

// pickNote is the newest unit report with text, else the newest
// follow-up note with text.
func pickNote(history []models.Progress) string {
	fallback := ""
	for i := len(history) - 1; i >= 0; i-- {
		p := history[i]
		if p.Note == "" || p.UserID == "" { // "" is the scheduler: bookkeeping
			continue
		}
		switch p.Kind {
		case models.ProgressReport:
			return p.Note
		case models.ProgressNote:
			if fallback == "" {
				fallback = p.Note
			}
		}
	}
	return fallback
}
