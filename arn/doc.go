// Package arn parses, formats and matches Amazon Resource Names, and owns the formats of the
// other identifiers IAM hands out: 12-digit account IDs, unique IDs (AIDA…, AROA…) and
// access key IDs (AKIA…, ASIA…).
//
// It is a leaf (standard library only) because every layer needs these rules — the policy
// engine to match principals and resources, the store to key records, the services to mint
// IDs — and none of them should depend on another to get them. IDs are generated from an
// injected random source so tests and replays are deterministic.
package arn
