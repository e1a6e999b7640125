package providers

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
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

// oidcRef checks that a request's provider ARN is an ARN and says whether it can name one of
// the account's OIDC providers. A malformed ARN is InvalidInput.
func oidcRef(account, providerARN string) (mine bool, err error) {
	a, err := arn.Parse(providerARN)
	if err != nil {
		return false, invalidARN(providerARN)
	}
	return a.Service == "iam" && a.AccountID == account && strings.HasPrefix(a.Resource, "oidc-provider/"), nil
}

// oidcs is the OIDC provider as a kind of named entity, named by its ARN: a malformed ARN is
// InvalidInput before authorization, as AWS answers it; another account's, or none, is
// NoSuchEntity after authorization, which is on the ARN as given.
var oidcs = core.TaggedKind(func(ctx context.Context, tx store.Tx, account, a string) (store.OIDCProvider, string, store.Resource, error) {
	if mine, err := oidcRef(account, a); err != nil || !mine {
		return store.OIDCProvider{}, "", store.Resource{}, core.NotFoundOr(err)
	}
	p, err := tx.OIDCProviders().Get(ctx, a)
	if err == nil && p.AccountID != account {
		err = store.ErrNotFound
	}
	return p, a, oidcResource(p), err
}, func(_, a string) (string, *awserr.Error) { return a, noSuchOIDC(a) })

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
		return tooManyThumbprints()
	}
	for _, tp := range tps {
		for i := 0; i < len(tp); i++ {
			c := tp[i]
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return invalidThumbprint(tp)
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
		return p, noSuchOIDC(providerARN)
	}
	return p, err
}
