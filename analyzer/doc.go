// Package analyzer is IAM Access Analyzer: the analyzerwire.Handlers that answer Access
// Analyzer's operations for an authenticated, authorized caller.
//
// It owns the operations (one per file, each a row of package op, listed in operations.go)
// and their AWS semantics; it takes and returns the generated wire types and never sees
// HTTP. The policy checks are libraries it calls: ValidatePolicy is policy/analysis, the
// three custom checks (CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess) are
// policy/prove's decision procedure. Findings are derived from the account when they are read
// (scan.go): external access from role trust policies (external.go), unused access from the
// usage data (unused.go, with recommendations in recommendation.go). Access previews
// (previews.go) run the external access analysis on proposed trust policies; policy
// generation (policy_generation.go) reads the last-accessed data. Every operation of the
// model is implemented; Pending lists any that is not, with the reason.
package analyzer
