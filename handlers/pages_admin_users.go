package handlers

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
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
	// Import is what became of a list of people just sent; ImportErr
	// why the list was refused, with ImportText the pasted list kept.
	Import     *userImport
	ImportErr  string
	ImportText string
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
	// Sign-in state: no password yet (invited), or a handed-out one.
	Invited, MustChange bool
}

func (ad *adminPages) users(c *gin.Context) {
	ad.renderUsers(c, http.StatusOK, userForm{Role: string(models.RoleUnit), Language: "vi"}, nil, nil)
}

func (ad *adminPages) renderUsers(c *gin.Context, status int, f userForm, errs fieldErrors, created *createdUser) {
	ad.renderUsersWith(c, status, usersView{New: f, Err: errs, Created: created})
}

// renderUsersWith shows the page with v's forms and answers; it fills in
// the rest.
func (ad *adminPages) renderUsersWith(c *gin.Context, status int, v usersView) {
	ctx, a, lang := c.Request.Context(), actor(c), language(c)
	f := v.New
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
	v.Layout = ad.adminLayout(c, "admin.users.title")
	v.CanEdit = models.Can(a.Role, models.ActManageUsers)
	v.Roles, v.Units, v.Languages = roleChoices(lang, f.Role), unitChoices(lang, units, f.UnitID), languageChoices(f.Language)
	v.NoUnits = !slices.ContainsFunc(units, func(u models.Unit) bool { return u.Active })
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
	u, pw, err := ad.svc.Users.Create(c.Request.Context(), actor(c), directory.UserInput{
		Name: f.Name, Email: f.Email, Role: models.Role(f.Role), UnitID: models.ID(f.UnitID), Language: f.Language,
		GeneratePassword: true,
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
		Invited: !stored.HasPassword(), MustChange: stored.MustChangePassword,
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
	_, err = ad.svc.Users.Update(c.Request.Context(), actor(c), stored.ID, directory.UserPatch{
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

// userImport is what became of a list of people, in the page's language.
type userImport struct {
	Created, Skipped int
	Failed           []importLine
}

// importLine is a line of a list that was not added: the service's stable
// problem code and the same in words.
type importLine struct {
	Line    int    `json:"line"`
	Email   string `json:"email"`
	Problem string `json:"problem"`
	Message string `json:"message"`
}

func importLinesOf(lang string, lines []directory.UserImportLine) []importLine {
	out := make([]importLine, 0, len(lines))
	for _, l := range lines {
		msg := web.T(lang, "usercsv.problem.other", l.Problem)
		if key := "usercsv.problem." + l.Problem; web.Has(key) {
			msg = web.T(lang, key)
		}
		out = append(out, importLine{Line: l.Line, Email: l.Email, Problem: l.Problem, Message: msg})
	}
	return out
}

// importFileText says in lang why a whole list was refused.
func importFileText(lang, msg string) string {
	if col, ok := strings.CutPrefix(msg, directory.ImportFileTwice); ok {
		return web.T(lang, "usercsv.file.twice", web.T(lang, "usercsv.column."+col))
	}
	switch msg {
	case directory.ImportFileEmpty:
		return web.T(lang, "usercsv.file.empty")
	case directory.ImportFileNotUTF8:
		return web.T(lang, "usercsv.file.not_utf8")
	case directory.ImportFileHeader:
		return web.T(lang, "usercsv.file.header")
	case directory.ImportFileTooMany:
		return web.T(lang, "usercsv.file.too_many", directory.MaxImportLines)
	case directory.ImportFileMalformed:
		return web.T(lang, "usercsv.file.malformed")
	}
	return msg
}

// importUsers adds the people of a pasted or uploaded list and shows
// what became of its lines on the answer. Sending the same list again
// creates nobody twice, so reloading the answer does no harm.
func (ad *adminPages) importUsers(c *gin.Context) {
	if !ad.require(c, models.ActManageUsers) {
		return
	}
	lang := language(c)
	fresh := usersView{New: userForm{Role: string(models.RoleUnit), Language: "vi"}}
	refuse := func(status int, text, why string) {
		fresh.ImportErr, fresh.ImportText = web.T(lang, "usercsv.not_read", why), text
		ad.renderUsersWith(c, status, fresh)
	}
	data, text, err := postedList(c)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		refuse(http.StatusRequestEntityTooLarge, "", web.T(lang, "usercsv.file.too_large"))
		return
	case err != nil:
		ad.fail(c, &badRequest{detail: "malformed form"})
		return
	case strings.TrimSpace(string(data)) == "":
		refuse(http.StatusUnprocessableEntity, text, web.T(lang, "usercsv.file.empty"))
		return
	}
	res, err := ad.svc.Users.ImportCSV(c.Request.Context(), actor(c), data)
	var ve *models.ValidationError
	if errors.As(err, &ve) && ve.Fields["file"] != "" {
		refuse(http.StatusUnprocessableEntity, text, importFileText(lang, ve.Fields["file"]))
		return
	}
	if err != nil {
		ad.fail(c, err)
		return
	}
	fresh.Import = &userImport{Created: len(res.Created), Skipped: len(res.Skipped), Failed: importLinesOf(lang, res.Failed)}
	ad.renderUsersWith(c, http.StatusOK, fresh)
}

// postedList is the list from the import form: the chosen file, else the
// pasted text (which is also returned, to be shown again if refused).
func postedList(c *gin.Context) (data []byte, text string, err error) {
	err = c.Request.ParseMultipartForm(1 << 20)
	if errors.Is(err, http.ErrNotMultipart) {
		err = c.Request.ParseForm()
	}
	if err != nil {
		return nil, "", err
	}
	text = c.Request.PostFormValue("text")
	if mf := c.Request.MultipartForm; mf != nil && len(mf.File["file"]) > 0 && mf.File["file"][0].Size > 0 {
		f, err := mf.File["file"][0].Open()
		if err != nil {
			return nil, "", err
		}
		defer f.Close()
		data, err = io.ReadAll(f)
		return data, "", err
	}
	return []byte(text), text, nil
}

// csvRequestBody is the list sent to the JSON API: the body itself, or
// multipart field "file".
func csvRequestBody(c *gin.Context) ([]byte, error) {
	var data []byte
	var err error
	switch c.ContentType() {
	case "multipart/form-data":
		var fh *multipart.FileHeader
		if fh, err = c.FormFile("file"); errors.Is(err, http.ErrMissingFile) {
			return nil, models.Invalid("file", "send the list as multipart field \"file\"")
		}
		if err == nil {
			var f multipart.File
			if f, err = fh.Open(); err == nil {
				data, err = io.ReadAll(f)
				f.Close()
			}
		}
	case "text/csv", "text/plain", "text/tab-separated-values", "application/csv", "application/vnd.ms-excel", "application/octet-stream":
		data, err = io.ReadAll(c.Request.Body)
	default:
		return nil, models.Invalid("file", "send the list as text/csv or as multipart field \"file\"")
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, errTooLarge
	}
	return data, err
}

// invite e-mails the person a new invitation link, replacing the old one.
func (ad *adminPages) invite(c *gin.Context) {
	if !ad.require(c, models.ActManageUsers) {
		return
	}
	var f struct{}
	if !ad.bindForm(c, &f) {
		return
	}
	u, err := ad.svc.Users.Invite(c.Request.Context(), actor(c), pathID(c))
	if err != nil {
		ad.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/users/"+string(u.ID)+"?notice=invited")
}
