package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

// TestStoreUnavailable: a store that cannot write makes /readyz answer
// 503 with the reason, and a write answer 503 with a message saying that
// nothing was changed.
func TestStoreUnavailable(t *testing.T) {
	gin.SetMode(gin.TestMode)
	full := fmt.Errorf("%w: database or disk is full", models.ErrUnavailable)
	r := gin.New()
	r.GET("/readyz", readyz(func(context.Context) error { return full }))
	r.POST("/write", func(c *gin.Context) { writeError(c, fmt.Errorf("save task: %w", full)) })

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "disk is full") {
		t.Errorf("/readyz: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/write", nil)
	req.Header.Set("Accept-Language", "vi")
	r.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "Không có gì bị thay đổi") {
		t.Errorf("a write: %d %s", rec.Code, rec.Body)
	}
}
