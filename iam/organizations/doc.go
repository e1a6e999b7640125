// Package organizations is IAM's family of operations on an AWS organization's centralized
// root access: Enable/DisableOrganizationsRootCredentialsManagement,
// Enable/DisableOrganizationsRootSessions and ListOrganizationsFeatures. They are called in
// the organization's management account, with trusted access for iam.amazonaws.com enabled in
// Organizations, and switch the management account's settings that STS AssumeRoot reads.
package organizations
