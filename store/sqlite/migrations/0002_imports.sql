-- Resolution imports: a parsed resolution on its way to becoming tasks.
-- The original file lives in import_files, so reading or listing imports
-- never reads file bytes. document is the parsed resolution (JSON, kept
-- byte for byte), items the proposed tasks (a JSON array, see
-- store/sqlite/imports.go for its fields), task_ids a JSON array of ids.

CREATE TABLE imports (
    id           TEXT PRIMARY KEY,
    committee_id TEXT NOT NULL REFERENCES committees (id),
    status       TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    file_size    INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    doc_number   TEXT NOT NULL, -- '' for a draft resolution
    month        TEXT NOT NULL,
    document     BLOB,
    items        TEXT NOT NULL,
    task_ids     TEXT NOT NULL,
    version      INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER,
    updated_by   TEXT NOT NULL,
    updated_at   INTEGER,
    committed_at INTEGER
);
CREATE INDEX imports_by_hash ON imports (committee_id, content_hash);
CREATE INDEX imports_by_number ON imports (committee_id, doc_number);
CREATE INDEX imports_by_time ON imports (committee_id, created_at DESC, id DESC);

-- Files up to a few MB: a rowid table, so large rows stay out of the key.
CREATE TABLE import_files (
    committee_id TEXT NOT NULL,
    import_id    TEXT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    data         BLOB NOT NULL,
    PRIMARY KEY (committee_id, import_id)
);
