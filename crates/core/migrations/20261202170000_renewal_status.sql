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
