package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
)

// list answers {"items": [...]} so every listing can grow paging later.
func list[T any](c *gin.Context, items []T, err error) {
	if err != nil {
		writeError(c, err)
		return
	}
	if items == nil {
		items = []T{}
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

func one[T any](c *gin.Context, status int, item T, err error) {
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(status, item)
}

// bind decodes the body into req, answering the error itself when it fails.
func bind(c *gin.Context, req any) bool {
	if err := bindJSON(c, req); err != nil {
		writeError(c, err)
		return false
	}
	return true
}

// bindEdit is bind for edits, which must carry the version the client
// last read.
func bindEdit(c *gin.Context, req any, version **int64) bool {
	if !bind(c, req) {
		return false
	}
	if *version == nil || **version < 1 {
		writeError(c, models.Invalid("version", "required: the version you last read"))
		return false
	}
	return true
}

func (a *api) getCommittee(c *gin.Context) {
	cm, err := a.svc.Committees.Get(c.Request.Context(), actor(c))
	one(c, http.StatusOK, cm, err)
}

type committeePatch struct {
	Version      *int64  `json:"version"`
	Name         *string `json:"name"`
	SuperiorBody *string `json:"superiorBody"`
	IssuerCode   *string `json:"issuerCode"`
	PlaceName    *string `json:"placeName"`
	TimeZone     *string `json:"timeZone"`
	// Documents replaces the signer blocks and distribution lists whole.
	Documents *models.DocumentSettings `json:"documents"`
}

func (a *api) updateCommittee(c *gin.Context) {
	var req committeePatch
	if !bindEdit(c, &req, &req.Version) {
		return
	}
	cm, err := a.svc.Committees.Update(c.Request.Context(), actor(c), directory.CommitteePatch{
		Version: *req.Version, Name: req.Name, SuperiorBody: req.SuperiorBody,
		IssuerCode: req.IssuerCode, PlaceName: req.PlaceName, TimeZone: req.TimeZone, Documents: req.Documents,
	})
	one(c, http.StatusOK, cm, err)
}

func (a *api) listUnits(c *gin.Context) {
	units, err := a.svc.Units.List(c.Request.Context(), actor(c))
	list(c, units, err)
}

func (a *api) getUnit(c *gin.Context) {
	u, err := a.svc.Units.Get(c.Request.Context(), actor(c), pathID(c))
	one(c, http.StatusOK, u, err)
}

type unitRequest struct {
	Version *int64           `json:"version"`
	Kind    *models.UnitKind `json:"kind"`
	Name    *string          `json:"name"`
	Aliases *[]string        `json:"aliases"`
	Emails  *[]string        `json:"emails"`
	Active  *bool            `json:"active"`
}

func (a *api) createUnit(c *gin.Context) {
	var req unitRequest
	if !bind(c, &req) {
		return
	}
	in := directory.UnitInput{}
	setIf(&in.Kind, req.Kind)
	setIf(&in.Name, req.Name)
	setIf(&in.Aliases, req.Aliases)
	setIf(&in.Emails, req.Emails)
	u, err := a.svc.Units.Create(c.Request.Context(), actor(c), in)
	one(c, http.StatusCreated, u, err)
}

func (a *api) updateUnit(c *gin.Context) {
	var req unitRequest
	if !bindEdit(c, &req, &req.Version) {
		return
	}
	u, err := a.svc.Units.Update(c.Request.Context(), actor(c), pathID(c), directory.UnitPatch{
		Version: *req.Version, Kind: req.Kind, Name: req.Name, Aliases: req.Aliases, Emails: req.Emails, Active: req.Active,
	})
	one(c, http.StatusOK, u, err)
}

func (a *api) listUsers(c *gin.Context) {
	users, err := a.svc.Users.List(c.Request.Context(), actor(c))
	list(c, users, err)
}

type userRequest struct {
	Version  *int64       `json:"version"`
	Name     *string      `json:"name"`
	Email    *string      `json:"email"`
	Role     *models.Role `json:"role"`
	UnitID   *models.ID   `json:"unitId"`
	Language *string      `json:"language"`
	Disabled *bool        `json:"disabled"`
	Password *string      `json:"password"`
}

func (a *api) createUser(c *gin.Context) {
	var req userRequest
	if !bind(c, &req) {
		return
	}
	in := directory.UserInput{}
	setIf(&in.Name, req.Name)
	setIf(&in.Email, req.Email)
	setIf(&in.Role, req.Role)
	setIf(&in.UnitID, req.UnitID)
	setIf(&in.Language, req.Language)
	setIf(&in.Password, req.Password)
	in.GeneratePassword = req.Password == nil
	u, pw, err := a.svc.Users.Create(c.Request.Context(), actor(c), in)
	if err != nil {
		writeError(c, err)
		return
	}
	resp := gin.H{"user": u}
	if req.Password == nil {
		resp["oneTimePassword"] = pw // shown once; changed at first sign-in
	}
	c.JSON(http.StatusCreated, resp)
}

func (a *api) updateUser(c *gin.Context) {
	var req userRequest
	if !bindEdit(c, &req, &req.Version) {
		return
	}
	if req.Email != nil || req.Password != nil {
		writeError(c, models.Invalid("email", "e-mail and password are not changed here"))
		return
	}
	u, err := a.svc.Users.Update(c.Request.Context(), actor(c), pathID(c), directory.UserPatch{
		Version: *req.Version, Name: req.Name, Role: req.Role, UnitID: req.UnitID, Language: req.Language, Disabled: req.Disabled,
	})
	one(c, http.StatusOK, u, err)
}

func (a *api) listAreas(c *gin.Context) {
	areas, err := a.svc.Areas.List(c.Request.Context(), actor(c))
	list(c, areas, err)
}

type areaRequest struct {
	Version  *int64  `json:"version"`
	Name     *string `json:"name"`
	Position *int    `json:"position"`
}

func (a *api) createArea(c *gin.Context) {
	var req areaRequest
	if !bind(c, &req) {
		return
	}
	in := directory.AreaInput{}
	setIf(&in.Name, req.Name)
	setIf(&in.Position, req.Position)
	ar, err := a.svc.Areas.Create(c.Request.Context(), actor(c), in)
	one(c, http.StatusCreated, ar, err)
}

func (a *api) updateArea(c *gin.Context) {
	var req areaRequest
	if !bindEdit(c, &req, &req.Version) {
		return
	}
	ar, err := a.svc.Areas.Update(c.Request.Context(), actor(c), pathID(c), directory.AreaPatch{
		Version: *req.Version, Name: req.Name, Position: req.Position,
	})
	one(c, http.StatusOK, ar, err)
}

func (a *api) listPeriods(c *gin.Context) {
	periods, err := a.svc.Periods.List(c.Request.Context(), actor(c))
	list(c, periods, err)
}

type periodRequest struct {
	Version          *int64               `json:"version"`
	Month            *string              `json:"month"`
	Status           *models.PeriodStatus `json:"status"`
	ResolutionNumber *string              `json:"resolutionNumber"`
	ResolutionDate   *string              `json:"resolutionDate"`
}

func (a *api) createPeriod(c *gin.Context) {
	var req periodRequest
	if !bind(c, &req) {
		return
	}
	in := directory.PeriodInput{}
	setIf(&in.Month, req.Month)
	setIf(&in.ResolutionNumber, req.ResolutionNumber)
	setIf(&in.ResolutionDate, req.ResolutionDate)
	p, err := a.svc.Periods.Create(c.Request.Context(), actor(c), in)
	one(c, http.StatusCreated, p, err)
}

func (a *api) updatePeriod(c *gin.Context) {
	var req periodRequest
	if !bindEdit(c, &req, &req.Version) {
		return
	}
	if req.Month != nil {
		writeError(c, models.Invalid("month", "a period's month cannot change"))
		return
	}
	p, err := a.svc.Periods.Update(c.Request.Context(), actor(c), c.Param("month"), directory.PeriodPatch{
		Version: *req.Version, Status: req.Status, ResolutionNumber: req.ResolutionNumber, ResolutionDate: req.ResolutionDate,
	})
	one(c, http.StatusOK, p, err)
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// importUsers adds the people of a CSV list sent as the body (text/csv)
// or as multipart field "file". It answers 200 with the accounts made and
// the lines skipped or failed, each with its stable problem code and the
// same in words; a list that cannot be read is a 422 on "file".
func (a *api) importUsers(c *gin.Context) {
	data, err := csvRequestBody(c)
	if err != nil {
		writeError(c, err)
		return
	}
	res, err := a.svc.Users.ImportCSV(c.Request.Context(), actor(c), data)
	if err != nil {
		writeError(c, err)
		return
	}
	lang := language(c)
	c.JSON(http.StatusOK, gin.H{"created": res.Created, "skipped": importLinesOf(lang, res.Skipped), "failed": importLinesOf(lang, res.Failed)})
}
