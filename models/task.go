package models

import (
	"encoding/json"
	"strings"
	"time"
)

// MaxTaskText bounds a task's text; real resolution bullets are far shorter.
const MaxTaskText = 4000

// MaxCoordinating bounds the coordinating units on one task.
const MaxCoordinating = 50

// SourceRef says where in a resolution a task came from.
type SourceRef struct {
	Resolution string `json:"resolution,omitempty"` // "31-NQ/ĐU"
	Section    string `json:"section,omitempty"`    // "II"
	AreaIndex  int    `json:"areaIndex,omitempty"`  // 1-based, as printed
	ItemIndex  int    `json:"itemIndex,omitempty"`  // 1-based within the area
}

// Task is one nhiệm vụ of a month.
type Task struct {
	ID                  ID         `json:"id"`
	CommitteeID         ID         `json:"committeeId"`
	Period              Month      `json:"period"`
	AreaID              ID         `json:"areaId"`
	Text                string     `json:"text"`
	Source              *SourceRef `json:"source,omitempty"`
	LeadUnitID          ID         `json:"leadUnitId"`
	CoordinatingUnitIDs []ID       `json:"coordinatingUnitIds"`
	FollowUpUnitID      ID         `json:"followUpUnitId,omitempty"`
	Deadline            Date       `json:"deadline,omitempty"` // empty: thường xuyên
	// Condition is what a waiting task waits for, as the resolution says
	// ("khi được cấp trên phân bổ kinh phí").
	Condition string `json:"condition,omitempty"`
	// Footnotes are the resolution's footnotes on the task ("11: 05 công
	// trình xây mới, 08 công trình sửa chữa").
	Footnotes     []string   `json:"footnotes,omitempty"`
	State         WorkState  `json:"state"`
	Percent       int        `json:"percent"`
	AcceptedAt    *time.Time `json:"acceptedAt,omitempty"`
	AcceptedBy    ID         `json:"acceptedBy,omitempty"`
	CarriedFromID ID         `json:"carriedFromId,omitempty"`
	CarryCount    int        `json:"carryCount"`
	Version       int64      `json:"version"`
	CreatedBy     ID         `json:"createdBy"`
	CreatedAt     time.Time  `json:"createdAt"`
	UpdatedBy     ID         `json:"updatedBy"`
	UpdatedAt     time.Time  `json:"updatedAt"`

	// Derived when saved, for filtering in the stores: never set by hand.
	SearchKey    string `json:"-"` // Fold(Text)
	AreaPosition int    `json:"-"` // the area's position, for sorting
	AcceptedLate bool   `json:"-"` // accepted after the end of the deadline day
}

// Involves reports whether unit is the lead or a coordinating unit.
func (t Task) Involves(unit ID) bool {
	return t.LeadUnitID == unit || t.Coordinates(unit)
}

// Coordinates reports whether unit is one of the coordinating units.
func (t Task) Coordinates(unit ID) bool {
	for _, u := range t.CoordinatingUnitIDs {
		if u == unit {
			return true
		}
	}
	return false
}

