package handlers

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

// errorBody is every error response.
type errorBody struct {
	Error     string            `json:"error"`
	Code      string            `json:"code"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"requestId,omitempty"`
}

// Errors of the HTTP layer itself.
var (
	errNoRoute     = errors.New("no such route")
	errNoMethod    = errors.New("method not allowed")
	errBadJSON     = errors.New("malformed JSON body")
	errTooLarge    = errors.New("body too large")
	errMediaType   = errors.New("body must be application/json")
	errCrossOrigin = errors.New("cross-origin request refused")
)

// badRequest wraps a decoding problem so its detail reaches the client.
type badRequest struct{ detail string }

func (e *badRequest) Error() string   { return e.detail }
func (e *badRequest) Is(t error) bool { return t == errBadJSON }

// statusTable maps errors to a status and a stable code, in order.
var statusTable = []struct {
	err    error
	status int
	code   string
}{
	{errTooLarge, http.StatusRequestEntityTooLarge, "too_large"},
	{errMediaType, http.StatusUnsupportedMediaType, "unsupported_media_type"},
	{errBadJSON, http.StatusBadRequest, "bad_request"},
	{errCrossOrigin, http.StatusForbidden, "cross_origin"},
	{errNoRoute, http.StatusNotFound, "not_found"},
	{errNoMethod, http.StatusMethodNotAllowed, "method_not_allowed"},
	{models.ErrInvalid, http.StatusUnprocessableEntity, "invalid"},
	{models.ErrUnauthenticated, http.StatusUnauthorized, "unauthenticated"},
	{models.ErrPasswordChangeRequired, http.StatusForbidden, "password_change_required"},
	{models.ErrForbidden, http.StatusForbidden, "forbidden"},
	{models.ErrNotFound, http.StatusNotFound, "not_found"},
	{models.ErrConflict, http.StatusConflict, "conflict"},
	{models.ErrDuplicate, http.StatusConflict, "duplicate"},
	{models.ErrTransition, http.StatusUnprocessableEntity, "invalid_transition"},
	{models.ErrRateLimited, http.StatusTooManyRequests, "rate_limited"},
	{models.ErrUnavailable, http.StatusServiceUnavailable, "unavailable"},
}

// writeError answers with the status and message for err; unknown errors
// become a 500 that names the request id and nothing internal.
func writeError(c *gin.Context, err error) {
	lang := language(c)
	for _, row := range statusTable {
		if !errors.Is(err, row.err) {
			continue
		}
		body := errorBody{Error: message(lang, row.code), Code: row.code}
		var ve *models.ValidationError
		if errors.As(err, &ve) {
			body.Fields = ve.Fields
		}
		var br *badRequest
		if errors.As(err, &br) {
			body.Error += ": " + br.detail
		}
		if row.code == "invalid_transition" || row.code == "conflict" || row.code == "forbidden" {
			body.Error += " (" + err.Error() + ")"
		}
		c.AbortWithStatusJSON(row.status, body)
		return
	}
	rid := c.GetString(ctxRequestID)
	c.Error(err) //nolint:errcheck // recorded for the access log
	c.AbortWithStatusJSON(http.StatusInternalServerError, errorBody{
		Error: message(lang, "internal"), Code: "internal", RequestID: rid,
	})
}
