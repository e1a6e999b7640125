package providers

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// oidcURLScheme is the only scheme an OIDC issuer may have ("The URL must begin with
// https://", CreateOpenIDConnectProvider).
const oidcURLScheme = "https://"

// oidcARN is the ARN of the account's provider for an issuer: arn:aws:iam::ACCOUNT:oidc-provider/
// followed by the issuer URL without its scheme.
func oidcARN(account, issuer string) string { return arn.IAM(account, "oidc-provider/"+issuer) }

// normalizeOIDCURL turns an issuer URL into the host[:port][/path] that names its provider, as
// AWS does: the https:// scheme is required and dropped; query strings, fragments and user
// information are refused (an OIDC issuer has none, OpenID Connect Discovery 1.0, 3); the path
// is kept as given, trailing slash included, since ID tokens' iss must match it exactly.
func normalizeOIDCURL(raw string) (string, bool) {
	if len(raw) <= len(oidcURLScheme) || !strings.EqualFold(raw[:len(oidcURLScheme)], oidcURLScheme) {
		return "", false
	}
	rest := raw[len(oidcURLScheme):]
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c <= ' ' || c >= 0x7f || c == '?' || c == '#' || c == '@' || c == '\\' {
			return "", false
		}
	}
	hostport, path, _ := strings.Cut(rest, "/")
	host, port, hasPort := strings.Cut(hostport, ":")
	if !validHost(host) {
		return "", false
	}
	if hasPort {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || port[0] == '+' {
			return "", false
		}
	}
	if strings.Contains(rest, "/") {
		return hostport + "/" + path, true
	}
	return hostport, true
}

