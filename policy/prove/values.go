package prove

import (
	"fmt"
	"math/big"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// Typed value domains. Numeric, date and IP operators compare a request value with
// constants on a line (numbers, instants, addresses); the constants cut the line into
// finitely many intervals, and any two values of one interval satisfy the same
// comparisons. A representative of each interval and of each constant, with the empty
// string and a value of the wrong type, covers every behaviour.

// notTyped stands for every request value that is not a number, a date or an address.
const notTyped = "x"

var decimalRE = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

func numericReps(consts []string) []string {
	var rs []*big.Rat
	prec := 0
	for _, c := range consts {
		if !decimalRE.MatchString(c) {
			continue
		}
		r, ok := new(big.Rat).SetString(c)
		if !ok {
			continue
		}
		rs = append(rs, r)
		if _, frac, found := strings.Cut(c, "."); found && len(frac) > prec {
			prec = len(frac)
		}
	}
	out := []string{"", notTyped}
	if len(rs) == 0 {
		return append(out, "0")
	}
	slices.SortFunc(rs, func(a, b *big.Rat) int { return a.Cmp(b) })
	rs = slices.CompactFunc(rs, func(a, b *big.Rat) bool { return a.Cmp(b) == 0 })
	one := big.NewRat(1, 1)
	add := func(r *big.Rat) { out = append(out, r.FloatString(prec+1)) }
	add(new(big.Rat).Sub(rs[0], one))
	for i, r := range rs {
		add(r)
		if i+1 < len(rs) {
			mid := new(big.Rat).Add(r, rs[i+1])
			add(mid.Quo(mid, big.NewRat(2, 1)))
		}
	}
	add(new(big.Rat).Add(rs[len(rs)-1], one))
	return out
}

func dateReps(consts []string) []string {
	var ts []*big.Int // nanoseconds since the epoch
	for _, c := range consts {
		if t, ok := policy.ParseDateValue(c); ok {
			n := new(big.Int).Mul(big.NewInt(t.Unix()), big.NewInt(1e9))
			ts = append(ts, n.Add(n, big.NewInt(int64(t.Nanosecond()))))
		}
	}
	out := []string{"", notTyped}
	if len(ts) == 0 {
		return append(out, "0")
	}
	slices.SortFunc(ts, func(a, b *big.Int) int { return a.Cmp(b) })
	ts = slices.CompactFunc(ts, func(a, b *big.Int) bool { return a.Cmp(b) == 0 })
	sec := big.NewInt(1e9)
	add := func(n *big.Int) {
		if s, ok := formatInstant(n); ok {
			out = append(out, s)
		}
	}
	add(new(big.Int).Sub(ts[0], sec))
	for i, n := range ts {
		add(n)
		if i+1 < len(ts) {
			mid := new(big.Int).Add(n, ts[i+1])
			mid.Rsh(mid, 1)
			if mid.Cmp(n) > 0 {
				add(mid)
			}
		}
	}
	add(new(big.Int).Add(ts[len(ts)-1], sec))
	return out
}

// formatInstant writes nanoseconds since the epoch in a form the Date operators read back
// exactly: epoch seconds with nine fraction digits, or an ISO 8601 date-time before 1970.
func formatInstant(n *big.Int) (string, bool) {
	q, r := new(big.Int).DivMod(n, big.NewInt(1e9), new(big.Int))
	if !q.IsInt64() {
		return "", false
	}
	if q.Sign() >= 0 {
		return fmt.Sprintf("%d.%09d", q.Int64(), r.Int64()), true
	}
	t := time.Unix(q.Int64(), r.Int64()).UTC()
	if t.Year() < 0 || t.Year() > 9999 {
		return "", false
	}
	return t.Format("2006-01-02T15:04:05.000000000Z"), true
}

// parsePrefix reads an IpAddress value as the engine does (a bare address is a /32 or
// /128; host bits are masked).
func parsePrefix(text string) (netip.Prefix, bool) {
	if !strings.Contains(text, "/") {
		a, err := netip.ParseAddr(text)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, false
		}
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(text)
	if err != nil {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}

func ipReps(consts []string) []string {
	points := map[netip.Addr]bool{netip.IPv4Unspecified(): true, netip.IPv6Unspecified(): true}
	for _, c := range consts {
		p, ok := parsePrefix(c)
		if !ok {
			continue
		}
		points[p.Addr()] = true
		if next := lastAddr(p).Next(); next.IsValid() {
			points[next] = true
		}
	}
	out := []string{"", notTyped}
	for a := range points {
		out = append(out, a.String())
	}
	slices.Sort(out[2:])
	return out
}

// lastAddr is the highest address of a prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	bits := p.Bits()
	for i := range b {
		for k := 0; k < 8; k++ {
			if i*8+k >= bits {
				b[i] |= 0x80 >> k
			}
		}
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}
