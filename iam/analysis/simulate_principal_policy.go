package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// SimulatePrincipalPolicy simulates ActionNames on ResourceArns against the policies of a
// user, group or role (a user's include its groups'), plus PolicyInputList, within its
// permissions boundary (or the one PermissionsBoundaryPolicyInputList gives), with an optional
// ResourcePolicy, on the same engine that authorizes every request. The simulated caller is
// CallerArn, else the user itself; a resource policy needs an IAM user as the caller. Context
// keys come from ContextEntries, and those AWS derives from the caller (aws:username,
// aws:PrincipalArn, …) are filled in when the caller is a user. The simulated principal's
// account's SCPs fence it as in authorization; PolicyExclusionList leaves out attached
// policies, the boundary or the SCPs (see exclusions).
var simulatePrincipalPolicy = &op.Op[*Analysis, iamwire.SimulatePrincipalPolicyInput, iamwire.SimulatePrincipalPolicyOutput, policySource]{
	Name: "SimulatePrincipalPolicy", Action: "iam:SimulatePrincipalPolicy",
	Resolve: policySourceAt(func(in *iamwire.SimulatePrincipalPolicyInput) string { return in.PolicySourceArn }),
	Handle: func(s *Analysis, ctx context.Context, r *op.Request[iamwire.SimulatePrincipalPolicyInput, policySource]) (*iamwire.SimulatePrincipalPolicyOutput, error) {
		in := r.In
		src := r.Entity()
		e, pols := src.entity, src.policies
		caller, err := s.simulatedEntity(ctx, r.Account(), in.CallerArn)
		if err != nil {
			return nil, err
		}
		skip, aerr := readExclusions(in.PolicyExclusionList)
		if aerr != nil {
			return nil, aerr
		}
		sim := &simulation{actions: in.ActionNames, resources: in.ResourceArns}
		for i := range pols.identity {
			if skip.excludes(&pols.identity[i]) {
				continue
			}
			if c, ok := compileSource(pols.identity[i]); ok {
				sim.identity = append(sim.identity, c)
			}
		}
		if err := sim.addInputs(in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ResourcePolicy); err != nil {
			return nil, err
		}
		if sim.boundary == nil && pols.boundary != nil && !skip.boundary() {
			sim.boundary = compileBoundary(*pols.boundary)
		}

		if sim.principal, err = simulatedCaller(in, e, caller); err != nil {
			return nil, err
		}
		if !skip.scps() {
			if sim.fence, err = loadFence(ctx, s.Store, sim.principal.Account); err != nil {
				return nil, err
			}
		}
		if err := sim.finish(in.ContextEntries, in.ResourceOwner, in.ResourceHandlingOption); err != nil {
			return nil, err
		}
		results, marker, truncated, aerr := sim.page(in.Marker, in.MaxItems)
		if aerr != nil {
			return nil, aerr
		}
		return &iamwire.SimulatePrincipalPolicyOutput{EvaluationResults: results, IsTruncated: truncated, Marker: marker}, nil
	}}

// simulatedEntity is the IAM user CallerArn names, when it names one of the account's (nil
// otherwise, and for no CallerArn): the simulation fills in the context keys AWS derives from
// it.
func (s *Analysis) simulatedEntity(ctx context.Context, account string, callerARN *string) (*principalEntity, error) {
	if callerARN == nil {
		return nil, nil
	}
	cref, aerr := parseEntityARN(*callerARN, kindUser)
	if aerr != nil {
		return nil, nil
	}
	return core.Read(ctx, s.Store, func(tx store.Tx) (*principalEntity, error) { return findEntity(ctx, tx, account, cref) })
}

// compileBoundary is the entity's permissions boundary as the simulation applies it; one that
// does not compile denies everything, as an empty boundary does.
func compileBoundary(src sourcePolicy) *compiled {
	if c, ok := compileSource(src); ok {
		return &c
	}
	return &compiled{src: src, pol: policy.Compile(&policy.Document{Kind: policy.Boundary})}
}

// simulatedCaller is the principal SimulatePrincipalPolicy simulates: CallerArn, else the
// user whose policies these are (a role's policies are simulated as a session of the role).
func simulatedCaller(in *iamwire.SimulatePrincipalPolicyInput, e, caller *principalEntity) (policy.Principal, error) {
	switch {
	case in.CallerArn != nil:
		p, aerr := callerPrincipal(*in.CallerArn)
		if aerr != nil {
			return policy.Principal{}, aerr
		}
		return withEntity(p, caller), nil
	case e.kind == kindUser:
		return withEntity(policy.Principal{Kind: policy.PrincipalUser, ARN: e.arn, Account: e.account}, e), nil
	case in.ResourcePolicy != nil:
		return policy.Principal{}, iamerr.InvalidCaller.Err()
	case e.kind == kindRole:
		return policy.Principal{Kind: policy.PrincipalRoleSession, Account: e.account, RoleARN: e.arn,
			ID: e.id, Tags: tagMap(e.tags)}, nil
	}
	return policy.Principal{Kind: policy.PrincipalUser, Account: e.account}, nil
}
