package prove

import (
	"net/netip"
	"strings"
)

// Zones of trust, for CheckNoPublicAccess. Access is public when some caller outside every
// zone the policy can name gets it: an anonymous caller, or an identity of an account no
// document mentions, calling with identifying context keys (source account, ARN, VPC, IP,
// organization, web-identity audience…) that name nothing the policy's author controls. A
// value is controlled when the policy names it literally (without wildcards), when it is an
// ARN in a mentioned account, a path under a mentioned organization, a session of a mentioned
// role ID, or an address inside a mentioned CIDR range narrower than /8 (IPv4) or /32 (IPv6).
// The keys below are those that identify a caller; all others stay unconstrained. The caller
// may also lack any of them (no VPC endpoint, no organization, not a service call).

type trustKind uint8

const (
	trustNone       trustKind = iota
	trustLiteral              // an ID the author controls only when named exactly
	trustAccount              // an account ID
	trustARN                  // an ARN: controlled when literal or in a mentioned account
	trustOrgPath              // an organization path: controlled under a mentioned organization
	trustUserID               // aws:userid: controlled when literal or a session of a named ID
	trustIP                   // aws:SourceIp
	trustNotService           // aws:PrincipalIsAWSService: an outside caller is no service
	trustAbsent               // keys only AWS services carry
)

var trustKeys = map[string]trustKind{
	"aws:principalaccount": trustAccount, "aws:sourceaccount": trustAccount, "aws:sourceowner": trustAccount,
	"aws:vpceaccount": trustAccount, "kms:calleraccount": trustAccount, "s3:dataaccesspointaccount": trustAccount,
	"aws:principalarn": trustARN, "aws:sourcearn": trustARN, "s3:dataaccesspointarn": trustARN,
	"aws:principalorgid": trustLiteral, "aws:sourceorgid": trustLiteral, "aws:vpceorgid": trustLiteral,
	"aws:sourcevpc": trustLiteral, "aws:sourcevpce": trustLiteral, "aws:sourcevpcarn": trustARN,
	"aws:principalorgpaths": trustOrgPath, "aws:sourceorgpaths": trustOrgPath, "aws:vpceorgpaths": trustOrgPath,
	"aws:userid": trustUserID, "aws:sourceip": trustIP,
	"aws:principalisawsservice": trustNotService,
	"aws:principalservicename":  trustAbsent, "aws:principalservicenameslist": trustAbsent,
}

// webIdentityClaims are the claims of a web identity token that name an application or
// subject (<provider>:aud and the like).
var webIdentityClaims = []string{":aud", ":oaud", ":sub", ":app_id", ":id", ":user_id"}

func trustOf(lowerKey string) trustKind {
	if t, ok := trustKeys[lowerKey]; ok {
		return t
	}
	provider, _, found := strings.Cut(lowerKey, ":")
	if found && strings.Contains(provider, ".") {
		for _, c := range webIdentityClaims {
			if strings.HasSuffix(lowerKey, c) {
				return trustLiteral
			}
		}
	}
	return trustNone
}

// sharedAudience is the audience every token minted for AWS STS carries (GitHub Actions and
// other OIDC issuers use it by default), so it restricts nothing.
const sharedAudience = "sts.amazonaws.com"

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") || strings.Contains(s, "${") }

// ownedPatterns returns patterns whose union is the set of string values the author
// controls, given the key's constants and every account the documents mention.
func (t trustKind) ownedPatterns(consts, accounts []string) []spattern {
	var pats []spattern
	switch t {
	case trustNone, trustIP:
		return nil
	case trustNotService:
		return []spattern{literalPattern("true", true)}
	case trustAbsent:
		return []spattern{globPattern("*", false)}
	}
	for _, c := range consts {
		if c == sharedAudience {
			continue // names every GitHub (and similar) token alike: it identifies nobody
		}
		if !hasWildcard(c) {
			pats = append(pats, literalPattern(c, false), literalPattern(c, true))
		}
		switch t {
		case trustOrgPath:
			if org, _, ok := strings.Cut(c, "/"); ok && !hasWildcard(org) {
				pats = append(pats, append(literalPattern(org+"/", false), elem{k: eStar}))
			}
		case trustUserID:
			if id, _, ok := strings.Cut(c, ":"); ok && !hasWildcard(id) {
				pats = append(pats, append(literalPattern(id+":", false), elem{k: eStar}))
			}
		}
	}
	if t == trustARN {
		for _, a := range accounts {
			if p, ok := arnPattern("*:*:*:*:" + a + ":*"); ok {
				pats = append(pats, p)
			}
		}
	}
	if t == trustAccount {
		for _, a := range accounts {
			pats = append(pats, literalPattern(a, false))
		}
	}
	return pats
}

// ownsValue decides control for values of the typed domains (IP addresses).
func (t trustKind) ownsValue(rep string, consts []string) bool {
	if t != trustIP {
		return t == trustAbsent && rep != ""
	}
	a, err := netip.ParseAddr(rep)
	if err != nil {
		return false
	}
	for _, c := range consts {
		p, ok := parsePrefix(c)
		narrow := p.Bits() >= 8 && p.Addr().Is4() || p.Bits() >= 32 && p.Addr().Is6()
		if ok && narrow && p.Contains(a) {
			return true
		}
	}
	return false
}
