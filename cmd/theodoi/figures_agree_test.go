package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/theodoi/theodoi/config"
	"github.com/theodoi/theodoi/handlers"
	"github.com/theodoi/theodoi/internal/partydoc"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store"
	"github.com/theodoi/theodoi/store/sqlite"
	"github.com/theodoi/theodoi/web"
)

// sampleResolution is the real resolution beside the repository (CI has
// it; a clone alone does not, and then that part is skipped).
const sampleResolution = "../../../shared/samples/nghi-quyet-31-NQ-DU-2021-09-23.txt"

// TestFiguresAgreeEverywhere: for every month of the demo, and for the
// sample resolution of October 2021 imported into it with a few of its
// tasks reported done and accepted, the figures API, the dashboard's
// cards, the review report (as PDF, and as .docx converted by
// LibreOffice), the Excel exports and the leaders' digest give the same
// numbers, and they
// equal a count of GET /api/v1/tasks by the documented rule.
func TestFiguresAgreeEverywhere(t *testing.T) {
	e := newDemoWard(t)
	if _, err := os.Stat(sampleResolution); err == nil {
		importSample(t, e.ctx, e.svc, e.leader)
	} else {
		t.Log("the sample resolution is not beside the repository: the demo's months only")
	}
	ctx, svc, st, clk, c, u, leader := e.ctx, e.svc, e.st, e.clk, e.c, e.u, e.leader
	const password = demoWardPassword
	srv := httptest.NewServer(handlers.New(handlers.Deps{Services: svc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Ready: st.Ping}))
	defer srv.Close()
	token := apiLogin(t, srv.URL, u.Email, password)
	browser, _ := webClient(t, srv.URL, u.Email, password)

	periods, err := svc.Periods.List(ctx, leader)
	if err != nil || len(periods) < 2 {
		t.Fatalf("periods %v %v", periods, err)
	}
	digests := leadersDigest(t, ctx, svc, st, c.ID, clk.Now())
	soffice, _ := exec.LookPath("soffice")
	pdftotext, _ := exec.LookPath("pdftotext")
	for _, p := range periods {
		m := string(p.Month)
		var api struct {
			Month                                               string
			AsOf                                                string
			Frozen                                              bool
			Total, DoneOnTime, DoneLate, NotDoneInTerm, Overdue int
			Paused, Cancelled, CarriedOut                       int
			CompletionRate                                      float64
		}
		if st := call(t, "GET", srv.URL+"/api/v1/periods/"+m+"/figures", token, nil, &api); st != 200 {
			t.Fatalf("%s: figures %d", m, st)
		}
		f := models.Figures{Total: api.Total, Done: api.DoneOnTime + api.DoneLate, DoneOnTime: api.DoneOnTime, DoneLate: api.DoneLate,
			Open: api.NotDoneInTerm + api.Overdue, OpenWithinTerm: api.NotDoneInTerm, OpenOverdue: api.Overdue, Cancelled: api.Cancelled}
		where := fmt.Sprintf("%s (frozen %v, as of %s)", m, api.Frozen, api.AsOf)
		if f.CompletionPercent() != api.CompletionRate || f.Done+f.Open+f.Cancelled != f.Total {
			t.Errorf("%s: API %+v does not add up", where, api)
		}

		// The task list, counted by the rule.
		var count models.Figures
		for page := 1; ; page++ {
			var list struct {
				Items []struct {
					State, Deadline, Timeliness string
				}
				Total int
			}
			if st := call(t, "GET", fmt.Sprintf("%s/api/v1/tasks?period=%s&perPage=100&page=%d", srv.URL, m, page), token, nil, &list); st != 200 {
				t.Fatalf("%s: tasks %d", where, st)
			}
			for _, it := range list.Items {
				count.Total++
				switch {
				case it.Timeliness == string(models.TimelyDoneOnTime):
					count.Done++
					count.DoneOnTime++
				case it.Timeliness == string(models.TimelyDoneLate):
					count.Done++
					count.DoneLate++
				case it.State == string(models.StateCancelled):
					count.Cancelled++
				case it.Deadline != "" && it.Deadline < api.AsOf:
					count.Open++
					count.OpenOverdue++
				default:
					count.Open++
					count.OpenWithinTerm++
				}
			}
			if page*100 >= list.Total {
				break
			}
		}
		if fmt.Sprint(count) != fmt.Sprint(f) {
			t.Errorf("%s: task list %+v, API %+v", where, count, f)
		}

		// The dashboard's cards.
		body := get(t, browser, srv.URL+"/?month="+m)
		for id, want := range map[string]int{"count-total": f.Total, "count-done": f.Done, "count-done-on-time": f.DoneOnTime, "count-done-late": f.DoneLate,
			"count-open": f.Open, "count-open-within": f.OpenWithinTerm, "count-open-overdue": f.OpenOverdue, "count-cancelled": f.Cancelled} {
			mm := regexp.MustCompile(`id="` + id + `">([0-9.]+)<`).FindStringSubmatch(body)
			if mm == nil || mm[1] != web.Number("vi", want) {
				t.Errorf("%s: dashboard %s = %v, API %d", where, id, mm, want)
			}
		}
		// The dashboard's overdue list holds what its cards count overdue.
		if mm := regexp.MustCompile(`id="overdue-heading">[^<]*<span class="count">\(([0-9.]+)\)`).FindStringSubmatch(body); f.Total > 0 && (mm == nil || mm[1] != web.Number("vi", f.OpenOverdue)) {
			t.Errorf("%s: the dashboard's overdue list says %v, its cards %d", where, mm, f.OpenOverdue)
		}
		sentence := strings.TrimSuffix(web.FiguresSentence("vi", f), ".")
		if !strings.Contains(body, sentence) {
			t.Errorf("%s: the dashboard lacks %q", where, sentence)
		}

		checkExportsAgree(t, srv.URL, token, m, where, f)

		// The leaders' digest (open months).
		if d, ok := digests[p.Month]; ok && !strings.Contains(d, sentence) {
			t.Errorf("%s: the leaders' digest says\n%s\nnot %q", where, d, sentence)
		}

		// The review, as the files a clerk opens.
		if pdftotext == "" {
			continue
		}
		dir := t.TempDir()
		pdf := filepath.Join(dir, "review.pdf")
		os.WriteFile(pdf, download(t, srv.URL+"/api/v1/periods/"+m+"/reports/review?format=pdf", token), 0o600)
		if text := textOf(t, pdftotext, pdf); !strings.Contains(text, sentence) {
			t.Errorf("%s: the review PDF lacks %q:\n%s", where, sentence, text)
		}
		if soffice == "" {
			continue
		}
		doc := filepath.Join(dir, "review.docx")
		os.WriteFile(doc, download(t, srv.URL+"/api/v1/periods/"+m+"/reports/review?format=docx", token), 0o600)
		cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", filepath.Join(dir, "lo"), doc)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
		if text := textOf(t, pdftotext, filepath.Join(dir, "lo", "review.pdf")); !strings.Contains(text, sentence) {
			t.Errorf("%s: the review .docx (LibreOffice) lacks %q:\n%s", where, sentence, text)
		}
	}
}

