package analysis

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
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
// aws:PrincipalArn, …) are filled in when the caller is a user.
func (s *Analysis) SimulatePrincipalPolicy(ctx context.Context, in *iamwire.SimulatePrincipalPolicyInput) (*iamwire.SimulatePrincipalPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	ref, aerr := parseEntityARN(in.PolicySourceArn, kindUser, kindGroup, kindRole)
	if aerr != nil {
		return nil, aerr
	}
	var e, caller *principalEntity
	var pols entityPolicies
	err = s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		if e, err = findEntity(ctx, tx, account, ref); e == nil || err != nil {
			return err
		}
		if pols, err = loadPolicies(ctx, tx, e); err != nil {
			return err
		}
		if in.CallerArn != nil {
			if cref, aerr := parseEntityARN(*in.CallerArn, kindUser); aerr == nil {
				caller, err = findEntity(ctx, tx, account, cref)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	resource, owner := resourceOf(account, ref, e)
	if err := s.Authz.Authorize(ctx, call, authz.Request{Action: "iam:SimulatePrincipalPolicy", Resource: resource,
		ResourceAccount: owner}); err != nil {
		return nil, err
	}
	if e == nil {
		return nil, noSuchEntity(ref.kind, ref.name)
	}

	sim := &simulation{actions: in.ActionNames, resources: in.ResourceArns}
	for _, p := range pols.identity {
		if c, ok := compileSource(p); ok {
			sim.identity = append(sim.identity, c)
		}
	}
	if err := sim.addInputs(in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ResourcePolicy); err != nil {
		return nil, err
	}
	if sim.boundary == nil && pols.boundary != nil {
		sim.boundary = compileBoundary(*pols.boundary)
	}

	if sim.principal, err = simulatedCaller(in, e, caller); err != nil {
		return nil, err
	}
	if err := sim.finish(in.ContextEntries, in.ResourceOwner, in.ResourceHandlingOption); err != nil {
		return nil, err
	}
	results, marker, truncated, aerr := sim.page(in.Marker, in.MaxItems)
	if aerr != nil {
		return nil, aerr
	}
	return &iamwire.SimulatePrincipalPolicyOutput{EvaluationResults: results, IsTruncated: truncated, Marker: marker}, nil
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
		return policy.Principal{}, invalidCaller()
	case e.kind == kindRole:
		return policy.Principal{Kind: policy.PrincipalRoleSession, Account: e.account, RoleARN: e.arn,
			ID: e.id, Tags: tagMap(e.tags)}, nil
	}
	return policy.Principal{Kind: policy.PrincipalUser, Account: e.account}, nil
}
