package policy

import (
	"strings"
	"testing"
	"time"
)

// testCond compiles one operator/key condition as a 2012-10-17 document would.
func testCond(t *testing.T, operator, key string, values ...string) *cond {
	t.Helper()
	op, problem := parseOperator(operator)
	if problem != "" {
		t.Fatalf("parseOperator(%q): %s", operator, problem)
	}
	c := &cond{opName: op, key: strings.ToLower(key), name: key}
	for _, v := range values {
		cv, _ := op.base.compile(v, op.base.vars)
		c.values = append(c.values, cv)
	}
	return c
}

// ctxOf builds a context: a string value is single-valued, a []string multi-valued.
func ctxOf(kv map[string]any) *Context {
	c := NewContext()
	for k, v := range kv {
		switch v := v.(type) {
		case string:
			c.Set(k, v)
		case []string:
			c.SetMulti(k, v)
		}
	}
	return c
}

type condCase struct {
	name     string
	operator string
	key      string
	values   []string
	ctx      map[string]any
	want     bool
}

func runCondCases(t *testing.T, cases []condCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := testCond(t, tc.operator, tc.key, tc.values...)
			if got := c.eval(ctxOf(tc.ctx)); got != tc.want {
				t.Errorf("%s {%q: %q} with %v = %v, want %v", tc.operator, tc.key, tc.values, tc.ctx, got, tc.want)
			}
		})
	}
}

func TestStringOperators(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{"equals", "StringEquals", "k", []string{"blue"}, map[string]any{"k": "blue"}, true},
		{"equals is case-sensitive", "StringEquals", "k", []string{"blue"}, map[string]any{"k": "Blue"}, false},
		{"equals treats star literally", "StringEquals", "k", []string{"b*"}, map[string]any{"k": "blue"}, false},
		{"equals star matches literal star", "StringEquals", "k", []string{"b*"}, map[string]any{"k": "b*"}, true},
		{"values are ORed", "StringEquals", "k", []string{"red", "blue"}, map[string]any{"k": "blue"}, true},
		{"key name is case-insensitive", "StringEquals", "AWS:SourceVPC", []string{"vpc-1"}, map[string]any{"aws:sourcevpc": "vpc-1"}, true},
		{"empty value equals empty", "StringEquals", "k", []string{""}, map[string]any{"k": ""}, true},
		{"not equals", "StringNotEquals", "k", []string{"blue"}, map[string]any{"k": "red"}, true},
		{"not equals is NOR", "StringNotEquals", "k", []string{"red", "blue"}, map[string]any{"k": "blue"}, false},
		{"ignore case", "StringEqualsIgnoreCase", "k", []string{"BLUE"}, map[string]any{"k": "blue"}, true},
		{"ignore case unicode", "StringEqualsIgnoreCase", "k", []string{"ÉTÉ"}, map[string]any{"k": "été"}, true},
		{"ignore case differs", "StringEqualsIgnoreCase", "k", []string{"blue"}, map[string]any{"k": "blues"}, false},
		{"not equals ignore case", "StringNotEqualsIgnoreCase", "k", []string{"BLUE"}, map[string]any{"k": "blue"}, false},
		{"like star", "StringLike", "k", []string{"home/*"}, map[string]any{"k": "home/a/b"}, true},
		{"like question", "StringLike", "k", []string{"v?"}, map[string]any{"k": "v1"}, true},
		{"like question needs one", "StringLike", "k", []string{"v?"}, map[string]any{"k": "v"}, false},
		{"like is case-sensitive", "StringLike", "k", []string{"Home/*"}, map[string]any{"k": "home/x"}, false},
		{"like whole string", "StringLike", "k", []string{"a*b"}, map[string]any{"k": "a-b-c"}, false},
		{"not like", "StringNotLike", "k", []string{"home/*"}, map[string]any{"k": "work/x"}, true},
		{"not like matching", "StringNotLike", "k", []string{"home/*", "work/*"}, map[string]any{"k": "work/x"}, false},
	})
}

