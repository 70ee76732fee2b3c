package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/internal/standard"
	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/web"
)

// The first-run setup page (/setup?token=…): while the store holds no
// committee, the one-time link the server prints opens a form that makes
// the committee, its units and areas and its first administrator in one
// go (directory.SetupService, all or nothing), then signs the
// administrator in. Any other visit answers "not found".

// setupDefaultLevel is the level the unit names start at: theodoi is made
// for ward committees. Names left as they were follow the level the
// committee name says when the form is posted.
const setupDefaultLevel = "phường"

// setupForm is the page's form as posted. Unit rows come as parallel
// lists (the template key and the name of every row, the keys of the
// ticked rows); area rows likewise, by row number.
type setupForm struct {
	committeeForm
	Token         string   `form:"token"`
	Level         string   `form:"level"`
	UnitKey       []string `form:"unitKey"`
	UnitName      []string `form:"unitName"`
	UnitKeep      []string `form:"unitKeep"`
	Cells         string   `form:"cells"`
	Others        string   `form:"others"`
	AreaName      []string `form:"areaName"`
	AreaKeep      []string `form:"areaKeep"`
	AreasExtra    string   `form:"areasExtra"`
	AdminName     string   `form:"adminName"`
	AdminEmail    string   `form:"adminEmail"`
	AdminPassword string   `form:"adminPassword"`
	AdminRepeat   string   `form:"adminRepeat"`
}

// setupUnitRow is one unit of the standard template on the page.
type setupUnitRow struct {
	Key     string
	Name    string // as shown (and posted)
	Kind    models.UnitKind
	Aliases []string
	Keep    bool
	Err     string
}

// KindKey names the row's kind in the catalog.
func (r setupUnitRow) KindKey() string { return "admin.kind." + string(r.Kind) }

// AliasList is the abbreviations, for the row's note.
func (r setupUnitRow) AliasList() string { return strings.Join(r.Aliases, ", ") }

// setupAreaRow is one standard area on the page; N counts from 1.
type setupAreaRow struct {
	N    int
	Name string
	Keep bool
	Err  string
}

// setupProblem is one line of the summary above the form; ID is the field
// it links to ("" when there is none).
type setupProblem struct {
	ID, Label, Text string
}

type setupView struct {
	web.Layout
	Token       string
	Level       string
	Form        setupForm
	Zones       []string
	Units       []setupUnitRow
	Areas       []setupAreaRow
	Err         fieldErrors // by form field name
	Problems    []setupProblem
	MinPassword int
	// Again says the passwords were not sent back and must be typed again.
	Again bool
}

func (p *pages) setupPage(c *gin.Context) {
	token := c.Query("token")
	if err := p.svc.Setup.CheckToken(c.Request.Context(), token); err != nil {
		p.fail(c, err)
		return
	}
	f := setupForm{committeeForm: committeeFormOf(models.Committee{IssuerCode: "ĐU", TimeZone: models.DefaultTimeZone})}
	v := p.newSetupView(c, token, setupDefaultLevel, f)
	for _, u := range standard.Units(setupDefaultLevel) {
		v.Units = append(v.Units, setupUnitRow{Key: u.Key, Name: u.Name, Kind: u.Kind, Aliases: u.Aliases, Keep: true})
	}
	for i, a := range standard.Areas() {
		v.Areas = append(v.Areas, setupAreaRow{N: i + 1, Name: a, Keep: true})
	}
	p.renderSetup(c, http.StatusOK, v)
}

func (p *pages) newSetupView(c *gin.Context, token, level string, f setupForm) setupView {
	v := setupView{Layout: p.layout(c, "setup.title", ""), Token: token, Level: level, Form: f, MinPassword: directory.MinPasswordLen}
	// A post has no referrer (this page sends none): the language switch
	// comes back to the form's own address.
	v.Here = "/setup?token=" + url.QueryEscape(token)
	v.Zones = timeZones
	if f.TimeZone != "" && !slices.Contains(timeZones, f.TimeZone) {
		v.Zones = append(slices.Clip(timeZones), f.TimeZone)
	}
	return v
}

// renderSetup writes the page, whose form carries the token: no
// compression and no referrer, so the token does not leak.
func (p *pages) renderSetup(c *gin.Context, status int, v setupView) {
	p.renderWithToken(c, status, "setup", v)
}

// unitOrigin says where the n-th unit of the input came from, to put its
// problems back there: a template row, or a line of a textarea.
type unitOrigin struct {
	row   int    // index into the unit (or area) rows, or -1
	field string // "cells", "others" or "areasExtra" for a line
	line  string
}

