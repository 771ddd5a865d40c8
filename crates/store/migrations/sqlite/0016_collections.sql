-- Collections (issue 19): reading lists of teaching material (knowledge products, approaches,
-- stories, activity reports) that lecturers build for a course. Keep in step with
-- ../postgres/0016_collections.sql.

-- A collection of a werkplaats. `visibility` 'public': everyone reads it; 'programme': for a study
-- programme (`programme` names it), read by anyone signed in. Items are checked per reader.
CREATE TABLE collections (
    id                INTEGER PRIMARY KEY,
    werkplaats_id     INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    visibility        TEXT NOT NULL CHECK (visibility IN ('public', 'programme')),
    programme         TEXT NOT NULL DEFAULT '',
    author_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX collections_werkplaats_idx ON collections (werkplaats_id, id);

-- The items of a collection in their order. `item_id` names a row of another werkplaats's table
-- (knowledge_products, approaches, stories, activities for 'activity_report'); it is no foreign
-- key because the table depends on the type, so an item whose target was deleted is skipped
-- when read.
CREATE TABLE collection_items (
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    werkplaats_id INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    item_type     TEXT NOT NULL CHECK (item_type IN ('knowledge_product', 'approach', 'story', 'activity_report')),
    item_id       INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    added_at      TEXT NOT NULL,
    PRIMARY KEY (collection_id, position)
);
