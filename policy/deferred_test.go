package policy

import "testing"

// TestDeferredContext: a deferred context builds its keys once, on the first read, and only
// then; a request whose conditions are never reached never builds them.
func TestDeferredContext(t *testing.T) {
	fills := 0
	c := NewDeferredContext(func(c *Context) {
		fills++
		c.Set("aws:RequestedRegion", "eu-west-1")
		c.setIfAbsent("aws:PrincipalAccount", "111122223333")
	})
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"},
		{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}}]}`
	parsed, err := Parse([]byte(doc), Identity)
	if err != nil {
		t.Fatal(err)
	}
	in := &Policies{Identity: NewSet(Compile(parsed))}
	req := &Request{Principal: Principal{Kind: PrincipalUser, ARN: "arn:aws:iam::111122223333:user/u", Account: "111122223333"},
		Action: "iam:GetUser", Resource: "*", ResourceAccount: "111122223333", Context: c}
	var res Result
	Evaluate(req, in, &res)
	if res.Decision != Allow || fills != 0 {
		t.Fatalf("iam:GetUser: %v after %d fills, want Allow without reading the context", res.Decision, fills)
	}
	req.Action = "s3:GetObject"
	Evaluate(req, in, &res)
	if res.Decision != ExplicitDeny || fills != 1 {
		t.Fatalf("s3:GetObject: %v after %d fills, want ExplicitDeny after one", res.Decision, fills)
	}
	if v, _, ok := c.Lookup("aws:principalaccount"); !ok || v[0] != "111122223333" || fills != 1 {
		t.Errorf("a second read: %v %v after %d fills", v, ok, fills)
	}
}
