package main

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/theodoi/theodoi/models"
)

// checkExportsAgree: the month's figures as a workbook and the month's
// task list as a workbook hold what the API and the task list give.
func checkExportsAgree(t *testing.T, url, token, month, where string, f models.Figures) {
	t.Helper()
	figures := openWorkbook(t, download(t, url+"/api/v1/periods/"+month+"/figures?format=xlsx", token))
	defer figures.Close()
	rows, err := figures.GetRows("Tổng hợp")
	if err != nil || len(rows) != 2 || len(rows[1]) < 8 {
		t.Fatalf("%s: figures workbook %q %v", where, rows, err)
	}
	want := []int{f.Total, f.DoneOnTime, f.DoneLate, f.OpenWithinTerm, f.OpenOverdue}
	for i, n := range want {
		if rows[1][3+i] != strconv.Itoa(n) {
			t.Errorf("%s: the figures workbook says %q in %q, the API %d", where, rows[1][3+i], rows[0][3+i], n)
		}
	}
	tasks := openWorkbook(t, download(t, url+"/api/v1/tasks/export?format=xlsx&period="+month, token))
	defer tasks.Close()
	if rows, err := tasks.GetRows("Nhiệm vụ"); err != nil || len(rows) != f.Total+1 {
		t.Errorf("%s: the task workbook has %d rows for %d tasks (%v)", where, len(rows)-1, f.Total, err)
	}
}

func openWorkbook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}