// validHost accepts a DNS name or IPv4 address: labels of letters, digits, '-' and '_'
// separated by single dots.
func validHost(h string) bool {
	if h == "" {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// oidcs is the OIDC provider as a kind of named entity, named by its ARN: a malformed ARN is
// InvalidInput before authorization, as AWS answers it; another account's, or none, is
// NoSuchEntity after authorization, which is on the ARN as given.
var oidcs = core.TaggedKind(readOIDC, missingOIDC)

// readOIDC reads the OIDC provider an ARN names (oidcs).
var readOIDC = byARN("oidc-provider/", func(ctx context.Context, tx store.Tx, a string) (store.OIDCProvider, error) {
	return tx.OIDCProviders().Get(ctx, a)
}, func(p store.OIDCProvider) string { return p.AccountID }, oidcResource)

func missingOIDC(_, a string) (string, *awserr.Error) { return a, iamerr.NoSuchOIDC.Err(a) }

// oidcNamed is the resolver of an operation on the OIDC provider a request names.
func oidcNamed[In any](providerARN func(*In) string) op.Resolver[*Providers, In, core.Found[store.OIDCProvider]] {
	return core.ByName[*Providers](oidcs, providerARN)
}

// oidcUpdateRow is an operation that changes an OIDC provider: change edits it as it is in the
// write transaction (returning false to leave it as it is); the lists AWS always answers are
// stored non-nil.
func oidcUpdateRow[In, Out any](name string, providerARN func(*In) string, check func(*In) error,
	change func(in *In, p *store.OIDCProvider) (bool, error)) *op.Op[*Providers, In, Out, core.Found[store.OIDCProvider]] {
	return &op.Op[*Providers, In, Out, core.Found[store.OIDCProvider]]{Name: name, Action: "iam:" + name,
		Resolve: oidcNamed(providerARN),
		Handle: func(s *Providers, ctx context.Context, r *op.Request[In, core.Found[store.OIDCProvider]]) (*Out, error) {
			if err := check(r.In); err != nil {
				return nil, err
			}
			err := s.Store.Update(ctx, func(tx store.Tx) error {
				cur, err := oidcInTx(ctx, tx, r.Account(), r.Entity().Item.ARN)
				if err != nil {
					return err
				}
				if changed, err := change(r.In, &cur); err != nil || !changed {
					return err
				}
				cur.ClientIDs, cur.Thumbprints = nonNil(cur.ClientIDs), nonNil(cur.Thumbprints)
				return tx.OIDCProviders().Update(ctx, cur)
			})
			if err != nil {
				return nil, err
			}
			return new(Out), nil
		}}
}

func oidcResource(p store.OIDCProvider) store.Resource {
	return store.Resource{Kind: store.KindOIDCProvider, Key: p.ARN}
}

// checkThumbprints applies AWS's rules to a thumbprint list: at most five, each the 40
// hexadecimal digits of a SHA-1 fingerprint (the model checks the length).
func checkThumbprints(tps []string) error {
	if len(tps) > MaxThumbprintsPerOIDCProvider {
		return iamerr.TooManyThumbprints.Err(MaxThumbprintsPerOIDCProvider)
	}
	for _, tp := range tps {
		for i := 0; i < len(tp); i++ {
			c := tp[i]
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return iamerr.InvalidThumbprint.Err(tp)
			}
		}
	}
	return nil
}

// uniqueClientIDs drops repeated client IDs, keeping the first of each in order; never nil.
func uniqueClientIDs(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// nonNil returns list, or an empty list for nil: AWS answers the member even when empty.
func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// oidcInTx re-reads a provider inside a write transaction, where it may have gone since it was
// authorized.
func oidcInTx(ctx context.Context, tx store.Tx, account, providerARN string) (store.OIDCProvider, error) {
	p, err := tx.OIDCProviders().Get(ctx, providerARN)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.AccountID != account {
		return p, iamerr.NoSuchOIDC.Err(providerARN)
	}
	return p, err
}

// CreateOpenIDConnectProvider registers an OIDC identity provider by its issuer URL, with the
// client IDs (audiences) its tokens may be for and, optionally, the thumbprints of its
// servers' certificates. Gatehouse cannot fetch a thumbprint itself, so none are needed.
var createOIDC = &op.Op[*Providers, iamwire.CreateOpenIDConnectProviderInput, iamwire.CreateOpenIDConnectProviderOutput, string]{
	Name: "CreateOpenIDConnectProvider", Action: "iam:CreateOpenIDConnectProvider",
	Resolve: op.Resolver[*Providers, iamwire.CreateOpenIDConnectProviderInput, string]{
		Find: func(_ *Providers, _ context.Context, call *callctx.Call, in *iamwire.CreateOpenIDConnectProviderInput) (op.Target[string], error) {
			issuer, ok := normalizeOIDCURL(in.Url)
			if !ok {
				return op.Target[string]{}, iamerr.InvalidOIDCURL.Err()
			}
			return op.Target[string]{ARN: oidcARN(call.Caller.AccountID, issuer), Entity: issuer}, nil
		}},
	Keys: []op.KeySource[iamwire.CreateOpenIDConnectProviderInput]{core.NewTags(func(in *iamwire.CreateOpenIDConnectProviderInput) []iamwire.Tag { return in.Tags })},
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.CreateOpenIDConnectProviderInput, string]) (*iamwire.CreateOpenIDConnectProviderOutput, error) {
		in := r.In
		if err := checkThumbprints(in.ThumbprintList); err != nil {
			return nil, err
		}
		clientIDs := uniqueClientIDs(in.ClientIDList)
		if len(clientIDs) > MaxClientIDsPerOIDCProvider {
			return nil, core.QuotaExceeded("ClientIdsPerOpenIdConnectProvider", MaxClientIDsPerOIDCProvider)
		}
		if err := checkNewTags(in.Tags, nil); err != nil {
			return nil, err
		}
		p := store.OIDCProvider{ARN: r.Target.ARN, AccountID: r.Account(), URL: r.Entity(), ClientIDs: clientIDs,
			Thumbprints: nonNil(in.ThumbprintList), Created: s.Timestamp()}
		tags := core.StoreTags(in.Tags)
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(iamerr.OIDCExists.Err(in.Url),
				func() error { _, err := tx.OIDCProviders().Get(ctx, p.ARN); return err },
				core.CreateTagged(ctx, tx, oidcResource(p), tags, func() error { return tx.OIDCProviders().Create(ctx, p) }),
				providerQuota(func() (int, error) { ps, err := tx.OIDCProviders().List(ctx, p.AccountID); return len(ps), err },
					MaxOIDCProvidersPerAccount, "OpenIdConnectProvidersPerAccount"))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateOpenIDConnectProviderOutput{OpenIDConnectProviderArn: &p.ARN, Tags: core.WireTags(tags)}, nil
	}}

