-- The renewal scan's cache (issue #16 §3): each worker's badge status for a store, with the
-- dates it was decided from and when it was fetched. Statuses and dates only: never a PIN, a
-- QR picture or rawContent (there is no column that could hold one).
CREATE TABLE renewal_scans (
    scope_key    TEXT PRIMARY KEY,      -- e.g. "office:Store 501", "department:Bakery", "unit:<id>"
    scope_label  TEXT NOT NULL,         -- the store in words
    within_days  INTEGER NOT NULL,      -- the "expiring within N days" of the scan
    scanned_at   INTEGER NOT NULL,      -- unix ms
    operator_upn TEXT NOT NULL
);

CREATE TABLE renewal_status (
    scope_key           TEXT NOT NULL REFERENCES renewal_scans(scope_key) ON DELETE CASCADE,
    upn                 TEXT NOT NULL,
    user_id             TEXT,
    display_name        TEXT,
    office              TEXT,
    department          TEXT,
    state               TEXT NOT NULL,  -- noMethod | expired | expiring | valid | unreadable
    starts_ms           INTEGER,        -- the standard code's startDateTime
    expires_ms          INTEGER,        -- the standard code's expireDateTime
    created_ms          INTEGER,        -- the standard code's (else the method's) createdDateTime
    last_used_ms        INTEGER,        -- NULL: never used (unset or the 0001-01-01 sentinel)
    temporary_expires_ms INTEGER,       -- an active temporary code's expiry
    pin_change_pending  INTEGER NOT NULL DEFAULT 0,
    error_code          TEXT,           -- why the status could not be read (state unreadable)
    PRIMARY KEY (scope_key, upn)
);

-- Renewal jobs on the bulk journal: the row action `extend` (move a valid code's expiry, no
-- reprint) and its end state `extended`. SQLite cannot change a CHECK constraint, so the
-- table is rebuilt (as in `…_bulk_replace.sql`). Never a secret.
CREATE TABLE bulk_rows_new (
    job_id        TEXT NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,
    upn           TEXT NOT NULL,
    user_id       TEXT,
    display_name  TEXT,
    department    TEXT,
    action        TEXT NOT NULL CHECK (action IN ('create', 'rotate', 'reissue', 'renew',
                      'replace', 'extend', 'skip', 'invalid')),
    start_ms      INTEGER,
    expires_ms    INTEGER,
    days          INTEGER,
    custom_pin    INTEGER NOT NULL DEFAULT 0,
    template      TEXT,
    printer       TEXT,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'created', 'badge_written',
                      'printed', 'skipped', 'failed', 'badge_lost', 'invalid', 'extended')),
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
    seen_created_ms, deleted_at)
SELECT job_id, line, upn, user_id, display_name, department, action, start_ms, expires_ms,
    days, custom_pin, template, printer, state, error_code, error_message, request_id, attempts,
    sent_at, method_id, output, updated_at, seen_checked, seen_method_id, seen_created_ms,
    deleted_at
FROM bulk_rows;
DROP TABLE bulk_rows;
ALTER TABLE bulk_rows_new RENAME TO bulk_rows;
CREATE INDEX bulk_rows_state ON bulk_rows (job_id, state);
