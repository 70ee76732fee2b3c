package models

import (
	"slices"
	"testing"
)

func TestSynonymsAreFolded(t *testing.T) {
	for _, g := range Synonyms {
		for _, p := range g {
			if Fold(p) != p || p == "" {
				t.Errorf("%q is not folded", p)
			}
		}
	}
}

func TestAlternatives(t *testing.T) {
	for q, want := range map[string][]string{
		"gpmb":                        {"giai phong mat bang"},
		"ket qua giai phong mat bang": {"ket qua gpmb"},
		"doan thanh nien phuong":      {"dtn phuong", "doan tncs phuong"},
		"gpmb va nvqs":                {"giai phong mat bang va nvqs", "gpmb va nghia vu quan su", "giai phong mat bang va nghia vu quan su"},
		"dtnd":                        nil, // not a whole word
		"tien do":                     nil,
	} {
		got := Alternatives(q, Synonyms)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("Alternatives(%q) = %q, lacks %q", q, got, w)
			}
		}
		if want == nil && len(got) != 0 {
			t.Errorf("Alternatives(%q) = %q, want none", q, got)
		}
		if slices.Contains(got, q) {
			t.Errorf("Alternatives(%q) holds the query", q)
		}
	}
	if n := len(Alternatives("gpmb nvqs tthc mttq lhpn ccb hnd antt atgt", Synonyms)); n != MaxAlternatives {
		t.Errorf("%d alternatives, want the cap %d", n, MaxAlternatives)
	}
}

func TestFoldDropsInvisibleMarks(t *testing.T) {
	if got := Fold("Giải\u200b phóng\u200d mặt\u2060 bằng\u202e"); got != "giai phong mat bang" {
		t.Errorf("Fold = %q", got)
	}
}
