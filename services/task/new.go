package task

import (
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/notify"
)

// MaxPerPage is the longest page a task listing returns.
const MaxPerPage = core.MaxPerPage

// New wires the task use cases and the one task-change path they share
// with the import and the month end. events turns changes into
// follow-up notices; periods opens a month on its first task.
func New(b core.Base, events *notify.Fanout, periods *directory.PeriodService, dueSoonDays int) (*TaskService, *Writer) {
	w := &Writer{Base: b, events: events, turns: newTurns()}
	return &TaskService{Base: b, dueSoonDays: dueSoonDays, writer: w, periods: periods}, w
}