func TestNumericOperators(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{"equals", "NumericEquals", "n", []string{"10"}, map[string]any{"n": "10"}, true},
		{"equals decimal form", "NumericEquals", "n", []string{"10"}, map[string]any{"n": "10.0"}, true},
		{"equals leading zeros and sign", "NumericEquals", "n", []string{"+010.50"}, map[string]any{"n": "10.5"}, true},
		{"negative zero", "NumericEquals", "n", []string{"0"}, map[string]any{"n": "-0.0"}, true},
		{"not equals", "NumericNotEquals", "n", []string{"10"}, map[string]any{"n": "11"}, true},
		{"not equals same", "NumericNotEquals", "n", []string{"10", "11"}, map[string]any{"n": "11"}, false},
		{"less than", "NumericLessThan", "n", []string{"10"}, map[string]any{"n": "9.99"}, true},
		{"less than equal boundary", "NumericLessThan", "n", []string{"10"}, map[string]any{"n": "10"}, false},
		{"less than equals", "NumericLessThanEquals", "n", []string{"10"}, map[string]any{"n": "10"}, true},
		{"greater than", "NumericGreaterThan", "n", []string{"-5"}, map[string]any{"n": "-4"}, true},
		{"greater than negative", "NumericGreaterThan", "n", []string{"-5"}, map[string]any{"n": "-6"}, false},
		{"greater than equals", "NumericGreaterThanEquals", "n", []string{"3600"}, map[string]any{"n": "3600"}, true},
		{"big integers exactly", "NumericLessThan", "n", []string{"9007199254740993"}, map[string]any{"n": "9007199254740992"}, true},
		{"fractions", "NumericLessThan", "n", []string{"0.12"}, map[string]any{"n": "0.119"}, true},
		{"unparsable request", "NumericLessThan", "n", []string{"10"}, map[string]any{"n": "ten"}, false},
		{"unparsable request negated", "NumericNotEquals", "n", []string{"10"}, map[string]any{"n": "ten"}, true},
		{"exponent not a number", "NumericEquals", "n", []string{"1000"}, map[string]any{"n": "1e3"}, false},
	})
}

func TestDateOperators(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{"equal forms", "DateEquals", "d", []string{"2025-01-31T00:00:00Z"}, map[string]any{"d": "2025-01-31"}, true},
		{"epoch against date", "DateEquals", "d", []string{"1738281600"}, map[string]any{"d": "2025-01-31T00:00:00Z"}, true},
		{"offset", "DateEquals", "d", []string{"2025-01-31T02:00:00+02:00"}, map[string]any{"d": "2025-01-31T00:00:00Z"}, true},
		{"fractional seconds", "DateLessThan", "d", []string{"2025-01-31T00:00:00.5Z"}, map[string]any{"d": "2025-01-31T00:00:00.25Z"}, true},
		{"less than", "DateLessThan", "aws:CurrentTime", []string{"2025-06-01T00:00:00Z"}, map[string]any{"aws:CurrentTime": "2025-05-31T23:59:59Z"}, true},
		{"less than boundary", "DateLessThan", "d", []string{"2025-06-01"}, map[string]any{"d": "2025-06-01T00:00:00Z"}, false},
		{"less than equals", "DateLessThanEquals", "d", []string{"2025-06-01"}, map[string]any{"d": "2025-06-01T00:00:00Z"}, true},
		{"greater than", "DateGreaterThan", "d", []string{"2020-01-01T00:00:00Z"}, map[string]any{"d": "2025-01-01T00:00:00Z"}, true},
		{"greater than equals", "DateGreaterThanEquals", "d", []string{"2025-01-01"}, map[string]any{"d": "1735689600"}, true},
		{"not equals", "DateNotEquals", "d", []string{"2025-01-01"}, map[string]any{"d": "2025-01-02"}, true},
		{"unparsable request", "DateGreaterThan", "d", []string{"2020-01-01"}, map[string]any{"d": "yesterday"}, false},
	})
}

