package resolution

import (
	"fmt"

	"github.com/theodoi/theodoi/models"
)

// Error codes, stable for the API and the interface's message catalogs.
const (
	CodeEmpty          = "empty"
	CodeNotUTF8        = "not_utf8"
	CodeBinary         = "binary"
	CodeNoTasksSection = "no_tasks_section"
	CodeTooLarge       = "too_large"
)

// Error is a problem with the uploaded resolution, worded for the person
// who uploaded it in both interface languages.
type Error struct {
	Code string
	Vi   string
	En   string
}

func (e *Error) Error() string { return e.Vi + " / " + e.En }

// Is matches another *Error by code, so callers can write
// errors.Is(err, &resolution.Error{Code: resolution.CodeEmpty}).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Unwrap makes every parse problem an invalid input for the handlers'
// single error table.
func (e *Error) Unwrap() error { return models.ErrInvalid }

func errEmpty() *Error {
	return &Error{CodeEmpty, "tệp trống, không có nội dung", "the file is empty"}
}

func errNotUTF8() *Error {
	return &Error{CodeNotUTF8,
		"tệp không phải UTF-8 — có thể là TCVN3/Windows-1258; hãy lưu lại dưới dạng UTF-8",
		"the file is not UTF-8 — probably TCVN3 or Windows-1258; save it as UTF-8"}
}

func errBinary() *Error {
	return &Error{CodeBinary,
		"tệp không phải văn bản thuần (có thể là tệp .docx, .pdf hoặc tệp hỏng)",
		"the file is not plain text (perhaps a .docx or .pdf, or a damaged file)"}
}

func errNoTasks() *Error {
	return &Error{CodeNoTasksSection,
		"không tìm thấy phần nhiệm vụ (II. Phương hướng, nhiệm vụ…)",
		"no section with tasks found"}
}

// TooLarge is for callers that cap the upload size before reading.
func TooLarge(maxBytes int64) *Error {
	kb := (maxBytes + 1023) / 1024
	return &Error{CodeTooLarge,
		fmt.Sprintf("tệp quá lớn (tối đa %d KB)", kb),
		fmt.Sprintf("the file is too large (at most %d KB)", kb)}
}
