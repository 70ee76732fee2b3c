package handlers

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/imports"
	"github.com/theodoi/theodoi/web"
)

// The import pages: upload a resolution, review the proposed tasks, then
// create them. The services decide who may do what (leaders); these
// handlers turn forms into service calls and errors into pages.

type importsView struct {
	web.Layout
	CanUpload bool
	CanReview bool
	FileError string
	Imports   []importRow
}

type importRow struct {
	ID, FileName, Number, Month, Status, StatusCode, Date string
}

func (p *pages) imports(c *gin.Context) {
	p.renderImports(c, http.StatusOK, "")
}

// renderImports shows the list and the upload form, with fileError next
// to the file input.
func (p *pages) renderImports(c *gin.Context, status int, fileError string) {
	ctx, a := c.Request.Context(), actor(c)
	imps, err := p.svc.Imports.List(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	committee, err := p.svc.Committees.Get(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	loc := committee.Location()
	mayWrite := models.Can(a.Role, models.ActWriteTasks)
	v := importsView{Layout: p.layout(c, "imports.title", "imports"), CanUpload: mayWrite, CanReview: mayWrite, FileError: fileError}
	v.Notice = p.notice(c, nil)
	for _, imp := range imps {
		v.Imports = append(v.Imports, importRow{
			ID: string(imp.ID), FileName: imp.FileName, Number: p.docNumber(c, imp),
			Month: orText(monthLabel(imp.Month), p.t(c, "review.unknown")), Status: p.t(c, "status."+string(imp.Status)),
			StatusCode: string(imp.Status), Date: imp.CreatedAt.In(loc).Format("02/01/2006"),
		})
	}
	p.render(c, status, "imports", v)
}

// upload reads the resolution and shows its review page. The same
// document again leads to the earlier import, with a notice.
func (p *pages) upload(c *gin.Context) {
	up, err := readUpload(c, p.opts.ImportMaxBytes)
	switch {
	case errors.Is(err, errTooLarge):
		p.renderImports(c, http.StatusRequestEntityTooLarge, p.t(c, "file.too_large", p.opts.ImportMaxBytes>>20))
		return
	case err != nil:
		p.renderImports(c, http.StatusUnprocessableEntity, p.t(c, "file.missing"))
		return
	}
	defer up.Close()
	data, err := up.Bytes()
	if err != nil {
		p.fail(c, err)
		return
	}
	res, err := p.svc.Imports.Upload(c.Request.Context(), actor(c), up.Name, up.ContentType, data)
	var fp *imports.FileProblem
	switch {
	case errors.As(err, &fp):
		p.renderImports(c, http.StatusUnprocessableEntity, fp.In(language(c)))
		return
	case err != nil:
		p.fail(c, err)
		return
	}
	notice := ""
	if res.Existing {
		notice = "existing"
	}
	c.Redirect(http.StatusSeeOther, reviewURL(res.Import.ID, notice))
}

// openableImports are the committee's imports, newest first, for people
// who may open them (pages link to them); none for the others.
func (p *pages) openableImports(c *gin.Context) ([]models.Import, error) {
	a := actor(c)
	if !models.Can(a.Role, models.ActWriteTasks) {
		return nil, nil
	}
	return p.svc.Imports.List(c.Request.Context(), a)
}

func reviewURL(id models.ID, notice string) string {
	u := "/imports/" + string(id)
	if notice != "" {
		u += "?notice=" + notice
	}
	return u
}

func (p *pages) review(c *gin.Context) {
	imp, err := p.svc.Imports.Get(c.Request.Context(), actor(c), pathID(c))
	if err != nil {
		p.fail(c, err)
		return
	}
	v, err := p.reviewPage(c, imp, imp.Items, nil)
	if err != nil {
		p.fail(c, err)
		return
	}
	v.Notice = p.notice(c, &imp)
	p.render(c, http.StatusOK, "review", v)
}

// saveItems stores the edited list; with problems, the page comes back
// with the reviewer's input and nothing is saved.
func (p *pages) saveItems(c *gin.Context) {
	imp, items, ok := p.readItems(c)
	if !ok {
		return
	}
	if !sameItems(imp.Items, items) {
		if _, err := p.svc.Imports.SaveItems(c.Request.Context(), actor(c), imp.ID, imp.Version, items); err != nil {
			p.itemsFailed(c, imp, items, err, -1)
			return
		}
	}
	c.Redirect(http.StatusSeeOther, reviewURL(imp.ID, "saved"))
}

// splitItem saves the form and duplicates one item as key+".b" (or the
// next free letter), to be edited into two tasks.
func (p *pages) splitItem(c *gin.Context) {
	imp, items, ok := p.readItems(c)
	if !ok {
		return
	}
	key := c.Param("key")
	at := slices.IndexFunc(items, func(it models.ImportItem) bool { return it.Key == key })
	if at < 0 {
		p.fail(c, fmt.Errorf("import %s item %q: %w", imp.ID, key, models.ErrNotFound))
		return
	}
	dup := items[at]
	dup.Key = splitKey(key, items)
	// Cut the text where the reviewer chose; without a choice, both halves
	// start as the whole text, to be edited.
	if cut, err := strconv.Atoi(c.PostForm(fmt.Sprintf("items[%d].splitAt", at))); err == nil && slices.Contains(splitPoints(items[at].Text), cut) {
		text := items[at].Text
		items[at].Text, dup.Text = strings.TrimSpace(text[:cut]), strings.TrimSpace(text[cut:])
	}
	dup.CoordinatingUnitIDs = slices.Clone(dup.CoordinatingUnitIDs)
	dup.Flags, dup.Footnotes = slices.Clone(dup.Flags), slices.Clone(dup.Footnotes)
	split := slices.Insert(slices.Clone(items), at+1, dup)
	if _, err := p.svc.Imports.SaveItems(c.Request.Context(), actor(c), imp.ID, imp.Version, split); err != nil {
		p.itemsFailed(c, imp, items, err, at)
		return
	}
	c.Redirect(http.StatusSeeOther, reviewURL(imp.ID, "split")+"#item-"+strconv.Itoa(at+1))
}

var splitSuffix = regexp.MustCompile(`\.[b-z]$`)

// splitKey names the new half of key: "2.6" → "2.6.b"; splitting "2.6.b"
// again gives "2.6.c", not "2.6.b.b".
func splitKey(key string, items []models.ImportItem) string {
	base, from := key, 'b'
	if splitSuffix.MatchString(key) {
		base, from = key[:len(key)-2], rune(key[len(key)-1])+1
	}
	for l := from; l <= 'z'; l++ {
		k := base + "." + string(l)
		if !slices.ContainsFunc(items, func(it models.ImportItem) bool { return it.Key == k }) {
			return k
		}
	}
	return key + ".b" // 25 splits of one item: let validation refuse the repeat
}

// commit creates the tasks. Posted from the review form, it saves the
// edits first; posted with only a version, it commits what is stored.
func (p *pages) commit(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	ctx, a, id := c.Request.Context(), actor(c), pathID(c)
	var version int64
	if c.PostForm("items[0].key") != "" {
		imp, items, ok := p.readItems(c)
		if !ok {
			return
		}
		version = imp.Version
		if !sameItems(imp.Items, items) {
			saved, err := p.svc.Imports.SaveItems(ctx, a, imp.ID, imp.Version, items)
			if err != nil {
				p.itemsFailed(c, imp, items, err, -1)
				return
			}
			version = saved.Version
		}
	} else {
		var ok bool
		if version, ok = p.formVersion(c); !ok {
			return
		}
	}
	if _, err := p.svc.Imports.Commit(ctx, a, id, version); err != nil {
		var ve *models.ValidationError
		if !errors.As(err, &ve) {
			p.fail(c, err)
			return
		}
		imp, gerr := p.svc.Imports.Get(ctx, a, id)
		if gerr != nil {
			p.fail(c, gerr)
			return
		}
		p.itemsFailed(c, imp, imp.Items, err, -1)
		return
	}
	c.Redirect(http.StatusSeeOther, reviewURL(id, "committed"))
}

func (p *pages) discard(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	version, ok := p.formVersion(c)
	if !ok {
		return
	}
	if _, err := p.svc.Imports.Discard(c.Request.Context(), actor(c), pathID(c), version); err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/imports?notice=discarded")
}

// parseForm reads a url-encoded body; gin's PostForm would hide a body
// that was cut off at the size limit.
func (p *pages) parseForm(c *gin.Context) bool {
	if err := c.Request.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			p.fail(c, errTooLarge)
		} else {
			p.fail(c, &badRequest{detail: "malformed form"})
		}
		return false
	}
	return true
}

