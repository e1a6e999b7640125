package policy

import (
	"net/netip"
	"strings"
)

// IpAddress and NotIpAddress (evaluation-semantics.md §4.2): IPv4 or IPv6 addresses inside
// CIDR ranges. An address without a prefix length is a /32 or /128; the two families never
// contain each other; a non-IP request value matches nothing. Gatehouse rule: the
// validator rejects a range with host bits set, the evaluator masks one.

func parseCIDR(text string) (netip.Prefix, string) {
	if !strings.Contains(text, "/") {
		a, err := netip.ParseAddr(text)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, quote(text) + " is not an IP address or CIDR range"
		}
		return netip.PrefixFrom(a, a.BitLen()), ""
	}
	p, err := netip.ParsePrefix(text)
	if err != nil {
		return netip.Prefix{}, quote(text) + " is not an IP address or CIDR range"
	}
	if p.Masked() != p {
		return p.Masked(), quote(text) + " has host bits set; write " + p.Masked().String()
	}
	return p, ""
}

func init() {
	compile := func(text string, _ bool) (condValue, string) {
		p, problem := parseCIDR(text)
		return condValue{ok: p.IsValid(), prefix: p}, problem
	}
	match := func(x string, v *condValue, _ *Context) bool {
		a, err := netip.ParseAddr(x)
		return err == nil && v.prefix.Contains(a)
	}
	register(
		&operator{name: "IpAddress", compile: compile, match: match},
		&operator{name: "NotIpAddress", negated: true, compile: compile, match: match},
	)
}
