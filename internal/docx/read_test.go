package docx_test

import (
	"reflect"
	"testing"

	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/internal/docx/docxtest"
)

type block = document.Block
type note = document.Footnote

// readCase is a document built with docxtest and the blocks Read gives.
type readCase struct {
	name  string
	build func(b *docxtest.Builder)
	want  []block
}

func TestReadRoundTrip(t *testing.T) {
	runReadCases(t, []readCase{
		{"paragraphs, empty ones dropped, trimmed right", func(b *docxtest.Builder) {
			b.Paragraph("NGHỊ QUYẾT").Paragraph("").Paragraph("   ").Paragraph("  Số 31-NQ/ĐU  \t ")
		}, []block{{Text: "NGHỊ QUYẾT"}, {Text: "  Số 31-NQ/ĐU"}}},
		{"tabs kept", func(b *docxtest.Builder) {
			b.Para(docxtest.Text("*"), docxtest.Tab(), docxtest.Tab(), docxtest.Text("Hương Xuân, ngày 23 tháng 9 năm 2021"))
		}, []block{{Text: "*\t\tHương Xuân, ngày 23 tháng 9 năm 2021"}}},
		{"NFC", func(b *docxtest.Builder) {
			b.Paragraph("Ho\u0300a va\u0300 ti\u00ea\u0301n") // decomposed accents, as in the sample
		}, []block{{Text: "Hòa và tiến"}}},
		{"line breaks split blocks; the bullet stays on the first", func(b *docxtest.Builder) {
			b.Para(docxtest.Text("Nơi nhận:"), docxtest.Break(), docxtest.Text("- Như trên,"))
			b.BulletPara(docxtest.Text("Dòng một"), docxtest.Break(), docxtest.Break(), docxtest.Text("dòng hai"))
		}, []block{{Text: "Nơi nhận:"}, {Text: "- Như trên,"}, {Text: "Dòng một", ListItem: true}, {Text: "dòng hai"}}},
		{"footnotes numbered in order of reference", func(b *docxtest.Builder) {
			b.Para(docxtest.Text("Thu hoạch lúa"), docxtest.Note("Trong đó:\tlúa 20ha"), docxtest.Text("; rau"), docxtest.Note("  rau 0,5ha  \nđoạn hai "), docxtest.Text("."))
			b.Paragraph("Không chú thích")
			b.BulletPara(docxtest.Text("Dòng"), docxtest.Note("Ghi chu\u0301 ba"))
		}, []block{
			{Text: "Thu hoạch lúa; rau.", Notes: []note{{Number: 1, Text: "Trong đó:\tlúa 20ha"}, {Number: 2, Text: "rau 0,5ha đoạn hai"}}},
			{Text: "Không chú thích"},
			{Text: "Dòng", ListItem: true, Notes: []note{{Number: 3, Text: "Ghi chú ba"}}},
		}},
		{"a footnote after a line break belongs to that line", func(b *docxtest.Builder) {
			b.Para(docxtest.Text("a"), docxtest.Note("một"), docxtest.Break(), docxtest.Text("b"), docxtest.Note("hai"), docxtest.Break(), docxtest.Note("ba"))
		}, []block{{Text: "a", Notes: []note{{Number: 1, Text: "một"}}}, {Text: "b", Notes: []note{{Number: 2, Text: "hai"}, {Number: 3, Text: "ba"}}}}},
		{"custom footnote mark takes no number", func(b *docxtest.Builder) {
			b.Para(docxtest.Text("a"), docxtest.Note("một"), docxtest.Text(" b"), docxtest.CustomNote("*", "sao"), docxtest.Text(" c"), docxtest.Note("hai"))
		}, []block{{Text: "a b c", Notes: []note{{Number: 1, Text: "một"}, {Number: 0, Text: "sao"}, {Number: 2, Text: "hai"}}}}},
		{"Word bullets are list items, typed dashes are text", func(b *docxtest.Builder) {
			b.Bullet("Tiếp tục thực hiện").Paragraph("- Gõ tay").Paragraph("\t- Sau tab")
		}, []block{{Text: "Tiếp tục thực hiện", ListItem: true}, {Text: "- Gõ tay"}, {Text: "\t- Sau tab"}}},
		{"a deeper Word bullet has its level", func(b *docxtest.Builder) {
			b.Bullet("việc").ListPara(1, 1, docxtest.Text("phần việc"))
		}, []block{{Text: "việc", ListItem: true}, {Text: "phần việc", ListItem: true, ListLevel: 1}}},
		{"bullets through a style and its basedOn chain", func(b *docxtest.Builder) {
			b.StyledPara("ListBullet", docxtest.Text("kiểu"))
			b.StyledPara("ListBullet2", docxtest.Text("kế thừa"))
			b.StyledPara("ListParagraph", docxtest.Text("không"))
			b.Raw(`<w:p><w:pPr><w:pStyle w:val="ListBullet"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>tắt</w:t></w:r></w:p>`)
			b.Raw(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="42"/></w:numPr></w:pPr><w:r><w:t>danh sách lạ</w:t></w:r></w:p>`)
		}, []block{{Text: "kiểu", ListItem: true}, {Text: "kế thừa", ListItem: true}, {Text: "không"}, {Text: "tắt"}, {Text: "danh sách lạ", ListItem: true}}},
		{"Word numbering labels, lower levels restart", func(b *docxtest.Builder) {
			b.Numbered(0, "Tình hình").Numbered(1, "Về kinh tế").Numbered(2, "Sản xuất").Numbered(2, "Xây dựng")
			b.Numbered(1, "Văn hóa").Bullet("gạch đầu dòng").Numbered(0, "Phương hướng").Numbered(1, "Về kinh tế")
			b.Raw(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr></w:p>`) // empty: counted, dropped
			b.Numbered(0, "TỔ CHỨC THỰC HIỆN")
		}, []block{
			{Text: "I. Tình hình"}, {Text: "1. Về kinh tế"}, {Text: "1.1. Sản xuất"}, {Text: "1.2. Xây dựng"},
			{Text: "2. Văn hóa"}, {Text: "gạch đầu dòng", ListItem: true}, {Text: "II. Phương hướng"}, {Text: "1. Về kinh tế"},
			{Text: "IV. TỔ CHỨC THỰC HIỆN"},
		}},
		{"table cells in order, then the body", func(b *docxtest.Builder) {
			b.Table(
				[]docxtest.Cell{{"ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ", "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN", "*", "Số 31-NQ/ĐU"}, {"ĐẢNG CỘNG SẢN VIỆT NAM", "", "Hương Xuân, ngày 23 tháng 9 năm 2021"}},
				[]docxtest.Cell{{"dòng 2 trái"}, {}},
			).Paragraph("NGHỊ QUYẾT")
		}, []block{
			{Text: "ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ"}, {Text: "ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN"}, {Text: "*"}, {Text: "Số 31-NQ/ĐU"},
			{Text: "ĐẢNG CỘNG SẢN VIỆT NAM"}, {Text: "Hương Xuân, ngày 23 tháng 9 năm 2021"}, {Text: "dòng 2 trái"}, {Text: "NGHỊ QUYẾT"},
		}},
		{"tracked changes: deletions ignored, insertions kept", func(b *docxtest.Builder) {
			b.Para(docxtest.Text("Đã "), docxtest.Deleted("không "), docxtest.Inserted("hoàn thành"), docxtest.Text(" kế hoạch"))
			b.Raw(`<w:p><w:r><w:t xml:space="preserve">chuyển </w:t></w:r><w:moveFrom w:id="1" w:author="a"><w:r><w:t>cũ</w:t></w:r></w:moveFrom><w:moveTo w:id="2" w:author="a"><w:r><w:t>mới</w:t></w:r></w:moveTo></w:p>`)
		}, []block{{Text: "Đã hoàn thành kế hoạch"}, {Text: "chuyển mới"}}},
		{"hidden text and field instructions are not displayed", func(b *docxtest.Builder) {
			b.Para(docxtest.Text("Trang "), docxtest.Field("PAGE", "3"), docxtest.Hidden(" ẩn"), docxtest.Text(" của 5"))
			// A nested field inside the instruction of another shows only the outer result.
			b.Raw(`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>` +
				`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>kết quả</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
				`<w:fldSimple w:instr=" DATE "><w:r><w:t xml:space="preserve"> 23/9/2021</w:t></w:r></w:fldSimple></w:p>`)
		}, []block{{Text: "Trang 3 của 5"}, {Text: "kết quả 23/9/2021"}}},
		{"xml:space, hyphens, symbols, tab stops", func(b *docxtest.Builder) {
			b.Raw(`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>` +
				`<w:r><w:t>  bỏ khoảng trắng  </w:t></w:r><w:r><w:t xml:space="preserve"> giữ </w:t></w:r>` +
				`<w:r><w:t>Covid</w:t><w:noBreakHyphen/><w:t>19</w:t><w:softHyphen/></w:r>` +
				`<w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:sym w:font="Arial" w:char="2013"/></w:r></w:p>`)
		}, []block{{Text: "bỏ khoảng trắng giữ Covid-19•\t–"}}},
		{"text boxes after their paragraph, once", func(b *docxtest.Builder) {
			box := `<w:txbxContent><w:p><w:r><w:t>trong khung</w:t></w:r></w:p></w:txbxContent>`
			b.Raw(`<w:p><w:r><w:t>neo</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">` +
				`<mc:Choice Requires="wps"><w:drawing><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>` + box + `</wps:txbx></wps:wsp></w:drawing></mc:Choice>` +
				`<mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>` + box + `</v:textbox></v:shape></w:pict></mc:Fallback>` +
				`</mc:AlternateContent></w:r><w:r><w:t xml:space="preserve"> tiếp</w:t></w:r></w:p>`)
			b.Paragraph("sau")
		}, []block{{Text: "neo tiếp"}, {Text: "trong khung"}, {Text: "sau"}}},
		{"a reference to a missing footnote is dropped", func(b *docxtest.Builder) {
			b.Para(docxtest.Text("a"), docxtest.RawRun(`<w:r><w:footnoteReference w:id="77"/></w:r>`), docxtest.Note("có"))
		}, []block{{Text: "a", Notes: []note{{Number: 1, Text: "có"}}}}},
	})
}

func runReadCases(t *testing.T, tests []readCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := docxtest.New()
			tt.build(b)
			data, err := b.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			got, err := docx.Read(data, docx.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", dump(got), dump(tt.want))
			}
		})
	}
}
