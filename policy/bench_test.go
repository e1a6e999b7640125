package policy

import (
	"fmt"
	"strings"
	"testing"
)

// benchServices is the pool of services the generated statements are spread over; real
// principals' policies name many services, and the action index is what keeps a request
// from looking at the others.
var benchServices = []string{
	"s3", "ec2", "dynamodb", "sqs", "sns", "lambda", "logs", "kms", "iam", "sts",
	"cloudwatch", "ecr", "ecs", "eks", "rds", "secretsmanager", "ssm", "kinesis",
	"firehose", "glue", "athena", "events", "states", "apigateway", "cloudformation",
}

// benchPolicies builds n identity policies of five statements each: wildcard actions
// (svc:Get*, svc:List*), wildcard resources, two conditions per statement. The last
// statement of the last policy denies s3:Delete*.
func benchPolicies(tb testing.TB, n int, services []string) *Set {
	tb.Helper()
	var ps []*Policy
	for i := 0; i < n; i++ {
		var stmts []string
		for j := 0; j < 5; j++ {
			k := i*5 + j
			svc := services[k%len(services)]
			effect, actions := "Allow", fmt.Sprintf(`["%s:Get*", "%s:List*", "%s:Describe*"]`, svc, svc, svc)
			resource := fmt.Sprintf("arn:aws:%s:*:123456789012:thing-%d/*", svc, k)
			if svc == "s3" {
				resource = fmt.Sprintf("arn:aws:s3:::bucket-%d/*", k)
			}
			if i == n-1 && j == 4 {
				effect, actions, resource = "Deny", `"s3:Delete*"`, "arn:aws:s3:::*"
			}
			stmts = append(stmts, fmt.Sprintf(`{"Sid": "S%d", "Effect": %q, "Action": %s, "Resource": %q,
				"Condition": {"StringEquals": {"aws:PrincipalTag/team": ["blue", "green"]},
				              "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}}`,
				k, effect, actions, resource))
		}
		doc := fmt.Sprintf(`{"Version": "2012-10-17", "Statement": [%s]}`, strings.Join(stmts, ","))
		p, err := ParseCompile([]byte(doc), Identity)
		if err != nil {
			tb.Fatal(err)
		}
		ps = append(ps, p)
	}
	return NewSet(ps...)
}

func benchRequest(action, resource string) *Request {
	req := &Request{
		Principal: Principal{Kind: PrincipalUser, ARN: "arn:aws:iam::123456789012:user/alice",
			Account: "123456789012", ID: "AIDACKCEVSQ6C2EXAMPLE", Tags: map[string]string{"team": "blue"}},
		Action: action, Resource: resource, ResourceAccount: "123456789012",
		Context: NewContext(),
	}
	req.Context.Set("aws:SourceIp", "10.1.2.3")
	req.Context.Set("aws:SecureTransport", "true")
	AddPrincipalKeys(req.Context, &req.Principal)
	return req
}

func benchEvaluate(b *testing.B, n int, services []string) {
	in := &Policies{Identity: benchPolicies(b, n, services)}
	// Statement k of an s3 policy names bucket-k; bucket-0 belongs to statement 0.
	cases := []struct {
		name string
		req  *Request
		want Decision
	}{
		{"allow", benchRequest("s3:GetObject", "arn:aws:s3:::bucket-0/photos/cat.jpg"), Allow},
		{"explicit-deny", benchRequest("s3:DeleteObject", "arn:aws:s3:::bucket-0/photos/cat.jpg"), ExplicitDeny},
		{"implicit-deny", benchRequest("s3:GetObject", "arn:aws:s3:::other-bucket/cat.jpg"), ImplicitDeny},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			var res Result
			Evaluate(tc.req, in, &res)
			if res.Decision != tc.want {
				b.Fatalf("decision = %v, want %v", res.Decision, tc.want)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				Evaluate(tc.req, in, &res)
			}
		})
	}
}

func BenchmarkEvaluate10Policies(b *testing.B)  { benchEvaluate(b, 10, benchServices) }
func BenchmarkEvaluate100Policies(b *testing.B) { benchEvaluate(b, 100, benchServices) }

// The worst case for the action index: every statement names the same service, so every
// statement is a candidate for every s3 request and only resource matching tells them apart.
func BenchmarkEvaluate10PoliciesOneService(b *testing.B)  { benchEvaluate(b, 10, []string{"s3"}) }
func BenchmarkEvaluate100PoliciesOneService(b *testing.B) { benchEvaluate(b, 100, []string{"s3"}) }

// bench6KB is a policy of about 6 KB (the managed-policy limit is 6,144 characters without
// whitespace) with a mix of every element.
func bench6KB() []byte {
	var stmts []string
	for k := 0; len(strings.Join(stmts, ",")) < 5800; k++ {
		svc := benchServices[k%len(benchServices)]
		stmts = append(stmts, fmt.Sprintf(`{"Sid": "Stmt%d", "Effect": "Allow",
  "Action": ["%s:Get*", "%s:List*", "%s:PutThing%d"],
  "Resource": ["arn:aws:%s:us-east-1:123456789012:thing/${aws:username}/*", "arn:aws:%s:*:123456789012:other-%d"],
  "Condition": {"StringLike": {"aws:PrincipalTag/project": "p-*"}, "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
                "DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}}}`,
			k, svc, svc, svc, k, svc, svc, k))
	}
	return []byte(`{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ",\n") + `]}`)
}

func BenchmarkParseCompile6KB(b *testing.B) {
	doc := bench6KB()
	if _, err := ParseCompile(doc, Identity); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := ParseCompile(doc, Identity)
		if err != nil {
			b.Fatal(err)
		}
		_ = NewSet(p)
	}
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	in := &Policies{Identity: benchPolicies(t, 10, benchServices)}
	for _, req := range []*Request{
		benchRequest("s3:GetObject", "arn:aws:s3:::bucket-0/photos/cat.jpg"),
		benchRequest("s3:DeleteObject", "arn:aws:s3:::bucket-0/photos/cat.jpg"),
		benchRequest("s3:GetObject", "arn:aws:s3:::other-bucket/cat.jpg"),
	} {
		var res Result
		Evaluate(req, in, &res)
		if n := testing.AllocsPerRun(100, func() { Evaluate(req, in, &res) }); n != 0 {
			t.Errorf("Evaluate(%s %s) allocates %v times per call, want 0", req.Action, req.Resource, n)
		}
	}
}
