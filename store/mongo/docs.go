package mongo

import (
	"time"

	"github.com/theodoi/theodoi/models"
)

// The documents as stored. models carry only json tags; these structs fix
// the field names (camelCase) so a rename in models cannot silently change
// the stored schema. lastChangeId is the id of the audit entry of the
// record's latest change (see the package comment).

type committeeDoc struct {
	ID           models.ID `bson:"_id"`
	Name         string    `bson:"name"`
	SuperiorBody string    `bson:"superiorBody"`
	IssuerCode   string    `bson:"issuerCode"`
	PlaceName    string    `bson:"placeName"`
	TimeZone     string    `bson:"timeZone"`
	Documents    docsDoc   `bson:"documents"`
	Incomplete   bool      `bson:"incomplete,omitempty"`
	Version      int64     `bson:"version"`
	CreatedAt    time.Time `bson:"createdAt"`
	UpdatedAt    time.Time `bson:"updatedAt"`
	LastChangeID models.ID `bson:"lastChangeId,omitempty"`
}

type signerDoc struct {
	Titles []string `bson:"titles"`
	Name   string   `bson:"name"`
}

type docsDoc struct {
	ResolutionSigner     signerDoc `bson:"resolutionSigner"`
	ResolutionRecipients []string  `bson:"resolutionRecipients"`
	ReportSigner         signerDoc `bson:"reportSigner"`
	ReportRecipients     []string  `bson:"reportRecipients"`
}

func toCommitteeDoc(c models.Committee, change models.ID) committeeDoc {
	d := c.Documents
	return committeeDoc{ID: c.ID, Name: c.Name, SuperiorBody: c.SuperiorBody, IssuerCode: c.IssuerCode,
		PlaceName: c.PlaceName, TimeZone: c.TimeZone, Incomplete: c.Incomplete, Version: c.Version,
		Documents: docsDoc{
			ResolutionSigner:     signerDoc{Titles: nonNil(d.ResolutionSigner.Titles), Name: d.ResolutionSigner.Name},
			ResolutionRecipients: nonNil(d.ResolutionRecipients),
			ReportSigner:         signerDoc{Titles: nonNil(d.ReportSigner.Titles), Name: d.ReportSigner.Name},
			ReportRecipients:     nonNil(d.ReportRecipients),
		},
		CreatedAt: ms(c.CreatedAt), UpdatedAt: ms(c.UpdatedAt), LastChangeID: change}
}

