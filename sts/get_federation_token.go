package sts

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// federation is what GetFederationToken's request alone decides, checked before authorization.
type federation struct {
	tags   []sessiontoken.Tag
	inline string
}

// getFederationToken issues credentials for a federated user of the calling IAM user (or
// root): arn:aws:sts::ACCT:federated-user/NAME. The session's permissions are the user's
// policies intersected with the session policies passed (Policy, PolicyArns); without any it
// has none (evaluation-semantics.md §7.12). Session tags overlay the user's tags as
// aws:PrincipalTag. It needs sts:GetFederationToken on the federated-user ARN, and
// sts:TagSession when tags are passed.
var getFederationToken = &op.Op[*Service, stswire.GetFederationTokenInput, stswire.GetFederationTokenOutput, federation]{
	Name:   "GetFederationToken",
	Action: "sts:GetFederationToken",
	Also:   []string{"sts:TagSession"},
	Resolve: op.Resolver[*Service, stswire.GetFederationTokenInput, federation]{
		Find: func(_ *Service, _ context.Context, call *callctx.Call, in *stswire.GetFederationTokenInput) (op.Target[federation], error) {
			var t op.Target[federation]
			if call.Caller.IsSession() {
				return t, errSessionCredentials("GetFederationToken")
			}
			tags, _, err := sessionTags(in.Tags, nil, nil, nil)
			if err != nil {
				return t, err
			}
			inline, err := sessionPolicy(in.Policy)
			if err != nil {
				return t, err
			}
			t.ARN, t.Entity = arn.FederatedUser(call.Account(), in.Name), federation{tags: tags, inline: inline}
			return t, nil
		}},
	Keys:   []op.KeySource[stswire.GetFederationTokenInput]{op.RequestTags(func(in *stswire.GetFederationTokenInput) []stswire.Tag { return in.Tags })},
	Handle: (*Service).getFederationToken,
}

func (s *Service) getFederationToken(ctx context.Context, r *op.Request[stswire.GetFederationTokenInput, federation]) (*stswire.GetFederationTokenOutput, error) {
	c, in, f := r.Call.Caller, r.In, r.Entity()
	if len(f.tags) > 0 {
		if err := r.AuthorizeAlso(ctx, "sts:TagSession"); err != nil {
			return nil, err
		}
	}
	arns, err := s.policyARNs(ctx, c.AccountID, in.PolicyArns)
	if err != nil {
		return nil, err
	}
	packed, err := packedSize(f.inline, arns, f.tags)
	if err != nil {
		return nil, err
	}
	d := duration(in.DurationSeconds, DefaultUserDuration)
	if c.Kind == callctx.KindRoot {
		d = min(duration(in.DurationSeconds, MaxRootDuration), MaxRootDuration)
	}
	claims := &sessiontoken.Claims{Kind: sessiontoken.FederatedUser, AccountID: c.AccountID, ARN: r.Target.ARN,
		UniqueID: c.AccountID + ":" + in.Name, UserID: c.UserID, UserName: c.UserName, Policy: f.inline, PolicyARNs: arns,
		Tags: f.tags}
	creds, err := s.issue(claims, d)
	if err != nil {
		return nil, err
	}
	p := int32(packed)
	return &stswire.GetFederationTokenOutput{Credentials: creds, PackedPolicySize: &p,
		FederatedUser: &stswire.FederatedUser{FederatedUserId: claims.UniqueID, Arn: r.Target.ARN}}, nil
}
