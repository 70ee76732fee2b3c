package models

import (
	"strings"
	"time"
)

// Role decides what a user may do; see permissions.go.
type Role string

const (
	RoleAdmin  Role = "admin"  // manages the committee, units and users
	RoleLeader Role = "leader" // Bí thư, Ban Thường vụ: assigns and accepts work
	RoleOffice Role = "office" // Văn phòng / UBKT: follows up (đôn đốc)
	RoleUnit   Role = "unit"   // officer of one unit: reports progress
	RoleViewer Role = "viewer" // reads
)

var Roles = []Role{RoleAdmin, RoleLeader, RoleOffice, RoleUnit, RoleViewer}

func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// User is a person who logs in with an e-mail address.
type User struct {
	ID           ID     `json:"id"`
	CommitteeID  ID     `json:"committeeId"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Role         Role   `json:"role"`
	UnitID       ID     `json:"unitId,omitempty"` // required for RoleUnit
	Language     string `json:"language"`         // "vi" or "en"
	Disabled     bool   `json:"disabled"`
	PasswordHash string `json:"-"`
	// MustChangePassword is set when the password was handed out by
	// someone else (printed by the demo, typed by an administrator): the
	// person chooses their own before doing anything else.
	MustChangePassword bool      `json:"mustChangePassword"`
	Version            int64     `json:"version"`
	CreatedAt          time.Time `json:"createdAt"`
	UpdatedAt          time.Time `json:"updatedAt"`
}

// HasPassword is false for an invited person who has not chosen one yet.
func (u User) HasPassword() bool { return u.PasswordHash != "" }

// Languages the interface speaks, Vietnamese first.
var Languages = []string{"vi", "en"}

func (u *User) Validate() error {
	p := Problems{}
	u.Name = strings.TrimSpace(u.Name)
	requireLine(p, "name", u.Name, 200)
	if e, ok := NormalizeEmail(u.Email); ok {
		u.Email = e
	} else {
		p.Add("email", "not an e-mail address")
	}
	if !u.Role.Valid() {
		p.Add("role", "must be one of admin, leader, office, unit, viewer")
	}
	if u.Role == RoleUnit && u.UnitID == "" {
		p.Add("unitId", "required for a unit user")
	}
	if u.UnitID != "" && !u.UnitID.Valid() {
		p.Add("unitId", "malformed id")
	}
	if u.Language == "" {
		u.Language = "vi"
	}
	if u.Language != "vi" && u.Language != "en" {
		p.Add("language", "must be vi or en")
	}
	return p.Err()
}

// Session is a server-side login. Only a hash of the token is stored.
type Session struct {
	TokenHash   string    `json:"-"`
	UserID      ID        `json:"userId"`
	CommitteeID ID        `json:"committeeId"`
	CreatedAt   time.Time `json:"createdAt"`
	LastSeenAt  time.Time `json:"lastSeenAt"`
	ExpiresAt   time.Time `json:"expiresAt"` // absolute expiry
}
