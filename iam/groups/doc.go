// Package groups implements IAM's operations on IAM groups and group membership.
// Package iam composes it with the other operation families.
package groups
