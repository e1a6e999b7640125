// Package core is what every IAM operation family shares: the service's dependencies (Base),
// the authenticated call, authorization, pagination markers, tag rules, policy-document checks,
// and the errors and limits that more than one family answers with.
//
// The IAM API is split into families (users, groups, roles, policies, …), each its own package
// under iam/, so that each stays small and can change without rebuilding the others; package
// iam binds their tables to one iamwire.Handlers. A helper belongs here only when two families use
// it; otherwise it lives with its family.
package core
