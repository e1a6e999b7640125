package prove

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
)

func managedDoc(tb testing.TB, name string) string {
	tb.Helper()
	p, ok := managed.Lookup("arn:aws:iam::aws:policy/" + name)
	if !ok {
		tb.Fatalf("no managed policy %s", name)
	}
	return p.Document
}

// tenStatements builds a 10-statement identity policy; variant shifts a few grants so the
// two policies differ.
func tenStatements(variant int) string {
	svcs := []string{"s3", "ec2", "iam", "sqs", "sns", "kms", "lambda", "dynamodb", "logs", "sts"}
	var sts []string
	for i, s := range svcs {
		acts := fmt.Sprintf(`["%s:Get*","%s:List*","%s:Describe*"]`, s, s, s)
		if (i+variant)%4 == 0 {
			acts = fmt.Sprintf(`["%s:Get*","%s:List*","%s:Put*"]`, s, s, s)
		}
		cond := ""
		if i%3 == 0 {
			cond = fmt.Sprintf(`,"Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-%d"]},"Bool":{"aws:SecureTransport":"true"}}`, variant+1)
		}
		sts = append(sts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":%s,"Resource":"arn:aws:%s:*:123456789012:*"%s}`, i, acts, s, cond))
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(sts, ",") + `]}`
}

func BenchmarkCheckNoNewAccessTenStatements(b *testing.B) {
	nw, old := tenStatements(1), tenStatements(0)
	for b.Loop() {
		if _, err := CheckNoNewAccess(nw, old, IdentityPolicy); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckNoNewAccessReadOnlyVsViewOnly(b *testing.B) {
	ro, vo := managedDoc(b, "ReadOnlyAccess"), managedDoc(b, "job-function/ViewOnlyAccess")
	for b.Loop() {
		if _, err := CheckNoNewAccess(ro, vo, IdentityPolicy); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckNoNewAccessViewOnlyVsReadOnly(b *testing.B) {
	ro, vo := managedDoc(b, "ReadOnlyAccess"), managedDoc(b, "job-function/ViewOnlyAccess")
	for b.Loop() {
		if _, err := CheckNoNewAccess(vo, ro, IdentityPolicy); err != nil {
			b.Fatal(err)
		}
	}
}
