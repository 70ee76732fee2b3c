package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/theodoi/theodoi/models"
	"github.com/theodoi/theodoi/services/internal/core"
	"github.com/theodoi/theodoi/services/outbox"
	"github.com/theodoi/theodoi/web"
)

// NotifyService mails follow-up notices. Notices for one address are
// gathered: when the first is due (its time plus the window, or the daily
// digest moment for those who chose it), every notice of that address up
// to that moment goes out in one message. The message's outbox key is
// the first notice's id, and the set it carries depends only on notices
// created before its due moment, so replicas and retries that build it
// again queue nothing new.
type NotifyService struct {
	core.Base
	mail    *outbox.MailService
	baseURL string
	opts    NotifyOptions
}

// NotifyJob is the scheduler's name of the job.
const NotifyJob = "notify"

// notifyScan bounds the due notices read per round.
const notifyScan = 500

// RunDue queues the messages due at now and drops notices past retention.
func (s *NotifyService) RunDue(ctx context.Context, now time.Time) (string, error) {
	var messages, events int
	var errs []error
	seen := map[string]bool{}
	for round := 0; round < 100; round++ {
		due, err := s.Store.Notices().MailDue(ctx, now, notifyScan)
		if err != nil {
			return "", err
		}
		progressed := false
		for _, n := range due {
			key := string(n.CommitteeID) + "\x00" + n.Address
			if seen[key] {
				continue
			}
			seen[key] = true
			progressed = true
			// An address behind (the server was down) may have several
			// messages due: the immediate ones, then a digest.
			for range 50 {
				queued, batch, err := s.sendTo(ctx, n.CommitteeID, n.Address, now)
				if err != nil {
					errs = append(errs, fmt.Errorf("committee %s: %w", n.CommitteeID, err))
					break
				}
				if queued {
					messages++
					events += batch
				}
				if batch == 0 {
					break
				}
			}
		}
		if len(due) < notifyScan || !progressed || ctx.Err() != nil {
			break
		}
	}
	pruned, err := s.Store.Notices().DeleteBefore(ctx, now.Add(-models.NoticeRetention))
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 5 {
		errs = append(errs[:5], fmt.Errorf("and %d more", len(errs)-5))
	}
	return fmt.Sprintf("queued %d messages with %d events; %d old notices removed", messages, events, pruned), errors.Join(errs...)
}

// sendTo queues the address's first due message, if one is due, and
// marks its notices mailed. It reports whether this call queued it (not
// another replica or an earlier run) and how many notices it carries.
func (s *NotifyService) sendTo(ctx context.Context, committee models.ID, address string, now time.Time) (bool, int, error) {
	list, err := s.Store.Notices().Unmailed(ctx, committee, address)
	if err != nil {
		return false, 0, err
	}
	var first *models.Notice
	for i := range list {
		n := &list[i]
		if n.MailDue == nil {
			continue
		}
		if first == nil || n.MailDue.Before(*first.MailDue) || n.MailDue.Equal(*first.MailDue) && n.ID < first.ID {
			first = n
		}
	}
	if first == nil || first.MailDue.After(now) {
		return false, 0, nil
	}
	cutoff := *first.MailDue
	var batch []models.Notice
	for _, n := range list {
		if n.MailDue != nil && (!n.MailDue.After(cutoff) || n.MailNow && !n.At.After(cutoff)) {
			batch = append(batch, n)
		}
	}
	sortNotices(batch)
	c, _, err := s.Committees.Get(ctx, committee)
	if err != nil {
		return false, 0, err
	}
	m, err := s.message(c, address, batch, !first.MailNow)
	if err != nil {
		return false, 0, err
	}
	m.Key = "notify:" + string(first.ID)
	p, err := s.mail.PrefsOf(ctx, committee, address)
	if err != nil {
		return false, 0, err
	}
	m.Unsubscribe = outbox.UnsubscribeURL(s.baseURL, p.Token)
	m.Text, m.HTML = outbox.WithUnsubscribe(batch[0].Lang, m.Text, m.HTML, m.Unsubscribe)
	queued, err := s.mail.Queue(ctx, m)
	if err != nil {
		return false, 0, err
	}
	ids := make([]models.ID, len(batch))
	for i, n := range batch {
		ids[i] = n.ID
	}
	if err := s.Store.Notices().MarkMailed(ctx, committee, ids, s.Now()); err != nil {
		return false, 0, err
	}
	// Not queued: another replica or an earlier run queued it already.
	return queued, len(batch), nil
}

// notifyItem is one line of the message.
type notifyItem struct {
	Text, Link string
}

// message builds the mail of a batch, in the recipient's language.
func (s *NotifyService) message(c models.Committee, address string, batch []models.Notice, digest bool) (models.Message, error) {
	lang := batch[0].Lang
	if lang == "" {
		lang = web.Languages[0]
	}
	counts := map[models.NoticeKind]int{}
	items := make([]notifyItem, 0, len(batch))
	for _, n := range batch {
		counts[n.Kind]++
		items = append(items, notifyItem{Text: NoticeText(lang, n), Link: s.link("/tasks/" + string(n.TaskID))})
	}
	var parts []string
	for _, k := range models.NoticeKinds {
		if counts[k] > 0 {
			parts = append(parts, countLine(lang, k, counts[k]))
		}
	}
	subject := web.T(lang, "notifymail.subject", c.Name, strings.Join(parts, ", "))
	var text strings.Builder
	if digest {
		text.WriteString(web.T(lang, "notifymail.digest_intro"))
	} else {
		text.WriteString(web.T(lang, "notifymail.intro"))
	}
	text.WriteString("\n\n")
	for _, it := range items {
		fmt.Fprintf(&text, "- %s\n  %s\n\n", it.Text, it.Link)
	}
	fmt.Fprintf(&text, "%s: %s\n", web.T(lang, "notifymail.all"), s.link("/notifications"))
	// A person chooses on their profile; a unit's mailbox, which signs in
	// nowhere, through the link added at the foot of every message.
	profile := ""
	if batch[0].UserID != "" {
		profile = s.link("/profile")
		fmt.Fprintf(&text, "%s: %s\n", web.T(lang, "notifymail.choices"), profile)
	}
	html, err := web.MailHTML(lang, "notify.html", map[string]any{
		"Subject": subject, "Digest": digest, "Items": items,
		"AllLink": s.link("/notifications"), "ProfileLink": profile,
	})
	if err != nil {
		return models.Message{}, err
	}
	return models.Message{
		CommitteeID: c.ID, To: []string{address},
		Subject: norm.NFC.String(subject), Text: norm.NFC.String(text.String()), HTML: norm.NFC.String(html),
	}, nil
}

func (s *NotifyService) link(path string) string {
	return strings.TrimRight(s.baseURL, "/") + path
}
