-- AWS Organizations' records addressed to a party outside their organization (issue 9): an
-- invited account finds its handshakes, and another organization's management account the
-- responsibility transfers it is the source of, by part and parent across every organization
-- (store.Organizations.Addressed). org_records_parent leads with org_id and cannot serve that
-- query; this index does.
CREATE INDEX org_records_addressed ON org_records (part, parent);
