// Package imports turns an uploaded resolution into proposed tasks that
// leadership reviews, then creates them through the task-change path.
package imports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/theodoi/theodoi/internal/document"
	"github.com/theodoi/theodoi/internal/docx"
	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/internal/suggest"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/task"
)

// ImportService turns an uploaded resolution into proposed tasks that
// leadership reviews, then creates them in one step.
type ImportService struct {
	core.Base
	writer   *task.Writer
	periods  *directory.PeriodService
	areas    *directory.AreaService
	maxBytes int64
}

// New wires the import over the task-change path and the directory.
func New(b core.Base, writer *task.Writer, dir directory.Services, maxBytes int64) *ImportService {
	return &ImportService{Base: b, writer: writer, periods: dir.Periods, areas: dir.Areas, maxBytes: maxBytes}
}

// DefaultImportMaxBytes caps an uploaded resolution.
const DefaultImportMaxBytes = 10 << 20

// ImportResult is an upload's outcome. Existing is true when the same
// document had been imported already: that import is returned instead of a
// new one.
type ImportResult struct {
	Import   models.Import
	Existing bool
}

// ParseFile reads a .docx or a text export into a resolution. It does no
// I/O and needs no permission: the command line's --dry-run uses it. The
// content decides how it is read, and so does a name ending in .docx or
// .doc (a damaged Word file is told so, not taken for text).
func ParseFile(name string, data []byte, maxBytes int64) (resolution.Document, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultImportMaxBytes
	}
	if int64(len(data)) > maxBytes {
		return resolution.Document{}, fileProblem(resolution.TooLarge(maxBytes))
	}
	var blocks []document.Block
	var err error
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) || wordName(name) {
		lim := docx.DefaultLimits()
		lim.MaxFileBytes = maxBytes
		blocks, err = docx.Read(data, lim)
	} else {
		blocks, err = resolution.ReadText(data)
	}
	if err != nil {
		return resolution.Document{}, fileProblem(err)
	}
	doc, err := resolution.Parse(blocks)
	if err != nil {
		return resolution.Document{}, fileProblem(err)
	}
	return doc, nil
}

// wordName reports a file name of a Word document.
func wordName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".docx" || ext == ".doc"
}

// FileProblem is why an uploaded file was refused, worded in both
// interface languages: the page or the API picks the reader's.
type FileProblem struct{ Vi, En string }

func (p *FileProblem) Error() string { return p.En }

// Unwrap makes it an invalid input for the handlers' error table.
func (p *FileProblem) Unwrap() error { return models.ErrInvalid }

// In is the problem in lang ("vi" unless "en").
func (p *FileProblem) In(lang string) string {
	if lang == "en" {
		return p.En
	}
	return p.Vi
}

// fileProblem presents a reader's or parser's refusal as a FileProblem.
func fileProblem(err error) error {
	var re *resolution.Error
	var de *docx.Error
	switch {
	case errors.As(err, &re):
		return &FileProblem{Vi: re.Vi, En: re.En}
	case errors.As(err, &de):
		return &FileProblem{Vi: de.Vi, En: de.En}
	}
	return &FileProblem{Vi: "không đọc được tệp", En: "the file could not be read"}
}

