package analysis

import (
	"encoding/base64"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
)

// checkConditionValues checks one key's values against its operator and the key's type.
func (c *checker) checkConditionValues(st *stmt, cd *cond) {
	op := cd.op
	if cd.keyM.val.kind == jArray && len(cd.keyM.val.elems) == 0 {
		switch {
		case op.set == setForAll:
			c.report("EMPTY_ARRAY_CONDITION_FORALLVALUES", []Location{cd.loc()}, cd.key)
		case op.set == setForAny:
			c.report("EMPTY_ARRAY_CONDITION_FORANYVALUE", []Location{cd.loc()}, cd.key)
		case op.ifExists:
			c.report("EMPTY_ARRAY_CONDITION_IFEXISTS", []Location{cd.loc()}, cd.key)
		default:
			c.report("EMPTY_ARRAY_CONDITION", []Location{cd.loc()}, cd.key)
		}
		return
	}
	c.checkKeyType(cd)
	for i := range cd.vals {
		c.checkValue(cd, i)
	}
	if (op.family == famBool || op.family == famNull) && len(cd.vals) > 1 {
		c.report("INVALID_CONDITION_MULTIPLE_BOOLEAN", []Location{cd.loc()})
	}
	c.checkKeyValues(cd)
}

// compatible lists the operator families each key type may be compared with.
var compatible = map[authref.KeyType][]opFamily{
	authref.TypeString: {famString, famARN}, authref.TypeARN: {famARN, famString}, authref.TypeNumeric: {famNumeric},
	authref.TypeDate: {famDate}, authref.TypeBool: {famBool}, authref.TypeIPAddress: {famIP},
	authref.TypeBinary: {famBinary},
}

// checkKeyType compares the operator and its qualifier with the key's type.
func (c *checker) checkKeyType(cd *cond) {
	if cd.info == nil || cd.op.family == famNull {
		return
	}
	t := cd.info.Type
	elem := t.Elem()
	switch {
	case elem == authref.TypeARN && cd.op.family == famString && cd.op.like:
		c.report("STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", []Location{cd.loc()},
			strings.Replace(cd.op.name, "String", "Arn", 1), cd.op.name, cd.key)
	case !hasFamily(compatible[elem], cd.op.family):
		want := compatible[elem]
		if len(want) > 0 {
			c.report("TYPE_MISMATCH", []Location{cd.loc()}, familyName[want[0]], cd.op.name, cd.key)
		}
	}
	switch {
	case t.IsArray() && cd.op.set == setNone:
		c.report("MISSING_QUALIFIER", []Location{cd.loc()}, cd.key)
	case !t.IsArray() && cd.op.set == setForAll && !audienceKey(cd.key):
		c.report("FORALLVALUES_WITH_SINGLE_VALUED_KEY", []Location{cd.loc()}, cd.key)
	}
}

func hasFamily(fs []opFamily, f opFamily) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

