package handlers

import (
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// Task listings are the hottest responses, so a task is encoded by hand
// rather than by reflection; TestTaskJSONMatchesEncodingJSON keeps the
// output identical to encoding/json's for the same struct.

// MarshalJSON encodes the task like encoding/json would, about five times faster.
func (t taskResponse) MarshalJSON() ([]byte, error) {
	return t.appendJSON(make([]byte, 0, 1024)), nil
}

func (t taskResponse) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, string(t.ID))
	b = append(b, `,"committeeId":`...)
	b = appendString(b, string(t.CommitteeID))
	b = append(b, `,"period":`...)
	b = appendString(b, string(t.Period))
	b = append(b, `,"areaId":`...)
	b = appendString(b, string(t.AreaID))
	b = append(b, `,"text":`...)
	b = appendString(b, t.Text)
	if s := t.Source; s != nil {
		b = append(b, `,"source":{`...)
		first := true
		field := func(name string) {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, '"')
			b = append(b, name...)
			b = append(b, `":`...)
		}
		if s.Resolution != "" {
			field("resolution")
			b = appendString(b, s.Resolution)
		}
		if s.Section != "" {
			field("section")
			b = appendString(b, s.Section)
		}
		if s.AreaIndex != 0 {
			field("areaIndex")
			b = strconv.AppendInt(b, int64(s.AreaIndex), 10)
		}
		if s.ItemIndex != 0 {
			field("itemIndex")
			b = strconv.AppendInt(b, int64(s.ItemIndex), 10)
		}
		b = append(b, '}')
	}
	b = append(b, `,"leadUnitId":`...)
	b = appendString(b, string(t.LeadUnitID))
	b = append(b, `,"coordinatingUnitIds":`...)
	if t.CoordinatingUnitIDs == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, id := range t.CoordinatingUnitIDs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, string(id))
		}
		b = append(b, ']')
	}
	if t.FollowUpUnitID != "" {
		b = append(b, `,"followUpUnitId":`...)
		b = appendString(b, string(t.FollowUpUnitID))
	}
	if t.Deadline != "" {
		b = append(b, `,"deadline":`...)
		b = appendString(b, string(t.Deadline))
	}
	if t.Condition != "" {
		b = append(b, `,"condition":`...)
		b = appendString(b, t.Condition)
	}
	if len(t.Footnotes) > 0 {
		b = append(b, `,"footnotes":[`...)
		for i, n := range t.Footnotes {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, n)
		}
		b = append(b, ']')
	}
	b = append(b, `,"state":`...)
	b = appendString(b, string(t.State))
	b = append(b, `,"percent":`...)
	b = strconv.AppendInt(b, int64(t.Percent), 10)
	if t.AcceptedAt != nil {
		b = append(b, `,"acceptedAt":`...)
		b = appendTime(b, *t.AcceptedAt)
	}
	if t.AcceptedBy != "" {
		b = append(b, `,"acceptedBy":`...)
		b = appendString(b, string(t.AcceptedBy))
	}
	if t.CarriedFromID != "" {
		b = append(b, `,"carriedFromId":`...)
		b = appendString(b, string(t.CarriedFromID))
	}
	b = append(b, `,"carryCount":`...)
	b = strconv.AppendInt(b, int64(t.CarryCount), 10)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, t.Version, 10)
	b = append(b, `,"createdBy":`...)
	b = appendString(b, string(t.CreatedBy))
	b = append(b, `,"createdAt":`...)
	b = appendTime(b, t.CreatedAt)
	b = append(b, `,"updatedBy":`...)
	b = appendString(b, string(t.UpdatedBy))
	b = append(b, `,"updatedAt":`...)
	b = appendTime(b, t.UpdatedAt)
	if t.Timeliness != "" {
		b = append(b, `,"timeliness":`...)
		b = appendString(b, string(t.Timeliness))
	}
	return append(b, '}')
}

func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// buffers are reused across responses: a page of tasks is tens of kilobytes.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

func getBuffer() *[]byte { return buffers.Get().(*[]byte) }

func putBuffer(b *[]byte) {
	if cap(*b) > 1<<20 { // let an unusually large one go
		return
	}
	*b = (*b)[:0]
	buffers.Put(b)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string with encoding/json's escaping
// (HTML-safe, invalid UTF-8 replaced, U+2028/2029 escaped).
func appendString(b []byte, s string) []byte {
	if utf8.ValidString(s) {
		return appendValidString(b, s)
	}
	return appendAnyString(b, s)
}

// appendValidString is the common case: valid UTF-8, so only ASCII
// specials and the two line separators (E2 80 A8/A9) need a look.
func appendValidString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if plainByte[c] {
			continue
		}
		if c == 0xE2 {
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&0xf])
				i += 2
				start = i + 1
			}
			continue
		}
		b = append(b, s[start:i]...)
		b = appendEscapedASCII(b, c)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plainByte marks the bytes of valid UTF-8 that are copied as they are.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = true
	}
	for _, c := range []byte{'"', '\\', '<', '>', '&', 0xE2} {
		t[c] = false
	}
	return t
}()

func appendEscapedASCII(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

func appendAnyString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscapedASCII(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendTaskPage writes a listing: {"items":[…],"total":…,"page":…,"perPage":…}.
func appendTaskPage(b []byte, items []taskResponse, total, page, perPage int) []byte {
	b = append(b, `{"items":[`...)
	for i, t := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = t.appendJSON(b)
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, `,"page":`...)
	b = strconv.AppendInt(b, int64(page), 10)
	b = append(b, `,"perPage":`...)
	b = strconv.AppendInt(b, int64(perPage), 10)
	return append(b, '}')
}
