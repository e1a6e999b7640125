// Package users implements IAM's operations on users: the users themselves, their access keys,
// tags and inline policies. Package iam composes it with the other operation families.
package users
