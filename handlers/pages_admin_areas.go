package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/web"
)

// areaForm is one area as its row (or the new-area form) posts it. The
// position stays text so that a non-number is a message, not a bad request.
type areaForm struct {
	Version  int64  `form:"version"`
	Name     string `form:"name"`
	Position string `form:"position"`
}

type areaRow struct {
	ID, Name, Position string
	Version            int64
	Err                fieldErrors
	// Current is the stored area when this row's form was stale.
	Current *models.Area
}

type areasView struct {
	web.Layout
	CanEdit bool
	Areas   []areaRow
	New     areaForm
	Err     fieldErrors
}

func (ad *adminPages) areas(c *gin.Context) {
	ad.renderAreas(c, http.StatusOK, nil, areaForm{}, nil)
}

// renderAreas shows the list; edited, when given, replaces its row's
// stored values with the user's input and problems.
func (ad *adminPages) renderAreas(c *gin.Context, status int, edited *areaRow, f areaForm, errs fieldErrors) {
	list, err := ad.svc.Areas.List(c.Request.Context(), actor(c))
	if err != nil {
		ad.fail(c, err)
		return
	}
	v := areasView{
		Layout:  ad.adminLayout(c, "admin.areas.title"),
		CanEdit: models.Can(actor(c).Role, models.ActManageAreas),
		New:     f, Err: errs,
	}
	for _, a := range list {
		row := areaRow{ID: string(a.ID), Name: a.Name, Position: strconv.Itoa(a.Position), Version: a.Version}
		if edited != nil && edited.ID == row.ID {
			row = *edited
		}
		v.Areas = append(v.Areas, row)
	}
	switch {
	case edited != nil && edited.Current != nil:
		v.Alert = ad.t(c, "admin.conflict")
	case edited != nil:
		v.Alert = ad.t(c, "admin.not_saved")
	}
	ad.render(c, status, "admin_areas", v)
}

// position reads the position field; empty is 0 (the end, for a new area).
func (f areaForm) position() (int, bool) {
	s := strings.TrimSpace(f.Position)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func (ad *adminPages) createArea(c *gin.Context) {
	if !ad.require(c, models.ActManageAreas) {
		return
	}
	var f areaForm
	if !ad.bindForm(c, &f) {
		return
	}
	pos, ok := f.position()
	if !ok {
		ad.renderAreas(c, http.StatusUnprocessableEntity, nil, f, fieldErrors{"position": ad.t(c, "admin.problem.position")})
		return
	}
	a, err := ad.svc.Areas.Create(c.Request.Context(), actor(c), directory.AreaInput{Name: f.Name, Position: pos})
	if errs, ok := problemsOf(language(c), err); ok {
		ad.renderAreas(c, http.StatusUnprocessableEntity, nil, f, errs)
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/areas?notice=area_created#area-"+string(a.ID))
}

// saveArea renames or moves one area. Positions are plain numbers, so
// moving an area does not renumber the others.
func (ad *adminPages) saveArea(c *gin.Context) {
	if !ad.require(c, models.ActManageAreas) {
		return
	}
	var f areaForm
	if !ad.bindForm(c, &f) || !ad.version(c, f.Version) {
		return
	}
	ctx, a, id := c.Request.Context(), actor(c), pathID(c)
	row := areaRow{ID: string(id), Name: f.Name, Position: f.Position, Version: f.Version}
	pos, ok := f.position()
	if !ok || strings.TrimSpace(f.Position) == "" {
		if err := ad.knownArea(c, id); err != nil {
			ad.fail(c, err)
			return
		}
		row.Err = fieldErrors{"position": ad.t(c, "admin.problem.position")}
		ad.renderAreas(c, http.StatusUnprocessableEntity, &row, areaForm{}, nil)
		return
	}
	_, err := ad.svc.Areas.Update(ctx, a, id, directory.AreaPatch{Version: f.Version, Name: &f.Name, Position: &pos})
	if errors.Is(err, models.ErrConflict) {
		list, lerr := ad.svc.Areas.List(ctx, a)
		if lerr != nil {
			ad.fail(c, lerr)
			return
		}
		for _, cur := range list {
			if cur.ID == id {
				row.Current, row.Version = &cur, cur.Version
			}
		}
		ad.renderAreas(c, http.StatusConflict, &row, areaForm{}, nil)
		return
	}
	if errs, ok := problemsOf(language(c), err); ok {
		row.Err = errs
		ad.renderAreas(c, http.StatusUnprocessableEntity, &row, areaForm{}, nil)
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/areas?notice=area_saved#area-"+string(id))
}

// knownArea is nil when id is one of the committee's areas, so that a
// form error about an unknown area is a 404 rather than a message.
func (ad *adminPages) knownArea(c *gin.Context, id models.ID) error {
	list, err := ad.svc.Areas.List(c.Request.Context(), actor(c))
	if err != nil {
		return err
	}
	for _, a := range list {
		if a.ID == id {
			return nil
		}
	}
	return models.NotFound("area", id)
}
