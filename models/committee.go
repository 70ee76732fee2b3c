package models

import (
	"strings"
	"time"
)

// DefaultTimeZone is where Vietnamese committees live.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

// Committee is a Party committee (Đảng bộ / Đảng ủy); every other record
// belongs to exactly one.
type Committee struct {
	ID           ID        `json:"id"`
	Name         string    `json:"name"`         // "Đảng ủy phường Hương Xuân"
	SuperiorBody string    `json:"superiorBody"` // "Đảng bộ thị xã Hương Trà"
	IssuerCode   string    `json:"issuerCode"`   // "ĐU" in "31-NQ/ĐU"
	PlaceName    string    `json:"placeName"`    // "Hương Xuân" in the date line
	TimeZone     string    `json:"timeZone"`
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

// Location is the committee's time zone; an unknown zone falls back to
// Vietnam's, which Validate prevents from being stored anyway.
func (c Committee) Location() *time.Location {
	if loc, err := time.LoadLocation(c.TimeZone); err == nil && c.TimeZone != "" {
		return loc
	}
	return vietnam
}

var vietnam = func() *time.Location {
	if loc, err := time.LoadLocation(DefaultTimeZone); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}()

func (c *Committee) Validate() error {
	p := Problems{}
	c.Name = strings.TrimSpace(c.Name)
	requireText(p, "name", c.Name, 200)
	limitText(p, "superiorBody", c.SuperiorBody, 200)
	limitText(p, "issuerCode", c.IssuerCode, 20)
	limitText(p, "placeName", c.PlaceName, 100)
	if c.TimeZone == "" {
		c.TimeZone = DefaultTimeZone
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		p.Add("timeZone", "unknown time zone")
	}
	return p.Err()
}
