package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/directory"
	"github.com/theodoi/theodoi/services/outbox"
)

// A person's own account through the API: profile, mail choices,
// password change, and the forgotten-password link.

type profileRequest struct {
	Name     *string `json:"name"`
	Language *string `json:"language"`
}

func (a *api) updateProfile(c *gin.Context) {
	var req profileRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	u, err := a.svc.Users.UpdateProfile(c.Request.Context(), actor(c), directory.ProfilePatch{Name: req.Name, Language: req.Language})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

// mailPrefsResponse is the stored choices with the choice for every kind
// of follow-up event spelled out, defaults included.
type mailPrefsResponse struct {
	models.MailPrefs
	Notify map[models.NoticeKind]models.NotifyMode `json:"notify"`
}

func toMailPrefsResponse(p models.MailPrefs) mailPrefsResponse {
	out := mailPrefsResponse{MailPrefs: p, Notify: make(map[models.NoticeKind]models.NotifyMode, len(models.MailedNoticeKinds))}
	for _, k := range models.MailedNoticeKinds {
		out.Notify[k] = p.NotifyMode(k)
	}
	return out
}

func (a *api) getMailPrefs(c *gin.Context) {
	p, err := a.svc.MailPrefs.Get(c.Request.Context(), actor(c))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, toMailPrefsResponse(p))
}

// mailPrefsRequest: notify may name some kinds only; the others keep
// their choice.
type mailPrefsRequest struct {
	Digest    models.DigestFrequency                  `json:"digest"`
	Reminders *bool                                   `json:"reminders"`
	Notify    map[models.NoticeKind]models.NotifyMode `json:"notify"`
}

func (a *api) setMailPrefs(c *gin.Context) {
	var req mailPrefsRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Reminders == nil {
		writeError(c, models.Invalid("reminders", "required: true or false"))
		return
	}
	p, err := a.svc.MailPrefs.Set(c.Request.Context(), actor(c), outbox.MailPrefsInput{Digest: req.Digest, Reminders: *req.Reminders, Notify: req.Notify})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, toMailPrefsResponse(p))
}

type changePasswordRequest struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

// changePassword ends every session of the account, this one included.
func (a *api) changePassword(c *gin.Context) {
	var req changePasswordRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if err := a.svc.Auth.ChangePassword(c.Request.Context(), actor(c), req.CurrentPassword, req.NewPassword); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type forgotPasswordRequest struct {
	Email string `json:"email"`
}

// forgotPassword answers 202 whether or not the address has an account.
func (a *api) forgotPassword(c *gin.Context) {
	var req forgotPasswordRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if err := a.svc.Auth.RequestPasswordReset(c.Request.Context(), req.Email, c.ClientIP()); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusAccepted)
}

type resetPasswordRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

func (a *api) resetPassword(c *gin.Context) {
	var req resetPasswordRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if err := a.svc.Auth.ResetPassword(c.Request.Context(), req.Token, req.Password); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
