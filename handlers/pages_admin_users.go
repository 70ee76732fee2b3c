package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services"
	"github.com/theodoi/theodoi/web"
)

// userForm is an account as the create and edit forms post it. The e-mail
// address is set once, at creation.
type userForm struct {
	Version  int64  `form:"version"`
	Name     string `form:"name"`
	Email    string `form:"email"`
	Role     string `form:"role"`
	UnitID   string `form:"unitId"`
	Language string `form:"language"`
	Disabled bool   `form:"disabled"`
}

func userFormOf(u models.User) userForm {
	return userForm{Version: u.Version, Name: u.Name, Email: u.Email, Role: string(u.Role),
		UnitID: string(u.UnitID), Language: u.Language, Disabled: u.Disabled}
}

type userRow struct {
	ID, Name, Email, Role, Unit, Language string
	Disabled                              bool
}

// createdUser is shown once, right after the account is made.
type createdUser struct {
	Name, Email, Password string
}

type usersView struct {
	web.Layout
	CanEdit   bool
	Users     []userRow
	New       userForm
	Err       fieldErrors
	Roles     []choice
	Units     []choice
	Languages []choice
	Created   *createdUser
	NoUnits   bool
}

type userView struct {
	web.Layout
	ID        string
	Self      bool
	Form      userForm
	Err       fieldErrors
	Roles     []choice
	Units     []choice
	Languages []choice
	Current   *userRow
}

func (ad *adminPages) users(c *gin.Context) {
	ad.renderUsers(c, http.StatusOK, userForm{Role: string(models.RoleUnit), Language: "vi"}, nil, nil)
}

func (ad *adminPages) renderUsers(c *gin.Context, status int, f userForm, errs fieldErrors, created *createdUser) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	list, err := ad.svc.Users.List(ctx, a)
	if err != nil {
		ad.fail(c, err)
		return
	}
	units, err := ad.svc.Units.List(ctx, a)
	if err != nil {
		ad.fail(c, err)
		return
	}
	v := usersView{
		Layout:  ad.adminLayout(c, "admin.users.title"),
		CanEdit: models.Can(a.Role, models.ActManageUsers),
		New:     f, Err: errs, Created: created,
		Roles: roleChoices(lang, f.Role), Units: unitChoices(lang, units, f.UnitID), Languages: languageChoices(f.Language),
		NoUnits: !slices.ContainsFunc(units, func(u models.Unit) bool { return u.Active }),
	}
	sortUsers(list)
	names := unitNames(units)
	for _, u := range list {
		v.Users = append(v.Users, userRowOf(lang, u, names))
	}
	ad.render(c, status, "admin_users", v)
}

func userRowOf(lang string, u models.User, unitNames map[models.ID]string) userRow {
	unit := ""
	if u.UnitID != "" {
		unit = orText(unitNames[u.UnitID], string(u.UnitID))
	}
	return userRow{ID: string(u.ID), Name: u.Name, Email: u.Email, Role: shortRoleLabel(lang, u.Role),
		Unit: unit, Language: languageLabel(u.Language), Disabled: u.Disabled}
}

// sortUsers groups accounts by role, in the matrix's order, then by name.
func sortUsers(list []models.User) {
	sortByRankThenName(list, func(u models.User) (int, string) { return slices.Index(models.Roles, u.Role), u.Name })
}

