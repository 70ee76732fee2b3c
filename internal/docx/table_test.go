package docx_test

import (
	"testing"

	"github.com/theodoi/theodoi/internal/docx/docxtest"
)

// Tables of three or more columns are read row by row (task tables);
// narrower ones stay paragraphs, cell by cell (see TestReadRoundTrip).
func TestReadTables(t *testing.T) {
	runReadCases(t, []readCase{
		{"a grid is read row by row; a merged cell pads the columns it spans", func(b *docxtest.Builder) {
			b.Grid(4,
				docxtest.GridRow{{docxtest.Text("TT")}, {docxtest.Text("Nội dung")}, {docxtest.Text("Chủ trì")}, {docxtest.Text("Thời hạn")}},
				docxtest.GridRow{{docxtest.Text("I")}, {docxtest.Text("KINH TẾ")}},
				docxtest.GridRow{{docxtest.Text("1")}, {docxtest.Text("Thu thuế"), docxtest.Note("Nợ đọng 312 triệu đồng")},
					{docxtest.Text("UBND\nCông an")}, {}},
				docxtest.GridRow{{}, {}, {}, {}},
			).Paragraph("sau bảng")
		}, []block{
			{Text: "TT\tNội dung\tChủ trì\tThời hạn", Cells: []string{"TT", "Nội dung", "Chủ trì", "Thời hạn"}},
			{Text: "I\tKINH TẾ", Cells: []string{"I", "KINH TẾ", "", ""}},
			{Text: "1\tThu thuế\tUBND Công an", Cells: []string{"1", "Thu thuế", "UBND\nCông an", ""},
				Notes: []note{{Number: 1, Text: "Nợ đọng 312 triệu đồng"}}},
			{Text: "sau bảng"},
		}},
		{"Word numbering alone fills a grid's STT cell", func(b *docxtest.Builder) {
			num := `<w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr></w:pPr></w:p></w:tc>`
			cell := func(s string) string { return `<w:tc><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>` }
			b.Raw(`<w:tbl><w:tr>` + num + cell("Thu thuế") + cell("UBND") + `</w:tr><w:tr>` + num + cell("Lễ hội") + cell("MTTQ") + `</w:tr></w:tbl>`)
		}, []block{
			{Text: "1.\tThu thuế\tUBND", Cells: []string{"1.", "Thu thuế", "UBND"}},
			{Text: "2.\tLễ hội\tMTTQ", Cells: []string{"2.", "Lễ hội", "MTTQ"}},
		}},
		{"a table nested in a grid's cell follows its row", func(b *docxtest.Builder) {
			// A report's signature block kept on the page of the last row.
			cell := func(s string) string { return `<w:tc><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>` }
			inner := `<w:tbl><w:tr>` + cell("Nơi nhận:") + cell("BÍ THƯ") + `</w:tr></w:tbl>`
			b.Raw(`<w:tbl><w:tr>` + cell("1") + `<w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p>` + inner + `</w:tc>` + cell("x") + `</w:tr>` +
				`<w:tr>` + cell("2") + cell("d") + cell("y") + `</w:tr></w:tbl>`)
		}, []block{
			{Text: "1\tc\tx", Cells: []string{"1", "c", "x"}}, {Text: "Nơi nhận:"}, {Text: "BÍ THƯ"},
			{Text: "2\td\ty", Cells: []string{"2", "d", "y"}},
		}},
		{"rows and cells outside a table are paragraphs", func(b *docxtest.Builder) {
			b.Raw(`<w:tr><w:tc><w:p><w:r><w:t>lạc</w:t></w:r></w:p></w:tc></w:tr>`).Paragraph("tiếp")
		}, []block{{Text: "lạc"}, {Text: "tiếp"}}},
	})
}