func (p *pages) setup(c *gin.Context) {
	var f setupForm
	if !bindPageForm(p, c, &f) {
		return
	}
	ctx, lang := c.Request.Context(), language(c)
	if err := p.svc.Setup.CheckToken(ctx, f.Token); err != nil {
		p.fail(c, err)
		return
	}
	shown := standard.LevelOf(f.Level)
	level := shown
	if strings.TrimSpace(f.Name) != "" {
		level = standard.LevelOf(f.Name)
	}
	units, ok := setupUnitRows(f, shown, level)
	areas, aok := setupAreaRows(f)
	if !ok || !aok {
		p.fail(c, &badRequest{detail: "malformed setup form"})
		return
	}
	f.AdminName, f.AdminEmail = strings.TrimSpace(f.AdminName), strings.TrimSpace(f.AdminEmail)
	in, unitFrom, areaFrom := setupInput(f, units, areas, lang)

	v := p.newSetupView(c, f.Token, level, f)
	v.Units, v.Areas = units, areas
	v.Form.AdminPassword, v.Form.AdminRepeat = "", ""

	// The repeat is the page's own check; the service is asked only when
	// it passes, so the admin's other fields are checked here too, by the
	// same model rule, to report the whole step at once.
	mine := fieldErrors{}
	switch {
	case f.AdminPassword == "":
		mine["admin.password"] = web.T(lang, "admin.problem.required")
	case f.AdminPassword != f.AdminRepeat:
		mine["admin.passwordRepeat"] = web.T(lang, "setup.problem.repeat")
	}
	if len(mine) > 0 {
		admin := models.User{Name: f.AdminName, Email: f.AdminEmail, Role: models.RoleAdmin, Language: lang}
		var ve *models.ValidationError
		if errors.As(admin.Validate(), &ve) {
			for k, msg := range ve.Fields {
				mine["admin."+k] = problemText(lang, msg)
			}
		}
	} else if _, err := p.svc.Setup.CreateWithToken(ctx, f.Token, in); err != nil {
		var ve *models.ValidationError
		if !errors.As(err, &ve) {
			p.fail(c, err) // a link used meanwhile is "not found"
			return
		}
		mine = setupProblemTexts(lang, err, ve)
	}
	if len(mine) > 0 {
		v.placeProblems(lang, mine, unitFrom, areaFrom)
		v.Alert = web.T(lang, "setup.not_saved")
		v.Again = true
		p.renderSetup(c, http.StatusUnprocessableEntity, v)
		return
	}

	token, _, err := p.svc.Auth.Login(ctx, in.Admin.Email, f.AdminPassword, c.ClientIP())
	if err != nil {
		// Set up, but not signed in (a rate limit): the sign-in page works.
		c.Redirect(http.StatusSeeOther, "/login")
		return
	}
	setSessionCookie(c, p.opts, token)
	c.Redirect(http.StatusSeeOther, "/admin")
}

// setupUnitRows reads the template rows back. A name left as the page
// showed it takes the template's name for the committee's level; aliases
// and kinds always come from the template, by key. ok is false for a
// form the page did not make (unknown or repeated keys, lists of
// different lengths).
func setupUnitRows(f setupForm, shown, level string) ([]setupUnitRow, bool) {
	if len(f.UnitKey) != len(f.UnitName) {
		return nil, false
	}
	before := map[string]standard.Unit{}
	for _, u := range standard.Units(shown) {
		before[u.Key] = u
	}
	now := map[string]standard.Unit{}
	for _, u := range standard.Units(level) {
		now[u.Key] = u
	}
	rows := make([]setupUnitRow, 0, len(f.UnitKey))
	for i, key := range f.UnitKey {
		t, known := now[key]
		if !known || slices.ContainsFunc(rows, func(r setupUnitRow) bool { return r.Key == key }) {
			return nil, false
		}
		name := strings.TrimSpace(norm.NFC.String(f.UnitName[i]))
		if name == before[key].Name {
			name = t.Name
		}
		rows = append(rows, setupUnitRow{Key: key, Name: name, Kind: t.Kind, Aliases: t.Aliases, Keep: slices.Contains(f.UnitKeep, key)})
	}
	return rows, true
}

// setupAreaRows reads the standard areas back; ok is false when their
// number is not the page's.
func setupAreaRows(f setupForm) ([]setupAreaRow, bool) {
	if len(f.AreaName) != len(standard.Areas()) {
		return nil, false
	}
	rows := make([]setupAreaRow, len(f.AreaName))
	for i, name := range f.AreaName {
		rows[i] = setupAreaRow{N: i + 1, Name: strings.TrimSpace(name), Keep: slices.Contains(f.AreaKeep, strconv.Itoa(i+1))}
	}
	return rows, true
}

