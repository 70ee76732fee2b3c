// Package feed serves each person's deadlines as an iCalendar feed, read
// by calendar apps through a token in its address.
package feed

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/internal/words"
	"github.com/theodoi/theodoi/store"
)

// FeedService publishes a person's task deadlines as an iCalendar feed,
// which calendar apps (phone, Google, Outlook) subscribe to and refresh on
// their own, without signing in. The feed's address carries a token signed
// with the person's password hash, so that it cannot be guessed, needs
// nothing stored, and stops working when the password changes (the way
// to revoke a link that was shared by mistake).
//
// A unit officer's feed has the unit's unfinished tasks, as lead and as
// coordinating unit; everyone else's has every unfinished task of the
// committee. Tasks without a deadline (thường xuyên) are left out.
type FeedService struct {
	core.Base
	baseURL string
}

// FeedLimit bounds the tasks of one feed; a calendar with more deadlines
// than this is no longer readable anyway.
const FeedLimit = 2000

// FeedToken is the token of actor's own feed.
func (s *FeedService) FeedToken(ctx context.Context, actor models.Actor) (string, error) {
	if actor.UserID == "" {
		return "", fmt.Errorf("a feed belongs to a person: %w", models.ErrForbidden)
	}
	u, err := s.Store.Users().Get(ctx, actor.CommitteeID, actor.UserID)
	if err != nil {
		return "", err
	}
	return s.TokenOf(u)
}

// TokenOf is the token of u's feed, for a caller that holds the user.
func (s *FeedService) TokenOf(u models.User) (string, error) {
	if u.PasswordHash == "" || u.Disabled {
		return "", fmt.Errorf("this account cannot have a calendar feed: %w", models.ErrForbidden)
	}
	return string(u.CommitteeID) + "." + string(u.ID) + "." + feedSignature(u), nil
}

// FeedURL is the address calendar apps subscribe to.
func (s *FeedService) FeedURL(token string) string {
	return strings.TrimRight(s.baseURL, "/") + "/calendar/" + url.PathEscape(token) + ".ics"
}

