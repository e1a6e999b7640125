// Package orgdata is what an AWS Organizations organization's records hold, shared by the
// Organizations service (package org), which writes them, and authz, which enforces them.
//
// The store keeps an organization as opaque records (store.OrgRecord); this package owns
// their bodies' encoding, the AWS managed policies every organization has (FullAWSAccess,
// RCPFullAWSAccess and the others a policy type is enabled with), and Load, which reads what
// authorizing a request needs of an account's organization: its ID, management account, path
// (root → OUs → account) and, per level, the documents of the SCPs and RCPs attached there.
package orgdata
