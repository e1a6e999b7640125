package sts

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// AssumeRoleForService issues a role session to a workload an AWS service principal vouches for
// (IAM Roles Anywhere): the role's trust policy must allow the service sts:AssumeRole, and
// sts:TagSession and sts:SetSourceIdentity when the session carries tags or a source identity,
// with the session's tags as both aws:PrincipalTag/… and aws:RequestTag/… keys. A role that does
// not exist is refused like one whose trust policy does not allow the service.
func (s *Service) AssumeRoleForService(ctx context.Context, ss identity.ServiceSession) (identity.ServiceCredentials, error) {
	var out identity.ServiceCredentials
	target, err := arn.Parse(ss.RoleARN)
	if err != nil {
		return out, errInvalidARN(ss.RoleARN)
	}
	f, err := s.findFederatedRole(ctx, target, "sts:AssumeRole")
	if err != nil {
		return out, err
	}
	f.principal = policy.Principal{Kind: policy.PrincipalService, ARN: ss.Service}
	f.session, f.source = ss.SessionName, ss.SourceIdentity
	if err := f.setTags(ss.Tags, nil); err != nil {
		return out, err
	}
	for k, v := range ss.Tags {
		f.keys = append(f.keys, authz.StringKey("aws:PrincipalTag/"+k, v))
	}
	for k, v := range ss.Context {
		f.keys = append(f.keys, authz.StringKey(k, v))
	}
	if err := s.authorizeFederated(ctx, f); err != nil {
		return out, err
	}
	seconds := int32(ss.Duration.Seconds())
	var inline *string
	if ss.SessionPolicy != "" {
		inline = &ss.SessionPolicy
	}
	arns := make([]stswire.PolicyDescriptorType, len(ss.PolicyARNs))
	for i, a := range ss.PolicyARNs {
		arns[i] = stswire.PolicyDescriptorType{Arn: &a}
	}
	spec := sessionSpec{roleARN: ss.RoleARN, session: ss.SessionName, policy: inline, policyARNs: arns, seconds: &seconds}
	if err := s.sessionLimits(ctx, f, spec, DefaultRoleDuration); err != nil {
		return out, err
	}
	creds, user, packed, err := s.issueFederated(f, spec)
	if err != nil {
		return out, err
	}
	out = identity.ServiceCredentials{AccessKeyID: creds.AccessKeyId, SecretAccessKey: creds.SecretAccessKey,
		SessionToken: creds.SessionToken, Expiration: creds.Expiration, AssumedRoleARN: user.Arn, AssumedRoleID: user.AssumedRoleId}
	if packed != nil {
		out.PackedPolicySize = int(*packed)
	}
	return out, nil
}