func TestBoolOperator(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{"true", "Bool", "aws:SecureTransport", []string{"true"}, map[string]any{"aws:SecureTransport": "true"}, true},
		{"false against true", "Bool", "aws:SecureTransport", []string{"false"}, map[string]any{"aws:SecureTransport": "true"}, false},
		{"case-insensitive", "Bool", "aws:SecureTransport", []string{"True"}, map[string]any{"aws:SecureTransport": "TRUE"}, true},
		{"missing key", "Bool", "aws:SecureTransport", []string{"false"}, nil, false},
		{"variable", "Bool", "k", []string{"${aws:x}"}, map[string]any{"k": "true", "aws:x": "TRUE"}, true},
		{"unresolved variable", "Bool", "k", []string{"${aws:x}"}, map[string]any{"k": "true"}, false},
	})
}

func TestBinaryOperator(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{"equal", "BinaryEquals", "b", []string{"QmluYXJ5"}, map[string]any{"b": "QmluYXJ5"}, true},
		{"byte for byte", "BinaryEquals", "b", []string{"QmluYXJ5"}, map[string]any{"b": "qmluyxj5"}, false},
		{"missing", "BinaryEquals", "b", []string{"QmluYXJ5"}, nil, false},
	})
}

func TestIPOperators(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{"v4 in range", "IpAddress", "aws:SourceIp", []string{"203.0.113.0/24"}, map[string]any{"aws:SourceIp": "203.0.113.7"}, true},
		{"v4 outside", "IpAddress", "aws:SourceIp", []string{"203.0.113.0/24"}, map[string]any{"aws:SourceIp": "203.0.114.7"}, false},
		{"bare address is /32", "IpAddress", "aws:SourceIp", []string{"203.0.113.7"}, map[string]any{"aws:SourceIp": "203.0.113.7"}, true},
		{"bare address exact", "IpAddress", "aws:SourceIp", []string{"203.0.113.7"}, map[string]any{"aws:SourceIp": "203.0.113.8"}, false},
		{"v6 compressed and case", "IpAddress", "aws:SourceIp", []string{"2001:DB8::/32"}, map[string]any{"aws:SourceIp": "2001:0db8:0000::1"}, true},
		{"v6 bare is /128", "IpAddress", "aws:SourceIp", []string{"2001:db8::1"}, map[string]any{"aws:SourceIp": "2001:db8::2"}, false},
		{"v4 not in v6 range", "IpAddress", "aws:SourceIp", []string{"::/0"}, map[string]any{"aws:SourceIp": "203.0.113.7"}, false},
		{"v6 not in v4 range", "IpAddress", "aws:SourceIp", []string{"0.0.0.0/0"}, map[string]any{"aws:SourceIp": "2001:db8::1"}, false},
		{"not ip address v6 against v4 list", "NotIpAddress", "aws:SourceIp", []string{"0.0.0.0/0"}, map[string]any{"aws:SourceIp": "2001:db8::1"}, true},
		{"not ip address inside", "NotIpAddress", "aws:SourceIp", []string{"10.0.0.0/8", "203.0.113.0/24"}, map[string]any{"aws:SourceIp": "203.0.113.7"}, false},
		{"non-IP request value", "IpAddress", "aws:SourceIp", []string{"0.0.0.0/0"}, map[string]any{"aws:SourceIp": "localhost"}, false},
		{"host bits masked", "IpAddress", "aws:SourceIp", []string{"203.0.113.9/24"}, map[string]any{"aws:SourceIp": "203.0.113.200"}, true},
	})
}