func (p *pages) formVersion(c *gin.Context) (int64, bool) {
	v, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil || v < 1 {
		p.fail(c, &badRequest{detail: "version"})
		return 0, false
	}
	return v, true
}

// readItems builds the edited list from the review form over the stored
// import: fields the form does not show (source, suggestion, flags,
// footnotes, deadline reason) are kept. A form made from another version
// is refused as a conflict, before anything is read from it.
func (p *pages) readItems(c *gin.Context) (models.Import, []models.ImportItem, bool) {
	if !p.parseForm(c) {
		return models.Import{}, nil, false
	}
	imp, err := p.svc.Imports.Get(c.Request.Context(), actor(c), pathID(c))
	if err != nil {
		p.fail(c, err)
		return models.Import{}, nil, false
	}
	if imp.Status != models.ImportDraft {
		p.fail(c, fmt.Errorf("import is %s: %w", imp.Status, models.ErrTransition))
		return models.Import{}, nil, false
	}
	version, ok := p.formVersion(c)
	if !ok {
		return models.Import{}, nil, false
	}
	stale := fmt.Errorf("import %s: the form is of version %d, the stored import %d: %w", imp.ID, version, imp.Version, models.ErrConflict)
	if version != imp.Version {
		p.fail(c, stale)
		return models.Import{}, nil, false
	}
	byName, err := p.unitsByName(c)
	if err != nil {
		p.fail(c, err)
		return models.Import{}, nil, false
	}
	bad := models.Problems{}
	items := make([]models.ImportItem, len(imp.Items))
	for i, old := range imp.Items {
		f := fmt.Sprintf("items[%d].", i)
		if c.PostForm(f+"key") != old.Key {
			p.fail(c, stale)
			return models.Import{}, nil, false
		}
		it := old
		it.Text = strings.TrimSpace(strings.ReplaceAll(c.PostForm(f+"text"), "\r\n", "\n"))
		switch area := c.PostForm(f + "areaId"); area {
		case "":
			it.AreaID, it.NewAreaName = "", ""
		case newAreaValue:
			it.AreaID = ""
		default:
			it.AreaID = models.ID(area)
		}
		it.LeadUnitID = formUnit(c, f, "lead", "leadUnitId", byName, bad)
		it.CoordinatingUnitIDs = []models.ID{}
		for _, u := range c.PostFormArray(f + "coordinatingUnitIds") {
			// The lead is not also a coordinator: changing the lead to a
			// ticked coordinator just moves it.
			if id := models.ID(u); id != "" && id != it.LeadUnitID && !slices.Contains(it.CoordinatingUnitIDs, id) {
				it.CoordinatingUnitIDs = append(it.CoordinatingUnitIDs, id)
			}
		}
		it.FollowUpUnitID = formUnit(c, f, "followUp", "followUpUnitId", byName, bad)
		it.Deadline = models.Date(models.DateInput(c.PostForm(f + "deadline")))
		it.Dropped = c.PostForm(f+"dropped") != ""
		items[i] = it
	}
	if len(bad) > 0 {
		p.itemsFailed(c, imp, items, bad.Err(), -1)
		return models.Import{}, nil, false
	}
	return imp, items, true
}

