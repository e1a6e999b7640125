package policy

import (
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the parser as every kind of policy. It checks that
// nothing panics, that Parse and Validate agree, that every problem points inside the
// input, and that whatever parses also compiles and evaluates.
func FuzzParse(f *testing.F) {
	seeds := []string{
		`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*"}}`,
		`{"Version": "2012-10-17", "Id": "k", "Statement": [{"Sid": "1", "Effect": "Deny", "NotPrincipal": {"AWS": ["123456789012", "arn:aws:iam::123456789012:user/a"]},
		  "NotAction": "kms:*", "NotResource": "*", "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", 1, true]},
		  "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "DateLessThan": {"aws:CurrentTime": "2025-01-01T00:00:00+01:00"}, "Null": {"x:y": "true"}}}]}`,
		`{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}`,
		`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`,
		`{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::${aws:x, 'd'}${*}"}, "NumericLessThan": {"n:n": "-1.5"}, "BinaryEquals": {"b:b": "QQ=="}}}]}`,
		`{"a": "\ud83d\ude00\u0000", "b": [1e5, -0.1, null, false]}`,
		`{"Statement": [{"Effect": "aLLow", "Sid": "a", "Action": "a a:b", "Resource": ["arn:error:s3::b", "a:b", "arn:aws:iam:x::*"],
		  "Condition": {"DateLessThan": {"a": "01T"}, "x": {}, "IpAddress": {"k": "10.0.0.1/8"}}}, {"Sid": "a", "Effect": "Allow"}]}`,
		`[[[[[[[[[[[[[[[[[[`, `{"Statement": "\`, "", "{}", `{"Statement": {}}`, "\xff\xfe",
	}
	for _, s := range seeds {
		f.Add([]byte(s), uint8(Identity))
		f.Add([]byte(s), uint8(Resource))
	}
	req := &Request{Principal: Principal{Kind: PrincipalRoleSession, ARN: "arn:aws:sts::123456789012:assumed-role/r/s",
		Account: "123456789012", RoleARN: "arn:aws:iam::123456789012:role/r", Tags: map[string]string{"t": "v"}},
		Action: "s3:GetObject", Resource: "arn:aws:s3:::b/u/k", ResourceAccount: "123456789012", Context: NewContext()}
	req.Context.Set("aws:SourceIp", "10.1.2.3")
	req.Context.Set("aws:CurrentTime", "2024-06-01T00:00:00Z")
	req.Context.SetMulti("aws:TagKeys", []string{"a", "b"})
	AddPrincipalKeys(req.Context, &req.Principal)
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		kind := Kind(k%uint8(Session)) + Identity
		doc, err := Parse(data, kind)
		problems := Validate(data, kind)
		hasError := false
		for _, p := range problems {
			if p.Pos.Offset < 0 || p.Pos.Offset > len(data) || p.Pos.Line < 1 || p.Pos.Col < 1 {
				t.Fatalf("problem %v points outside the %d-byte input", p, len(data))
			}
			hasError = hasError || p.Severity == Error
		}
		if (err != nil) != hasError {
			t.Fatalf("Parse error %v, but Validate found errors: %v", err, hasError)
		}
		// The engine rejects nothing IAM accepts: an error other than a size quota (which the
		// IAM API answers with LimitExceeded) means IAM refuses the document too.
		if use := kind.iamUse(); use != 0 {
			engineRejects := false
			for _, p := range problems {
				engineRejects = engineRejects || p.Severity == Error && !strings.HasPrefix(p.Message, "Cannot exceed quota")
			}
			if engineRejects && CheckIAM(data, use) == nil {
				t.Fatalf("Parse(%s) reports errors %v, but IAM (%s) accepts the document", kind, problems, use)
			}
		}
		if doc == nil {
			return
		}
		// Compile even invalid documents: stored policies from other sources may reach the
		// evaluator, which must fail closed rather than panic.
		p := Compile(doc)
		var res Result
		Evaluate(req, &Policies{Identity: NewSet(p), Resource: NewSet(p), SCPs: []*Set{NewSet(p)}, RCPs: []*Set{NewSet(p)}}, &res)
	})
}

// FuzzCondition drives each condition operator with arbitrary policy and request values,
// which the document fuzzer rarely reaches in well-formed documents: date, number, CIDR,
// ARN and variable parsing must never panic, and a negated operator must be the exact
// opposite of its positive form on a present single value.
func FuzzCondition(f *testing.F) {
	for _, s := range [][3]string{
		{"DateLessThan", "2025-01-31T00:00:00+01:00", "1738281600.5"},
		{"NumericEquals", "-010.50", "-10.5"},
		{"IpAddress", "2001:db8::/32", "2001:db8::1%eth0"},
		{"ArnLike", "arn:aws:iam::${aws:x, 'd'}:role/*", "arn:aws:iam::d:role/r"},
		{"StringLike", "a${*}*?${aws:x}", "a*bc"},
		{"StringEqualsIgnoreCase", "\u212a${aws:x}", "kd"},
		{"Bool", "${aws:x}", "TRUE"},
		{"BinaryEquals", "QQ==", "QQ=="},
		{"Null", "true", ""},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, operator, policyValue, requestValue string) {
		op, problem := parseOperator(operator)
		if problem != "" {
			return
		}
		ctx := NewContext()
		ctx.Set("aws:x", "d")
		ctx.Set("k:k", requestValue)
		c := &cond{opName: op, key: "k:k", name: "k:k"}
		cv, _ := op.base.compile(policyValue, op.base.vars)
		c.values = []condValue{cv}
		got := c.eval(ctx)
		if op.set != setNone || op.base.name == opNull {
			return
		}
		for _, other := range operators {
			if other != op.base && other.negated != op.base.negated && sameFamily(other, op.base) {
				c2 := &cond{opName: opName{base: other, ifExists: op.ifExists}, key: "k:k", name: "k:k", values: c.values}
				if c2.eval(ctx) == got {
					t.Fatalf("%s and %s agree (%v) on %q vs %q", op.base.name, other.name, got, requestValue, policyValue)
				}
			}
		}
	})
}

// sameFamily pairs each negated operator with its positive form.
func sameFamily(a, b *operator) bool {
	pairs := map[string]string{
		"StringEquals": "StringNotEquals", "StringEqualsIgnoreCase": "StringNotEqualsIgnoreCase",
		"StringLike": "StringNotLike", "NumericEquals": "NumericNotEquals", "DateEquals": "DateNotEquals",
		"IpAddress": "NotIpAddress", "ArnLike": "ArnNotLike", "ArnEquals": "ArnNotEquals",
	}
	return pairs[a.name] == b.name || pairs[b.name] == a.name
}