// demoWard is the demo committee with a leader whose password is known.
type demoWard struct {
	ctx    context.Context
	st     store.Store
	svc    *services.Services
	clk    *demoClock
	c      models.Committee
	u      models.User
	leader models.Actor
}

const demoWardPassword = "mat-khau-kiem-tra-so-lieu"

func newDemoWard(t *testing.T) *demoWard {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	clk := newDemoClock()
	svc := newServicesAt(st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, clk)
	if err := loadDemo(ctx, svc, clk, io.Discard, cfg.BaseURL); err != nil {
		t.Fatal(err)
	}
	committees, _ := svc.Committees.List(ctx)
	c := committees[0]
	u, _, err := svc.Users.CreateFirst(ctx, c.ID, directory.UserInput{Name: "Kiểm tra số liệu", Email: "kiemtra.solieu@phuong.example",
		Role: models.RoleLeader, Language: "vi", Password: demoWardPassword})
	if err != nil {
		t.Fatal(err)
	}
	return &demoWard{ctx: ctx, st: st, svc: svc, clk: clk, c: c, u: u,
		leader: models.Actor{UserID: u.ID, CommitteeID: c.ID, Role: models.RoleLeader, Language: "vi"}}
}

// importSample imports the sample resolution (October 2021) and reports
// three of its tasks done, two of them accepted.
func importSample(t *testing.T, ctx context.Context, svc *services.Services, leader models.Actor) {
	t.Helper()
	data, err := os.ReadFile(sampleResolution)
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.Imports.Upload(ctx, leader, "nghi-quyet-31.txt", "text/plain", data)
	if err != nil {
		t.Fatal(err)
	}
	imp := res.Import
	units, err := svc.Units.List(ctx, leader)
	if err != nil {
		t.Fatal(err)
	}
	areas, err := svc.Areas.List(ctx, leader)
	if err != nil {
		t.Fatal(err)
	}
	items := imp.Items
	for i := range items {
		if items[i].LeadUnitID == "" {
			items[i].LeadUnitID = units[0].ID
		}
		if items[i].AreaID == "" {
			items[i].AreaID = areas[0].ID
		}
	}
	if imp, err = svc.Imports.SaveItems(ctx, leader, imp.ID, imp.Version, items); err != nil {
		t.Fatal(err)
	}
	if imp, err = svc.Imports.Commit(ctx, leader, imp.ID, imp.Version); err != nil {
		t.Fatal(err)
	}
	page, err := svc.Tasks.List(ctx, leader, task.TaskQuery{Period: string(imp.Month), PerPage: 100})
	if err != nil || page.Total < 30 {
		t.Fatalf("imported month %s: %d tasks, %v", imp.Month, page.Total, err)
	}
	for i, tv := range page.Tasks[:3] {
		officer, _, err := svc.Users.CreateFirst(ctx, leader.CommitteeID, directory.UserInput{Name: fmt.Sprintf("Cán bộ %d", i),
			Email: fmt.Sprintf("canbo.nhap%d@phuong.example", i), Role: models.RoleUnit, UnitID: tv.LeadUnitID, Language: "vi", Password: "mat-khau-can-bo-du-dai"})
		if err != nil {
			t.Fatal(err)
		}
		a := models.Actor{UserID: officer.ID, CommitteeID: officer.CommitteeID, Role: models.RoleUnit, UnitID: officer.UnitID}
		if _, err := svc.Tasks.ReportProgress(ctx, a, tv.ID, task.ProgressInput{Done: true}); err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			if _, err := svc.Tasks.Accept(ctx, leader, tv.ID, 0, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// leadersDigest runs the leaders' digest now and returns, per month it
// reports, its text.
func leadersDigest(t *testing.T, ctx context.Context, svc *services.Services, st store.Store, committee models.ID, now time.Time) map[models.Month]string {
	t.Helper()
	c, err := svc.Committees.Get(ctx, models.Actor{CommitteeID: committee, Role: models.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	local := now.In(c.Location())
	wd := local.Weekday()
	if wd == time.Sunday {
		wd = 7
	}
	ds, err := svc.Digests.WithOptions(notify.DigestOptions{Weekday: wd, At: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if local.Hour() == 0 && local.Minute() < 1 {
		now = now.Add(time.Minute)
	}
	if _, err := ds.RunDue(ctx, now); err != nil {
		t.Fatal(err)
	}
	ms, err := st.Outbox().List(ctx, store.MessageFilter{Committee: committee, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := map[models.Month]string{}
	for _, m := range ms {
		if !strings.HasPrefix(m.Key, "digest:leaders:") {
			continue
		}
		text := strings.Join(strings.Fields(m.Text), " ")
		for _, sec := range regexp.MustCompile(`KẾT QUẢ THÁNG (\d\d)/(\d{4})`).FindAllStringSubmatchIndex(text, -1) {
			month := models.Month(text[sec[4]:sec[5]] + "-" + text[sec[2]:sec[3]])
			out[month] = text[sec[0]:min(len(text), sec[0]+600)]
		}
		break
	}
	if len(out) == 0 {
		t.Fatalf("no leaders' digest")
	}
	return out
}

func apiLogin(t *testing.T, base, email, password string) string {
	t.Helper()
	var login struct{ Token string }
	if st := call(t, "POST", base+"/api/v1/auth/login", "", map[string]string{"email": email, "password": password}, &login); st != 200 {
		t.Fatalf("login %d", st)
	}
	return login.Token
}

func get(t *testing.T, client *http.Client, url string) string {
	t.Helper()
	res, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	return string(b)
}

func download(t *testing.T, url, token string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	io.Copy(&b, res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, b.String())
	}
	return b.Bytes()
}

func textOf(t *testing.T, pdftotext, path string) string {
	t.Helper()
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestDraftOfImportedSample: the draft that follows the sample resolution
// (October 2021, a few tasks done and accepted) reports section I without
// a task's text after "chưa", lists section II in the resolution's order,
// and is signed and addressed as the committee's settings say.
func TestDraftOfImportedSample(t *testing.T) {
	if _, err := os.Stat(sampleResolution); err != nil {
		t.Skip("the sample resolution is not beside the repository")
	}
	e := newDemoWard(t)
	importSample(t, e.ctx, e.svc, e.leader)
	page, err := e.svc.Reports.Page(e.ctx, e.leader, models.ReportDraft, "2021-10")
	if err != nil {
		t.Fatal(err)
	}
	d := page.Document
	tasks, err := e.svc.Tasks.List(e.ctx, e.leader, task.TaskQuery{Period: "2021-10", PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	// What identifies a task's text: its first words, folded, without the
	// "Tiếp tục (chỉ đạo)" section II puts before them.
	bare := func(s string) string {
		f := models.Fold(s)
		f = strings.TrimPrefix(f, "tiep tuc ")
		return strings.TrimPrefix(f, "chi dao ")
	}
	heads := map[string]models.Task{}
	for _, tv := range tasks.Tasks {
		words := strings.Fields(bare(tv.Text))
		if len(words) > 12 {
			words = words[:12]
		}
		heads[strings.Join(words, " ")] = tv.Task
	}
	section := ""
	area := ""
	var order [][2]int
	matched := 0
	for _, b := range d.Blocks {
		switch b.Kind {
		case partydoc.KindSection:
			section = strings.SplitN(b.Text, ".", 2)[0]
			continue
		case partydoc.KindArea:
			area, order = b.Text, nil
			continue
		}
		folded := models.Fold(b.Text)
		switch section {
		case "I":
			for _, sent := range regexp.MustCompile(`[.;]\s`).Split(folded, -1) {
				i := strings.Index(sent, "chua ")
				if i < 0 {
					continue
				}
				for head := range heads {
					if strings.Contains(sent[i:], head) {
						t.Errorf("section I writes a task's text after “chưa”: %q", b.Text)
					}
				}
			}
		case "II":
			if b.Kind != partydoc.KindBullet {
				continue
			}
			// The task this bullet continues: the one whose opening words
			// it carries furthest in.
			var src *models.SourceRef
			best := -1
			for head, task := range heads {
				if strings.HasPrefix(bare(b.Text), head) && task.Source != nil && len(head) > best {
					best, src = len(head), task.Source
				}
			}
			if src == nil {
				continue
			}
			at := [2]int{src.AreaIndex, src.ItemIndex}
			if n := len(order); n > 0 && (at[0] < order[n-1][0] || at[0] == order[n-1][0] && at[1] < order[n-1][1]) {
				t.Errorf("section II, %s: item %d.%d after item %d.%d", area, at[0], at[1], order[n-1][0], order[n-1][1])
			}
			order = append(order, at)
			matched++
		}
	}
	if matched < len(tasks.Tasks)-5 { // the three finished tasks and a few the office may merge do not continue
		t.Errorf("section II continues %d of the %d tasks", matched, len(tasks.Tasks))
	}
	docs := e.c.Documents.OrDefaults()
	if fmt.Sprint(d.Signer.Titles) != fmt.Sprint(docs.ResolutionSigner.Titles) || d.Signer.Name != docs.ResolutionSigner.Name ||
		fmt.Sprint(d.Recipients) != fmt.Sprint(docs.ResolutionRecipients) {
		t.Errorf("signer %+v, recipients %q; the committee's are %+v, %q", d.Signer, d.Recipients, docs.ResolutionSigner, docs.ResolutionRecipients)
	}
	if strings.Contains(fmt.Sprint(d.Signer, d.Recipients), "Nguyễn Tiến Giang") {
		t.Errorf("the draft is signed by the sample's signer")
	}
}
