package store

// TrustPrincipal is an IAM user or role named in a role's trust policy, recorded when the
// policy was written. IAM keeps the unique ID behind every such principal ("When you save
// the policy, AWS transforms the ARN to a unique principal ID", IAM User Guide, Principal
// element), so that deleting and recreating a user or role with the same name does not
// silently grant the newcomer the old one's access.
type TrustPrincipal struct {
	RoleID string
	// Written is the principal as the trust policy names it: an ARN, or a unique ID.
	Written string
	// ID is the unique ID (AIDA…, AROA…) it named when the policy was written.
	ID string
	// CurrentARN is filled on reads: the ARN the entity with ID has now (it changes when a
	// user is renamed or moved), "" when the entity no longer exists.
	CurrentARN string
}
