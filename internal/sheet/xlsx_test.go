package sheet_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/theodoi/theodoi/internal/sheet"
)

var taskCols = []sheet.Column{
	{Title: "Nội dung", Kind: sheet.Text, Width: 40},
	{Title: "Hạn", Kind: sheet.Date},
	{Title: "Số lần", Kind: sheet.Int},
	{Title: "Tỷ lệ (%)", Kind: sheet.Number},
	{Title: "Ghi chú", Kind: sheet.Text},
}

var taskRows = [][]any{
	{"Đoàn TNCS Hồ Chí Minh phường", "2025-03-15", 42, 87.5, "=SUM(A1:A3)"},
	{"Hội Liên hiệp Phụ nữ", "", 0, 100.0, nil},
	{nil, "2024-12-31", -3, 0.125, "dòng 1\ndòng 2, \"trích\""},
}

// taskText is taskRows as Excel shows them (and as a CSV export of the
// sheet reads), header first.
var taskText = [][]string{
	{"Nội dung", "Hạn", "Số lần", "Tỷ lệ (%)", "Ghi chú"},
	{"Đoàn TNCS Hồ Chí Minh phường", "15/03/2025", "42", "87.5", "=SUM(A1:A3)"},
	{"Hội Liên hiệp Phụ nữ", "", "0", "100", ""},
	{"", "31/12/2024", "-3", "0.125", "dòng 1\ndòng 2, \"trích\""},
}

var figureCols = []sheet.Column{
	{Title: "Chi bộ", Kind: sheet.Text},
	{Title: "Tháng", Kind: sheet.Date, Width: 14},
	{Title: "Hoàn thành", Kind: sheet.Int},
	{Title: "Tỷ lệ", Kind: sheet.Number},
}

var figureRows = [][]any{
	{"Chi bộ Khu phố 3", "2025-10-01", 17, 94.44444444444444},
	{"Chi bộ Trường THCS Nguyễn Du", nil, nil, nil},
}

// writeWorkbook writes the two test sheets; the second name has a '/' that
// Excel forbids.
func writeWorkbook(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	x := sheet.NewXLSX(&buf)
	for _, s := range []struct {
		name string
		cols []sheet.Column
		rows [][]any
	}{
		{"Nhiệm vụ", taskCols, taskRows},
		{"Số liệu tháng 10/2025", figureCols, figureRows},
	} {
		table, err := x.Sheet(s.name, s.cols)
		if err != nil {
			t.Fatalf("Sheet(%q): %v", s.name, err)
		}
		for _, row := range s.rows {
			if err := table.Row(row...); err != nil {
				t.Fatalf("Row(%v): %v", row, err)
			}
		}
	}
	if err := x.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return buf.Bytes()
}

func openWorkbook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func TestXLSXRoundTrip(t *testing.T) {
	data := writeWorkbook(t)
	f := openWorkbook(t, data)

	const tasks, figures = "Nhiệm vụ", "Số liệu tháng 10-2025"
	if got, want := f.GetSheetList(), []string{tasks, figures}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	rows, err := f.GetRows(tasks)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(padRows(rows, len(taskCols)), taskText) {
		t.Errorf("rows of %s =\n%q\nwant\n%q", tasks, rows, taskText)
	}
	rows, err = f.GetRows(figures)
	if err != nil {
		t.Fatal(err)
	}
	wantFigures := [][]string{
		{"Chi bộ", "Tháng", "Hoàn thành", "Tỷ lệ"},
		{"Chi bộ Khu phố 3", "01/10/2025", "17", "94.4444444444444"},
		{"Chi bộ Trường THCS Nguyễn Du", "", "", ""},
	}
	if !reflect.DeepEqual(padRows(rows, len(figureCols)), wantFigures) {
		t.Errorf("rows of %s =\n%q\nwant\n%q", figures, rows, wantFigures)
	}

	checkCells(t, f, tasks)
	checkLayout(t, f, tasks, "A1:E4", []float64{40, 12, 10, 12, 30})
	checkLayout(t, f, figures, "A1:D3", []float64{30, 14, 10, 12})
	checkSheetXML(t, data, map[string]string{
		"xl/worksheets/sheet1.xml": "A1:E4",
		"xl/worksheets/sheet2.xml": "A1:D3",
	})
}

// padRows fills the trailing empty cells that GetRows leaves out.
func padRows(rows [][]string, n int) [][]string {
	for i, row := range rows {
		for len(row) < n {
			row = append(row, "")
		}
		rows[i] = row
	}
	return rows
}

// checkCells looks under the shown text: dates are numbers with a fixed
// dd/mm/yyyy format, numbers are numbers, text is never a formula.
func checkCells(t *testing.T, f *excelize.File, name string) {
	t.Helper()
	raw := excelize.Options{RawCellValue: true}
	for cell, want := range map[string]string{
		"B2": "45731", // 2025-03-15
		"B4": "45657", // 2024-12-31
		"C2": "42",
		"D2": "87.5",
		"D3": "100",
	} {
		got, err := f.GetCellValue(name, cell, raw)
		if err != nil || got != want {
			t.Errorf("raw %s = %q, %v; want %q", cell, got, err, want)
		}
		if typ, _ := f.GetCellType(name, cell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("%s is a string cell, want a number", cell)
		}
	}
	for _, cell := range []string{"B2", "B4"} {
		style := cellStyle(t, f, name, cell)
		if style.CustomNumFmt == nil || *style.CustomNumFmt != "dd/mm/yyyy" {
			t.Errorf("%s number format = %v, want dd/mm/yyyy", cell, style.CustomNumFmt)
		}
	}
	if style := cellStyle(t, f, name, "A1"); style.Font == nil || !style.Font.Bold {
		t.Errorf("header A1 is not bold: %+v", style.Font)
	}
	if typ, _ := f.GetCellType(name, "E2"); typ != excelize.CellTypeInlineString {
		t.Errorf("E2 type = %v, want an inline string", typ)
	}
	if formula, _ := f.GetCellFormula(name, "E2"); formula != "" {
		t.Errorf("E2 has formula %q, want plain text", formula)
	}
	if got, _ := f.GetCellValue(name, "A4"); got != "" {
		t.Errorf("A4 = %q, want an empty cell", got)
	}
}

