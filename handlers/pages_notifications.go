package handlers

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/notify"
	"github.com/theodoi/theodoi/web"
)

// The notifications page (/notifications, "Thông báo"): what happened to
// the tasks a person follows, newest first, each a link to its task.
// Opening the task marks its notices read (taskPage); the page marks
// all of them read at once. The menu shows the unread count (frame).

// inboxSize is how many notices the page shows.
const inboxSize = 100

type inboxView struct {
	web.Layout
	Items      []inboxItem
	UnreadOnly bool
	Capped     bool // more notices than the page shows
}

type inboxItem struct {
	Text, TaskHref, When, DateTime string
	Unread                         bool
}

// inboxNotices are the confirmations a redirect to the page may ask for.
var inboxNotices = map[string]string{"read": "inbox.notice.read"}

func (p *pages) notifications(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	unreadOnly := c.Query("unread") == "1"
	list, err := p.svc.Notices.List(ctx, a, unreadOnly, inboxSize)
	if err != nil {
		p.fail(c, err)
		return
	}
	loc := time.UTC
	if cm, err := p.svc.Committees.Get(ctx, a); err == nil {
		loc = cm.Location()
	}
	v := inboxView{Layout: p.layout(c, "inbox.title", "notifications"), UnreadOnly: unreadOnly, Capped: len(list.Items) >= inboxSize}
	// The list was read after the menu's count: the menu shows the list's.
	v.Unread = list.Unread
	if key, ok := inboxNotices[c.Query("notice")]; ok {
		v.Notice = p.t(c, key)
	}
	for _, n := range list.Items {
		v.Items = append(v.Items, newInboxItem(n, loc))
	}
	p.render(c, http.StatusOK, "notifications", v)
}

// markRead marks every notice read (all=1), or those named by id.
func (p *pages) markRead(c *gin.Context) {
	if !p.parseForm(c) {
		return
	}
	all := c.PostForm("all") == "1"
	var ids []models.ID
	for _, id := range c.PostFormArray("id") {
		ids = append(ids, models.ID(id))
	}
	if !all && len(ids) == 0 {
		p.fail(c, &badRequest{detail: "all or id"})
		return
	}
	if all {
		ids = nil
	}
	if _, err := p.svc.Notices.MarkRead(c.Request.Context(), actor(c), ids, all); err != nil {
		p.fail(c, err)
		return
	}
	back := "/notifications?notice=read"
	if c.PostForm("unread") == "1" {
		back = "/notifications?notice=read&unread=1"
	}
	c.Redirect(http.StatusSeeOther, back)
}

// newInboxItem is one notice as a line of a list, its time in loc.
func newInboxItem(n notify.NoticeView, loc *time.Location) inboxItem {
	return inboxItem{
		Text: n.Text, TaskHref: "/tasks/" + string(n.TaskID), Unread: n.ReadAt == nil,
		When: n.At.In(loc).Format("02/01/2006 15:04"), DateTime: n.At.UTC().Format(time.RFC3339),
	}
}
