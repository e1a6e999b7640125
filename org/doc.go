// Package org is AWS Organizations: the orgwire.Handlers that answer Organizations'
// operations for an authenticated, authorized caller.
//
// It owns the operations (each a row of package op, listed in operations.go) and their AWS
// semantics: the organization, its root and OUs (nested at most five deep), member accounts
// (CreateAccount makes a real Gatehouse account with an OrganizationAccountAccessRole the
// management account may assume), policies of every type of the model, attachments, and
// tags. The records' encoding is package orgdata's, which authz reads to enforce service and
// resource control policies; this package only writes them. Operations not implemented yet
// answer NotImplemented (no orgwire.Handlers field bound) and are listed in Pending with the reason.
package org
