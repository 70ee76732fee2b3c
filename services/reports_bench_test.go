package services_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
)

// bigWard is the ward with 1,000 more tasks in October 2021, half of them
// reported on, a quarter finished, and the month closed: the size of a
// large committee's month (DOMAIN §7 counts about 30 for a ward).
func bigWard(b *testing.B, n int) *reportWard {
	b.Helper()
	w := buildReportWard(b)
	keys := []string{"ubnd", "phunu", "congan", "khe", "vp"}
	texts := []string{
		"Rà soát, cập nhật số liệu hộ nghèo, hộ cận nghèo phát sinh trên địa bàn tổ dân phố số %d; lập danh sách đề nghị hỗ trợ.",
		"Tổ chức tuyên truyền phòng cháy, chữa cháy và an toàn giao thông tại khu dân cư số %d.",
		"Đôn đốc thu ngân sách, xử lý nợ đọng thuế của hộ kinh doanh tuyến đường số %d.",
		"Hội Liên hiệp Phụ nữ phường vận động hội viên chi hội %d tham gia mô hình tổ phụ nữ tiết kiệm.",
		"Chi bộ TDP Thượng Khê phân công đảng viên phụ trách hộ gia đình tại cụm dân cư %d.",
	}
	w.at(vn(time.October, 3, 9))
	ids := make([]models.ID, n)
	for i := range n {
		deadline := fmt.Sprintf("2021-10-%02d", 5+i%26)
		ids[i] = w.create("2021-10", i%len(w.areas), keys[i%len(keys)], fmt.Sprintf(texts[i%len(texts)], i+1), deadline)
	}
	w.at(vn(time.October, 15, 9))
	for i, id := range ids {
		switch i % 4 {
		case 0:
			w.report(keys[i%len(keys)], id, 100, models.StateAwaiting, fmt.Sprintf("Đã hoàn thành, đạt %d/%d chỉ tiêu.", 10+i%7, 10+i%7))
		case 1:
			w.report(keys[i%len(keys)], id, 20+i%70, "", "Đang triển khai theo kế hoạch; đã họp triển khai với các tổ dân phố.")
		}
	}
	w.at(vn(time.October, 20, 9))
	for i, id := range ids {
		if i%4 == 0 {
			w.accept(id)
		}
	}
	w.closeOctober()
	return w
}

// BenchmarkReports writes each report of a 1,000-task month in each format.
// "page" is the document the HTML page shows (rendered by the handlers'
// benchmark through the router).
func BenchmarkReports(b *testing.B) {
	w := bigWard(b, 1000)
	kinds := []models.ReportKind{models.ReportReview, models.ReportCarryOver, models.ReportDraft}
	for _, kind := range kinds {
		b.Run(string(kind)+"/page", func(b *testing.B) {
			for b.Loop() {
				if _, err := w.svc.Reports.Page(w.ctx, w.leader, kind, "2021-10"); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, format := range []models.ReportFormat{models.FormatDOCX, models.FormatPDF} {
			b.Run(string(kind)+"/"+string(format), func(b *testing.B) {
				var size int
				for b.Loop() {
					f, err := w.svc.Reports.File(w.ctx, w.leader, kind, "2021-10", format)
					if err != nil {
						b.Fatal(err)
					}
					size = len(f.Data)
				}
				b.ReportMetric(float64(size)/1024, "KiB")
			})
		}
	}
}
