package handlers

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

// A person's notices through the API: what happened to the tasks they
// follow (assigned, chased, reported, accepted…), newest first, and
// marking them read. Each person sees only their own.

// noticeResponse is one notice as the API gives it.
type noticeResponse struct {
	ID     models.ID         `json:"id"`
	Kind   models.NoticeKind `json:"kind"`
	TaskID models.ID         `json:"taskId"`
	Text   string            `json:"text"`
	At     time.Time         `json:"at"`
	Read   bool              `json:"read"`
}

type noticeListResponse struct {
	Items  []noticeResponse `json:"items"`
	Unread int              `json:"unread"`
}

func (a *api) listNotices(c *gin.Context) {
	p := models.Problems{}
	unread := queryBool(c, "unread", p)
	limit := queryInt(c, "limit", p)
	if err := p.Err(); err != nil {
		writeError(c, err)
		return
	}
	list, err := a.svc.Notices.List(c.Request.Context(), actor(c), unread, limit)
	if err != nil {
		writeError(c, err)
		return
	}
	out := noticeListResponse{Items: make([]noticeResponse, 0, len(list.Items)), Unread: list.Unread}
	for _, n := range list.Items {
		out.Items = append(out.Items, noticeResponse{ID: n.ID, Kind: n.Kind, TaskID: n.TaskID, Text: n.Text, At: n.At, Read: n.ReadAt != nil})
	}
	c.JSON(http.StatusOK, out)
}

// markReadRequest names the notices to mark read, or all of them.
type markReadRequest struct {
	IDs []models.ID `json:"ids"`
	All bool        `json:"all"`
}

type markReadResponse struct {
	Marked int `json:"marked"`
	Unread int `json:"unread"`
}

// markNoticesRead marks the actor's own notices read; ids of other
// people's notices are ignored, not refused, so they reveal nothing.
func (a *api) markNoticesRead(c *gin.Context) {
	var req markReadRequest
	if !bind(c, &req) {
		return
	}
	switch {
	case req.All && len(req.IDs) > 0:
		writeError(c, models.Invalid("ids", "give either ids or all, not both"))
		return
	case !req.All && len(req.IDs) == 0:
		writeError(c, models.Invalid("ids", "required: the notices to mark read, or all: true"))
		return
	}
	ctx, act := c.Request.Context(), actor(c)
	marked, err := a.svc.Notices.MarkRead(ctx, act, req.IDs, req.All)
	if err != nil {
		writeError(c, err)
		return
	}
	unread, err := a.svc.Notices.Unread(ctx, act)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, markReadResponse{Marked: marked, Unread: unread})
}

// queryBool reads an optional true/false query parameter ("1" and "0"
// too, as a form's checkbox sends them).
func queryBool(c *gin.Context, name string, p models.Problems) bool {
	switch c.Query(name) {
	case "", "false", "0":
		return false
	case "true", "1":
		return true
	}
	p.Add(name, "must be true or false")
	return false
}