// feedSignature is 128 bits of HMAC-SHA256 keyed by the password hash (a
// secret only the server holds) over the feed's owner.
func feedSignature(u models.User) string {
	m := hmac.New(sha256.New, []byte(u.PasswordHash))
	m.Write([]byte("theodoi calendar feed\x00" + string(u.CommitteeID) + "\x00" + string(u.ID)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// Feed returns the iCalendar text of the feed token names, or ErrNotFound
// for a token that is malformed, forged, or no longer valid.
func (s *FeedService) Feed(ctx context.Context, token string) ([]byte, error) {
	u, err := s.feedOwner(ctx, token)
	if err != nil {
		return nil, err
	}
	c, loc, err := s.Committees.Get(ctx, u.CommitteeID)
	if err != nil {
		return nil, err
	}
	f := store.TaskFilter{Committee: u.CommitteeID, States: models.OpenStates, Limit: FeedLimit}
	name := c.Name
	switch { // the same tasks the person sees in the task list
	case models.Can(u.Role, models.ActReadAllTasks):
	case u.Role == models.RoleUnit && u.UnitID != "":
		f.VisibleTo = u.UnitID
	default:
		return nil, models.ErrNotFound
	}
	tasks, _, err := s.Store.Tasks().List(ctx, f)
	if err != nil {
		return nil, err
	}
	units, err := s.Store.Units().List(ctx, u.CommitteeID)
	if err != nil {
		return nil, err
	}
	unitNames := make(map[models.ID]string, len(units))
	for _, un := range units {
		unitNames[un.ID] = un.Name
		if u.Role == models.RoleUnit && un.ID == u.UnitID {
			name = un.Name + " — " + c.Name
		}
	}
	cal := ics.NewCalendar()
	cal.SetProductId("-//theodoi//Theo doi nhiem vu//VI")
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	cal.SetXWRCalName("Hạn nhiệm vụ — " + oneLine(name))
	cal.SetXWRCalDesc("Thời hạn các nhiệm vụ chưa hoàn thành, theo dõi trên theodoi.")
	cal.SetXWRTimezone(loc.String())
	cal.SetRefreshInterval("PT1H")
	cal.SetXPublishedTTL("PT1H")
	host := feedHost(s.baseURL)
	today := models.DateOf(s.Now(), loc)
	for _, t := range tasks {
		if t.Deadline == "" {
			continue
		}
		addDeadline(cal, t, u, unitNames, today, host, strings.TrimRight(s.baseURL, "/"))
	}
	return []byte(cal.Serialize(ics.WithNewLineWindows)), nil
}

// feedOwner checks a token and returns the user it belongs to.
func (s *FeedService) feedOwner(ctx context.Context, token string) (models.User, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || !models.ID(parts[0]).Valid() || !models.ID(parts[1]).Valid() {
		return models.User{}, models.ErrNotFound
	}
	u, err := s.Store.Users().Get(ctx, models.ID(parts[0]), models.ID(parts[1]))
	switch {
	case errors.Is(err, models.ErrNotFound):
		return models.User{}, models.ErrNotFound
	case err != nil:
		return models.User{}, err
	case u.Disabled || u.PasswordHash == "":
		return models.User{}, models.ErrNotFound
	}
	if !hmac.Equal([]byte(parts[2]), []byte(feedSignature(u))) {
		return models.User{}, models.ErrNotFound
	}
	return u, nil
}

// addDeadline adds a task's deadline as an all-day event: the same UID on
// every refresh, and a SEQUENCE that follows the task's version so that
// apps take in changes.
func addDeadline(cal *ics.Calendar, t models.Task, u models.User, unitNames map[models.ID]string, today models.Date, host, base string) {
	day, err := time.Parse(time.DateOnly, string(t.Deadline))
	if err != nil {
		return
	}
	e := cal.AddEvent(string(t.ID) + "@" + host)
	e.SetDtStampTime(t.UpdatedAt)
	e.SetLastModifiedAt(t.UpdatedAt)
	e.SetSequence(int(t.Version))
	e.SetAllDayStartAt(day)
	e.SetAllDayEndAt(day.AddDate(0, 0, 1))
	e.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
	text := oneLine(t.Text)
	summary := "Hạn: " + words.Shorten(text, 80)
	if t.Deadline < today && t.State != models.StateAwaiting {
		summary = "Quá hạn: " + words.Shorten(text, 80)
	}
	if u.Role == models.RoleUnit && t.LeadUnitID != u.UnitID {
		summary += " (phối hợp)"
	}
	e.SetSummary(summary)
	var d strings.Builder
	d.WriteString(models.CleanText(t.Text))
	fmt.Fprintf(&d, "\n\nĐơn vị chủ trì: %s", oneLine(unitNames[t.LeadUnitID]))
	fmt.Fprintf(&d, "\nThời hạn: %s", words.VNDate(t.Deadline))
	fmt.Fprintf(&d, "\nTiến độ: %d%%", t.Percent)
	if w := words.WaitingWord(t.State); w != "" {
		d.WriteString(", " + w)
	}
	if t.CarryCount > 0 {
		fmt.Fprintf(&d, "\nChuyển tiếp lần %d", t.CarryCount)
	}
	if base != "" {
		link := base + "/tasks/" + string(t.ID)
		fmt.Fprintf(&d, "\n%s", link)
		e.SetURL(link)
	}
	e.SetDescription(d.String())
}

// oneLine is a name or a title as one line of the feed: records written
// before line breaks were refused in names may still hold them, and
// RFC 5545 allows no bare CR in a value.
func oneLine(s string) string {
	return strings.Join(strings.Fields(models.CleanText(s)), " ")
}

// feedHost names the site in event UIDs.
func feedHost(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "theodoi.local"
}

// New is the calendar feed over b; baseURL is the site's address, for
// the links in each event.
func New(b core.Base, baseURL string) *FeedService {
	return &FeedService{Base: b, baseURL: baseURL}
}
