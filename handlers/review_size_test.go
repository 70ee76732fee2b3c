package handlers_test

import (
	"os"
	"strings"
	"testing"
)

// maxReviewPage bounds the review page of a 32-item resolution before
// compression: an office on a slow line opens it in seconds.
const maxReviewPage = 150 << 10

// TestReviewPageSize: the sample's review page (32 items, the demo's 29
// units) stays within maxReviewPage, with the overview first.
func TestReviewPageSize(t *testing.T) {
	data, err := os.ReadFile(samplePath)
	if err != nil {
		t.Skip("the shared sample is not here:", err)
	}
	e := newTestEnv(t)
	e.addDemoUnits()
	b := e.browser()
	b.login("leader@thu.example")
	p := b.upload("nghi-quyet-31.txt", data)
	if p.status != 200 || !strings.Contains(p.body, `id="overview"`) {
		t.Fatalf("upload: %d at %s", p.status, p.path)
	}
	if n := strings.Count(p.body, `<tr id="row-`); n != 32 {
		t.Errorf("overview rows: %d, want 32", n)
	}
	if strings.Index(p.body, `id="overview"`) > strings.Index(p.body, `<article id="item-0"`) {
		t.Error("the overview does not come first")
	}
	t.Logf("review page: %d bytes", len(p.body))
	if len(p.body) > maxReviewPage {
		t.Errorf("review page is %d bytes, more than %d", len(p.body), maxReviewPage)
	}
}
