package sheet_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/theodoi/theodoi/internal/sheet"
)

// BenchmarkXLSX10000 writes a task list of 10,000 rows × 12 columns, about
// the largest export a committee makes.
func BenchmarkXLSX10000(b *testing.B) {
	cols := []sheet.Column{
		{Title: "Mã", Kind: sheet.Text},
		{Title: "Nội dung", Kind: sheet.Text, Width: 50},
		{Title: "Đơn vị chủ trì", Kind: sheet.Text},
		{Title: "Người phụ trách", Kind: sheet.Text},
		{Title: "Ngày giao", Kind: sheet.Date},
		{Title: "Hạn", Kind: sheet.Date},
		{Title: "Ngày hoàn thành", Kind: sheet.Date},
		{Title: "Trạng thái", Kind: sheet.Text},
		{Title: "Số lần gia hạn", Kind: sheet.Int},
		{Title: "Số báo cáo", Kind: sheet.Int},
		{Title: "Tiến độ (%)", Kind: sheet.Number},
		{Title: "Ghi chú", Kind: sheet.Text},
	}
	// A few hundred distinct rows, boxed once, so the benchmark measures
	// the writer rather than building values.
	rows := make([][]any, 256)
	for i := range rows {
		var done any
		if i%3 == 0 {
			done = fmt.Sprintf("2025-%02d-%02d", i%12+1, i%28+1)
		}
		rows[i] = []any{
			fmt.Sprintf("NV-%05d", i),
			fmt.Sprintf("Đoàn TNCS Hồ Chí Minh phường %d triển khai nghị quyết số %d-NQ/ĐU", i%20, i),
			"Ban Tuyên giáo",
			"Nguyễn Thị Hồng Nhung",
			"2025-01-15",
			fmt.Sprintf("2025-%02d-%02d", i%12+1, i%28+1),
			done,
			"Đang thực hiện",
			i % 3,
			i % 7,
			float64(i%1000) / 10,
			"",
		}
	}
	const n = 10000
	b.ReportAllocs()
	for b.Loop() {
		x := sheet.NewXLSX(io.Discard)
		table, err := x.Sheet("Nhiệm vụ", cols)
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if err := table.Row(rows[i%len(rows)]...); err != nil {
				b.Fatal(err)
			}
		}
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}