func TestARNOperators(t *testing.T) {
	t.Parallel()
	const role = "arn:aws:iam::123456789012:role/team/admin"
	runCondCases(t, []condCase{
		{"equals exact", "ArnEquals", "aws:PrincipalArn", []string{role}, map[string]any{"aws:PrincipalArn": role}, true},
		{"equals takes wildcards", "ArnEquals", "aws:PrincipalArn", []string{"arn:aws:iam::123456789012:role/*"}, map[string]any{"aws:PrincipalArn": role}, true},
		{"like resource wildcard", "ArnLike", "aws:PrincipalArn", []string{"arn:aws:iam::*:role/team/*"}, map[string]any{"aws:PrincipalArn": role}, true},
		{"empty region matched by star", "ArnLike", "aws:SourceArn", []string{"arn:aws:iam:*:*:role/*"}, map[string]any{"aws:SourceArn": role}, true},
		{"star does not cross colon", "ArnLike", "aws:SourceArn", []string{"arn:aws:svc:*:123456789012:thing/*"},
			map[string]any{"aws:SourceArn": "arn:aws:svc:us-east-1:999999999999:x:123456789012:thing/a"}, false},
		{"last component crosses colon", "ArnLike", "aws:SourceArn", []string{"arn:aws:logs:*:*:log-group:*"},
			map[string]any{"aws:SourceArn": "arn:aws:logs:us-east-1:1:log-group:g:log-stream:s"}, true},
		{"case-sensitive", "ArnLike", "aws:SourceArn", []string{"arn:aws:iam::123456789012:role/team/ADMIN"}, map[string]any{"aws:SourceArn": role}, false},
		{"value not an ARN", "ArnLike", "aws:SourceArn", []string{"arn:*:*:*:*:*"}, map[string]any{"aws:SourceArn": "not-an-arn"}, false},
		{"pattern too short", "ArnLike", "aws:SourceArn", []string{"arn:aws:iam::*"}, map[string]any{"aws:SourceArn": role}, false},
		{"not like", "ArnNotLike", "aws:SourceArn", []string{"arn:aws:iam::*:role/other/*"}, map[string]any{"aws:SourceArn": role}, true},
		{"not equals matching", "ArnNotEquals", "aws:SourceArn", []string{role}, map[string]any{"aws:SourceArn": role}, false},
		{"variable in account", "ArnLike", "aws:SourceArn", []string{"arn:aws:iam::${aws:PrincipalAccount}:role/*"},
			map[string]any{"aws:SourceArn": role, "aws:PrincipalAccount": "123456789012"}, true},
		{"variable value is literal", "ArnLike", "aws:SourceArn", []string{"arn:aws:iam::123456789012:role/${aws:x}"},
			map[string]any{"aws:SourceArn": role, "aws:x": "*"}, false},
	})
}

func TestNullOperator(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{"true when absent", "Null", "aws:TokenIssueTime", []string{"true"}, nil, true},
		{"true when present", "Null", "aws:TokenIssueTime", []string{"true"}, map[string]any{"aws:TokenIssueTime": "2025-01-01T00:00:00Z"}, false},
		{"false when present", "Null", "aws:TokenIssueTime", []string{"false"}, map[string]any{"aws:TokenIssueTime": "2025-01-01T00:00:00Z"}, true},
		{"false when absent", "Null", "aws:TokenIssueTime", []string{"false"}, nil, false},
		{"empty string is null", "Null", "k", []string{"true"}, map[string]any{"k": ""}, true},
		{"empty list is null", "Null", "aws:TagKeys", []string{"true"}, map[string]any{"aws:TagKeys": []string{}}, true},
		{"list is not null", "Null", "aws:TagKeys", []string{"false"}, map[string]any{"aws:TagKeys": []string{"a", "b"}}, true},
		{"value case-insensitive", "Null", "k", []string{"TRUE"}, nil, true},
	})
}

// TestMissingKeysAndIfExists pins §4.3 and §4.4.
func TestMissingKeysAndIfExists(t *testing.T) {
	t.Parallel()
	runCondCases(t, []condCase{
		{"positive on missing key", "StringEquals", "k", []string{"x"}, nil, false},
		{"negated on missing key", "StringNotEquals", "k", []string{"x"}, nil, true},
		{"not ip address on missing key", "NotIpAddress", "aws:SourceIp", []string{"10.0.0.0/8"}, nil, true},
		{"arn not like on missing key", "ArnNotLike", "aws:SourceArn", []string{"arn:*:*:*:*:*"}, nil, true},
		{"numeric on missing key", "NumericLessThan", "n", []string{"1"}, nil, false},
		{"IfExists on missing key", "StringEqualsIfExists", "k", []string{"x"}, nil, true},
		{"IfExists on present key decides", "StringEqualsIfExists", "k", []string{"x"}, map[string]any{"k": "y"}, false},
		{"IfExists on present matching key", "StringEqualsIfExists", "k", []string{"x"}, map[string]any{"k": "x"}, true},
		{"negated IfExists on missing key", "StringNotEqualsIfExists", "k", []string{"x"}, nil, true},
		{"numeric IfExists", "NumericLessThanIfExists", "n", []string{"5"}, nil, true},
		{"bool IfExists present", "BoolIfExists", "aws:MultiFactorAuthPresent", []string{"true"}, map[string]any{"aws:MultiFactorAuthPresent": "false"}, false},
	})
}