// createUser makes the account and shows its one-time password on the
// answer itself: it must not travel in a redirect URL or a cookie, and is
// shown this once. Reloading would post again, which the duplicate
// e-mail refuses.
func (ad *adminPages) createUser(c *gin.Context) {
	if !ad.require(c, models.ActManageUsers) {
		return
	}
	var f userForm
	if !ad.bindForm(c, &f) {
		return
	}
	u, pw, err := ad.svc.Users.Create(c.Request.Context(), actor(c), services.UserInput{
		Name: f.Name, Email: f.Email, Role: models.Role(f.Role), UnitID: models.ID(f.UnitID), Language: f.Language,
	})
	if errs, ok := problemsOf(language(c), err); ok {
		ad.renderUsers(c, http.StatusUnprocessableEntity, f, errs, nil)
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	withoutCompression(c)
	v := &createdUser{Name: u.Name, Email: u.Email, Password: pw}
	ad.renderUsers(c, http.StatusOK, userForm{Role: f.Role, Language: "vi"}, nil, v)
}

// withoutCompression keeps a page holding a secret (a password, a reset
// token) out of gzip, so its length cannot leak the secret.
func withoutCompression(c *gin.Context) {
	c.Request.Header.Del("Accept-Encoding")
}

// findUser is the committee's user with id; the services read users only
// as a list.
func (ad *adminPages) findUser(c *gin.Context, id models.ID) (models.User, error) {
	list, err := ad.svc.Users.List(c.Request.Context(), actor(c))
	if err != nil {
		return models.User{}, err
	}
	i := slices.IndexFunc(list, func(u models.User) bool { return u.ID == id })
	if i < 0 {
		return models.User{}, fmt.Errorf("user %s: %w", id, models.ErrNotFound)
	}
	return list[i], nil
}

func (ad *adminPages) user(c *gin.Context) {
	if !ad.require(c, models.ActManageUsers) {
		return
	}
	u, err := ad.findUser(c, pathID(c))
	if err != nil {
		ad.fail(c, err)
		return
	}
	ad.renderUser(c, http.StatusOK, u, userFormOf(u), nil, nil)
}

// renderUser shows the edit form of stored (its e-mail is fixed) with f.
func (ad *adminPages) renderUser(c *gin.Context, status int, stored models.User, f userForm, errs fieldErrors, current *models.User) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	units, err := ad.svc.Units.List(ctx, a)
	if err != nil {
		ad.fail(c, err)
		return
	}
	f.Email = stored.Email
	v := userView{
		Layout: ad.adminLayout(c, "admin.user.title"), ID: string(stored.ID), Self: stored.ID == a.UserID,
		Form: f, Err: errs, Roles: roleChoices(lang, f.Role), Units: unitChoices(lang, units, f.UnitID), Languages: languageChoices(f.Language),
	}
	v.Title += ": " + stored.Name
	if current != nil {
		row := userRowOf(lang, *current, unitNames(units))
		v.Current = &row
		v.Alert = ad.t(c, "admin.conflict")
	} else if len(errs) > 0 {
		v.Alert = ad.t(c, "admin.not_saved")
	}
	ad.render(c, status, "admin_user", v)
}

func (ad *adminPages) saveUser(c *gin.Context) {
	if !ad.require(c, models.ActManageUsers) {
		return
	}
	var f userForm
	if !ad.bindForm(c, &f) || !ad.version(c, f.Version) {
		return
	}
	stored, err := ad.findUser(c, pathID(c))
	if err != nil {
		ad.fail(c, err)
		return
	}
	role, unit := models.Role(f.Role), models.ID(f.UnitID)
	_, err = ad.svc.Users.Update(c.Request.Context(), actor(c), stored.ID, services.UserPatch{
		Version: f.Version, Name: &f.Name, Role: &role, UnitID: &unit, Language: &f.Language, Disabled: &f.Disabled,
	})
	if errors.Is(err, models.ErrConflict) {
		cur, gerr := ad.findUser(c, stored.ID)
		if gerr != nil {
			ad.fail(c, gerr)
			return
		}
		f.Version = cur.Version
		ad.renderUser(c, http.StatusConflict, cur, f, nil, &cur)
		return
	}
	if errs, ok := problemsOf(language(c), err); ok {
		ad.renderUser(c, http.StatusUnprocessableEntity, stored, f, errs, nil)
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/users?notice=user_saved#user-"+string(stored.ID))
}