// setupInput is the form for the service, with where each unit and area
// came from.
func setupInput(f setupForm, units []setupUnitRow, areas []setupAreaRow, lang string) (directory.SetupInput, []unitOrigin, []unitOrigin) {
	in := directory.SetupInput{
		Committee: models.Committee{
			Name: f.Name, SuperiorBody: f.SuperiorBody, PlaceName: f.PlaceName,
			IssuerCode: f.IssuerCode, TimeZone: f.TimeZone, Documents: *f.documents(),
		},
		Admin: directory.UserInput{Name: f.AdminName, Email: f.AdminEmail, Password: f.AdminPassword, PasswordFinal: true, Language: lang},
	}
	var unitFrom, areaFrom []unitOrigin
	for i, r := range units {
		if r.Keep {
			in.Units = append(in.Units, directory.UnitInput{Kind: r.Kind, Name: r.Name, Aliases: r.Aliases})
			unitFrom = append(unitFrom, unitOrigin{row: i})
		}
	}
	for _, line := range nonBlankLines(f.Cells) {
		in.Units = append(in.Units, directory.UnitInput{Kind: models.UnitPartyCell, Name: cellName(line)})
		unitFrom = append(unitFrom, unitOrigin{row: -1, field: "cells", line: line})
	}
	for _, line := range nonBlankLines(f.Others) {
		in.Units = append(in.Units, directory.UnitInput{Kind: models.UnitOther, Name: line})
		unitFrom = append(unitFrom, unitOrigin{row: -1, field: "others", line: line})
	}
	for i, r := range areas {
		if r.Keep {
			in.Areas = append(in.Areas, r.Name)
			areaFrom = append(areaFrom, unitOrigin{row: i})
		}
	}
	for _, line := range nonBlankLines(f.AreasExtra) {
		in.Areas = append(in.Areas, line)
		areaFrom = append(areaFrom, unitOrigin{row: -1, field: "areasExtra", line: line})
	}
	return in, unitFrom, areaFrom
}

// cellName is a chi bộ's name as typed, with "Chi bộ " in front unless it
// is there already (in any case).
func cellName(line string) string {
	line = norm.NFC.String(line)
	if strings.HasPrefix(strings.ToLower(line), "chi bộ") {
		return line
	}
	return "Chi bộ " + line
}

// setupProblemTexts are the service's problems in the page's language, by
// the service's field names.
func setupProblemTexts(lang string, err error, ve *models.ValidationError) fieldErrors {
	out, _ := committeeProblems(lang, err)
	if out == nil {
		out = fieldErrors{}
	}
	for field, msg := range ve.Fields {
		var n int
		switch {
		case strings.HasPrefix(msg, "a committee with this name"):
			out[field] = web.T(lang, "setup.problem.name_taken")
		case msg == "listed twice":
			out[field] = web.T(lang, "setup.problem.twice")
		case strings.HasSuffix(msg, " characters") && strings.HasPrefix(msg, "at least "):
			out[field] = web.T(lang, "setup.problem.password_short", directory.MinPasswordLen)
		case strings.HasSuffix(msg, " characters") && strings.HasPrefix(msg, "at most "):
			out[field] = web.T(lang, "admin.problem.too_long")
		case !strings.HasPrefix(field, "documents.") && isAtMost(msg, &n):
			out[field] = web.T(lang, "setup.problem.at_most", n)
		}
	}
	return out
}

// isAtMost reads a bare "at most 50".
func isAtMost(msg string, n *int) bool {
	_, err := fmt.Sscanf(msg, "at most %d", n)
	return err == nil && msg == fmt.Sprintf("at most %d", *n)
}

// setupFields are the form's own fields in page order: the service's
// field name, the form's (which Err is keyed by), the input's id and its
// label.
var setupFields = []struct{ service, form, id, label string }{
	{"name", "name", "su-name", "admin.committee.name"},
	{"superiorBody", "superiorBody", "su-superior", "admin.committee.superior"},
	{"placeName", "placeName", "su-place", "admin.committee.place"},
	{"issuerCode", "issuerCode", "su-issuer", "admin.committee.issuer"},
	{"timeZone", "timeZone", "su-zone", "admin.committee.zone"},
	{"documents.resolutionSigner.titles", "resolutionSignerTitles", "su-resolution-titles", "committee.signer.titles"},
	{"documents.resolutionSigner.name", "resolutionSignerName", "su-resolution-name", "committee.signer.name"},
	{"documents.resolutionRecipients", "resolutionRecipients", "su-resolution-recipients", "committee.recipients"},
	{"documents.reportSigner.titles", "reportSignerTitles", "su-report-titles", "committee.signer.titles"},
	{"documents.reportSigner.name", "reportSignerName", "su-report-name", "committee.signer.name"},
	{"documents.reportRecipients", "reportRecipients", "su-report-recipients", "committee.recipients"},
	{"", "cells", "su-cells", "setup.cells"},
	{"", "others", "su-others", "setup.others"},
	{"", "areasExtra", "su-areas-extra", "setup.areas.extra"},
	{"admin.name", "adminName", "su-admin-name", "admin.user.name"},
	{"admin.email", "adminEmail", "su-admin-email", "admin.user.email"},
	{"admin.password", "adminPassword", "su-admin-password", "setup.admin.password"},
	{"admin.passwordRepeat", "adminRepeat", "su-admin-repeat", "setup.admin.repeat"},
}

