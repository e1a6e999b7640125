package iam

import (
	"slices"

	"github.com/gatehouse-iam/gatehouse/iam/account"
	"github.com/gatehouse-iam/gatehouse/iam/analysis"
	"github.com/gatehouse-iam/gatehouse/iam/credentials"
	"github.com/gatehouse-iam/gatehouse/iam/groups"
	"github.com/gatehouse-iam/gatehouse/iam/mfa"
	"github.com/gatehouse-iam/gatehouse/iam/policies"
	"github.com/gatehouse-iam/gatehouse/iam/providers"
	"github.com/gatehouse-iam/gatehouse/iam/roles"
	"github.com/gatehouse-iam/gatehouse/iam/users"
)

// Implemented lists the IAM operations this service implements: the union of the families'
// tables. Every other operation of the model answers NotImplemented (iamwire.Unimplemented).
// docs/api-coverage.md is generated from this table, and a test checks it against the handler,
// so the report cannot claim more than the code does.
var Implemented = implemented()

func implemented() []string {
	ops := slices.Concat(users.Implemented, groups.Implemented, roles.Implemented, policies.Implemented,
		credentials.Implemented, account.Implemented, providers.Implemented, mfa.Implemented, analysis.Implemented)
	slices.Sort(ops)
	return ops
}
