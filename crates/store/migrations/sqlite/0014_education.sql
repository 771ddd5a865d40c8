-- Education (issue 19): assignments for students, their applications and results, and
-- collections of teaching material. Keep in step with ../postgres/0014_education.sql.

-- An assignment (opdracht) offered by a project, a theme group (its theme) or a partner
-- organisation. `status`: open (students may apply), filled (every place taken; set when the last
-- place is accepted), closed (by hand). `visibility` 'public' makes an open assignment findable by
-- everyone; 'members' keeps it inside the werkplaats. Programmes are in `assignment_programmes`.
CREATE TABLE assignments (
    id                   INTEGER PRIMARY KEY,
    werkplaats_id        INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    project_id           INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    theme_id             INTEGER REFERENCES themes(id) ON DELETE SET NULL,
    organisation_id      INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('stage', 'afstudeeropdracht', 'minor', 'praktijkopdracht',
                             'onderzoeksopdracht')),
    title                TEXT NOT NULL,
    question             TEXT NOT NULL DEFAULT '',
    description          TEXT NOT NULL,
    deliverables         TEXT NOT NULL DEFAULT '',
    level                TEXT NOT NULL CHECK (level IN ('hbo_bachelor', 'hbo_master', 'mbo')),
    places               INTEGER NOT NULL CHECK (places >= 1),
    starts_on            TEXT,
    ends_on              TEXT,
    location             TEXT NOT NULL DEFAULT '',
    supervisor_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    contact_person_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    status               TEXT NOT NULL CHECK (status IN ('open', 'filled', 'closed')),
    visibility           TEXT NOT NULL CHECK (visibility IN ('public', 'members')),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX assignments_werkplaats_idx ON assignments (werkplaats_id, status, id);

-- The study programmes (opleidingen) an assignment is for, by name.
CREATE TABLE assignment_programmes (
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    programme     TEXT NOT NULL,
    PRIMARY KEY (assignment_id, programme)
);

-- A student's application. Private: only the applicant and the assignment's managers read it.
CREATE TABLE assignment_applications (
    id               INTEGER PRIMARY KEY,
    werkplaats_id    INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    assignment_id    INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    motivation       TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'declined')),
    decision_message TEXT NOT NULL DEFAULT '',
    decided_at       TEXT,
    created_at       TEXT NOT NULL,
    CONSTRAINT assignment_applications_key UNIQUE (assignment_id, account_id)
);
CREATE INDEX assignment_applications_account_idx ON assignment_applications (account_id, id);