// placeProblems puts each problem (texts by the service's field names)
// next to its field: "units[i]…" and "areas[i]" on the row or the
// textarea line they came from, the lists' own limits on their
// textareas; and lists them all, in page order, for the summary.
func (v *setupView) placeProblems(lang string, texts fieldErrors, unitFrom, areaFrom []unitOrigin) {
	v.Err = fieldErrors{}
	lines := map[string][]string{} // textarea → its lines' problems, in order
	placed := map[string]bool{}
	place := func(field, text string, from []unitOrigin, i int, rows func(int, string)) {
		placed[field] = true
		if i < 0 || i >= len(from) {
			return
		}
		if o := from[i]; o.row >= 0 {
			rows(o.row, text)
		} else {
			lines[o.field] = append(lines[o.field], web.T(lang, "setup.line_problem", o.line, text))
		}
	}
	for _, field := range sortedIndexed(texts) {
		text := texts[field]
		switch name, i, ok := indexedField(field); {
		case ok && name == "units":
			place(field, text, unitFrom, i, func(r int, s string) {
				if v.Units[r].Err == "" || strings.HasSuffix(field, ".name") { // the name's problem first
					v.Units[r].Err = s
				}
			})
		case ok && name == "areas":
			place(field, text, areaFrom, i, func(r int, s string) { v.Areas[r].Err = s })
		}
	}
	if s, ok := texts["units"]; ok {
		lines["others"], placed["units"] = append(lines["others"], s), true
	}
	if s, ok := texts["areas"]; ok {
		lines["areasExtra"], placed["areas"] = append(lines["areasExtra"], s), true
	}
	for form, list := range lines {
		v.Err[form] = strings.Join(list, " ")
	}

	for _, f := range setupFields {
		switch f.form { // the rows stand above their step's textareas
		case "cells":
			for _, r := range v.Units {
				if r.Err != "" {
					v.Problems = append(v.Problems, setupProblem{ID: "su-unit-" + r.Key, Label: r.Name, Text: r.Err})
				}
			}
		case "areasExtra":
			for _, r := range v.Areas {
				if r.Err != "" {
					v.Problems = append(v.Problems, setupProblem{ID: "su-area-" + strconv.Itoa(r.N), Label: web.T(lang, "setup.area.name", r.N), Text: r.Err})
				}
			}
		}
		if s, ok := texts[f.service]; ok && f.service != "" {
			v.Err[f.form], placed[f.service] = s, true
		}
		if s := v.Err[f.form]; s != "" {
			v.Problems = append(v.Problems, setupProblem{ID: f.id, Label: web.T(lang, f.label), Text: s})
		}
	}
	// Anything else (no field of this page) is still said, without a link.
	var rest []string
	for field := range texts {
		if !placed[field] {
			rest = append(rest, field)
		}
	}
	sort.Strings(rest)
	for _, field := range rest {
		v.Problems = append(v.Problems, setupProblem{Text: texts[field]})
	}
}

// indexedField splits "units[3].name" into "units" and 3.
func indexedField(field string) (string, int, bool) {
	name, rest, ok := strings.Cut(field, "[")
	if !ok {
		return "", 0, false
	}
	num, _, ok := strings.Cut(rest, "]")
	i, err := strconv.Atoi(num)
	if !ok || err != nil {
		return "", 0, false
	}
	return name, i, true
}

// sortedIndexed is the fields in order, with indexes compared as numbers
// (units[2] before units[10]).
func sortedIndexed(texts fieldErrors) []string {
	fields := make([]string, 0, len(texts))
	for f := range texts {
		fields = append(fields, f)
	}
	sort.Slice(fields, func(a, b int) bool {
		na, ia, oka := indexedField(fields[a])
		nb, ib, okb := indexedField(fields[b])
		if oka && okb && na == nb && ia != ib {
			return ia < ib
		}
		return fields[a] < fields[b]
	})
	return fields
}
