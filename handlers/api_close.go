package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/monthend"
)

// closeMonthRequest is the optional body of POST /periods/{month}/close:
// per-task choices for unfinished tasks; a task left out is carried over.
type closeMonthRequest struct {
	Choices map[models.ID]monthend.Choice `json:"choices"`
}

// closeMonthResponse says what closing the month did. Closing a month that
// was carried over already answers 200 with alreadyDone and zero counts,
// so a repeated click or a retry after a lost answer is harmless.
type closeMonthResponse struct {
	Month       models.Month   `json:"month"`
	AlreadyDone bool           `json:"alreadyDone"`
	Carried     int            `json:"carried"`   // tasks of the month now in the next one
	Done        int            `json:"done"`      // accepted as done by this call's choices
	Cancelled   int            `json:"cancelled"` // cancelled by this call's choices
	Skipped     int            `json:"skipped"`   // finished before (hoan_thanh, huy): left as they were
	Notices     int            `json:"notices"`   // e-mails queued by this call
	NextPeriod  *models.Period `json:"nextPeriod,omitempty"`
}

// closePeriod is "Kết thúc tháng": the month's unfinished tasks move to the
// next month now, even before the month ends.
func (a *api) closePeriod(c *gin.Context) {
	var req closeMonthRequest
	if err := bindOptionalJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	res, err := a.svc.CarryOver.CarryOver(c.Request.Context(), actor(c), models.Month(c.Param("month")), req.Choices)
	if err != nil {
		writeError(c, err)
		return
	}
	out := closeMonthResponse{Month: res.Month, AlreadyDone: res.AlreadyDone, Carried: res.Carried, Done: res.Done,
		Cancelled: res.Cancelled, Skipped: res.Skipped, Notices: res.Notices}
	if res.NextPeriod.ID != "" {
		out.NextPeriod = &res.NextPeriod
	}
	c.JSON(http.StatusOK, out)
}
