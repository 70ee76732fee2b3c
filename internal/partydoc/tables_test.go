package partydoc

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Tables as they print: columns sized for what they hold, words never
// cut, text clear of the borders.

func TestWrapWords(t *testing.T) {
	// One unit a letter, one a space.
	width := func(s string) float64 { return float64(len([]rune(s))) }
	for _, c := range []struct {
		text string
		w    float64
		want []string
	}{
		{"", 10, []string{""}},
		{"Hội Nông dân", 20, []string{"Hội Nông dân"}},
		{"Hội Liên hiệp Phụ nữ phường", 10, []string{"Hội Liên", "hiệp Phụ", "nữ phường"}},
		{"UBMTTQVN chủ trì", 8, []string{"UBMTTQVN", "chủ trì"}},          // a word that fits a line is never cut
		{"Mặt trận UBMTTQVN", 6, []string{"Mặt", "trận", "UBMTTQ", "VN"}}, // only a word wider than a line is
		{"Đạt 60%\nChưa hoàn thành", 30, []string{"Đạt 60%", "Chưa hoàn thành"}},
		{"a  \n\nb", 5, []string{"a", "", "b"}},
	} {
		if got := wrapWords(c.text, c.w, width); !slices.Equal(got, c.want) {
			t.Errorf("wrapWords(%q, %v) = %q, want %q", c.text, c.w, got, c.want)
		}
	}
}

// taskTable is the carry-over list's table, with three-digit row numbers
// and cells of many lengths.
func taskTable(rows int) *Table {
	tb := &Table{Columns: []Column{
		{Title: "TT", Width: 1.0, Numeric: true},
		{Title: "Nhiệm vụ", Width: 5.6},
		{Title: "Lần chuyển", Width: 1.9, Numeric: true},
		{Title: "Thời hạn ban đầu", Width: 2.7, Numeric: true},
		{Title: "Tiến độ", Width: 2.1},
		{Title: "Ghi chú gần nhất", Width: 4.2},
	}}
	words := strings.Fields("Rà soát, cập nhật số liệu hộ nghèo, hộ cận nghèo phát sinh trên địa bàn tổ dân phố; lập danh sách đề nghị hỗ trợ kịp thời theo quy định của Ủy ban nhân dân phường")
	for i := range rows {
		task := strings.Join(words[:6+i%len(words[6:])], " ")
		tb.Rows = append(tb.Rows, Row{Cells: []string{strconv.Itoa(i + 1), task + "\nLĩnh vực: Kinh tế",
			strconv.Itoa(1 + i%3), "10/10/2021\n(mới: 15/11/2021)", "Đang thực hiện, đạt 40%", "UBMTTQVN phường đã họp triển khai với các tổ dân phố."}})
	}
	return tb
}

func TestColumnWidths(t *testing.T) {
	m := newMetrics()
	total := float64(textWidthTw) / 20
	need := func(style string, words ...string) float64 {
		w := 0.0
		for _, s := range words {
			w = max(w, m.width(s, style, sizeTable))
		}
		return w + 2*cellPadXPt
	}
	cases := []struct {
		name string
		tb   *Table
		// check says what is wrong with widths, if anything.
		check func(w []float64) string
	}{
		{"TT holds its title and three digits", taskTable(120), func(w []float64) string {
			if w[0] < need("B", "TT", "120") {
				return fmt.Sprintf("TT is %.1f pt, needs %.1f", w[0], need("B", "TT", "120"))
			}
			return ""
		}},
		{"a unit's name is never cut", &Table{
			Columns: []Column{{Title: "TT", Width: 1, Numeric: true}, {Title: "Nhiệm vụ", Width: 12}, {Title: "Đơn vị", Width: 1.2}},
			Rows:    []Row{{Cells: []string{"1", "Tổ chức hội nghị", "UBMTTQVN"}}},
		}, func(w []float64) string {
			if w[2] < need("", "UBMTTQVN") {
				return fmt.Sprintf("the unit column is %.1f pt, narrower than UBMTTQVN", w[2])
			}
			if w[1] < w[2] {
				return "the task column gave up more than it had to"
			}
			return ""
		}},
		{"too many long words: shared by need", &Table{
			Columns: []Column{{Title: "A"}, {Title: "B", Width: 5}, {Title: "C"}, {Title: "D"}, {Title: "E"}, {Title: "F"}, {Title: "G"}},
			Rows:    []Row{{Cells: strings.Fields(strings.Repeat("UBMTTQVN ", 7))}},
		}, func(w []float64) string {
			if math.Abs(w[0]-w[1]) > 0.01 {
				return "equal needs got unequal widths"
			}
			return ""
		}},
	}
	for _, c := range cases {
		w := columnWidths(*c.tb, total, m)
		sum := 0.0
		for _, x := range w {
			sum += x
		}
		if math.Abs(sum-total) > 0.01 {
			t.Errorf("%s: widths add up to %.2f pt, not %.2f", c.name, sum, total)
		}
		if msg := c.check(w); msg != "" {
			t.Errorf("%s: %s (%v)", c.name, msg, w)
		}
		tw := twipWidths(w, textWidthTw)
		if s := sum2(tw); s != textWidthTw {
			t.Errorf("%s: twips add up to %d", c.name, s)
		}
	}
}

