-- The users and roles named in each role's trust policy, with the unique ID each had when
-- the policy was written (store.TrustPrincipal): IAM evaluates and shows trust policies
-- through these IDs, so a deleted and recreated principal no longer matches.
CREATE TABLE role_trust_principals (
    role_id      TEXT    NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    written      TEXT    NOT NULL,
    principal_id TEXT    NOT NULL,
    PRIMARY KEY (role_id, position)
);
