package models

import "time"

// PeriodStatus is open while the month's tasks are worked on.
type PeriodStatus string

const (
	PeriodOpen   PeriodStatus = "open"
	PeriodClosed PeriodStatus = "closed"
)

// Period is a committee's month (kỳ), optionally tied to the resolution
// that set its tasks.
type Period struct {
	ID               ID           `json:"id"`
	CommitteeID      ID           `json:"committeeId"`
	Month            Month        `json:"month"`
	Status           PeriodStatus `json:"status"`
	ResolutionNumber string       `json:"resolutionNumber,omitempty"` // "31-NQ/ĐU"
	ResolutionDate   Date         `json:"resolutionDate,omitempty"`
	Version          int64        `json:"version"`
	CreatedAt        time.Time    `json:"createdAt"`
	UpdatedAt        time.Time    `json:"updatedAt"`
}

func (p *Period) Validate() error {
	pr := Problems{}
	if _, err := ParseMonth(string(p.Month)); err != nil {
		pr.Add("month", "must be YYYY-MM")
	}
	if p.Status != PeriodOpen && p.Status != PeriodClosed {
		pr.Add("status", "must be open or closed")
	}
	limitText(pr, "resolutionNumber", p.ResolutionNumber, 50)
	if p.ResolutionDate != "" {
		if _, err := ParseDate(string(p.ResolutionDate)); err != nil {
			pr.Add("resolutionDate", "must be a date YYYY-MM-DD")
		}
	}
	return pr.Err()
}

// MaxAreaName bounds an area's name.
const MaxAreaName = 200

// Area is a lĩnh vực: the headings tasks are grouped under, in order.
type Area struct {
	ID          ID        `json:"id"`
	CommitteeID ID        `json:"committeeId"`
	Name        string    `json:"name"`
	Position    int       `json:"position"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

func (a *Area) Validate() error {
	p := Problems{}
	requireLine(p, "name", a.Name, MaxAreaName)
	if a.Position < 0 || a.Position > 1000 {
		p.Add("position", "must be between 0 and 1000")
	}
	return p.Err()
}

// DefaultAreas are the seven areas of section II of a ward resolution,
// seeded for every new committee and editable afterwards.
var DefaultAreas = []string{
	"Về kinh tế",
	"Về văn hóa xã hội",
	"Công tác cải cách hành chính",
	"Công tác phòng, chống dịch bệnh",
	"Công tác quốc phòng an ninh",
	"Hoạt động của Mặt trận, các đoàn thể chính trị - xã hội",
	"Công tác tổ chức, xây dựng Đảng",
}