var (
	numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	epochRE  = regexp.MustCompile(`^-?[0-9]+$`)
	dateRE   = regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2})(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$`)
)

// checkValue checks value i against the operator's type.
func (c *checker) checkValue(cd *cond, i int) {
	text, loc, op := cd.vals[i].text, []Location{cd.valueLoc(i)}, cd.op
	if strings.Contains(text, "${") {
		if op.family != famString && op.family != famARN {
			c.report("INVALID_VARIABLE_FOR_OPERATOR", loc)
		}
		return
	}
	switch op.family {
	case famNumeric:
		if !numberRE.MatchString(text) {
			c.report("TYPE_MISMATCH_NUMBER", loc, op.name)
		}
	case famDate:
		switch {
		case epochRE.MatchString(text):
			c.report("INVALID_DATE_VALUE", loc, text)
		case !validDate(text):
			c.report("TYPE_MISMATCH_DATE", loc)
		}
	case famBool, famNull:
		if l := strings.ToLower(text); l != "true" && l != "false" {
			c.report("TYPE_MISMATCH_BOOLEAN", loc, op.name)
		}
	case famBinary:
		if _, err := base64.StdEncoding.DecodeString(text); err != nil {
			c.report("TYPE_MISMATCH_STRING", loc, op.name)
		}
	case famIP:
		c.checkIPValue(text, loc, op)
	case famString:
		if !op.like && hasWildcard(text) {
			c.report("WILDCARD_WITHOUT_LIKE_OPERATOR", loc)
		}
	}
}

func validDate(s string) bool {
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	_, err := time.Parse("2006-01-02", m[1])
	return err == nil
}

func (c *checker) checkIPValue(text string, loc []Location, op operator) {
	p, ok := parseCIDR(text)
	if !ok {
		c.report("TYPE_MISMATCH_IP_RANGE", loc, op.name)
		return
	}
	if m := p.Masked(); m.Addr() != p.Addr() {
		c.report("IMPROVE_IP_RANGE", loc, m.String())
	}
}

// parseCIDR reads an address or a CIDR block, as IP address conditions take them.
func parseCIDR(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p, err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

var privateBlocks = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("fc00::/7")}

// private reports whether every address of p is private (RFC 1918, or an IPv6 unique local
// address).
func private(p netip.Prefix) bool {
	for _, b := range privateBlocks {
		if b.Bits() <= p.Bits() && b.Contains(p.Masked().Addr()) {
			return true
		}
	}
	return false
}

var (
	vpcRE       = regexp.MustCompile(`^vpc-([0-9a-zA-Z]{8}|[0-9a-zA-Z]{17})$`)
	vpceRE      = regexp.MustCompile(`^vpce-([0-9a-zA-Z]{8}|[0-9a-zA-Z]{17})$`)
	viaRE       = regexp.MustCompile(`^[a-z0-9-]+\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$`)
	kmsKeyARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$`)
)

// checkKeyValues applies what is known of particular keys' values.
func (c *checker) checkKeyValues(cd *cond) {
	key := strings.ToLower(cd.key)
	if key == "aws:sourceip" && cd.op.family == famIP {
		c.checkSourceIP(cd)
		return
	}
	if cd.op.family != famString && cd.op.family != famARN {
		return
	}
	for i, v := range cd.vals {
		text, loc := v.text, []Location{cd.valueLoc(i)}
		if opaque(text) {
			continue
		}
		switch {
		case key == "aws:sourcevpc" && !vpcRE.MatchString(text):
			c.report("INVALID_VPC_FORMAT", loc)
		case key == "aws:sourcevpce" && !vpceRE.MatchString(text):
			c.report("INVALID_VPCE_FORMAT", loc)
		case key == "aws:requestedregion" && !knownRegion(text):
			c.report("INVALID_REGION", loc, text)
		case (key == "aws:principalservicename" || key == "aws:principalservicenameslist") && !servicePrincipalRE.MatchString(text):
			c.report("INVALID_SERVICE_PRINCIPAL_FORMAT", loc, "service-name.amazonaws.com")
		case key == "kms:viaservice" && !viaRE.MatchString(text):
			c.report("INVALID_SERVICE_PRINCIPAL_FORMAT", loc, "service-name.AWS_region.amazonaws.com")
		case key == "s3:x-amz-server-side-encryption-aws-kms-key-id" && !kmsKeyARNRE.MatchString(text):
			c.report("INVALID_KMS_KEY_VALUE", loc, cd.key)
		}
	}
}

// checkSourceIP reports aws:SourceIp ranges that are private: the key holds the public
// address a request comes from, so a private range never matches it.
func (c *checker) checkSourceIP(cd *cond) {
	priv, pub := 0, 0
	for _, v := range cd.vals {
		p, ok := parseCIDR(v.text)
		switch {
		case !ok:
		case private(p):
			priv++
		default:
			pub++
		}
	}
	not := cd.op.negated
	switch {
	case priv == 0:
	case pub == 0 && not:
		c.report("PRIVATE_NOT_IP_ADDRESS", []Location{cd.loc()})
	case pub == 0:
		c.report("PRIVATE_IP_ADDRESS", []Location{cd.loc()})
	case not:
		c.report("PRIVATE_NOT_IP_ADDRESS_SUBSET", []Location{cd.loc()})
	default:
		c.report("PRIVATE_IP_ADDRESS_SUBSET", []Location{cd.loc()})
	}
}

// audienceKey reports an identity provider's audience claim key (…:aud).
func audienceKey(key string) bool {
	prefix, name, _ := strings.Cut(strings.ToLower(key), ":")
	return name == "aud" && prefix != "aws" && prefix != "saml"
}
