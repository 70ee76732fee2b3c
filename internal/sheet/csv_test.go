package sheet_test

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/internal/sheet"
)

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	c, err := sheet.NewCSV(&buf, taskCols)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"Đoàn TNCS Hồ Chí Minh phường, quận 1", "2025-03-15", 42, 87.5, `Nói "có"`},
		{"=HYPERLINK(\"http://x\")", "", -3, 100.0, "dòng 1\ndòng 2"},
		{"+84 912 345 678", "2024-12-31", 0, 0.125, "-5 ngày"},
		{"@SUM(A1)", nil, nil, nil, "\tTab"},
		{"\rCR", "2025-01-02", 7, -2.5, ""},
	}
	for _, row := range rows {
		if err := c.Row(row...); err != nil {
			t.Fatalf("Row(%q): %v", row, err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	// Exact bytes: the BOM once, CRLF everywhere (inside quoted cells too),
	// quoting, the apostrophe guard, day-first dates. encoding/csv drops a
	// lone CR when it writes CRLF line ends.
	want := "\xEF\xBB\xBF" +
		"Nội dung,Hạn,Số lần,Tỷ lệ (%),Ghi chú\r\n" +
		"\"Đoàn TNCS Hồ Chí Minh phường, quận 1\",15/03/2025,42,87.5,\"Nói \"\"có\"\"\"\r\n" +
		"\"'=HYPERLINK(\"\"http://x\"\")\",,-3,100,\"dòng 1\r\ndòng 2\"\r\n" +
		"'+84 912 345 678,31/12/2024,0,0.125,'-5 ngày\r\n" +
		"'@SUM(A1),,,,'\tTab\r\n" +
		"\"'CR\",02/01/2025,7,-2.5,\r\n"
	if got := buf.String(); got != want {
		t.Errorf("CSV =\n%q\nwant\n%q", got, want)
	}
	if n := bytes.Count(buf.Bytes(), []byte("\xEF\xBB\xBF")); n != 1 {
		t.Errorf("BOM appears %d times, want once", n)
	}

	// A CSV reader gets the values back, guarded.
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\xEF\xBB\xBF")))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantRecords := [][]string{
		{"Nội dung", "Hạn", "Số lần", "Tỷ lệ (%)", "Ghi chú"},
		{"Đoàn TNCS Hồ Chí Minh phường, quận 1", "15/03/2025", "42", "87.5", `Nói "có"`},
		{"'=HYPERLINK(\"http://x\")", "", "-3", "100", "dòng 1\ndòng 2"},
		{"'+84 912 345 678", "31/12/2024", "0", "0.125", "'-5 ngày"},
		{"'@SUM(A1)", "", "", "", "'\tTab"},
		{"'CR", "02/01/2025", "7", "-2.5", ""},
	}
	if !reflect.DeepEqual(records, wantRecords) {
		t.Errorf("records =\n%q\nwant\n%q", records, wantRecords)
	}
}

func TestCSVHeaderGuarded(t *testing.T) {
	var buf bytes.Buffer
	c, err := sheet.NewCSV(&buf, []sheet.Column{{Title: "=cmd", Kind: sheet.Text}, {Title: "Số", Kind: sheet.Int}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "\xEF\xBB\xBF'=cmd,Số\r\n"; got != want {
		t.Errorf("CSV = %q, want %q", got, want)
	}
}
