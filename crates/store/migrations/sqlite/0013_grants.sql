-- Grants, budget lines, contributions (matching), outcomes and annual report versions (issue 18).
-- Keep in step with ../postgres/0013_grants.sql. Amounts are euro cents.

-- A grant (CERIF Funding): a funder organisation, a CERIF type, a period, amounts per year and
-- conditions (free text plus the matching ratio). `part_of` nests a grant in another.
CREATE TABLE grants (
    id             INTEGER PRIMARY KEY,
    werkplaats_id  INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    funder_id      INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    type           TEXT NOT NULL CHECK (type IN ('programme', 'call', 'tender', 'gift', 'internal_funding',
                       'contract', 'award', 'grant')),
    reference      TEXT,
    title          TEXT NOT NULL,
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    conditions     TEXT NOT NULL DEFAULT '',
    matching_ratio REAL,
    part_of        INTEGER REFERENCES grants(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX grants_werkplaats_idx ON grants (werkplaats_id, starts_on, id);

CREATE TABLE grant_amounts (
    grant_id INTEGER NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
    year     INTEGER NOT NULL,
    amount   INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (grant_id, year)
);

CREATE TABLE budget_lines (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    grant_id      INTEGER NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    CONSTRAINT budget_lines_name_key UNIQUE (grant_id, name)
);

CREATE TABLE budget_line_amounts (
    line_id  INTEGER NOT NULL REFERENCES budget_lines(id) ON DELETE CASCADE,
    year     INTEGER NOT NULL,
    planned  INTEGER NOT NULL CHECK (planned >= 0),
    realised INTEGER NOT NULL CHECK (realised >= 0),
    PRIMARY KEY (line_id, year)
);

-- What a partner organisation puts in: cash or in kind (one figure with a justification; hours and
-- rate only as the basis of that figure), planned or realised, optionally for a grant, a project
-- or a theme group.
CREATE TABLE contributions (
    id              INTEGER PRIMARY KEY,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('cash', 'in_kind')),
    amount          INTEGER NOT NULL CHECK (amount >= 0),
    status          TEXT NOT NULL CHECK (status IN ('planned', 'realised')),
    grant_id        INTEGER REFERENCES grants(id) ON DELETE SET NULL,
    project_id      INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    theme_group_id  INTEGER REFERENCES theme_groups(id) ON DELETE SET NULL,
    hours           REAL,
    rate            INTEGER,
    justification   TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX contributions_year_idx ON contributions (werkplaats_id, year, id);
CREATE INDEX contributions_grant_idx ON contributions (grant_id, year);

-- What changed, for whom, with what evidence. `beneficiaries`, `evidence`, `contribution_ids` and
-- `four_os` are JSON arrays.
CREATE TABLE outcomes (
    id               INTEGER PRIMARY KEY,
    werkplaats_id    INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    year             INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'achieved')),
    beneficiaries    TEXT NOT NULL DEFAULT '[]',
    evidence         TEXT NOT NULL DEFAULT '[]',
    contribution_ids TEXT NOT NULL DEFAULT '[]',
    four_os          TEXT NOT NULL DEFAULT '[]',
    project_id       INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX outcomes_year_idx ON outcomes (werkplaats_id, year, id);

-- The narratives of an annual report (per section key, a JSON object), saved as versions: the
-- newest version of (year, grant) is used, earlier ones stay listed.
CREATE TABLE report_versions (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    year          INTEGER NOT NULL,
    grant_id      INTEGER REFERENCES grants(id) ON DELETE CASCADE,
    narratives    TEXT NOT NULL,
    saved_by      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    saved_by_name TEXT NOT NULL,
    saved_at      TEXT NOT NULL
);
CREATE INDEX report_versions_idx ON report_versions (werkplaats_id, year, id);
