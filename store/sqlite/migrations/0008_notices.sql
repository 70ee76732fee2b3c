-- Follow-up notices: one row per event and recipient (a person, or a
-- unit's mailbox known by its address only), read in the app and mailed
-- in batches per address. No foreign keys, as with the outbox: storing a
-- change's notices never fails on a reference. mail_due is NULL for a
-- notice that is never mailed.
CREATE TABLE notices (
    id           TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    task_id      TEXT NOT NULL,
    task_text    TEXT NOT NULL,
    note         TEXT NOT NULL,
    deadline     TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    at           INTEGER NOT NULL,
    user_id      TEXT NOT NULL,
    address      TEXT NOT NULL,
    lang         TEXT NOT NULL,
    mail_due     INTEGER,
    mail_now     INTEGER NOT NULL,
    mailed_at    INTEGER,
    read_at      INTEGER
);
-- A person's list, newest first, and the unread part of it: the unread
-- count (shown on every page) reads the second index alone.
CREATE INDEX notices_by_user ON notices (committee_id, user_id, at DESC, id DESC);
CREATE INDEX notices_by_user_read ON notices (committee_id, user_id, read_at, at DESC, id DESC);
-- The mail queue. The mailer picks due notices across committees (so this
-- index does not start with committee_id), then gathers each address's
-- unmailed ones. Both are partial: mailed and app-only notices leave them.
CREATE INDEX notices_mail_due ON notices (mail_due, id) WHERE mailed_at IS NULL AND mail_due IS NOT NULL;
CREATE INDEX notices_unmailed ON notices (committee_id, address, at, id) WHERE mailed_at IS NULL AND mail_due IS NOT NULL;
-- Retention removes old notices of every committee.
CREATE INDEX notices_by_time ON notices (at);

-- Each address's choice per kind of follow-up event (a JSON object).
ALTER TABLE mail_prefs ADD COLUMN notify TEXT NOT NULL DEFAULT '{}';
