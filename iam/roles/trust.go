package roles

import (
	"context"
	"errors"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// A trust policy is checked in two steps, as every write is: parseTrust before the
// transaction (what the document alone decides) and resolvePrincipals inside it (the users
// and roles it names must exist, and their unique IDs are recorded with it).

// parseTrust checks a trust policy document: its size against the trust policy quota, then
// the policy language's rules for role trust policies (a Principal in every statement, only
// sts:AssumeRole* actions, no Resource), with AWS's messages.
func parseTrust(doc string) (*policy.Document, error) {
	if policy.SizeWithoutWhitespace([]byte(doc)) > MaxTrustPolicyChars {
		return nil, core.QuotaExceeded(quotaTrustPolicySize, MaxTrustPolicyChars)
	}
	if first := policy.CheckIAM([]byte(doc), policy.IAMTrust); first != nil {
		// A document that is not JSON at all: AWS answers trust policies so (recorded from
		// UpdateAssumeRolePolicy), not with the identity policies' "Syntax errors in policy.".
		if first.Path == "" && first.Message == "Syntax errors in policy." {
			return nil, iamerr.InvalidJSON.Err()
		}
		return nil, core.MalformedPolicy(first.Message)
	}
	d, _ := policy.Parse([]byte(doc), policy.RoleTrust)
	return d, nil
}

// checkPrincipalFormats applies the rules on the form of principals that need no state:
// service principals are service domain names, federated principals identity provider
// domain names or SAML/OIDC provider ARNs, AWS principals accounts, unique IDs or the ARNs of
// a user, role, account root, assumed-role session or federated user, without wildcards
// ("You cannot use a wildcard to match part of a principal name or ARN", IAM User Guide,
// Principal element).
func checkPrincipalFormats(d *policy.Document) error {
	for i := range d.Statements {
		p := d.Statements[i].Principal
		if p == nil {
			continue
		}
		for _, v := range p.AWS {
			if !validAWSPrincipal(v.Text) {
				return iamerr.InvalidPrincipal.Err("AWS", v.Text)
			}
		}
		for _, v := range p.Service {
			if !validServicePrincipal(v.Text) {
				return iamerr.InvalidPrincipal.Err("SERVICE", v.Text)
			}
		}
		for _, v := range p.Federated {
			if !validFederatedPrincipal(v.Text) {
				return iamerr.InvalidFederated.Err()
			}
		}
	}
	return nil
}

func validAWSPrincipal(v string) bool {
	if v == "*" || arn.IsAccountID(v) {
		return true
	}
	if prefix, ok := arn.IsUniqueID(v); ok {
		return prefix == arn.PrefixUser || prefix == arn.PrefixRole
	}
	if strings.ContainsAny(v, "*?") {
		return false
	}
	a, err := arn.Parse(v)
	if err != nil || !arn.IsAccountID(a.AccountID) || a.Region != "" {
		return false
	}
	kind, rest, _ := strings.Cut(a.Resource, "/")
	switch a.Service {
	case "iam":
		switch kind {
		case "root":
			return rest == "" && !strings.Contains(a.Resource, "/")
		case "user", "role":
			return rest != "" && !strings.HasSuffix(rest, "/")
		}
	case "sts":
		switch kind {
		case "assumed-role":
			role, session, ok := strings.Cut(rest, "/")
			return ok && role != "" && session != ""
		case "federated-user":
			return rest != ""
		}
	}
	return false
}

// serviceDomains are the domains AWS service principals are names in.
var serviceDomains = []string{".amazonaws.com", ".amazonaws.com.cn", ".amazon.com"}

func validServicePrincipal(v string) bool {
	for _, d := range serviceDomains {
		if name, ok := strings.CutSuffix(v, d); ok && isDomainName(name) {
			return true
		}
	}
	return false
}

func validFederatedPrincipal(v string) bool {
	if a, err := arn.Parse(v); err == nil {
		kind, name, _ := strings.Cut(a.Resource, "/")
		return a.Service == "iam" && arn.IsAccountID(a.AccountID) && name != "" &&
			(kind == "saml-provider" || kind == "oidc-provider") && !strings.ContainsAny(v, "*?")
	}
	return strings.Contains(v, ".") && isDomainName(v)
}

// isDomainName reports whether s is a lower-case DNS name: labels of letters, digits and
// hyphens separated by dots.
func isDomainName(s string) bool {
	if s == "" {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// resolvePrincipals finds the users and roles a trust policy names, in accounts Gatehouse
// holds, and returns them with their unique IDs for Roles.SetTrustPrincipals. A named user or
// role that does not exist there is an invalid principal, as AWS answers for one that does not
// exist in an existing account; principals of accounts Gatehouse does not hold are kept as
// written.
func resolvePrincipals(ctx context.Context, tx store.Tx, d *policy.Document) ([]store.TrustPrincipal, error) {
	var out []store.TrustPrincipal
	seen := make(map[string]bool)
	for i := range d.Statements {
		p := d.Statements[i].Principal
		if p == nil {
			continue
		}
		for _, v := range p.AWS {
			if seen[v.Text] {
				continue
			}
			seen[v.Text] = true
			id, err := principalID(ctx, tx, v.Text)
			if err != nil {
				return nil, err
			}
			if id != "" {
				out = append(out, store.TrustPrincipal{Written: v.Text, ID: id})
			}
		}
	}
	return out, nil
}

// principalID returns the unique ID of the user or role an AWS principal entry names, ""
// for entries that name no user or role Gatehouse holds (accounts, roots, sessions,
// principals of other clouds' accounts).
func principalID(ctx context.Context, tx store.Tx, v string) (string, error) {
	if prefix, ok := arn.IsUniqueID(v); ok {
		var err error
		switch prefix {
		case arn.PrefixUser:
			_, err = tx.Users().GetByID(ctx, v)
		case arn.PrefixRole:
			_, err = tx.Roles().GetByID(ctx, v)
		}
		if errors.Is(err, store.ErrNotFound) {
			return "", iamerr.InvalidPrincipal.Err("AWS", v)
		}
		return v, err
	}
	a, err := arn.Parse(v)
	if err != nil || a.Service != "iam" {
		return "", nil
	}
	kind, rest, _ := strings.Cut(a.Resource, "/")
	if kind != "user" && kind != "role" {
		return "", nil
	}
	if _, err := tx.Accounts().Get(ctx, a.AccountID); errors.Is(err, store.ErrNotFound) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	name := rest[strings.LastIndexByte(rest, '/')+1:]
	path := "/" + strings.TrimSuffix(rest, name)
	var id, found string
	if kind == "user" {
		u, err := tx.Users().Get(ctx, a.AccountID, name)
		if err != nil {
			return "", notFoundAs(err, v)
		}
		id, found = u.ID, u.Path
	} else {
		r, err := tx.Roles().Get(ctx, a.AccountID, name)
		if err != nil {
			return "", notFoundAs(err, v)
		}
		id, found = r.ID, r.Path
	}
	if found != path {
		return "", iamerr.InvalidPrincipal.Err("AWS", v)
	}
	return id, nil
}

func notFoundAs(err error, v string) error {
	if errors.Is(err, store.ErrNotFound) {
		return iamerr.InvalidPrincipal.Err("AWS", v)
	}
	return err
}
