package models

import (
	"strings"
	"time"
)

// UnitKind groups units the way documents do.
type UnitKind string

const (
	UnitPartyBody  UnitKind = "party_body" // Ban Thường vụ, Văn phòng Đảng ủy, UBKT, Khối Dân vận
	UnitPartyCell  UnitKind = "party_cell" // chi bộ
	UnitGovernment UnitKind = "government" // UBND, HĐND, Công an, Quân sự, Trạm Y tế
	UnitMassOrg    UnitKind = "mass_org"   // MTTQ, Hội LHPN, Đoàn TN, Hội Nông dân, CCB
	UnitSchool     UnitKind = "school"     // Mầm non, Tiểu học, THCS
	UnitOther      UnitKind = "other"
)

var UnitKinds = []UnitKind{UnitPartyBody, UnitPartyCell, UnitGovernment, UnitMassOrg, UnitSchool, UnitOther}

func (k UnitKind) Valid() bool {
	for _, v := range UnitKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Unit is a body that tasks are assigned to (đơn vị).
type Unit struct {
	ID          ID        `json:"id"`
	CommitteeID ID        `json:"committeeId"`
	Kind        UnitKind  `json:"kind"`
	Name        string    `json:"name"`
	Aliases     []string  `json:"aliases"` // abbreviations as documents write them
	Emails      []string  `json:"emails"`
	Active      bool      `json:"active"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

func (u *Unit) Validate() error {
	p := Problems{}
	u.Name = strings.TrimSpace(u.Name)
	requireLine(p, "name", u.Name, 200)
	if !u.Kind.Valid() {
		p.Add("kind", "must be one of party_body, party_cell, government, mass_org, school, other")
	}
	if len(u.Aliases) > 20 {
		p.Add("aliases", "at most 20")
	}
	aliases := u.Aliases[:0:0]
	for _, a := range u.Aliases {
		a = strings.TrimSpace(a)
		limitText(p, "aliases", a, 100)
		if a != "" {
			aliases = append(aliases, a)
		}
	}
	u.Aliases = aliases
	if len(u.Emails) > 20 {
		p.Add("emails", "at most 20")
	}
	emails := u.Emails[:0:0]
	for _, e := range u.Emails {
		n, ok := NormalizeEmail(e)
		if !ok {
			p.Add("emails", "not an e-mail address: "+e)
			continue
		}
		emails = append(emails, n)
	}
	u.Emails = emails
	return p.Err()
}
