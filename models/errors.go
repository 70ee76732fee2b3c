package models

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors. Every layer wraps them with %w; handlers map them to
// HTTP statuses in one table.
var (
	ErrNotFound        = errors.New("not found")
	ErrConflict        = errors.New("conflict")  // stale version or concurrent change
	ErrDuplicate       = errors.New("duplicate") // a unique key already exists
	ErrForbidden       = errors.New("forbidden")
	ErrUnauthenticated = errors.New("unauthenticated")
	ErrInvalid         = errors.New("invalid input")
	ErrTransition      = errors.New("state transition not allowed")
	ErrRateLimited     = errors.New("too many attempts")
	// ErrUnavailable: the store cannot take writes now (disk full,
	// read-only, damaged); nothing was changed.
	ErrUnavailable = errors.New("storage unavailable")
	// ErrPasswordChangeRequired: the account's password was handed out by
	// someone else and must be replaced before anything else is done.
	ErrPasswordChangeRequired = errors.New("password change required")
)

// ValidationError lists what is wrong with an input, field by field.
// Field names are the API's JSON names.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Problems collects field errors while validating; Err returns nil when empty.
type Problems map[string]string

// Add records the first problem seen for a field.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Fields: map[string]string(p)}
}

// Invalid is a one-field validation error.
func Invalid(field, msg string) error {
	return &ValidationError{Fields: map[string]string{field: msg}}
}

// NotFound wraps ErrNotFound with what was looked for.
func NotFound(what string, id ID) error {
	return fmt.Errorf("%s %s: %w", what, id, ErrNotFound)
}
