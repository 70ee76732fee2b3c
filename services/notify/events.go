package notify

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
)

// Follow-up events: who hears of a change of a task. The rules are one
// table (followUpEvents); the fan-out turns each event into one notice
// per recipient person or unit mailbox, with the time it may be mailed.

// audience is who an event is for: a unit (its officers and its contact
// addresses) or the committee's leaders.
type audience struct {
	unit    models.ID
	leaders bool
}

// followUpEvent is one kind of news for one audience.
type followUpEvent struct {
	kind models.NoticeKind
	to   audience
}

// Audit actions that cause events. Other actions (a pause, the
// carry-over's copies) tell nobody.
const (
	ActionCreate = "create"
	ActionImport = "import"
	ActionUpdate = "update"
	ActionReport = string(models.ProgressReport)
	ActionNote   = string(models.ProgressNote)
	ActionAccept = string(models.ProgressAccept)
	ActionReopen = string(models.ProgressReopen)
	ActionCancel = string(models.ProgressCancel)
	ActionCarry  = string(models.ProgressCarry)
)

// followUpEvents is the event table: what a change (action, the task
// before — nil for a new task — and after) tells whom.
func followUpEvents(action string, old *models.Task, t models.Task) []followUpEvent {
	lead := audience{unit: t.LeadUnitID}
	var out []followUpEvent
	add := func(k models.NoticeKind, to audience) {
		if to.unit == "" && !to.leaders {
			return
		}
		for _, e := range out {
			if e.to == to {
				return // one notice per audience and change: the first kind says most
			}
		}
		out = append(out, followUpEvent{kind: k, to: to})
	}
	switch action {
	case ActionCreate, ActionImport:
		add(models.NoticeAssigned, lead)
		for _, u := range t.CoordinatingUnitIDs {
			add(models.NoticeCoordinating, audience{unit: u})
		}
	case ActionUpdate:
		if old == nil {
			return nil
		}
		if t.LeadUnitID != old.LeadUnitID {
			add(models.NoticeAssigned, lead)
		}
		for _, u := range t.CoordinatingUnitIDs {
			if !old.Involves(u) {
				add(models.NoticeCoordinating, audience{unit: u})
			}
		}
		if t.Deadline != old.Deadline || t.Text != old.Text {
			add(models.NoticeChanged, lead)
			for _, u := range t.CoordinatingUnitIDs {
				add(models.NoticeChanged, audience{unit: u})
			}
		}
	case ActionReport:
		k := models.NoticeProgress
		if t.State == models.StateAwaiting && (old == nil || old.State != models.StateAwaiting) {
			k = models.NoticeAwaiting
		}
		add(k, audience{leaders: true})
		add(k, audience{unit: t.FollowUpUnitID})
	case ActionNote:
		add(models.NoticeChase, lead)
	case ActionAccept:
		add(models.NoticeAccepted, lead)
	case ActionReopen:
		add(models.NoticeReopened, lead)
	case ActionCancel:
		add(models.NoticeCancelled, lead)
	case ActionCarry:
		add(models.NoticeCarried, lead)
	}
	return out
}

// NotifyOptions tune follow-up notices; zero values take the defaults.
type NotifyOptions struct {
	// Window is how long events for one address are gathered into one
	// message (default 10 minutes).
	Window time.Duration
	// DigestAt is the local time of day the daily digest of events goes
	// out to those who chose it (default 07:30, as the other digests).
	DigestAt time.Duration
}

// DefaultNotifyWindow gathers a burst of events into one message.
const DefaultNotifyWindow = 10 * time.Minute

func (o NotifyOptions) withDefaults() NotifyOptions {
	if o.Window <= 0 {
		o.Window = DefaultNotifyWindow
	}
	if o.DigestAt <= 0 || o.DigestAt >= 24*time.Hour {
		o.DigestAt = DefaultDigestAt
	}
	return o
}

