package policy

import (
	"net/netip"
	"strings"
)

// IpAddress and NotIpAddress (evaluation-semantics.md §4.2): IPv4 or IPv6 addresses inside
// CIDR ranges. An address without a prefix length is a /32 or /128; the two families never
// contain each other; a non-IP request value matches nothing. A range with host bits set
// (10.0.0.1/8) is accepted, as IAM accepts it, and means the masked range (10.0.0.0/8); the
// validator warns about it.

func parseCIDR(text string) (netip.Prefix, issue) {
	if !strings.Contains(text, "/") {
		a, err := netip.ParseAddr(text)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, invalid(quote(text) + " is not an IP address or CIDR range")
		}
		return netip.PrefixFrom(a, a.BitLen()), issue{}
	}
	p, err := netip.ParsePrefix(text)
	if err != nil {
		return netip.Prefix{}, invalid(quote(text) + " is not an IP address or CIDR range")
	}
	if p.Masked() != p {
		return p.Masked(), issue{warning: true, msg: quote(text) + " has host bits set; it means " + p.Masked().String()}
	}
	return p, issue{}
}

func init() {
	compile := func(text string, _ bool) (condValue, issue) {
		p, is := parseCIDR(text)
		return condValue{ok: p.IsValid(), prefix: p}, is
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
