-- Study programmes (issue 19): the opleidingen a werkplaats works with, per hogeschool. Assignments
-- name their programmes in `assignment_programmes` (by name, matched case-insensitively).
-- Keep in step with ../postgres/0017_programmes.sql.

-- A study programme of a hogeschool (an organisation of kind 'hogeschool' of the same werkplaats).
CREATE TABLE werkplaats_programmes (
    id              INTEGER PRIMARY KEY,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    CONSTRAINT werkplaats_programmes_key UNIQUE (werkplaats_id, organisation_id, name)
);
