package prove

import (
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// Principals. Principal entries name principals by exact strings, so a finite set of
// concrete principals covers every behaviour: each kind of caller, with each ARN, account,
// unique ID, service and provider the documents mention, and one of each that they do not
// mention ("fresh"). Matching follows evaluation-semantics.md §3.4 as the engine does.

// entrySet is a Principal or NotPrincipal element, classified.
type entrySet struct {
	all                      bool
	arns, ids, accounts      []string
	services, federated      []string
	anyService, anyFederated bool
}

func classify(e *policy.PrincipalElement) *entrySet {
	s := &entrySet{all: e.Wildcard}
	for _, v := range e.AWS {
		t := v.Text
		switch {
		case t == "*":
			s.all = true
		case arn.IsAccountID(t):
			s.accounts = append(s.accounts, t)
		default:
			if _, ok := arn.IsUniqueID(t); ok {
				s.ids = append(s.ids, t)
				continue
			}
			if a, err := arn.Parse(t); err == nil && a.IsAccountRoot() {
				s.accounts = append(s.accounts, a.AccountID)
				continue
			}
			s.arns = append(s.arns, t)
		}
	}
	for _, v := range e.Service {
		s.anyService = s.anyService || v.Text == "*"
		s.services = append(s.services, v.Text)
	}
	for _, v := range e.Federated {
		s.anyFederated = s.anyFederated || v.Text == "*"
		s.federated = append(s.federated, v.Text)
	}
	return s
}

func has(list []string, s string) bool {
	if s == "" {
		return false
	}
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func hasFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// matches is Principal semantics: does the element name the caller in any way?
func (s *entrySet) matches(p *policy.Principal) bool {
	if s.all {
		return true
	}
	switch p.Kind {
	case policy.PrincipalUser:
		return has(s.arns, p.ARN) || has(s.ids, p.ID) || has(s.accounts, p.Account)
	case policy.PrincipalRoleSession:
		rid, _, _ := strings.Cut(p.ID, ":")
		return has(s.arns, p.ARN) || has(s.arns, p.RoleARN) || has(s.ids, rid) || has(s.accounts, p.Account)
	case policy.PrincipalFederatedUser:
		return has(s.arns, p.ARN) || has(s.arns, p.FederatedFrom) || has(s.accounts, p.Account)
	case policy.PrincipalRoot:
		return has(s.accounts, p.Account)
	case policy.PrincipalService:
		return s.anyService || hasFold(s.services, p.ARN)
	case policy.PrincipalWebIdentity, policy.PrincipalSAML:
		return s.anyFederated || has(s.federated, p.ARN)
	}
	return false
}

// names is NotPrincipal semantics: is the caller itself excepted (Gatehouse rule §3.4)?
func (s *entrySet) names(p *policy.Principal) bool {
	if s.all {
		return true
	}
	switch p.Kind {
	case policy.PrincipalUser:
		return has(s.arns, p.ARN) || has(s.ids, p.ID)
	case policy.PrincipalRoleSession, policy.PrincipalFederatedUser:
		return has(s.arns, p.ARN)
	case policy.PrincipalRoot:
		return has(s.accounts, p.Account)
	case policy.PrincipalService:
		return s.anyService || hasFold(s.services, p.ARN)
	case policy.PrincipalWebIdentity, policy.PrincipalSAML:
		return s.anyFederated || has(s.federated, p.ARN)
	}
	return false
}

// maxPrincipals bounds the representative callers; past it principal entries become
// unconstrained (an over-approximation).
const maxPrincipals = 50000

// principalRep is one representative caller; public marks callers outside every zone of
// trust the documents could express: anonymous callers, identities of an account no document
// mentions, and web-identity callers.
type principalRep struct {
	p      policy.Principal
	public bool
}

// mentioned collects what the elements name.
type mentioned struct {
	arns, ids, accounts, services, federated []string
}

func (m *mentioned) addSet(s *entrySet) {
	m.arns = appendNew(m.arns, s.arns...)
	m.ids = appendNew(m.ids, s.ids...)
	m.accounts = appendNew(m.accounts, s.accounts...)
	m.services = appendNew(m.services, s.services...)
	m.federated = appendNew(m.federated, s.federated...)
	for _, a := range s.arns {
		if acct := arnAccount(a); acct != "" {
			m.accounts = appendNew(m.accounts, acct)
		}
	}
}

func appendNew(dst []string, xs ...string) []string {
	for _, x := range xs {
		if !has(dst, x) && x != "" && x != "*" {
			dst = append(dst, x)
		}
	}
	return dst
}

func arnAccount(a string) string {
	var parts [6]string
	if arn.Split(a, &parts) == 6 && arn.IsAccountID(parts[4]) {
		return parts[4]
	}
	return ""
}

// freshAccount returns a 12-digit account ID not in used.
func freshAccount(used []string) string {
	for n := int64(999999999999); ; n-- {
		if s := fmt.Sprintf("%012d", n); !has(used, s) {
			return s
		}
	}
}

// representatives lists callers covering every way the mentioned entries can match.
func (m *mentioned) representatives() ([]principalRep, bool) {
	fresh := freshAccount(m.accounts)
	accts := append(append([]string{}, m.accounts...), fresh)
	reps := []principalRep{{p: policy.Principal{Kind: policy.PrincipalAnonymous}, public: true}}
	for _, s := range append(append([]string{}, m.services...), "prove-fresh.amazonaws.com") {
		reps = append(reps, principalRep{p: policy.Principal{Kind: policy.PrincipalService, ARN: s}})
	}
	for _, f := range append(append([]string{}, m.federated...), "prove-fresh.example.com") {
		// Web-identity tokens come from issuers anyone can get one from; a SAML provider is the
		// account's own identity provider.
		reps = append(reps, principalRep{p: policy.Principal{Kind: policy.PrincipalWebIdentity, ARN: f}, public: !strings.Contains(f, ":saml-provider/")},
			principalRep{p: policy.Principal{Kind: policy.PrincipalSAML, ARN: f}})
	}
	for _, a := range accts {
		reps = append(reps, principalRep{p: policy.Principal{Kind: policy.PrincipalRoot, Account: a,
			ARN: "arn:aws:iam::" + a + ":root"}, public: a == fresh})
	}
	ids := append(append([]string{}, m.ids...), "")
	freshARN := func(acct, what string) string { return "arn:aws:" + what + acct + ":" + "prove-fresh" }
	pairs := func(kind policy.PrincipalKind, firstSvc, secondSvc string) {
		for _, a1 := range append(append([]string{}, m.arns...), "") {
			for _, a2 := range append(append([]string{}, m.arns...), "") {
				for _, acct := range pairAccounts(a1, a2, accts) {
					x, y := a1, a2
					if x == "" {
						x = freshARN(acct, firstSvc)
					}
					if y == "" {
						y = freshARN(acct, secondSvc)
					}
					for _, id := range ids {
						p := policy.Principal{Kind: kind, ARN: x, Account: acct, ID: id}
						if kind == policy.PrincipalRoleSession {
							p.RoleARN = y
						} else {
							p.FederatedFrom = y
						}
						pub := acct == fresh && a1 == "" && a2 == "" && id == ""
						reps = append(reps, principalRep{p: p, public: pub})
						if len(reps) > maxPrincipals {
							return
						}
					}
				}
			}
		}
	}
	for _, a1 := range append(append([]string{}, m.arns...), "") {
		for _, acct := range pairAccounts(a1, "", accts) {
			x := a1
			if x == "" {
				x = freshARN(acct, "iam::")
			}
			for _, id := range ids {
				reps = append(reps, principalRep{p: policy.Principal{Kind: policy.PrincipalUser, ARN: x, Account: acct, ID: id},
					public: acct == fresh && a1 == "" && id == ""})
			}
		}
	}
	pairs(policy.PrincipalRoleSession, "sts::", "iam::")
	pairs(policy.PrincipalFederatedUser, "sts::", "iam::")
	return reps, len(reps) <= maxPrincipals
}

// pairAccounts lists the accounts a caller whose ARNs are a1 and a2 ("" for a fresh one)
// can belong to: the ARNs' own account when they name one (callers whose two ARNs name
// different accounts do not exist), else any.
func pairAccounts(a1, a2 string, accts []string) []string {
	x, y := arnAccount(a1), arnAccount(a2)
	switch {
	case x != "" && y != "" && x != y:
		return nil
	case x != "":
		return []string{x}
	case y != "":
		return []string{y}
	}
	return accts
}
