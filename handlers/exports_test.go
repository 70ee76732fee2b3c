package handlers_test

import (
	"context"
	"encoding/csv"
	"html"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/theodoi/theodoi/models"
)

// exportTasksEnv has four tasks in October 2021: two of "lead" (one done),
// one of "other" with commas and quotes in its text and no deadline, one
// of "other" coordinated by nobody.
func exportTasksEnv(t *testing.T) *testEnv {
	e := newTestEnv(t)
	e.task(models.StateNotStarted)
	e.task(models.StateDone)
	e.taskIn(`Rà soát, cập nhật danh sách hội viên "nòng cốt"`, e.units["other"], "")
	e.taskIn("=1+1 không phải công thức", e.units["other"], "2021-10-20")
	return e
}

type apiTaskList struct {
	Items []struct {
		ID       models.ID `json:"id"`
		Text     string    `json:"text"`
		Deadline string    `json:"deadline"`
		Percent  int       `json:"percent"`
	} `json:"items"`
	Total int `json:"total"`
}

// xlsxRows reads the rows of a workbook's sheet as Excel shows them.
func xlsxRows(t *testing.T, body, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %q: %v (sheets %v)", sheet, err, f.GetSheetList())
	}
	return rows
}

// vnDate is a YYYY-MM-DD date as the exports show it.
func vnDate(d string) string {
	if d == "" {
		return ""
	}
	return d[8:] + "/" + d[5:7] + "/" + d[:4]
}

// The task list's export has the rows the API lists, in its order, for
// who asks: a unit officer's holds only the tasks the unit may see.
func TestExportTasks(t *testing.T) {
	e := exportTasksEnv(t)
	for _, role := range []string{"leader", "viewer", "unitOther", "unitLead"} {
		var list apiTaskList
		if st := e.do(role, "GET", "/api/v1/tasks?period=2021-10&perPage=200", nil, &list); st != 200 {
			t.Fatalf("%s list: %d", role, st)
		}
		res, body := e.get(role, "/api/v1/tasks/export?period=2021-10&format=xlsx")
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), `attachment; filename=nhiem-vu-2021-10.xlsx`) {
			t.Fatalf("%s: %d %v", role, res.StatusCode, res.Header)
		}
		rows := xlsxRows(t, body, "Nhiệm vụ")
		if len(rows) != list.Total+1 || rows[0][0] != "STT" || rows[0][3] != "Nội dung nhiệm vụ" || rows[0][7] != "Thời hạn" {
			t.Fatalf("%s: %d rows for %d tasks, header %q", role, len(rows), list.Total, rows[0])
		}
		for i, it := range list.Items {
			r := append(rows[i+1], make([]string, 12)...)
			if r[0] != strconv.Itoa(i+1) || r[1] != "10/2021" || r[3] != it.Text || r[7] != vnDate(it.Deadline) || r[9] != strconv.Itoa(it.Percent) {
				t.Errorf("%s row %d: %q, want %s %q %s", role, i+1, r[:12], it.Text, it.Deadline, strconv.Itoa(it.Percent))
			}
		}
		if role == "unitOther" && list.Total != 2 {
			t.Errorf("the unit's officer lists %d tasks, want its 2", list.Total)
		}
	}
}

// The CSV is UTF-8 with a byte-order mark for Excel, the same rows, and a
// text that starts like a formula stays text.
func TestExportTasksCSV(t *testing.T) {
	e := exportTasksEnv(t)
	res, body := e.get("office", "/api/v1/tasks/export?period=2021-10&format=csv&unit="+string(e.units["other"]))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("%d %v %q", res.StatusCode, res.Header, body[:min(20, len(body))])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][4] != "Đơn vị chủ trì" {
		t.Fatalf("rows %q", rows)
	}
	texts := rows[1][3] + "|" + rows[2][3]
	if !strings.Contains(texts, `Rà soát, cập nhật danh sách hội viên "nòng cốt"`) || !strings.Contains(texts, "'=1+1 không phải công thức") {
		t.Errorf("texts %q", texts)
	}
	if rows[1][4] != "Hội Nông dân phường" {
		t.Errorf("lead %q", rows[1][4])
	}
}

