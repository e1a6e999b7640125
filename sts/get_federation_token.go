package sts

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// GetFederationToken issues credentials for a federated user of the calling IAM user (or
// root): arn:aws:sts::ACCT:federated-user/NAME. The session's permissions are the user's
// policies intersected with the session policies passed (Policy, PolicyArns); without any it
// has none (evaluation-semantics.md §7.12). Session tags overlay the user's tags as
// aws:PrincipalTag. It needs sts:GetFederationToken on the federated-user ARN, and
// sts:TagSession when tags are passed.
func (s *Service) GetFederationToken(ctx context.Context, in *stswire.GetFederationTokenInput) (*stswire.GetFederationTokenOutput, error) {
	call, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	c := call.Caller
	if c.IsSession() {
		return nil, errSessionCredentials("GetFederationToken")
	}
	tags, _, err := sessionTags(in.Tags, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	inline, err := sessionPolicy(in.Policy)
	if err != nil {
		return nil, err
	}
	fedARN := "arn:aws:sts::" + c.AccountID + ":federated-user/" + in.Name
	req := authz.Request{Action: "sts:GetFederationToken", Resource: fedARN, Keys: tagKeys(in.Tags, nil)}
	if err := s.authz.Authorize(ctx, call, req); err != nil {
		return nil, err
	}
	if len(tags) > 0 {
		req.Action = "sts:TagSession"
		if err := s.authz.Authorize(ctx, call, req); err != nil {
			return nil, err
		}
	}
	arns, err := s.policyARNs(ctx, c.AccountID, in.PolicyArns)
	if err != nil {
		return nil, err
	}
	packed, err := packedSize(inline, arns, tags)
	if err != nil {
		return nil, err
	}
	d := duration(in.DurationSeconds, DefaultUserDuration)
	if c.Kind == callctx.KindRoot {
		d = min(duration(in.DurationSeconds, MaxRootDuration), MaxRootDuration)
	}
	claims := &sessiontoken.Claims{Kind: sessiontoken.FederatedUser, AccountID: c.AccountID, ARN: fedARN,
		UniqueID: c.AccountID + ":" + in.Name, UserID: c.UserID, UserName: c.UserName, Policy: inline, PolicyARNs: arns,
		Tags: tags}
	creds, err := s.issue(claims, d)
	if err != nil {
		return nil, err
	}
	p := int32(packed)
	return &stswire.GetFederationTokenOutput{Credentials: creds, PackedPolicySize: &p,
		FederatedUser: &stswire.FederatedUser{FederatedUserId: claims.UniqueID, Arn: fedARN}}, nil
}
