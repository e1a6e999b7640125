-- The change feed without one row that every writer locks (issue 13). A write transaction
-- stores its changes under a random writer ID of its own; revision stays NULL until the
-- sequencer numbers the committed writers (sqlstore.Sequencer), or is set at once where one
-- writer runs at a time. written is the writer's clock (Unix nanoseconds), for feed lag and
-- pruning by age. Existing changes are dropped and the feed marked pruned through the current
-- revision, so every reader reloads once.
DROP TABLE changes;
CREATE TABLE changes (
    writer     BIGINT  NOT NULL,
    seq        INTEGER NOT NULL,
    revision   BIGINT,
    written    BIGINT  NOT NULL,
    account_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    PRIMARY KEY (writer, seq)
);
CREATE INDEX changes_revision ON changes (revision, seq);
CREATE INDEX changes_pending ON changes (writer) WHERE revision IS NULL;
UPDATE store_state SET pruned_through = revision WHERE id = 1;
