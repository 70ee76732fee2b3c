package services_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/monthend"
	"github.com/theodoi/theodoi/services/task"
	"github.com/theodoi/theodoi/store/sqlite"
)

// reportClock is the scenario's clock.
type reportClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *reportClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *reportClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// vn is a committee-local moment in 2021.
func vn(month time.Month, day, hour int) time.Time {
	return time.Date(2021, month, day, hour, 0, 0, 0, time.FixedZone("ICT", 7*3600))
}

// reportWard is Đảng ủy phường Hương Xuân with October 2021 worked
// through, as the office would see it on the 1st of November:
//
//	dat    UBND, deadline 20/10, accepted 19/10          → done on time
//	gpmb   UBND, "Tiếp tục …", deadline 15/10, accepted 20/10 → done late
//	clb    Hội Liên hiệp Phụ nữ, 60%, deadline 31/10     → carried, within term
//	tuan   Công an, not started, deadline 10/10          → carried, overdue
//	chibo  Chi bộ TDP Thượng Khê, from the imported resolution, no deadline → carried
//	huy    UBND, cancelled
//	dangphi Văn phòng, carried in from September, untouched → carried again
type reportWard struct {
	t      testing.TB
	ctx    context.Context
	svc    *services.Services
	clock  *reportClock
	c      models.Committee
	leader models.Actor
	office models.Actor
	viewer models.Actor
	admin  models.Actor
	unit   map[string]models.Actor // unit officers by unit key
	units  map[string]models.Unit
	areas  []models.Area
	tasks  map[string]models.ID // October tasks
}

const wardResolution = `      ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ            ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN
                               *			      Hương Xuân, ngày 23 tháng 9 năm 2021
                    Số 31-NQ/ĐU

NGHỊ QUYẾT
Nhiệm vụ tháng 10 năm 2021
-----

I. Tình hình thực hiện nhiệm vụ tháng 9 năm 2021
1. Công tác tổ chức, xây dựng Đảng
- Đã kiện toàn chi ủy chi bộ TDP Thượng Khê.
II. Phương hướng, nhiệm vụ tháng 10 năm 2021
1. Công tác tổ chức, xây dựng Đảng
- Chi bộ TDP Thượng Khê tổ chức sinh hoạt chuyên đề về vai trò nêu gương của đảng viên.
III. TỔ CHỨC THỰC HIỆN
Các chi bộ trực thuộc, các tổ chức, đơn vị căn cứ chức năng nhiệm vụ để chỉ đạo tổ chức thực hiện đạt kết quả Nghị quyết của Đảng ủy.
Văn phòng, UBKT, Khối Dân vận Đảng ủy thường xuyên theo dõi, kịp thời báo cáo Ban Thường vụ Đảng ủy để chỉ đạo.
Nơi nhận:				T/M ĐẢNG ỦY
- UVTV Thị ủy phụ trách cụm (b/c),				BÍ THƯ
- Các chi bộ trực thuộc,
- Lưu VP Đảng ủy.
					Nguyễn Tiến Giang
`

func newReportWard(t *testing.T) *reportWard {
	t.Helper()
	w := buildReportWard(t)
	w.closeOctober()
	return w
}

