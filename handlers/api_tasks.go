package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/task"
)

// taskResponse is a task with its derived timeliness.
type taskResponse struct {
	models.Task
	Timeliness models.Timeliness `json:"timeliness,omitempty"`
}

func toTaskResponse(v task.TaskView) taskResponse {
	return taskResponse{Task: v.Task, Timeliness: v.Timeliness}
}

func (a *api) oneTask(c *gin.Context, status int, v task.TaskView, err error) {
	if err != nil {
		writeError(c, err)
		return
	}
	buf := getBuffer()
	*buf = toTaskResponse(v).appendJSON(*buf)
	c.Data(status, "application/json; charset=utf-8", *buf)
	putBuffer(buf)
}

type createTaskRequest struct {
	Period              string            `json:"period"`
	AreaID              models.ID         `json:"areaId"`
	Text                string            `json:"text"`
	Source              *models.SourceRef `json:"source"`
	LeadUnitID          models.ID         `json:"leadUnitId"`
	CoordinatingUnitIDs []models.ID       `json:"coordinatingUnitIds"`
	FollowUpUnitID      models.ID         `json:"followUpUnitId"`
	Deadline            string            `json:"deadline"`
}

func (a *api) createTask(c *gin.Context) {
	var req createTaskRequest
	if !bind(c, &req) {
		return
	}
	v, err := a.svc.Tasks.Create(c.Request.Context(), actor(c), task.TaskInput{
		Period: req.Period, AreaID: req.AreaID, Text: req.Text, Source: req.Source,
		LeadUnitID: req.LeadUnitID, CoordinatingUnitIDs: req.CoordinatingUnitIDs,
		FollowUpUnitID: req.FollowUpUnitID, Deadline: req.Deadline,
	})
	a.oneTask(c, http.StatusCreated, v, err)
}

func (a *api) getTask(c *gin.Context) {
	v, err := a.svc.Tasks.Get(c.Request.Context(), actor(c), pathID(c))
	a.oneTask(c, http.StatusOK, v, err)
}

func (a *api) listTasks(c *gin.Context) {
	p := models.Problems{}
	q := task.TaskQuery{
		Period: c.Query("period"), UnitID: models.ID(c.Query("unit")), Role: c.Query("role"),
		AreaID: models.ID(c.Query("area")), State: c.Query("state"), Timeliness: c.Query("timeliness"),
		Q: c.Query("q"), Page: queryInt(c, "page", p), PerPage: queryInt(c, "perPage", p),
	}
	if err := p.Err(); err != nil {
		writeError(c, err)
		return
	}
	page, err := a.svc.Tasks.List(c.Request.Context(), actor(c), q)
	if err != nil {
		writeError(c, err)
		return
	}
	items := make([]taskResponse, 0, len(page.Tasks))
	for _, t := range page.Tasks {
		items = append(items, toTaskResponse(t))
	}
	buf := getBuffer()
	*buf = appendTaskPage(*buf, items, page.Total, page.Page, page.PerPage)
	c.Data(http.StatusOK, "application/json; charset=utf-8", *buf)
	putBuffer(buf)
}

type updateTaskRequest struct {
	Version             *int64            `json:"version"`
	AreaID              *models.ID        `json:"areaId"`
	Text                *string           `json:"text"`
	LeadUnitID          *models.ID        `json:"leadUnitId"`
	CoordinatingUnitIDs *[]models.ID      `json:"coordinatingUnitIds"`
	FollowUpUnitID      *models.ID        `json:"followUpUnitId"`
	Deadline            *string           `json:"deadline"`
	State               *models.WorkState `json:"state"`
	Note                string            `json:"note"`
}

func (a *api) updateTask(c *gin.Context) {
	var req updateTaskRequest
	if !bindEdit(c, &req, &req.Version) {
		return
	}
	v, err := a.svc.Tasks.Update(c.Request.Context(), actor(c), pathID(c), task.TaskPatch{
		Version: *req.Version, AreaID: req.AreaID, Text: req.Text, LeadUnitID: req.LeadUnitID,
		CoordinatingUnitIDs: req.CoordinatingUnitIDs, FollowUpUnitID: req.FollowUpUnitID,
		Deadline: req.Deadline, State: req.State, Note: req.Note,
	})
	a.oneTask(c, http.StatusOK, v, err)
}

type progressRequest struct {
	Percent *int              `json:"percent"`
	State   *models.WorkState `json:"state"`
	Note    string            `json:"note"`
	Version int64             `json:"version"` // optional: the version the report was made on
}

func (a *api) reportProgress(c *gin.Context) {
	var req progressRequest
	if !bind(c, &req) {
		return
	}
	v, err := a.svc.Tasks.ReportProgress(c.Request.Context(), actor(c), pathID(c), task.ProgressInput{
		Percent: req.Percent, State: req.State, Note: req.Note, Version: req.Version,
	})
	a.oneTask(c, http.StatusOK, v, err)
}

func (a *api) listProgress(c *gin.Context) {
	entries, err := a.svc.Tasks.Progress(c.Request.Context(), actor(c), pathID(c))
	list(c, entries, err)
}

type noteRequest struct {
	Note string `json:"note"`
}

func (a *api) addNote(c *gin.Context) {
	var req noteRequest
	if !bind(c, &req) {
		return
	}
	v, err := a.svc.Tasks.AddNote(c.Request.Context(), actor(c), pathID(c), req.Note)
	a.oneTask(c, http.StatusOK, v, err)
}

// actionRequest is the optional body of accept, reopen and cancel.
type actionRequest struct {
	Version int64  `json:"version"`
	Note    string `json:"note"`
}

func (a *api) bindAction(c *gin.Context) (actionRequest, bool) {
	var req actionRequest
	if err := bindOptionalJSON(c, &req); err != nil {
		writeError(c, err)
		return req, false
	}
	return req, true
}

func (a *api) acceptTask(c *gin.Context) {
	if req, ok := a.bindAction(c); ok {
		v, err := a.svc.Tasks.Accept(c.Request.Context(), actor(c), pathID(c), req.Version, req.Note)
		a.oneTask(c, http.StatusOK, v, err)
	}
}

func (a *api) reopenTask(c *gin.Context) {
	if req, ok := a.bindAction(c); ok {
		v, err := a.svc.Tasks.Reopen(c.Request.Context(), actor(c), pathID(c), req.Version, req.Note)
		a.oneTask(c, http.StatusOK, v, err)
	}
}

func (a *api) cancelTask(c *gin.Context) {
	if req, ok := a.bindAction(c); ok {
		v, err := a.svc.Tasks.Cancel(c.Request.Context(), actor(c), pathID(c), req.Version, req.Note)
		a.oneTask(c, http.StatusOK, v, err)
	}
}

func (a *api) listAudit(c *gin.Context) {
	p := models.Problems{}
	q := directory.AuditQuery{
		Entity: c.Query("entity"), ID: models.ID(c.Query("id")),
		Page: queryInt(c, "page", p), PerPage: queryInt(c, "perPage", p),
	}
	if err := p.Err(); err != nil {
		writeError(c, err)
		return
	}
	entries, err := a.svc.Audit.List(c.Request.Context(), actor(c), q)
	list(c, entries, err)
}
