-- Following and email digests (issue 17). Keep in step with ../postgres/0012_follows.sql.

-- What a person follows: a werkplaats, a theme or a project of a werkplaats, or a kwestie (shared by
-- every werkplaats, so without werkplaats). `target_id` is the id of the werkplaats, theme, project
-- or kwestie; a target that is deleted later is skipped by the digest and dropped from the list.
CREATE TABLE follows (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('werkplaats', 'theme', 'kwestie', 'project')),
    werkplaats_id INTEGER REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    target_id     INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    CONSTRAINT follows_target_key UNIQUE (account_id, kind, target_id)
);
CREATE INDEX follows_account_idx ON follows (account_id, id);

-- One row per person who ever followed something: how often the digest comes ('off': never),
-- where the last digest ended (the next one covers [last_digest_at, now)), the last period a
-- digest job was queued for (so the scheduler queues each period once), and the SHA-256 of the
-- person's one-click unsubscribe token (an HMAC of the account id; the token is never stored).
CREATE TABLE follow_settings (
    account_id       INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    frequency        TEXT NOT NULL DEFAULT 'weekly' CHECK (frequency IN ('daily', 'weekly', 'off')),
    last_digest_at   TEXT NOT NULL,
    queued_period    TEXT NOT NULL,
    unsubscribe_hash TEXT NOT NULL,
    CONSTRAINT follow_settings_unsubscribe_key UNIQUE (unsubscribe_hash)
);
