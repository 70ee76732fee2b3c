package sheet_test

import (
	"context"
	"encoding/csv"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestLibreOfficeReadsXLSX has LibreOffice convert a written workbook to CSV,
// as a second reader besides excelize: the Vietnamese text must survive and
// dates must show dd/mm/yyyy even under an English locale, which proves the
// date format does not follow the reader's locale.
func TestLibreOfficeReadsXLSX(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not on PATH; CI must run this test")
		}
		t.Skip("soffice not on PATH")
	}
	t.Parallel()

	dir := t.TempDir()
	in := filepath.Join(dir, "export.xlsx")
	if err := os.WriteFile(in, writeWorkbook(t), 0o600); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir() // a fresh profile, so no user setting changes the output
	profile := url.URL{Scheme: "file", Path: filepath.Join(home, "profile")}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation="+profile.String(),
		"--headless", "--norestore",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", // 76 = UTF-8
		"--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+home, "LC_ALL=en_US.UTF-8", "LANG=en_US.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "export.csv"))
	if err != nil && !hasCalc(soffice) {
		// Debian's libreoffice-writer-nogui brings soffice without the
		// spreadsheet part, and then every spreadsheet "could not be loaded".
		if os.Getenv("CI") != "" {
			t.Fatal("soffice has no Calc; CI must install libreoffice-calc-nogui")
		}
		t.Skip("soffice has no Calc (libreoffice-calc-nogui)")
	}
	if err != nil {
		t.Fatalf("no CSV from soffice (%v); it said:\n%s", err, out)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\xEF\xBB\xBF"))).ReadAll()
	if err != nil {
		t.Fatalf("reading soffice's CSV: %v\n%s", err, data)
	}
	if !reflect.DeepEqual(records, taskText) {
		t.Errorf("LibreOffice read\n%q\nwant\n%q", records, taskText)
	}
}

// hasCalc reports false only when soffice's program folder is known and
// lacks Calc's library; where the layout is unfamiliar it assumes Calc, so a
// failed conversion is reported rather than skipped.
func hasCalc(soffice string) bool {
	path, err := filepath.EvalSymlinks(soffice)
	if err != nil {
		return true
	}
	program := filepath.Dir(path)
	if _, err := os.Stat(filepath.Join(program, "soffice.bin")); err != nil {
		return true
	}
	calc, _ := filepath.Glob(filepath.Join(program, "libsclo.*"))
	return len(calc) > 0
}
