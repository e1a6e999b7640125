// Package policyfile reads a self-contained authorization request — principal, action,
// resource, context and every policy in force, inline — evaluates it with package policy
// and returns the decision in a stable JSON form.
//
// It is the file format behind `gatehouse policy evaluate` and the policy corpus tests. It
// is separate from package policy because the file format (string principal types, JSON
// documents inline, defaults such as the resource account) is a front end's concern: the
// engine's own API takes compiled sets and typed requests.
package policyfile
