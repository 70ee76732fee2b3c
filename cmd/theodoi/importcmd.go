package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/internal/standard"
	"github.com/theodoi/theodoi/internal/suggest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/imports"
)

// importCommand parses a resolution file and shows what it would become;
// without --dry-run it also stores a draft import for review.
func importCommand(ctx context.Context, env *environment, args []string) error {
	var committee string
	var dryRun, asJSON bool
	var file string
	file, args = leadingArg(args) // the file may come before or after the flags
	cfg, fs, err := loadConfig(env, "import", args, func(fs *flag.FlagSet) {
		fs.StringVar(&committee, "committee", "", "committee id (needed when there are several)")
		fs.BoolVar(&dryRun, "dry-run", false, "only show what the file contains; store nothing")
		fs.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	})
	if err != nil {
		return err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	if file == "" {
		return errors.New("usage: theodoi import FILE [--committee ID] [--dry-run] [--json]")
	}
	data, err := readLimited(file, cfg.ImportMaxBytes)
	if err != nil {
		return err
	}
	doc, err := imports.ParseFile(file, data, cfg.ImportMaxBytes)
	if err != nil {
		return describe(err)
	}
	st, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := newServices(st, cfg, newLogger(cfg, env.stderr))
	var owner models.Actor
	var units []models.Unit
	var areas []models.Area
	unitsFrom := unitsFromCommittee
	cid, err := pickCommittee(ctx, svc, models.ID(committee))
	switch {
	case errors.Is(err, errNoCommittee) && dryRun:
		// Nothing is stored, so a file can be tried before the committee exists.
		unitsFrom = unitsFromStandard
		units, areas = standardUnits(doc, models.SystemClock{}.Now())
	case err != nil:
		return err
	default:
		owner = models.Actor{CommitteeID: cid, Role: models.RoleLeader} // the machine owner's authority
		if units, err = svc.Units.List(ctx, owner); err != nil {
			return err
		}
		if areas, err = svc.Areas.List(ctx, owner); err != nil {
			return err
		}
	}
	items := suggest.Proposals(doc, units, areas)
	var imp *imports.ImportResult
	if !dryRun {
		res, err := svc.Imports.Upload(ctx, owner, file, "", data)
		if err != nil {
			return describe(err)
		}
		imp, items = &res, res.Import.Items
	}
	if asJSON {
		out := map[string]any{"document": doc, "items": items, "unitsFrom": unitsFrom,
			"units": namedUnits(units), "areas": namedAreas(areas)}
		if imp != nil {
			out["import"] = map[string]any{"id": imp.Import.ID, "existing": imp.Existing, "status": imp.Import.Status}
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if unitsFrom == unitsFromStandard {
		fmt.Fprintln(env.stdout, "Chưa có Đảng ủy trong cơ sở dữ liệu: đơn vị gợi ý lấy từ danh sách đơn vị chuẩn / no committee yet: suggested units come from the standard template")
	}
	printDocument(env.stdout, doc, items, units, areas)
	if imp != nil {
		if imp.Existing {
			fmt.Fprintf(env.stdout, "\nNghị quyết này đã được nhập trước đó / already imported: %s (%s)\n", imp.Import.ID, imp.Import.Status)
		} else {
			fmt.Fprintf(env.stdout, "\nĐã lưu bản nháp để rà soát / draft import saved: %s\n", imp.Import.ID)
		}
	}
	return nil
}

// errNoCommittee is what a command that needs a committee says on an empty store.
var errNoCommittee = errors.New("chưa có Đảng ủy nào: tạo bằng `theodoi init` (xem `theodoi help`) / no committee yet: create one with `theodoi init`")

// Where an import's units came from, as --json reports it.
const (
	unitsFromCommittee = "committee"
	unitsFromStandard  = "standard"
)

// standardUnits are the standard template's units and areas for the level
// of the document's issuing body ("xã" when it names none), with ids made
// up for this run only.
func standardUnits(doc resolution.Document, now time.Time) ([]models.Unit, []models.Area) {
	var units []models.Unit
	for _, u := range standard.Units(standard.LevelOf(doc.IssuingBody)) {
		units = append(units, models.Unit{ID: models.NewID(now), Kind: u.Kind, Name: u.Name,
			Aliases: u.Aliases, Active: true})
	}
	var areas []models.Area
	for i, name := range standard.Areas() {
		areas = append(areas, models.Area{ID: models.NewID(now), Name: name, Position: i + 1})
	}
	return units, areas
}

// idName is a unit or an area as --json lists it, so the ids in the items resolve.
type idName struct {
	ID   models.ID `json:"id"`
	Name string    `json:"name"`
}

func namedUnits(units []models.Unit) []idName {
	out := make([]idName, 0, len(units))
	for _, u := range units {
		out = append(out, idName{u.ID, u.Name})
	}
	return out
}

func namedAreas(areas []models.Area) []idName {
	out := make([]idName, 0, len(areas))
	for _, a := range areas {
		out = append(out, idName{a.ID, a.Name})
	}
	return out
}

func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, errors.New(resolution.TooLarge(max).Error())
	}
	return data, nil
}

func printDocument(w io.Writer, doc resolution.Document, items []models.ImportItem, units []models.Unit, areas []models.Area) {
	unitName := map[models.ID]string{}
	for _, u := range units {
		unitName[u.ID] = u.Name
	}
	areaName := map[models.ID]string{}
	for _, a := range areas {
		areaName[a.ID] = a.Name
	}
	fmt.Fprintf(w, "Số %s — %s, ngày %s — %s: %s\n", doc.Number.Raw, doc.Place, doc.Date, doc.DocType, doc.Summary)
	fmt.Fprintf(w, "Tháng thực hiện / target month: %s; phần I: %d lĩnh vực; phần II: %d lĩnh vực, %d nhiệm vụ; nơi nhận: %d; người ký: %s\n\n",
		doc.TargetMonth, len(doc.Review), len(doc.Tasks), len(items), len(doc.Recipients), doc.Signer.Name)
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "MỤC\tLĨNH VỰC\tCHỦ TRÌ (độ tin cậy)\tPHỐI HỢP\tTHỜI HẠN\tGHI CHÚ\tNỘI DUNG")
	for _, it := range items {
		area := areaName[it.AreaID]
		if area == "" {
			area = "mới: " + it.NewAreaName
		}
		var coord []string
		for _, u := range it.CoordinatingUnitIDs {
			coord = append(coord, unitName[u])
		}
		var notes []string
		for _, f := range it.Flags {
			notes = append(notes, flagLabel(f))
		}
		if it.Continues {
			notes = append(notes, "tiếp tục")
		}
		if len(it.Footnotes) > 0 {
			notes = append(notes, fmt.Sprintf("%d chú thích", len(it.Footnotes)))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s (%.0f%%)\t%s\t%s %s\t%s\t%s\n", it.Key, shorten(area, 30),
			orDash(unitName[it.LeadUnitID]), it.Suggestion.LeadConfidence*100, orDash(strings.Join(coord, ", ")),
			orDash(string(it.Deadline)), it.DeadlineReason, strings.Join(notes, ", "), shorten(it.Text, 60))
	}
	tw.Flush()
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// flagLabel says a suggestion flag in Vietnamese.
func flagLabel(f string) string {
	switch f {
	case suggest.FlagMultipleSubtasks:
		return "nhiều đầu việc"
	case suggest.FlagMultipleLeads:
		return "có thể nhiều đơn vị chủ trì"
	case suggest.FlagWaitingCondition:
		return "chờ điều kiện"
	}
	return f
}
