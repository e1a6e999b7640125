// Package groups implements IAM's operations on IAM groups and group membership: creating,
// renaming, listing and deleting groups, and adding users to them and removing them. Package
// iam composes it with the other operation families.
//
// A group's inline and attached policies belong to the policies family; this family owns the
// group record and who is in it, which is what the authorizer reads to give a user its
// groups' policies.
package groups
