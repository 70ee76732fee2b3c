package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/theodoi/theodoi/models"
)

// Notices never change a task list, so their writes keep the list cache.

type notices struct{ s *Store }

const noticeCols = `id, committee_id, kind, task_id, task_text, note, deadline, actor_id, at,
    user_id, address, lang, mail_due, mail_now, mailed_at, read_at`

// insertNotices adds a group of notices; an id stored already (by a
// retried change) keeps its row.
var insertNotices = newMultiRow(16, `INSERT INTO notices (`+noticeCols+`) VALUES %s ON CONFLICT (id) DO NOTHING`)

func noticeArgs(n models.Notice) []any {
	return []any{string(n.ID), string(n.CommitteeID), string(n.Kind), string(n.TaskID), n.TaskText, n.Note, string(n.Deadline),
		string(n.ActorID), timeArg(n.At), string(n.UserID), n.Address, n.Lang,
		timePtrArg(n.MailDue), boolArg(n.MailNow), timePtrArg(n.MailedAt), timePtrArg(n.ReadAt)}
}

func scanNotice(sc func(...any) error) (models.Notice, error) {
	var n models.Notice
	var at, mailDue, mailNow, mailedAt, readAt any
	if err := sc(&n.ID, &n.CommitteeID, &n.Kind, &n.TaskID, &n.TaskText, &n.Note, &n.Deadline, &n.ActorID, &at,
		&n.UserID, &n.Address, &n.Lang, &mailDue, &mailNow, &mailedAt, &readAt); err != nil {
		return n, err
	}
	n.At, n.MailDue, n.MailNow = timeOf(at), timePtrOf(mailDue), intOf(mailNow) != 0
	n.MailedAt, n.ReadAt = timePtrOf(mailedAt), timePtrOf(readAt)
	return n, nil
}

// Add is one write however many notices there are: multi-row inserts in
// groups, in one transaction.
func (r notices) Add(ctx context.Context, ns []models.Notice) error {
	if len(ns) == 0 {
		return nil
	}
	args := make([]any, 0, len(ns)*insertNotices.width)
	for _, n := range ns {
		if err := n.Check(); err != nil {
			return err
		}
		args = append(args, noticeArgs(n)...)
	}
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		return mapErr(tx.inGroups(insertNotices, args, nil), fmt.Sprintf("add %d notices", len(ns)))
	})
}

// defaultNoticeLimit is List's page when the caller gives none;
// defaultMailDueLimit is MailDue's.
const (
	defaultNoticeLimit  = 50
	defaultMailDueLimit = 100
)

const (
	listNotices = `SELECT ` + noticeCols + ` FROM notices
WHERE committee_id = ? AND user_id = ? ORDER BY at DESC, id DESC LIMIT ?`
	listUnreadNotices = `SELECT ` + noticeCols + ` FROM notices
WHERE committee_id = ? AND user_id = ? AND read_at IS NULL ORDER BY at DESC, id DESC LIMIT ?`
	countUnreadNotices = `SELECT count(*) FROM notices WHERE committee_id = ? AND user_id = ? AND read_at IS NULL`
	// The mail queue's conditions are written as notices_mail_due and
	// notices_unmailed state them, so the planner may use those indexes.
	mailDueNotices = `SELECT ` + noticeCols + ` FROM notices
WHERE mailed_at IS NULL AND mail_due IS NOT NULL AND mail_due <= ? ORDER BY mail_due, id LIMIT ?`
	unmailedNotices = `SELECT ` + noticeCols + ` FROM notices
WHERE committee_id = ? AND address = ? AND mailed_at IS NULL AND mail_due IS NOT NULL ORDER BY at, id`
)

// List and the other reads for a person find nothing for an empty user:
// notices to a unit's mailbox have none, and are nobody's list.
func (r notices) List(ctx context.Context, committee, user models.ID, unreadOnly bool, limit int) ([]models.Notice, error) {
	if user == "" {
		return []models.Notice{}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	if limit <= 0 {
		limit = defaultNoticeLimit
	}
	q := listNotices
	if unreadOnly {
		q = listUnreadNotices
	}
	rows, err := r.s.query(ctx, q, string(committee), string(user), limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanNotice)
}

func (r notices) Unread(ctx context.Context, committee, user models.ID) (int, error) {
	if user == "" {
		return 0, nil
	}
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	var n int
	err := r.s.get(ctx, sql.ErrNoRows, countUnreadNotices, []any{string(committee), string(user)}, &n)
	return n, err
}

// MarkRead leaves a notice read already as it is: its ReadAt is when the
// person first read it.
func (r notices) MarkRead(ctx context.Context, committee, user models.ID, ids []models.ID, all bool, at time.Time) (int, error) {
	if user == "" || (!all && len(ids) == 0) {
		return 0, nil
	}
	q := `UPDATE notices SET read_at = ? WHERE committee_id = ? AND user_id = ? AND read_at IS NULL`
	args := []any{timeArg(at), string(committee), string(user)}
	if !all {
		q += ` AND id IN (SELECT value FROM json_each(?))`
		args = append(args, idsArg(ids))
	}
	var n int64
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		res, err := tx.exec(q, args...)
		if err != nil {
			return fmt.Errorf("mark notices read: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

func (r notices) MarkTaskRead(ctx context.Context, committee, user, task models.ID, at time.Time) (int, error) {
	if user == "" {
		return 0, nil
	}
	var n int64
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		res, err := tx.exec(`UPDATE notices SET read_at = ? WHERE committee_id = ? AND user_id = ? AND read_at IS NULL AND task_id = ?`,
			timeArg(at), string(committee), string(user), string(task))
		if err != nil {
			return fmt.Errorf("mark a task's notices read: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

func (r notices) MailDue(ctx context.Context, now time.Time, limit int) ([]models.Notice, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	if limit <= 0 {
		limit = defaultMailDueLimit
	}
	rows, err := r.s.query(ctx, mailDueNotices, now.UnixNano(), limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanNotice)
}

func (r notices) Unmailed(ctx context.Context, committee models.ID, address string) ([]models.Notice, error) {
	ctx, cancel := context.WithTimeout(ctx, r.s.opTimeout)
	defer cancel()
	rows, err := r.s.query(ctx, unmailedNotices, string(committee), address)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanNotice)
}

// MarkMailed keeps the MailedAt of a notice mailed already.
func (r notices) MarkMailed(ctx context.Context, committee models.ID, ids []models.ID, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	return r.s.inTxKeepLists(ctx, func(tx *tx) error {
		_, err := tx.exec(`UPDATE notices SET mailed_at = ?
WHERE committee_id = ? AND mailed_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
			timeArg(at), string(committee), idsArg(ids))
		if err != nil {
			return fmt.Errorf("mark notices mailed: %w", err)
		}
		return nil
	})
}

func (r notices) DeleteBefore(ctx context.Context, t time.Time) (int, error) {
	var n int64
	err := r.s.inTxKeepLists(ctx, func(tx *tx) error {
		res, err := tx.exec(`DELETE FROM notices WHERE at < ?`, t.UnixNano())
		if err != nil {
			return fmt.Errorf("delete old notices: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// idsArg is a JSON array of ids, for json_each: one argument however
// many ids there are.
func idsArg(ids []models.ID) string {
	b, _ := json.Marshal(ids)
	return string(b)
}
