// Package policies implements IAM's operations on managed policies (customer and AWS managed) and their versions and tags, attaching them to users, groups and roles, inline policies of groups and roles, permissions boundaries, and GetAccountAuthorizationDetails.
// Package iam composes it with the other operation families.
package policies