// TestSetOperators pins the table of §4.6 and the Gatehouse rule for bare operators on
// multi-valued keys.
func TestSetOperators(t *testing.T) {
	t.Parallel()
	tags := map[string]any{"aws:TagKeys": []string{"env", "team"}}
	runCondCases(t, []condCase{
		{"ForAllValues subset", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env", "team", "cost"}, tags, true},
		{"ForAllValues not subset", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env"}, tags, false},
		{"ForAllValues missing key", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env"}, nil, true},
		{"ForAllValues empty set", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env"}, map[string]any{"aws:TagKeys": []string{}}, true},
		{"ForAllValues negated none inside", "ForAllValues:StringNotEquals", "aws:TagKeys", []string{"owner"}, tags, true},
		{"ForAllValues negated one inside", "ForAllValues:StringNotEquals", "aws:TagKeys", []string{"env"}, tags, false},
		{"ForAllValues negated missing", "ForAllValues:StringNotEquals", "aws:TagKeys", []string{"env"}, nil, true},
		{"ForAnyValue intersects", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"team"}, tags, true},
		{"ForAnyValue disjoint", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"cost"}, tags, false},
		{"ForAnyValue missing key", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"team"}, nil, false},
		{"ForAnyValue empty set", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"team"}, map[string]any{"aws:TagKeys": []string{}}, false},
		{"ForAnyValue negated one outside", "ForAnyValue:StringNotEquals", "aws:TagKeys", []string{"env"}, tags, true},
		{"ForAnyValue negated all inside", "ForAnyValue:StringNotEquals", "aws:TagKeys", []string{"env", "team"}, tags, false},
		{"ForAnyValue negated missing", "ForAnyValue:StringNotEquals", "aws:TagKeys", []string{"env"}, nil, false},
		{"ForAnyValue IfExists missing (Gatehouse rule)", "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", []string{"x"}, nil, true},
		{"ForAnyValue like", "ForAnyValue:StringLike", "aws:TagKeys", []string{"te*"}, tags, true},
		{"set operator on single value", "ForAnyValue:StringEquals", "k", []string{"a"}, map[string]any{"k": "a"}, true},
		{"ForAllValues on single value", "ForAllValues:StringEquals", "k", []string{"a"}, map[string]any{"k": "b"}, false},
		{"bare positive on multi-valued", "StringEquals", "aws:TagKeys", []string{"env"}, map[string]any{"aws:TagKeys": []string{"env"}}, false},
		{"bare negated on multi-valued", "StringNotEquals", "aws:TagKeys", []string{"x"}, tags, false},
		{"bare IfExists on multi-valued", "StringNotEqualsIfExists", "aws:TagKeys", []string{"x"}, tags, false},
		{"bare on missing multi-valued key", "StringNotEquals", "aws:TagKeys", []string{"x"}, nil, true},
	})
}

