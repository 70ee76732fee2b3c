package report

import (
	"context"
	"encoding/json"

	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/models"
)

// DraftReport is what the draft resolution for month M+1 is written from:
// month M's results, the work that carries on, and the previous
// resolution's section III. Header, signer and recipients come from the
// committee (Review.Committee), never from an imported document.
type DraftReport struct {
	Review ReviewReport
	Carry  CarryReport
	Areas  []models.Area // every area, in order: section II lists them all
	// Previous is the last imported resolution for M (or before); nil when
	// the committee never imported one.
	Previous *resolution.Document
	units    []models.Unit // names and aliases, to find a task's doer in its text
}

// Draft gathers the draft resolution for the month after month.
func (s *ReportService) Draft(ctx context.Context, actor models.Actor, month models.Month) (DraftReport, error) {
	scope, err := models.ReportScopeFor(actor, models.ReportDraft)
	if err != nil {
		return DraftReport{}, err
	}
	d, err := s.load(ctx, actor, month)
	if err != nil {
		return DraftReport{}, err
	}
	var r DraftReport
	if r.Review, err = s.review(ctx, d, scope); err != nil {
		return DraftReport{}, err
	}
	if r.Carry, err = s.carryReport(ctx, d, scope); err != nil {
		return DraftReport{}, err
	}
	r.Areas, r.units = d.areas, d.unitOrder
	if r.Previous, err = s.previousResolution(ctx, actor.CommitteeID, month); err != nil {
		return DraftReport{}, err
	}
	return r, nil
}

// previousResolution is the committed import that planned month (the
// resolution the draft follows), else the newest committed one before it.
func (s *ReportService) previousResolution(ctx context.Context, committee models.ID, month models.Month) (*resolution.Document, error) {
	imps, err := s.Store.Imports().List(ctx, committee) // newest first
	if err != nil {
		return nil, err
	}
	var best *models.Import
	for i := range imps {
		imp := &imps[i]
		if imp.Status != models.ImportCommitted || imp.Month == "" || imp.Month > month {
			continue
		}
		if best == nil || imp.Month > best.Month {
			best = imp
		}
	}
	if best == nil {
		return nil, nil
	}
	full, err := s.Store.Imports().Get(ctx, committee, best.ID)
	if err != nil {
		return nil, err
	}
	var doc resolution.Document
	if err := json.Unmarshal(full.Document, &doc); err != nil {
		return nil, nil // an unreadable old import: write the defaults instead
	}
	return &doc, nil
}
