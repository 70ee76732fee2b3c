-- Delivery and scheduling: the e-mail outbox, leases for singleton work
-- and the ledger of calendar work done. No foreign keys: queuing mail or
-- recording work never fails on a reference (as with audit rows).

-- One row per queued e-mail. The dispatcher claims due rows across
-- committees (state pending with next_at passed, or sending with an
-- expired lease), so the claiming index does not start with committee_id.
-- recipients is a JSON array.
CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL,
    key          TEXT NOT NULL,
    recipients   TEXT NOT NULL,
    subject      TEXT NOT NULL,
    text         TEXT NOT NULL,
    html         TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts     INTEGER NOT NULL,
    next_at      INTEGER NOT NULL,
    owner        TEXT NOT NULL,
    lease_until  INTEGER,
    last_error   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    UNIQUE (committee_id, key)
);
CREATE INDEX outbox_claim ON outbox (state, next_at);
CREATE INDEX outbox_by_time ON outbox (committee_id, created_at DESC, id DESC);

-- A named lease is held by owner until expires_at; then anyone may take it.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Calendar work done once per natural key ("carryover", "2021-10").
CREATE TABLE ledger (
    committee_id TEXT NOT NULL,
    job          TEXT NOT NULL,
    key          TEXT NOT NULL,
    done_at      INTEGER,
    detail       TEXT NOT NULL,
    PRIMARY KEY (committee_id, job, key)
) WITHOUT ROWID;
