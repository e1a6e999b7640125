-- The audit trail (issue 12): one row per CloudTrail record, with the fields LookupEvents filters
-- on as columns and the record itself as JSON in record; the resources an event names in
-- event_resources. No foreign key to accounts: an account's trail outlives it until retention
-- prunes it, as CloudTrail's event history does.
CREATE TABLE events (
    event_id      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    account_id    TEXT COLLATE "C" NOT NULL,
    event_time    BIGINT  NOT NULL,
    event_name    TEXT COLLATE "C" NOT NULL,
    event_source  TEXT COLLATE "C" NOT NULL,
    read_only     BOOLEAN NOT NULL,
    username      TEXT COLLATE "C" NOT NULL,
    access_key_id TEXT COLLATE "C" NOT NULL,
    record        BYTEA   NOT NULL
);
CREATE INDEX events_account_time ON events (account_id, event_time, event_id);
CREATE INDEX events_time ON events (event_time);
CREATE INDEX events_name ON events (account_id, event_name, event_time);
CREATE INDEX events_username ON events (account_id, username, event_time);
CREATE INDEX events_key ON events (account_id, access_key_id, event_time);
CREATE TABLE event_resources (
    event_id      TEXT COLLATE "C" NOT NULL,
    resource_type TEXT COLLATE "C" NOT NULL,
    resource_name TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (event_id, resource_type, resource_name)
);
CREATE INDEX event_resources_name ON event_resources (resource_name);
CREATE INDEX event_resources_type ON event_resources (resource_type);
