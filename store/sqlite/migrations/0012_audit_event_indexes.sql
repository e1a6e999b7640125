-- The audit trail's write cost (issue 12: auditing must cost under 15 % of a call). Every event
-- was inserted into the table and six indexes, its resources into a table and three; now into the
-- table and three (its primary key, the account+time index LookupEvents pages through and the
-- time index pruning uses) and a table and its primary key. LookupEvents by EventName, Username
-- or AccessKeyId walks the account's time index newest first and filters, as it does for ReadOnly
-- and EventSource; by ResourceType or ResourceName it probes event_resources by event ID (its
-- primary key's prefix). A lookup for a rare value therefore reads more of the account's trail —
-- CloudTrail itself serves LookupEvents at 2 requests per second — while every call the nodes
-- serve stops paying for five indexes.
DROP INDEX events_name;
DROP INDEX events_username;
DROP INDEX events_key;
DROP INDEX event_resources_name;
DROP INDEX event_resources_type;
