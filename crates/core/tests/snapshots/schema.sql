CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_target ON audit_log (target_upn COLLATE NOCASE, at);
CREATE INDEX bulk_jobs_created ON bulk_jobs (created_at DESC);
CREATE INDEX bulk_rows_state ON bulk_rows (job_id, state);
CREATE INDEX recent_user_views_by_account ON recent_user_views (tenant_id, account_id, last_seen DESC);
CREATE INDEX recent_user_views_user ON recent_user_views (user_id);
CREATE INDEX recent_users_last_seen ON recent_users (last_seen DESC);
CREATE UNIQUE INDEX recent_users_upn ON recent_users (upn COLLATE NOCASE);
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,               -- unix ms
    operator_upn TEXT NOT NULL,
    action       TEXT NOT NULL,                  -- e.g. method.create, pin.reset, badge.print
    target_upn   TEXT,
    outcome      TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
    error_code   TEXT,
    request_id   TEXT,                           -- Graph request-id, for Microsoft support
    printer      TEXT
);
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
CREATE TABLE "bulk_rows" (
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
CREATE TABLE kiosk_wrong_pins (
    worker_key      TEXT PRIMARY KEY NOT NULL,   -- Entra object id (lower case), else the UPN
    wrong           INTEGER NOT NULL CHECK (wrong >= 0),
    last_wrong_ms   INTEGER NOT NULL,            -- unix ms
    locked_until_ms INTEGER                      -- unix ms; NULL: not locked
);
CREATE TABLE recent_user_views (
    tenant_id  TEXT NOT NULL,   -- the signed-in person's tenant id ('' when the sign-in gave none)
    account_id TEXT NOT NULL,   -- the signed-in person's object id
    user_id    TEXT NOT NULL REFERENCES recent_users (id) ON DELETE CASCADE,
    last_seen  INTEGER NOT NULL, -- unix ms
    PRIMARY KEY (tenant_id, account_id, user_id)
);
CREATE TABLE recent_users (
    id               TEXT PRIMARY KEY NOT NULL,  -- Entra object id
    upn              TEXT NOT NULL,
    display_name     TEXT NOT NULL,
    department       TEXT,
    office_location  TEXT,
    job_title        TEXT,
    has_method       INTEGER,                    -- NULL: not known yet
    usable           INTEGER,
    standard_expires INTEGER,                    -- unix ms
    temporary_expires INTEGER,                   -- unix ms
    pin_must_change  INTEGER,
    last_seen        INTEGER NOT NULL,           -- unix ms
    last_action      TEXT,
    print_count      INTEGER NOT NULL DEFAULT 0,
    last_print       INTEGER                     -- unix ms
);
CREATE VIRTUAL TABLE recent_users_fts USING fts5 (
    display_name, upn, office_location,
    content = 'recent_users', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
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
CREATE TRIGGER recent_users_ad AFTER DELETE ON recent_users BEGIN
    INSERT INTO recent_users_fts (recent_users_fts, rowid, display_name, upn, office_location)
    VALUES ('delete', old.rowid, old.display_name, old.upn, old.office_location);
END;
CREATE TRIGGER recent_users_ai AFTER INSERT ON recent_users BEGIN
    INSERT INTO recent_users_fts (rowid, display_name, upn, office_location)
    VALUES (new.rowid, new.display_name, new.upn, new.office_location);
END;
CREATE TRIGGER recent_users_au AFTER UPDATE OF display_name, upn, office_location ON recent_users BEGIN
    INSERT INTO recent_users_fts (recent_users_fts, rowid, display_name, upn, office_location)
    VALUES ('delete', old.rowid, old.display_name, old.upn, old.office_location);
    INSERT INTO recent_users_fts (rowid, display_name, upn, office_location)
    VALUES (new.rowid, new.display_name, new.upn, new.office_location);
END;
