-- Knowledge sharing (DOMAIN §6): activities, recurring series, registrations with a waiting
-- list, attendance, reports with decisions and action points; plus the job queue that sends
-- email and reminders. Keep in step with ../postgres/0003_activities.sql.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ' (sorts as it reads); pages show Europe/Amsterdam.

CREATE TABLE activity_series (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    rrule         TEXT NOT NULL,  -- RFC 5545 RRULE value, e.g. FREQ=MONTHLY;BYDAY=3TH;COUNT=12
    first_start   TEXT NOT NULL,  -- DTSTART of the series, UTC
    created_at    TEXT NOT NULL
);

CREATE TABLE activities (
    id              INTEGER PRIMARY KEY,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    series_id       INTEGER REFERENCES activity_series(id) ON DELETE SET NULL,
    occurrence_start TEXT,        -- the start the series rule gave this occurrence (RECURRENCE-ID)
    detached        INTEGER NOT NULL DEFAULT 0, -- edited on its own; series edits leave it alone
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    starts_at       TEXT NOT NULL,
    ends_at         TEXT NOT NULL,
    location        TEXT,
    online_url      TEXT,
    capacity        INTEGER,
    audience        TEXT NOT NULL CHECK (audience IN ('public', 'partners', 'members')),
    theme_group_id  INTEGER REFERENCES theme_groups(id) ON DELETE SET NULL,
    project_id      INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    body_id         INTEGER REFERENCES bodies(id) ON DELETE SET NULL, -- MT-/consortiumoverleg
    four_os         TEXT NOT NULL DEFAULT '[]',
    status          TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancel_reason   TEXT,
    attendance_count INTEGER,     -- for large public events: a count instead of names
    reminders_sent_at TEXT,
    created_by      INTEGER REFERENCES accounts(id) ON DELETE SET NULL, -- may manage it
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX activities_start_idx ON activities (werkplaats_id, starts_at, id);
CREATE INDEX activities_series_idx ON activities (series_id);
CREATE INDEX activities_reminder_idx ON activities (starts_at) WHERE reminders_sent_at IS NULL;

CREATE TABLE activity_themes (
    activity_id   INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    theme_id      INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, theme_id)
);

CREATE TABLE activity_organiser_people (
    activity_id   INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, person_id)
);

CREATE TABLE activity_organiser_organisations (
    activity_id     INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, organisation_id)
);

-- Organisations present (attendance).
CREATE TABLE activity_present_organisations (
    activity_id     INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, organisation_id)
);

CREATE TABLE registrations (
    id              INTEGER PRIMARY KEY,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    activity_id     INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    account_id      INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    name            TEXT NOT NULL,
    email           TEXT NOT NULL,
    email_key       TEXT NOT NULL, -- lower-cased: registering twice is idempotent
    organisation    TEXT,
    accessibility_needs TEXT,
    status          TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
    queued_at       TEXT NOT NULL, -- waiting-list order
    cancel_token_hash TEXT NOT NULL,
    reminders       INTEGER NOT NULL DEFAULT 1, -- 0 after "unsubscribe from reminders"
    attended        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CONSTRAINT registrations_email_key UNIQUE (activity_id, email_key),
    CONSTRAINT registrations_token_key UNIQUE (cancel_token_hash)
);
CREATE INDEX registrations_status_idx ON registrations (activity_id, status, queued_at, id);

CREATE TABLE activity_reports (
    activity_id   INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    minutes       TEXT NOT NULL DEFAULT '', -- Markdown
    decisions     TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    author_name   TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE report_actions (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    description   TEXT NOT NULL,
    owner         TEXT NOT NULL,
    due_on        TEXT,
    done          INTEGER NOT NULL DEFAULT 0,
    position      INTEGER NOT NULL
);
CREATE INDEX report_actions_idx ON report_actions (activity_id, position);

-- Knowledge products an activity produced, as title and link. (Knowledge products become records
-- of their own with the knowledge-base work; these links then point at them.)
CREATE TABLE report_products (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    url           TEXT NOT NULL,
    position      INTEGER NOT NULL
);
CREATE INDEX report_products_idx ON report_products (activity_id, position);

-- Files attached to a report. The bytes live in the file storage (core::storage) under the SHA-256
-- of their content; the same file attached twice is stored once, so a blob is deleted only when
-- no row refers to its key any more.
CREATE TABLE activity_files (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,  -- detected from the content, never from the name
    size          INTEGER NOT NULL,
    storage_key   TEXT NOT NULL,  -- SHA-256 hex of the content
    author_name   TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX activity_files_idx ON activity_files (activity_id, id);
CREATE INDEX activity_files_key_idx ON activity_files (storage_key);

-- A member's personal calendar feed: the URL carries a secret; we keep its hash.
CREATE TABLE calendar_feeds (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL
);

-- The job queue (ENGINEERING: jobs enqueued in the writing transaction; idempotent; retried).
-- Jobs belong to the installation, not to one werkplaats: the payload names its tenant.
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    dedupe_key    TEXT UNIQUE,
    run_at        TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    last_error    TEXT,
    done_at       TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE done_at IS NULL;

-- Installation secrets (e.g. the key that derives registration cancel tokens), created on first use
-- so every instance against the same database shares them.
CREATE TABLE installation_secrets (
    name          TEXT PRIMARY KEY,
    value         TEXT NOT NULL
);

-- MT and consortium meetings become activities of those bodies.
INSERT INTO activities (werkplaats_id, kind, title, starts_at, ends_at, audience, body_id, created_at, updated_at)
SELECT m.werkplaats_id,
       CASE b.kind WHEN 'mt' THEN 'mt_overleg' ELSE 'consortiumoverleg' END,
       b.name,
       m.met_on || 'T09:00:00Z', m.met_on || 'T11:00:00Z', 'members', b.id,
       m.met_on || 'T09:00:00Z', m.met_on || 'T09:00:00Z'
FROM body_meetings m JOIN bodies b ON b.id = m.body_id;
DROP TABLE body_meetings;