// unitsByName finds the committee's units by the name a reviewer picked
// from the page's list (case and spacing aside).
func (p *pages) unitsByName(c *gin.Context) (map[string]models.ID, error) {
	units, err := p.svc.Units.List(c.Request.Context(), actor(c))
	if err != nil {
		return nil, err
	}
	out := map[string]models.ID{}
	for _, u := range units {
		out[models.Fold(u.Name)] = u.ID
	}
	return out, nil
}

// formUnit reads an item's unit field: a unit's name (the page's inputs,
// field byName) or its id (field byID, for forms that post ids). A name
// the committee does not have is a problem of the id field, which is how
// the service names it too.
func formUnit(c *gin.Context, prefix, byNameField, byIDField string, byName map[string]models.ID, bad models.Problems) models.ID {
	if vals, ok := c.GetPostFormArray(prefix + byNameField); ok && len(vals) > 0 {
		name := strings.TrimSpace(vals[0])
		if name == "" {
			return ""
		}
		if id, ok := byName[models.Fold(name)]; ok {
			return id
		}
		bad.Add(prefix+byIDField, "no such unit")
		return ""
	}
	return models.ID(c.PostForm(prefix + byIDField))
}

// newAreaValue selects the area the importer proposed to create.
const newAreaValue = "new"

