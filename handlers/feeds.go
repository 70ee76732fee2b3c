package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

// The calendar feed is read by calendar apps, which cannot sign in: the
// token in its address is the credential (see feed.FeedService).

// calendarFeed serves GET /calendar/{token}.ics.
func (p *pages) calendarFeed(c *gin.Context) {
	token, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok {
		c.String(http.StatusNotFound, "not found\n")
		return
	}
	body, err := p.svc.Feeds.Feed(c.Request.Context(), token)
	switch {
	case errors.Is(err, models.ErrNotFound):
		c.String(http.StatusNotFound, "Không tìm thấy lịch này; hãy lấy đường dẫn mới trên trang Tài khoản.\nCalendar not found; get a new link from your account page.\n")
		return
	case err != nil:
		_ = c.Error(err) // logged with the request
		c.String(http.StatusInternalServerError, "Lỗi máy chủ; thử lại sau. / Server error; try again later.\n")
		return
	}
	c.Header("Cache-Control", "private, max-age=300")
	c.Header("Content-Disposition", `inline; filename="theodoi.ics"`)
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", body)
}

// feedLinks is the address of actor's feed, as https and as webcal (which
// opens the calendar app), or empty when the site's public address is not
// an absolute http(s) URL that an app could reach.
func feedLinks(url string) (web, webcal string) {
	switch {
	case strings.HasPrefix(url, "https://"):
		return url, "webcal://" + strings.TrimPrefix(url, "https://")
	case strings.HasPrefix(url, "http://"):
		return url, "webcal://" + strings.TrimPrefix(url, "http://")
	}
	return "", ""
}

// myCalendar is GET /api/v1/me/calendar: the address of one's own feed.
func (a *api) myCalendar(c *gin.Context) {
	token, err := a.svc.Feeds.FeedToken(c.Request.Context(), actor(c))
	if err != nil {
		writeError(c, err)
		return
	}
	web, webcal := feedLinks(a.svc.Feeds.FeedURL(token))
	c.JSON(http.StatusOK, gin.H{"url": web, "webcal": webcal})
}
