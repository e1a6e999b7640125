// Package policy is Gatehouse's AWS IAM policy language: it parses policy documents of every
// kind (identity, resource, role trust, permissions boundary, SCP, RCP, session), validates
// them with AWS's rules and messages, compiles them, and decides requests exactly as AWS's
// policy evaluation logic does.
//
// Parse → compile → evaluate. Parse keeps the position (line:column and JSON path) of every
// element so that validation problems point at their cause; it uses its own small JSON
// reader because encoding/json neither reports positions nor rejects duplicate keys, which
// AWS does. Compile turns a document into statements indexed by action, with conditions
// compiled into operator functions and policy variables pre-split into segments. Evaluate
// then answers one request against the policies in force without allocating, and returns
// the decision with its reasons (matched statements, missing context keys), the value the
// simulator, audit log, console and analyzer all build on.
//
// Two validators share the parser. CheckIAM is IAM's own, stage by stage as AWS checks a
// document and with AWS's messages, for the IAM and STS APIs (see iam.go). Parse and Validate
// are the engine's: for the kinds IAM stores they reject only what IAM rejects too, and warn
// about what IAM accepts but is likely a mistake, or refuses only for where it stores a
// document.
//
// The package is a leaf (standard library and package arn only) so that every layer can
// depend on one definition of what a policy means. The specification it implements is
// docs/evaluation-semantics.md (the shared design's copy); where that is silent, the AWS
// IAM User Guide decides.
package policy
