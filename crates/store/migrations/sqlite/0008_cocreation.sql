-- Co-creating the agenda (issue 15, DOMAIN §4): a process in phases, pitches with their people and
-- versions, clusters that are never destroyed (merges and splits make new clusters and keep the
-- originals with their lineage), dot votes, cross-cutting concerns, elaborated theme texts with
-- versions, and amendments on the concept with their answers. Nothing here is ever deleted by a
-- step of the process: every sentence of the adopted agenda can be followed back to its people.
CREATE TABLE cocreation_processes (
    id                     INTEGER PRIMARY KEY,
    werkplaats_id          INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    agenda_id              INTEGER NOT NULL REFERENCES agendas(id) ON DELETE CASCADE,
    title                  TEXT NOT NULL,
    description            TEXT NOT NULL DEFAULT '',
    phase                  TEXT NOT NULL CHECK (phase IN ('pitching', 'clustering', 'prioritising',
                               'elaborating', 'concept', 'amending', 'adopted')),
    points_per_participant INTEGER NOT NULL CHECK (points_per_participant BETWEEN 1 AND 100),
    anonymous_votes        INTEGER NOT NULL DEFAULT 1,
    concept_version        INTEGER, -- the agenda version the concept step wrote
    adopted_version        INTEGER, -- the agenda version the adoption wrote
    created_by_account_id  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at             TEXT NOT NULL,
    CONSTRAINT cocreation_processes_title_key UNIQUE (werkplaats_id, title)
);

-- The plan of each phase: dates and an explanation; entered_at is when the process reached it.
CREATE TABLE cocreation_phases (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    process_id    INTEGER NOT NULL REFERENCES cocreation_processes(id) ON DELETE CASCADE,
    phase         TEXT NOT NULL,
    starts_on     TEXT,
    ends_on       TEXT,
    explanation   TEXT NOT NULL DEFAULT '',
    entered_at    TEXT,
    CONSTRAINT cocreation_phases_key UNIQUE (process_id, phase)
);

