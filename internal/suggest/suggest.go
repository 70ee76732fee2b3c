// Package suggest proposes, for each task of a parsed resolution, the
// committee's area, the lead, coordinating and follow-up units, and flags
// for the reviewer (DOMAIN.md §6), as a ward office would assign them.
// Every proposal carries a confidence (confidence.go) and a reason in
// Vietnamese; a person confirms or edits it before anything is tracked.
//
// All the rules are tables in rules.go: group subjects ("Các trường…"
// → the body that directs them leads), keywords, area defaults and
// follow-up scopes. A task table's own "Đơn vị chủ trì" / "Đơn vị phối
// hợp" cells come first (table.go); section III of the resolution says
// who follows up what (followup.go). Nothing here guesses by position:
// areas match by their words, units by their names and aliases.
package suggest

import (
	"fmt"

	"github.com/theodoi/theodoi/internal/resolution"
	"github.com/theodoi/theodoi/models"
)

// Flags on an ImportItem.
const (
	FlagMultipleSubtasks = "multiple_subtasks"
	FlagMultipleLeads    = "multiple_leads"
	FlagWaitingCondition = "waiting_condition"
)

// Proposals turns the tasks of doc (section II) into import items, one per
// task, in order. units and areas are the committee's; inactive units are
// never suggested.
func Proposals(doc resolution.Document, units []models.Unit, areas []models.Area) []models.ImportItem {
	dir := newDirectory(units)
	plan := dir.readImplementation(doc.Implementation)
	items := []models.ImportItem{}
	for _, a := range doc.Tasks {
		am := matchArea(a.Title, areas)
		cat := categoryOf(a.Title, am.area.Name)
		for i, it := range a.Items {
			index := it.Index
			if index <= 0 {
				index = i + 1
			}
			s := dir.suggest(it, cat, plan)
			item := models.ImportItem{
				Key:         fmt.Sprintf("%d.%d", a.Number, index),
				AreaID:      am.area.ID,
				NewAreaName: am.newName,
				Text:        it.Text,
				Source: models.SourceRef{Resolution: doc.Number.Raw, Section: "II",
					AreaIndex: a.Number, ItemIndex: index},
				LeadUnitID:          s.lead,
				CoordinatingUnitIDs: append([]models.ID{}, s.coordinating...),
				FollowUpUnitID:      s.followUp,
				Deadline:            it.ProposedDeadline,
				DeadlineReason:      string(it.DeadlineReason),
				Condition:           it.Condition,
				Continues:           it.Continues,
				Suggestion: models.Suggestion{
					LeadUnitID:          s.lead,
					LeadConfidence:      s.confidence,
					LeadReason:          s.reason,
					CoordinatingUnitIDs: s.coordinating,
					CoordinatingReasons: s.coordinatingReasons,
					AreaReason:          am.reason,
				},
			}
			for _, n := range it.Footnotes {
				item.Footnotes = append(item.Footnotes, fmt.Sprintf("%d: %s", n.Number, n.Text))
			}
			if it.MultipleSubtasks {
				item.Flags = append(item.Flags, FlagMultipleSubtasks)
			}
			if s.multipleLeads {
				item.Flags = append(item.Flags, FlagMultipleLeads)
			}
			if it.WaitingForCondition {
				item.Flags = append(item.Flags, FlagWaitingCondition)
			}
			items = append(items, item)
		}
	}
	return items
}
