package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

const (
	ctxRequestID = "request_id"
	ctxActor     = "actor"
	ctxToken     = "token"
	ctxByCookie  = "by_cookie"
	// SessionCookie carries the session token for the web pages.
	SessionCookie = "theodoi_session"
)

// requestID takes a sane X-Request-Id from the client or makes one.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-Id")
		if !saneRequestID(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set(ctxRequestID, id)
		c.Header("X-Request-Id", id)
		c.Next()
	}
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// accessLog writes one JSON line per request. The query string is left
// out: it may hold search text or a link's token.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		attrs := []slog.Attr{
			slog.String("request_id", c.GetString(ctxRequestID)),
			slog.String("method", c.Request.Method),
			slog.String("path", loggedPath(c)),
			slog.String("route", c.FullPath()),
			slog.Int("status", c.Writer.Status()),
			slog.Int("bytes", c.Writer.Size()),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
			slog.String("remote_addr", c.ClientIP()),
		}
		if a, ok := actorFrom(c); ok {
			attrs = append(attrs, slog.String("user_id", string(a.UserID)))
		}
		level := slog.LevelInfo
		if c.Writer.Status() >= 500 {
			level = slog.LevelError
			if len(c.Errors) > 0 {
				attrs = append(attrs, slog.String("error", c.Errors.Last().Error()))
			}
		}
		log.LogAttrs(c.Request.Context(), level, "request", attrs...)
	}
}

// secretRoutes are routes whose path holds a credential (the calendar
// feed's address is its token): the log shows the route, not the path.
var secretRoutes = map[string]bool{calendarRoute: true}

// loggedPath is the request's path as the access log may keep it.
func loggedPath(c *gin.Context) string {
	if secretRoutes[c.FullPath()] {
		return c.FullPath()
	}
	return c.Request.URL.Path
}

// recoverJSON turns a panic into a 500 with the request id.
func recoverJSON(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("panic", "request_id", c.GetString(ctxRequestID), "panic", v, "stack", string(debug.Stack()))
				writeError(c, errors.New("panic"))
			}
		}()
		c.Next()
	}
}

func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		c.Next()
	}
}

func noStore() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Header("Cache-Control", "no-store")
		c.Next()
	}
}

// limitBody caps every request body (routes in larger get their own cap);
// reading past it fails and the binder answers 413.
func limitBody(def int64, larger map[string]int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		max := def
		if m, ok := larger[c.FullPath()]; ok && c.Request.Method == http.MethodPost {
			max = m
		}
		// Pages read up to the cap and answer with a page instead.
		if c.Request.ContentLength > max && !isPagePath(c.Request.URL.Path) {
			writeError(c, errTooLarge)
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max)
		c.Next()
	}
}

// optionalAuth resolves a bearer token or the session cookie, if any.
func (a *api) optionalAuth() gin.HandlerFunc {
	return func(c *gin.Context) {
		token, byCookie := "", false
		if h := c.GetHeader("Authorization"); h != "" {
			if t, ok := strings.CutPrefix(h, "Bearer "); ok {
				token = strings.TrimSpace(t)
			}
		} else if ck, err := c.Cookie(SessionCookie); err == nil {
			token, byCookie = ck, true
		}
		if token != "" {
			actor, err := a.svc.Auth.Authenticate(c.Request.Context(), token)
			switch {
			case err == nil:
				c.Set(ctxActor, actor)
				c.Set(ctxToken, token)
				c.Set(ctxByCookie, byCookie)
			case !errors.Is(err, models.ErrUnauthenticated):
				writeError(c, err)
				return
			}
		}
		c.Next()
	}
}

func (a *api) requireAuth() gin.HandlerFunc {
	return func(c *gin.Context) {
		act, ok := actorFrom(c)
		if !ok {
			writeError(c, models.ErrUnauthenticated)
			return
		}
		if act.MustChangePassword && !passwordChangeRoutes[c.Request.Method+" "+c.FullPath()] {
			writeError(c, models.ErrPasswordChangeRequired)
			return
		}
		c.Next()
	}
}

// passwordChangeRoutes are what a session with a handed-out password may
// call: who am I, and change the password (logging out needs no session).
var passwordChangeRoutes = map[string]bool{
	"GET /api/v1/me":           true,
	"POST /api/v1/me/password": true,
}

// csrf refuses cross-origin unsafe requests that would ride on the session
// cookie (and the login that would set it). Bearer-token calls carry no
// ambient credentials and pass.
func (a *api) csrf() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c *gin.Context) {
		cookieAuth := c.GetBool(ctxByCookie)
		login := c.FullPath() == "/api/v1/auth/login"
		if cookieAuth || login {
			if err := cop.Check(c.Request); err != nil {
				writeError(c, errCrossOrigin)
				return
			}
		}
		c.Next()
	}
}

func actorFrom(c *gin.Context) (models.Actor, bool) {
	v, ok := c.Get(ctxActor)
	if !ok {
		return models.Actor{}, false
	}
	a, ok := v.(models.Actor)
	return a, ok
}

func actor(c *gin.Context) models.Actor {
	a, _ := actorFrom(c)
	return a
}
