-- Foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql:
-- same tables, columns, constraint names and semantics; only types differ.
-- Timestamps are UTC RFC 3339 text, dates ISO 8601 text: both sort correctly as text.

CREATE TABLE associations (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE werkplaatsen (
    id             INTEGER PRIMARY KEY,
    association_id INTEGER REFERENCES associations(id),
    slug           TEXT NOT NULL,
    name           TEXT NOT NULL,
    region         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    CONSTRAINT werkplaatsen_slug_key UNIQUE (slug)
);

CREATE TABLE periods (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    label         TEXT NOT NULL,
    start_year    INTEGER NOT NULL,
    end_year      INTEGER NOT NULL,
    CONSTRAINT periods_label_key UNIQUE (werkplaats_id, label),
    CONSTRAINT periods_years_check CHECK (end_year >= start_year)
);

CREATE TABLE agendas (
    id             INTEGER PRIMARY KEY,
    werkplaats_id  INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    period_id      INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    motto          TEXT NOT NULL,
    national_theme TEXT NOT NULL,
    CONSTRAINT agendas_period_key UNIQUE (werkplaats_id, period_id)
);

CREATE TABLE themes (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    agenda_id     INTEGER NOT NULL REFERENCES agendas(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    level         TEXT CHECK (level IN ('collectief', 'doelgroep', 'professioneel')),
    introduction  TEXT NOT NULL,
    questions     TEXT NOT NULL, -- JSON array of strings, in order
    funding       TEXT,
    position      INTEGER NOT NULL,
    CONSTRAINT themes_title_key UNIQUE (agenda_id, title)
);
CREATE INDEX themes_agenda_idx ON themes (werkplaats_id, agenda_id, position);

CREATE TABLE project_options (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    theme_id      INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    position      INTEGER NOT NULL,
    CONSTRAINT project_options_title_key UNIQUE (theme_id, title)
);
CREATE INDEX project_options_theme_idx ON project_options (werkplaats_id, theme_id, position);

CREATE TABLE cross_cutting_concerns (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    agenda_id     INTEGER NOT NULL REFERENCES agendas(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    position      INTEGER NOT NULL
);

CREATE TABLE organisations (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('gemeente', 'welzijn', 'zorg', 'hogeschool', 'lectoraat',
                      'opleiding', 'burger_clientorganisatie', 'landelijke_kennispartner', 'overig')),
    city          TEXT,
    website       TEXT,
    created_at    TEXT NOT NULL,
    CONSTRAINT organisations_name_key UNIQUE (werkplaats_id, name)
);

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    CONSTRAINT accounts_email_key UNIQUE (email)
);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    email           TEXT,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    account_id      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX people_werkplaats_idx ON people (werkplaats_id, name);

CREATE TABLE role_assignments (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('programme-coordinator', 'lector', 'teacher-researcher',
                      'theme-lead', 'project-support', 'consortium-member', 'professional', 'student',
                      'citizen', 'national-partner')),
    CONSTRAINT role_assignments_key UNIQUE (account_id, werkplaats_id, role)
);

CREATE TABLE agenda_versions (
    id                INTEGER PRIMARY KEY,
    werkplaats_id     INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    agenda_id         INTEGER NOT NULL REFERENCES agendas(id) ON DELETE CASCADE,
    number            INTEGER NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('concept', 'definitief')),
    version_date      TEXT NOT NULL,
    author_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    author_name       TEXT NOT NULL,
    change_note       TEXT NOT NULL,
    snapshot          TEXT NOT NULL, -- JSON: the whole agenda as it read after this change
    created_at        TEXT NOT NULL,
    CONSTRAINT agenda_versions_number_key UNIQUE (agenda_id, number)
);

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    CONSTRAINT sessions_token_key UNIQUE (token_hash)
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    CONSTRAINT api_tokens_token_key UNIQUE (token_hash)
);
