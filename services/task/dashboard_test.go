package task

import (
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
)

func TestCompareTasks(t *testing.T) {
	at := time.Date(2021, 10, 5, 0, 0, 0, 0, time.UTC)
	a := models.Task{ID: "a", Deadline: "2021-10-10", Percent: 50, UpdatedAt: at}
	b := models.Task{ID: "b", Deadline: "2021-10-20", Percent: 10, UpdatedAt: at.Add(time.Hour)}
	none := models.Task{ID: "c", Percent: 90, UpdatedAt: at.Add(-time.Hour)}
	for _, c := range []struct {
		order TaskOrder
		x, y  models.Task
		want  int
	}{
		{OrderDeadline, a, b, -1},
		{OrderDeadline, none, a, 1}, // thường xuyên last
		{OrderDeadlineDesc, a, b, 1},
		{OrderDeadlineDesc, none, b, 1}, // last in both directions
		{OrderUpdated, a, b, 1},
		{OrderPercent, a, b, 1},
		{OrderPercentDesc, a, b, -1},
		{OrderDeadline, a, a, 0},
	} {
		if got := compareTasks(c.order, c.x, c.y); got != c.want {
			t.Errorf("%s %s vs %s: %d, want %d", c.order, c.x.ID, c.y.ID, got, c.want)
		}
	}
}

func TestOverviewOf(t *testing.T) {
	f := models.MonthFigures{
		Units: []models.GroupFigures{
			{ID: "u2", Name: "B", Figures: models.Figures{Total: 3, Done: 1, Open: 1, OpenOverdue: 1, Cancelled: 1}},
			{ID: "gone", Name: "Đơn vị cũ", Figures: models.Figures{Total: 1}},
			{ID: "u1", Name: "A", Figures: models.Figures{Total: 1, Cancelled: 1}},
		},
	}
	ov := overviewOf(f, []models.Unit{{ID: "u1", Name: "A"}, {ID: "u2", Name: "B mới"}}, nil)
	// A unit whose only task was cancelled keeps its line: the cancelled
	// column says why nothing else counts.
	if len(ov.Units) != 3 || ov.Units[0].ID != "u1" || ov.Units[0].Cancelled != 1 || ov.Units[0].HasRate() ||
		ov.Units[1].Name != "B mới" || ov.Units[1].Total != 3 || ov.Units[1].CompletionPercent() != 50 || ov.Units[2].Name != "Đơn vị cũ" {
		t.Errorf("units: %+v", ov.Units)
	}
}
