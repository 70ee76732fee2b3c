package standard

import (
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
)

func TestLevelOf(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ward", "Đảng ủy phường Hương Xuân", "phường"},
		{"commune in capitals", "ĐẢNG ỦY XÃ AN HÒA", "xã"},
		{"special zone, old tone placement", "Đảng uỷ đặc khu Côn Đảo", "đặc khu"},
		{"special zone, decomposed", norm.NFD.String("Đảng uỷ đặc khu Côn Đảo"), "đặc khu"},
		{"ward, decomposed", norm.NFD.String("ĐẢNG ỦY PHƯỜNG AN HÒA"), "phường"},
		{"level word alone", "Phường", "phường"},
		{"folded level word", "dac khu", "đặc khu"},
		{"province: default", "Đảng bộ Tỉnh X", "xã"},
		{"former town is not a commune", "Đảng bộ thị xã Hương Trà", "xã"},
		{"former town above a ward", "Đảng bộ thị xã Hương Trà - Đảng ủy phường Hương Xuân", "phường"},
		{"first level word wins", "Đảng ủy xã Phường Đông", "xã"},
		{"place containing the letters", "Đảng ủy phường Xa La", "phường"},
		{"empty: default", "", "xã"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LevelOf(tt.in); got != tt.want {
				t.Errorf("LevelOf(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := LevelOf(tt.in); !norm.NFC.IsNormalString(got) {
				t.Errorf("LevelOf(%q) = %q is not NFC", tt.in, got)
			}
		})
	}
}

// levelled are the units whose names carry the level word ("UBND phường").
var levelled = []string{"ubnd", "hdnd", "cong-an", "quan-su", "tram-y-te",
	"mttq", "hoi-lhpn", "doan-tn", "hoi-nong-dan", "hoi-ccb"}

func TestStandardUnits(t *testing.T) {
	for _, level := range []string{"phường", "xã", "đặc khu"} {
		t.Run(level, func(t *testing.T) {
			units := Units(level)
			if len(units) < 12 {
				t.Fatalf("%d units, want at least 12", len(units))
			}
			keys := map[string]bool{}
			owner := map[string]string{} // folded name or alias → unit key
			kinds := map[models.UnitKind]int{}
			for _, u := range units {
				if u.Key == "" || keys[u.Key] || strings.Trim(u.Key, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
					t.Errorf("key %q: empty, repeated or not lower-case ASCII", u.Key)
				}
				keys[u.Key] = true
				kinds[u.Kind]++
				if !u.Kind.Valid() {
					t.Errorf("%s: kind %q", u.Key, u.Kind)
				}
				if len(u.Aliases) == 0 {
					t.Errorf("%s: no alias", u.Key)
				}
				hasLevel := strings.HasSuffix(u.Name, " "+level)
				if want := slices.Contains(levelled, u.Key); hasLevel != want {
					t.Errorf("%s: name %q ends in %q: %v, want %v", u.Key, u.Name, level, hasLevel, want)
				}
				for _, s := range append([]string{u.Name}, u.Aliases...) {
					if !norm.NFC.IsNormalString(s) {
						t.Errorf("%s: %q is not NFC", u.Key, s)
					}
					if w := oldTonePlacement(s); w != "" {
						t.Errorf("%s: %q uses the old tone placement in %q", u.Key, s, w)
					}
					k := models.Fold(s)
					if other, ok := owner[k]; ok && other != u.Key {
						t.Errorf("%q of %s collides with %s", s, u.Key, other)
					}
					owner[k] = u.Key
				}
				m := models.Unit{ID: models.NewID(time.Now()), CommitteeID: models.NewID(time.Now()),
					Kind: u.Kind, Name: u.Name, Aliases: slices.Clone(u.Aliases), Active: true}
				if err := m.Validate(); err != nil {
					t.Errorf("%s: %v", u.Key, err)
				}
				if len(m.Aliases) != len(u.Aliases) {
					t.Errorf("%s: Validate dropped aliases: %q → %q", u.Key, u.Aliases, m.Aliases)
				}
			}
			for _, k := range []models.UnitKind{models.UnitPartyBody, models.UnitPartyCell,
				models.UnitGovernment, models.UnitMassOrg, models.UnitSchool} {
				if kinds[k] == 0 {
					t.Errorf("no unit of kind %s", k)
				}
			}
			// Document order: the kinds come in blocks, in this order.
			order := []models.UnitKind{models.UnitPartyBody, models.UnitPartyCell,
				models.UnitGovernment, models.UnitMassOrg, models.UnitSchool}
			for i := 1; i < len(units); i++ {
				if slices.Index(order, units[i].Kind) < slices.Index(order, units[i-1].Kind) {
					t.Errorf("%s (%s) after %s (%s)", units[i].Key, units[i].Kind, units[i-1].Key, units[i-1].Kind)
				}
			}
		})
	}
}

func TestStandardUnitsFresh(t *testing.T) {
	a := Units("phường")
	a[0].Name = "changed"
	a[0].Aliases[0] = "changed"
	b := Units("phường")
	if b[0].Name == "changed" || b[0].Aliases[0] == "changed" {
		t.Error("Units shares its slices between calls")
	}
	names := func(us []Unit) []string {
		var out []string
		for _, u := range us {
			out = append(out, u.Name)
		}
		return out
	}
	if got, want := names(Units("PHUONG")), names(Units("phường")); !slices.Equal(got, want) {
		t.Errorf("a folded level: %q, want %q", got, want)
	}
	if got, want := names(Units("thành phố")), names(Units("xã")); !slices.Equal(got, want) {
		t.Errorf("an unknown level: %q, want the xã template %q", got, want)
	}
}

func TestStandardAreas(t *testing.T) {
	a := Areas()
	if !slices.Equal(a, models.DefaultAreas) {
		t.Fatalf("Areas() = %q, want %q", a, models.DefaultAreas)
	}
	before := models.DefaultAreas[0]
	a[0] = "changed"
	if models.DefaultAreas[0] != before {
		t.Error("Areas returned models.DefaultAreas itself, not a copy")
	}
}

// oldTonePlacement is the first word of s with the tone mark on the first
// vowel of a closing "oa", "oe" or "uy" (hoà, uỷ), where the new rules put
// it on the second (hòa, ủy); "qu" words are left alone.
func oldTonePlacement(s string) string {
	old := []string{"oà", "oá", "oả", "oã", "oạ", "oè", "oé", "oẻ", "oẽ", "oẹ", "uỳ", "uý", "uỷ", "uỹ", "uỵ"}
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if strings.HasPrefix(w, "qu") {
			continue
		}
		for _, o := range old {
			if strings.HasSuffix(w, o) {
				return w
			}
		}
	}
	return ""
}
