-- The knowledge lemniscate and the association (issue 16, DOMAIN §8, §10). Keep in step with
-- ../postgres/0009_lemniscate.sql.

-- National knowledge partners (landelijke kennispartners): an installation-wide role, not bound to
-- one werkplaats. A national partner sees public data and the questions handed to the national side.
CREATE TABLE national_partners (
    account_id   INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    organisation TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

-- A question is public (the default, as before) or for the werkplaats's members only.
ALTER TABLE questions ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'members'));
-- The movement of the last move (denormalised from question_moves for counting).
ALTER TABLE questions ADD COLUMN movement TEXT NOT NULL DEFAULT 'ontwikkelen'
    CHECK (movement IN ('ontwikkelen', 'verspreiden', 'opschalen', 'verrijken'));
-- Set once the question first reached the national side (verspreiden or opschalen): from then on
-- national partners may read it, even when it is for members only.
ALTER TABLE questions ADD COLUMN handed_national_at TEXT;

-- The path of a question through the lemniscate: moves in time order. `crosses` is 1 when the move
-- goes from the werkplaats side (ontwikkelen, verrijken) to the national side (verspreiden,
-- opschalen) or back. Moves are never changed; a wrong move is followed by a right one.
CREATE TABLE question_moves (
    id               INTEGER PRIMARY KEY,
    werkplaats_id    INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    question_id      INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    movement         TEXT NOT NULL CHECK (movement IN ('ontwikkelen', 'verspreiden', 'opschalen', 'verrijken')),
    step             TEXT,
    by_kind          TEXT NOT NULL CHECK (by_kind IN ('person', 'organisation', 'werkplaats', 'national_partner')),
    by_name          TEXT NOT NULL,
    account_id       INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    note             TEXT NOT NULL DEFAULT '',
    crosses          INTEGER NOT NULL DEFAULT 0,
    at               TEXT NOT NULL
);
CREATE INDEX question_moves_question_idx ON question_moves (werkplaats_id, question_id, at, id);
CREATE INDEX question_moves_at_idx ON question_moves (at);

-- What was handed over or came back with a move: knowledge products and approaches or working
-- factors, of any werkplaats of the installation (so no foreign key on item_id).
CREATE TABLE question_move_items (
    move_id            INTEGER NOT NULL REFERENCES question_moves(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL CHECK (kind IN ('knowledge_product', 'approach')),
    item_id            INTEGER NOT NULL,
    item_werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (move_id, kind, item_id)
);

-- Every existing question starts its path where its local status says it is.
INSERT INTO question_moves (werkplaats_id, question_id, movement, step, by_kind, by_name, note, crosses, at)
SELECT q.werkplaats_id, q.id, 'ontwikkelen',
       CASE q.status WHEN 'geexpliciteerd' THEN 'expliciteren' WHEN 'onderzocht' THEN 'onderzoeken' ELSE 'toepassen' END,
       'werkplaats', w.name, '', 0, q.updated_at
FROM questions q JOIN werkplaatsen w ON w.id = q.werkplaats_id;

-- The collective priorities of the association (DOMAIN §10), and the projects and questions of
-- its werkplaatsen that serve each.
CREATE TABLE association_priorities (
    id             INTEGER PRIMARY KEY,
    association_id INTEGER NOT NULL REFERENCES associations(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    CONSTRAINT association_priorities_title_key UNIQUE (association_id, title)
);

CREATE TABLE association_priority_items (
    priority_id   INTEGER NOT NULL REFERENCES association_priorities(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('project', 'question')),
    item_id       INTEGER NOT NULL,
    PRIMARY KEY (priority_id, kind, item_id)
);

-- Joint projects: a project of one werkplaats with partner werkplaatsen.
CREATE TABLE project_partner_werkplaatsen (
    project_id            INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    werkplaats_id         INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    partner_werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, partner_werkplaats_id)
);

-- Cross-links (dwarsverbanden): a coordinator's decision on a suggested link from a question or
-- project of their werkplaats to a question, project or knowledge product of another werkplaats.
-- Confirmed links are shown on both sides; dismissed ones are no longer suggested.
CREATE TABLE cross_links (
    id                   INTEGER PRIMARY KEY,
    werkplaats_id        INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    source_kind          TEXT NOT NULL CHECK (source_kind IN ('question', 'project')),
    source_id            INTEGER NOT NULL,
    target_werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    target_kind          TEXT NOT NULL CHECK (target_kind IN ('question', 'project', 'knowledge_product')),
    target_id            INTEGER NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('confirmed', 'dismissed')),
    decided_by           INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    decided_at           TEXT NOT NULL,
    CONSTRAINT cross_links_key UNIQUE (source_kind, source_id, target_kind, target_id)
);
CREATE INDEX cross_links_target_idx ON cross_links (target_kind, target_id);
