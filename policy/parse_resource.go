package policy

import (
	"fmt"
	"strings"
)

// iamPathPrefixes are the resource types an IAM resource ARN may name (besides "*" and
// "root"), in the order IAM's message lists them.
var iamPathPrefixes = []string{"user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/",
	"server-certificate/", "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/", "report/", "access-report/"}

// checkResources applies the rules for Resource and NotResource entries; rpath and list (the
// element's value) locate them.
//
// For the policies IAM stores, these are IAM's (recorded answers, see iam.go): an entry must
// have a colon; its second field is the partition ("Partition "x" is not valid for resource
// …", IAM rebuilding the ARN with "*" for missing fields, whatever the first field is); a
// service follows, without wildcards; IAM and S3 bucket ARNs have no region, Route 53 ARNs
// neither region nor account; IAM resources are "*", "root" or of a known type. IAM reports
// the first problem of a statement's entries in sorted order. Entries IAM's legacy parser
// cannot read (arn:aws:s3::bucket — an empty field but fewer than five colons — or an empty
// service) fail legacy parsing, but only while no ARN problem has been found. Anything else is
// accepted: three-field resources (arn:aws:fdsasf), percent-encoded characters, unknown
// services, regions and accounts of other services.
func (p *parser) checkResources(st *Statement, rpath string, list *jnode) {
	if p.use == 0 {
		for i, v := range st.Resources {
			p.checkResourceGeneric(v, elemPath(rpath, list, i))
		}
		return
	}
	anyBad := false
	for i, v := range st.Resources {
		msg, storageOnly := iamResourceProblem(v.Text)
		if msg == "" {
			continue
		}
		anyBad, p.arnError = true, true
		rank := st.Pos.Offset<<20 | min(sortRank(st.Resources, i), 1<<20-1)
		switch {
		case storageOnly:
			p.iamOnly(stageARN, rank, v.Pos, elemPath(rpath, list, i), msg, "")
		case msg == msgResourceVendor:
			p.failAt(stageARN, rank, v.Pos, elemPath(rpath, list, i), msg, fmt.Sprintf("the service of %q is missing or has wildcards", v.Text))
		default:
			p.failAt(stageARN, rank, v.Pos, elemPath(rpath, list, i), msg, "")
		}
	}
	for i, v := range st.Resources {
		switch {
		case !p.arnError && !legacyShape(v.Text):
			p.iamOnly(stageLegacy, v.Pos.Offset, v.Pos, elemPath(rpath, list, i), msgLegacyParsing,
				fmt.Sprintf("IAM cannot read %q as an ARN: it has an empty field but fewer than five colons, or no service", v.Text))
		case anyBad:
			if msg, _ := iamResourceProblem(v.Text); msg == "" {
				p.resourceWarnings(v, elemPath(rpath, list, i))
			}
		default:
			p.resourceWarnings(v, elemPath(rpath, list, i))
		}
	}
}

// sortRank is the place of resources[i] among resources in the order of their text (ties in
// document order): IAM reports the first problem of a statement's resources in that order.
func sortRank(resources []Value, i int) int {
	r := 0
	for j, v := range resources {
		if v.Text < resources[i].Text || v.Text == resources[i].Text && j < i {
			r++
		}
	}
	return r
}

// iamResourceProblem returns the message IAM refuses resource r with ("" when it accepts r),
// and whether the engine could still make sense of r (IAM refuses it for its partition or
// its rules about ARNs of IAM, S3 and Route 53 resources).
func iamResourceProblem(r string) (msg string, storageOnly bool) {
	if r == "*" {
		return "", false
	}
	_, rest, ok := strings.Cut(r, ":")
	if !ok {
		return fmt.Sprintf(msgResourceARNFormat, r), false
	}
	partition, rest, ok := strings.Cut(rest, ":")
	if partition != IAMPartition && partition != "*" {
		return fmt.Sprintf(msgPartition, partition, partitionARN(partition, rest, ok)), true
	}
	if !ok {
		return msgResourceVendor, false
	}
	service, afterService, _ := strings.Cut(rest, ":")
	if strings.ContainsAny(service, "*?") || strings.Contains(service, "${") {
		return msgResourceVendor, false
	}
	region, afterRegion, hasRegion := strings.Cut(afterService, ":")
	account, resource, _ := strings.Cut(afterRegion, ":")
	noRegion := hasRegion && region == ""
	switch {
	case service == "iam" && !noRegion:
		return fmt.Sprintf(msgIAMRegion, r), true
	case service == "s3" && !noRegion && account == "", service == "route53" && !noRegion:
		return fmt.Sprintf(msgRegion, r), true
	case service == "route53" && account != "":
		return fmt.Sprintf(msgAccount, r), true
	case service == "iam" && !validIAMPath(resource):
		return msgIAMPath, true
	}
	return "", false
}