-- What happened, in order: the process report and every "who did what, when".
CREATE TABLE cocreation_events (
    id               INTEGER PRIMARY KEY,
    werkplaats_id    INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    process_id       INTEGER NOT NULL REFERENCES cocreation_processes(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    summary          TEXT NOT NULL,
    actor_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    actor_name       TEXT NOT NULL,
    at               TEXT NOT NULL
);
CREATE INDEX cocreation_events_process_idx ON cocreation_events (werkplaats_id, process_id, id);

CREATE TABLE pitches (
    id                  INTEGER PRIMARY KEY,
    werkplaats_id       INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    process_id          INTEGER NOT NULL REFERENCES cocreation_processes(id) ON DELETE CASCADE,
    title               TEXT NOT NULL,
    question            TEXT NOT NULL,
    why                 TEXT NOT NULL DEFAULT '',
    for_whom            TEXT NOT NULL DEFAULT '',
    organisation_id     INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    not_taken_up_reason TEXT,
    illustrative        INTEGER NOT NULL DEFAULT 0, -- demo text where the seed is silent
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX pitches_process_idx ON pitches (werkplaats_id, process_id, id);

-- Who brings a pitch: its authors (the first wrote it), co-pitchers and supporters. A person
-- without an account (named in a session) has account_id NULL.
CREATE TABLE pitch_people (
    id              INTEGER PRIMARY KEY,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    pitch_id        INTEGER NOT NULL REFERENCES pitches(id) ON DELETE CASCADE,
    account_id      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    name            TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    role            TEXT NOT NULL CHECK (role IN ('author', 'co_pitcher', 'supporter')),
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX pitch_people_account_key ON pitch_people (pitch_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX pitch_people_pitch_idx ON pitch_people (werkplaats_id, pitch_id);

CREATE TABLE pitch_versions (
    id                INTEGER PRIMARY KEY,
    werkplaats_id     INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    pitch_id          INTEGER NOT NULL REFERENCES pitches(id) ON DELETE CASCADE,
    number            INTEGER NOT NULL,
    snapshot          TEXT NOT NULL, -- JSON: title, question, why, for_whom, organisation
    author_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    author_name       TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    CONSTRAINT pitch_versions_number_key UNIQUE (pitch_id, number)
);

-- A cluster is active, or was merged into / split into newer clusters (kept, with its members'
-- history). theme_id: the agenda theme the concept step made of it.
CREATE TABLE cocreation_clusters (
    id                    INTEGER PRIMARY KEY,
    werkplaats_id         INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    process_id            INTEGER NOT NULL REFERENCES cocreation_processes(id) ON DELETE CASCADE,
    title                 TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('active', 'merged', 'split')),
    origin                TEXT NOT NULL CHECK (origin IN ('manual', 'suggestion', 'merge', 'split')),
    theme_id              INTEGER REFERENCES themes(id) ON DELETE SET NULL,
    not_taken_up_reason   TEXT,
    created_by_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_by_name       TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    closed_at             TEXT
);
CREATE INDEX cocreation_clusters_process_idx ON cocreation_clusters (werkplaats_id, process_id, id);

-- Lineage: the clusters a merged or split cluster came from.
CREATE TABLE cocreation_cluster_sources (
    werkplaats_id     INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    cluster_id        INTEGER NOT NULL REFERENCES cocreation_clusters(id) ON DELETE CASCADE,
    source_cluster_id INTEGER NOT NULL REFERENCES cocreation_clusters(id) ON DELETE CASCADE,
    PRIMARY KEY (cluster_id, source_cluster_id)
);

-- Membership history; a pitch is in at most one cluster at a time (the partial unique index).
CREATE TABLE cocreation_memberships (
    id              INTEGER PRIMARY KEY,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    cluster_id      INTEGER NOT NULL REFERENCES cocreation_clusters(id) ON DELETE CASCADE,
    pitch_id        INTEGER NOT NULL REFERENCES pitches(id) ON DELETE CASCADE,
    added_at        TEXT NOT NULL,
    added_by_name   TEXT NOT NULL,
    removed_at      TEXT,
    removed_by_name TEXT
);
CREATE UNIQUE INDEX cocreation_memberships_current_key ON cocreation_memberships (pitch_id) WHERE removed_at IS NULL;
CREATE INDEX cocreation_memberships_cluster_idx ON cocreation_memberships (werkplaats_id, cluster_id);

CREATE TABLE cocreation_votes (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    process_id    INTEGER NOT NULL REFERENCES cocreation_processes(id) ON DELETE CASCADE,
    cluster_id    INTEGER NOT NULL REFERENCES cocreation_clusters(id) ON DELETE CASCADE,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    points        INTEGER NOT NULL CHECK (points > 0),
    updated_at    TEXT NOT NULL,
    CONSTRAINT cocreation_votes_key UNIQUE (cluster_id, account_id)
);
CREATE INDEX cocreation_votes_process_idx ON cocreation_votes (werkplaats_id, process_id, account_id);

CREATE TABLE cocreation_concerns (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    process_id    INTEGER NOT NULL REFERENCES cocreation_processes(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    CONSTRAINT cocreation_concerns_title_key UNIQUE (process_id, title)
);

CREATE TABLE cocreation_concern_pitches (
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    concern_id    INTEGER NOT NULL REFERENCES cocreation_concerns(id) ON DELETE CASCADE,
    pitch_id      INTEGER NOT NULL REFERENCES pitches(id) ON DELETE CASCADE,
    PRIMARY KEY (concern_id, pitch_id)
);

-- The theme text a cluster's group writes, in versions; its authors are the contributors.
CREATE TABLE cocreation_texts (
    id                INTEGER PRIMARY KEY,
    werkplaats_id     INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    cluster_id        INTEGER NOT NULL REFERENCES cocreation_clusters(id) ON DELETE CASCADE,
    number            INTEGER NOT NULL,
    title             TEXT NOT NULL,
    level             TEXT CHECK (level IN ('collectief', 'doelgroep', 'professioneel')),
    introduction      TEXT NOT NULL,
    questions         TEXT NOT NULL,       -- JSON array of strings
    project_options   TEXT NOT NULL,       -- JSON array of strings
    author_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    author_name       TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    CONSTRAINT cocreation_texts_number_key UNIQUE (cluster_id, number)
);

CREATE TABLE cocreation_amendments (
    id                INTEGER PRIMARY KEY,
    werkplaats_id     INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    process_id        INTEGER NOT NULL REFERENCES cocreation_processes(id) ON DELETE CASCADE,
    theme_id          INTEGER REFERENCES themes(id) ON DELETE SET NULL,
    theme_title       TEXT NOT NULL, -- as it read when the amendment was made
    section           TEXT NOT NULL CHECK (section IN ('title', 'introduction', 'questions', 'project_options')),
    text              TEXT NOT NULL,
    reason            TEXT NOT NULL,
    author_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    author_name       TEXT NOT NULL,
    organisation_name TEXT,
    created_at        TEXT NOT NULL,
    decision          TEXT CHECK (decision IN ('accepted', 'rejected', 'partly_accepted')),
    answer            TEXT,
    applied_text      TEXT,    -- what went into the agenda (the proposal, or part of it)
    applied_version   INTEGER, -- the agenda version that applied it
    answered_by_name  TEXT,
    answered_at       TEXT
);
CREATE INDEX cocreation_amendments_process_idx ON cocreation_amendments (werkplaats_id, process_id, theme_id);
