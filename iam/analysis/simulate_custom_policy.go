package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// SimulateCustomPolicy simulates ActionNames on ResourceArns against the identity policies of
// PolicyInputList, within the boundary PermissionsBoundaryPolicyInputList gives, with an
// optional ResourcePolicy, on the same engine that authorizes every request. The simulated
// caller is CallerArn (an IAM user; required with a resource policy, whose Principal element
// must have someone to match), else an unnamed principal of the caller's account. With
// OrderedOrganizationPolicyInputList, the SCPs it gives fence the simulated caller as an
// organization's SCP chain does (see customFence).
var simulateCustomPolicy = accountRow("SimulateCustomPolicy", (*Analysis).simulateCustomPolicyFor)

// simulateCustomPolicyFor is SimulateCustomPolicy's answer for account.
func (s *Analysis) simulateCustomPolicyFor(ctx context.Context, account string, in *iamwire.SimulateCustomPolicyInput) (*iamwire.SimulateCustomPolicyOutput, error) {
	sim := &simulation{actions: in.ActionNames, resources: in.ResourceArns}
	if err := sim.addInputs(in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ResourcePolicy); err != nil {
		return nil, err
	}
	var aerr *awserr.Error
	if sim.fence, aerr = customFence(in.OrderedOrganizationPolicyInputList); aerr != nil {
		return nil, aerr
	}
	switch {
	case in.CallerArn != nil:
		p, aerr := callerPrincipal(*in.CallerArn)
		if aerr != nil {
			return nil, aerr
		}
		var caller *principalEntity
		if cref, aerr := parseEntityARN(*in.CallerArn, kindUser); aerr == nil {
			err := s.Store.View(ctx, func(tx store.Tx) error {
				var err error
				caller, err = findEntity(ctx, tx, account, cref)
				return err
			})
			if err != nil {
				return nil, err
			}
		}
		sim.principal = withEntity(p, caller)
	case in.ResourcePolicy != nil:
		return nil, iamerr.InvalidCaller.Err()
	default:
		sim.principal = policy.Principal{Kind: policy.PrincipalUser, Account: account}
	}
	if err := sim.finish(in.ContextEntries, in.ResourceOwner, in.ResourceHandlingOption); err != nil {
		return nil, err
	}
	results, marker, truncated, aerr := sim.page(in.Marker, in.MaxItems)
	if aerr != nil {
		return nil, aerr
	}
	return &iamwire.SimulateCustomPolicyOutput{EvaluationResults: results, IsTruncated: truncated, Marker: marker}, nil
}
