package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

// bindJSON decodes the body into dst strictly: JSON only, no unknown
// fields, no trailing data, types must match. Operators such as
// {"$ne": ""} cannot reach a store: they fail to decode into typed fields.
func bindJSON(c *gin.Context, dst any) error {
	return decodeBody(c, dst, false)
}

// bindOptionalJSON is bindJSON for bodies that may be left out entirely.
func bindOptionalJSON(c *gin.Context, dst any) error {
	return decodeBody(c, dst, true)
}

func decodeBody(c *gin.Context, dst any, optional bool) error {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return errMediaType
		}
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errTooLarge
		}
		return &badRequest{detail: "could not read body"}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if optional {
			return nil
		}
		return &badRequest{detail: "empty body"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return &badRequest{detail: describeJSONError(err)}
	}
	if dec.More() {
		return &badRequest{detail: "unexpected data after the JSON value"}
	}
	return nil
}

func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return fmt.Sprintf("field %q must be %s", typ.Field, jsonKind(typ.Type.Kind().String()))
		}
		return "the body must be a JSON object"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated JSON"
	}
	const unknown = "json: unknown field "
	if s := err.Error(); len(s) > len(unknown) && s[:len(unknown)] == unknown {
		return "unknown field " + s[len(unknown):]
	}
	return "malformed JSON"
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "int", "int64", "int32":
		return "a whole number"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	}
	return k
}

// queryInt reads an optional whole-number query parameter.
func queryInt(c *gin.Context, name string, p models.Problems) int {
	s := c.Query(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.Add(name, "must be a whole number")
	}
	return n
}

// pathID is the :id parameter; the services reject malformed ones as not found.
func pathID(c *gin.Context) models.ID { return models.ID(c.Param("id")) }
