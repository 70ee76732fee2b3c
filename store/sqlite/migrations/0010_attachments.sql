-- Evidence files (minh chứng) units attach to tasks. This is the record;
-- the bytes are files beside the database,
-- attachments/<committee_id>/<sha256[0:2]>/<sha256>, kept once per
-- committee and content (see store/sqlite/attachments.go). A removed
-- attachment keeps its row (removed_at set) for the audit trail.
CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL REFERENCES committees (id),
    task_id      TEXT NOT NULL,
    progress_id  TEXT NOT NULL, -- '' when it came without a progress report
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    unit_id      TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER,
    removed_at   INTEGER,
    removed_by   TEXT NOT NULL
);
-- A task's list, oldest first.
CREATE INDEX attachments_by_task ON attachments (committee_id, task_id, created_at, id);
