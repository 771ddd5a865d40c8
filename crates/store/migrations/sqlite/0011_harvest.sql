-- The OAI-PMH harvester (issue 17): sources other installations and repositories publish, the
-- records harvested from them, and a log of runs. Keep in step with ../postgres/0011_harvest.sql.

-- A source belongs to the installation; `werkplaats_id` is the werkplaats it was registered for
-- (by its coordinator, or the oldest werkplaats when the administrator adds it on the command
-- line): its records are search documents of that werkplaats and are counted under it in the
-- association view. `set_spec` is '' for the whole repository.
CREATE TABLE harvest_sources (
    id                     INTEGER PRIMARY KEY,
    werkplaats_id          INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    url                    TEXT NOT NULL,
    set_spec               TEXT NOT NULL DEFAULT '',
    name                   TEXT NOT NULL,
    enabled                INTEGER NOT NULL DEFAULT 1,
    created_at             TEXT NOT NULL,
    created_by             INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    -- 'YYYY-MM-DD' or 'YYYY-MM-DDThh:mm:ssZ', from the source's Identify.
    granularity            TEXT,
    last_run_at            TEXT,
    last_success_at        TEXT,
    -- The `from` of the next run: the responseDate of the first page of the last complete run.
    last_success_datestamp TEXT,
    -- An unfinished run: the resumptionToken of its next page and the responseDate it started with.
    resume_token           TEXT,
    resume_started         TEXT,
    -- Dutch, for the coordinators' page; NULL after a run without errors.
    last_error             TEXT,
    records                INTEGER NOT NULL DEFAULT 0,
    -- A run holds the source until this time (extended after every page), so that two runs
    -- (the hourly one and a queued one, or two workers) never interleave their tokens.
    running_until          TEXT,
    UNIQUE (url, set_spec)
);

CREATE TABLE harvested_records (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES harvest_sources(id) ON DELETE CASCADE,
    identifier  TEXT NOT NULL,
    datestamp   TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Lists, one value a line.
    creators    TEXT NOT NULL DEFAULT '',
    subjects    TEXT NOT NULL DEFAULT '',
    types       TEXT NOT NULL DEFAULT '',
    date        TEXT NOT NULL DEFAULT '',
    language    TEXT NOT NULL DEFAULT '',
    -- The original: the first dc:identifier that is an http(s) URL ('' when none).
    url         TEXT NOT NULL DEFAULT '',
    harvested_at TEXT NOT NULL,
    UNIQUE (source_id, identifier)
);

CREATE TABLE harvest_runs (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES harvest_sources(id) ON DELETE CASCADE,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    added       INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0,
    error       TEXT
);
CREATE INDEX harvest_runs_source_idx ON harvest_runs (source_id, id);
