package prove

import "testing"

// FuzzChecks: no document, however malformed or hostile, makes a check panic; every answer
// is PASS, FAIL or an error.
func FuzzChecks(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"}}`)
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*",`+
		`"Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-1/*"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"NotAction":"s3:*","NotResource":"arn:aws:s3:::${aws:username}/*"}]}`)
	f.Add(`{"Statement":[{"Effect":"Allow","Action":"*:*a*b*c*","Resource":"arn:*:*:*:*:*a*b*","Condition":{"DateLessThan":{"aws:CurrentTime":"2020-01-01"},"NumericEquals":{"k":"1.5"}}}]}`, `{}`)
	f.Fuzz(func(t *testing.T, a, b string) {
		check := func(r *Result, err error) {
			if err == nil && r.Result != Pass && r.Result != Fail {
				t.Fatalf("result %q", r.Result)
			}
		}
		check(CheckNoNewAccess(a, b, IdentityPolicy))
		check(CheckNoNewAccess(a, b, ResourcePolicy))
		check(CheckAccessNotGranted(a, Access{Actions: []string{"s3:Get*"}, Resources: []string{b}}, ResourcePolicy))
		check(CheckNoPublicAccess(a, "AWS::S3::Bucket"))
	})
}
