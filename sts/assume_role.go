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
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// AssumeRole issues credentials for a session of a role. The role's trust policy and the
// caller's own policies decide together (evaluation-semantics.md §6.5): across accounts both
// must allow sts:AssumeRole; within the account a trust policy naming the caller suffices,
// one naming the account needs the caller's identity policies too. Passing session tags
// needs sts:TagSession, a source identity sts:SetSourceIdentity, checked the same way.
// Everything is checked before anything is issued; AssumeRole writes nothing but RoleLastUsed
// (buffered) and, with an MFA code, the time-step that consumes the code.
func (s *Service) AssumeRole(ctx context.Context, in *stswire.AssumeRoleInput) (*stswire.AssumeRoleOutput, error) {
	call, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	c := call.Caller
	switch {
	case c.Kind == callctx.KindRoot:
		return nil, errRootAssumeRole()
	case c.Kind == callctx.KindFederatedUser:
		return nil, errSessionCredentials("AssumeRole")
	}

	// What the request alone decides.
	target, err := arn.Parse(in.RoleArn)
	if err != nil || target.AccountID == "" {
		return nil, errInvalidARN(in.RoleArn)
	}
	tags, transitive, err := sessionTags(in.Tags, in.TransitiveTagKeys, inheritedTags(c), c.TransitiveTagKeys)
	if err != nil {
		return nil, err
	}
	inline, err := sessionPolicy(in.Policy)
	if err != nil {
		return nil, err
	}
	source := c.SourceIdentity
	if in.SourceIdentity != nil {
		if source != "" && source != *in.SourceIdentity {
			return nil, errSourceIdentityChange()
		}
		source = *in.SourceIdentity
	}

	// MFA presented with this request: checked (and its code consumed) before the trust
	// policy is evaluated, since the trust policy may require it.
	mfa, mfaTime := c.MFA, c.MFATime
	var keys []authz.Key
	if in.TokenCode != nil {
		if err := s.verifyMFA(ctx, c, in.SerialNumber, *in.TokenCode); err != nil {
			return nil, err
		}
		mfa, mfaTime = true, s.now().UTC()
		keys = append(keys, authz.StringKey("aws:MultiFactorAuthPresent", "true"),
			authz.StringKey("aws:MultiFactorAuthAge", "0"))
	}

	role, roleTags, found, err := s.role(ctx, target)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errAssumeRoleDenied(c.ARN, "sts:AssumeRole", in.RoleArn)
	}

	keys = append(keys, authz.StringKey("sts:RoleSessionName", in.RoleSessionName))
	if in.ExternalId != nil {
		keys = append(keys, authz.StringKey("sts:ExternalId", *in.ExternalId))
	}
	if source != "" {
		keys = append(keys, authz.StringKey("sts:SourceIdentity", source))
	}
	keys = append(keys, tagKeys(in.Tags, in.TransitiveTagKeys)...)
	for _, t := range roleTags {
		keys = append(keys, authz.StringKey("aws:ResourceTag/"+t.Key, t.Value), authz.StringKey("iam:ResourceTag/"+t.Key, t.Value))
	}
	req := authz.Request{Resource: role.ARN, ResourceAccount: role.AccountID, Keys: keys,
		ResourcePolicy: role.TrustPolicy, ResourceKind: policy.ResourceRoleTrust}
	actions := []string{"sts:AssumeRole"}
	if len(tags) > 0 {
		actions = append(actions, "sts:TagSession")
	}
	if source != "" {
		actions = append(actions, "sts:SetSourceIdentity")
	}
	for _, action := range actions {
		req.Action = action
		if err := s.authz.Authorize(ctx, call, req); err != nil {
			return nil, err
		}
	}

	// What depends on the role.
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
	packed, err := packedSize(inline, arns, tags)
	if err != nil {
		return nil, err
	}

	roleName := role.Name
	sessionARN := "arn:" + target.Partition + ":sts::" + role.AccountID + ":assumed-role/" + roleName + "/" + in.RoleSessionName
	claims := &sessiontoken.Claims{Kind: sessiontoken.RoleSession, AccountID: role.AccountID, ARN: sessionARN,
		UniqueID: role.ID + ":" + in.RoleSessionName, RoleID: role.ID, RoleARN: role.ARN, SessionName: in.RoleSessionName,
		Policy: inline, PolicyARNs: arns, Tags: tags, TransitiveKeys: transitive, SourceIdentity: source,
		MFA: mfa, Chained: c.IsSession()}
	if mfa {
		claims.MFATime = mfaTime
	}
	creds, err := s.issue(claims, d)
	if err != nil {
		return nil, err
	}
	s.usage.RecordRoleUse(role.ID, call.Region) // assuming a role is using it (RoleLastUsed)

	out := &stswire.AssumeRoleOutput{Credentials: creds,
		AssumedRoleUser: &stswire.AssumedRoleUser{AssumedRoleId: claims.UniqueID, Arn: sessionARN}}
	if in.Policy != nil || len(in.PolicyArns) > 0 || len(in.Tags) > 0 {
		p := int32(packed)
		out.PackedPolicySize = &p
	}
	if source != "" {
		out.SourceIdentity = &source
	}
	return out, nil
}

// role finds the role an ARN names, with its tags and its effective trust policy. The ARN must be a role's, with the role's
// exact path; anything else is a role that does not exist (found false).
func (s *Service) role(ctx context.Context, a arn.ARN) (store.Role, []store.Tag, bool, error) {
	rest, ok := strings.CutPrefix(a.Resource, "role/")
	if a.Service != "iam" || !ok || rest == "" {
		return store.Role{}, nil, false, nil
	}
	name := rest
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		name = rest[i+1:]
	}
	var role store.Role
	var tags []store.Tag
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		if role, err = tx.Roles().Get(ctx, a.AccountID, name); err != nil {
			return err
		}
		if tags, err = tx.Tags().List(ctx, store.Resource{Kind: store.KindRole, Key: role.ID}); err != nil {
			return err
		}
		// The trust policy as IAM evaluates it: principals bound to the unique IDs they had
		// when it was written (a user or role deleted and recreated no longer matches).
		ps, err := tx.Roles().TrustPrincipals(ctx, role.ID)
		role.TrustPolicy = identity.EffectiveTrustPolicy(role.TrustPolicy, ps)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return store.Role{}, nil, false, nil
	}
	if err != nil {
		return store.Role{}, nil, false, err
	}
	if role.ARN != a.String() {
		return store.Role{}, nil, false, nil // another path, or another case of the name
	}
	return role, tags, true, nil
}
