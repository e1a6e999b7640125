package sts

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/federation/saml"
	"github.com/gatehouse-iam/gatehouse/iam/providers/samlmeta"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// samlIdentity is what AssumeRoleWithSAML's resolver decided: the role, the verified
// assertion and the provider.
type samlIdentity struct {
	federated
	assertion     *saml.Assertion
	provider      string // the SAML provider's ARN
	nameQualifier string
}

// assumeRoleWithSAML issues a role session to the bearer of a SAML 2.0 response from an IAM SAML
// provider of the role's account. The call is unsigned: the response's XML signature is verified
// with the certificates of the provider's metadata (package saml, immune to signature wrapping),
// the assertion must pair the role with the provider in its Role attribute, then the role's trust
// policy alone decides, with the SAML keys (SAML:aud, :iss, :sub, :sub_type, :namequalifier,
// :doc and the attribute keys), sts:RoleSessionName, the PrincipalTag:* attributes as session
// tags (which also need sts:TagSession) and SourceIdentity (sts:SetSourceIdentity).
var assumeRoleWithSAML = &op.Op[*Service, stswire.AssumeRoleWithSAMLInput, stswire.AssumeRoleWithSAMLOutput, *samlIdentity]{
	Name:   "AssumeRoleWithSAML",
	Action: "sts:AssumeRoleWithSAML",
	Also:   []string{"sts:TagSession", "sts:SetSourceIdentity"},
	Public: true,
	Resolve: op.Resolver[*Service, stswire.AssumeRoleWithSAMLInput, *samlIdentity]{
		Keys: []string{"saml:aud", "saml:iss", "saml:sub", "saml:sub_type", "saml:namequalifier", "saml:doc",
			"sts:RoleSessionName", "sts:SourceIdentity", op.RequestTag, op.TagKeys, "sts:TransitiveTagKeys",
			op.ResourceTag, "iam:ResourceTag/${TagKey}"},
		Find: (*Service).verifySAML,
	},
	Handle: (*Service).assumeRoleWithSAML,
}

// errNoSAMLProvider is AWS's answer for a PrincipalArn that names no SAML provider.
func errNoSAMLProvider() error {
	return stswire.ErrInvalidIdentityToken("Specified provider doesn't exist")
}

// verifySAML verifies the response with the provider's metadata, finds the role and asks its
// trust policy.
func (s *Service) verifySAML(ctx context.Context, _ *callctx.Call, in *stswire.AssumeRoleWithSAMLInput) (op.Target[*samlIdentity], error) {
	var t op.Target[*samlIdentity]
	target, err := arn.Parse(in.RoleArn)
	if err != nil || target.AccountID == "" {
		return t, errInvalidARN(in.RoleArn)
	}
	pa, err := arn.Parse(in.PrincipalArn)
	if err != nil || pa.Service != "iam" || !strings.HasPrefix(pa.Resource, "saml-provider/") {
		return t, errInvalidARN(in.PrincipalArn)
	}
	if pa.AccountID != target.AccountID {
		return t, errNoSAMLProvider()
	}
	p, err := s.samlProvider(ctx, in.PrincipalArn)
	if err != nil {
		return t, err
	}
	a, err := s.saml.Verify(in.SAMLAssertion, p)
	if err != nil {
		return t, providerError(err)
	}
	if !a.HasRole(in.RoleArn, in.PrincipalArn) {
		return t, errFederatedDenied("sts:AssumeRoleWithSAML")
	}
	f, err := s.findFederatedRole(ctx, target, "sts:AssumeRoleWithSAML")
	if err != nil {
		return t, err
	}
	name := strings.TrimPrefix(pa.Resource, "saml-provider/")
	si := &samlIdentity{federated: *f, assertion: a, provider: in.PrincipalArn,
		nameQualifier: saml.NameQualifier(a.Issuer, target.AccountID, name)}
	if err := si.readAssertion(name); err != nil {
		return t, err
	}
	if err := s.authorizeFederated(ctx, &si.federated); err != nil {
		return t, err
	}
	return op.Target[*samlIdentity]{ARN: f.role.ARN, Account: f.role.AccountID, Entity: si}, nil
}

// samlProvider reads an IAM SAML provider and its metadata: its entity ID and signing
// certificates. A provider whose metadata's validUntil has passed is refused.
func (s *Service) samlProvider(ctx context.Context, providerARN string) (saml.Provider, error) {
	var p store.SAMLProvider
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		p, err = tx.SAMLProviders().Get(ctx, providerARN)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return saml.Provider{}, errNoSAMLProvider()
	}
	if err != nil {
		return saml.Provider{}, err
	}
	if !p.ValidUntil.IsZero() && !s.now().Before(p.ValidUntil) {
		return saml.Provider{}, stswire.ErrInvalidIdentityToken("The SAML provider's metadata document has expired (validUntil)")
	}
	md, err := samlmeta.Parse([]byte(p.MetadataDocument))
	if err != nil {
		return saml.Provider{}, stswire.ErrInvalidIdentityToken("The SAML provider's metadata document cannot be read")
	}
	return saml.Provider{EntityID: md.EntityID, Certificates: md.SigningCertificates}, nil
}

// readAssertion sets the principal, its condition keys, the session's name, tags and source
// identity from the verified assertion.
func (si *samlIdentity) readAssertion(providerName string) error {
	a := si.assertion
	si.session = a.RoleSessionName
	si.source = a.SourceIdentity
	si.principal = policy.Principal{Kind: policy.PrincipalSAML, ARN: si.provider}
	single := map[string]bool{"saml:aud": true, "saml:iss": true, "saml:sub": true, "saml:sub_type": true,
		"saml:doc": true, "saml:namequalifier": true}
	for name, vals := range a.ConditionKeys(si.role.AccountID, providerName) {
		if single[name] {
			si.keys = append(si.keys, authz.StringKey(name, vals[0]))
		} else {
			si.keys = append(si.keys, authz.ListKey(name, vals))
		}
	}
	si.keys = append(si.keys, authz.StringKey("aws:FederatedProvider", si.provider))
	return si.setTags(a.PrincipalTags, a.TransitiveTagKeys)
}

// assumeRoleWithSAML checks the session's limits and issues it.
func (s *Service) assumeRoleWithSAML(ctx context.Context, r *op.Request[stswire.AssumeRoleWithSAMLInput, *samlIdentity]) (*stswire.AssumeRoleWithSAMLOutput, error) {
	si, in := r.Entity(), r.In
	spec := sessionSpec{roleARN: in.RoleArn, session: si.session, policy: in.Policy, policyARNs: in.PolicyArns,
		seconds: in.DurationSeconds}
	if err := s.sessionLimits(ctx, &si.federated, spec, DefaultRoleDuration); err != nil {
		return nil, err
	}
	creds, user, packed, err := s.issueFederated(&si.federated, spec)
	if err != nil {
		return nil, err
	}
	a := si.assertion
	out := &stswire.AssumeRoleWithSAMLOutput{Credentials: creds, AssumedRoleUser: user, PackedPolicySize: packed,
		Subject: &a.Subject, SubjectType: &a.SubjectType, Issuer: &a.Issuer, Audience: &a.Recipient,
		NameQualifier: &si.nameQualifier}
	if si.source != "" {
		out.SourceIdentity = &si.source
	}
	return out, nil
}
