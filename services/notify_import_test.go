package services_test

import (
	"testing"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/notify"
)

// importFive is a resolution of five tasks for October 2021.
const importFive = `ĐẢNG BỘ THỊ XÃ HƯƠNG TRÀ
ĐẢNG ỦY PHƯỜNG HƯƠNG XUÂN
Số 31-NQ/ĐU
NGHỊ QUYẾT
Nhiệm vụ tháng 10 năm 2021
I. Tình hình thực hiện nhiệm vụ tháng 9 năm 2021
- Đã hoàn thành việc kiện toàn các chi hội.
II. Phương hướng, nhiệm vụ tháng 10 năm 2021
1. Công tác dân vận
- Tổ chức tọa đàm kỷ niệm ngày Phụ nữ Việt Nam 20/10.
- Vận động hội viên đóng góp quỹ vì người nghèo.
- Rà soát, bổ sung danh sách hội viên nòng cốt.
- Phối hợp tuyên truyền phòng, chống dịch bệnh.
- Tham gia vệ sinh môi trường khu dân cư.
III. TỔ CHỨC THỰC HIỆN
Các chi bộ, đoàn thể tổ chức thực hiện.
`

// TestImportSendsEachUnitOneMessage: committing an import of five tasks
// for one unit sends its mailbox one message listing all five.
func TestImportSendsEachUnitOneMessage(t *testing.T) {
	e := newRemEnv(t, nil)
	f := newFollowEnv(e)
	res, err := e.svc.Imports.Upload(e.ctx, f.leader, "nq-31.txt", "text/plain", []byte(importFive))
	if err != nil {
		t.Fatal(err)
	}
	imp := res.Import
	if len(imp.Items) != 5 {
		t.Fatalf("%d items", len(imp.Items))
	}
	items := imp.Items
	for i := range items {
		items[i].AreaID, items[i].LeadUnitID, items[i].CoordinatingUnitIDs, items[i].FollowUpUnitID = f.area, f.lead.ID, []models.ID{}, ""
	}
	if imp, err = e.svc.Imports.SaveItems(e.ctx, f.leader, imp.ID, imp.Version, items); err != nil {
		t.Fatal(err)
	}
	if _, err = e.svc.Imports.Commit(e.ctx, f.leader, imp.ID, imp.Version); err != nil {
		t.Fatal(err)
	}
	at := e.clk.Now().Add(notify.DefaultNotifyWindow)
	e.clk.set(at)
	if _, err := e.svc.Notify.RunDue(e.ctx, at); err != nil {
		t.Fatal(err)
	}
	var mine []models.Message
	for _, m := range e.outbox() {
		if m.To[0] == "phunu@hx.example" {
			mine = append(mine, m)
		}
	}
	if len(mine) != 1 {
		t.Fatalf("the unit's mailbox got %d messages, want 1", len(mine))
	}
	mustContain(t, "import mail", mine[0].Text, "Tổ chức tọa đàm kỷ niệm ngày Phụ nữ Việt Nam 20/10", "Tham gia vệ sinh môi trường khu dân cư", "Vận động hội viên đóng góp quỹ vì người nghèo")
	mustContain(t, "import subject", mine[0].Subject, "5 nhiệm vụ mới được giao chủ trì")
}