func sum2(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// TestDOCXTableGrid: a fixed grid in twips, every cell as wide as its
// column, and the TT column wide enough for "TT" and three digits beside
// the cell margins the table declares.
func TestDOCXTableGrid(t *testing.T) {
	d := sample()
	d.Blocks = []Block{{Kind: KindTable, Table: taskTable(120)}}
	d.Recipients, d.Signer = nil, Signer{}
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, d); err != nil {
		t.Fatal(err)
	}
	doc := string(unzip(t, buf.Bytes())["word/document.xml"])
	tables := regexp.MustCompile(`(?s)<w:tbl>.*?</w:tbl>`).FindAllString(doc, -1)
	if len(tables) != 2 {
		t.Fatalf("%d tables, want the heading's and the task table", len(tables))
	}
	tbl := tables[1]
	if !strings.Contains(tbl, `<w:tblLayout w:type="fixed">`) {
		t.Error("the table's layout is not fixed")
	}
	var grid []int
	for _, m := range regexp.MustCompile(`<w:gridCol w:w="(\d+)"`).FindAllStringSubmatch(tbl, -1) {
		n, _ := strconv.Atoi(m[1])
		grid = append(grid, n)
	}
	if len(grid) != 6 || sum2(grid) != textWidthTw {
		t.Fatalf("grid %v does not fill the text width %d", grid, textWidthTw)
	}
	for _, row := range regexp.MustCompile(`(?s)<w:tr>.*?</w:tr>`).FindAllString(tbl, -1) {
		var cells []int
		for _, m := range regexp.MustCompile(`<w:tcW w:w="(\d+)" w:type="dxa"`).FindAllStringSubmatch(row, -1) {
			n, _ := strconv.Atoi(m[1])
			cells = append(cells, n)
		}
		if !slices.Equal(cells, grid) {
			t.Errorf("cell widths %v differ from the grid %v", cells, grid)
			break
		}
	}
	margin := 108 // Word's default left and right cell margin
	if m := regexp.MustCompile(`<w:tblCellMar>.*?<w:left w:w="(\d+)" w:type="dxa"`).FindStringSubmatch(tbl); m != nil {
		margin, _ = strconv.Atoi(m[1])
	}
	m := newMetrics()
	inner := float64(grid[0]-2*margin) / 20
	for _, s := range []string{"TT", "120"} {
		if w := m.width(s, "B", sizeTable); inner < w+1 {
			t.Errorf("the TT column leaves %.1f pt for text; %q needs %.1f", inner, s, w)
		}
	}
}

