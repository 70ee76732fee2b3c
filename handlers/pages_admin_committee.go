package handlers

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/web"
)

// committeeForm is the committee's header fields as the form posts them.
type committeeForm struct {
	Version      int64  `form:"version"`
	Name         string `form:"name"`
	SuperiorBody string `form:"superiorBody"`
	IssuerCode   string `form:"issuerCode"`
	PlaceName    string `form:"placeName"`
	TimeZone     string `form:"timeZone"`
}

func committeeFormOf(cm models.Committee) committeeForm {
	return committeeForm{Version: cm.Version, Name: cm.Name, SuperiorBody: cm.SuperiorBody,
		IssuerCode: cm.IssuerCode, PlaceName: cm.PlaceName, TimeZone: cm.TimeZone}
}

type committeeView struct {
	web.Layout
	CanEdit bool
	Form    committeeForm
	Err     fieldErrors
	// Current is the stored record when the form was made from an older one.
	Current *committeeForm
	Zones   []string
}

// timeZones are offered in the time zone field; others may be typed.
var timeZones = []string{models.DefaultTimeZone, "Asia/Bangkok", "UTC"}

func (ad *adminPages) committee(c *gin.Context) {
	cm, err := ad.svc.Committees.Get(c.Request.Context(), actor(c))
	if err != nil {
		ad.fail(c, err)
		return
	}
	ad.renderCommittee(c, http.StatusOK, committeeFormOf(cm), nil, nil)
}

func (ad *adminPages) renderCommittee(c *gin.Context, status int, f committeeForm, errs fieldErrors, current *committeeForm) {
	v := committeeView{
		Layout:  ad.adminLayout(c, "admin.committee.title"),
		CanEdit: models.Can(actor(c).Role, models.ActManageCommittee),
		Form:    f, Err: errs, Current: current, Zones: timeZones,
	}
	if current != nil {
		v.Alert = ad.t(c, "admin.conflict")
	} else if len(errs) > 0 {
		v.Alert = ad.t(c, "admin.not_saved")
	}
	ad.render(c, status, "admin_committee", v)
}

// saveCommittee writes the header fields. A form made from an older
// version comes back with the stored values beside the user's input and
// the newer version, so a second save is a deliberate overwrite.
func (ad *adminPages) saveCommittee(c *gin.Context) {
	if !ad.require(c, models.ActManageCommittee) {
		return
	}
	var f committeeForm
	if !ad.bindForm(c, &f) || !ad.version(c, f.Version) {
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	_, err := ad.svc.Committees.Update(ctx, a, services.CommitteePatch{
		Version: f.Version, Name: &f.Name, SuperiorBody: &f.SuperiorBody,
		IssuerCode: &f.IssuerCode, PlaceName: &f.PlaceName, TimeZone: &f.TimeZone,
	})
	if errors.Is(err, models.ErrConflict) {
		cm, gerr := ad.svc.Committees.Get(ctx, a)
		if gerr != nil {
			ad.fail(c, gerr)
			return
		}
		cur := committeeFormOf(cm)
		f.Version = cm.Version
		ad.renderCommittee(c, http.StatusConflict, f, nil, &cur)
		return
	}
	if errs, ok := problemsOf(language(c), err); ok {
		ad.renderCommittee(c, http.StatusUnprocessableEntity, f, errs, nil)
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/committee?notice=committee_saved")
}
