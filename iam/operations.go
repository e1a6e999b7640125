package iam

import (
	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/account"
	"github.com/gatehouse-iam/gatehouse/iam/analysis"
	"github.com/gatehouse-iam/gatehouse/iam/credentials"
	"github.com/gatehouse-iam/gatehouse/iam/groups"
	"github.com/gatehouse-iam/gatehouse/iam/mfa"
	"github.com/gatehouse-iam/gatehouse/iam/organizations"
	"github.com/gatehouse-iam/gatehouse/iam/policies"
	"github.com/gatehouse-iam/gatehouse/iam/providers"
	"github.com/gatehouse-iam/gatehouse/iam/roles"
	"github.com/gatehouse-iam/gatehouse/iam/users"
)

// Operations is the IAM operations table: the union of the families' tables (package op),
// each row run through op.Op.Run's one path. The Service Authorization Reference check, the
// authorization tests and docs/api-coverage.md are derived from it.
var Operations = op.Concat(users.Operations, groups.Operations, roles.Operations, providers.Operations, credentials.Operations, mfa.Operations, account.Operations, organizations.Operations, policies.Operations, analysis.Operations)

// Implemented lists the IAM operations this service implements: the names of Operations. Every other operation of the model answers
// NotImplemented (its iamwire.Handlers field is left nil). docs/api-coverage.md is generated from this table,
// and a test checks it against the bound Handlers, so the report cannot claim more than the code does.
var Implemented = Operations.Names()

// Pending says why the remaining operations are not implemented; docs/api-coverage.md shows it.
// Delegation requests are created only by AWS partners after an onboarding process, notify the
// partner through a channel AWS operates, and are summarized by a large language model: none of
// that exists outside AWS, so a local imitation would be a stub, not IAM's behaviour.
var Pending = map[string]string{
	"AcceptDelegationRequest":    delegationPending,
	"AssociateDelegationRequest": delegationPending,
	"CreateDelegationRequest":    delegationPending,
	"GetDelegationRequest":       delegationPending,
	"ListDelegationRequests":     delegationPending,
	"RejectDelegationRequest":    delegationPending,
	"SendDelegationToken":        delegationPending,
	"UpdateDelegationRequest":    delegationPending,
	"GetHumanReadableSummary":    "summarizes delegation requests with a large language model; see the delegation operations",
}

const delegationPending = "delegation requests come only from AWS partners after AWS's onboarding, and tokens go to partners over a channel AWS operates; Gatehouse has neither"
