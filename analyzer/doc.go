// Package analyzer is IAM Access Analyzer: the analyzerwire.Handler that answers Access
// Analyzer's operations for an authenticated, authorized caller.
//
// It owns the operations (one per file, each a row of package op, listed in operations.go)
// and their AWS semantics; it takes and returns the generated wire types and never sees
// HTTP. The policy checks are libraries it calls: ValidatePolicy is policy/analysis, the
// three custom checks (CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess) are
// policy/prove's decision procedure. Operations not implemented yet answer NotImplemented
// (analyzerwire.Unimplemented) and are listed in Pending with the reason.
package analyzer
