-- Mail choices per address and one-time tokens (password reset links).

-- An address's choices in one committee; token is the key its unsubscribe
-- links carry. Addresses are stored normalised (lower case).
CREATE TABLE mail_prefs (
    committee_id TEXT NOT NULL,
    address      TEXT NOT NULL,
    digest       TEXT NOT NULL CHECK (digest IN ('off', 'weekly', 'daily')),
    reminders    INTEGER NOT NULL,
    token        TEXT NOT NULL UNIQUE,
    version      INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (committee_id, address)
) WITHOUT ROWID;

-- Only the hash of a token is kept; taking a token deletes its row.
CREATE TABLE one_time_tokens (
    hash         TEXT PRIMARY KEY,
    purpose      TEXT NOT NULL,
    committee_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id, purpose);

-- Each message may carry its recipient's one-click unsubscribe address.
ALTER TABLE outbox ADD COLUMN unsubscribe TEXT NOT NULL DEFAULT '';
