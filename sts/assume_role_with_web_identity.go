package sts

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// SourceIdentityClaim is the claim a web identity token sets the session's source identity
// with (IAM User Guide, "Monitor and control actions taken with assumed roles").
const SourceIdentityClaim = "https://aws.amazon.com/source_identity"

// webIdentity is what AssumeRoleWithWebIdentity's resolver decided: the role, the verified
// token and the provider.
type webIdentity struct {
	federated
	token    *oidc.Token
	provider string // the IAM OIDC provider's ARN
}

// assumeRoleWithWebIdentity issues a role session to the holder of an OpenID Connect ID token
// from an IAM OIDC provider of the role's account. The call is unsigned: the token is verified
// (package oidc: signature under the issuer's published keys fetched over HTTPS with the
// provider's thumbprints, issuer, audience in the client ID list, times), then the role's trust
// policy alone decides, with the provider's keys (PROVIDER:aud, :sub, :amr, :azp, :oaud),
// sts:RoleSessionName, the session tags of the https://aws.amazon.com/tags claim (which also
// need sts:TagSession) and a source identity claim (sts:SetSourceIdentity).
var assumeRoleWithWebIdentity = &op.Op[*Service, stswire.AssumeRoleWithWebIdentityInput, stswire.AssumeRoleWithWebIdentityOutput, *webIdentity]{
	Name:   "AssumeRoleWithWebIdentity",
	Action: "sts:AssumeRoleWithWebIdentity",
	Also:   []string{"sts:TagSession", "sts:SetSourceIdentity"},
	Public: true,
	Resolve: op.Resolver[*Service, stswire.AssumeRoleWithWebIdentityInput, *webIdentity]{
		Keys: []string{"sts:RoleSessionName", "sts:SourceIdentity", op.RequestTag, op.TagKeys, "sts:TransitiveTagKeys",
			op.ResourceTag, "iam:ResourceTag/${TagKey}"},
		Find: (*Service).verifyWebIdentity,
	},
	Handle: (*Service).assumeRoleWithWebIdentity,
}

// verifyWebIdentity verifies the token against the provider its issuer names in the role's
// account, finds the role and asks its trust policy.
func (s *Service) verifyWebIdentity(ctx context.Context, _ *callctx.Call, in *stswire.AssumeRoleWithWebIdentityInput) (op.Target[*webIdentity], error) {
	var t op.Target[*webIdentity]
	if in.ProviderId != nil && *in.ProviderId != "" {
		// OAuth 2.0 access tokens of www.amazon.com and graph.facebook.com: those providers
		// cannot be reached from a self-hosted deployment.
		return t, awserr.InvalidParameterValue("ProviderId is not supported: pass an OpenID Connect ID token of an IAM OIDC provider")
	}
	target, err := arn.Parse(in.RoleArn)
	if err != nil || target.AccountID == "" {
		return t, errInvalidARN(in.RoleArn)
	}
	jwt, err := oidc.Parse(in.WebIdentityToken)
	if err != nil {
		return t, providerError(err)
	}
	providerARN := "arn:" + target.Partition + ":iam::" + target.AccountID + ":oidc-provider/" + oidc.ProviderID(jwt.Claims.Issuer)
	p, err := s.oidcProvider(ctx, providerARN)
	if errors.Is(err, store.ErrNotFound) {
		return t, providerError(oidc.NoProvider(jwt.Claims.Issuer))
	}
	if err != nil {
		return t, err
	}
	tok, err := s.oidc.VerifyParsed(ctx, oidc.Provider{URL: p.URL, ClientIDs: p.ClientIDs, Thumbprints: p.Thumbprints}, jwt)
	if err != nil {
		return t, providerError(err)
	}
	f, err := s.findFederatedRole(ctx, target, "sts:AssumeRoleWithWebIdentity")
	if err != nil {
		return t, err
	}
	w := &webIdentity{federated: *f, token: tok, provider: providerARN}
	if err := w.readToken(in.RoleSessionName); err != nil {
		return t, err
	}
	if err := s.authorizeFederated(ctx, &w.federated); err != nil {
		return t, err
	}
	return op.Target[*webIdentity]{ARN: f.role.ARN, Account: f.role.AccountID, Entity: w}, nil
}

// readToken sets the principal, its condition keys, the session tags and the source identity
// from the verified token.
func (w *webIdentity) readToken(session string) error {
	w.session = session
	w.principal = policy.Principal{Kind: policy.PrincipalWebIdentity, ARN: w.provider}
	keys := w.token.ConditionKeys()
	for name, vals := range keys {
		if name == oidc.ProviderID(w.token.Issuer)+":amr" || name == oidc.ProviderID(w.token.Issuer)+":oaud" {
			w.keys = append(w.keys, authz.ListKey(name, vals))
		} else {
			w.keys = append(w.keys, authz.StringKey(name, vals[0]))
		}
	}
	w.keys = append(w.keys, authz.StringKey("aws:FederatedProvider", w.provider))
	if raw, ok := w.token.Claims[SourceIdentityClaim]; ok {
		if err := json.Unmarshal(raw, &w.source); err != nil || w.source == "" {
			return providerError(&oidc.Error{Code: oidc.CodeIDPRejectedClaim,
				Message: "The identity provider's token carries a claim AWS rejects: " + SourceIdentityClaim + " is not a string"})
		}
	}
	return w.setTags(w.token.PrincipalTags, w.token.TransitiveTagKeys)
}

// assumeRoleWithWebIdentity checks the session's limits and issues it.
func (s *Service) assumeRoleWithWebIdentity(ctx context.Context, r *op.Request[stswire.AssumeRoleWithWebIdentityInput, *webIdentity]) (*stswire.AssumeRoleWithWebIdentityOutput, error) {
	w, in := r.Entity(), r.In
	spec := sessionSpec{roleARN: in.RoleArn, session: in.RoleSessionName, policy: in.Policy, policyARNs: in.PolicyArns,
		seconds: in.DurationSeconds}
	if err := s.sessionLimits(ctx, &w.federated, spec, DefaultRoleDuration); err != nil {
		return nil, err
	}
	creds, user, packed, err := s.issueFederated(&w.federated, spec)
	if err != nil {
		return nil, err
	}
	out := &stswire.AssumeRoleWithWebIdentityOutput{Credentials: creds, AssumedRoleUser: user, PackedPolicySize: packed,
		SubjectFromWebIdentityToken: &w.token.Subject, Audience: &w.token.Audience, Provider: &w.provider}
	if w.source != "" {
		out.SourceIdentity = &w.source
	}
	return out, nil
}

// oidcProvider reads an IAM OIDC provider.
func (s *Service) oidcProvider(ctx context.Context, providerARN string) (store.OIDCProvider, error) {
	var p store.OIDCProvider
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		p, err = tx.OIDCProviders().Get(ctx, providerARN)
		return err
	})
	return p, err
}
