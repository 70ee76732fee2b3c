package handlers

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// messages are the human text of each error code, Vietnamese first.
var messages = map[string]map[string]string{
	"vi": {
		"too_large":                "Dữ liệu gửi lên quá lớn",
		"unsupported_media_type":   "Dữ liệu phải ở dạng JSON (application/json)",
		"bad_request":              "Yêu cầu không hợp lệ",
		"cross_origin":             "Yêu cầu từ trang khác bị từ chối",
		"not_found":                "Không tìm thấy",
		"method_not_allowed":       "Phương thức không được hỗ trợ",
		"invalid":                  "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường",
		"unauthenticated":          "Chưa đăng nhập, phiên đã hết hạn hoặc thông tin đăng nhập không đúng",
		"forbidden":                "Bạn không có quyền thực hiện thao tác này",
		"conflict":                 "Dữ liệu đã được người khác thay đổi; vui lòng tải lại rồi thử lại",
		"duplicate":                "Dữ liệu đã tồn tại",
		"invalid_transition":       "Không thể chuyển trạng thái nhiệm vụ như vậy",
		"rate_limited":             "Quá nhiều lần thử; vui lòng đợi một lát",
		"password_change_required": "Mật khẩu này do người khác cấp: hãy đổi mật khẩu (POST /api/v1/me/password) trước khi làm việc khác",
		"internal":                 "Lỗi hệ thống; vui lòng thử lại hoặc báo quản trị viên kèm mã yêu cầu",
	},
	"en": {
		"too_large":                "Request body too large",
		"unsupported_media_type":   "Body must be JSON (application/json)",
		"bad_request":              "Bad request",
		"cross_origin":             "Cross-origin request refused",
		"not_found":                "Not found",
		"method_not_allowed":       "Method not allowed",
		"invalid":                  "Invalid input; check the fields",
		"unauthenticated":          "Not logged in, session expired, or wrong credentials",
		"forbidden":                "You are not allowed to do this",
		"conflict":                 "Someone else changed this record; reload and try again",
		"duplicate":                "Already exists",
		"invalid_transition":       "This task cannot change state that way",
		"rate_limited":             "Too many attempts; please wait a moment",
		"password_change_required": "This password was handed out by someone else: change it (POST /api/v1/me/password) before anything else",
		"internal":                 "Internal error; try again or tell the administrator the request id",
	},
}

func message(lang, code string) string {
	if m, ok := messages[lang][code]; ok {
		return m
	}
	return messages["vi"][code]
}

// language is the one chosen with the page's language switch, else the
// user's when logged in, else the first of Accept-Language that we speak,
// else Vietnamese.
func language(c *gin.Context) string {
	if l := cookieLanguage(c); l != "" {
		return l
	}
	if a, ok := actorFrom(c); ok && a.Language != "" {
		return a.Language
	}
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "vi"):
			return "vi"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "vi"
}
