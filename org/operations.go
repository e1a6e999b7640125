package org

import (
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Operations is the Organizations operations table: one row per implemented operation
// (package op). Every other operation of the model answers NotImplemented
// (orgwire.Unimplemented).
var Operations = op.Table{
	createOrganization,
	describeOrganization,
	deleteOrganization,
	listRoots,
	createOrganizationalUnit,
	updateOrganizationalUnit,
	deleteOrganizationalUnit,
	describeOrganizationalUnit,
	listOrganizationalUnitsForParent,
	createAccount,
	describeCreateAccountStatus,
	listCreateAccountStatus,
	describeAccount,
	listAccounts,
	listAccountsForParent,
	moveAccount,
	listParents,
	listChildren,
	removeAccountFromOrganization,
	leaveOrganization,
	createPolicy,
	updatePolicy,
	deletePolicy,
	describePolicy,
	listPolicies,
	enablePolicyType,
	disablePolicyType,
	attachPolicy,
	detachPolicy,
	listPoliciesForTarget,
	listTargetsForPolicy,
	tagResource,
	untagResource,
	listTagsForResource,
	enableAWSServiceAccess,
	disableAWSServiceAccess,
	listAWSServiceAccessForOrganization,
	// Handshakes, all features, closing accounts (orga).
	inviteAccountToOrganization,
	describeHandshake,
	listHandshakesForAccount,
	listHandshakesForOrganization,
	acceptHandshake,
	declineHandshake,
	cancelHandshake,
	enableAllFeatures,
	closeAccount,
	createGovCloudAccount,
	// Delegated administrators and the delegation policy (delegated.go, resourcepolicy.go).
	registerDelegatedAdministrator,
	deregisterDelegatedAdministrator,
	listDelegatedAdministrators,
	listDelegatedServicesForAccount,
	putResourcePolicy,
	describeResourcePolicy,
	deleteResourcePolicy,
	// Effective management policies (effective.go).
	describeEffectivePolicy,
	listAccountsWithInvalidEffectivePolicy,
	listEffectivePolicyValidationErrors,
}

// Implemented lists the operations this service implements, from Operations.
// docs/api-coverage.md is generated from it, and a test checks it against the handler.
var Implemented = Operations.Names()

// transferRefused is why the responsibility-transfer operations answer NotImplemented: a
// transfer hands an organization's BILLING (the model's only ResponsibilityTransferType) to
// another organization's management account, and Gatehouse keeps no billing to hand over.
const transferRefused = "refused: a responsibility transfer hands the organization's billing (BILLING, the model's only transfer type) to another management account; Gatehouse keeps no billing"

// Pending says why the other operations are not implemented yet; docs/api-coverage.md shows it.
var Pending = pending()

func pending() map[string]string {
	out := map[string]string{}
	for _, o := range orgwire.Service.Operations {
		if strings.Contains(o.Name, "ResponsibilityTransfer") || o.Name == "InviteOrganizationToTransferResponsibility" {
			out[o.Name] = transferRefused
		} else if !slices.Contains(Implemented, o.Name) {
			out[o.Name] = "handshakes, delegated administrators, effective policies, account closure and the rest: issue 9, landing in steps"
		}
	}
	return out
}