// TestDOCXTableColumnsInLibreOffice: laid out by LibreOffice, the TT
// header and three-digit numbers stay on one line and no unit's name is
// cut.
func TestDOCXTableColumnsInLibreOffice(t *testing.T) {
	soffice := lookTool(t, "soffice", "libreoffice")
	pdftotext := lookTool(t, "pdftotext")
	d := sample()
	d.Blocks = []Block{{Kind: KindTable, Table: taskTable(101)}}
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, d); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pages := pagesLayout(t, pdftotext, convertAll(t, soffice, dir, map[string][]byte{"tt.docx": buf.Bytes()})["tt.docx"])
	text := strings.Join(pages, "\n")
	if !regexp.MustCompile(`(?m)^\s*TT\s+Nhiệm vụ`).MatchString(text) {
		t.Errorf("the TT header is not one word at the start of the header row:\n%s", firstLines(text, 25))
	}
	if !regexp.MustCompile(`(?m)^\s*101\s+Rà soát`).MatchString(text) {
		t.Error("row 101's number is not whole in its cell")
	}
	if n := strings.Count(text, "UBMTTQVN"); n != 101 {
		t.Errorf("UBMTTQVN is whole %d times in 101 rows", n)
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestPDFTableWordsWhole: words wrap at spaces; a unit's name in a narrow
// column, and in a table whose columns cannot all fit their words, is
// never cut in two.
func TestPDFTableWordsWhole(t *testing.T) {
	pdftotext := lookTool(t, "pdftotext")
	narrow := &Table{
		Columns: []Column{{Title: "TT", Width: 1, Numeric: true}, {Title: "Nhiệm vụ", Width: 12}, {Title: "Đơn vị", Width: 1.2}},
		Rows: []Row{
			{Cells: []string{"1", "Tổ chức hội nghị hiệp thương", "UBMTTQVN"}},
			{Cells: []string{"2", "Vận động quỹ “Vì người nghèo”", "UBMTTQVN phường"}},
		},
	}
	// Seven columns of UBMTTQVN do not fit the page at 12 pt: the words
	// are set smaller.
	crowded := &Table{Columns: []Column{{Title: "A"}, {Title: "B"}, {Title: "C"}, {Title: "D"}, {Title: "E"}, {Title: "F"}, {Title: "G"}},
		Rows: []Row{{Cells: strings.Fields(strings.Repeat("UBMTTQVN ", 7))}}}
	d := sample()
	d.Blocks = []Block{{Kind: KindTable, Table: narrow}, {Kind: KindTable, Table: crowded}}
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := PDFText(t, pdftotext, t.TempDir(), buf.Bytes())
	if n := strings.Count(text, "UBMTTQVN"); n != 9 {
		t.Errorf("UBMTTQVN is whole %d times, want 9: %s", n, text)
	}
}

// TestPDFCellPadding: every word in a table is at least 1 mm inside the
// cell drawn around it, read from the PDF itself: the rectangles fpdf
// draws and the word boxes pdftotext finds, page by page.
func TestPDFCellPadding(t *testing.T) {
	pdftotext := lookTool(t, "pdftotext")
	d := sample()
	d.Blocks = []Block{{Kind: KindTable, Table: taskTable(40)}}
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	rects := pdfRects(t, buf.Bytes())
	path := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "<page ")[1:]
	if len(pages) != len(rects) {
		t.Fatalf("%d pages, %d of them with cells", len(pages), len(rects))
	}
	clear := 1 / ptToMM // 1 mm in points
	wordRe := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	checked := 0
	for p, page := range pages {
		for _, m := range wordRe.FindAllStringSubmatch(page, -1) {
			var b [4]float64
			for i := range b {
				b[i], _ = strconv.ParseFloat(m[i+1], 64)
			}
			cx, cy := (b[0]+b[2])/2, (b[1]+b[3])/2
			for _, r := range rects[p] {
				if cx < r.x0 || cx > r.x1 || cy < r.y0 || cy > r.y1 {
					continue
				}
				checked++
				if b[0] < r.x0+clear-0.05 || b[2] > r.x1-clear+0.05 {
					t.Errorf("page %d: %q runs %.2f–%.2f pt in a cell %.2f–%.2f pt, less than 1 mm from its border", p+1, m[5], b[0], b[2], r.x0, r.x1)
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d words found inside cells", checked)
	}
}

// rect is a rectangle drawn on a page, in points from the top left.
type rect struct{ x0, y0, x1, y1 float64 }

// pdfRects reads the rectangles fpdf strokes ("x y w h re S") on each
// page of a PDF it wrote, in page order.
func pdfRects(t *testing.T, pdf []byte) [][]rect {
	t.Helper()
	streams := regexp.MustCompile(`(?s)stream\r?\n(.*?)endstream`).FindAllSubmatch(pdf, -1)
	reRe := regexp.MustCompile(`([\d.]+) ([\d.]+) ([\d.]+) (-?[\d.]+) re S`)
	var pages [][]rect
	for _, s := range streams {
		r, err := zlib.NewReader(bytes.NewReader(s[1]))
		if err != nil {
			continue
		}
		data, err := io.ReadAll(r)
		if err != nil || !bytes.Contains(data, []byte(" re S")) {
			continue
		}
		var page []rect
		for _, m := range reRe.FindAllSubmatch(data, -1) {
			var v [4]float64
			for i := range v {
				v[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
			}
			top := pageH/ptToMM - v[1]
			page = append(page, rect{x0: v[0], y0: top, x1: v[0] + v[2], y1: top - v[3]})
		}
		pages = append(pages, page)
	}
	return pages
}

// TestColumnShares: a page's table takes the Word file's proportions: the
// shares add up to the whole, and a column whose relative width is too
// small for its longest word gets room for it.
func TestColumnShares(t *testing.T) {
	tb := Table{Columns: []Column{{Title: "TT", Width: 0.2, Numeric: true}, {Title: "Đơn vị", Width: 0.3}, {Title: "Nội dung", Width: 8}},
		Rows: []Row{{Cells: []string{"120", "UBMTTQVN", "Tổ chức tuyên truyền"}}}}
	shares, err := ColumnShares(tb, tb)
	if err != nil || len(shares) != 2 || len(shares[0]) != 3 {
		t.Fatalf("%v %v", shares, err)
	}
	sum := 0.0
	for _, s := range shares[0] {
		sum += s
	}
	if sum < 99.9 || sum > 100.1 {
		t.Errorf("shares add up to %.2f", sum)
	}
	// By relative width alone the unit column would get 0.3/8.5 of the
	// text width, too narrow for "UBMTTQVN".
	rel := 100 * 0.3 / 8.5
	if shares[0][1] <= rel*1.5 {
		t.Errorf("the unit column's share %.1f%% is the bare relative width (%.1f%%)", shares[0][1], rel)
	}
}
