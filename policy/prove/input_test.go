package prove

import (
	"errors"
	"testing"
)

// Bad requests come back as *InputError naming the request member, for the API to answer
// with ValidationException; nothing is decided about them.
func TestInputErrors(t *testing.T) {
	t.Parallel()
	ok := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`
	bucket := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`
	cases := []struct {
		name  string
		param string
		run   func() (*Result, error)
	}{
		{"malformed new document", "newPolicyDocument", func() (*Result, error) { return CheckNoNewAccess(`{"Statement":[`, ok, IdentityPolicy) }},
		{"malformed existing document", "existingPolicyDocument", func() (*Result, error) { return CheckNoNewAccess(ok, `[]`, IdentityPolicy) }},
		{"principal in an identity policy", "newPolicyDocument", func() (*Result, error) { return CheckNoNewAccess(bucket, ok, IdentityPolicy) }},
		{"unknown policy type", "policyType", func() (*Result, error) { return CheckNoNewAccess(ok, ok, "SERVICE_CONTROL_POLICY") }},
		{"empty access", "access", func() (*Result, error) { return CheckAccessNotGranted(ok, Access{}, IdentityPolicy) }},
		{"unknown resource type", "resourceType", func() (*Result, error) { return CheckNoPublicAccess(bucket, "AWS::EC2::Instance") }},
		{"resource policy without a principal", "policyDocument", func() (*Result, error) { return CheckNoPublicAccess(ok, "AWS::S3::Bucket") }},
	}
	for _, c := range cases {
		res, err := c.run()
		var ie *InputError
		if !errors.As(err, &ie) || ie.Param != c.param {
			t.Errorf("%s: got %v, %v; want an InputError for %s", c.name, res, err, c.param)
		}
	}
	// A managed policy is far above IAM's size quotas; the checks still analyse it.
	if _, err := CheckNoNewAccess(managedDoc(t, "ReadOnlyAccess"), ok, IdentityPolicy); err != nil {
		t.Errorf("ReadOnlyAccess: %v", err)
	}
}
