package handlers

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/web"
)

// unitForm is a unit as the create and edit forms post it. Aliases and
// e-mails are textareas, one per line.
type unitForm struct {
	Version int64  `form:"version"`
	Name    string `form:"name"`
	Kind    string `form:"kind"`
	Aliases string `form:"aliases"`
	Emails  string `form:"emails"`
	Active  bool   `form:"active"`
}

func unitFormOf(u models.Unit) unitForm {
	return unitForm{Version: u.Version, Name: u.Name, Kind: string(u.Kind),
		Aliases: strings.Join(u.Aliases, "\n"), Emails: strings.Join(u.Emails, "\n"), Active: u.Active}
}

type unitRow struct {
	ID, Name, Kind, Aliases, Emails string
	Active                          bool
}

type unitsView struct {
	web.Layout
	CanEdit bool
	Units   []unitRow
	New     unitForm
	Err     fieldErrors
	Kinds   []choice
}

type unitView struct {
	web.Layout
	ID      string
	Form    unitForm
	Err     fieldErrors
	Kinds   []choice
	Current *unitRow
}

func (ad *adminPages) units(c *gin.Context) {
	ad.renderUnits(c, http.StatusOK, unitForm{Kind: string(models.UnitPartyCell)}, nil)
}

func (ad *adminPages) renderUnits(c *gin.Context, status int, f unitForm, errs fieldErrors) {
	list, err := ad.svc.Units.List(c.Request.Context(), actor(c))
	if err != nil {
		ad.fail(c, err)
		return
	}
	lang := language(c)
	sortUnits(list)
	v := unitsView{
		Layout:  ad.adminLayout(c, "admin.units.title"),
		CanEdit: models.Can(actor(c).Role, models.ActManageUnits),
		New:     f, Err: errs, Kinds: kindChoices(lang, f.Kind),
	}
	for _, u := range list {
		v.Units = append(v.Units, unitRowOf(lang, u))
	}
	ad.render(c, status, "admin_units", v)
}

func unitRowOf(lang string, u models.Unit) unitRow {
	return unitRow{ID: string(u.ID), Name: u.Name, Kind: kindLabel(lang, u.Kind),
		Aliases: strings.Join(u.Aliases, ", "), Emails: strings.Join(u.Emails, ", "), Active: u.Active}
}

// sortUnits orders units as documents list them: by kind, then by name
// compared without diacritics.
func sortUnits(list []models.Unit) {
	sortByRankThenName(list, func(u models.Unit) (int, string) { return slices.Index(models.UnitKinds, u.Kind), u.Name })
}

// sortByRankThenName orders a list by a rank, then by name compared
// without diacritics, keeping the order of equals.
func sortByRankThenName[T any](list []T, key func(T) (rank int, name string)) {
	slices.SortStableFunc(list, func(a, b T) int {
		ra, na := key(a)
		rb, nb := key(b)
		if ra != rb {
			return ra - rb
		}
		return strings.Compare(models.Fold(na), models.Fold(nb))
	})
}

func (ad *adminPages) createUnit(c *gin.Context) {
	if !ad.require(c, models.ActManageUnits) {
		return
	}
	var f unitForm
	if !ad.bindForm(c, &f) {
		return
	}
	u, err := ad.svc.Units.Create(c.Request.Context(), actor(c), directory.UnitInput{
		Kind: models.UnitKind(f.Kind), Name: f.Name, Aliases: splitList(f.Aliases), Emails: splitList(f.Emails),
	})
	if errs, ok := problemsOf(language(c), err); ok {
		ad.renderUnits(c, http.StatusUnprocessableEntity, f, errs)
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/units?notice=unit_created#unit-"+string(u.ID))
}

// unit is a unit's edit page; for roles that may only read, the list says
// everything and this page is refused.
func (ad *adminPages) unit(c *gin.Context) {
	if !ad.require(c, models.ActManageUnits) {
		return
	}
	u, err := ad.svc.Units.Get(c.Request.Context(), actor(c), pathID(c))
	if err != nil {
		ad.fail(c, err)
		return
	}
	ad.renderUnit(c, http.StatusOK, u.ID, unitFormOf(u), nil, nil)
}

func (ad *adminPages) renderUnit(c *gin.Context, status int, id models.ID, f unitForm, errs fieldErrors, current *models.Unit) {
	lang := language(c)
	v := unitView{Layout: ad.adminLayout(c, "admin.unit.title"), ID: string(id), Form: f, Err: errs, Kinds: kindChoices(lang, f.Kind)}
	v.Title += ": " + f.Name
	if current != nil {
		row := unitRowOf(lang, *current)
		v.Current = &row
		v.Alert = ad.t(c, "admin.conflict")
	} else if len(errs) > 0 {
		v.Alert = ad.t(c, "admin.not_saved")
	}
	ad.render(c, status, "admin_unit", v)
}

func (ad *adminPages) saveUnit(c *gin.Context) {
	if !ad.require(c, models.ActManageUnits) {
		return
	}
	var f unitForm
	if !ad.bindForm(c, &f) || !ad.version(c, f.Version) {
		return
	}
	ctx, a, id := c.Request.Context(), actor(c), pathID(c)
	kind, aliases, emails := models.UnitKind(f.Kind), splitList(f.Aliases), splitList(f.Emails)
	_, err := ad.svc.Units.Update(ctx, a, id, directory.UnitPatch{
		Version: f.Version, Kind: &kind, Name: &f.Name, Aliases: &aliases, Emails: &emails, Active: &f.Active,
	})
	if errors.Is(err, models.ErrConflict) {
		cur, gerr := ad.svc.Units.Get(ctx, a, id)
		if gerr != nil {
			ad.fail(c, gerr)
			return
		}
		f.Version = cur.Version
		ad.renderUnit(c, http.StatusConflict, id, f, nil, &cur)
		return
	}
	if errs, ok := problemsOf(language(c), err); ok {
		ad.renderUnit(c, http.StatusUnprocessableEntity, id, f, errs, nil)
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/units?notice=unit_saved#unit-"+string(id))
}
