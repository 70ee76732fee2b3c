package words_test

import (
	"testing"

	"github.com/theodoi/theodoi/services/internal/words"
)

func TestWeekSpan(t *testing.T) {
	for week, want := range map[string]string{
		"2026-W51": "14–20/12/2026",
		"2026-W49": "30/11–06/12/2026",
		"2026-W01": "29/12/2025–04/01/2026",
		"2021-W41": "11–17/10/2021",
		"2020-W53": "28/12/2020–03/01/2021",
		"2021-W00": "2021-W00",
		"tuần 5":   "tuần 5",
	} {
		if got := words.WeekSpan(week); got != want {
			t.Errorf("WeekSpan(%q) = %q, want %q", week, got, want)
		}
	}
}
