package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
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
	setSessionCookie(c, a.opts, token)
	c.JSON(http.StatusOK, gin.H{"token": token, "user": u})
}

type invitationRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

// acceptInvitation sets the password chosen through an invitation link
// and signs the person in, answering as login does.
func (a *api) acceptInvitation(c *gin.Context) {
	var req invitationRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	u, err := a.svc.Auth.AcceptInvitation(c.Request.Context(), req.Token, req.Password)
	if err != nil {
		writeError(c, err)
		return
	}
	token, u, err := a.svc.Auth.Login(c.Request.Context(), u.Email, req.Password, c.ClientIP())
	if err != nil {
		writeError(c, err)
		return
	}
	setSessionCookie(c, a.opts, token)
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

// inviteUser e-mails a user a new invitation link (admin), replacing the
// one before: for a person who lost theirs or let it expire.
func (a *api) inviteUser(c *gin.Context) {
	u, err := a.svc.Users.Invite(c.Request.Context(), actor(c), pathID(c))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"email": u.Email, "expiresInHours": int(directory.InvitationTTL.Hours())})
}
