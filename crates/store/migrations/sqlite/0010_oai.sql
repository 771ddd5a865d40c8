-- The OAI-PMH provider (issue 17): records derived from public knowledge products, approaches and
-- stories with publication consent, fed by the search outbox like the search index. Keep in step
-- with ../postgres/0010_oai.sql.

-- One record per disseminated item. `datestamp` (UTC, seconds, `YYYY-MM-DDThh:mm:ssZ`) changes only
-- when the record's XML or its sets change. A record whose item is no longer disseminable stays as
-- a tombstone: `deleted` = 1, metadata cleared, sets kept (deletedRecord "persistent").
CREATE TABLE oai_records (
    id             INTEGER PRIMARY KEY,
    werkplaats_id  INTEGER NOT NULL REFERENCES werkplaatsen(id) ON DELETE CASCADE,
    item_type      TEXT NOT NULL CHECK (item_type IN ('knowledge_product', 'approach', 'story')),
    item_id        INTEGER NOT NULL,
    datestamp      TEXT NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0,
    oai_dc         TEXT NOT NULL DEFAULT '',
    oai_openaire   TEXT NOT NULL DEFAULT '',
    CONSTRAINT oai_records_item_key UNIQUE (item_type, item_id)
);
CREATE INDEX oai_records_datestamp_idx ON oai_records (datestamp, id);
CREATE INDEX oai_records_werkplaats_idx ON oai_records (werkplaats_id, item_type, item_id);

-- The sets of a record, with the record's datestamp, so a set-filtered list is a range scan of
-- the primary key in (datestamp, record id) order.
CREATE TABLE oai_record_sets (
    spec       TEXT NOT NULL,
    datestamp  TEXT NOT NULL,
    record_id  INTEGER NOT NULL REFERENCES oai_records(id) ON DELETE CASCADE,
    PRIMARY KEY (spec, datestamp, record_id)
);
CREATE INDEX oai_record_sets_record_idx ON oai_record_sets (record_id);

-- The (Dutch) name of every set a record was ever in, for ListSets.
CREATE TABLE oai_sets (
    spec  TEXT PRIMARY KEY,
    name  TEXT NOT NULL
);

-- Where the sync stands: the last search-outbox id applied to the records. Its one row is made by
-- the first sync (none here: a fresh installation has no rows, so a backup restores into it).
CREATE TABLE oai_sync (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    position  INTEGER NOT NULL
);
