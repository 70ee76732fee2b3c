package services_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/ferrettest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store/mongo"
)

// Every phrasing of each synonym group finds the same tasks: the ones
// written with any phrasing of the group, on both stores. Invisible marks
// in what is typed change nothing.
func TestSearchBySynonyms(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { searchBySynonyms(t, newRemEnv(t, nil)) })
	t.Run("FerretDB", func(t *testing.T) {
		st, err := mongo.Open(context.Background(), ferrettest.StartT(t)+"?maxPoolSize=1", mongo.Options{Database: "search"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		searchBySynonyms(t, newRemEnvOn(t, st, nil))
	})
}

func searchBySynonyms(t *testing.T, e *remEnv) {
	c := e.committee("Đảng ủy phường Hương Xuân", "")
	unit := c.unit("Văn phòng Đảng ủy", "vp@phuong.example")
	written := map[int][]models.ID{} // group → its tasks
	for g, group := range models.Synonyms {
		for i, phrase := range group {
			text := "Nhiệm vụ " + strings.ToUpper(phrase[:1]) + phrase[1:] + " đợt " + string(rune('A'+i))
			written[g] = append(written[g], c.task(unit, text, "2021-10-20"))
		}
	}
	for g, group := range models.Synonyms {
		for _, phrase := range group {
			for _, typed := range []string{phrase, strings.ToUpper(phrase), "\u200b" + phrase + "\u200d"} {
				page, err := e.svc.Tasks.List(e.ctx, c.leader, task.TaskQuery{Period: "2021-10", Q: typed, PerPage: 200})
				if err != nil {
					t.Fatal(err)
				}
				var got []models.ID
				for _, v := range page.Tasks {
					got = append(got, v.ID)
				}
				for _, id := range written[g] {
					if !slices.Contains(got, id) {
						t.Errorf("%q finds %d tasks, not all %d written as %q", typed, len(got), len(written[g]), group)
						break
					}
				}
			}
		}
	}
}
