// Package analysis is IAM Access Analyzer's policy validation (ValidatePolicy) as a library:
// it reads a policy document of one of the four ValidatePolicy types (identity, resource,
// service control and resource control policy, with the optional resource-type hint) and
// returns the findings AWS's "IAM policy validation check reference" documents — errors,
// security warnings, general warnings and suggestions — each with AWS's issue code, finding
// type, English details, learn-more link and exact locations (a path through the JSON and a
// span), ordered as AWS orders them.
//
// It is separate from package policy because the two answer different questions about the
// same text. Package policy decides whether IAM accepts a document and what it means, and
// stops trusting a document at its first structural error; validation keeps going, reports
// problems IAM tolerates (redundant actions, risky PassRole grants, condition keys an action
// never sees) and needs the Service Authorization Reference (package catalog/authref) to
// know which actions, resource types and condition keys exist. It therefore reads the
// document with its own small JSON scanner (json.go), which records where every key and
// value starts and ends the way AWS counts positions: 1-based lines, 0-based columns and
// 0-based offsets in UTF-16 code units (Java characters), line breaks being LF, CR LF or CR.
//
// The service layer maps Finding to the accessanalyzer wire shapes one to one (the JSON
// tags are the wire names) and owns locale, pagination and input limits. Every check has a
// row in the table of checks.go (issue code, finding type, the anchor of its section in the
// reference); Checks lists them. docs/access-analyzer-checks.md describes how each is
// decided where the reference leaves room.
package analysis
