// Package identity is what the services share about IAM identities — users, groups and roles
// — beyond the store's records: finding them by name or ARN with their tags, and a role's
// trust policy as IAM shows and evaluates it (EffectiveTrustPolicy: principals deleted since
// the policy was written match nobody, renamed ones show their current ARN).
//
// It is separate so that IAM's families and STS (which never import each other) look
// identities up one way, and so that the store, which only keeps records, knows nothing of
// the policy language.
package identity