// buildReportWard sets up the ward and works October through, without
// closing it.
func buildReportWard(t testing.TB) *reportWard {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ward.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := &reportClock{now: vn(time.September, 1, 8)}
	svc := services.New(st, clock, slog.New(slog.NewTextHandler(io.Discard, nil)), services.Options{})
	w := &reportWard{t: t, ctx: ctx, svc: svc, clock: clock, unit: map[string]models.Actor{}, units: map[string]models.Unit{}, tasks: map[string]models.ID{}}
	w.c, err = svc.Committees.Create(ctx, models.Committee{Name: "Đảng ủy phường Hương Xuân", SuperiorBody: "Đảng bộ thị xã Hương Trà", IssuerCode: "ĐU", PlaceName: "Hương Xuân"})
	if err != nil {
		t.Fatal(err)
	}
	id := func() models.ID { return models.NewID(clock.Now()) }
	w.admin = models.Actor{UserID: id(), CommitteeID: w.c.ID, Role: models.RoleAdmin}
	w.leader = models.Actor{UserID: id(), CommitteeID: w.c.ID, Role: models.RoleLeader}
	w.office = models.Actor{UserID: id(), CommitteeID: w.c.ID, Role: models.RoleOffice}
	w.viewer = models.Actor{UserID: id(), CommitteeID: w.c.ID, Role: models.RoleViewer}
	for key, in := range map[string]directory.UnitInput{
		"ubnd":   {Kind: models.UnitGovernment, Name: "UBND phường", Aliases: []string{"UBND", "Ủy ban nhân dân phường"}},
		"phunu":  {Kind: models.UnitMassOrg, Name: "Hội Liên hiệp Phụ nữ phường", Aliases: []string{"Hội LHPN phường", "Hội LHPN"}},
		"congan": {Kind: models.UnitGovernment, Name: "Công an phường", Aliases: []string{"Công an"}},
		"khe":    {Kind: models.UnitPartyCell, Name: "Chi bộ TDP Thượng Khê", Aliases: []string{"Chi bộ Tổ dân phố Thượng Khê"}},
		"vp":     {Kind: models.UnitPartyBody, Name: "Văn phòng Đảng ủy", Aliases: []string{"VP Đảng ủy", "Văn phòng"}},
	} {
		u, err := svc.Units.Create(ctx, w.admin, in)
		if err != nil {
			t.Fatal(err)
		}
		w.units[key] = u
		w.unit[key] = models.Actor{UserID: id(), CommitteeID: w.c.ID, Role: models.RoleUnit, UnitID: u.ID}
	}
	if w.areas, err = svc.Areas.List(ctx, w.admin); err != nil {
		t.Fatal(err)
	}

	// September: one task that is not finished and moves to October.
	sept := w.create("2021-09", 6, "vp", "Đôn đốc các chi bộ trực thuộc thu, nộp đảng phí đúng quy định; tổng hợp, báo cáo tình hình thu, nộp đảng phí.", "2021-09-30")
	w.at(vn(time.September, 20, 9))
	w.report("vp", sept, 30, "", "Đã đôn đốc 9/12 chi bộ nộp đảng phí quý III.")
	w.at(vn(time.October, 1, 2))
	if _, err := svc.CarryOver.CarryOver(ctx, w.leader, "2021-09", nil); err != nil {
		t.Fatal(err)
	}
	w.tasks["dangphi"] = monthend.CarriedTaskID(sept, "2021-10")

	// October, from the imported resolution and by hand.
	w.at(vn(time.October, 2, 9))
	w.importResolution()
	w.tasks["dat"] = w.create("2021-10", 0, "ubnd", "Rà soát, giải quyết các hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất đủ điều kiện.", "2021-10-20")
	w.tasks["gpmb"] = w.create("2021-10", 0, "ubnd", "Tiếp tục phối hợp các đơn vị liên quan thực hiện tốt công tác GPMB các công trình xây dựng trên địa bàn phường.", "2021-10-15")
	w.tasks["clb"] = w.create("2021-10", 1, "phunu", "Hội Liên hiệp Phụ nữ phường tổ chức ra mắt câu lạc bộ “An toàn cho trẻ em” theo kế hoạch Đề án 938.", "2021-10-31")
	w.tasks["tuan"] = w.create("2021-10", 4, "congan", "Tổ chức tuần tra, kiểm soát địa bàn ban đêm, đảm bảo an ninh trật tự trên địa bàn.", "2021-10-10")
	w.tasks["huy"] = w.create("2021-10", 0, "ubnd", "Chuẩn bị các điều kiện phục vụ công tác thanh tra đất rừng.", "2021-10-31")

	w.at(vn(time.October, 12, 9))
	w.report("phunu", w.tasks["clb"], 60, "", "Đã thành lập 02 câu lạc bộ với 45 thành viên; chuẩn bị ra mắt tại TDP Thượng Khê.")
	w.report("khe", w.tasks["chibo"], 30, "", "Chi ủy đã xây dựng đề cương sinh hoạt chuyên đề.")
	w.at(vn(time.October, 18, 9))
	w.report("ubnd", w.tasks["dat"], 100, models.StateAwaiting, "Đã giải quyết 21/21 hồ sơ đủ điều kiện.")
	w.report("ubnd", w.tasks["gpmb"], 100, models.StateAwaiting, "Đã chi trả bồi thường cho 09 hộ với số tiền 1.350.492.000 đồng.")
	w.at(vn(time.October, 19, 9))
	w.accept(w.tasks["dat"])
	w.at(vn(time.October, 20, 9))
	w.accept(w.tasks["gpmb"])
	if _, err := svc.Tasks.Cancel(ctx, w.leader, w.tasks["huy"], 0, "Thanh tra đất rừng lùi sang quý I năm 2022."); err != nil {
		t.Fatal(err)
	}
	w.at(vn(time.October, 25, 9))
	return w
}