// Fanout turns events into notices and stores them.
type Fanout struct {
	core.Base
	opts  NotifyOptions
	cache *RecipientCache
}

// RecipientCache keeps each committee's recipients for dirTTL; writes of
// units, users and mail choices on this replica drop it at once (it is
// the core.Base's Recipients).
type RecipientCache struct {
	mu   sync.Mutex
	dirs map[models.ID]*recipientDir
}

// NewRecipientCache is an empty cache.
func NewRecipientCache() *RecipientCache {
	return &RecipientCache{dirs: map[models.ID]*recipientDir{}}
}

// Forget drops a committee's cached recipients.
func (c *RecipientCache) Forget(committee models.ID) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.dirs, committee)
	c.mu.Unlock()
}

// dirTTL bounds how stale the cached directory of recipients may be.
const dirTTL = 5 * time.Second

// recipientDir is what the fan-out needs of a committee's directory.
type recipientDir struct {
	at       time.Time
	loc      *time.Location
	units    map[models.ID]models.Unit
	officers map[models.ID][]models.User // by unit
	leaders  []models.User

	mu    sync.Mutex
	prefs map[string]models.MailPrefs // by address, filled on demand
}

func (f *Fanout) dir(ctx context.Context, committee models.ID) (*recipientDir, error) {
	now := time.Now()
	c := f.cache
	c.mu.Lock()
	d := c.dirs[committee]
	c.mu.Unlock()
	if d != nil && now.Sub(d.at) < dirTTL {
		return d, nil
	}
	_, loc, err := f.Committees.Get(ctx, committee)
	if err != nil {
		return nil, err
	}
	units, err := f.Store.Units().List(ctx, committee)
	if err != nil {
		return nil, err
	}
	users, err := f.Store.Users().List(ctx, committee)
	if err != nil {
		return nil, err
	}
	d = &recipientDir{at: now, loc: loc, units: map[models.ID]models.Unit{}, officers: map[models.ID][]models.User{}, prefs: map[string]models.MailPrefs{}}
	for _, u := range units {
		d.units[u.ID] = u
	}
	for _, u := range users {
		switch {
		case u.Disabled:
		case u.Role == models.RoleUnit && u.UnitID != "":
			d.officers[u.UnitID] = append(d.officers[u.UnitID], u)
		case u.Role == models.RoleLeader:
			d.leaders = append(d.leaders, u)
		}
	}
	c.mu.Lock()
	if c.dirs == nil {
		c.dirs = map[models.ID]*recipientDir{}
	}
	c.dirs[committee] = d
	c.mu.Unlock()
	return d, nil
}

func (f *Fanout) prefsOf(ctx context.Context, d *recipientDir, committee models.ID, addr string) (models.MailPrefs, error) {
	d.mu.Lock()
	p, ok := d.prefs[addr]
	d.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := f.Store.MailPrefs().Get(ctx, committee, addr)
	if errors.Is(err, models.ErrNotFound) {
		p, err = models.DefaultMailPrefs(committee, addr), nil
	}
	if err != nil {
		return p, err
	}
	d.mu.Lock()
	d.prefs[addr] = p
	d.mu.Unlock()
	return p, nil
}

// recipient is one person or unit mailbox an event reaches.
type recipient struct {
	user    models.ID
	address string
	lang    string
}

// recipients of one audience, without the person who acted; a contact
// address that is also an officer's is that officer.
func (d *recipientDir) recipients(to audience, actor models.ID) []recipient {
	var out []recipient
	seen := map[string]bool{}
	person := func(u models.User) {
		if u.ID == actor {
			return
		}
		addr, _ := models.NormalizeEmail(u.Email)
		if addr != "" {
			seen[addr] = true
		}
		out = append(out, recipient{user: u.ID, address: addr, lang: u.Language})
	}
	if to.leaders {
		for _, u := range d.leaders {
			person(u)
		}
		return out
	}
	unit, ok := d.units[to.unit]
	if !ok || !unit.Active {
		return nil
	}
	for _, u := range d.officers[to.unit] {
		person(u)
	}
	for _, e := range unit.Emails {
		addr, ok := models.NormalizeEmail(e)
		if !ok || seen[addr] {
			continue
		}
		seen[addr] = true
		out = append(out, recipient{address: addr, lang: "vi"})
	}
	return out
}

