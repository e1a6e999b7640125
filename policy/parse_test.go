package policy

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// stmt wraps statement bodies into a 2012-10-17 document.
func stmt(bodies ...string) string {
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(bodies, ",") + `]}`
}

// rejectCase is a document Parse must reject, with the problem IAM reports (ValidationError.First).
type rejectCase struct {
	name    string
	kind    Kind
	doc     string
	message string // the reported problem's message, exactly
	path    string
	at      string // the problem is at the first occurrence of this text; "" for 1:1
}

const allowAll = `{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}`

var rejectCases = []rejectCase{
	// JSON.
	{"not JSON", Identity, `{"Version": }`, msgSyntax, "", `}`},
	{"duplicate key", Identity, `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}}`, msgSyntax, "", `"Effect": "Deny"`},
	{"not an object", Identity, `["Statement"]`, msgSyntax, "", `[`},
	{"null document", Identity, `null`, msgSyntax, "", `null`},
	// Document.
	{"bad version", Identity, `{"Version": "2012-10-18", "Statement": ` + allowAll + `}`, msgSyntax, "Version", `"2012-10-18"`},
	{"version not a string", Identity, `{"Version": 2012, "Statement": ` + allowAll + `}`, msgSyntax, "Version", `2012,`},
	{"unknown top-level element", Identity, `{"Version": "2012-10-17", "Statment": [], "Statement": ` + allowAll + `}`, msgSyntax, "Statment", `"Statment"`},
	{"missing statement", Identity, `{"Version": "2012-10-17"}`, msgSyntax, "Statement", `{`},
	{"missing statement in a resource policy", Resource, `{"Version": "2012-10-17"}`, "Missing required field Statement", "", `{`},
	{"empty statement array", Identity, `{"Version": "2012-10-17", "Statement": []}`, msgSyntax, "Statement", `[]`},
	{"statement a string", Identity, `{"Statement": "x"}`, msgSyntax, "Statement", `"x"`},
	{"statement element a string", Identity, `{"Statement": ["x"]}`, msgSyntax, "Statement[0]", `"x"`},
	{"Id in SCP", SCP, `{"Id": "x", "Statement": ` + allowAll + `}`, "Has prohibited field Id", "Id", `"Id"`},
	// Statement elements.
	{"unknown statement element", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Resources": "*"}`), msgSyntax, "Statement[0].Resources", `"Resources"`},
	{"missing effect", Identity, stmt(`{"Action": "*", "Resource": "*"}`), msgSyntax, "Statement[0]", `{"Action"`},
	{"missing effect in a resource policy", Resource, stmt(`{"Principal": "*", "Action": "*", "Resource": "*"}`), "Missing required field Effect", "Statement[0]", `{"Principal"`},
	{"lower-case effect", Identity, stmt(`{"Effect": "allow", "Action": "*", "Resource": "*"}`), msgLegacyParsing, "Statement[0].Effect", `"allow"`},
	{"effect not a string", Identity, stmt(`{"Effect": true, "Action": "*", "Resource": "*"}`), msgSyntax, "Statement[0].Effect", `true`},
	{"missing action", Identity, stmt(`{"Effect": "Allow", "Resource": "*"}`), msgNeedActions, "Statement[0]", `{"Effect"`},
	{"empty action array", Identity, stmt(`{"Effect": "Allow", "Action": [], "Resource": "*"}`), msgNeedActions, "Statement[0].Action", `[]`},
	{"action and notaction", Identity, stmt(`{"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}`), msgSyntax, "Statement[0].NotAction", `"NotAction"`},
	{"action not a string", Identity, stmt(`{"Effect": "Allow", "Action": [1], "Resource": "*"}`), msgSyntax, "Statement[0].Action[0]", `1]`},
	{"action null", Identity, stmt(`{"Effect": "Allow", "Action": null, "Resource": "*"}`), msgSyntax, "Statement[0].Action", `null`},
	{"action without vendor", Identity, stmt(`{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}`), msgVendor, "Statement[0].Action", `"GetObject"`},
	{"action with two colons", Identity, stmt(`{"Effect": "Allow", "Action": "s3:Get:Object", "Resource": "*"}`), msgOneColon, "Statement[0].Action", `"s3:Get:Object"`},
	{"wildcard service prefix", Identity, stmt(`{"Effect": "Allow", "Action": "*:Get*", "Resource": "*"}`), "Vendor * is not valid", "Statement[0].Action", `"*:Get*"`},
	{"missing resource", Identity, stmt(`{"Effect": "Allow", "Action": "*"}`), msgNeedResources, "Statement[0]", `{"Effect"`},
	{"empty resource array", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": []}`), msgNeedResources, "Statement[0].Resource", `[]`},
	{"resource and notresource", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "*"}`), msgSyntax, "Statement[0].NotResource", `"NotResource"`},
	{"resource not an ARN", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "my-bucket"}`), `Resource my-bucket must be in ARN format or "*".`, "Statement[0].Resource", `"my-bucket"`},
	{"resource service wildcard", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s*:::b"}`), msgResourceVendor, "Statement[0].Resource", `"arn:aws:s*`},
	{"variable outside resource segment", Resource, stmt(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "arn:aws:iam::${aws:PrincipalAccount}:user/x"}`), msgSyntax, "Statement[0].Resource", `"arn:aws:iam::${`},
	{"variable in the service", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:${aws:x}:::b"}`), msgResourceVendor, "Statement[0].Resource", `"arn:aws:${`},
	{"resource with one field", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "bucket/key"}`), `Resource bucket/key must be in ARN format or "*".`, "Statement[0].Resource", `"bucket/key"`},
	{"vendor with an underscore", Identity, stmt(`{"Effect": "Allow", "Action": "my_svc:Get", "Resource": "*"}`), "Vendor my_svc is not valid", "Statement[0].Action", `"my_svc:Get"`}, {"bad sid characters", Identity, stmt(`{"Sid": "my-sid", "Effect": "Allow", "Action": "*", "Resource": "*"}`), msgSidAlnum, "Statement[0].Sid", `"my-sid"`},
	{"duplicate sids", Identity, stmt(`{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}`, `{"Sid": "A", "Effect": "Deny", "Action": "*", "Resource": "*"}`), msgSidUnique, "Statement[1].Sid", `{"Sid": "A", "Effect": "Deny"`},
	{"sid not a string", Identity, stmt(`{"Sid": 1, "Effect": "Allow", "Action": "*", "Resource": "*"}`), msgSyntax, "Statement[0].Sid", `1,`},
	// Principals.
	{"principal in identity policy", Identity, stmt(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`), msgNoPrincipal, "Statement[0].Principal", `"Principal"`},
	{"notprincipal in boundary", Boundary, stmt(`{"Effect": "Deny", "NotPrincipal": {"AWS": "123456789012"}, "Action": "*", "Resource": "*"}`), msgNoPrincipal, "Statement[0].NotPrincipal", `"NotPrincipal"`},
	{"principal in session policy", Session, stmt(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`), msgNoPrincipal, "Statement[0].Principal", `"Principal"`},
	{"principal in SCP", SCP, stmt(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`), msgOrgsRequirements, "Statement[0].Principal", `"Principal"`},
	{"resource policy without principal", Resource, stmt(allowAll), "Missing required field Principal", "Statement[0]", `{"Effect"`},
	{"trust policy without principal", RoleTrust, stmt(`{"Effect": "Allow", "Action": "sts:AssumeRole"}`), "Missing required field Principal", "Statement[0]", `{"Effect"`},
	{"principal and notprincipal", Resource, stmt(`{"Effect": "Deny", "Principal": "*", "NotPrincipal": "*", "Action": "*", "Resource": "*"}`), msgSyntax, "Statement[0].NotPrincipal", `"NotPrincipal"`},
	{"principal string not star", Resource, stmt(`{"Effect": "Allow", "Principal": "arn:aws:iam::123456789012:root", "Action": "*", "Resource": "*"}`), `Invalid principal in policy: "arn:aws:iam::123456789012:root"`, "Statement[0].Principal", `"arn:aws:iam::123456789012:root"`},
	{"unknown principal type", Resource, stmt(`{"Effect": "Allow", "Principal": {"IAM": "*"}, "Action": "*", "Resource": "*"}`), `Invalid principal in policy: "IAM"`, "Statement[0].Principal.IAM", `"IAM"`},
	{"invalid AWS principal", Resource, stmt(`{"Effect": "Allow", "Principal": {"AWS": "alice"}, "Action": "*", "Resource": "*"}`), `Invalid principal in policy: "AWS":"alice"`, "Statement[0].Principal.AWS", `"alice"`},
	{"malformed principal ARN", Resource, stmt(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws::iam::123456789012:root"}, "Action": "*", "Resource": "*"}`), `Invalid principal in policy: "AWS":"arn:aws::iam::123456789012:root"`, "Statement[0].Principal.AWS", `"arn:aws::iam`},
	{"empty principal map", Resource, stmt(`{"Effect": "Allow", "Principal": {}, "Action": "*", "Resource": "*"}`), msgSyntax, "Statement[0].Principal", `{}`},
	{"empty principal list", Resource, stmt(`{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "*", "Resource": "*"}`), msgSyntax, "Statement[0].Principal.AWS", `[]`},
	{"notprincipal with allow", Resource, stmt(`{"Effect": "Allow", "NotPrincipal": {"AWS": "123456789012"}, "Action": "*", "Resource": "*"}`), `NotPrincipal can be used only with "Effect": "Deny".`, "Statement[0].NotPrincipal", `"NotPrincipal"`},
	// Role trust policies.
	{"resource in trust policy", RoleTrust, stmt(`{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole", "Resource": "*"}`), "Has prohibited field Resource", "Statement[0].Resource", `"Resource"`},
	{"notprincipal in trust policy", RoleTrust, stmt(`{"Effect": "Deny", "NotPrincipal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}`), "Has prohibited field NotPrincipal", "Statement[0].NotPrincipal", `"NotPrincipal"`},
	{"non-sts action in trust policy", RoleTrust, stmt(`{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject"}`), msgTrustActions, "Statement[0].Action", `"s3:GetObject"`},
	{"star action in trust policy", RoleTrust, stmt(`{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "*"}`), msgTrustActions, "Statement[0].Action", `"*"}`},
	// SCPs and RCPs.
	{"RCP NotAction", RCP, stmt(`{"Effect": "Deny", "Principal": "*", "NotAction": "s3:*", "Resource": "*"}`), msgOrgsRequirements, "Statement[0].NotAction", `"NotAction"`},
	{"RCP NotPrincipal", RCP, stmt(`{"Effect": "Deny", "NotPrincipal": {"AWS": "123456789012"}, "Action": "s3:*", "Resource": "*"}`), msgOrgsRequirements, "Statement[0].NotPrincipal", `"NotPrincipal"`},
	{"RCP specific principal", RCP, stmt(`{"Effect": "Deny", "Principal": {"AWS": "123456789012"}, "Action": "s3:*", "Resource": "*"}`), msgOrgsRequirements, "Statement[0].Principal", `{"AWS"`},
	{"RCP without principal", RCP, stmt(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`), "Missing required field Principal", "Statement[0]", `{"Effect"`},
	{"RCP custom allow", RCP, stmt(`{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}`), msgOrgsRequirements, "Statement[0].Effect", `"Allow"`},
	// Conditions.
	{"unknown operator", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqualz": {"aws:username": "a"}}}`), msgSyntax, "Statement[0].Condition.StringEqualz", `"StringEqualz"`},
	{"IfExists on Null", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NullIfExists": {"aws:username": "true"}}}`), msgSyntax, "Statement[0].Condition.NullIfExists", `"NullIfExists"`},
	{"condition not an object", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": ["x"]}`), msgSyntax, "Statement[0].Condition", `["x"]`},
	{"operator body not an object", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": true}}`), msgSyntax, "Statement[0].Condition.Bool", `true}`},
	{"condition value null", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": null}}}`), msgSyntax, "Statement[0].Condition.StringEquals.aws:username", `null`},
	{"condition value object", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": [{}]}}}`), msgSyntax, "Statement[0].Condition.StringEquals.aws:username[0]", `{}]`},
	{"bad CIDR", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}`), msgLegacyParsing, "Statement[0].Condition.IpAddress.aws:SourceIp", `"10.0.0.0/33"`},
	{"bad CIDR in a resource policy", Resource, stmt(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}`), msgSyntax, "Statement[0].Condition.IpAddress.aws:SourceIp", `"10.0.0.0/33"`},
	{"bad date", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2025-02-30"}}}`), msgLegacyParsing, "Statement[0].Condition.DateLessThan.aws:CurrentTime", `"2025-02-30"`},
	{"bad number", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}}`), msgLegacyParsing, "Statement[0].Condition.NumericLessThan.s3:max-keys", `"ten"`},
	{"fractional epoch seconds", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "1738281600.5"}}}`), msgLegacyParsing, "Statement[0].Condition.DateLessThan.aws:CurrentTime", `"1738281600.5"`},
	{"bad bool", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}`), msgLegacyParsing, "Statement[0].Condition.Bool.aws:SecureTransport", `"yes"`},
	{"bad null value", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:TokenIssueTime": "maybe"}}}`), msgLegacyParsing, "Statement[0].Condition.Null.aws:TokenIssueTime", `"maybe"`},
	{"bad base64", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"BinaryEquals": {"k:bin": "not base64!"}}}`), msgLegacyParsing, "Statement[0].Condition.BinaryEquals.k:bin", `"not base64!"`},
	// Characters and size.
	{"character outside Latin-1", Identity, stmt(`{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/€"}`), msgSyntax, "", `€`},
	{"identity policy too large", Identity, stmt(bigStatements(MaxRoleInlineChars)...), fmt.Sprintf(msgPolicySize, MaxRoleInlineChars), "", ``},
	{"trust policy too large", RoleTrust, stmt(bigTrust(MaxTrustPolicyCharsRaised)...), fmt.Sprintf(msgPolicySize, MaxTrustPolicyCharsRaised), "", ``},
	{"SCP counts whitespace", SCP, `{"Statement": [` + strings.Repeat(" ", MaxOrganizationsPolicyChars) + allowAll + `]}`, fmt.Sprintf(msgPolicySize, MaxOrganizationsPolicyChars), "", ``},
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range rejectCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tc.doc), tc.kind)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Parse(%s) error = %v, want a *ValidationError", tc.kind, err)
			}
			got := ve.First()
			want := posOf(t, tc.doc, tc.at)
			if got.Message != tc.message || got.Path != tc.path || got.Pos != want {
				t.Errorf("first problem = %s\nwant %s: %s: %s", got, want, tc.path, tc.message)
			}
		})
	}
}

