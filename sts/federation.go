package sts

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/federation/saml"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// What AssumeRoleWithWebIdentity and AssumeRoleWithSAML share: the caller is not an AWS
// identity but a token or assertion an identity provider vouches for; the role's trust policy
// alone decides (authz.AuthorizeFederated), with the provider's condition keys; the session's
// tags come from the provider, not from the request.

// federated is one federated assumption as the operation decided it before authorization.
type federated struct {
	role      store.Role
	roleTags  []store.Tag
	partition string
	principal policy.Principal
	action    string
	keys      []authz.Key
	session   string
	tags      []sessiontoken.Tag
	trans     []string
	source    string
	inline    string
	arns      []string
	duration  time.Duration
}

// sessionSpec is what the request itself says about the session, whichever operation it is.
type sessionSpec struct {
	roleARN    string
	session    string
	policy     *string
	policyARNs []stswire.PolicyDescriptorType
	seconds    *int32
}

// findFederatedRole finds the role an ARN names. A role that does not exist is
// answered as one whose trust policy refuses (AccessDenied), so its existence is not revealed.
func (s *Service) findFederatedRole(ctx context.Context, target arn.ARN, action string) (*federated, error) {
	role, tags, found, err := s.role(ctx, target)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errFederatedDenied(action)
	}
	return &federated{role: role, roleTags: tags, partition: target.Partition, action: action}, nil
}

// errFederatedDenied is AWS's refusal by the trust policy: "Not authorized to perform
// sts:AssumeRoleWithWebIdentity".
func errFederatedDenied(action string) error {
	return awserr.AccessDenied("Not authorized to perform " + action)
}

// setTags checks the session tags the provider passes (principal tags and transitive keys) with
// AssumeRole's rules and adds their condition keys.
func (f *federated) setTags(principalTags map[string]string, transitive []string) error {
	if len(principalTags) > MaxSessionTags {
		return awserr.ValidationError("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to %d", MaxSessionTags)
	}
	passed := make([]stswire.Tag, 0, len(principalTags))
	for k, v := range principalTags {
		passed = append(passed, stswire.Tag{Key: k, Value: v})
	}
	sort.Slice(passed, func(i, j int) bool { return passed[i].Key < passed[j].Key })
	var err error
	if f.tags, f.trans, err = sessionTags(passed, transitive, nil, nil); err != nil {
		return err
	}
	f.keys = append(f.keys, tagKeys(passed, transitive)...)
	return nil
}

// authorize asks the trust policy about the assumption, and about sts:TagSession and
// sts:SetSourceIdentity when the session carries tags or a source identity.
func (s *Service) authorizeFederated(ctx context.Context, f *federated) error {
	f.keys = append(f.keys, authz.StringKey("sts:RoleSessionName", f.session))
	if f.source != "" {
		f.keys = append(f.keys, authz.StringKey("sts:SourceIdentity", f.source))
	}
	f.keys = append(f.keys, op.ResourceTagKeys(f.roleTags, "aws:ResourceTag", "iam:ResourceTag")...)
	req := authz.Request{Action: f.action, Resource: f.role.ARN, ResourceAccount: f.role.AccountID, Keys: f.keys,
		ResourcePolicy: f.role.TrustPolicy, ResourceKind: policy.ResourceRoleTrust}
	if err := s.authz.AuthorizeFederated(ctx, f.principal, req); err != nil {
		return err
	}
	if len(f.tags) > 0 {
		req.Action = "sts:TagSession"
		if err := s.authz.AuthorizeFederated(ctx, f.principal, req); err != nil {
			return err
		}
	}
	if f.source != "" {
		req.Action = "sts:SetSourceIdentity"
		if err := s.authz.AuthorizeFederated(ctx, f.principal, req); err != nil {
			return err
		}
	}
	return nil
}

// sessionLimits checks the session's duration against the role and its session policies.
// def is the operation's default duration.
func (s *Service) sessionLimits(ctx context.Context, f *federated, spec sessionSpec, def time.Duration) error {
	f.duration = duration(spec.seconds, def)
	maxSession := time.Duration(f.role.MaxSessionDuration) * time.Second
	if maxSession <= 0 {
		maxSession = DefaultRoleDuration
	}
	if f.duration > maxSession {
		return errMaxSessionDuration()
	}
	var err error
	if f.inline, err = sessionPolicy(spec.policy); err != nil {
		return err
	}
	f.arns, err = s.policyARNs(ctx, f.role.AccountID, spec.policyARNs)
	return err
}

// issueFederated issues the role session: its credentials, the assumed-role user and the
// packed size when session policies or tags were passed.
func (s *Service) issueFederated(f *federated, spec sessionSpec) (*stswire.Credentials, *stswire.AssumedRoleUser, *int32, error) {
	packed, err := packedSize(f.inline, f.arns, f.tags)
	if err != nil {
		return nil, nil, nil, err
	}
	role := f.role
	sessionARN := arn.AssumedRole(f.partition, role.AccountID, role.Name, spec.session)
	claims := &sessiontoken.Claims{Kind: sessiontoken.RoleSession, AccountID: role.AccountID, ARN: sessionARN,
		UniqueID: role.ID + ":" + spec.session, RoleID: role.ID, RoleARN: role.ARN, SessionName: spec.session,
		Policy: f.inline, PolicyARNs: f.arns, Tags: f.tags, TransitiveKeys: f.trans, SourceIdentity: f.source}
	creds, err := s.issue(claims, f.duration)
	if err != nil {
		return nil, nil, nil, err
	}
	s.usage.RecordRoleUse(role.ID, "")
	var size *int32
	if spec.policy != nil || len(spec.policyARNs) > 0 || len(f.tags) > 0 {
		p := int32(packed)
		size = &p
	}
	return creds, &stswire.AssumedRoleUser{AssumedRoleId: claims.UniqueID, Arn: sessionARN}, size, nil
}

// providerError turns a verification failure of package oidc or saml into STS's error: the
// same code and message, HTTP 400.
func providerError(err error) error {
	var oe *oidc.Error
	var se *saml.Error
	code, msg := "", ""
	switch {
	case errors.As(err, &oe):
		code, msg = oe.Code, oe.Message
	case errors.As(err, &se):
		code, msg = se.Code, se.Message
	default:
		return err
	}
	switch code {
	case oidc.CodeExpiredToken:
		return stswire.ErrExpiredTokenException("%s", msg)
	case oidc.CodeIDPCommunicationError:
		return stswire.ErrIDPCommunicationError("%s", msg)
	case oidc.CodeIDPRejectedClaim:
		return stswire.ErrIDPRejectedClaim("%s", msg)
	}
	return stswire.ErrInvalidIdentityToken("%s", msg)
}
