package handlers

import (
	"bufio"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/export"
	"github.com/theodoi/theodoi/services/task"
)

// Exports (Excel and CSV) of the task list and a month's figures, for the
// API and the pages alike: the same filters and permissions as the
// listings. A refused request answers with an error before any byte of
// the file; the file is then streamed as it is written.

// sendExport answers with a download written by write, or with the error
// write returned before it wrote anything.
func sendExport(c *gin.Context, f export.Format, name string, write func(w *exportWriter) error, fail func(error)) {
	w := &exportWriter{c: c, f: f, name: name}
	err := write(w)
	if err == nil {
		err = w.flush()
	}
	if err != nil && !w.started {
		fail(err)
		return
	}
	if err != nil {
		// The headers are out: all that is left is to cut the download,
		// which the client sees as an incomplete file.
		c.Error(err) //nolint:errcheck // recorded for the access log
		panic(http.ErrAbortHandler)
	}
}

// exportWriter writes the headers of the download on its first byte.
type exportWriter struct {
	c       *gin.Context
	f       export.Format
	name    string
	started bool
	buf     *bufio.Writer
}

func (w *exportWriter) Write(p []byte) (int, error) {
	if !w.started {
		w.started = true
		h := w.c.Writer.Header()
		h.Set("Content-Type", w.f.ContentType())
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": w.name}))
		h.Set("X-Content-Type-Options", "nosniff")
		w.c.Status(http.StatusOK)
		w.buf = bufio.NewWriterSize(w.c.Writer, 64<<10)
	}
	return w.buf.Write(p)
}

func (w *exportWriter) flush() error {
	if w.buf == nil {
		return nil
	}
	return w.buf.Flush()
}

// exportTasks answers GET /api/v1/tasks/export?format=xlsx|csv with the
// listing's filters (period, unit, role, area, state, timeliness, q).
func (a *api) exportTasks(c *gin.Context) {
	f, err := export.ParseFormat(c.Query("format"))
	if err != nil {
		writeError(c, err)
		return
	}
	q := task.TaskQuery{
		Period: c.Query("period"), UnitID: models.ID(c.Query("unit")), Role: c.Query("role"),
		AreaID: models.ID(c.Query("area")), State: c.Query("state"), Timeliness: c.Query("timeliness"), Q: c.Query("q"),
	}
	name := export.FileName("nhiem-vu", models.Month(q.Period), f)
	sendExport(c, f, name, func(w *exportWriter) error {
		return a.svc.Exports.Tasks(c.Request.Context(), actor(c), q, f, language(c), w)
	}, func(err error) { writeError(c, err) })
}

// exportFigures answers GET /api/v1/periods/{M}/figures?format=xlsx.
func (a *api) exportFigures(c *gin.Context) {
	month := models.Month(c.Param("month"))
	name := export.FileName("so-lieu", month, export.XLSX)
	sendExport(c, export.XLSX, name, func(w *exportWriter) error {
		return a.svc.Exports.Figures(c.Request.Context(), actor(c), month, language(c), w)
	}, func(err error) { writeError(c, err) })
}

// exportTaskList answers GET /tasks/export: the list page's filters.
func (p *pages) exportTaskList(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	f, err := export.ParseFormat(c.Query("format"))
	if err != nil {
		p.fail(c, err)
		return
	}
	today, err := p.svc.Tasks.Today(ctx, a)
	if err != nil {
		p.fail(c, err)
		return
	}
	filter, _ := readTaskFilter(c, today.Month())
	q := pageTaskQuery(a, filter)
	name := export.FileName("nhiem-vu", models.Month(q.Period), f)
	sendExport(c, f, name, func(w *exportWriter) error {
		return p.svc.Exports.Tasks(ctx, a, q, f, language(c), w)
	}, func(err error) { p.fail(c, err) })
}

// exportPeriodFigures answers GET /periods/{M}/figures.xlsx.
func (p *pages) exportPeriodFigures(c *gin.Context) {
	month := models.Month(c.Param("month"))
	sendExport(c, export.XLSX, export.FileName("so-lieu", month, export.XLSX), func(w *exportWriter) error {
		return p.svc.Exports.Figures(c.Request.Context(), actor(c), month, language(c), w)
	}, func(err error) { p.fail(c, err) })
}
