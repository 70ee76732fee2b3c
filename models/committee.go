package models

import (
	"fmt"
	"strings"
	"time"
)

// DefaultTimeZone is where Vietnamese committees live.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

// Committee is a Party committee (Đảng bộ / Đảng ủy); every other record
// belongs to exactly one.
type Committee struct {
	ID           ID     `json:"id"`
	Name         string `json:"name"`         // "Đảng ủy phường Hương Xuân"
	SuperiorBody string `json:"superiorBody"` // "Đảng bộ thị xã Hương Trà"
	IssuerCode   string `json:"issuerCode"`   // "ĐU" in "31-NQ/ĐU"
	PlaceName    string `json:"placeName"`    // "Hương Xuân" in the date line
	TimeZone     string `json:"timeZone"`
	// Documents are the committee's own signer blocks and distribution
	// lists, used by every document theodoi writes for it (never taken
	// from an imported resolution).
	Documents DocumentSettings `json:"documents"`
	// Incomplete marks a committee still being set up: its records are
	// being written and it is not listed, scheduled or signed into; a
	// failed setup removes it whole (store.Committees.Purge).
	Incomplete bool      `json:"-"`
	Version    int64     `json:"version"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
}

// Signer is the signature block on the right of a document: the titles
// ("T/M ĐẢNG ỦY", "BÍ THƯ") and the signer's name, which may be left for
// the pen.
type Signer struct {
	Titles []string `json:"titles"`
	Name   string   `json:"name"`
}

// DocumentSettings say how the committee's documents are signed and to
// whom they go. Resolution* is for its resolutions (the draft); Report*
// for the reports its office writes (review, carry-over list).
type DocumentSettings struct {
	ResolutionSigner     Signer   `json:"resolutionSigner"`
	ResolutionRecipients []string `json:"resolutionRecipients"`
	ReportSigner         Signer   `json:"reportSigner"`
	ReportRecipients     []string `json:"reportRecipients"`
}

// DefaultDocumentSettings are a ward committee's usual blocks, the
// starting point of every new committee.
func DefaultDocumentSettings() DocumentSettings {
	return DocumentSettings{
		ResolutionSigner: Signer{Titles: []string{"T/M ĐẢNG ỦY", "BÍ THƯ"}},
		ResolutionRecipients: []string{
			"Ban Thường vụ cấp ủy cấp trên (b/c)",
			"Thường trực HĐND, UBND",
			"Mặt trận, các đoàn thể",
			"Các chi bộ trực thuộc",
			"Các đồng chí Đảng ủy viên",
			"Lưu Văn phòng Đảng ủy",
		},
		ReportSigner:     Signer{Titles: []string{"T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"}},
		ReportRecipients: []string{"Ban Thường vụ Đảng ủy (b/c)", "Các đồng chí Đảng ủy viên", "Lưu Văn phòng Đảng ủy"},
	}
}

// OrDefaults fills each empty block of d (committees made before they
// kept their own blocks have none) with the default's, so every document
// still has a signer and a "Nơi nhận" list.
func (d DocumentSettings) OrDefaults() DocumentSettings {
	def := DefaultDocumentSettings()
	if len(d.ResolutionSigner.Titles) == 0 {
		d.ResolutionSigner.Titles = def.ResolutionSigner.Titles
	}
	if len(d.ResolutionRecipients) == 0 {
		d.ResolutionRecipients = def.ResolutionRecipients
	}
	if len(d.ReportSigner.Titles) == 0 {
		d.ReportSigner.Titles = def.ReportSigner.Titles
	}
	if len(d.ReportRecipients) == 0 {
		d.ReportRecipients = def.ReportRecipients
	}
	return d
}

// Ready reports whether the committee is fully set up.
func (c Committee) Ready() bool { return !c.Incomplete }

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
	requireLine(p, "name", c.Name, 200)
	limitLine(p, "superiorBody", c.SuperiorBody, 200)
	limitLine(p, "issuerCode", c.IssuerCode, 20)
	limitLine(p, "placeName", c.PlaceName, 100)
	c.Documents.validate(p)
	if c.TimeZone == "" {
		c.TimeZone = DefaultTimeZone
	}
	// An IANA name only: "Local" would be whatever zone the server runs in.
	if _, err := time.LoadLocation(c.TimeZone); err != nil || c.TimeZone == "Local" {
		p.Add("timeZone", "unknown time zone")
	}
	return p.Err()
}

// validate trims the lines, drops empty ones and bounds their number and
// length, so a document's blocks stay printable.
func (d *DocumentSettings) validate(p Problems) {
	d.ResolutionSigner.validate(p, "documents.resolutionSigner")
	d.ReportSigner.validate(p, "documents.reportSigner")
	d.ResolutionRecipients = cleanLines(p, "documents.resolutionRecipients", d.ResolutionRecipients, 20, 200)
	d.ReportRecipients = cleanLines(p, "documents.reportRecipients", d.ReportRecipients, 20, 200)
}

func (s *Signer) validate(p Problems, field string) {
	s.Name = strings.TrimSpace(s.Name)
	limitText(p, field+".name", s.Name, 100)
	s.Titles = cleanLines(p, field+".titles", s.Titles, 4, 100)
}

func cleanLines(p Problems, field string, lines []string, most, width int) []string {
	out := []string{}
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		limitText(p, field, l, width)
		out = append(out, l)
	}
	if len(out) > most {
		p.Add(field, fmt.Sprintf("at most %d lines", most))
	}
	return out
}