// A refused export answers like the listing, with nothing to download.
func TestExportRefusals(t *testing.T) {
	e := exportTasksEnv(t)
	for path, want := range map[string]int{
		"/api/v1/tasks/export?format=pdf":                 422,
		"/api/v1/tasks/export?period=2021-13":             422,
		"/api/v1/tasks/export?unit=../x":                  422,
		"/api/v1/periods/2021-10/figures?format=csv":      422,
		"/api/v1/periods/2021-13/figures?format=xlsx":     422,
		"/api/v1/periods/2021-10/figures?format=xlsx&x=1": 403, // a unit officer reads no month figures
	} {
		role := "leader"
		if want == 403 {
			role = "unitLead"
		}
		res, body := e.get(role, path)
		if res.StatusCode != want || res.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s: %d %q, want %d", path, res.StatusCode, body, want)
		}
	}
	if res, _ := e.get("", "/api/v1/tasks/export"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("no session: %d", res.StatusCode)
	}
	// Another committee's leader exports only that committee's tasks.
	res, body := e.get("leaderB", "/api/v1/tasks/export?period=2021-10")
	if rows := xlsxRows(t, body, "Nhiệm vụ"); res.StatusCode != 200 || len(rows) != 1 {
		t.Errorf("the other committee: %d, %d rows", res.StatusCode, len(rows))
	}
}

type apiFigures struct {
	Total          int     `json:"total"`
	DoneOnTime     int     `json:"doneOnTime"`
	DoneLate       int     `json:"doneLate"`
	NotDoneInTerm  int     `json:"notDoneInTerm"`
	Overdue        int     `json:"overdue"`
	Cancelled      int     `json:"cancelled"`
	CompletionRate float64 `json:"completionRate"`
	ByArea         []struct {
		Name  string `json:"name"`
		Total int    `json:"total"`
	} `json:"byArea"`
	ByUnit []struct {
		Name       string `json:"name"`
		Total      int    `json:"total"`
		DoneOnTime int    `json:"doneOnTime"`
	} `json:"byUnit"`
}

// The month's figures as a workbook are the figures the API gives.
func TestExportFigures(t *testing.T) {
	e := exportTasksEnv(t)
	var f apiFigures
	if st := e.do("leader", "GET", "/api/v1/periods/2021-10/figures", nil, &f); st != 200 {
		t.Fatal(st)
	}
	res, body := e.get("leader", "/api/v1/periods/2021-10/figures?format=xlsx")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "so-lieu-2021-10.xlsx") {
		t.Fatalf("%d %v", res.StatusCode, res.Header)
	}
	checkFigureSheets(t, f, func(sheet string) [][]string { return xlsxRows(t, body, sheet) })
}

// checkFigureSheets compares the workbook's three sheets with the API.
func checkFigureSheets(t *testing.T, f apiFigures, rows func(sheet string) [][]string) {
	t.Helper()
	totals := rows("Tổng hợp")
	want := []string{"10/2021", "05/10/2021", "Chưa chốt", strconv.Itoa(f.Total), strconv.Itoa(f.DoneOnTime), strconv.Itoa(f.DoneLate),
		strconv.Itoa(f.NotDoneInTerm), strconv.Itoa(f.Overdue)}
	if len(totals) != 2 || strings.Join(totals[1][:8], "|") != strings.Join(want, "|") || totals[0][3] != "Tổng số" {
		t.Errorf("totals %q, want %q", totals, want)
	}
	if rate := strconv.FormatFloat(f.CompletionRate, 'f', -1, 64); totals[1][len(totals[1])-1] != rate {
		t.Errorf("rate %q, want %s", totals[1], rate)
	}
	areas := rows("Theo lĩnh vực")
	if len(areas) != len(f.ByArea)+1 {
		t.Errorf("areas %q, want %d", areas, len(f.ByArea))
	}
	units := rows("Theo đơn vị chủ trì")
	if len(units) != len(f.ByUnit)+1 {
		t.Fatalf("units %q, want %d", units, len(f.ByUnit))
	}
	for i, u := range f.ByUnit {
		if units[i+1][0] != u.Name || units[i+1][1] != strconv.Itoa(u.Total) || units[i+1][2] != strconv.Itoa(u.DoneOnTime) {
			t.Errorf("unit row %q, want %+v", units[i+1], u)
		}
	}
}