func cellStyle(t *testing.T, f *excelize.File, sheetName, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheetName, cell)
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return style
}

// checkLayout checks the frozen header, the widths and the filter's defined
// name, which Excel needs besides the sheet's autoFilter element.
func checkLayout(t *testing.T, f *excelize.File, name, filter string, widths []float64) {
	t.Helper()
	panes, err := f.GetPanes(name)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("%s panes = %+v, want frozen below row 1", name, panes)
	}
	for i, want := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if got, err := f.GetColWidth(name, col); err != nil || got != want {
			t.Errorf("%s column %s width = %v, %v; want %v", name, col, got, err, want)
		}
	}
	var found bool
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == name {
			found = true
			if got := strings.ReplaceAll(dn.RefersTo, "$", ""); got != "'"+name+"'!"+filter {
				t.Errorf("%s filter refers to %q, want %s", name, dn.RefersTo, filter)
			}
		}
	}
	if !found {
		t.Errorf("%s has no _xlnm._FilterDatabase name", name)
	}
}

// checkSheetXML reads the package itself for what excelize has no getter
// for: the autoFilter element, and <col> elements in the ascending order
// Excel insists on.
func checkSheetXML(t *testing.T, data []byte, filters map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for part, ref := range filters {
		rc, err := zr.Open(part)
		if err != nil {
			t.Fatalf("%s: %v", part, err)
		}
		var ws struct {
			Cols []struct {
				Min int `xml:"min,attr"`
			} `xml:"cols>col"`
			AutoFilter *struct {
				Ref string `xml:"ref,attr"`
			} `xml:"autoFilter"`
		}
		err = xml.NewDecoder(rc).Decode(&ws)
		_ = rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", part, err)
		}
		for i, col := range ws.Cols {
			if col.Min != i+1 {
				t.Errorf("%s: <col> %d has min %d, want %d", part, i, col.Min, i+1)
			}
		}
		if ws.AutoFilter == nil {
			t.Errorf("%s has no autoFilter", part)
			continue
		}
		if got := strings.ReplaceAll(ws.AutoFilter.Ref, "$", ""); got != ref {
			t.Errorf("%s autoFilter ref = %q, want %s", part, ws.AutoFilter.Ref, ref)
		}
	}
}

func TestXLSXHeaderOnly(t *testing.T) {
	var buf bytes.Buffer
	x := sheet.NewXLSX(&buf)
	if _, err := x.Sheet("Trống", figureCols); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, buf.Bytes())
	rows, err := f.GetRows("Trống")
	if err != nil || len(rows) != 1 || rows[0][0] != "Chi bộ" {
		t.Fatalf("rows = %q, %v; want the header only", rows, err)
	}
	checkLayout(t, f, "Trống", "A1:D1", []float64{30, 14, 10, 12})
}

func TestXLSXNoSheets(t *testing.T) {
	var buf bytes.Buffer
	if err := sheet.NewXLSX(&buf).Close(); err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, buf.Bytes())
	if got := f.GetSheetList(); len(got) != 1 {
		t.Errorf("sheets = %q, want the one default sheet", got)
	}
}

func TestXLSXWriteError(t *testing.T) {
	x := sheet.NewXLSX(failingWriter{})
	table, err := x.Sheet("A", figureCols)
	if err != nil {
		t.Fatal(err)
	}
	if err := table.Row(figureRows[0]...); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err == nil {
		t.Error("Close on a failing writer returned nil")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// Excel has no dates before 1900 and misnumbers those before March 1900, so
// such dates are written as text rather than as a wrong day.
func TestXLSXEarlyDates(t *testing.T) {
	var buf bytes.Buffer
	x := sheet.NewXLSX(&buf)
	table, err := x.Sheet("A", []sheet.Column{{Title: "Ngày", Kind: sheet.Date}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"1900-03-01", "1900-02-28", "1899-12-31", "9999-12-31"} {
		if err := table.Row(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, buf.Bytes())
	for cell, want := range map[string]struct {
		raw  string
		typ  excelize.CellType
		text string
	}{
		"A2": {"61", excelize.CellTypeUnset, "01/03/1900"},
		"A3": {"28/02/1900", excelize.CellTypeInlineString, "28/02/1900"},
		"A4": {"31/12/1899", excelize.CellTypeInlineString, "31/12/1899"},
		"A5": {"2958465", excelize.CellTypeUnset, "31/12/9999"},
	} {
		raw, _ := f.GetCellValue("A", cell, excelize.Options{RawCellValue: true})
		text, _ := f.GetCellValue("A", cell)
		typ, _ := f.GetCellType("A", cell)
		if raw != want.raw || text != want.text || typ != want.typ {
			t.Errorf("%s = raw %q, shown %q, type %v; want %q, %q, %v", cell, raw, text, typ, want.raw, want.text, want.typ)
		}
	}
}
