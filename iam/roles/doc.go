// Package roles implements IAM's operations on roles — trust policies, descriptions,
// MaxSessionDuration, tags, RoleLastUsed — on instance profiles, and on service-linked roles
// and their deletion tasks. Package iam composes it with the other operation families.
//
// Roles, instance profiles and service-linked roles are one family because each is about the
// role record: an instance profile holds a role, a service-linked role is a role IAM makes
// for a service. A role's permissions policies (inline, attached, boundary) belong to the
// policies family, which asks core.CheckRoleModifiable before changing a service-linked role.
//
// Trust policies name principals by ARN, but IAM binds them to the unique IDs the named users
// and roles had when the policy was written (store.TrustPrincipal). This package records
// those IDs whenever it writes a trust policy, and shows every trust policy through
// identity.EffectiveTrustPolicy, which is also how STS must evaluate it.
package roles