func (d committeeDoc) model() models.Committee {
	docs := d.Documents
	return models.Committee{ID: d.ID, Name: d.Name, SuperiorBody: d.SuperiorBody, IssuerCode: d.IssuerCode,
		PlaceName: d.PlaceName, TimeZone: d.TimeZone, Incomplete: d.Incomplete, Version: d.Version,
		Documents: models.DocumentSettings{
			ResolutionSigner:     models.Signer{Titles: nonNil(docs.ResolutionSigner.Titles), Name: docs.ResolutionSigner.Name},
			ResolutionRecipients: nonNil(docs.ResolutionRecipients),
			ReportSigner:         models.Signer{Titles: nonNil(docs.ReportSigner.Titles), Name: docs.ReportSigner.Name},
			ReportRecipients:     nonNil(docs.ReportRecipients),
		},
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

type unitDoc struct {
	ID           models.ID       `bson:"_id"`
	CommitteeID  models.ID       `bson:"committeeId"`
	Kind         models.UnitKind `bson:"kind"`
	KindOrder    int             `bson:"kindOrder"` // position in models.UnitKinds, the list order
	Name         string          `bson:"name"`
	Aliases      []string        `bson:"aliases"`
	Emails       []string        `bson:"emails"`
	Active       bool            `bson:"active"`
	Version      int64           `bson:"version"`
	CreatedAt    time.Time       `bson:"createdAt"`
	UpdatedAt    time.Time       `bson:"updatedAt"`
	LastChangeID models.ID       `bson:"lastChangeId,omitempty"`
}

func toUnitDoc(u models.Unit, change models.ID) unitDoc {
	return unitDoc{ID: u.ID, CommitteeID: u.CommitteeID, Kind: u.Kind, KindOrder: kindOrder(u.Kind), Name: u.Name,
		Aliases: nonNil(u.Aliases), Emails: nonNil(u.Emails), Active: u.Active, Version: u.Version,
		CreatedAt: ms(u.CreatedAt), UpdatedAt: ms(u.UpdatedAt), LastChangeID: change}
}

func (d unitDoc) model() models.Unit {
	return models.Unit{ID: d.ID, CommitteeID: d.CommitteeID, Kind: d.Kind, Name: d.Name,
		Aliases: nonNil(d.Aliases), Emails: nonNil(d.Emails), Active: d.Active, Version: d.Version,
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

// kindOrder sorts units the way documents list them; an unknown kind last.
func kindOrder(k models.UnitKind) int {
	for i, v := range models.UnitKinds {
		if v == k {
			return i
		}
	}
	return len(models.UnitKinds)
}

// nonNil makes a nil slice empty: stored as an array, read back non-nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

type userDoc struct {
	ID           models.ID   `bson:"_id"`
	CommitteeID  models.ID   `bson:"committeeId"`
	Name         string      `bson:"name"`
	Email        string      `bson:"email"`
	Role         models.Role `bson:"role"`
	UnitID       models.ID   `bson:"unitId,omitempty"`
	Language     string      `bson:"language"`
	Disabled     bool        `bson:"disabled"`
	PasswordHash string      `bson:"passwordHash"`
	MustChange   bool        `bson:"mustChangePassword,omitempty"`
	Version      int64       `bson:"version"`
	CreatedAt    time.Time   `bson:"createdAt"`
	UpdatedAt    time.Time   `bson:"updatedAt"`
	LastChangeID models.ID   `bson:"lastChangeId,omitempty"`
}

func toUserDoc(u models.User, change models.ID) userDoc {
	return userDoc{ID: u.ID, CommitteeID: u.CommitteeID, Name: u.Name, Email: u.Email, Role: u.Role,
		UnitID: u.UnitID, Language: u.Language, Disabled: u.Disabled, PasswordHash: u.PasswordHash,
		MustChange: u.MustChangePassword, Version: u.Version, CreatedAt: ms(u.CreatedAt), UpdatedAt: ms(u.UpdatedAt), LastChangeID: change}
}

func (d userDoc) model() models.User {
	return models.User{ID: d.ID, CommitteeID: d.CommitteeID, Name: d.Name, Email: d.Email, Role: d.Role,
		UnitID: d.UnitID, Language: d.Language, Disabled: d.Disabled, PasswordHash: d.PasswordHash,
		MustChangePassword: d.MustChange, Version: d.Version, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

type sessionDoc struct {
	TokenHash   string    `bson:"_id"`
	UserID      models.ID `bson:"userId"`
	CommitteeID models.ID `bson:"committeeId"`
	CreatedAt   time.Time `bson:"createdAt"`
	LastSeenAt  time.Time `bson:"lastSeenAt"`
	ExpiresAt   time.Time `bson:"expiresAt"`
}

func toSessionDoc(s models.Session) sessionDoc {
	return sessionDoc{TokenHash: s.TokenHash, UserID: s.UserID, CommitteeID: s.CommitteeID,
		CreatedAt: ms(s.CreatedAt), LastSeenAt: ms(s.LastSeenAt), ExpiresAt: ms(s.ExpiresAt)}
}

func (d sessionDoc) model() models.Session {
	return models.Session{TokenHash: d.TokenHash, UserID: d.UserID, CommitteeID: d.CommitteeID,
		CreatedAt: d.CreatedAt.UTC(), LastSeenAt: d.LastSeenAt.UTC(), ExpiresAt: d.ExpiresAt.UTC()}
}

type areaDoc struct {
	ID           models.ID `bson:"_id"`
	CommitteeID  models.ID `bson:"committeeId"`
	Name         string    `bson:"name"`
	Position     int       `bson:"position"`
	Version      int64     `bson:"version"`
	CreatedAt    time.Time `bson:"createdAt"`
	UpdatedAt    time.Time `bson:"updatedAt"`
	LastChangeID models.ID `bson:"lastChangeId,omitempty"`
}

func toAreaDoc(a models.Area, change models.ID) areaDoc {
	return areaDoc{ID: a.ID, CommitteeID: a.CommitteeID, Name: a.Name, Position: a.Position, Version: a.Version,
		CreatedAt: ms(a.CreatedAt), UpdatedAt: ms(a.UpdatedAt), LastChangeID: change}
}

func (d areaDoc) model() models.Area {
	return models.Area{ID: d.ID, CommitteeID: d.CommitteeID, Name: d.Name, Position: d.Position, Version: d.Version,
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

type periodDoc struct {
	ID               models.ID           `bson:"_id"`
	CommitteeID      models.ID           `bson:"committeeId"`
	Month            models.Month        `bson:"month"`
	Status           models.PeriodStatus `bson:"status"`
	ResolutionNumber string              `bson:"resolutionNumber,omitempty"`
	ResolutionDate   models.Date         `bson:"resolutionDate,omitempty"`
	Version          int64               `bson:"version"`
	CreatedAt        time.Time           `bson:"createdAt"`
	UpdatedAt        time.Time           `bson:"updatedAt"`
	LastChangeID     models.ID           `bson:"lastChangeId,omitempty"`
}

func toPeriodDoc(p models.Period, change models.ID) periodDoc {
	return periodDoc{ID: p.ID, CommitteeID: p.CommitteeID, Month: p.Month, Status: p.Status,
		ResolutionNumber: p.ResolutionNumber, ResolutionDate: p.ResolutionDate, Version: p.Version,
		CreatedAt: ms(p.CreatedAt), UpdatedAt: ms(p.UpdatedAt), LastChangeID: change}
}

func (d periodDoc) model() models.Period {
	return models.Period{ID: d.ID, CommitteeID: d.CommitteeID, Month: d.Month, Status: d.Status,
		ResolutionNumber: d.ResolutionNumber, ResolutionDate: d.ResolutionDate, Version: d.Version,
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

type sourceDoc struct {
	Resolution string `bson:"resolution,omitempty"`
	Section    string `bson:"section,omitempty"`
	AreaIndex  int    `bson:"areaIndex,omitempty"`
	ItemIndex  int    `bson:"itemIndex,omitempty"`
}

// noDeadlineOrder sorts after every date ("~" is above the digits), so
// tasks without a deadline come last.
const noDeadlineOrder = "~"

type taskDoc struct {
	ID                  models.ID        `bson:"_id"`
	CommitteeID         models.ID        `bson:"committeeId"`
	Period              models.Month     `bson:"period"`
	AreaID              models.ID        `bson:"areaId"`
	Text                string           `bson:"text"`
	Source              *sourceDoc       `bson:"source,omitempty"`
	LeadUnitID          models.ID        `bson:"leadUnitId"`
	CoordinatingUnitIDs []models.ID      `bson:"coordinatingUnitIds"`
	FollowUpUnitID      models.ID        `bson:"followUpUnitId,omitempty"`
	Deadline            models.Date      `bson:"deadline"` // "" when none
	Condition           string           `bson:"condition,omitempty"`
	Footnotes           []string         `bson:"footnotes,omitempty"`
	State               models.WorkState `bson:"state"`
	Percent             int              `bson:"percent"`
	AcceptedAt          *time.Time       `bson:"acceptedAt,omitempty"`
	AcceptedBy          models.ID        `bson:"acceptedBy,omitempty"`
	CarriedFromID       models.ID        `bson:"carriedFromId,omitempty"`
	CarryCount          int              `bson:"carryCount"`
	Version             int64            `bson:"version"`
	CreatedBy           models.ID        `bson:"createdBy"`
	CreatedAt           time.Time        `bson:"createdAt"`
	UpdatedBy           models.ID        `bson:"updatedBy"`
	UpdatedAt           time.Time        `bson:"updatedAt"`

	SearchKey    string `bson:"searchKey"`
	AreaPosition int    `bson:"areaPosition"`
	AcceptedLate bool   `bson:"acceptedLate"`
	// DeadlineOrder is the deadline, or noDeadlineOrder: the second sort key.
	DeadlineOrder string    `bson:"deadlineOrder"`
	LastChangeID  models.ID `bson:"lastChangeId,omitempty"`
}

func toTaskDoc(t models.Task, change models.ID) taskDoc {
	d := taskDoc{ID: t.ID, CommitteeID: t.CommitteeID, Period: t.Period, AreaID: t.AreaID, Text: t.Text,
		LeadUnitID: t.LeadUnitID, CoordinatingUnitIDs: nonNil(t.CoordinatingUnitIDs), FollowUpUnitID: t.FollowUpUnitID,
		Deadline: t.Deadline, Condition: t.Condition, Footnotes: t.Footnotes, State: t.State, Percent: t.Percent, AcceptedAt: msPtr(t.AcceptedAt),
		AcceptedBy: t.AcceptedBy, CarriedFromID: t.CarriedFromID, CarryCount: t.CarryCount, Version: t.Version,
		CreatedBy: t.CreatedBy, CreatedAt: ms(t.CreatedAt), UpdatedBy: t.UpdatedBy, UpdatedAt: ms(t.UpdatedAt),
		SearchKey: t.SearchKey, AreaPosition: t.AreaPosition, AcceptedLate: t.AcceptedLate,
		DeadlineOrder: string(t.Deadline), LastChangeID: change}
	if t.Deadline == "" {
		d.DeadlineOrder = noDeadlineOrder
	}
	if t.Source != nil {
		d.Source = &sourceDoc{Resolution: t.Source.Resolution, Section: t.Source.Section,
			AreaIndex: t.Source.AreaIndex, ItemIndex: t.Source.ItemIndex}
	}
	return d
}

func (d taskDoc) model() models.Task {
	t := models.Task{ID: d.ID, CommitteeID: d.CommitteeID, Period: d.Period, AreaID: d.AreaID, Text: d.Text,
		LeadUnitID: d.LeadUnitID, CoordinatingUnitIDs: nonNil(d.CoordinatingUnitIDs), FollowUpUnitID: d.FollowUpUnitID,
		Deadline: d.Deadline, Condition: d.Condition, Footnotes: d.Footnotes, State: d.State, Percent: d.Percent, AcceptedAt: d.AcceptedAt,
		AcceptedBy: d.AcceptedBy, CarriedFromID: d.CarriedFromID, CarryCount: d.CarryCount, Version: d.Version,
		CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC(), UpdatedBy: d.UpdatedBy, UpdatedAt: d.UpdatedAt.UTC(),
		SearchKey: d.SearchKey, AreaPosition: d.AreaPosition, AcceptedLate: d.AcceptedLate}
	if t.AcceptedAt != nil {
		v := t.AcceptedAt.UTC()
		t.AcceptedAt = &v
	}
	if d.Source != nil {
		t.Source = &models.SourceRef{Resolution: d.Source.Resolution, Section: d.Source.Section,
			AreaIndex: d.Source.AreaIndex, ItemIndex: d.Source.ItemIndex}
	}
	return t
}

type progressDoc struct {
	ID          models.ID           `bson:"_id"`
	CommitteeID models.ID           `bson:"committeeId"`
	TaskID      models.ID           `bson:"taskId"`
	Kind        models.ProgressKind `bson:"kind"`
	UnitID      models.ID           `bson:"unitId,omitempty"`
	UserID      models.ID           `bson:"userId"`
	At          time.Time           `bson:"at"`
	Percent     int                 `bson:"percent"`
	FromState   models.WorkState    `bson:"fromState,omitempty"`
	ToState     models.WorkState    `bson:"toState,omitempty"`
	Note        string              `bson:"note,omitempty"`
}

func toProgressDoc(p models.Progress) progressDoc {
	return progressDoc{ID: p.ID, CommitteeID: p.CommitteeID, TaskID: p.TaskID, Kind: p.Kind, UnitID: p.UnitID,
		UserID: p.UserID, At: ms(p.At), Percent: p.Percent, FromState: p.FromState, ToState: p.ToState, Note: p.Note}
}

func (d progressDoc) model() models.Progress {
	return models.Progress{ID: d.ID, CommitteeID: d.CommitteeID, TaskID: d.TaskID, Kind: d.Kind, UnitID: d.UnitID,
		UserID: d.UserID, At: d.At.UTC(), Percent: d.Percent, FromState: d.FromState, ToState: d.ToState, Note: d.Note}
}

type auditDoc struct {
	ID          models.ID `bson:"_id"`
	CommitteeID models.ID `bson:"committeeId"`
	ActorID     models.ID `bson:"actorId"`
	At          time.Time `bson:"at"`
	Entity      string    `bson:"entity"`
	EntityID    models.ID `bson:"entityId"`
	Action      string    `bson:"action"`
	Before      []byte    `bson:"before,omitempty"`
	After       []byte    `bson:"after,omitempty"`
}

func toAuditDoc(e models.AuditEntry) auditDoc {
	return auditDoc{ID: e.ID, CommitteeID: e.CommitteeID, ActorID: e.ActorID, At: ms(e.At), Entity: e.Entity,
		EntityID: e.EntityID, Action: e.Action, Before: e.Before, After: e.After}
}

func (d auditDoc) model() models.AuditEntry {
	return models.AuditEntry{ID: d.ID, CommitteeID: d.CommitteeID, ActorID: d.ActorID, At: d.At.UTC(),
		Entity: d.Entity, EntityID: d.EntityID, Action: d.Action, Before: d.Before, After: d.After}
}

// importDoc is an import without its file (see importFileDoc). Document is
// the parsed resolution's JSON as BSON binary, byte for byte; docNumber is
// stored even when empty, so the {committeeId, docNumber} index holds
// every import.
type importDoc struct {
	ID           models.ID           `bson:"_id"`
	CommitteeID  models.ID           `bson:"committeeId"`
	Status       models.ImportStatus `bson:"status"`
	FileName     string              `bson:"fileName"`
	ContentType  string              `bson:"contentType"`
	FileSize     int64               `bson:"fileSize"`
	ContentHash  string              `bson:"contentHash"`
	DocNumber    string              `bson:"docNumber"`
	Month        models.Month        `bson:"month"`
	Document     []byte              `bson:"document,omitempty"`
	Items        []importItemDoc     `bson:"items"`
	TaskIDs      []models.ID         `bson:"taskIds"`
	Version      int64               `bson:"version"`
	CreatedBy    models.ID           `bson:"createdBy"`
	CreatedAt    time.Time           `bson:"createdAt"`
	UpdatedBy    models.ID           `bson:"updatedBy"`
	UpdatedAt    time.Time           `bson:"updatedAt"`
	CommittedAt  *time.Time          `bson:"committedAt,omitempty"`
	LastChangeID models.ID           `bson:"lastChangeId,omitempty"`
}

type importItemDoc struct {
	Key                 string        `bson:"key"`
	AreaID              models.ID     `bson:"areaId,omitempty"`
	NewAreaName         string        `bson:"newAreaName,omitempty"`
	Text                string        `bson:"text"`
	Source              sourceDoc     `bson:"source"`
	LeadUnitID          models.ID     `bson:"leadUnitId,omitempty"`
	CoordinatingUnitIDs []models.ID   `bson:"coordinatingUnitIds"`
	FollowUpUnitID      models.ID     `bson:"followUpUnitId,omitempty"`
	Deadline            models.Date   `bson:"deadline,omitempty"`
	DeadlineReason      string        `bson:"deadlineReason,omitempty"`
	Condition           string        `bson:"condition,omitempty"`
	Continues           bool          `bson:"continues"`
	Footnotes           []string      `bson:"footnotes"`
	Flags               []string      `bson:"flags"`
	Suggestion          suggestionDoc `bson:"suggestion"`
	Dropped             bool          `bson:"dropped"`
}

type suggestionDoc struct {
	LeadUnitID          models.ID   `bson:"leadUnitId,omitempty"`
	LeadConfidence      float64     `bson:"leadConfidence"`
	LeadReason          string      `bson:"leadReason,omitempty"`
	CoordinatingUnitIDs []models.ID `bson:"coordinatingUnitIds"`
	CoordinatingReasons []string    `bson:"coordinatingReasons"`
	AreaReason          string      `bson:"areaReason,omitempty"`
}

func toImportDoc(imp models.Import, change models.ID) importDoc {
	items := make([]importItemDoc, 0, len(imp.Items))
	for _, it := range imp.Items {
		s := it.Suggestion
		items = append(items, importItemDoc{
			Key: it.Key, AreaID: it.AreaID, NewAreaName: it.NewAreaName, Text: it.Text,
			Source: sourceDoc{Resolution: it.Source.Resolution, Section: it.Source.Section,
				AreaIndex: it.Source.AreaIndex, ItemIndex: it.Source.ItemIndex},
			LeadUnitID: it.LeadUnitID, CoordinatingUnitIDs: nonNil(it.CoordinatingUnitIDs), FollowUpUnitID: it.FollowUpUnitID,
			Deadline: it.Deadline, DeadlineReason: it.DeadlineReason, Condition: it.Condition, Continues: it.Continues,
			Footnotes: nonNil(it.Footnotes), Flags: nonNil(it.Flags),
			Suggestion: suggestionDoc{LeadUnitID: s.LeadUnitID, LeadConfidence: s.LeadConfidence, LeadReason: s.LeadReason,
				CoordinatingUnitIDs: nonNil(s.CoordinatingUnitIDs), CoordinatingReasons: nonNil(s.CoordinatingReasons),
				AreaReason: s.AreaReason},
			Dropped: it.Dropped,
		})
	}
	return importDoc{ID: imp.ID, CommitteeID: imp.CommitteeID, Status: imp.Status, FileName: imp.FileName,
		ContentType: imp.ContentType, FileSize: imp.FileSize, ContentHash: imp.ContentHash, DocNumber: imp.DocNumber,
		Month: imp.Month, Document: imp.Document, Items: items, TaskIDs: nonNil(imp.TaskIDs), Version: imp.Version,
		CreatedBy: imp.CreatedBy, CreatedAt: ms(imp.CreatedAt), UpdatedBy: imp.UpdatedBy, UpdatedAt: ms(imp.UpdatedAt),
		CommittedAt: msPtr(imp.CommittedAt), LastChangeID: change}
}

// model converts back; a listing, which leaves out document and items,
// gets a nil Document and no items.
func (d importDoc) model() models.Import {
	items := make([]models.ImportItem, 0, len(d.Items))
	for _, it := range d.Items {
		s := it.Suggestion
		items = append(items, models.ImportItem{
			Key: it.Key, AreaID: it.AreaID, NewAreaName: it.NewAreaName, Text: it.Text,
			Source: models.SourceRef{Resolution: it.Source.Resolution, Section: it.Source.Section,
				AreaIndex: it.Source.AreaIndex, ItemIndex: it.Source.ItemIndex},
			LeadUnitID: it.LeadUnitID, CoordinatingUnitIDs: nonNil(it.CoordinatingUnitIDs), FollowUpUnitID: it.FollowUpUnitID,
			Deadline: it.Deadline, DeadlineReason: it.DeadlineReason, Condition: it.Condition, Continues: it.Continues,
			Footnotes: nonNil(it.Footnotes), Flags: nonNil(it.Flags),
			Suggestion: models.Suggestion{LeadUnitID: s.LeadUnitID, LeadConfidence: s.LeadConfidence, LeadReason: s.LeadReason,
				CoordinatingUnitIDs: nonNil(s.CoordinatingUnitIDs), CoordinatingReasons: nonNil(s.CoordinatingReasons),
				AreaReason: s.AreaReason},
			Dropped: it.Dropped,
		})
	}
	imp := models.Import{ID: d.ID, CommitteeID: d.CommitteeID, Status: d.Status, FileName: d.FileName,
		ContentType: d.ContentType, FileSize: d.FileSize, ContentHash: d.ContentHash, DocNumber: d.DocNumber,
		Month: d.Month, Items: items, TaskIDs: nonNil(d.TaskIDs), Version: d.Version,
		CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC(), UpdatedBy: d.UpdatedBy, UpdatedAt: d.UpdatedAt.UTC()}
	if len(d.Document) > 0 {
		imp.Document = d.Document
	}
	if d.CommittedAt != nil {
		v := d.CommittedAt.UTC()
		imp.CommittedAt = &v
	}
	return imp
}

// importFileDoc is an import's original file, keyed by the import's id.
// Imports accept files of at most 10 MB, well inside a 16 MB document.
type importFileDoc struct {
	ID          models.ID `bson:"_id"`
	CommitteeID models.ID `bson:"committeeId"`
	Data        []byte    `bson:"data"`
}

// outboxDoc is a queued e-mail. owner, leaseUntil and sentAt are absent
// while unset, so a claim's {leaseUntil: {$lt: now}} never matches a
// message nobody holds.
type outboxDoc struct {
	ID          models.ID           `bson:"_id"`
	CommitteeID models.ID           `bson:"committeeId"`
	Key         string              `bson:"key"`
	Recipients  []string            `bson:"recipients"`
	Subject     string              `bson:"subject"`
	Text        string              `bson:"text"`
	HTML        string              `bson:"html"`
	MessageID   string              `bson:"messageId"`
	State       models.MessageState `bson:"state"`
	Attempts    int                 `bson:"attempts"`
	NextAt      time.Time           `bson:"nextAt"`
	Owner       string              `bson:"owner,omitempty"`
	LeaseUntil  *time.Time          `bson:"leaseUntil,omitempty"`
	LastError   string              `bson:"lastError,omitempty"`
	CreatedAt   time.Time           `bson:"createdAt"`
	SentAt      *time.Time          `bson:"sentAt,omitempty"`
	Unsubscribe string              `bson:"unsubscribe,omitempty"`
}

func toOutboxDoc(m models.Message) outboxDoc {
	return outboxDoc{ID: m.ID, CommitteeID: m.CommitteeID, Key: m.Key, Recipients: nonNil(m.To), Subject: m.Subject,
		Text: m.Text, HTML: m.HTML, MessageID: m.MessageID, State: m.State, Attempts: m.Attempts, NextAt: ms(m.NextAt),
		Owner: m.Owner, LeaseUntil: msPtr(m.LeaseUntil), LastError: m.LastError, CreatedAt: ms(m.CreatedAt),
		SentAt: msPtr(m.SentAt), Unsubscribe: m.Unsubscribe}
}

func (d outboxDoc) model() models.Message {
	return models.Message{ID: d.ID, CommitteeID: d.CommitteeID, Key: d.Key, To: nonNil(d.Recipients), Subject: d.Subject,
		Text: d.Text, HTML: d.HTML, MessageID: d.MessageID, State: d.State, Attempts: d.Attempts, NextAt: d.NextAt.UTC(),
		Owner: d.Owner, LeaseUntil: utcPtr(d.LeaseUntil), LastError: d.LastError, CreatedAt: d.CreatedAt.UTC(),
		SentAt: utcPtr(d.SentAt), Unsubscribe: d.Unsubscribe}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	return &v
}

// leaseDoc is a named lease; the name is the _id.
type leaseDoc struct {
	Name      string    `bson:"_id"`
	Owner     string    `bson:"owner"`
	ExpiresAt time.Time `bson:"expiresAt"`
}

// ledgerDoc is one piece of calendar work done; its _id is the driver's,
// the key is the unique index {committeeId, job, key}.
type ledgerDoc struct {
	CommitteeID models.ID `bson:"committeeId"`
	Job         string    `bson:"job"`
	Key         string    `bson:"key"`
	DoneAt      time.Time `bson:"doneAt"`
	Detail      string    `bson:"detail,omitempty"`
}
