package providers

import (
	"context"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// OIDC providers, SAML providers and server certificates as taggable kinds (core.Taggable):
// Tag*, Untag* and List*Tags of each are rows of the one tagging implementation, with the
// limit message AWS gives for these resources (checkNewTags).

// byARN is the read of a provider named by its ARN, whose resource starts with prefix
// ("oidc-provider/"), for core.TaggedKind and core.TaggableOf: a malformed ARN is InvalidInput
// before authorization, as AWS answers it; another account's, or none, is NotFound.
func byARN[E any](prefix string, get func(ctx context.Context, tx store.Tx, arn string) (E, error),
	owner func(E) string, resource func(E) store.Resource) func(ctx context.Context, tx store.Tx, account, name string) (E, string, store.Resource, error) {
	return func(ctx context.Context, tx store.Tx, account, providerARN string) (E, string, store.Resource, error) {
		var none E
		a, err := arn.Parse(providerARN)
		if err != nil {
			return none, "", store.Resource{}, iamerr.InvalidARN.Err(providerARN)
		}
		if a.Service != "iam" || a.AccountID != account || !strings.HasPrefix(a.Resource, prefix) {
			return none, "", store.Resource{}, store.ErrNotFound
		}
		e, err := get(ctx, tx, providerARN)
		if err == nil && owner(e) != account {
			err = store.ErrNotFound
		}
		return e, providerARN, resource(e), err
	}
}

var (
	oidcTags          = core.TaggableOf[*Providers](readOIDC, missingOIDC, checkNewTags)
	samlTags          = core.TaggableOf[*Providers](readSAML, missingSAML, checkNewTags)
	serverCertTagging = core.TaggableOf[*Providers](readCert, missingCert, checkNewTags)
)

var tagOIDC = core.TagRow[*Providers, iamwire.TagOpenIDConnectProviderInput, iamwire.TagOpenIDConnectProviderOutput](oidcTags, "TagOpenIDConnectProvider",
	func(in *iamwire.TagOpenIDConnectProviderInput) (string, []iamwire.Tag) {
		return in.OpenIDConnectProviderArn, in.Tags
	})

var untagOIDC = core.UntagRow[*Providers, iamwire.UntagOpenIDConnectProviderInput, iamwire.UntagOpenIDConnectProviderOutput](oidcTags, "UntagOpenIDConnectProvider",
	func(in *iamwire.UntagOpenIDConnectProviderInput) (string, []string) {
		return in.OpenIDConnectProviderArn, in.TagKeys
	})

var listOIDCTags = core.ListTagsRow[*Providers, iamwire.ListOpenIDConnectProviderTagsInput, iamwire.ListOpenIDConnectProviderTagsOutput](oidcTags, "ListOpenIDConnectProviderTags",
	func(in *iamwire.ListOpenIDConnectProviderTagsInput) (string, *string, *int32) {
		return in.OpenIDConnectProviderArn, in.Marker, in.MaxItems
	})

var tagSAML = core.TagRow[*Providers, iamwire.TagSAMLProviderInput, iamwire.TagSAMLProviderOutput](samlTags, "TagSAMLProvider",
	func(in *iamwire.TagSAMLProviderInput) (string, []iamwire.Tag) { return in.SAMLProviderArn, in.Tags })

var untagSAML = core.UntagRow[*Providers, iamwire.UntagSAMLProviderInput, iamwire.UntagSAMLProviderOutput](samlTags, "UntagSAMLProvider",
	func(in *iamwire.UntagSAMLProviderInput) (string, []string) { return in.SAMLProviderArn, in.TagKeys })

var listSAMLTags = core.ListTagsRow[*Providers, iamwire.ListSAMLProviderTagsInput, iamwire.ListSAMLProviderTagsOutput](samlTags, "ListSAMLProviderTags",
	func(in *iamwire.ListSAMLProviderTagsInput) (string, *string, *int32) {
		return in.SAMLProviderArn, in.Marker, in.MaxItems
	})

var tagServerCert = core.TagRow[*Providers, iamwire.TagServerCertificateInput, iamwire.TagServerCertificateOutput](serverCertTagging, "TagServerCertificate",
	func(in *iamwire.TagServerCertificateInput) (string, []iamwire.Tag) {
		return in.ServerCertificateName, in.Tags
	})

var untagServerCert = core.UntagRow[*Providers, iamwire.UntagServerCertificateInput, iamwire.UntagServerCertificateOutput](serverCertTagging, "UntagServerCertificate",
	func(in *iamwire.UntagServerCertificateInput) (string, []string) {
		return in.ServerCertificateName, in.TagKeys
	})

var listServerCertTags = core.ListTagsRow[*Providers, iamwire.ListServerCertificateTagsInput, iamwire.ListServerCertificateTagsOutput](serverCertTagging, "ListServerCertificateTags",
	func(in *iamwire.ListServerCertificateTagsInput) (string, *string, *int32) {
		return in.ServerCertificateName, in.Marker, in.MaxItems
	})

// checkNewTags applies IAM's tag rules to tags added to a resource that has existing tags:
// core's (unique keys ignoring case, no aws: prefix) and at most core.MaxTagsPerResource once
// merged, with the limit message AWS gives for these resources.
func checkNewTags(add []iamwire.Tag, existing []store.Tag) error {
	// The model caps one request at 50 tags, so core's own count cannot trip here.
	if err := core.CheckNewTags(add, nil, ""); err != nil {
		return err
	}
	seen := make(map[string]bool, len(add))
	for _, t := range add {
		seen[strings.ToLower(t.Key)] = true
	}
	total := len(add)
	for _, t := range existing {
		if !seen[strings.ToLower(t.Key)] {
			total++
		}
	}
	if total > core.MaxTagsPerResource {
		return iamerr.TagLimitExceeded.Err()
	}
	return nil
}

// wireTags is core.WireTags but never nil: the Get and ListTags operations of these resources
// answer an empty Tags member (recorded from AWS).
func wireTags(tags []store.Tag) []iamwire.Tag {
	if out := core.WireTags(tags); out != nil {
		return out
	}
	return []iamwire.Tag{}
}
