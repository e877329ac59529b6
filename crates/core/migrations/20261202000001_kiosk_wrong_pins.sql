-- The kiosk's wrong-PIN limit per worker, kept so that a restart or power cut does not give
-- anyone fresh tries. Never a PIN: only how many were wrong and when (wall-clock unix ms,
-- read with guards against clock jumps, see core/src/kiosk/limiter.rs).
CREATE TABLE kiosk_wrong_pins (
    worker_key      TEXT PRIMARY KEY NOT NULL,   -- Entra object id (lower case), else the UPN
    wrong           INTEGER NOT NULL CHECK (wrong >= 0),
    last_wrong_ms   INTEGER NOT NULL,            -- unix ms
    locked_until_ms INTEGER                      -- unix ms; NULL: not locked
);
