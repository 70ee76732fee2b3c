-- The latest outcome of each background job across replicas, for the
-- administrators' job page. Times are Unix nanoseconds; 0 means never.
CREATE TABLE job_status (
    name          TEXT PRIMARY KEY,
    last_run_at   INTEGER NOT NULL,
    last_took     INTEGER NOT NULL,
    last_summary  TEXT NOT NULL,
    last_instance TEXT NOT NULL,
    last_ok_at    INTEGER NOT NULL,
    last_error    TEXT NOT NULL,
    last_error_at INTEGER NOT NULL,
    runs          INTEGER NOT NULL,
    failures      INTEGER NOT NULL
) WITHOUT ROWID;
