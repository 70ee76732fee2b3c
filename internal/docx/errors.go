package docx

import "fmt"

// Error codes, stable for handlers and logs.
const (
	CodeTooLarge   = "too_large"    // the file, or its number of parts, is over the limit
	CodeZipBomb    = "zip_bomb"     // the archive inflates past the limit or past what it declares
	CodeNotDocx    = "not_docx"     // empty, not a zip, or a zip without a Word document
	CodeLegacyDoc  = "legacy_doc"   // an OLE compound file: a .doc, or a password-protected .docx
	CodeXMLTooDeep = "xml_too_deep" // XML nested deeper than Limits.MaxXMLDepth
	CodeCorrupt    = "corrupt"      // a broken archive or malformed XML
)

// Error is why a file was refused: a stable Code, a message for the user
// (Vi) and one for logs (En, which may carry technical detail).
type Error struct {
	Code, Vi, En string
}

func (e *Error) Error() string { return e.Vi + " / " + e.En }

// Is matches on Code, so errors.Is(err, &docx.Error{Code: docx.CodeZipBomb})
// works however the error was wrapped.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

const mb = 1 << 20

func errTooLarge(limit int64) *Error {
	return &Error{CodeTooLarge,
		fmt.Sprintf("Tệp quá lớn (tối đa %d MB).", limit/mb),
		fmt.Sprintf("the file is too large (at most %d MB)", limit/mb)}
}

func errTooManyEntries(limit int) *Error {
	return &Error{CodeTooLarge,
		fmt.Sprintf("Tệp .docx có quá nhiều thành phần (hơn %d).", limit),
		fmt.Sprintf("the .docx has too many zip entries (more than %d)", limit)}
}

func errZipBomb(detail string) *Error {
	return &Error{CodeZipBomb,
		"Tệp .docx giải nén ra quá nhiều dữ liệu, có thể là tệp độc hại.",
		"the .docx inflates to too much data (possible zip bomb): " + detail}
}

func errEmpty() *Error {
	return &Error{CodeNotDocx, "Tệp rỗng.", "the file is empty"}
}

func errNotZip() *Error {
	return &Error{CodeNotDocx,
		"Tệp không phải là văn bản Word (.docx).",
		"the file is not a Word .docx document (not a zip archive)"}
}

func errNoDocument() *Error {
	return &Error{CodeNotDocx,
		"Tệp nén không chứa nội dung văn bản Word (.docx).",
		"the zip archive has no Word document part (word/document.xml)"}
}

func errLegacy() *Error {
	return &Error{CodeLegacyDoc,
		"Đây là tệp .doc cũ hoặc tệp có đặt mật khẩu; hãy mở bằng Word và lưu lại dưới dạng .docx (không đặt mật khẩu).",
		"this is an old .doc file (or a password-protected document); save it as .docx without a password"}
}

func errTooDeep(part string, limit int) *Error {
	return &Error{CodeXMLTooDeep,
		fmt.Sprintf("Tệp .docx có cấu trúc lồng nhau quá sâu (hơn %d cấp).", limit),
		fmt.Sprintf("%s: XML nested deeper than %d levels", part, limit)}
}

func errCorrupt(part string, err error) *Error {
	return &Error{CodeCorrupt,
		"Tệp .docx bị hỏng, không đọc được.",
		fmt.Sprintf("the .docx is damaged: %s: %v", part, err)}
}
