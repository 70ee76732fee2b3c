package handlers

import (
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/imports"
)

// uploadImport takes a resolution as multipart field "file" (.docx or its
// text export). The same document uploaded again answers 200 with the
// earlier import and "existing": true instead of making a duplicate.
func (a *api) uploadImport(c *gin.Context) {
	up, err := readUpload(c, a.opts.ImportMaxBytes)
	switch {
	case errors.Is(err, errNoFile):
		writeError(c, models.Invalid("file", message(language(c), "import_file_missing")))
		return
	case err != nil:
		writeError(c, err)
		return
	}
	defer up.Close()
	data, err := up.Bytes()
	if err != nil {
		writeError(c, err)
		return
	}
	res, err := a.svc.Imports.Upload(c.Request.Context(), actor(c), up.Name, up.ContentType, data)
	var fp *imports.FileProblem
	switch {
	case errors.As(err, &fp):
		writeError(c, models.Invalid("file", fp.In(language(c))))
		return
	case err != nil:
		writeError(c, err)
		return
	}
	status := http.StatusCreated
	if res.Existing {
		status = http.StatusOK
	}
	out := gin.H{"import": res.Import, "existing": res.Existing}
	// A month that has its tasks already: name the import this one would
	// replace (POST …/replace), so a client can warn as the page does.
	if res.Import.Status == models.ImportDraft {
		switch earlier, err := a.svc.Imports.Earlier(c.Request.Context(), actor(c), res.Import); {
		case err == nil:
			out["replaces"] = gin.H{"id": earlier.ID, "docNumber": earlier.DocNumber, "tasks": len(earlier.TaskIDs)}
		case !errors.Is(err, models.ErrNotFound):
			writeError(c, err)
			return
		}
	}
	c.JSON(status, out)
}

func (a *api) listImports(c *gin.Context) {
	imps, err := a.svc.Imports.List(c.Request.Context(), actor(c))
	list(c, imps, err)
}

func (a *api) getImport(c *gin.Context) {
	imp, err := a.svc.Imports.Get(c.Request.Context(), actor(c), pathID(c))
	one(c, http.StatusOK, imp, err)
}

// importFile downloads the original upload.
func (a *api) importFile(c *gin.Context) {
	imp, data, err := a.svc.Imports.File(c.Request.Context(), actor(c), pathID(c))
	if err != nil {
		writeError(c, err)
		return
	}
	// The uploader chose the stored content type: served as such, an
	// "original" could be a page of script on our own origin. It is always
	// a download.
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": imp.FileName}))
	c.Data(http.StatusOK, "application/octet-stream", data)
}

type importItemsRequest struct {
	Version *int64              `json:"version"`
	Items   []models.ImportItem `json:"items"`
}

func (a *api) saveImportItems(c *gin.Context) {
	var req importItemsRequest
	if !bindEdit(c, &req, &req.Version) {
		return
	}
	if req.Items == nil {
		writeError(c, models.Invalid("items", "required"))
		return
	}
	imp, err := a.svc.Imports.SaveItems(c.Request.Context(), actor(c), pathID(c), *req.Version, req.Items)
	one(c, http.StatusOK, imp, err)
}

func (a *api) commitImport(c *gin.Context) {
	if req, ok := a.bindAction(c); ok {
		imp, err := a.svc.Imports.Commit(c.Request.Context(), actor(c), pathID(c), req.Version)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"import": imp, "created": len(imp.TaskIDs),
			"message": fmt.Sprintf("Đã tạo %d nhiệm vụ cho tháng %s / created %d tasks for %s", len(imp.TaskIDs), imp.Month, len(imp.TaskIDs), imp.Month)})
	}
}

func (a *api) discardImport(c *gin.Context) {
	if req, ok := a.bindAction(c); ok {
		imp, err := a.svc.Imports.Discard(c.Request.Context(), actor(c), pathID(c), req.Version)
		one(c, http.StatusOK, imp, err)
	}
}

// replaceImport is POST /api/v1/imports/{id}/replace: the import takes the
// place of its month's earlier one (see ImportService.Replace).
func (a *api) replaceImport(c *gin.Context) {
	if req, ok := a.bindAction(c); ok {
		res, err := a.svc.Imports.Replace(c.Request.Context(), actor(c), pathID(c), req.Version)
		one(c, http.StatusOK, res, err)
	}
}
