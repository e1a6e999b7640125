// Package roles implements IAM's operations on IAM roles (trust policies, tags, MaxSessionDuration, RoleLastUsed), instance profiles and service-linked roles.
// Package iam composes it with the other operation families.
package roles
