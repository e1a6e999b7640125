package policy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
)

// principal reads a Principal or NotPrincipal element: "*" or a map of AWS, Service, Federated
// and CanonicalUser entries (evaluation-semantics.md §3.4).
func (p *parser) principal(n *jnode, path string) *PrincipalElement {
	pr := &PrincipalElement{Pos: n.pos}
	switch n.kind {
	case jString:
		if n.text != "*" {
			p.fail(stageARN, n.pos, path, fmt.Sprintf(msgInvalidPrincipal, strconv.Quote(n.text)),
				`a Principal string must be "*"; name principals in a map such as {"AWS": "..."}`)
		}
		pr.Wildcard = true
		return pr
	case jObject:
	default:
		p.fail(stageSyntax, n.pos, path, msgSyntax, "Principal must be \"*\" or an object, not %s", n.kind)
		return pr
	}
	if len(n.members) == 0 {
		p.fail(stageSyntax, n.pos, path, msgSyntax, "Principal names no principals")
	}
	for i := range n.members {
		m := &n.members[i]
		mpath := path + "." + m.key
		var dst *[]Value
		switch m.key {
		case "AWS":
			dst = &pr.AWS
		case "Service":
			dst = &pr.Service
		case "Federated":
			dst = &pr.Federated
		case "CanonicalUser":
			dst = &pr.CanonicalUser
		default:
			p.fail(stageARN, m.keyPos, mpath, fmt.Sprintf(msgInvalidPrincipal, strconv.Quote(m.key)),
				"a principal map has the keys AWS, Service, Federated and CanonicalUser")
			continue
		}
		vals := p.stringList(m.val, mpath, stageSyntax, msgSyntax)
		for j, v := range vals {
			if !validPrincipalEntry(m.key, v.Text) {
				p.fail(stageARN, v.Pos, elemPath(mpath, m.val, j), fmt.Sprintf(msgInvalidPrincipal, fmt.Sprintf("%q:%q", m.key, v.Text)), "")
			}
		}
		*dst = append(*dst, vals...)
	}
	return pr
}

func (pr *PrincipalElement) isWildcard() bool {
	return pr.Wildcard || len(pr.Service)+len(pr.Federated)+len(pr.CanonicalUser) == 0 &&
		len(pr.AWS) == 1 && pr.AWS[0].Text == "*"
}

func validPrincipalEntry(key, v string) bool {
	if v == "" || strings.ContainsAny(v, " \t\r\n") {
		return false
	}
	if key != "AWS" || v == "*" || arn.IsAccountID(v) {
		return true
	}
	if _, ok := arn.IsUniqueID(v); ok {
		return true
	}
	a, err := arn.Parse(v)
	return err == nil && (a.Service == "iam" || a.Service == "sts")
}
