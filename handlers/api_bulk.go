package handlers

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/task"
)

// A leader's bulk action through the API: assign a lead unit, set a
// deadline or accept many tasks in one request. Each task is changed on
// its own at the version given, so one that changed meanwhile fails alone
// and the answer says, task by task, what happened (200 whatever the mix).

type bulkRequest struct {
	Action     string            `json:"action"`
	LeadUnitID models.ID         `json:"leadUnitId"`
	Deadline   string            `json:"deadline"`
	Tasks      []bulkTaskRequest `json:"tasks"`
}

type bulkTaskRequest struct {
	ID      models.ID `json:"id"`
	Version int64     `json:"version"`
}

type bulkResponse struct {
	Done   int                `json:"done"`
	Failed int                `json:"failed"`
	Items  []bulkItemResponse `json:"items"`
}

// bulkItemResponse is one task's outcome: the task as it now is, or the
// error (with the task as found, when the person may see it).
type bulkItemResponse struct {
	ID    models.ID      `json:"id"`
	OK    bool           `json:"ok"`
	Task  *taskResponse  `json:"task,omitempty"`
	Error *bulkItemError `json:"error,omitempty"`
}

type bulkItemError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func (a *api) bulkTasks(c *gin.Context) {
	var req bulkRequest
	if !bind(c, &req) {
		return
	}
	in := task.BulkInput{Action: req.Action, LeadUnitID: req.LeadUnitID, Deadline: req.Deadline}
	for _, t := range req.Tasks {
		in.Tasks = append(in.Tasks, task.BulkTask{ID: t.ID, Version: t.Version})
	}
	res, err := a.svc.Tasks.Bulk(c.Request.Context(), actor(c), in)
	if err != nil {
		writeError(c, err)
		return
	}
	lang := language(c)
	out := bulkResponse{Done: res.Done, Failed: res.Failed, Items: make([]bulkItemResponse, 0, len(res.Items))}
	for _, it := range res.Items {
		r := bulkItemResponse{ID: it.ID, OK: it.Err == nil}
		if it.Task.ID != "" {
			r.Task = &taskResponse{Task: it.Task}
		}
		if it.Err != nil {
			r.Error = bulkError(lang, it.Err)
		}
		out.Items = append(out.Items, r)
	}
	c.JSON(http.StatusOK, out)
}

// bulkError words one task's failure as the error table would.
func bulkError(lang string, err error) *bulkItemError {
	_, code := errorStatus(err)
	e := &bulkItemError{Code: code, Message: message(lang, code)}
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		e.Fields = ve.Fields
	}
	if code == "invalid_transition" || code == "conflict" || code == "forbidden" {
		e.Message += " (" + err.Error() + ")"
	}
	return e
}