// posOf returns the position of the first occurrence of sub in doc (1:1 for "").
func posOf(t *testing.T, doc, sub string) Pos {
	t.Helper()
	i := strings.Index(doc, sub)
	if i < 0 {
		t.Fatalf("%q does not occur in the document", sub)
	}
	return posAt([]byte(doc), i)
}

// bigStatements returns enough statements to exceed limit characters without whitespace.
func bigStatements(limit int) []string {
	var out []string
	for n := 0; n <= limit; n += 60 {
		out = append(out, fmt.Sprintf(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b%d/*"}`, len(out)))
	}
	return out
}

func bigTrust(limit int) []string {
	var out []string
	for n := 0; n <= limit; n += 80 {
		out = append(out, fmt.Sprintf(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/u%d"}, "Action": "sts:AssumeRole"}`, len(out)))
	}
	return out
}

func TestParseReportsEveryProblem(t *testing.T) {
	t.Parallel()
	doc := `{"Version": "2012-10-17", "Statement": [
  {"Effect": "allow", "Action": "s3", "Resource": "bucket"},
  {"Sid": "x-y", "Effect": "Deny", "Principal": "*", "NotAction": "iam:*"}
]}`
	var got []string
	for _, p := range Validate([]byte(doc), Identity) {
		got = append(got, p.Pos.String()+" "+p.Path+" "+p.Message)
	}
	want := []string{
		posOf(t, doc, `"allow"`).String() + " Statement[0].Effect " + msgLegacyParsing,
		posOf(t, doc, `"s3"`).String() + " Statement[0].Action " + msgVendor,
		posOf(t, doc, `"bucket"`).String() + " Statement[0].Resource " + `Resource bucket must be in ARN format or "*".`,
		posOf(t, doc, `{"Sid"`).String() + " Statement[1] " + msgNeedResources,
		posOf(t, doc, `"x-y"`).String() + " Statement[1].Sid " + msgSidAlnum,
		posOf(t, doc, `"Principal"`).String() + " Statement[1].Principal " + msgNoPrincipal,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kind Kind
		doc  string
	}{
		{"Id in an identity policy (IAM accepts it)", Identity, `{"Version": "2012-10-17", "Id": "Policy1415115909152", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`},
		{"Id in a permissions boundary", Boundary, `{"Id": "b", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`},
		{"statement as one object, no version", Identity, `{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`},
		{"version 2008", Identity, `{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}"}}`},
		{"members in any order", Identity, `{"Statement": [{"Resource": "*", "Action": ["s3:Get*", "S3:list?ucket"], "Effect": "Deny"}], "Version": "2012-10-17"}`},
		{"notaction notresource", Identity, stmt(`{"Effect": "Allow", "NotAction": "iam:*", "NotResource": ["arn:aws:iam::*:*"]}`)},
		{"short resource ARNs", Identity, stmt(`{"Effect": "Allow", "Action": "iam:*", "Resource": ["arn:aws:iam::*", "arn:aws:ec2:us-east-1:*"]}`)},
		{"managed policy without version, as the engine reads it", Boundary, `{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`},
		{"variables in resource segment", Identity, stmt(`{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team, 'none'}/*"}`)},
		{"every operator", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {
			"StringEquals": {"a:a": "x"}, "StringNotEquals": {"a:a": "x"}, "StringEqualsIgnoreCase": {"a:a": "x"},
			"StringNotEqualsIgnoreCase": {"a:a": "x"}, "StringLike": {"a:a": "x*"}, "StringNotLike": {"a:a": "x?"},
			"NumericEquals": {"a:n": 1}, "NumericNotEquals": {"a:n": "-1.5"}, "NumericLessThan": {"a:n": "1"},
			"NumericLessThanEquals": {"a:n": "1"}, "NumericGreaterThan": {"a:n": "1"}, "NumericGreaterThanEquals": {"a:n": "1"},
			"DateEquals": {"a:d": "2025-01-01"}, "DateNotEquals": {"a:d": 1735689600}, "DateLessThan": {"a:d": "2025-01-01T00:00:00Z"},
			"DateLessThanEquals": {"a:d": "2025-01-01T00:00:00+01:00"}, "DateGreaterThan": {"a:d": "2025-01-01T00:00:00.5Z"},
			"DateGreaterThanEquals": {"a:d": "2025-01-01"}, "Bool": {"a:b": true}, "BinaryEquals": {"a:c": "QmluYXJ5"},
			"IpAddress": {"a:i": ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"]}, "NotIpAddress": {"a:i": "::1"},
			"ArnEquals": {"a:r": "arn:aws:iam::*:role/x"}, "ArnLike": {"a:r": "arn:*:*:*:*:*"},
			"ArnNotEquals": {"a:r": "arn:aws:iam::1:root"}, "ArnNotLike": {"a:r": "arn:aws:s3:::*"}, "Null": {"a:a": "true"},
			"ForAllValues:StringLike": {"aws:TagKeys": ["a*"]}, "ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "b"},
			"StringEqualsIfExists": {"a:a": "x"}, "BoolIfExists": {"a:b": "False"}}}`)},
		{"resource policy principals", Resource, `{"Version": "2012-10-17", "Id": "KeyPolicy1", "Statement": [
			{"Sid": "Enable IAM policies", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"},
			{"Effect": "Allow", "Principal": {"AWS": ["123456789012", "arn:aws:iam::210987654321:user/a", "arn:aws:sts::1:assumed-role/r/s", "AIDACKCEVSQ6C2EXAMPLE"]}, "Action": "s3:*", "Resource": "*"},
			{"Effect": "Allow", "Principal": {"Service": ["logs.amazonaws.com"], "Federated": "accounts.google.com", "CanonicalUser": "79a59df9"}, "Action": "s3:*", "Resource": "*"},
			{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:user/admin"}, "Action": "s3:*", "Resource": "*"},
			{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`},
		{"trust policy", RoleTrust, `{"Version": "2012-10-17", "Statement": [
			{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/example.com"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]},
			{"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole*", "Condition": {"StringEquals": {"sts:ExternalId": "x"}}}]}`},
		{"SCP full language", SCP, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*"}`, `{"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}`)},
		{"RCPFullAWSAccess", RCP, stmt(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`)},
		{"RCP deny", RCP, stmt(`{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": ["s3:*", "sqs:*"], "NotResource": "arn:aws:s3:::public/*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}}}`)},
		{"resource policy sid with spaces and duplicates", Resource, stmt(`{"Sid": "a b", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`, `{"Sid": "a b", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`)},
		{"resource policy unicode", Resource, stmt(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "arn:aws:s3:::b/€"}`)},
		{"escaped characters", Identity, stmt(`{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b\/\u00e9"}`)},
		{"empty condition", Identity, stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Parse([]byte(tc.doc), tc.kind); err != nil {
				t.Errorf("Parse(%s): %v", tc.kind, err)
			}
		})
	}
}

func TestParseDocument(t *testing.T) {
	t.Parallel()
	text := `{"Version": "2012-10-17", "Id": "P1", "Statement": {"Sid": "S", "Effect": "Deny",
  "NotPrincipal": {"AWS": ["123456789012"]}, "NotAction": ["s3:*"], "NotResource": "arn:aws:s3:::b",
  "Condition": {"StringEquals": {"aws:a": ["x", 10, true]}, "Bool": {"aws:b": "true"}}}}`
	doc, err := Parse([]byte(text), Resource)
	if err != nil {
		t.Fatal(err)
	}
	p := func(sub string) Pos { return posOf(t, text, sub) }
	want := &Document{
		Kind: Resource, Version: Version2012, VersionPos: p(`"2012-10-17"`), ID: "P1", HasID: true,
		Statements: []Statement{{
			Index: 0, Pos: p(`{"Sid"`), Path: "Statement", Sid: "S", Effect: EffectDeny,
			Actions: []Value{{Text: "s3:*", Pos: p(`"s3:*"`)}}, NotAction: true,
			Resources: []Value{{Text: "arn:aws:s3:::b", Pos: p(`"arn:aws:s3:::b"`)}}, NotResource: true,
			Principal: &PrincipalElement{Pos: p(`{"AWS"`), AWS: []Value{{Text: "123456789012", Pos: p(`"123456789012"`)}}}, NotPrincipal: true,
			Conditions: []Condition{
				{Operator: "StringEquals", OperatorPos: p(`"StringEquals"`), Key: "aws:a", KeyPos: p(`"aws:a"`),
					Values: []Value{{Text: "x", Pos: p(`"x"`)}, {Text: "10", Pos: p(`10,`)}, {Text: "true", Pos: p(`true]`)}}},
				{Operator: "Bool", OperatorPos: p(`"Bool"`), Key: "aws:b", KeyPos: p(`"aws:b"`),
					Values: []Value{{Text: "true", Pos: p(`"true"`)}}},
			},
		}},
	}
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

func TestParseWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, want string
	}{
		{"star crossing colon", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:svc:us-*:name"}`), "matches across ':'"},
		{"ForAnyValue IfExists", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "a"}}}`), "rarely what is meant"},
		{"bare operator on multi-valued key", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:TagKeys": "a"}}}`), "is multi-valued"},
		// What IAM accepts and the engine only warns about (issue 8; evaluation-semantics-changes.md).
		{"condition key without prefix", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"SecureTransport": "true"}}}`), "no service prefix"},
		{"unknown operator without keys", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqualz": {}}}`), "IAM accepts it because it has no keys"},
		{"operator without keys", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {}}}`), "has no keys"},
		{"no values", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": []}}}`), "lists no values"},
		{"CIDR host bits", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.1/8"}}}`), "it means 10.0.0.0/8"},
		{"variable in a numeric value", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "${aws:x}"}}}`), "not substituted here"},
		{"variable in an IP value", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "${aws:x}"}}}`), "not substituted here"},
		{"date IAM reads leniently", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "01T"}}}`), "reads it as 0001-01-01T00:00:00Z"},
		{"ARN condition value without six parts", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3"}}}`), "not an ARN of six components"},
		{"three-field resource", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:fdsasf"}`), "is not an ARN"},
		{"variable before the fifth colon", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:sqs:${aws:RequestedRegion}:123456789012:q"}`), "only in the resource segment"},
		{"empty action name", stmt(`{"Effect": "Allow", "Action": "s3:", "Resource": "*"}`), "names no action"},
		{"no version", `{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`, "only in inline policies"},
		// What IAM refuses only for where it stores the document: warnings for the engine.
		{"other partition", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws-cn:s3:::b"}`), `Partition "aws-cn" is not valid`},
		{"region in an IAM ARN", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:iam:us-east-1:123456789012:user/x"}`), "cannot contain region information"},
		{"legacy ARN shape", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3::b"}`), msgLegacyParsing},
		{"IAM resource of no type", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:iam::*"}`), "IAM resource path must"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc, err := Parse([]byte(tc.doc), Identity)
			if err != nil {
				t.Fatalf("Parse: %v (warnings must not invalidate)", err)
			}
			if len(doc.Problems) != 1 || doc.Problems[0].Severity != Warning || !strings.Contains(doc.Problems[0].Message, tc.want) {
				t.Errorf("problems = %v, want one warning containing %q", doc.Problems, tc.want)
			}
		})
	}
}

func TestSizeWithoutWhitespace(t *testing.T) {
	t.Parallel()
	tests := map[string]int{
		`{ "a" : "b c" }`:   11,
		"{\n\t\"a\":\r\n1}": 7,
		`{"é": "\" x"}`:     12,
		``:                  0,
		`   `:               0,
		`{"a":"\\"} `:       10,
	}
	for in, want := range tests {
		if got := SizeWithoutWhitespace([]byte(in)); got != want {
			t.Errorf("SizeWithoutWhitespace(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestParseKind(t *testing.T) {
	t.Parallel()
	for k := Identity; k <= Session; k++ {
		got, err := ParseKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k.String(), got, err)
		}
	}
	if _, err := ParseKind("kms"); err == nil {
		t.Error(`ParseKind("kms") succeeded`)
	}
	if _, err := Parse([]byte(`{}`), Kind(0)); err == nil {
		t.Error("Parse with kind 0 succeeded")
	}
}