// sameItems tells whether saving would change nothing, so a plain commit
// does not write an empty edit to the audit log.
func sameItems(a, b []models.ImportItem) bool {
	norm := func(items []models.ImportItem) []models.ImportItem {
		out := slices.Clone(items)
		for i := range out {
			if out[i].CoordinatingUnitIDs == nil {
				out[i].CoordinatingUnitIDs = []models.ID{}
			}
		}
		return out
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// itemsFailed shows the review page again with the reviewer's items and
// the problems next to them; other errors get an error page. splitAt ≥ 0
// means the problems were found on the list with a copy of item splitAt
// inserted after it, so they are moved back onto the list shown.
func (p *pages) itemsFailed(c *gin.Context, imp models.Import, items []models.ImportItem, err error, splitAt int) {
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		p.fail(c, err)
		return
	}
	fields := ve.Fields
	if splitAt >= 0 {
		fields = map[string]string{}
		for f, msg := range ve.Fields {
			if i, sub, ok := itemField(f); ok && i > splitAt {
				f = fmt.Sprintf("items[%d].%s", i-1, sub)
			}
			if _, dup := fields[f]; !dup {
				fields[f] = msg
			}
		}
	}
	v, rerr := p.reviewPage(c, imp, items, fields)
	if rerr != nil {
		p.fail(c, rerr)
		return
	}
	p.render(c, http.StatusUnprocessableEntity, "review", v)
}

var itemFieldPattern = regexp.MustCompile(`^items\[(\d+)\]\.(\w+)$`)

// itemField takes "items[3].leadUnitId" apart.
func itemField(f string) (int, string, bool) {
	m := itemFieldPattern.FindStringSubmatch(f)
	if m == nil {
		return 0, "", false
	}
	i, err := strconv.Atoi(m[1])
	return i, m[2], err == nil
}

func areaOptions(lang string, areas []models.Area, it models.ImportItem) []option {
	opts := []option{{Value: "", Label: web.T(lang, "review.area.choose"), Selected: it.AreaID == "" && it.NewAreaName == ""}}
	if it.NewAreaName != "" {
		opts = append(opts, option{Value: newAreaValue, Label: web.T(lang, "review.area.new", it.NewAreaName), Selected: it.AreaID == ""})
	}
	known := false
	for _, a := range areas {
		known = known || a.ID == it.AreaID
		opts = append(opts, option{Value: string(a.ID), Label: a.Name, Selected: a.ID == it.AreaID})
	}
	if it.AreaID != "" && !known { // keep an unknown choice visible, validation names it
		opts = append(opts, option{Value: string(it.AreaID), Label: web.T(lang, "review.unknown"), Selected: true})
	}
	return opts
}

// unitOptions lists the active units (and any inactive one already
// chosen); empty, when given, is the first choice meaning none.
func unitOptions(units []models.Unit, chosen []models.ID, empty string) []option {
	var opts []option
	if empty != "" {
		opts = append(opts, option{Value: "", Label: empty, Selected: len(chosen) == 0 || chosen[0] == ""})
	}
	known := map[models.ID]bool{}
	for _, u := range units {
		sel := slices.Contains(chosen, u.ID)
		known[u.ID] = true
		if u.Active || sel {
			opts = append(opts, option{Value: string(u.ID), Label: u.Name, Selected: sel})
		}
	}
	for _, id := range chosen {
		if id != "" && !known[id] {
			opts = append(opts, option{Value: string(id), Label: string(id), Selected: true})
		}
	}
	return opts
}

func coordSummary(lang string, ids []models.ID, names map[models.ID]string) string {
	var out []string
	for _, id := range ids {
		out = append(out, orText(names[id], string(id)))
	}
	if len(out) == 0 {
		return web.T(lang, "review.coord.none")
	}
	return strings.Join(out, ", ")
}

func suggestionNote(lang string, s models.Suggestion, names map[models.ID]string) string {
	switch {
	case s.LeadUnitID != "":
		name, pct := orText(names[s.LeadUnitID], string(s.LeadUnitID)), int(math.Round(s.LeadConfidence*100))
		if strings.Contains(s.LeadReason, name) { // "từ khóa: GPMB → UBND phường" names it already
			return web.T(lang, "review.suggest.reason", pct, s.LeadReason)
		}
		return web.T(lang, "review.suggest", name, s.LeadReason, pct)
	case s.LeadReason != "":
		return web.T(lang, "review.suggest.none", s.LeadReason)
	}
	return ""
}

func deadlineReason(lang, reason string) string {
	if reason == "" {
		return ""
	}
	if key := "deadline." + reason; web.Has(key) {
		reason = web.T(lang, key)
	}
	return web.T(lang, "review.deadline.reason", reason)
}

func flagLabels(lang string, it models.ImportItem) []string {
	var out []string
	for _, f := range it.Flags {
		if key := "flag." + f; web.Has(key) {
			f = web.T(lang, key)
		}
		out = append(out, f)
	}
	if it.Continues {
		out = append(out, web.T(lang, "flag.continues"))
	}
	return out
}

// fieldMessage says a service's problem with field in the page's language;
// a message we have no words for is shown as the service wrote it.
func fieldMessage(lang, field, msg string) string {
	key := "field." + field
	if strings.HasPrefix(msg, "choose") && web.Has(key+".missing") {
		return web.T(lang, key+".missing")
	}
	if web.Has(key) {
		return web.T(lang, key)
	}
	return msg
}

var fieldLabels = map[string]string{
	"text": "review.text", "areaId": "review.area", "leadUnitId": "review.lead",
	"coordinatingUnitIds": "review.coord", "followUpUnitId": "review.followup", "deadline": "review.deadline",
}

func fieldLabel(lang, field string) string {
	if key, ok := fieldLabels[field]; ok {
		return web.T(lang, key)
	}
	return field
}

func (p *pages) docNumber(c *gin.Context, imp models.Import) string {
	return orText(imp.DocNumber, p.t(c, "imports.draft_number"))
}

// monthLabel writes "2021-10" as "10/2021"; "" for anything else.
func monthLabel(m models.Month) string {
	t, err := time.Parse("2006-01", string(m))
	if err != nil {
		return ""
	}
	return t.Format("01/2006")
}

// dateLabel writes "2021-09-23" as "23/09/2021"; "" for anything else.
func dateLabel(d models.Date) string {
	t, err := time.Parse("2006-01-02", string(d))
	if err != nil {
		return ""
	}
	return t.Format("02/01/2006")
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
