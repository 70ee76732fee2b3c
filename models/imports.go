package models

import (
	"encoding/json"
	"time"
)

// ImportStatus is where a resolution import stands.
type ImportStatus string

const (
	ImportDraft      ImportStatus = "draft"      // parsed, being reviewed
	ImportCommitting ImportStatus = "committing" // tasks being created; a retry finishes it
	ImportCommitted  ImportStatus = "committed"  // its tasks exist
	ImportDiscarded  ImportStatus = "discarded"  // dropped by the reviewer
	ImportReplaced   ImportStatus = "replaced"   // its tasks were taken over by a corrected copy
)

// Import is one uploaded resolution on its way to becoming tasks: the parsed
// document, the proposed tasks as the reviewer edits them, and the
// original file (stored apart, see store.Imports.File).
type Import struct {
	ID          ID           `json:"id"`
	CommitteeID ID           `json:"committeeId"`
	Status      ImportStatus `json:"status"`
	FileName    string       `json:"fileName"`
	ContentType string       `json:"contentType"`
	FileSize    int64        `json:"fileSize"`
	ContentHash string       `json:"contentHash"` // SHA-256 of the original file, hex
	// DocNumber is the resolution's number as printed ("31-NQ/ĐU"); empty
	// for a draft resolution.
	DocNumber string `json:"docNumber,omitempty"`
	Month     Month  `json:"month"` // the target month of section II
	// Document is the parsed resolution (internal/resolution.Document as JSON).
	Document    json.RawMessage `json:"document"`
	Items       []ImportItem    `json:"items"`
	TaskIDs     []ID            `json:"taskIds,omitempty"` // set when committed
	Version     int64           `json:"version"`
	CreatedBy   ID              `json:"createdBy"`
	CreatedAt   time.Time       `json:"createdAt"`
	UpdatedBy   ID              `json:"updatedBy"`
	UpdatedAt   time.Time       `json:"updatedAt"`
	CommittedAt *time.Time      `json:"committedAt,omitempty"`
}

// ImportItem is one proposed task, as suggested and then edited.
type ImportItem struct {
	Key                 string    `json:"key"` // "2.6", or "2.6.b" after a split
	AreaID              ID        `json:"areaId,omitempty"`
	NewAreaName         string    `json:"newAreaName,omitempty"` // an area the committee lacks, created on commit
	Text                string    `json:"text"`
	Source              SourceRef `json:"source"`
	LeadUnitID          ID        `json:"leadUnitId,omitempty"`
	CoordinatingUnitIDs []ID      `json:"coordinatingUnitIds"`
	FollowUpUnitID      ID        `json:"followUpUnitId,omitempty"`
	Deadline            Date      `json:"deadline,omitempty"`
	DeadlineReason      string    `json:"deadlineReason,omitempty"`
	// Condition is what a waiting item waits for (flag waiting_condition):
	// the task is created tạm dừng with it.
	Condition  string     `json:"condition,omitempty"`
	Continues  bool       `json:"continues"`
	Footnotes  []string   `json:"footnotes,omitempty"`
	Flags      []string   `json:"flags,omitempty"` // multiple_subtasks, multiple_leads, waiting_condition
	Suggestion Suggestion `json:"suggestion"`
	Dropped    bool       `json:"dropped"`
}

// LowLeadConfidence is the confidence below which a suggested lead is a
// guess for the reviewer to check first.
const LowLeadConfidence = 0.5

// Suggestion explains what the importer proposed for an item, so the
// reviewer can judge it.
type Suggestion struct {
	LeadUnitID          ID       `json:"leadUnitId,omitempty"`
	LeadConfidence      float64  `json:"leadConfidence"` // 0..1
	LeadReason          string   `json:"leadReason,omitempty"`
	CoordinatingUnitIDs []ID     `json:"coordinatingUnitIds,omitempty"`
	CoordinatingReasons []string `json:"coordinatingReasons,omitempty"`
	AreaReason          string   `json:"areaReason,omitempty"`
}

// EntityImport names imports in the audit log.
const EntityImport = "import"

// Low says whether the suggested lead is a guess to check first.
func (s Suggestion) Low() bool { return s.LeadConfidence < LowLeadConfidence }
