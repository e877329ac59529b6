-- What the plan saw of each user's method before anything was sent, in Graph's own time, so
-- that the reconcile of a create whose answer was lost compares Graph time with Graph time
-- (never this machine's clock). `seen_checked` = 0 for rows of jobs planned before this
-- column existed (the reconcile then falls back to the clock rule). Never a secret.
ALTER TABLE bulk_rows ADD COLUMN seen_checked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bulk_rows ADD COLUMN seen_method_id TEXT;      -- NULL: the user had no method
ALTER TABLE bulk_rows ADD COLUMN seen_created_ms INTEGER;  -- the method's createdDateTime
