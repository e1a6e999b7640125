package analyzer

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy/prove"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// The three custom policy checks, decided by package policy/prove (a sound procedure: PASS
// only when proven). A document the checks cannot read is InvalidParameterException; any
// other input they refuse is ValidationException naming the member.

var checkNoNewAccess = &op.Op[*Service, analyzerwire.CheckNoNewAccessInput, analyzerwire.CheckNoNewAccessOutput, op.None]{
	Name:   "CheckNoNewAccess",
	Action: "access-analyzer:CheckNoNewAccess",
	Handle: func(_ *Service, _ context.Context, r *op.Request[analyzerwire.CheckNoNewAccessInput, op.None]) (*analyzerwire.CheckNoNewAccessOutput, error) {
		res, err := prove.CheckNoNewAccess(r.In.NewPolicyDocument, r.In.ExistingPolicyDocument, prove.PolicyType(r.In.PolicyType))
		if err != nil {
			return nil, checkError(err)
		}
		result := analyzerwire.CheckNoNewAccessResult(res.Result)
		return &analyzerwire.CheckNoNewAccessOutput{Result: &result, Message: &res.Message, Reasons: reasons(res)}, nil
	},
}

var checkAccessNotGranted = &op.Op[*Service, analyzerwire.CheckAccessNotGrantedInput, analyzerwire.CheckAccessNotGrantedOutput, op.None]{
	Name:   "CheckAccessNotGranted",
	Action: "access-analyzer:CheckAccessNotGranted",
	Handle: func(_ *Service, _ context.Context, r *op.Request[analyzerwire.CheckAccessNotGrantedInput, op.None]) (*analyzerwire.CheckAccessNotGrantedOutput, error) {
		var access prove.Access
		for _, a := range r.In.Access {
			access.Actions = append(access.Actions, a.Actions...)
			access.Resources = append(access.Resources, a.Resources...)
		}
		res, err := prove.CheckAccessNotGranted(r.In.PolicyDocument, access, prove.PolicyType(r.In.PolicyType))
		if err != nil {
			return nil, checkError(err)
		}
		result := analyzerwire.CheckAccessNotGrantedResult(res.Result)
		return &analyzerwire.CheckAccessNotGrantedOutput{Result: &result, Message: &res.Message, Reasons: reasons(res)}, nil
	},
}

var checkNoPublicAccess = &op.Op[*Service, analyzerwire.CheckNoPublicAccessInput, analyzerwire.CheckNoPublicAccessOutput, op.None]{
	Name:   "CheckNoPublicAccess",
	Action: "access-analyzer:CheckNoPublicAccess",
	Handle: func(_ *Service, _ context.Context, r *op.Request[analyzerwire.CheckNoPublicAccessInput, op.None]) (*analyzerwire.CheckNoPublicAccessOutput, error) {
		res, err := prove.CheckNoPublicAccess(r.In.PolicyDocument, string(r.In.ResourceType))
		if err != nil {
			return nil, checkError(err)
		}
		result := analyzerwire.CheckNoPublicAccessResult(res.Result)
		return &analyzerwire.CheckNoPublicAccessOutput{Result: &result, Message: &res.Message, Reasons: reasons(res)}, nil
	},
}

// reasons are a result's ReasonSummary list; a reason's statementId is omitted when the
// statement has no Sid.
func reasons(res *prove.Result) []analyzerwire.ReasonSummary {
	out := make([]analyzerwire.ReasonSummary, 0, len(res.Reasons))
	for _, r := range res.Reasons {
		rs := analyzerwire.ReasonSummary{Description: &r.Description, StatementIndex: new(int32(r.StatementIndex))}
		if r.StatementID != "" {
			rs.StatementId = &r.StatementID
		}
		out = append(out, rs)
	}
	return out
}

// checkError maps the checks' input errors: a policy document that does not parse is
// InvalidParameterException, any other refused member ValidationException.
func checkError(err error) error {
	var ie *prove.InputError
	if !errors.As(err, &ie) {
		return err
	}
	switch ie.Param {
	case "policyDocument", "newPolicyDocument", "existingPolicyDocument":
		return errInvalidParameter(ie.Param, ie.Err.Error())
	}
	return errInvalidInput(ie.Param, ie.Err.Error())
}
