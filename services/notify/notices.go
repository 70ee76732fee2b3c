package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/web"
)

// NoticeService is a person's notifications in the app.
type NoticeService struct {
	core.Base
}

// NoticeView is a notice with its line of text in the reader's language.
type NoticeView struct {
	models.Notice
	Text string
}

// NoticeList is one listing and the person's unread count.
type NoticeList struct {
	Items  []NoticeView
	Unread int
}

// maxNoticeList bounds one listing.
const maxNoticeList = 200

// List returns the actor's notices, newest first.
func (s *NoticeService) List(ctx context.Context, actor models.Actor, unreadOnly bool, limit int) (NoticeList, error) {
	if actor.UserID == "" {
		return NoticeList{}, models.ErrUnauthenticated
	}
	switch {
	case limit <= 0:
		limit = 50
	case limit > maxNoticeList:
		limit = maxNoticeList
	}
	ns, err := s.Store.Notices().List(ctx, actor.CommitteeID, actor.UserID, unreadOnly, limit)
	if err != nil {
		return NoticeList{}, err
	}
	out := NoticeList{Items: make([]NoticeView, 0, len(ns))}
	for _, n := range ns {
		out.Items = append(out.Items, NoticeView{Notice: n, Text: NoticeText(actor.Language, n)})
	}
	out.Unread, err = s.Unread(ctx, actor)
	return out, err
}

// Unread counts the actor's unread notices.
func (s *NoticeService) Unread(ctx context.Context, actor models.Actor) (int, error) {
	if actor.UserID == "" {
		return 0, models.ErrUnauthenticated
	}
	return s.Store.Notices().Unread(ctx, actor.CommitteeID, actor.UserID)
}

// MarkRead marks the actor's notices with these ids (or all) read; ids of
// others' notices change nothing.
func (s *NoticeService) MarkRead(ctx context.Context, actor models.Actor, ids []models.ID, all bool) (int, error) {
	if actor.UserID == "" {
		return 0, models.ErrUnauthenticated
	}
	p := models.Problems{}
	switch {
	case !all && len(ids) == 0:
		p.Add("ids", "name the notices to mark read, or all")
	case len(ids) > maxNoticeList:
		p.Add("ids", fmt.Sprintf("at most %d at once", maxNoticeList))
	}
	for _, id := range ids {
		if !id.Valid() {
			p.Add("ids", "malformed id")
			break
		}
	}
	if err := p.Err(); err != nil {
		return 0, err
	}
	return s.Store.Notices().MarkRead(ctx, actor.CommitteeID, actor.UserID, ids, all, s.Now())
}

// ReadTask marks the actor's unread notices about one task read: the
// person opened the task, which is what the notices asked.
func (s *NoticeService) ReadTask(ctx context.Context, actor models.Actor, task models.ID) error {
	if actor.UserID == "" || !task.Valid() {
		return nil
	}
	_, err := s.Store.Notices().MarkTaskRead(ctx, actor.CommitteeID, actor.UserID, task, s.Now())
	return err
}

// NoticeText is a notice's one line in lang, with its note or reason.
func NoticeText(lang string, n models.Notice) string {
	s := web.T(lang, "event."+string(n.Kind), n.TaskText)
	switch {
	case n.Kind == models.NoticeChase && n.Note != "":
		s += " — " + web.T(lang, "event.note", n.Note)
	case n.Kind == models.NoticeReopened && n.Note != "":
		s += " — " + web.T(lang, "event.reason", n.Note)
	case n.Kind == models.NoticeChanged || n.Kind == models.NoticeAssigned || n.Kind == models.NoticeCoordinating:
		if n.Deadline != "" {
			s += " — " + web.T(lang, "event.deadline", web.DateLabel(string(n.Deadline)))
		} else {
			s += " — " + web.T(lang, "event.deadline.none")
		}
	}
	return s
}

// countLine is "3 nhiệm vụ mới được giao chủ trì" for n events of kind k.
func countLine(lang string, k models.NoticeKind, n int) string {
	if n == 1 {
		return web.T(lang, "event.count."+string(k)+".one")
	}
	return web.T(lang, "event.count."+string(k), n)
}

// chaseAge is how long a chase note stays on the unit's page.
const chaseAge = 30 * 24 * time.Hour

// RecentChases are the chase notes (đôn đốc) the actor was sent in the
// last 30 days, newest first, read or not, at most limit: the unit's
// page shows what the office asks of it.
func (s *NoticeService) RecentChases(ctx context.Context, actor models.Actor, limit int) ([]NoticeView, error) {
	list, err := s.List(ctx, actor, false, maxNoticeList)
	if err != nil {
		return nil, err
	}
	since := s.Now().Add(-chaseAge)
	var out []NoticeView
	for _, n := range list.Items {
		if n.Kind != models.NoticeChase || n.At.Before(since) {
			continue
		}
		if out = append(out, n); len(out) == limit {
			break
		}
	}
	return out, nil
}
