package handlers

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestAccessLogHidesFeedTokens: the calendar feed's address is its
// credential; the access log keeps the route, never the token, while
// other paths are logged as they are.
func TestAccessLogHidesFeedTokens(t *testing.T) {
	gin.SetMode(gin.TestMode)
	var buf bytes.Buffer
	r := gin.New()
	r.Use(accessLog(slog.New(slog.NewJSONHandler(&buf, nil))))
	r.GET(calendarRoute, func(c *gin.Context) { c.Status(http.StatusOK) })
	r.GET("/tasks/:id", func(c *gin.Context) { c.Status(http.StatusOK) })
	for _, path := range []string{"/calendar/c0ffee.s3cr3t-token.ics", "/tasks/01fh769hw00y370f030f"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	log := buf.String()
	if strings.Contains(log, "s3cr3t") {
		t.Errorf("the feed token is in the access log:\n%s", log)
	}
	if !strings.Contains(log, `"path":"/calendar/:file"`) || !strings.Contains(log, `"path":"/tasks/01fh769hw00y370f030f"`) {
		t.Errorf("paths not logged as expected:\n%s", log)
	}
}
