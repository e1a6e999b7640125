// Package password owns how Gatehouse keeps and checks console passwords: argon2id hashes in
// the self-describing PHC string form (so the cost parameters can be raised later without
// invalidating stored hashes), constant-time verification, and the character-class and length
// rules of IAM password policies.
//
// It is a leaf (standard library and golang.org/x/crypto/argon2 only) so that the IAM service,
// which sets passwords, and the web console, which checks them at sign-in, share one
// implementation and neither depends on the other. It never logs or returns a password.
package password