// Notices builds the notices a change causes, at now. A task reaches each
// version through one stored change, so a notice's id is derived from the
// task, its new version and the recipient: a retried import or carry-over
// stores each notice once.
func (f *Fanout) Notices(ctx context.Context, actor models.Actor, action string, old *models.Task, t models.Task, note string, now time.Time) ([]models.Notice, error) {
	events := followUpEvents(action, old, t)
	if len(events) == 0 {
		return nil, nil
	}
	d, err := f.dir(ctx, t.CommitteeID)
	if err != nil {
		return nil, err
	}
	var out []models.Notice
	for _, ev := range events {
		for _, r := range d.recipients(ev.to, actor.UserID) {
			n := models.Notice{
				ID: models.DerivedID("notice", string(t.ID), strconv.FormatInt(t.Version, 10), string(ev.kind), string(r.user), r.address), CommitteeID: t.CommitteeID,
				Kind: ev.kind, TaskID: t.ID, TaskText: clip(t.Text, models.MaxNoticeText), Deadline: t.Deadline,
				ActorID: actor.UserID, At: now, UserID: r.user, Address: r.address, Lang: r.lang,
			}
			if ev.kind == models.NoticeChase || ev.kind == models.NoticeReopened {
				n.Note = clip(note, models.MaxNoticeText)
			}
			if err := f.schedule(ctx, d, &n); err != nil {
				return nil, err
			}
			if n.UserID == "" && n.MailDue == nil {
				continue // a mailbox that wants no mail of this kind: nothing to keep
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// schedule sets when n may be mailed, by its address's choice. Carried
// tasks are mailed by the carry-over notice, never twice.
func (f *Fanout) schedule(ctx context.Context, d *recipientDir, n *models.Notice) error {
	if n.Address == "" {
		return nil
	}
	p, err := f.prefsOf(ctx, d, n.CommitteeID, n.Address)
	if err != nil {
		return err
	}
	o := f.opts.withDefaults()
	switch p.NotifyMode(n.Kind) {
	case models.NotifyNow:
		due := n.At.Add(o.Window)
		n.MailDue, n.MailNow = &due, true
	case models.NotifyDigest:
		due := nextDaily(n.At, d.loc, o.DigestAt)
		n.MailDue = &due
	}
	return nil
}

// nextDaily is the first moment after t that is at (time of day) in loc.
func nextDaily(t time.Time, loc *time.Location, at time.Duration) time.Time {
	l := t.In(loc)
	h, m := int(at/time.Hour), int(at%time.Hour/time.Minute)
	d := time.Date(l.Year(), l.Month(), l.Day(), h, m, 0, 0, loc)
	if !d.After(l) {
		d = time.Date(l.Year(), l.Month(), l.Day()+1, h, m, 0, 0, loc)
	}
	return d.UTC()
}

// Record stores notices after the change they report is stored. A failure
// is logged, not returned: the change stands, and the event is missed
// rather than the person's work refused.
func (f *Fanout) Record(ctx context.Context, ns []models.Notice) {
	if len(ns) == 0 {
		return
	}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = f.Store.Notices().Add(context.WithoutCancel(ctx), ns); err == nil {
			return
		}
	}
	f.Log.Error("follow-up notices not stored", "committee_id", string(ns[0].CommitteeID), "count", len(ns), "error", err.Error())
}

// clip shortens s to at most n characters, at a word when it can.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;.") + "…"
}

// sortNotices orders by At, then id.
func sortNotices(ns []models.Notice) {
	slices.SortFunc(ns, func(a, b models.Notice) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
}
