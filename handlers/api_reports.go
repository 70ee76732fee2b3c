package handlers

import (
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

// reportAPI answers GET /api/v1/periods/{month}/reports/{kind}?format=…:
// the report as a Word or PDF download, or (html, the default) as the
// page. The service decides who gets which report and how much of it.
func (p *pages) reportAPI(kind models.ReportKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		format, err := models.ParseReportFormat(c.Query("format"))
		if err != nil {
			writeError(c, err)
			return
		}
		if format == models.FormatHTML {
			v, err := p.reportView(c, kind)
			if err != nil {
				writeError(c, err)
				return
			}
			p.render(c, http.StatusOK, "report_document", v)
			return
		}
		f, err := p.svc.Reports.File(c.Request.Context(), actor(c), kind, c.Param("month"), format)
		if err != nil {
			writeError(c, err)
			return
		}
		c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
		c.Data(http.StatusOK, f.ContentType, f.Data)
	}
}
