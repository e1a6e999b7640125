package sts

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// assumption is what AssumeRole's resolver decided before authorization: the role, and
// what the request alone decides about the session.
type assumption struct {
	role       store.Role
	partition  string
	tags       []sessiontoken.Tag
	transitive []string
	inline     string
	source     string
	mfa        bool
	mfaTime    time.Time
}

// assumeRole issues credentials for a session of a role. The role's trust policy and the
// caller's own policies decide together (evaluation-semantics.md §6.5): across accounts both
// must allow sts:AssumeRole; within the account a trust policy naming the caller suffices,
// one naming the account needs the caller's identity policies too. Passing session tags
// needs sts:TagSession, a source identity sts:SetSourceIdentity, checked the same way.
// Everything is checked before anything is issued; AssumeRole writes nothing but RoleLastUsed
// (buffered) and, with an MFA code, the time-step that consumes the code.
var assumeRole = &op.Op[*Service, stswire.AssumeRoleInput, stswire.AssumeRoleOutput, *assumption]{
	Name:   "AssumeRole",
	Action: "sts:AssumeRole",
	Also:   []string{"sts:TagSession", "sts:SetSourceIdentity"},
	Resolve: op.Resolver[*Service, stswire.AssumeRoleInput, *assumption]{
		Keys: []string{"aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "sts:RoleSessionName", "sts:ExternalId",
			"sts:SourceIdentity", op.RequestTag, op.TagKeys, "sts:TransitiveTagKeys", op.ResourceTag, "iam:ResourceTag/${TagKey}"},
		Find: (*Service).findRoleToAssume,
	},
	Handle: (*Service).assumeRole,
}

// findRoleToAssume checks what the request alone decides, verifies an MFA code presented with
// it (the trust policy may require MFA), and finds the role with its trust policy as IAM
// evaluates it. A role that does not exist is denied as one whose trust policy does not allow
// the caller, so its existence is not revealed.
func (s *Service) findRoleToAssume(ctx context.Context, call *callctx.Call, in *stswire.AssumeRoleInput) (op.Target[*assumption], error) {
	var t op.Target[*assumption]
	a, keys, err := s.sessionRequest(ctx, call.Caller, in)
	if err != nil {
		return t, err
	}
	role, roleTags, found, err := s.role(ctx, a.target)
	if err != nil {
		return t, err
	}
	if !found {
		return t, errAssumeRoleDenied(call.Caller.ARN, "sts:AssumeRole", in.RoleArn)
	}
	a.role = role
	keys = append(keys, authz.StringKey("sts:RoleSessionName", in.RoleSessionName))
	if in.ExternalId != nil {
		keys = append(keys, authz.StringKey("sts:ExternalId", *in.ExternalId))
	}
	if a.source != "" {
		keys = append(keys, authz.StringKey("sts:SourceIdentity", a.source))
	}
	keys = append(keys, tagKeys(in.Tags, in.TransitiveTagKeys)...)
	keys = append(keys, op.ResourceTagKeys(roleTags, "aws:ResourceTag", "iam:ResourceTag")...)
	t = op.Target[*assumption]{ARN: role.ARN, Account: role.AccountID, Keys: keys, Policy: role.TrustPolicy,
		PolicyKind: policy.ResourceRoleTrust, Entity: &a.assumption}
	return t, nil
}

// sessionRequest is what an AssumeRole request decides about the session by itself: the
// role ARN's form, session tags, the session policy, the source identity, and MFA.
func (s *Service) sessionRequest(ctx context.Context, c *callctx.Caller, in *stswire.AssumeRoleInput) (*pending, []authz.Key, error) {
	switch {
	case c.Kind == callctx.KindRoot:
		return nil, nil, errRootAssumeRole()
	case c.Kind == callctx.KindFederatedUser:
		return nil, nil, errSessionCredentials("AssumeRole")
	}
	target, err := arn.Parse(in.RoleArn)
	if err != nil || target.AccountID == "" {
		return nil, nil, errInvalidARN(in.RoleArn)
	}
	p := &pending{target: target}
	p.partition = target.Partition
	if p.tags, p.transitive, err = sessionTags(in.Tags, in.TransitiveTagKeys, inheritedTags(c), c.TransitiveTagKeys); err != nil {
		return nil, nil, err
	}
	if p.inline, err = sessionPolicy(in.Policy); err != nil {
		return nil, nil, err
	}
	p.source = c.SourceIdentity
	if in.SourceIdentity != nil {
		if p.source != "" && p.source != *in.SourceIdentity {
			return nil, nil, errSourceIdentityChange()
		}
		p.source = *in.SourceIdentity
	}
	p.mfa, p.mfaTime = c.MFA, c.MFATime
	var keys []authz.Key
	if in.TokenCode != nil {
		if err := s.verifyMFA(ctx, c, in.SerialNumber, *in.TokenCode); err != nil {
			return nil, nil, err
		}
		p.mfa, p.mfaTime = true, s.now().UTC()
		keys = append(keys, authz.StringKey("aws:MultiFactorAuthPresent", "true"), authz.StringKey("aws:MultiFactorAuthAge", "0"))
	}
	return p, keys, nil
}

