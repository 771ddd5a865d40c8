-- Knowledge base (DOMAIN §7): knowledge products, kwesties, practice questions, approaches and
-- working factors, stories with consent; the search outbox. Times are UTC text like elsewhere.
-- Keep in step with ../postgres/0004_knowledge.sql.

-- Kwesties are shared by every werkplaats of the installation (DOMAIN §7: "shared across
-- werkplaatsen"), a deliberate exception to tenant scoping like `jobs`. `key` is the label
-- lower-cased with diacritics folded, so "Armoede en schulden" and "armoede en schulden" are one.
CREATE TABLE kwesties (
    id          INTEGER PRIMARY KEY,
    label       TEXT NOT NULL,
    key         TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    CONSTRAINT kwesties_key_key UNIQUE (key)
);

CREATE TABLE knowledge_products (
    id             INTEGER PRIMARY KEY,
    werkplaats_id  INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL,
    body           TEXT NOT NULL DEFAULT '',  -- Markdown
    project_id     INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    theme_group_id INTEGER REFERENCES theme_groups(id) ON DELETE SET NULL,
    year           INTEGER,
    published_on   TEXT,                      -- YYYY-MM-DD
    licence        TEXT NOT NULL,
    language       TEXT NOT NULL,
    audiences      TEXT NOT NULL DEFAULT '[]', -- JSON array
    four_os        TEXT NOT NULL DEFAULT '[]', -- JSON array
    links          TEXT NOT NULL DEFAULT '[]', -- JSON array of {title, url}
    author_names   TEXT NOT NULL DEFAULT '[]', -- JSON array: authors without a person record
    visibility     TEXT NOT NULL CHECK (visibility IN ('public', 'partners', 'theme_group')),
    status         TEXT NOT NULL CHECK (status IN ('concept', 'review', 'published')),
    submitted_by   TEXT,
    submitted_at   TEXT,
    reviewed_by    TEXT,
    reviewed_at    TEXT,
    review_note    TEXT,
    created_by     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX knowledge_products_idx ON knowledge_products (werkplaats_id, status, updated_at);

CREATE TABLE knowledge_product_themes (
    product_id    INTEGER NOT NULL REFERENCES knowledge_products(id) ON DELETE CASCADE,
    theme_id      INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, theme_id)
);

CREATE TABLE knowledge_product_kwesties (
    product_id    INTEGER NOT NULL REFERENCES knowledge_products(id) ON DELETE CASCADE,
    kwestie_id    INTEGER NOT NULL REFERENCES kwesties(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, kwestie_id)
);

CREATE TABLE knowledge_product_people (
    product_id    INTEGER NOT NULL REFERENCES knowledge_products(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, person_id)
);

CREATE TABLE knowledge_product_organisations (
    product_id      INTEGER NOT NULL REFERENCES knowledge_products(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    werkplaats_id   INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, organisation_id)
);

CREATE TABLE knowledge_product_files (
    id             INTEGER PRIMARY KEY,
    werkplaats_id  INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    product_id     INTEGER NOT NULL REFERENCES knowledge_products(id) ON DELETE CASCADE,
    storage_key    TEXT NOT NULL,
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           INTEGER NOT NULL,
    extracted_text TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);
CREATE INDEX knowledge_product_files_idx ON knowledge_product_files (werkplaats_id, product_id);

-- Practice questions: the question a project answers (DOMAIN §7).
CREATE TABLE questions (
    id            INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    explanation   TEXT NOT NULL DEFAULT '',
    project_id    INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    status        TEXT NOT NULL CHECK (status IN ('geexpliciteerd', 'onderzocht', 'toegepast')),
    created_by    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX questions_idx ON questions (werkplaats_id, updated_at);

-- Approaches (interventies/aanpakken) and working factors, with the fields of the Dutch databanks.
-- `kind` tells them apart; an approach fills the databank fields, a working factor names what
-- works and in which context, and may point at the approach it belongs to.
CREATE TABLE approaches (
    id                  INTEGER PRIMARY KEY,
    werkplaats_id       INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('aanpak', 'werkzame_factor')),
    title               TEXT NOT NULL,
    summary             TEXT NOT NULL DEFAULT '',
    goal                TEXT NOT NULL DEFAULT '',
    target_group        TEXT NOT NULL DEFAULT '',
    method              TEXT NOT NULL DEFAULT '',
    working_elements    TEXT NOT NULL DEFAULT '',
    rationale           TEXT NOT NULL DEFAULT '',
    research            TEXT NOT NULL DEFAULT '',
    preconditions       TEXT NOT NULL DEFAULT '',
    context             TEXT NOT NULL DEFAULT '',
    recognition         TEXT NOT NULL CHECK (recognition IN ('geen', 'goed_beschreven', 'goed_onderbouwd',
                            'effectief_eerste', 'effectief_goede', 'effectief_sterke')),
    approach_id         INTEGER REFERENCES approaches(id) ON DELETE SET NULL,
    created_by          INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX approaches_idx ON approaches (werkplaats_id, kind, updated_at);

-- Stories (verhalen): a narrator role, the text, consent and its withdrawal. On withdrawal the
-- text and the narrator's name are erased; the consent record stays as proof (AVG art. 7(1)).
CREATE TABLE stories (
    id                 INTEGER PRIMARY KEY,
    werkplaats_id      INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    narrator_role      TEXT NOT NULL CHECK (narrator_role IN ('burger', 'client', 'mantelzorger', 'vrijwilliger',
                           'professional', 'student')),
    narrator_name      TEXT,
    show_name          INTEGER NOT NULL DEFAULT 0,
    text               TEXT NOT NULL,
    social_quality     TEXT NOT NULL DEFAULT '',
    factors            TEXT NOT NULL DEFAULT '[]', -- JSON array of the four conditional factors
    consent_use        TEXT NOT NULL CHECK (consent_use IN ('internal', 'publication')),
    consent_given_by   TEXT NOT NULL,
    consent_on         TEXT NOT NULL,             -- YYYY-MM-DD
    consent_recorded_by TEXT NOT NULL,
    withdrawn_at       TEXT,
    withdrawn_by       TEXT,
    created_by         INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX stories_idx ON stories (werkplaats_id, updated_at);

-- Which kwesties and themes questions, approaches and stories belong to.
CREATE TABLE question_kwesties (
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    kwestie_id INTEGER NOT NULL REFERENCES kwesties(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, kwestie_id)
);
CREATE TABLE approach_kwesties (
    approach_id INTEGER NOT NULL REFERENCES approaches(id) ON DELETE CASCADE,
    kwestie_id INTEGER NOT NULL REFERENCES kwesties(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (approach_id, kwestie_id)
);
CREATE TABLE approach_themes (
    approach_id INTEGER NOT NULL REFERENCES approaches(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (approach_id, theme_id)
);
CREATE TABLE story_kwesties (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    kwestie_id INTEGER NOT NULL REFERENCES kwesties(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, kwestie_id)
);
CREATE TABLE story_themes (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, theme_id)
);

-- What changed and must be (re)indexed; written in the same transaction as the change. Every
-- instance keeps its own index and remembers up to which id it has applied this table.
CREATE TABLE search_outbox (
    id          INTEGER PRIMARY KEY,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    doc_type    TEXT NOT NULL,
    doc_id      INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);
