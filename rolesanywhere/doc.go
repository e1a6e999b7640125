// Package rolesanywhere is IAM Roles Anywhere (restJson1): the control plane's 30 operations —
// trust anchors (certificate bundles, enable/disable, notification settings), profiles (role
// ARNs, session policy, managed policy ARNs, attribute mappings, duration, enable/disable),
// certificate revocation lists, subjects, tags — as rows of an op table, and the data plane's
// CreateSession (POST /sessions), which the model lacks and api serves unsigned before SigV4.
//
// CreateSession authenticates the request with federation/x509auth (an AWS4-X509-RSA-SHA256 or
// AWS4-X509-ECDSA-SHA256 signature by the key of the certificate it carries), validates the
// certificate's chain against the named, enabled trust anchor with its enabled CRLs, checks that
// the profile is enabled and lists the role, and asks STS (through Sessions, so the services do
// not import each other) for a session of the role as the rolesanywhere.amazonaws.com service
// principal: the role's trust policy decides, with aws:SourceArn (the trust anchor) and the
// certificate's x509Subject/x509Issuer/x509SAN attributes as session tags
// (aws:PrincipalTag/x509Subject/CN …). The session name is the certificate's serial number in
// hex, its source identity the subject's CN. Each certificate seen is recorded as a subject.
//
// Resources are store.RolesAnywhereRecord values whose Body is this package's JSON encoding.
package rolesanywhere
