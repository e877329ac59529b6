-- Recent users: who the station looked up, with a summary of their QR code + PIN method.
-- Never a PIN, a QR payload or a token: those never reach this database.
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
CREATE INDEX recent_users_last_seen ON recent_users (last_seen DESC);
CREATE UNIQUE INDEX recent_users_upn ON recent_users (upn COLLATE NOCASE);

-- Word-prefix search over names and UPNs ("smi" finds "Anna Smith", "anna.s" her UPN).
CREATE VIRTUAL TABLE recent_users_fts USING fts5 (
    display_name, upn,
    content = 'recent_users', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER recent_users_ai AFTER INSERT ON recent_users BEGIN
    INSERT INTO recent_users_fts (rowid, display_name, upn)
    VALUES (new.rowid, new.display_name, new.upn);
END;
CREATE TRIGGER recent_users_ad AFTER DELETE ON recent_users BEGIN
    INSERT INTO recent_users_fts (recent_users_fts, rowid, display_name, upn)
    VALUES ('delete', old.rowid, old.display_name, old.upn);
END;
CREATE TRIGGER recent_users_au AFTER UPDATE OF display_name, upn ON recent_users BEGIN
    INSERT INTO recent_users_fts (recent_users_fts, rowid, display_name, upn)
    VALUES ('delete', old.rowid, old.display_name, old.upn);
    INSERT INTO recent_users_fts (rowid, display_name, upn)
    VALUES (new.rowid, new.display_name, new.upn);
END;
