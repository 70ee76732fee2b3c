package demo

import "github.com/theodoi/theodoi/models"

// Users cover every role and the units that report most often.
var Users = []User{
	{Key: "admin", Name: "Trịnh Minh Khoa", Email: "quantri" + mailHost, Role: models.RoleAdmin},
	{Key: "bithu", Name: "Nguyễn Thị Thanh Hương", Email: "huong.ntt" + mailHost, Role: models.RoleLeader},
	{Key: "phobithu", Name: "Lê Quang Vinh", Email: "vinh.lq" + mailHost, Role: models.RoleLeader},
	{Key: "vanphong", Name: "Phan Thị Ngọc Ánh", Email: "anh.ptn" + mailHost, Role: models.RoleOffice, UnitKey: VP},
	{Key: "ubkt", Name: "Hồ Văn Thành", Email: "thanh.hv" + mailHost, Role: models.RoleOffice, UnitKey: UBKT},
	{Key: "duv", Name: "Phạm Quốc Bảo", Email: "bao.pq" + mailHost, Role: models.RoleViewer},

	{Key: "ubnd", Name: "Đỗ Thị Lan Anh", Email: "anh.dtl" + mailHost, Role: models.RoleUnit, UnitKey: UBND},
	{Key: "motcua", Name: "Vũ Hoàng Nam", Email: "nam.vh" + mailHost, Role: models.RoleUnit, UnitKey: UBND},
	{Key: "congan", Name: "Bùi Đức Thắng", Email: "thang.bd" + mailHost, Role: models.RoleUnit, UnitKey: CongAn},
	{Key: "quansu", Name: "Lương Văn Hải", Email: "hai.lv" + mailHost, Role: models.RoleUnit, UnitKey: QuanSu},
	{Key: "yte", Name: "Tạ Thị Thu Trang", Email: "trang.ttt" + mailHost, Role: models.RoleUnit, UnitKey: YTe},
	{Key: "mattran", Name: "Võ Văn Tâm", Email: "tam.vv" + mailHost, Role: models.RoleUnit, UnitKey: MTTQ},
	{Key: "phunu", Name: "Hoàng Thị Mai", Email: "mai.ht" + mailHost, Role: models.RoleUnit, UnitKey: LHPN},
	{Key: "doan", Name: "Đặng Quang Huy", Email: "huy.dq" + mailHost, Role: models.RoleUnit, UnitKey: DoanTN},
	{Key: "nongdan", Name: "Cao Văn Lực", Email: "luc.cv" + mailHost, Role: models.RoleUnit, UnitKey: NongDan},
	{Key: "thcs", Name: "Mai Thị Hồng Nhung", Email: "nhung.mth" + mailHost, Role: models.RoleUnit, UnitKey: THCS},
	{Key: "chibo", Name: "Ngô Văn Lộc", Email: "loc.nv" + mailHost, Role: models.RoleUnit, UnitKey: CBThuongDien},
	{Key: "chibo2", Name: "Kiều Thị Bích Ngọc", Email: "ngoc.ktb" + mailHost, Role: models.RoleUnit, UnitKey: CBPhuLoi2},
}