func TestParseOperator(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want string // want: problem substring, "" for valid
	}{
		{"StringEquals", ""},
		{"ForAllValues:StringLike", ""},
		{"ForAnyValue:ArnLikeIfExists", ""},
		{"NumericLessThanEqualsIfExists", ""},
		{"Null", ""},
		{"stringequals", "unknown condition operator"},
		{"StringEqualz", "unknown condition operator"},
		{"ForAllValues:", "unknown condition operator"},
		{"forallvalues:StringEquals", "unknown condition operator"},
		{"NullIfExists", "cannot take IfExists"},
		{"ForAnyValue:Null", "cannot take ForAllValues"},
		{"IfExists", "unknown condition operator"},
	}
	for _, tc := range tests {
		_, problem := parseOperator(tc.name)
		if tc.want == "" && problem != "" || tc.want != "" && !strings.Contains(problem, tc.want) {
			t.Errorf("parseOperator(%q) problem = %q, want %q", tc.name, problem, tc.want)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	t.Parallel()
	good := map[string]decimal{
		"10": {int: "10"}, "010.500": {int: "10", frac: "5"}, "-0": {}, "+3": {int: "3"}, "-0.25": {neg: true, frac: "25"},
	}
	for in, want := range good {
		if got, ok := parseDecimal(in); !ok || got != want {
			t.Errorf("parseDecimal(%q) = %+v, %v; want %+v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-", ".5", "5.", "1e3", "0x10", "1,000", " 1", "NaN", "--1", "1.2.3"} {
		if _, ok := parseDecimal(in); ok {
			t.Errorf("parseDecimal(%q) succeeded, want failure", in)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	type want struct {
		at   instant
		form dateForm
	}
	year := func(y int) instant { return instant{sec: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Unix()} }
	good := map[string]want{
		"1970-01-01":                {instant{}, dateW3C},
		"2025-01-31":                {instant{sec: 1738281600}, dateW3C},
		"2025-01-31T00:00:00Z":      {instant{sec: 1738281600}, dateW3C},
		"2025-01-31t00:00:00z":      {instant{sec: 1738281600}, dateW3C},
		"2025-01-31T00:00Z":         {instant{sec: 1738281600}, dateW3C},
		"2025-01-31T00:00:00":       {instant{sec: 1738281600}, dateW3C},
		"2025-01-31T01:30:00+01:30": {instant{sec: 1738281600}, dateW3C},
		"2025-01-30T22:00:00-0200":  {instant{sec: 1738281600}, dateW3C},
		"2025-01-31T00:00:00.123Z":  {instant{sec: 1738281600, nsec: 123000000}, dateW3C},
		"2024-02-29":                {instant{sec: 1709164800}, dateW3C},
		"1738281600":                {instant{sec: 1738281600}, dateEpoch},
		"9223372036854775807":       {instant{sec: 9223372036854775807}, dateEpoch},
		"1738281600.5":              {instant{sec: 1738281600, nsec: 500000000}, dateEpochFraction},
		// Forms IAM's date parser reads beyond W3C (LocalStack's AWS-validated snapshot of
		// CreatePolicy, valid-30, -36 and -37): a year of one or two digits, a one-digit hour, a
		// zone of hours, a negative year.
		"01T":                          {year(1), dateLenient},
		"2016-12-13t2:00:00.593194+23": {instant{sec: time.Date(2016, 12, 12, 3, 0, 0, 0, time.UTC).Unix(), nsec: 593194000}, dateLenient},
		"-292275054":                   {year(-292275054), dateLenient},
		"-1":                           {year(-1), dateLenient},
		"2025-1-1":                     {year(2025), dateLenient},
		"2025-06":                      {instant{sec: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).Unix()}, dateLenient},
		"2025-01-31T10":                {instant{sec: 1738281600 + 10*3600}, dateLenient},
	}
	for in, w := range good {
		if got, form := readDate(in); got != w.at || form != w.form {
			t.Errorf("readDate(%q) = %v, form %d; want %v, form %d", in, got, form, w.at, w.form)
		}
	}
	// Refused, the IAM ones as the same snapshot records (invalid-64, -72 to -75).
	for _, in := range []string{"", "2025-13-01", "2025-02-29", "2025-01-32", "2025-01-31T24:00:00Z",
		"2025-01-31T00:60:00Z", "2025-01-31 00:00:00Z", "2025-01-31T00:00:00+1", "2025-01-31T00:00:00.Z", "tomorrow",
		"2025-01-31T00:00:00ZZ", "1738281600.", "sdfdsf", "234-13", "2016-12-13t2:00:00.593194+1",
		"2016-12-13t2:00:00.1999999999+10:59", "9223372036854775808", "-292275055", "2025-01-31Z", "--1", "1e3"} {
		if _, ok := parseDate(in); ok {
			t.Errorf("parseDate(%q) succeeded, want failure", in)
		}
	}
}