func (w *reportWard) closeOctober() {
	w.t.Helper()
	w.at(vn(time.November, 1, 3))
	if _, err := w.svc.CarryOver.CarryOver(w.ctx, w.leader, "2021-10", nil); err != nil {
		w.t.Fatal(err)
	}
}

func (w *reportWard) at(t time.Time) { w.clock.Set(t.UTC()) }

func (w *reportWard) create(month string, area int, unit, text, deadline string) models.ID {
	w.t.Helper()
	v, err := w.svc.Tasks.Create(w.ctx, w.leader, task.TaskInput{
		Period: month, AreaID: w.areas[area].ID, Text: text, LeadUnitID: w.units[unit].ID, FollowUpUnitID: w.units["vp"].ID, Deadline: deadline,
	})
	if err != nil {
		w.t.Fatalf("task %q: %v", text, err)
	}
	return v.ID
}

func (w *reportWard) report(unit string, id models.ID, percent int, state models.WorkState, note string) {
	w.t.Helper()
	in := task.ProgressInput{Percent: &percent, Note: note}
	if state != "" {
		in.State = &state
	}
	if _, err := w.svc.Tasks.ReportProgress(w.ctx, w.unit[unit], id, in); err != nil {
		w.t.Fatalf("report on %s: %v", id, err)
	}
}

func (w *reportWard) accept(id models.ID) {
	w.t.Helper()
	if _, err := w.svc.Tasks.Accept(w.ctx, w.leader, id, 0, ""); err != nil {
		w.t.Fatal(err)
	}
}

// importResolution brings in resolution 31-NQ/ĐU (tasks for October): its
// one task goes to Chi bộ TDP Thượng Khê, and its section III is what the
// draft for November starts from (its recipients and signer are not: they
// are the committee's own).
func (w *reportWard) importResolution() {
	w.t.Helper()
	res, err := w.svc.Imports.Upload(w.ctx, w.leader, "nghi-quyet-31.txt", "text/plain", []byte(wardResolution))
	if err != nil {
		w.t.Fatal(err)
	}
	imp := res.Import
	if imp.Month != "2021-10" || len(imp.Items) != 1 {
		w.t.Fatalf("import: month %s, %d items", imp.Month, len(imp.Items))
	}
	items := imp.Items
	items[0].AreaID, items[0].LeadUnitID, items[0].Deadline = w.areas[6].ID, w.units["khe"].ID, ""
	items[0].CoordinatingUnitIDs = []models.ID{}
	if imp, err = w.svc.Imports.SaveItems(w.ctx, w.leader, imp.ID, imp.Version, items); err != nil {
		w.t.Fatal(err)
	}
	if imp, err = w.svc.Imports.Commit(w.ctx, w.leader, imp.ID, imp.Version); err != nil {
		w.t.Fatal(err)
	}
	w.tasks["chibo"] = imp.TaskIDs[0]
}
