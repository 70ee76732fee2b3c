package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (a *api) login(c *gin.Context) {
	var req loginRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	p := models.Problems{}
	if req.Email == "" {
		p.Add("email", "required")
	}
	if req.Password == "" {
		p.Add("password", "required")
	}
	if err := p.Err(); err != nil {
		writeError(c, err)
		return
	}
	token, u, err := a.svc.Auth.Login(c.Request.Context(), req.Email, req.Password, c.ClientIP())
	if err != nil {
		writeError(c, err)
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: a.opts.CookieSecure, SameSite: http.SameSiteLaxMode, MaxAge: int(a.opts.SessionMaxAge.Seconds()),
	})
	c.JSON(http.StatusOK, gin.H{"token": token, "user": u})
}

func (a *api) logout(c *gin.Context) {
	if token := c.GetString(ctxToken); token != "" {
		if err := a.svc.Auth.Logout(c.Request.Context(), token); err != nil {
			writeError(c, err)
			return
		}
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: a.opts.CookieSecure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	c.Status(http.StatusNoContent)
}

func (a *api) me(c *gin.Context) {
	u, err := a.svc.Auth.CurrentUser(c.Request.Context(), actor(c))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}
