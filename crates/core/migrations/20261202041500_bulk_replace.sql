-- Users whose method cannot be used (issue #13): two more row actions, `renew` (new standard
-- code + PIN reset) and `replace` (DELETE the method, then PUT a new one), and for a
-- replacement the time Graph confirmed its DELETE (`deleted_at`), written in the same
-- transaction that queues the PUT: a crash between the two leaves either "not deleted yet" (a
-- check looks; the DELETE is only ever sent again while no PUT of this job has left) or
-- "deleted, create pending" (the create is finished on resume, or the row is reported).
-- SQLite cannot change a CHECK constraint, so the table is rebuilt. Never a secret.
CREATE TABLE bulk_rows_new (
    job_id        TEXT NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,
    upn           TEXT NOT NULL,
    user_id       TEXT,
    display_name  TEXT,
    department    TEXT,
    action        TEXT NOT NULL CHECK (action IN ('create', 'rotate', 'reissue', 'renew',
                      'replace', 'skip', 'invalid')),
    start_ms      INTEGER,
    expires_ms    INTEGER,
    days          INTEGER,
    custom_pin    INTEGER NOT NULL DEFAULT 0,
    template      TEXT,
    printer       TEXT,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'created', 'badge_written',
                      'printed', 'skipped', 'failed', 'badge_lost', 'invalid')),
    error_code    TEXT,
    error_message TEXT,
    request_id    TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    sent_at       INTEGER,
    method_id     TEXT,
    output        TEXT,
    updated_at    INTEGER NOT NULL,
    seen_checked    INTEGER NOT NULL DEFAULT 0,
    seen_method_id  TEXT,
    seen_created_ms INTEGER,
    deleted_at    INTEGER,                        -- unix ms: a replacement's DELETE confirmed
    PRIMARY KEY (job_id, line)
);
INSERT INTO bulk_rows_new (job_id, line, upn, user_id, display_name, department, action,
    start_ms, expires_ms, days, custom_pin, template, printer, state, error_code, error_message,
    request_id, attempts, sent_at, method_id, output, updated_at, seen_checked, seen_method_id,
    seen_created_ms)
SELECT job_id, line, upn, user_id, display_name, department, action, start_ms, expires_ms,
    days, custom_pin, template, printer, state, error_code, error_message, request_id, attempts,
    sent_at, method_id, output, updated_at, seen_checked, seen_method_id, seen_created_ms
FROM bulk_rows;
DROP TABLE bulk_rows;
ALTER TABLE bulk_rows_new RENAME TO bulk_rows;
CREATE INDEX bulk_rows_state ON bulk_rows (job_id, state);
