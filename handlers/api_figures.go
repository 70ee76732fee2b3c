package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
)

// GET /api/v1/periods/{YYYY-MM}/figures: a month's figures by the one
// rule every surface uses (models.Figures): frozen at closing for a month
// carried over, else live as of today. Counts by area and by lead unit;
// ?format=xlsx gives the same as a workbook (exports.go).

type figuresCounts struct {
	Total          int     `json:"total"`
	DoneOnTime     int     `json:"doneOnTime"`
	DoneLate       int     `json:"doneLate"`
	NotDoneInTerm  int     `json:"notDoneInTerm"`
	Overdue        int     `json:"overdue"`
	Paused         int     `json:"paused"`
	Cancelled      int     `json:"cancelled"`
	CarriedOut     int     `json:"carriedOut"`
	CompletionRate float64 `json:"completionRate"` // percent, cancelled tasks left out; 0 when nothing counts
}

func countsOf(f models.Figures) figuresCounts {
	return figuresCounts{Total: f.Total, DoneOnTime: f.DoneOnTime, DoneLate: f.DoneLate, NotDoneInTerm: f.OpenWithinTerm,
		Overdue: f.OpenOverdue, Paused: f.Paused, Cancelled: f.Cancelled, CarriedOut: f.CarriedOut, CompletionRate: f.CompletionPercent()}
}

type areaCounts struct {
	AreaID models.ID `json:"areaId"`
	Name   string    `json:"name"`
	figuresCounts
}

type unitCounts struct {
	UnitID models.ID `json:"unitId"`
	Name   string    `json:"name"`
	figuresCounts
}

type figuresResponse struct {
	Month  models.Month `json:"month"`
	AsOf   models.Date  `json:"asOf"`
	Frozen bool         `json:"frozen"`
	figuresCounts
	ByArea []areaCounts `json:"byArea"`
	ByUnit []unitCounts `json:"byUnit"`
}

func (a *api) monthFigures(c *gin.Context) {
	switch c.Query("format") {
	case "", "json":
	case "xlsx":
		a.exportFigures(c)
		return
	default:
		writeError(c, models.Invalid("format", "must be json or xlsx"))
		return
	}
	f, frozen, err := a.svc.Periods.Figures(c.Request.Context(), actor(c), models.Month(c.Param("month")))
	if err != nil {
		writeError(c, err)
		return
	}
	out := figuresResponse{Month: f.Month, AsOf: f.AsOf, Frozen: frozen, figuresCounts: countsOf(f.Totals),
		ByArea: make([]areaCounts, 0, len(f.Areas)), ByUnit: make([]unitCounts, 0, len(f.Units))}
	for _, g := range f.Areas {
		out.ByArea = append(out.ByArea, areaCounts{AreaID: g.ID, Name: g.Name, figuresCounts: countsOf(g.Figures)})
	}
	for _, g := range f.Units {
		out.ByUnit = append(out.ByUnit, unitCounts{UnitID: g.ID, Name: g.Name, figuresCounts: countsOf(g.Figures)})
	}
	c.JSON(http.StatusOK, out)
}
