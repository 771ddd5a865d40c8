-- Failed sign-ins, counted in the database so that every instance sees the same counts (security
-- review, finding 9). `key` is a SHA-256 of what is counted (account and client, client, account),
-- so the table holds no email or address in the clear. Rows older than a day are deleted.
CREATE TABLE login_throttle (
    key             TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL
);

-- `broedplaats admin reindex` beside running servers: a request here makes every instance
-- rebuild its own search index (searches keep the old one until the new one is committed).
CREATE TABLE search_rebuilds (
    id           INTEGER PRIMARY KEY,
    requested_at TEXT NOT NULL,
    done_at      TEXT
);
