package handlers_test

import (
	"os"
	"strings"
	"testing"
)

// TestReviewListsUnplacedParagraphs: what the reader could not place
// under an area or task is shown on the review page, not dropped.
func TestReviewListsUnplacedParagraphs(t *testing.T) {
	data, err := os.ReadFile("../internal/resolution/testdata/nghi-quyet-ngoc-thach-2024-11.txt")
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEnv(t)
	b := e.browser()
	b.login("leader@thu.example")
	p := b.upload("ngoc-thach.txt", data)
	if p.status != 200 || !strings.Contains(p.body, `id="unplaced"`) ||
		!strings.Contains(p.body, "Trên cơ sở kết quả đạt được, Đảng ủy xác định các nhiệm vụ trọng tâm trong tháng như sau:") {
		t.Errorf("review page: %d, unplaced paragraph not listed", p.status)
	}
}
