// Package authz is Gatehouse's decision point: it answers "may this authenticated caller
// (package callctx) perform this action on this resource?" with the policy engine, and returns
// AWS's AccessDenied messages and, for the operations that carry one, encoded authorization
// messages (authmessage.go).
//
// It gathers the policies in force for a caller — a user's inline and managed policies, its
// groups', its permissions boundary, a session's policies — compiles them once and keeps the
// compiled sets in memory, keyed by principal; it is a feed.Subscriber, so the store's change
// feed keeps those caches exact. Every attempt, allowed or not, is reported to an
// AccessRecorder (package usage) for access advisor.
//
// Deciding is its one job. Authenticating access keys and session tokens is package authn's,
// the caller-in-context package callctx's, and recording usage package usage's. It is
// separate from the services so that IAM, STS and every later service authorize through one
// implementation of the evaluation inputs and messages, and separate from api so that the
// console and tests can authorize without HTTP.
package authz
