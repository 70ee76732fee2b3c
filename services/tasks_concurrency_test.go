package services_test

import (
	"sync"
	"testing"

	"github.com/theodoi/theodoi/services/task"
)

// TestConcurrentReportsWithoutVersionAllLand: eight people reporting on
// one task at once, none sending a version, never get "changed by someone
// else": with no version pinned, the server retries its own lost races.
func TestConcurrentReportsWithoutVersionAllLand(t *testing.T) {
	e := newRemEnv(t, nil)
	f := newFollowEnv(e)
	id := f.task(f.lead, "Vận động hội viên tham gia hiến máu tình nguyện", "2021-10-20")
	officer := f.officer[f.lead.ID]
	var wg sync.WaitGroup
	errs := make(chan error, 8*25)
	for w := range 8 {
		wg.Go(func() {
			for i := range 25 {
				pct := 1 + (w*25+i)%99
				if _, err := e.svc.Tasks.ReportProgress(e.ctx, officer, id, task.ProgressInput{Percent: &pct}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	n := 0
	for err := range errs {
		if n++; n <= 3 {
			t.Error(err)
		}
	}
	if n > 0 {
		t.Errorf("%d of 200 reports failed", n)
	}
}