// providerQuota is a check for core.CreateUnique: the account has fewer than max providers of
// a kind (count counts them), else LimitExceeded naming quota.
func providerQuota(count func() (int, error), max int, quota string) func() error {
	return func() error {
		n, err := count()
		if err != nil {
			return err
		}
		if n >= max {
			return core.QuotaExceeded(quota, max)
		}
		return nil
	}
}

// GetOpenIDConnectProvider returns a provider: its issuer URL without the scheme, client IDs,
// thumbprints, creation date and tags (the lists present even when empty, as AWS answers).
var getOIDC = &op.Op[*Providers, iamwire.GetOpenIDConnectProviderInput, iamwire.GetOpenIDConnectProviderOutput, core.Found[store.OIDCProvider]]{
	Name: "GetOpenIDConnectProvider", Action: "iam:GetOpenIDConnectProvider",
	Resolve: oidcNamed(func(in *iamwire.GetOpenIDConnectProviderInput) string { return in.OpenIDConnectProviderArn }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.GetOpenIDConnectProviderInput, core.Found[store.OIDCProvider]]) (*iamwire.GetOpenIDConnectProviderOutput, error) {
		p := r.Entity().Item
		created := p.Created
		return &iamwire.GetOpenIDConnectProviderOutput{Url: &p.URL, ClientIDList: nonNil(p.ClientIDs),
			ThumbprintList: nonNil(p.Thumbprints), CreateDate: &created, Tags: wireTags(r.Entity().Tags)}, nil
	}}

// ListOpenIDConnectProviders lists the ARNs of the account's OIDC providers, ordered by ARN. IAM
// does not paginate the listing (at most 100 providers). The action has no resource type in
// the Service Authorization Reference, so it is authorized on "*".
var listOIDCs = &op.Op[*Providers, iamwire.ListOpenIDConnectProvidersInput, iamwire.ListOpenIDConnectProvidersOutput, op.None]{
	Name: "ListOpenIDConnectProviders", Action: "iam:ListOpenIDConnectProviders",
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.ListOpenIDConnectProvidersInput, op.None]) (*iamwire.ListOpenIDConnectProvidersOutput, error) {
		ps, err := core.Read(ctx, s.Store, func(tx store.Tx) ([]store.OIDCProvider, error) { return tx.OIDCProviders().List(ctx, r.Account()) })
		if err != nil {
			return nil, err
		}
		out := &iamwire.ListOpenIDConnectProvidersOutput{OpenIDConnectProviderList: make([]iamwire.OpenIDConnectProviderListEntry, len(ps))}
		for i := range ps {
			out.OpenIDConnectProviderList[i].Arn = &ps[i].ARN
		}
		return out, nil
	}}

// AddClientIDToOpenIDConnectProvider adds an audience to a provider; adding one it already has
// changes nothing, as AWS documents ("This operation is idempotent").
var addClientID = oidcUpdateRow[iamwire.AddClientIDToOpenIDConnectProviderInput, iamwire.AddClientIDToOpenIDConnectProviderOutput]("AddClientIDToOpenIDConnectProvider",
	func(in *iamwire.AddClientIDToOpenIDConnectProviderInput) string { return in.OpenIDConnectProviderArn },
	func(*iamwire.AddClientIDToOpenIDConnectProviderInput) error { return nil },
	func(in *iamwire.AddClientIDToOpenIDConnectProviderInput, p *store.OIDCProvider) (bool, error) {
		if slices.Contains(p.ClientIDs, in.ClientID) {
			return false, nil
		}
		if len(p.ClientIDs) >= MaxClientIDsPerOIDCProvider {
			return false, core.QuotaExceeded("ClientIdsPerOpenIdConnectProvider", MaxClientIDsPerOIDCProvider)
		}
		p.ClientIDs = append(p.ClientIDs, in.ClientID)
		return true, nil
	})

