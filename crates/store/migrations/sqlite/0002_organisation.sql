-- Werkplaats organisation (DOMAIN §3): people's functions, letters of intent, theme groups,
-- projects, bodies (MT, consortium), per-werkplaats governance settings, and the audit log.
-- Keep in step with ../postgres/0002_organisation.sql.

ALTER TABLE organisations ADD COLUMN email TEXT;

-- What a person does in the werkplaats (not what their account may do: see role_assignments).
ALTER TABLE people ADD COLUMN position TEXT;                      -- functie, e.g. 'directeur'
ALTER TABLE people ADD COLUMN is_manager INTEGER NOT NULL DEFAULT 0; -- leidinggevende/bestuurder
ALTER TABLE people ADD COLUMN days_per_week REAL;                 -- time given to the werkplaats

CREATE TABLE person_functions (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    function      TEXT NOT NULL CHECK (function IN ('programme-coordinator', 'lector', 'teacher-researcher',
                      'project-support', 'consortium-member', 'professional', 'student', 'citizen', 'national-partner')),
    CONSTRAINT person_functions_key UNIQUE (person_id, function)
);
CREATE INDEX person_functions_idx ON person_functions (werkplaats_id, person_id);

CREATE TABLE letters_of_intent (
    id                INTEGER PRIMARY KEY,
    werkplaats_id     INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    organisation_id   INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    signed_on         TEXT NOT NULL,
    representative_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    commit_consortium INTEGER NOT NULL DEFAULT 1,
    commit_theme_group INTEGER NOT NULL DEFAULT 1,
    commit_projects   INTEGER NOT NULL DEFAULT 1,
    estimated_hours   INTEGER,
    estimated_note    TEXT,
    CONSTRAINT letters_of_intent_org_key UNIQUE (werkplaats_id, organisation_id)
);

CREATE TABLE theme_groups (
    id             INTEGER PRIMARY KEY,
    werkplaats_id  INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    theme_id       INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    lead_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    description    TEXT NOT NULL DEFAULT '',
    CONSTRAINT theme_groups_theme_key UNIQUE (theme_id)
);

CREATE TABLE theme_group_organisations (
    theme_group_id  INTEGER NOT NULL REFERENCES theme_groups(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (theme_group_id, organisation_id)
);

CREATE TABLE theme_group_members (
    theme_group_id INTEGER NOT NULL REFERENCES theme_groups(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    werkplaats_id  INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (theme_group_id, person_id)
);

CREATE TABLE projects (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    theme_id      INTEGER NOT NULL REFERENCES themes(id),
    title         TEXT NOT NULL,
    questions     TEXT NOT NULL DEFAULT '[]', -- JSON array: the practice questions it answers
    higher_goal   TEXT NOT NULL DEFAULT '',
    four_os       TEXT NOT NULL DEFAULT '[]', -- JSON array of onderzoek/ontwikkeling/onderwijs/ondersteuning
    methods       TEXT NOT NULL DEFAULT '[]', -- JSON array
    size          TEXT NOT NULL CHECK (size IN ('groot', 'middel', 'klein')),
    starts_on     TEXT,
    ends_on       TEXT,
    status        TEXT NOT NULL CHECK (status IN ('idee', 'in_voorbereiding', 'lopend', 'afgerond', 'gestopt')),
    visibility    TEXT NOT NULL CHECK (visibility IN ('public', 'members')),
    plan          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX projects_theme_idx ON projects (werkplaats_id, theme_id);

CREATE TABLE project_organisations (
    project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    contribution    TEXT NOT NULL DEFAULT '',
    planning        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, organisation_id)
);

CREATE TABLE project_people (
    project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    role          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, person_id)
);

CREATE TABLE project_plan_versions (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    plan          TEXT NOT NULL,
    author_name   TEXT NOT NULL,
    change_note   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    CONSTRAINT project_plan_versions_key UNIQUE (project_id, number)
);

CREATE TABLE bodies (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('mt', 'consortium')),
    name          TEXT NOT NULL,
    CONSTRAINT bodies_kind_key UNIQUE (werkplaats_id, kind)
);

CREATE TABLE body_members (
    body_id       INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (body_id, person_id)
);

CREATE TABLE body_meetings (
    id            INTEGER PRIMARY KEY,
    body_id       INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    met_on        TEXT NOT NULL,
    CONSTRAINT body_meetings_key UNIQUE (body_id, met_on)
);

-- Governance thresholds per werkplaats (JSON; missing keys take the ZHZ defaults).
CREATE TABLE werkplaats_settings (
    werkplaats_id INTEGER PRIMARY KEY REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    governance    TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    at            TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    actor_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    entity_type   TEXT NOT NULL,
    entity_id     INTEGER NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    before        TEXT, -- JSON
    after         TEXT  -- JSON
);
CREATE INDEX audit_log_idx ON audit_log (werkplaats_id, id);
