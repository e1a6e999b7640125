package org

import (
	"slices"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/orgwire"
)

// Operations is the Organizations operations table: one row per implemented operation
// (package op). Every other operation of the model answers NotImplemented
// (its orgwire.Handlers field is left nil).
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
	// Responsibility transfers (transfer.go, transfer_ops.go).
	inviteOrganizationToTransferResponsibility,
	describeResponsibilityTransfer,
	listInboundResponsibilityTransfers,
	listOutboundResponsibilityTransfers,
	terminateResponsibilityTransfer,
	updateResponsibilityTransfer,
}

// Implemented lists the operations this service implements, from Operations.
// docs/api-coverage.md is generated from it, and a test checks it against the handler.
var Implemented = Operations.Names()

// CoverageNote is what docs/api-coverage.md says of Organizations beside its table.
const CoverageNote = `Responsibility transfers (InviteOrganizationToTransferResponsibility and the five
ResponsibilityTransfer operations, with the TRANSFER_RESPONSIBILITY handshake) behave as AWS's: who may call them,
the statuses (REQUESTED, ACCEPTED, DECLINED, CANCELED, EXPIRED, WITHDRAWN), the start and end dates and the errors.
"Billing responsibility" here is that record and its state — which management account is designated for which
organization's BILLING, from when to when — exact and visible to both organizations. Gatehouse keeps no bills:
nothing is invoiced, consolidated or paid, and no Billing Conductor billing group is created.`

// Pending says why the other operations are not implemented yet; docs/api-coverage.md shows it.
var Pending = pending()

func pending() map[string]string {
	out := map[string]string{}
	for _, o := range orgwire.Service.Operations {
		if !slices.Contains(Implemented, o.Name) {
			out[o.Name] = "not implemented yet (issue 9)"
		}
	}
	return out
}
