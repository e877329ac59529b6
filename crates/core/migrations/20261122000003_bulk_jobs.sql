-- Bulk provisioning jobs and their per-row journal: enough to resume after a crash with no
-- row lost or created twice. Never a PIN, QR payload or image: a row says only whether the
-- CSV gave a PIN (`custom_pin`); the PIN itself is read again from the CSV on resume.
CREATE TABLE bulk_jobs (
    id            TEXT PRIMARY KEY,
    created_at    INTEGER NOT NULL,               -- unix ms
    updated_at    INTEGER NOT NULL,
    operator_upn  TEXT NOT NULL,
    source        TEXT NOT NULL,                  -- the CSV's path, or "department = X"
    source_sha256 TEXT,                           -- of the CSV, checked before its PINs are reused
    options       TEXT NOT NULL,                  -- JSON of the run options (no secrets)
    state         TEXT NOT NULL CHECK (state IN ('running', 'cancelled', 'finished'))
);
CREATE TABLE bulk_rows (
    job_id        TEXT NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,               -- line in the CSV (1 = header), or list order
    upn           TEXT NOT NULL,
    user_id       TEXT,
    display_name  TEXT,
    department    TEXT,
    action        TEXT NOT NULL CHECK (action IN ('create', 'rotate', 'reissue', 'skip', 'invalid')),
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
    request_id    TEXT,                           -- Graph request-id of the last answer
    attempts      INTEGER NOT NULL DEFAULT 0,
    sent_at       INTEGER,                        -- unix ms of the first send
    method_id     TEXT,                           -- id of the method or code created
    output        TEXT,                           -- the badge file that holds this row's badge
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (job_id, line)
);
CREATE INDEX bulk_rows_state ON bulk_rows (job_id, state);
CREATE INDEX bulk_jobs_created ON bulk_jobs (created_at DESC);