// Upload parses the file and stores a draft import with suggestions, or
// returns the earlier import of the same document.
func (s *ImportService) Upload(ctx context.Context, actor models.Actor, fileName, contentType string, data []byte) (ImportResult, error) {
	if err := core.Require(actor, models.ActWriteTasks); err != nil {
		return ImportResult{}, err
	}
	doc, err := ParseFile(fileName, data, s.maxBytes)
	if err != nil {
		return ImportResult{}, err
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	number := ""
	if doc.Number.Number != "" { // a draft's blank number names nothing
		number = doc.Number.Raw
	}
	same, err := s.Store.Imports().FindSame(ctx, actor.CommitteeID, hash, number)
	if err == nil {
		return ImportResult{Import: same, Existing: true}, nil
	}
	if !errors.Is(err, models.ErrNotFound) {
		return ImportResult{}, err
	}
	units, err := s.Store.Units().List(ctx, actor.CommitteeID)
	if err != nil {
		return ImportResult{}, err
	}
	areas, err := s.Store.Areas().List(ctx, actor.CommitteeID)
	if err != nil {
		return ImportResult{}, err
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return ImportResult{}, err
	}
	now := s.Now()
	imp := models.Import{
		ID: models.NewID(now), CommitteeID: actor.CommitteeID, Status: models.ImportDraft,
		FileName: cleanFileName(fileName), ContentType: contentType, FileSize: int64(len(data)), ContentHash: hash,
		DocNumber: number, Month: doc.TargetMonth, Document: raw, Items: suggest.Proposals(doc, units, areas),
		Version: 1, CreatedBy: actor.UserID, CreatedAt: now, UpdatedBy: actor.UserID, UpdatedAt: now,
	}
	if err := s.Store.Imports().Create(ctx, imp, data, s.Audit(actor, models.EntityImport, imp.ID, "create", nil, summary(imp))); err != nil {
		return ImportResult{}, err
	}
	return ImportResult{Import: imp}, nil
}

// summary is what the audit log keeps of an import: not the whole document.
func summary(imp models.Import) map[string]any {
	return map[string]any{"id": imp.ID, "status": imp.Status, "fileName": imp.FileName, "docNumber": imp.DocNumber,
		"month": imp.Month, "items": len(imp.Items), "version": imp.Version, "taskIds": imp.TaskIDs}
}

func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == "" {
		return "nghi-quyet"
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return core.NFC(name)
}

func (s *ImportService) Get(ctx context.Context, actor models.Actor, id models.ID) (models.Import, error) {
	if err := core.Require(actor, models.ActWriteTasks); err != nil {
		return models.Import{}, err
	}
	if err := core.CheckID("import", id); err != nil {
		return models.Import{}, err
	}
	return s.Store.Imports().Get(ctx, actor.CommitteeID, id)
}

func (s *ImportService) List(ctx context.Context, actor models.Actor) ([]models.Import, error) {
	if err := core.Require(actor, models.ActReadAllTasks); err != nil {
		return nil, err
	}
	return s.Store.Imports().List(ctx, actor.CommitteeID)
}

// File returns the original upload, kept with the month it planned.
func (s *ImportService) File(ctx context.Context, actor models.Actor, id models.ID) (models.Import, []byte, error) {
	if err := core.Require(actor, models.ActReadAllTasks); err != nil {
		return models.Import{}, nil, err
	}
	if err := core.CheckID("import", id); err != nil {
		return models.Import{}, nil, err
	}
	imp, err := s.Store.Imports().Get(ctx, actor.CommitteeID, id)
	if err != nil {
		return models.Import{}, nil, err
	}
	data, err := s.Store.Imports().File(ctx, actor.CommitteeID, id)
	return imp, data, err
}

// SaveItems replaces the proposed tasks with the reviewer's edited list:
// changed texts, areas, units and deadlines, dropped items, and items split
// in two (a new key such as "2.6.b").
func (s *ImportService) SaveItems(ctx context.Context, actor models.Actor, id models.ID, version int64, items []models.ImportItem) (models.Import, error) {
	old, err := s.Get(ctx, actor, id)
	if err != nil {
		return models.Import{}, err
	}
	if old.Status != models.ImportDraft {
		return models.Import{}, fmt.Errorf("import is %s: %w", old.Status, models.ErrTransition)
	}
	if version != old.Version {
		return models.Import{}, core.StaleVersion(version, old.Version)
	}
	if err := s.checkItems(ctx, actor, items, false); err != nil {
		return models.Import{}, err
	}
	imp := old
	imp.Items = items
	imp.Version++
	imp.UpdatedBy, imp.UpdatedAt = actor.UserID, s.Now()
	if err := s.Store.Imports().Update(ctx, imp, old.Version, s.Audit(actor, models.EntityImport, imp.ID, "edit", summary(old), summary(imp))); err != nil {
		return models.Import{}, err
	}
	return imp, nil
}

// checkItems validates a reviewer's list; forCommit also insists that
// every kept item has a lead unit and an area.
func (s *ImportService) checkItems(ctx context.Context, actor models.Actor, items []models.ImportItem, forCommit bool) error {
	p := models.Problems{}
	if len(items) > 500 {
		p.Add("items", "at most 500 items")
		return p.Err()
	}
	units, err := s.Store.Units().List(ctx, actor.CommitteeID)
	if err != nil {
		return err
	}
	areas, err := s.Store.Areas().List(ctx, actor.CommitteeID)
	if err != nil {
		return err
	}
	unitOK := map[models.ID]bool{}
	for _, u := range units {
		unitOK[u.ID] = true
	}
	areaOK := map[models.ID]bool{}
	for _, a := range areas {
		areaOK[a.ID] = true
	}
	keys := map[string]bool{}
	kept := 0
	for i := range items {
		it := &items[i]
		f := fmt.Sprintf("items[%d]", i)
		it.Text = core.NFC(models.CleanText(it.Text))
		it.NewAreaName = core.NFC(models.CleanText(it.NewAreaName))
		it.Condition = core.NFC(models.CleanText(it.Condition))
		if it.Key == "" || len(it.Key) > 20 || keys[it.Key] {
			p.Add(f+".key", "required and unique")
		}
		keys[it.Key] = true
		if it.CoordinatingUnitIDs == nil {
			it.CoordinatingUnitIDs = []models.ID{}
		}
		if it.Dropped {
			continue
		}
		kept++
		// The rules the task will be held to, so that what saves commits.
		models.CheckText(p, f+".text", it.Text, models.MaxTaskText)
		if it.NewAreaName != "" {
			models.CheckText(p, f+".newAreaName", it.NewAreaName, models.MaxAreaName)
		}
		switch {
		case it.AreaID != "" && !areaOK[it.AreaID]:
			p.Add(f+".areaId", "no such area")
		case it.AreaID == "" && it.NewAreaName == "" && forCommit:
			p.Add(f+".areaId", "choose an area")
		}
		if it.LeadUnitID != "" && !unitOK[it.LeadUnitID] {
			p.Add(f+".leadUnitId", "no such unit")
		} else if it.LeadUnitID == "" && forCommit {
			p.Add(f+".leadUnitId", "choose the lead unit")
		}
		for _, u := range it.CoordinatingUnitIDs {
			if !unitOK[u] || u == it.LeadUnitID {
				p.Add(f+".coordinatingUnitIds", "unknown unit, or the lead unit again")
			}
		}
		if it.FollowUpUnitID != "" && !unitOK[it.FollowUpUnitID] {
			p.Add(f+".followUpUnitId", "no such unit")
		}
		if it.Deadline != "" {
			if _, err := models.ParseDeadline(string(it.Deadline)); err != nil {
				p.Add(f+".deadline", "must be a real date YYYY-MM-DD")
			}
		}
	}
	if forCommit && kept == 0 {
		p.Add("items", "nothing left to create")
	}
	return p.Err()
}

// droppable refuses to discard an import whose tasks exist: a draft may
// go, and so may a commit that stopped before creating anything; one that
// created its tasks is finished by committing again.
func (s *ImportService) droppable(ctx context.Context, imp models.Import) error {
	switch imp.Status {
	case models.ImportDraft:
		return nil
	case models.ImportCommitting:
		created, err := s.anyCreated(ctx, imp)
		if err == nil && created {
			err = fmt.Errorf("its tasks exist; commit it again to finish: %w", models.ErrTransition)
		}
		return err
	}
	return fmt.Errorf("import is %s: %w", imp.Status, models.ErrTransition)
}

// Discard drops a draft, or a commit that stopped before creating any
// task; its file stays for the record.
func (s *ImportService) Discard(ctx context.Context, actor models.Actor, id models.ID, version int64) (models.Import, error) {
	old, err := s.Get(ctx, actor, id)
	if err != nil {
		return models.Import{}, err
	}
	if err := s.droppable(ctx, old); err != nil {
		return models.Import{}, err
	}
	if version != 0 && version != old.Version {
		return models.Import{}, core.StaleVersion(version, old.Version)
	}
	imp := old
	imp.Status = models.ImportDiscarded
	imp.Version++
	imp.UpdatedBy, imp.UpdatedAt = actor.UserID, s.Now()
	if err := s.Store.Imports().Update(ctx, imp, old.Version, s.Audit(actor, models.EntityImport, imp.ID, "discard", summary(old), summary(imp))); err != nil {
		return models.Import{}, err
	}
	return imp, nil
}

// IssuedElsewhere returns the body that issued imp's resolution when it
// is not the actor's committee (a neighbour's resolution uploaded by
// mistake), and "" when it is the committee's or says no issuer.
func (s *ImportService) IssuedElsewhere(ctx context.Context, actor models.Actor, imp models.Import) (string, error) {
	var doc struct {
		IssuingBody string `json:"issuingBody"`
	}
	if err := json.Unmarshal(imp.Document, &doc); err != nil || strings.TrimSpace(doc.IssuingBody) == "" {
		return "", nil // an unreadable or headless document: nothing to warn of
	}
	c, _, err := s.Committees.Get(ctx, actor.CommitteeID)
	if err != nil {
		return "", err
	}
	if models.Fold(doc.IssuingBody) == models.Fold(c.Name) {
		return "", nil
	}
	return doc.IssuingBody, nil
}
