-- The local audit log: who did what to whom, and how it went. Never a PIN or QR payload.
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
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_target ON audit_log (target_upn COLLATE NOCASE, at);