var exportLink = regexp.MustCompile(`href="(/tasks/export\?[^"]+)"`)

// The list page offers its filtered list as Excel and CSV, and the month
// page its figures; both download for a signed-in person.
func TestExportFromThePages(t *testing.T) {
	e := exportTasksEnv(t)
	b := e.signIn("office")
	page := b.get("/tasks?month=2021-10&unit=" + string(e.units["other"]))
	links := exportLink.FindAllStringSubmatch(page.body, -1)
	if page.status != 200 || len(links) != 2 || !strings.Contains(page.body, "Xuất Excel") {
		t.Fatalf("%d, links %q", page.status, links)
	}
	got := b.get(html.UnescapeString(links[0][1]))
	if rows := xlsxRows(t, got.body, "Nhiệm vụ"); got.status != 200 || len(rows) != 3 {
		t.Errorf("the page's export: %d, %d rows", got.status, len(rows))
	}
	month := b.get("/periods/2021-10")
	if !strings.Contains(month.body, `href="/periods/2021-10/figures.xlsx"`) {
		t.Fatal("no figures export on the month page")
	}
	if got := b.get("/periods/2021-10/figures.xlsx"); got.status != 200 || len(xlsxRows(t, got.body, "Tổng hợp")) != 2 {
		t.Errorf("the month's figures: %d", got.status)
	}
	if got := e.signIn("unitLead").get("/tasks/export?month=2021-10&format=pdf"); got.status != 422 {
		t.Errorf("a bad format on the page route: %d", got.status)
	}
}

// LibreOffice reads the workbook as the API gives the figures.
func TestExportFiguresInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice is needed in CI")
		}
		t.Skip("no soffice")
	}
	e := exportTasksEnv(t)
	var f apiFigures
	if st := e.do("leader", "GET", "/api/v1/periods/2021-10/figures", nil, &f); st != 200 {
		t.Fatal(st)
	}
	_, body := e.get("leader", "/api/v1/periods/2021-10/figures?format=xlsx")
	dir := t.TempDir()
	in := filepath.Join(dir, "so-lieu.xlsx")
	if err := os.WriteFile(in, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	sheets := sofficeCSV(t, soffice, dir, in)
	checkFigureSheets(t, f, func(sheet string) [][]string { return sheets[sheet] })
}

// sofficeCSV converts every sheet of a workbook to CSV with LibreOffice
// and reads them back, by sheet name.
func sofficeCSV(t *testing.T, soffice, dir, in string) map[string][][]string {
	t.Helper()
	out := filepath.Join(dir, "csv")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// 44,34,76: comma, double quote, UTF-8; "true" as shown (dates as
	// dd/mm/yyyy); the twelfth token, -1, writes every sheet to a file
	// named after it.
	filter := "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", filter, "--outdir", out, in)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v: %s", err, msg)
	}
	files, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	sheets := map[string][][]string{}
	base := strings.TrimSuffix(filepath.Base(in), ".xlsx") + "-"
	for _, file := range files {
		data, err := os.ReadFile(filepath.Join(out, file.Name()))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		sheets[strings.TrimSuffix(strings.TrimPrefix(file.Name(), base), ".csv")] = rows
	}
	return sheets
}