// partitionARN rebuilds a resource with an invalid partition the way IAM's message shows it:
// "arn:", the partition, then the following fields, "*" for each that is missing.
func partitionARN(partition, rest string, hasRest bool) string {
	fields := []string{""}
	if hasRest {
		fields = strings.Split(rest, ":")
	}
	field := func(i int) string {
		if i < len(fields) {
			return fields[i]
		}
		return "*"
	}
	service := fields[0]
	if service == "" && len(fields) == 1 {
		service = "*"
	}
	resource := "*"
	if len(fields) > 3 {
		resource = strings.Join(fields[3:], ":")
	}
	return "arn:" + partition + ":" + service + ":" + field(1) + ":" + field(2) + ":" + resource
}

func validIAMPath(resource string) bool {
	if resource == "*" || resource == "root" {
		return true
	}
	for _, prefix := range iamPathPrefixes {
		if strings.HasPrefix(resource, prefix) {
			return true
		}
	}
	return false
}

// legacyShape reports whether IAM's legacy parser reads r: "*", or a text whose third field
// (the service) is not empty and which, if it has an empty field ("::"), has all six.
func legacyShape(r string) bool {
	if r == "*" {
		return true
	}
	if strings.Contains(r, "::") && strings.Count(r, ":") < 5 {
		return false
	}
	_, rest, _ := strings.Cut(r, ":")
	_, rest, ok := strings.Cut(rest, ":")
	service, _, _ := strings.Cut(rest, ":")
	return ok && service != ""
}

// resourceWarnings are the engine's remarks on a resource IAM accepts.
func (p *parser) resourceWarnings(v Value, path string) {
	if v.Text == "*" {
		return
	}
	parts := strings.SplitN(resourceShape(v.Text, p.doc.variables()), ":", 6)
	switch {
	case len(parts) < 4 || parts[0] != "arn":
		p.warnf(v.Pos, path, "%q is not an ARN (arn:partition:service:region:account:resource); IAM accepts it, "+
			"but it matches only a resource of exactly that name", v.Text)
		return
	case strings.IndexByte(parts[3], 0) >= 0 || len(parts) > 4 && strings.IndexByte(parts[4], 0) >= 0:
		p.warnf(v.Pos, path, "policy variables in the region or account of %q are substituted, but AWS documents them "+
			"only in the resource segment, after the fifth colon", v.Text)
	}
	p.warnStarAcrossColons(v, path, parts)
}

// warnStarAcrossColons warns about a '*' that ends an inner segment of an ARN with fewer than
// six parts: matched as a glob over the whole string, it matches across ':' (§3.3, §7.1).
func (p *parser) warnStarAcrossColons(v Value, path string, parts []string) {
	if len(parts) >= 6 {
		return
	}
	for _, part := range parts[:len(parts)-1] {
		if strings.Contains(part, "*") {
			p.warnf(v.Pos, path, "the '*' in %q ends a segment of an ARN with fewer than six parts, so it matches across ':'", v.Text)
			return
		}
	}
}

// resourceShape is a resource pattern's text with every policy variable replaced by NUL, so
// that colons inside variables do not count as separators.
func resourceShape(text string, vars bool) string {
	pat := compilePattern(text, vars, true)
	var b strings.Builder
	for _, sg := range pat.segs {
		switch sg.kind {
		case segLit:
			b.WriteString(sg.text)
		case segVar:
			b.WriteByte(0)
		case segStar:
			b.WriteByte('*')
		case segOne:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// checkResourceGeneric applies the ARN rules of §3.3 to a resource of a policy IAM does not
// store (resource-based policies, SCPs, RCPs): "*" or an ARN whose service segment is present
// and has no wildcard, with policy variables only in the resource segment.
func (p *parser) checkResourceGeneric(v Value, path string) {
	if v.Text == "*" {
		return
	}
	parts := strings.SplitN(resourceShape(v.Text, p.doc.variables()), ":", 6)
	if len(parts) < 4 || parts[0] != "arn" || parts[2] == "" {
		p.fail(stageARN, v.Pos, path, fmt.Sprintf(msgResourceARNFormat, v.Text), "")
		return
	}
	if strings.ContainsAny(parts[2], "*?\x00") {
		p.fail(stageARN, v.Pos, path, fmt.Sprintf(msgResourceARNFormat, v.Text), "the service segment cannot contain wildcards or variables")
		return
	}
	for i := 0; i < len(parts) && i < 5; i++ {
		if strings.IndexByte(parts[i], 0) >= 0 {
			p.fail(stageARN, v.Pos, path, msgSyntax, "policy variables are allowed only in the resource segment of an ARN, after the fifth colon")
			return
		}
	}
	p.warnStarAcrossColons(v, path, parts)
}