// pending is an assumption whose role is not found yet.
type pending struct {
	assumption
	target arn.ARN
}

// assumeRole authorizes the further actions the session needs and issues it.
func (s *Service) assumeRole(ctx context.Context, r *op.Request[stswire.AssumeRoleInput, *assumption]) (*stswire.AssumeRoleOutput, error) {
	a, in, c := r.Entity(), r.In, r.Call.Caller
	if len(a.tags) > 0 {
		if err := r.AuthorizeAlso(ctx, "sts:TagSession"); err != nil {
			return nil, err
		}
	}
	if a.source != "" {
		if err := r.AuthorizeAlso(ctx, "sts:SetSourceIdentity"); err != nil {
			return nil, err
		}
	}
	role := a.role
	d := duration(in.DurationSeconds, DefaultRoleDuration)
	if c.IsSession() && d > MaxChainedDuration {
		return nil, errChainedDuration()
	}
	maxSession := time.Duration(role.MaxSessionDuration) * time.Second
	if maxSession <= 0 {
		maxSession = DefaultRoleDuration
	}
	if d > maxSession {
		return nil, errMaxSessionDuration()
	}
	arns, err := s.policyARNs(ctx, role.AccountID, in.PolicyArns)
	if err != nil {
		return nil, err
	}
	packed, err := packedSize(a.inline, arns, a.tags)
	if err != nil {
		return nil, err
	}
	sessionARN := arn.AssumedRole(a.partition, role.AccountID, role.Name, in.RoleSessionName)
	claims := &sessiontoken.Claims{Kind: sessiontoken.RoleSession, AccountID: role.AccountID, ARN: sessionARN,
		UniqueID: role.ID + ":" + in.RoleSessionName, RoleID: role.ID, RoleARN: role.ARN, SessionName: in.RoleSessionName,
		Policy: a.inline, PolicyARNs: arns, Tags: a.tags, TransitiveKeys: a.transitive, SourceIdentity: a.source,
		MFA: a.mfa, Chained: c.IsSession()}
	if a.mfa {
		claims.MFATime = a.mfaTime
	}
	creds, err := s.issue(claims, d)
	if err != nil {
		return nil, err
	}
	s.usage.RecordRoleUse(role.ID, r.Call.Region) // assuming a role is using it (RoleLastUsed)
	out := &stswire.AssumeRoleOutput{Credentials: creds,
		AssumedRoleUser: &stswire.AssumedRoleUser{AssumedRoleId: claims.UniqueID, Arn: sessionARN}}
	if in.Policy != nil || len(in.PolicyArns) > 0 || len(in.Tags) > 0 {
		p := int32(packed)
		out.PackedPolicySize = &p
	}
	if a.source != "" {
		out.SourceIdentity = &a.source
	}
	return out, nil
}

// role finds the role an ARN names (identity.FindByARN: the role's exact ARN, path and case
// included; anything else is a role that does not exist, found false), with its tags and its
// effective trust policy.
func (s *Service) role(ctx context.Context, a arn.ARN) (store.Role, []store.Tag, bool, error) {
	if !strings.HasPrefix(a.Resource, "role/") {
		return store.Role{}, nil, false, nil
	}
	var p *identity.Principal
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		if p, err = identity.FindByARN(ctx, tx, a); err != nil {
			return err
		}
		// The trust policy as IAM evaluates it: principals bound to the unique IDs they had
		// when it was written (a user or role deleted and recreated no longer matches).
		ps, err := tx.Roles().TrustPrincipals(ctx, p.ID)
		p.Role.TrustPolicy = identity.EffectiveTrustPolicy(p.Role.TrustPolicy, ps)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return store.Role{}, nil, false, nil
	}
	if err != nil {
		return store.Role{}, nil, false, err
	}
	return *p.Role, p.Tags, true, nil
}
