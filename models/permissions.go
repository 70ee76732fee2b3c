package models

// Action is something a user may try; Can decides by role. Whether a unit
// user may touch a particular task is decided by CanSeeTask and
// CanReportOn, which also need the task.
type Action string

const (
	ActManageCommittee Action = "committee.manage"
	ActManageUnits     Action = "units.manage"
	ActManageUsers     Action = "users.manage"
	ActListUsers       Action = "users.list"
	ActManageAreas     Action = "areas.manage"
	ActManagePeriods   Action = "periods.manage"
	ActReadDirectory   Action = "directory.read" // committee, units, areas, periods
	ActReadAllTasks    Action = "tasks.read_all"
	ActWriteTasks      Action = "tasks.write"  // create, edit, assign
	ActAcceptTasks     Action = "tasks.accept" // accept, reopen, cancel
	ActReportProgress  Action = "tasks.report" // on tasks of one's own unit
	ActAddNote         Action = "tasks.note"   // đôn đốc
	ActReadAudit       Action = "audit.read"
)

// grants is the permission matrix. Admins run the installation but do not
// assign or accept work; leaders do; the office follows up.
var grants = map[Role][]Action{
	RoleAdmin: {ActManageCommittee, ActManageUnits, ActManageUsers, ActListUsers, ActManageAreas,
		ActReadDirectory, ActReadAllTasks, ActReadAudit},
	RoleLeader: {ActListUsers, ActManageAreas, ActManagePeriods, ActReadDirectory, ActReadAllTasks,
		ActWriteTasks, ActAcceptTasks, ActAddNote, ActReadAudit},
	RoleOffice: {ActListUsers, ActReadDirectory, ActReadAllTasks, ActAddNote, ActReadAudit},
	RoleUnit:   {ActReadDirectory, ActReportProgress},
	RoleViewer: {ActReadDirectory, ActReadAllTasks},
}

// Can reports whether role may perform act at all.
func Can(role Role, act Action) bool {
	for _, a := range grants[role] {
		if a == act {
			return true
		}
	}
	return false
}

// Actor is the user on whose behalf a service acts.
type Actor struct {
	UserID      ID
	CommitteeID ID
	Role        Role
	UnitID      ID
	Language    string
	// MustChangePassword: the session may only change the password.
	MustChangePassword bool
}

// CanSeeTask: everyone who reads all tasks, and unit users whose unit leads
// or coordinates it.
func (a Actor) CanSeeTask(t Task) bool {
	if t.CommitteeID != a.CommitteeID {
		return false
	}
	if Can(a.Role, ActReadAllTasks) {
		return true
	}
	return a.Role == RoleUnit && a.UnitID != "" && t.Involves(a.UnitID)
}

// CanReportOn: unit users on tasks their unit leads or coordinates.
func (a Actor) CanReportOn(t Task) bool {
	return Can(a.Role, ActReportProgress) && a.CanSeeTask(t)
}
