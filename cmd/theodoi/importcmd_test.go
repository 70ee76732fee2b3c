package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/theodoi/theodoi/config"
)

// emptyDataDir is a data directory with nothing in it, and the environment
// that points commands at it.
func emptyDataDir(t *testing.T) func(string) string {
	t.Helper()
	return getenvFrom(map[string]string{"THEODOI_DATA_DIR": t.TempDir(), "THEODOI_LOG_LEVEL": "warn", "THEODOI_DEMO": "false"})
}

// committeeCount opens the store the environment points at and counts its committees.
func committeeCount(t *testing.T, getenv func(string) string) int {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := openStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all, err := newServices(st, cfg, newLogger(cfg, io.Discard)).Committees.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// TestImportDryRunWithoutCommitteeJSON: the real sample is read on an empty
// store with units from the standard template; every suggested unit and
// area id is in the lists printed with it; nothing is stored.
func TestImportDryRunWithoutCommitteeJSON(t *testing.T) {
	sample := "../../../shared/samples/nghi-quyet-31-NQ-DU-2021-09-23.txt"
	if _, err := os.Stat(sample); err != nil {
		t.Skipf("sample not here: %v", err)
	}
	env := emptyDataDir(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", sample, "--dry-run", "--json"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		UnitsFrom string
		Units     []struct{ ID, Name string }
		Areas     []struct{ ID, Name string }
		Items     []struct {
			Key, LeadUnitID, AreaID string
			CoordinatingUnitIDs     []string
		}
		Import *struct{ ID string }
	}
	if err := json.Unmarshal(out.Bytes(), &parsed); err != nil {
		t.Fatalf("json: %v\n%s", err, out.String())
	}
	if parsed.UnitsFrom != "standard" || parsed.Import != nil {
		t.Errorf("unitsFrom %q, import %+v; want standard and none", parsed.UnitsFrom, parsed.Import)
	}
	if len(parsed.Items) != 32 {
		t.Errorf("%d items, want 32", len(parsed.Items))
	}
	units, areas := map[string]string{}, map[string]bool{}
	ward := false // the sample is a ward's: "UBND phường", not "UBND xã"
	for _, u := range parsed.Units {
		units[u.ID] = u.Name
		ward = ward || u.Name == "UBND phường"
	}
	for _, a := range parsed.Areas {
		areas[a.ID] = true
	}
	if !ward || len(areas) != 7 {
		t.Errorf("template of a ward's resolution: units %v, %d areas", parsed.Units, len(areas))
	}
	led := 0
	for _, it := range parsed.Items {
		if it.LeadUnitID != "" {
			led++
			if _, ok := units[it.LeadUnitID]; !ok {
				t.Errorf("%s: lead %s is not in the units list", it.Key, it.LeadUnitID)
			}
		}
		for _, c := range it.CoordinatingUnitIDs {
			if _, ok := units[c]; !ok {
				t.Errorf("%s: coordinating unit %s is not in the units list", it.Key, c)
			}
		}
		if it.AreaID != "" && !areas[it.AreaID] {
			t.Errorf("%s: area %s is not in the areas list", it.Key, it.AreaID)
		}
	}
	if led == 0 {
		t.Error("no item has a suggested lead unit")
	}
	if n := committeeCount(t, env); n != 0 {
		t.Errorf("%d committees after a dry run, want 0", n)
	}
}

// TestImportDryRunWithoutCommitteeText: the table says where its units
// came from and names them at the level of the issuing body.
func TestImportDryRunWithoutCommitteeText(t *testing.T) {
	env := emptyDataDir(t)
	var out bytes.Buffer
	err := run(context.Background(), []string{"import", "testdata/nghi-quyet-binh-son-ha.txt", "--dry-run"}, env, nil, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"no committee yet: suggested units come from the standard template",
		"danh sách đơn vị chuẩn",
		"UBND phường",
		"Công an phường",
		"Hội LHPN phường",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out.String())
		}
	}
	if n := committeeCount(t, env); n != 0 {
		t.Errorf("%d committees after a dry run, want 0", n)
	}
}

// TestImportWithoutCommittee: storing a draft needs a committee, and the
// error says how to make one.
func TestImportWithoutCommittee(t *testing.T) {
	env := emptyDataDir(t)
	err := run(context.Background(), []string{"import", "testdata/nghi-quyet-binh-son-ha.txt"}, env, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "theodoi init") {
		t.Fatalf("import without a committee: %v, want a hint at `theodoi init`", err)
	}
	if strings.Contains(err.Error(), "start the server") {
		t.Errorf("old hint still there: %v", err)
	}
}

// TestImportDryRunWithCommitteeJSON: with a committee its own units are used
// and --json says so.
func TestImportDryRunWithCommitteeJSON(t *testing.T) {
	_, env := demoDataDir(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "testdata/nghi-quyet-binh-son-ha.txt", "--dry-run", "--json"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		UnitsFrom string
		Units     []struct{ ID, Name string }
	}
	if err := json.Unmarshal(out.Bytes(), &parsed); err != nil {
		t.Fatalf("json: %v\n%s", err, out.String())
	}
	if parsed.UnitsFrom != "committee" || len(parsed.Units) == 0 {
		t.Errorf("unitsFrom %q with %d units, want committee", parsed.UnitsFrom, len(parsed.Units))
	}
	if strings.Contains(out.String(), "standard template") {
		t.Error("the standard template note printed with a committee")
	}
}
