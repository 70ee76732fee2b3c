-- Every committee-owned row carries committee_id and every index on such a
-- table starts with it. Times are UTC unix nanoseconds (NULL for none),
-- dates are 'YYYY-MM-DD' text ('' for none), booleans 0/1.

CREATE TABLE committees (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    superior_body TEXT NOT NULL,
    issuer_code   TEXT NOT NULL,
    place_name    TEXT NOT NULL,
    time_zone     TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    INTEGER,
    updated_at    INTEGER
);

CREATE TABLE units (
    id           TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL REFERENCES committees (id),
    kind         TEXT NOT NULL,
    kind_rank    INTEGER NOT NULL, -- position of kind in models.UnitKinds
    name         TEXT NOT NULL,
    aliases      TEXT NOT NULL,    -- JSON array
    emails       TEXT NOT NULL,    -- JSON array
    active       INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    created_at   INTEGER,
    updated_at   INTEGER
);
CREATE INDEX units_by_kind ON units (committee_id, kind_rank, name, id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    committee_id  TEXT NOT NULL REFERENCES committees (id),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    role          TEXT NOT NULL,
    unit_id       TEXT NOT NULL,
    language      TEXT NOT NULL,
    disabled      INTEGER NOT NULL,
    password_hash TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    INTEGER,
    updated_at    INTEGER
);
-- People log in with their address alone, so it is unique across committees.
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_by_name ON users (committee_id, name, id);

-- Sessions are looked up by token, user and expiry, across committees.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL REFERENCES committees (id),
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER,
    last_seen_at INTEGER,
    expires_at   INTEGER
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE areas (
    id           TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL REFERENCES committees (id),
    name         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    created_at   INTEGER,
    updated_at   INTEGER
);
CREATE INDEX areas_by_position ON areas (committee_id, position, name, id);

CREATE TABLE periods (
    id                TEXT PRIMARY KEY,
    committee_id      TEXT NOT NULL REFERENCES committees (id),
    month             TEXT NOT NULL,
    status            TEXT NOT NULL,
    resolution_number TEXT NOT NULL,
    resolution_date   TEXT NOT NULL,
    version           INTEGER NOT NULL,
    created_at        INTEGER,
    updated_at        INTEGER
);
CREATE UNIQUE INDEX periods_month ON periods (committee_id, month);

-- rid is the rowid, used only inside the store to join task_units to
-- tasks cheaply. deadline_sort is the deadline, or '~' (after every date)
-- when there is none. The indexes carry every filtered column but
-- search_key, so a page is chosen and counted from an index alone; they
-- also carry the version, so rows the store holds in memory are checked
-- without reading them.
CREATE TABLE tasks (
    rid                   INTEGER PRIMARY KEY,
    id                    TEXT NOT NULL UNIQUE,
    committee_id          TEXT NOT NULL REFERENCES committees (id),
    period                TEXT NOT NULL,
    area_id               TEXT NOT NULL,
    text                  TEXT NOT NULL,
    has_source            INTEGER NOT NULL,
    source_resolution     TEXT NOT NULL,
    source_section        TEXT NOT NULL,
    source_area_index     INTEGER NOT NULL,
    source_item_index     INTEGER NOT NULL,
    lead_unit_id          TEXT NOT NULL,
    coordinating_unit_ids TEXT NOT NULL, -- space-separated ids, in order
    follow_up_unit_id     TEXT NOT NULL,
    deadline              TEXT NOT NULL,
    deadline_sort         TEXT NOT NULL,
    state                 TEXT NOT NULL,
    percent               INTEGER NOT NULL,
    accepted_at           INTEGER,
    accepted_by           TEXT NOT NULL,
    carried_from_id       TEXT NOT NULL,
    carry_count           INTEGER NOT NULL,
    version               INTEGER NOT NULL,
    created_by            TEXT NOT NULL,
    created_at            INTEGER,
    updated_by            TEXT NOT NULL,
    updated_at            INTEGER,
    search_key            TEXT NOT NULL,
    area_position         INTEGER NOT NULL,
    accepted_late         INTEGER NOT NULL
);
CREATE INDEX tasks_order ON tasks (committee_id, area_position, deadline_sort, id, period, area_id, state, accepted_late, version);
CREATE INDEX tasks_period ON tasks (committee_id, period, area_position, deadline_sort, id, area_id, state, accepted_late, version);
CREATE INDEX tasks_area ON tasks (committee_id, area_id, area_position, deadline_sort, id, period, state, accepted_late, version);

-- One row per unit involved in a task (role lead or coordinating), with
-- copies of the task's filtered columns, rewritten with the task. A unit's
-- tasks are selected, ordered and counted from its index alone.
CREATE TABLE task_units (
    committee_id  TEXT NOT NULL,
    task_rid      INTEGER NOT NULL REFERENCES tasks (rid) ON DELETE CASCADE,
    unit_id       TEXT NOT NULL,
    task_id       TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('lead', 'coordinating')),
    period        TEXT NOT NULL,
    area_id       TEXT NOT NULL,
    area_position INTEGER NOT NULL,
    deadline_sort TEXT NOT NULL,
    state         TEXT NOT NULL,
    accepted_late INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    PRIMARY KEY (committee_id, task_rid, unit_id)
) WITHOUT ROWID;
CREATE INDEX task_units_unit ON task_units (committee_id, unit_id, area_position, deadline_sort, task_id, role, period, area_id, state, accepted_late, version);
CREATE INDEX task_units_unit_period ON task_units (committee_id, unit_id, period, area_position, deadline_sort, task_id, role, area_id, state, accepted_late, version);

CREATE TABLE progress (
    id           TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL,
    task_id      TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    unit_id      TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    at           INTEGER,
    percent      INTEGER NOT NULL,
    from_state   TEXT NOT NULL,
    to_state     TEXT NOT NULL,
    note         TEXT NOT NULL
);
CREATE INDEX progress_by_task ON progress (committee_id, task_id, at, id);

-- Audit rows never block a write: no foreign keys.
CREATE TABLE audit (
    id           TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    at           INTEGER,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    action       TEXT NOT NULL,
    before       BLOB,
    after        BLOB
);
CREATE INDEX audit_by_time ON audit (committee_id, at, id);
CREATE INDEX audit_by_entity ON audit (committee_id, entity, at, id);
CREATE INDEX audit_by_record ON audit (committee_id, entity, entity_id, at, id);
