package main

import (
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/demo"
	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/report"
	"github.com/theodoi/theodoi/services/task"
)

// TestDemoMonthReports: the demo's last month (done on time, late,
// cancelled, carried) as the month reports show it. The review's counts
// are what the task list shows, the carry-over list is exactly the carried
// tasks, and the draft's section II has one "Tiếp tục …" line per carried
// task under its area.
func TestDemoMonthReports(t *testing.T) {
	e := newDemoWard(t)
	ctx, svc, clk, leader := e.ctx, e.svc, e.clk, e.leader
	month := demo.Month(clk.Now()).Prev()

	// What the task list shows for last month.
	page, err := svc.Tasks.List(ctx, leader, task.TaskQuery{Period: string(month), PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, v := range page.Tasks {
		counts[string(v.Timeliness)]++
		counts[string(v.State)]++
	}
	if page.Total != len(demo.PreviousTasks) {
		t.Fatalf("%d tasks in %s, want %d", page.Total, month, len(demo.PreviousTasks))
	}

	review, err := svc.Reports.Review(ctx, leader, month)
	if err != nil {
		t.Fatal(err)
	}
	f := review.Figures.Totals
	if !review.Frozen || f.Total != page.Total || f.DoneOnTime != counts[string(models.TimelyDoneOnTime)] ||
		f.DoneLate != counts[string(models.TimelyDoneLate)] || f.Cancelled != counts[string(models.StateCancelled)] ||
		f.OpenWithinTerm+f.OpenOverdue != counts[string(models.StateCarried)] {
		t.Errorf("review figures %+v, task list %v", f, counts)
	}
	if f.DoneOnTime != 4 || f.DoneLate != 2 || f.Cancelled != 1 || len(review.CarriedOut) != 3 {
		t.Errorf("review %+v, carried out %d; the demo has 4 on time, 2 late, 1 cancelled, 3 carried", f, len(review.CarriedOut))
	}

	// The carry-over list: exactly this month's tasks that came from last month.
	carry, err := svc.Reports.CarryOver(ctx, leader, month)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[models.ID]report.CarryItem{}
	for _, g := range carry.Groups {
		for _, it := range g.Items {
			listed[it.TaskID] = it
		}
	}
	next, err := svc.Tasks.List(ctx, leader, task.TaskQuery{Period: string(month.Next()), PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	carriedIn := 0
	for _, v := range next.Tasks {
		if v.CarryCount == 0 {
			continue
		}
		carriedIn++
		if it, ok := listed[v.ID]; !ok || it.CarryCount != 1 || it.Text != v.Text {
			t.Errorf("carried task %q missing from the carry-over list (%+v)", v.Text, it)
		}
	}
	if carry.Projected || carry.Total != 3 || carriedIn != 3 || len(listed) != 3 {
		t.Errorf("carry-over list: total %d, listed %d, carried in %d, projected %v", carry.Total, len(listed), carriedIn, carry.Projected)
	}

	// The draft as Word writes it: section II, area by area.
	file, err := svc.Reports.File(ctx, leader, models.ReportDraft, string(month), models.FormatDOCX)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := docx.Read(file.Data, docx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	areaOf := map[string]string{} // continue line → area heading above it
	area, inII := "", false
	for _, b := range blocks {
		text := strings.TrimSpace(b.Text)
		switch {
		case strings.HasPrefix(text, "II. "):
			inII = true
		case strings.HasPrefix(text, "III. "):
			inII = false
		case inII && len(text) > 3 && text[0] >= '1' && text[0] <= '9' && strings.Contains(text[:4], ". "):
			area = text
		case inII && strings.Contains(text, "Tiếp tục"):
			areaOf[text] = area
		}
	}
	if len(areaOf) != 3 {
		t.Errorf("section II has %d “Tiếp tục” lines, want 3: %v", len(areaOf), areaOf)
	}
	for _, it := range listed {
		found := 0
		words := strings.Fields(it.Text)
		tail := strings.Join(words[len(words)-6:], " ") // the end of the task's text, as the line keeps it
		for line, heading := range areaOf {
			if strings.Contains(line, strings.TrimSuffix(tail, ".")) {
				found++
				if !strings.HasSuffix(heading, it.AreaName) {
					t.Errorf("“%s” is under %q, want area %q", line, heading, it.AreaName)
				}
				if strings.Count(line, "Tiếp tục") != 1 {
					t.Errorf("“%s” doubles “Tiếp tục”", line)
				}
			}
		}
		if found != 1 {
			t.Errorf("carried task %q has %d lines in section II, want 1", it.Text, found)
		}
	}
}