// RemoveClientIDFromOpenIDConnectProvider removes an audience from a provider; removing one it
// does not have changes nothing, as AWS documents ("This operation is idempotent").
var removeClientID = oidcUpdateRow[iamwire.RemoveClientIDFromOpenIDConnectProviderInput, iamwire.RemoveClientIDFromOpenIDConnectProviderOutput]("RemoveClientIDFromOpenIDConnectProvider",
	func(in *iamwire.RemoveClientIDFromOpenIDConnectProviderInput) string {
		return in.OpenIDConnectProviderArn
	},
	func(*iamwire.RemoveClientIDFromOpenIDConnectProviderInput) error { return nil },
	func(in *iamwire.RemoveClientIDFromOpenIDConnectProviderInput, p *store.OIDCProvider) (bool, error) {
		if !slices.Contains(p.ClientIDs, in.ClientID) {
			return false, nil
		}
		p.ClientIDs = slices.DeleteFunc(p.ClientIDs, func(id string) bool { return id == in.ClientID })
		return true, nil
	})

// UpdateOpenIDConnectProviderThumbprint replaces a provider's whole thumbprint list.
var updateThumbprint = oidcUpdateRow[iamwire.UpdateOpenIDConnectProviderThumbprintInput, iamwire.UpdateOpenIDConnectProviderThumbprintOutput]("UpdateOpenIDConnectProviderThumbprint",
	func(in *iamwire.UpdateOpenIDConnectProviderThumbprintInput) string {
		return in.OpenIDConnectProviderArn
	},
	func(in *iamwire.UpdateOpenIDConnectProviderThumbprintInput) error {
		return checkThumbprints(in.ThumbprintList)
	},
	func(in *iamwire.UpdateOpenIDConnectProviderThumbprintInput, p *store.OIDCProvider) (bool, error) {
		p.Thumbprints = in.ThumbprintList
		return true, nil
	})

// DeleteOpenIDConnectProvider deletes a provider and its tags. Roles whose trust policies name
// it keep them; assuming them through it fails from then on. Deleting a provider that does not
// exist succeeds once the caller is authorized on its ARN: "This operation is idempotent; it does
// not fail or return an error if you call the operation for a provider that does not exist"
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html). A
// malformed ARN is still refused (InvalidInput), before authorization.
var deleteOIDC = &op.Op[*Providers, iamwire.DeleteOpenIDConnectProviderInput, iamwire.DeleteOpenIDConnectProviderOutput, core.Found[store.OIDCProvider]]{
	Name: "DeleteOpenIDConnectProvider", Action: "iam:DeleteOpenIDConnectProvider",
	Resolve: op.Resolver[*Providers, iamwire.DeleteOpenIDConnectProviderInput, core.Found[store.OIDCProvider]]{Keys: oidcs.Keys,
		Find: func(s *Providers, ctx context.Context, call *callctx.Call, in *iamwire.DeleteOpenIDConnectProviderInput) (op.Target[core.Found[store.OIDCProvider]], error) {
			t, err := oidcs.Find(ctx, s.Store, call.Caller.AccountID, in.OpenIDConnectProviderArn)
			t.Missing = nil // idempotent: the handler finds nothing to delete
			return t, err
		}},
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.DeleteOpenIDConnectProviderInput, core.Found[store.OIDCProvider]]) (*iamwire.DeleteOpenIDConnectProviderOutput, error) {
		if r.Entity().Item.ARN == "" {
			return &iamwire.DeleteOpenIDConnectProviderOutput{}, nil // nothing to delete
		}
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			if err := tx.OIDCProviders().Delete(ctx, r.Entity().Item.ARN); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err // deleted meanwhile: idempotent too
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteOpenIDConnectProviderOutput{}, nil
	}}
