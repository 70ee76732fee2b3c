package handlers

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/web"
)

// message is the human text of an error code, from the catalog
// (web/i18n/errors.*.json), Vietnamese when lang has none.
func message(lang, code string) string {
	return web.T(lang, "error."+code)
}

// language is the one chosen with the page's language switch, else the
// user's when logged in, else (for the API only) the first of
// Accept-Language that we speak, else Vietnamese.
func language(c *gin.Context) string {
	if l := cookieLanguage(c); l != "" {
		return l
	}
	if a, ok := actorFrom(c); ok && a.Language != "" {
		return a.Language
	}
	// A browser sends Accept-Language by itself (an office PC set up in
	// English), so for pages it is no choice: they are Vietnamese unless
	// the person chose English (the footer's switch, their profile). An
	// API client sets the header on purpose, and is answered in it.
	if !strings.HasPrefix(c.Request.URL.Path, "/api/") {
		return "vi"
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
