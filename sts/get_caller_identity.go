package sts

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// getCallerIdentity returns who signed the request. The policy engine always allows it for an
// authenticated caller, even against an explicit Deny (evaluation-semantics.md §6.2 step 0).
var getCallerIdentity = &op.Op[*Service, stswire.GetCallerIdentityInput, stswire.GetCallerIdentityOutput, op.None]{
	Name:   "GetCallerIdentity",
	Action: "sts:GetCallerIdentity",
	Handle: func(_ *Service, _ context.Context, r *op.Request[stswire.GetCallerIdentityInput, op.None]) (*stswire.GetCallerIdentityOutput, error) {
		c := r.Call.Caller
		return &stswire.GetCallerIdentityOutput{UserId: &c.UniqueID, Account: &c.AccountID, Arn: &c.ARN}, nil
	},
}
