// Package policies implements IAM's operations on permissions policies: customer managed
// policies with their versions and tags, the AWS managed policies of catalog/managed (readable,
// attachable, never changeable), attaching managed policies to users, groups and roles,
// inline policies of groups and roles, permissions boundaries of users and roles,
// ListEntitiesForPolicy, ListPoliciesGrantingServiceAccess and
// GetAccountAuthorizationDetails.
//
// It is its own family because these operations share one subject — which documents are in
// force for which principal — and one set of rules (version quota, attachment quota,
// aggregate inline sizes, service-role policies, protected service-linked roles) that no other
// family needs. Every write goes through core.Base.Store, so the authorizer's caches see a new
// default version, an attachment or a boundary before the operation answers. Package iam
// composes it with the other operation families.
package policies
