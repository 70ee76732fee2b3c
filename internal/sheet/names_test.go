package sheet_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/theodoi/theodoi/internal/sheet"
)

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("Đảng bộ phường Bến Nghé ", 3) // 72 characters
	cut := "Đảng bộ phường Bến Nghé Đảng bộ"              // its first 31
	tests := []struct {
		in, want string
	}{
		{"Nhiệm vụ", "Nhiệm vụ"},
		{"nhiệm vụ", "nhiệm vụ (2)"}, // Excel compares without case
		{"Nhiệm vụ", "Nhiệm vụ (3)"},
		{"Tháng 10/2025", "Tháng 10-2025"},
		{`[Quý 1] a\b:c*d?e`, "(Quý 1) a-b-c_d_e"},
		{"'Chi bộ'", "’Chi bộ’"},
		{"History", "History (2)"}, // reserved by Excel
		{"", "Sheet"},
		{" \t ", "Sheet (2)"},
		{"Tab\tname\n", "Tab name"},
		{long, cut},
		{long, "Đảng bộ phường Bến Nghé Đản (2)"},
	}
	var buf bytes.Buffer
	x := sheet.NewXLSX(&buf)
	var want []string
	for _, tt := range tests {
		if _, err := x.Sheet(tt.in, figureCols); err != nil {
			t.Fatalf("Sheet(%q): %v", tt.in, err)
		}
		want = append(want, tt.want)
		if n := len(utf16.Encode([]rune(tt.want))); n > 31 {
			t.Fatalf("test case %q is %d units long", tt.want, n)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, buf.Bytes())
	if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
		t.Errorf("sheets =\n%q\nwant\n%q", got, want)
	}
}
