-- Recent users per signed-in person (issue #15): who looked up whom on this PC is kept per
-- account, (tenant id, the signed-in person's object id), so one manager's "Recent" list and
-- cache search never show the workers another person handled. `recent_users` stays the
-- station's one cache of people (the kiosk reads it too); a row is shown to a person only
-- through their own view row. Rows cached before this migration have no view: they are kept
-- under no account and shown to no one until that person's own look-up adds a view.
-- Never a PIN, a QR payload or a token.
CREATE TABLE recent_user_views (
    tenant_id  TEXT NOT NULL,   -- the signed-in person's tenant id ('' when the sign-in gave none)
    account_id TEXT NOT NULL,   -- the signed-in person's object id
    user_id    TEXT NOT NULL REFERENCES recent_users (id) ON DELETE CASCADE,
    last_seen  INTEGER NOT NULL, -- unix ms
    PRIMARY KEY (tenant_id, account_id, user_id)
);
CREATE INDEX recent_user_views_by_account ON recent_user_views (tenant_id, account_id, last_seen DESC);
CREATE INDEX recent_user_views_user ON recent_user_views (user_id);