// Validate checks the fields a leader sets; references to units and areas
// are checked by the service, which can see the store.
func (t *Task) Validate() error {
	p := Problems{}
	t.Text = strings.TrimSpace(t.Text)
	requireText(p, "text", t.Text, MaxTaskText)
	if _, err := ParseMonth(string(t.Period)); err != nil {
		p.Add("period", "must be YYYY-MM")
	}
	if !t.AreaID.Valid() {
		p.Add("areaId", "required")
	}
	if !t.LeadUnitID.Valid() {
		p.Add("leadUnitId", "required: exactly one lead unit")
	}
	if len(t.CoordinatingUnitIDs) > MaxCoordinating {
		p.Add("coordinatingUnitIds", "too many")
	}
	seen := map[ID]bool{}
	for _, u := range t.CoordinatingUnitIDs {
		switch {
		case !u.Valid():
			p.Add("coordinatingUnitIds", "malformed id")
		case u == t.LeadUnitID:
			p.Add("coordinatingUnitIds", "the lead unit cannot also coordinate")
		case seen[u]:
			p.Add("coordinatingUnitIds", "listed twice")
		}
		seen[u] = true
	}
	if t.FollowUpUnitID != "" && !t.FollowUpUnitID.Valid() {
		p.Add("followUpUnitId", "malformed id")
	}
	if t.Deadline != "" {
		if _, err := ParseDeadline(string(t.Deadline)); err != nil {
			p.Add("deadline", "must be a real date YYYY-MM-DD")
		}
	}
	if !t.State.Valid() {
		p.Add("state", "unknown state")
	}
	if t.Percent < 0 || t.Percent > 100 {
		p.Add("percent", "must be between 0 and 100")
	}
	if t.Source != nil {
		limitText(p, "source.resolution", t.Source.Resolution, 50)
		limitText(p, "source.section", t.Source.Section, 10)
		if t.Source.AreaIndex < 0 || t.Source.AreaIndex > 100 || t.Source.ItemIndex < 0 || t.Source.ItemIndex > 1000 {
			p.Add("source", "index out of range")
		}
	}
	limitText(p, "condition", t.Condition, MaxConditionText)
	if len(t.Footnotes) > MaxFootnotes {
		p.Add("footnotes", "too many")
	}
	for _, n := range t.Footnotes {
		limitText(p, "footnotes", n, MaxTaskText)
	}
	return p.Err()
}

// Bounds on what a resolution adds to a task: a condition is a clause,
// and an item rarely carries more than a few footnotes.
const (
	MaxConditionText = 500
	MaxFootnotes     = 20
)

// Derive fills the derived fields before a save.
func (t *Task) Derive(loc *time.Location, areaPosition int) {
	t.SearchKey = Fold(t.Text)
	t.AreaPosition = areaPosition
	t.AcceptedLate = t.State == StateDone && t.AcceptedAt != nil && t.Deadline != "" &&
		!t.AcceptedAt.Before(t.Deadline.EndIn(loc))
	if t.CoordinatingUnitIDs == nil {
		t.CoordinatingUnitIDs = []ID{}
	}
}

// ProgressKind tells a unit's report from a follow-up note or a leader's action.
type ProgressKind string

const (
	ProgressReport ProgressKind = "report" // a unit reports tiến độ
	ProgressNote   ProgressKind = "note"   // office or leader chases (đôn đốc)
	ProgressAccept ProgressKind = "accept" // leader accepts completion
	ProgressReopen ProgressKind = "reopen" // leader reopens
	ProgressCancel ProgressKind = "cancel" // leader cancels
	ProgressCarry  ProgressKind = "carry"  // month-end carry-over to the next month
)

// Progress is one append-only entry in a task's history.
type Progress struct {
	ID          ID           `json:"id"`
	CommitteeID ID           `json:"committeeId"`
	TaskID      ID           `json:"taskId"`
	Kind        ProgressKind `json:"kind"`
	UnitID      ID           `json:"unitId,omitempty"`
	UserID      ID           `json:"userId"`
	At          time.Time    `json:"at"`
	Percent     int          `json:"percent"`
	FromState   WorkState    `json:"fromState,omitempty"`
	ToState     WorkState    `json:"toState,omitempty"`
	Note        string       `json:"note,omitempty"`
}

// MaxNote bounds a progress note.
const MaxNote = 4000

// AuditEntry records one change: who, when, what, before and after.
type AuditEntry struct {
	ID          ID              `json:"id"`
	CommitteeID ID              `json:"committeeId"`
	ActorID     ID              `json:"actorId"`
	At          time.Time       `json:"at"`
	Entity      string          `json:"entity"` // task, unit, user, period, area, committee
	EntityID    ID              `json:"entityId"`
	Action      string          `json:"action"`           // create, update, progress, accept, …
	Before      json.RawMessage `json:"before,omitempty"` // JSON of the record before
	After       json.RawMessage `json:"after,omitempty"`  // JSON of the record after
}

// Audit entity names.
const (
	EntityTask      = "task"
	EntityUnit      = "unit"
	EntityUser      = "user"
	EntityPeriod    = "period"
	EntityArea      = "area"
	EntityCommittee = "committee"
)
